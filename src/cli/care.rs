//! `frontline do health|test|case|family|visit|talk|training|insurance|medic|ack-alert|
//! return-to-service` and the listings `frontline health`, `frontline cases`, `frontline care`.
//! Each `do` builds the same `CareCommand` the console builds.

use super::say;
use crate::domain::care::{fmt_day, fmt_yuan, parse_day, parse_when, parse_yuan};
use crate::domain::health::fmt_temp;
use crate::domain::time::to_local;
use crate::domain::{CaseCategory, Organisation, TestResult, TrainingKind, Ts};
use crate::i18n::Lang;
use crate::i18n::t;
use crate::store::Store;
use crate::store::care_queries::CareView;
use crate::store::commands::{CareCommand, Command, PersonRef};
use crate::store::health_queries::{HealthQuery, HealthView};
use crate::store::queries::Window;
use anyhow::Result;
use chrono_tz::Tz;
use clap::{Args, Subcommand};
use serde_json::{Value, json};

#[derive(Args, Debug)]
pub struct HealthArgs {
    #[arg(long)]
    person: String,
    /// Body temperature in °C (34–43); leave out if not measured.
    #[arg(long, allow_negative_numbers = true)]
    temp: Option<f64>,
    #[arg(long, default_value = "")]
    symptoms: String,
    /// The person does not feel fit.
    #[arg(long)]
    unwell: bool,
    #[arg(long, default_value = "")]
    note: String,
    /// Received by phone.
    #[arg(long)]
    phone: bool,
    /// Day of the report (YYYY-MM-DD or MM-DD; default today).
    #[arg(long)]
    date: Option<String>,
}

#[derive(Args, Debug)]
pub struct TestArgs {
    #[arg(long)]
    person: String,
    /// pending, negative or positive. A positive result takes the person off duty.
    #[arg(long)]
    result: String,
    /// When sampled (date or time; default: the person's pending test, else now).
    #[arg(long)]
    at: Option<String>,
    #[arg(long, default_value = "")]
    site: String,
}

#[derive(Subcommand, Debug)]
pub enum CaseCmd {
    /// Open a family-support case (家事心事急难事).
    Open {
        #[arg(long)]
        person: String,
        /// childcare, eldercare, illness, housing, finances, psychological or other.
        #[arg(long)]
        category: String,
        /// 1 (low) to 3 (high).
        #[arg(long, default_value_t = 2, allow_negative_numbers = true)]
        urgency: i64,
        #[arg(long, default_value = "")]
        summary: String,
    },
    /// Assign a case to an organisation (party, union, youth, women) and a named helper.
    Assign {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        org: String,
        #[arg(long, default_value = "")]
        helper: String,
    },
    /// Mark an assigned case in progress.
    Progress {
        #[arg(long)]
        id: i64,
    },
    /// Resolve a case with its outcome.
    Resolve {
        #[arg(long)]
        id: i64,
        #[arg(long, default_value = "")]
        outcome: String,
    },
    /// Add a note to a case (append-only, with the operator and time).
    Note {
        #[arg(long)]
        id: i64,
        #[arg(long, default_value = "")]
        text: String,
    },
    /// Reopen a resolved case, giving the reason.
    Reopen {
        #[arg(long)]
        id: i64,
        #[arg(long, default_value = "")]
        reason: String,
    },
}

#[derive(Args, Debug)]
pub struct FamilyArgs {
    #[arg(long)]
    person: String,
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    dependents: i64,
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    elderly: i64,
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    children: i64,
    #[arg(long, default_value = "")]
    notes: String,
}

#[derive(Args, Debug)]
pub struct VisitArgs {
    #[arg(long)]
    person: String,
    #[arg(long, default_value = "")]
    visitors: String,
    /// Paid from retained party dues, in yuan (e.g. 500 or 88.50).
    #[arg(long, default_value = "0", allow_hyphen_values = true)]
    amount: String,
    /// The visit was to the family.
    #[arg(long)]
    family: bool,
    #[arg(long)]
    date: Option<String>,
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(Args, Debug)]
pub struct TalkArgs {
    #[arg(long)]
    person: String,
    /// Who held the talk.
    #[arg(long, default_value = "")]
    by: String,
    #[arg(long)]
    date: Option<String>,
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(Args, Debug)]
pub struct TrainingArgs {
    #[arg(long)]
    person: String,
    /// self-protection or psychological.
    #[arg(long)]
    kind: String,
    #[arg(long)]
    date: Option<String>,
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(Args, Debug)]
pub struct InsuranceArgs {
    #[arg(long)]
    person: String,
    #[arg(long, default_value = "")]
    policy: String,
    /// Start (default now).
    #[arg(long)]
    from: Option<String>,
    /// End (date).
    #[arg(long)]
    until: String,
}

#[derive(Args, Debug)]
pub struct MedicArgs {
    #[arg(long)]
    person: String,
    /// The community: name, pinyin initials or #id.
    #[arg(long)]
    pub(super) community: String,
    /// Release the assignment instead.
    #[arg(long)]
    end: bool,
}

impl MedicArgs {
    pub(super) fn new(person: String, community: String, end: bool) -> MedicArgs {
        MedicArgs {
            person,
            community,
            end,
        }
    }
}

#[derive(Args, Debug)]
pub struct AckArgs {
    /// Alert number (default: the oldest not yet acknowledged).
    #[arg(long)]
    id: Option<i64>,
}

#[derive(Args, Debug)]
pub struct PersonArgs {
    #[arg(long)]
    person: String,
}

/// A `do` action of this area, as parsed by clap.
#[derive(Debug)]
pub enum CareDo {
    Health(HealthArgs),
    Test(TestArgs),
    Case(CaseCmd),
    Family(FamilyArgs),
    Visit(VisitArgs),
    Talk(TalkArgs),
    Training(TrainingArgs),
    Insurance(InsuranceArgs),
    Medic(MedicArgs),
    AckAlert(AckArgs),
    ReturnToService(PersonArgs),
}

/// Words accepted for an enum value: its code, with '-' for '_', case-insensitive.
fn word<T: Copy>(
    s: &str,
    parse: fn(&str) -> Option<T>,
    what: &str,
    all: &[&str],
) -> Result<T, String> {
    parse(&s.trim().to_ascii_lowercase().replace('-', "_"))
        .ok_or_else(|| format!("unknown {what} '{s}' (one of: {})", all.join(", ")))
}

fn names<T: std::fmt::Display>(all: &[T]) -> Vec<String> {
    all.iter()
        .map(|x| x.to_string().replace('_', "-"))
        .collect()
}

pub fn build(d: CareDo, now: Ts, tz: Tz) -> Result<Command, String> {
    let when = |s: Option<String>| s.map(|s| parse_when(&s, now, tz)).transpose();
    let p = PersonRef;
    let c = match d {
        CareDo::Health(a) => CareCommand::RecordHealth {
            person: p(a.person),
            day: a.date.map(|d| parse_day(&d, now, tz)).transpose()?,
            temperature: a.temp,
            symptoms: a.symptoms,
            fit: !a.unwell,
            note: a.note,
            via_phone: a.phone,
        },
        CareDo::Test(a) => {
            let all = names(TestResult::ALL);
            let all: Vec<&str> = all.iter().map(String::as_str).collect();
            CareCommand::RecordTest {
                person: p(a.person),
                tested_at: when(a.at)?,
                result: word(&a.result, TestResult::parse, "result", &all)?,
                site: a.site,
            }
        }
        CareDo::Case(c) => match c {
            CaseCmd::Open {
                person,
                category,
                urgency,
                summary,
            } => {
                let all = names(CaseCategory::ALL);
                let all: Vec<&str> = all.iter().map(String::as_str).collect();
                CareCommand::OpenCase {
                    person: p(person),
                    category: word(&category, CaseCategory::parse, "category", &all)?,
                    urgency,
                    summary,
                }
            }
            CaseCmd::Assign { id, org, helper } => {
                let all = names(Organisation::ALL);
                let all: Vec<&str> = all.iter().map(String::as_str).collect();
                CareCommand::AssignCase {
                    case: id,
                    organisation: word(&org, Organisation::parse, "organisation", &all)?,
                    helper,
                }
            }
            CaseCmd::Progress { id } => CareCommand::ProgressCase { case: id },
            CaseCmd::Resolve { id, outcome } => CareCommand::ResolveCase { case: id, outcome },
            CaseCmd::Note { id, text } => CareCommand::NoteCase { case: id, text },
            CaseCmd::Reopen { id, reason } => CareCommand::ReopenCase { case: id, reason },
        },
        CareDo::Family(a) => CareCommand::SetFamily {
            person: p(a.person),
            dependents: a.dependents,
            elderly: a.elderly,
            children: a.children,
            notes: a.notes,
        },
        CareDo::Visit(a) => CareCommand::RecordVisit {
            person: p(a.person),
            at: when(a.date)?,
            to_family: a.family,
            visitors: a.visitors,
            dues_fen: parse_yuan(&a.amount)?,
            note: a.note,
        },
        CareDo::Talk(a) => CareCommand::RecordTalk {
            person: p(a.person),
            at: when(a.date)?,
            by: a.by,
            note: a.note,
        },
        CareDo::Training(a) => {
            let all = names(TrainingKind::ALL);
            let all: Vec<&str> = all.iter().map(String::as_str).collect();
            CareCommand::RecordTraining {
                person: p(a.person),
                kind: word(&a.kind, TrainingKind::parse, "training kind", &all)?,
                at: when(a.date)?,
                note: a.note,
            }
        }
        CareDo::Insurance(a) => CareCommand::SetInsurance {
            person: p(a.person),
            policy: a.policy,
            from: when(a.from)?,
            until: parse_when(&a.until, now, tz)?,
        },
        CareDo::Medic(a) => CareCommand::AssignMedic {
            person: p(a.person),
            community: super::id_arg(&a.community)?,
            end: a.end,
        },
        CareDo::AckAlert(a) => CareCommand::AckAlert { id: a.id },
        CareDo::ReturnToService(a) => CareCommand::ReturnToService {
            person: p(a.person),
        },
    };
    Ok(Command::Care(c))
}

/// `frontline health`: every person's report for the day, last test and follow-up.
pub fn health(
    store: &Store,
    lang: Lang,
    now: Ts,
    date: Option<&str>,
    community: Option<i64>,
    as_json: bool,
) -> Result<()> {
    let tz = store.cfg.tz;
    let day = match date {
        Some(d) => parse_day(d, now, tz).map_err(|e| anyhow::anyhow!(e))?,
        None => crate::domain::time::local_day(now, tz),
    };
    let q = HealthQuery {
        now,
        day,
        community,
        view: HealthView::All,
    };
    // Figures first (no rows), then every person streamed: a city's list in little memory.
    let page = store.health_page(
        &q,
        &Window {
            limit: Some(0),
            ..Window::default()
        },
    )?;
    let iso = |t: Ts| to_local(t, tz).to_rfc3339();
    if as_json {
        let head = json!({
            "date": fmt_day(day, tz),
            "deadline": iso(page.deadline),
            "summary": page.summary,
            "alerts": page.alerts.iter().map(|a| json!({
                "id": a.id, "kind": a.kind, "person_id": a.person_id, "name": a.name,
                "raised_at": iso(a.raised_at)})).collect::<Vec<_>>(),
        })
        .to_string();
        // The object without its closing brace, then "people": [...] one row a line.
        say(format!("{},\"people\":[", &head[..head.len() - 1]));
        let mut first = true;
        store.health_rows(&q, &Window::all(), |r| {
            let v = json!({
                "id": r.person_id, "name": r.name, "staff_code": r.staff_code, "category": r.category,
                "community_id": r.community_id, "community": r.community,
                "report": r.state.as_str(),
                "temperature": r.report.as_ref().and_then(|h| h.temp_dc).map(|d| d as f64 / 10.0),
                "fit": r.report.as_ref().map(|h| h.fit),
                "unwell": r.report.as_ref().is_some_and(|h| h.unwell),
                "symptoms": r.report.as_ref().map(|h| h.symptoms.clone()),
                "note": r.report.as_ref().map(|h| h.note.clone()),
                "via_phone": r.report.as_ref().map(|h| h.via_phone),
                "reported_at": r.report.as_ref().map(|h| iso(h.reported_at)),
                "last_test": r.last_test.as_ref().map(|t| json!({
                    "tested_at": iso(t.tested_at), "result": t.result, "site": t.site})),
                "test_overdue": r.test_overdue,
                "out_of_service": r.out_of_service,
                "medics": r.medics,
            });
            say(format!("{}{v}", if first { "" } else { "," }));
            first = false;
            Ok(())
        })?;
        say("]}".to_string());
        return Ok(());
    }
    let s = &page.summary;
    say(format!(
        "{}  {} {}  {} {}  {} {}  {} {}  {} {}  {} {}",
        fmt_day(day, tz),
        t!(lang, "health.reported"),
        s.reported,
        t!(lang, "health.missing"),
        s.missing,
        t!(lang, "report.due"),
        s.due,
        t!(lang, "health.unwell"),
        s.unwell,
        t!(lang, "health.tests_overdue"),
        s.tests_overdue,
        t!(lang, "person.out_of_service"),
        s.out_of_service
    ));
    for a in &page.alerts {
        say(format!(
            "  ⚠ {} #{} {} ({})",
            t!(lang, "alert.positive"),
            a.id,
            a.name,
            a.staff_code
        ));
    }
    // People who need someone to act: unwell, missing, test overdue, out of service.
    store.health_rows(&q, &Window::all(), |r| {
        let unwell = r.report.as_ref().filter(|h| h.unwell);
        let missing = r.state.as_str() == "missing";
        if unwell.is_none() && !missing && !r.test_overdue && !r.out_of_service {
            return Ok(());
        }
        let mut flags = Vec::new();
        if let Some(h) = unwell {
            flags.push(format!(
                "{} {}",
                t!(lang, "health.unwell_mark"),
                h.temp_dc.map(fmt_temp).unwrap_or_default()
            ));
        }
        if missing {
            flags.push(t!(lang, "report.missing").to_string());
        }
        if r.test_overdue {
            flags.push(format!(
                "{} {}",
                t!(lang, "col.test"),
                t!(lang, "test.overdue")
            ));
        }
        if r.out_of_service {
            flags.push(t!(lang, "health.oos").to_string());
        }
        say(format!(
            "  {} ({}) {}  {}",
            r.name,
            r.staff_code,
            r.community,
            flags.join(" · ")
        ));
        Ok(())
    })?;
    Ok(())
}

/// `frontline cases`: pending family cases (and with `--all` resolved ones).
pub fn cases(store: &Store, lang: Lang, now: Ts, all: bool, as_json: bool) -> Result<()> {
    let tz = store.cfg.tz;
    let page = store.case_list(now, &Window::all(), all)?;
    let iso = |t: Ts| to_local(t, tz).to_rfc3339();
    if as_json {
        let v: Vec<Value> = page
            .rows
            .iter()
            .map(|r| {
                json!({
                    "id": r.id, "person_id": r.person_id, "name": r.name, "staff_code": r.staff_code,
                    "category": r.category, "urgency": r.urgency, "status": r.status,
                    "organisation": r.organisation, "helper": r.helper,
                    "opened_at": iso(r.opened_at), "resolved_at": r.resolved_at.map(iso),
                    "age_days": (now - r.opened_at).max(0) / 86_400, "overdue": r.overdue,
                    "summary": r.summary, "outcome": r.outcome, "family": r.family,
                })
            })
            .collect();
        say(serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    for r in &page.rows {
        let holder = match (&r.organisation, &r.helper) {
            (Some(o), Some(h)) => format!("{} {h}", crate::i18n::words::org(lang, o)),
            _ => "—".into(),
        };
        say(format!(
            "#{:<5} {:<4} {} ({})  {}  {}  {}{}{}  {}",
            r.id,
            crate::i18n::words::urgency(lang, ["1", "2", "3"][r.urgency.clamp(1, 3) as usize - 1]),
            r.name,
            r.staff_code,
            crate::i18n::words::case(lang, r.category.as_str()),
            crate::i18n::words::case_status(lang, r.status.as_str()),
            (now - r.opened_at).max(0) / 86_400,
            t!(lang, "days"),
            if r.overdue { "!" } else { "" },
            holder
        ));
    }
    Ok(())
}

/// `frontline care`: talks, trainings, insurance and party-dues spending.
pub fn care(store: &Store, lang: Lang, now: Ts, as_json: bool) -> Result<()> {
    let tz = store.cfg.tz;
    let s = store.care_summary(now)?;
    if as_json {
        let visits = store.visits(&Window::all())?;
        let iso = |t: Ts| to_local(t, tz).to_rfc3339();
        let head = json!({
            "summary": s,
            "dues_spent_yuan": fmt_yuan(s.dues_spent_fen),
            "visits": visits.rows.iter().map(|v| json!({
                "id": v.id, "person_id": v.person_id, "name": v.name, "visited_at": iso(v.visited_at),
                "to_family": v.to_family, "visitors": v.visitors, "dues_fen": v.dues_fen,
                "dues_yuan": fmt_yuan(v.dues_fen), "note": v.note,
            })).collect::<Vec<_>>(),
        })
        .to_string();
        // Then every person, streamed one a line.
        say(format!("{},\"people\":[", &head[..head.len() - 1]));
        let mut first = true;
        store.care_people_each(now, CareView::All, &Window::all(), |r| {
            let v = json!({
                "id": r.id, "name": r.name, "staff_code": r.staff_code, "category": r.category,
                "on_duty": r.on_duty, "last_talk": r.last_talk.map(iso), "talk_due": r.talk_due.is_some(),
                "self_protection": r.self_protection.map(iso), "psychological": r.psychological.map(iso),
                "insured_until": r.insured_until.map(iso), "uninsured_on_duty": r.uninsured_on_duty,
            });
            say(format!("{}{v}", if first { "" } else { "," }));
            first = false;
            Ok(())
        })?;
        say("]}".to_string());
        return Ok(());
    }
    say(format!(
        "{} {}  {} {}  {} {}  {} ¥{} ({})",
        t!(lang, "care.talks_due"),
        s.talks_due,
        t!(lang, "care.untrained"),
        s.untrained,
        t!(lang, "care.uninsured_on_duty"),
        s.uninsured_on_duty,
        t!(lang, "care.dues_total"),
        fmt_yuan(s.dues_spent_fen),
        s.visits
    ));
    Ok(())
}
