//! Limits every command meets before it runs, whatever its area: the operator's name
//! (characters too), the length of free text, plausible dates (2000–2100) and counts. A value past
//! them is refused with the field and a short excerpt (a 130 KB reason is never echoed whole).

use super::{CareCommand, Command, Ctx, PeopleCommand, R, Refusal};
use crate::domain::Ts;
use crate::domain::people::is_invisible;

/// Free text (reasons, notes, summaries): characters.
pub const MAX_TEXT: usize = 1000;
/// Operator names: characters.
pub const MAX_OPERATOR: usize = 64;
/// 2000-01-01T00:00:00Z and 2100-12-31T23:59:59Z: a date outside is a typo or an attack.
pub const EARLIEST: Ts = 946_684_800;
pub const LATEST: Ts = 4_133_980_799;
/// Family members of one kind (dependents, elderly, children).
pub const MAX_FAMILY: i64 = 50;
/// Party dues paid for one visit, in fen (¥100 000).
pub const MAX_DUES_FEN: i64 = 10_000_000;

fn excerpt(s: &str) -> String {
    let mut e: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        e.push('…');
    }
    e
}

fn bad(field: &'static str, value: &str) -> Refusal {
    Refusal::BadValue {
        field,
        value: excerpt(value),
    }
}

/// Free text is stored as typed (whatever it holds: output escapes it, see `domain::text`),
/// but not without end.
fn text(v: &str) -> R<()> {
    if v.chars().count() > MAX_TEXT {
        return Err(bad("text", v));
    }
    Ok(())
}

fn time(t: Ts) -> R<()> {
    if !(EARLIEST..=LATEST).contains(&t) {
        let shown = chrono::DateTime::from_timestamp(t, 0)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| t.to_string());
        return Err(bad("date", &shown));
    }
    Ok(())
}

/// The upper bound (a negative count is the area's own refusal).
fn count(field: &'static str, n: i64, max: i64) -> R<()> {
    if n > max {
        return Err(bad(field, &n.to_string()));
    }
    Ok(())
}

/// Check `cmd` and `ctx` against the limits; `Err` names the first value past them.
pub(super) fn check(cmd: &Command, ctx: &Ctx) -> R<()> {
    let op = ctx.operator.trim();
    if op.is_empty()
        || op.chars().count() > MAX_OPERATOR
        || op.chars().any(|c| c.is_control() || is_invisible(c))
    {
        return Err(bad("operator", &ctx.operator));
    }
    let mut texts: Vec<&str> = vec![];
    let mut times: Vec<Ts> = vec![];
    match cmd {
        Command::CheckIn {
            person,
            override_reason,
            ..
        } => {
            texts.push(&person.0);
            texts.extend(override_reason.as_deref());
        }
        Command::CheckOut { person } => texts.push(&person.0),
        Command::EndRest { person, reason } => {
            texts.push(&person.0);
            texts.extend(reason.as_deref());
        }
        Command::Reassign {
            person,
            start,
            end,
            override_reason,
            ..
        } => {
            texts.push(&person.0);
            texts.extend(override_reason.as_deref());
            times.extend(start.iter().chain(end.iter()));
        }
        Command::ForceRest { person, reason, .. }
        | Command::Rest { person, reason, .. }
        | Command::LedgerAdjust { person, reason, .. } => {
            texts.push(&person.0);
            texts.push(reason);
            if let Command::Rest { start, .. } = cmd {
                times.push(*start);
            }
        }
        Command::StockAdjust { reason, .. } => texts.push(reason),
        Command::StockReceive { from, .. } => texts.extend(from.as_deref()),
        Command::RequestOpen {
            note, needed_by, ..
        } => {
            texts.extend(note.as_deref());
            times.push(*needed_by);
        }
        Command::RequestArrange { note, .. } => texts.extend(note.as_deref()),
        Command::ShiftPlan {
            person,
            start,
            end,
            override_reason,
            ..
        } => {
            texts.push(&person.0);
            texts.extend(override_reason.as_deref());
            times.extend([*start, *end]);
        }
        Command::ShiftMove {
            start,
            end,
            override_reason,
            ..
        } => {
            texts.extend(override_reason.as_deref());
            times.extend(start.iter().chain(end.iter()));
        }
        Command::ShiftCancel { reason, .. } => texts.push(reason),
        Command::ShiftCopyDay { day, days, .. } => {
            times.push(*day);
            times.push(day.saturating_add(i64::from(*days).saturating_mul(86_400)));
        }
        Command::Convert {
            name,
            community,
            party_status,
            source_unit,
            phone,
            note,
            ..
        } => texts.extend([
            name.as_str(),
            community,
            party_status,
            source_unit,
            phone,
            note,
        ]),
        Command::Care(c) => care(c, &mut texts, &mut times)?,
        Command::People(p) => people(p, &mut texts),
        // Names are checked by the handler (1–40 characters); the rest are parsed values.
        Command::Org(_) => {}
        // Checked by the handler (a name of 1–40 characters, a note of 1–1000).
        Command::Desk(_) => {}
        Command::UndoEntry { of, .. } => texts.push(of),
        Command::Undo
        | Command::RepairKept
        | Command::StockIssue { .. }
        | Command::StockTransfer { .. }
        | Command::RequestDone { .. }
        | Command::AlertAck { .. }
        | Command::ImportRoster { .. } => {}
        // Each row's text and times are checked by line when the file is read.
        Command::ImportHealth { .. } | Command::ImportTests { .. } => {}
    }
    texts.into_iter().try_for_each(text)?;
    times.into_iter().try_for_each(time)
}

fn care<'a>(c: &'a CareCommand, texts: &mut Vec<&'a str>, times: &mut Vec<Ts>) -> R<()> {
    use CareCommand as C;
    match c {
        C::RecordHealth {
            day,
            symptoms,
            note,
            ..
        } => {
            texts.extend([symptoms.as_str(), note]);
            if let Some(d) = day {
                times.push(d.saturating_mul(86_400));
            }
        }
        C::RecordTest {
            tested_at, site, ..
        } => {
            texts.push(site);
            times.extend(tested_at);
        }
        C::OpenCase { summary, .. } => texts.push(summary),
        C::AssignCase { helper, .. } => texts.push(helper),
        C::ResolveCase { outcome, .. } => texts.push(outcome),
        C::SetFamily {
            dependents,
            elderly,
            children,
            notes,
            ..
        } => {
            count("family", *dependents, MAX_FAMILY)?;
            count("family", *elderly, MAX_FAMILY)?;
            count("family", *children, MAX_FAMILY)?;
            texts.push(notes);
        }
        C::RecordVisit {
            at,
            visitors,
            dues_fen,
            note,
            ..
        } => {
            count("dues", *dues_fen, MAX_DUES_FEN)?;
            texts.extend([visitors.as_str(), note]);
            times.extend(at);
        }
        C::RecordTalk { at, by, note, .. } => {
            texts.extend([by.as_str(), note]);
            times.extend(at);
        }
        C::RecordTraining { at, note, .. } => {
            texts.push(note);
            times.extend(at);
        }
        C::SetInsurance {
            policy,
            from,
            until,
            ..
        } => {
            texts.push(policy);
            times.extend(from);
            times.push(*until);
        }
        C::ReturnToService { .. }
        | C::AckAlert { .. }
        | C::AssignMedic { .. }
        | C::ProgressCase { .. } => {}
        #[allow(unreachable_patterns)]
        _ => {}
    }
    Ok(())
}

fn people<'a>(p: &'a PeopleCommand, texts: &mut Vec<&'a str>) {
    use PeopleCommand as P;
    match p {
        P::Retire { reason, .. } | P::Reinstate { reason, .. } => texts.push(reason),
        P::Flag { note, .. } => texts.push(note),
        P::Nominate { deeds, .. } => texts.push(deeds),
        P::Add { source_unit, .. } => texts.push(source_unit),
        P::Edit { source_unit, .. } => texts.extend(source_unit.as_deref()),
        P::SetParty {
            branch, residence, ..
        } => texts.extend(branch.as_deref().into_iter().chain(residence.as_deref())),
        _ => {}
    }
}
