//! `frontline do person|party|nominate|nomination …` (the same `Command`s the console runs) and
//! the read-only `people`, `person`, `party` and `honours` listings.

use super::say;
use crate::domain::care::fmt_day;
use crate::domain::time::fmt_short;
use crate::i18n::Lang;
use crate::i18n::{Label, key, t};
use crate::store::Store;
use crate::store::commands::{Command, PeopleCommand as P, PersonRef};
use crate::store::queries::Window;
use crate::store::roster_queries::RosterSort;
use anyhow::{Result, anyhow};
use clap::{Args, Subcommand};

#[derive(Subcommand, Debug)]
pub enum PersonCmd {
    /// Add a person to the roster.
    Add {
        #[arg(long)]
        name: String,
        /// Staff code (default: the next free FL000123).
        #[arg(long, default_value = "")]
        code: String,
        /// medical, cadre, community or volunteer (or 医务, 干部, 社区, 志愿者).
        #[arg(long)]
        category: String,
        #[arg(long, default_value = "")]
        unit: String,
        /// Community: name, pinyin initials or #id.
        #[arg(long, default_value = "")]
        community: String,
        /// 7–15 digits, optional leading +.
        #[arg(long, default_value = "")]
        phone: String,
        /// member, activist, applicant or none.
        #[arg(long, default_value = "none")]
        party: String,
    },
    /// Change a person's details (only the ones given).
    Edit {
        #[arg(long)]
        person: String,
        #[arg(long)]
        code: Option<String>,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        /// Community: name, pinyin initials or #id; "" for none.
        #[arg(long)]
        community: Option<String>,
        #[arg(long)]
        phone: Option<String>,
    },
    /// Retire a person from the roster (history kept; refused while on duty).
    Retire {
        #[arg(long)]
        person: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Put a retired person back on the roster.
    Reinstate {
        #[arg(long)]
        person: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum PartyCmd {
    /// Party status and dual registration (双报到).
    Set {
        #[arg(long)]
        person: String,
        /// member, activist, applicant or none.
        #[arg(long)]
        status: Option<String>,
        /// The work unit's party branch.
        #[arg(long)]
        branch: Option<String>,
        /// Residence community (id or name; "" for none): registered there (双报到).
        #[arg(long)]
        residence: Option<String>,
    },
    /// Flag an applicant or activist for fast-track admission.
    Flag {
        #[arg(long)]
        person: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Candidate → recommended.
    Recommend {
        #[arg(long)]
        person: String,
    },
    /// Recommended → admitted (the person becomes a party member).
    Admit {
        #[arg(long)]
        person: String,
    },
}

#[derive(Args, Debug)]
pub struct NominateArgs {
    #[arg(long)]
    pub person: String,
    /// What they did.
    #[arg(long)]
    pub deeds: String,
}

#[derive(Subcommand, Debug)]
pub enum NominationCmd {
    /// Nominated → approved.
    Approve {
        #[arg(long)]
        id: i64,
    },
    /// Approved → publicised.
    Publicise {
        #[arg(long)]
        id: i64,
    },
}

#[derive(Args, Debug)]
pub struct PeopleArgs {
    #[arg(long)]
    pub json: bool,
    /// Name, staff code, unit or community contains this.
    #[arg(long)]
    pub search: Option<String>,
    /// name, code, category, unit, community, party or status.
    #[arg(long, default_value = "name")]
    pub sort: String,
    #[arg(long, default_value_t = 200)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// (for measuring) Run the query this many times; print the fastest and median ms on stderr.
    #[arg(long, hide = true, default_value_t = 0)]
    pub time: usize,
}

#[derive(Args, Debug)]
pub struct PersonArgs {
    /// Staff code or id.
    pub person: String,
    #[arg(long)]
    pub json: bool,
    #[arg(long, hide = true, default_value_t = 0)]
    pub time: usize,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    #[arg(long)]
    pub json: bool,
    #[arg(long, default_value_t = 200)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// (for measuring) Run the query this many times; print the fastest and median ms on stderr.
    #[arg(long, hide = true, default_value_t = 0)]
    pub time: usize,
}

/// Run `f` `n` times and print the fastest and median times on stderr.
fn timed<T>(what: &str, n: usize, mut f: impl FnMut() -> Result<T>) -> Result<()> {
    let mut times = Vec::new();
    for _ in 0..n {
        let t = std::time::Instant::now();
        f()?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    if !times.is_empty() {
        times.sort_by(|a, b| a.total_cmp(b));
        eprintln!(
            "{what}: fastest {:.2} ms, median {:.2} ms",
            times[0],
            times[times.len() / 2]
        );
    }
    Ok(())
}

pub fn build_person(c: PersonCmd) -> Command {
    Command::People(match c {
        PersonCmd::Add {
            name,
            code,
            category,
            unit,
            community,
            phone,
            party,
        } => P::Add {
            staff_code: code,
            name,
            category,
            source_unit: unit,
            community,
            phone,
            party_status: party,
        },
        PersonCmd::Edit {
            person,
            code,
            name,
            category,
            unit,
            community,
            phone,
        } => P::Edit {
            person: PersonRef(person),
            staff_code: code,
            name,
            category,
            source_unit: unit,
            community,
            phone,
        },
        PersonCmd::Retire { person, reason } => P::Retire {
            person: PersonRef(person),
            reason,
        },
        PersonCmd::Reinstate { person, reason } => P::Reinstate {
            person: PersonRef(person),
            reason,
        },
    })
}

pub fn build_party(c: PartyCmd) -> Command {
    Command::People(match c {
        PartyCmd::Set {
            person,
            status,
            branch,
            residence,
        } => P::SetParty {
            person: PersonRef(person),
            status,
            branch,
            residence,
        },
        PartyCmd::Flag { person, note } => P::Flag {
            person: PersonRef(person),
            note,
        },
        PartyCmd::Recommend { person } => P::Recommend {
            person: PersonRef(person),
        },
        PartyCmd::Admit { person } => P::Admit {
            person: PersonRef(person),
        },
    })
}

pub fn build_nominate(a: NominateArgs) -> Command {
    Command::People(P::Nominate {
        person: PersonRef(a.person),
        deeds: a.deeds,
    })
}

pub fn build_nomination(c: NominationCmd) -> Command {
    Command::People(match c {
        NominationCmd::Approve { id } => P::NominationApprove { id },
        NominationCmd::Publicise { id } => P::NominationPublicise { id },
    })
}

fn label(lang: Lang, f: crate::i18n::Family, v: &str) -> String {
    f(lang, v).to_string()
}

pub fn people(store: &Store, a: PeopleArgs, lang: Lang, now: i64) -> Result<()> {
    let sort = RosterSort::parse(&a.sort).ok_or_else(|| {
        anyhow!("--sort must be name, code, category, unit, community, party or status")
    })?;
    let w = Window {
        offset: a.offset,
        limit: Some(a.limit),
        filter: a.search.unwrap_or_default(),
    };
    let mut times = Vec::new();
    for _ in 0..a.time {
        let t = std::time::Instant::now();
        store.roster(now, sort, &w)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    if !times.is_empty() {
        times.sort_by(|a, b| a.total_cmp(b));
        eprintln!(
            "roster sort={} offset={} limit={} filter={:?}: fastest {:.2} ms, median {:.2} ms",
            a.sort,
            w.offset,
            a.limit,
            w.filter,
            times[0],
            times[times.len() / 2]
        );
    }
    let page = store.roster(now, sort, &w)?;
    if a.json {
        say(serde_json::to_string_pretty(&page)?);
        return Ok(());
    }
    for r in &page.rows {
        say(format!(
            "{:<10} {}  {}  {}  {}  {}  {} {}",
            r.staff_code,
            r.name,
            label(lang, crate::i18n::words::category, r.category.as_str()),
            if r.source_unit.is_empty() {
                "-"
            } else {
                &r.source_unit
            },
            r.community.as_deref().unwrap_or("-"),
            label(lang, crate::i18n::words::party, r.party_status.as_str()),
            r.state.symbol(),
            r.state.label(lang),
        ));
    }
    say(format!("({} / {})", page.rows.len(), page.total));
    Ok(())
}

pub fn person(store: &Store, a: PersonArgs, lang: Lang, now: i64) -> Result<()> {
    let id = store
        .resolve_person(&a.person, now)
        .map_err(|r| anyhow!(crate::i18n::refusal(lang, &r, store.cfg.tz)))?;
    timed("person", a.time, || store.person_detail(id, now))?;
    let d = store
        .person_detail(id, now)?
        .ok_or_else(|| anyhow!("unknown person '{}'", a.person.trim()))?;
    if a.json {
        say(serde_json::to_string_pretty(&d)?);
        return Ok(());
    }
    let tz = store.cfg.tz;
    let p = &d.person;
    say(format!(
        "{} {}  {}  {} {}",
        p.staff_code,
        p.name,
        label(lang, crate::i18n::words::category, p.category.as_str()),
        p.state.symbol(),
        p.state.label(lang)
    ));
    say(format!(
        "{}: {}  {}: {}  {}: {}",
        t!(lang, "lbl.unit"),
        p.source_unit,
        t!(lang, "lbl.community"),
        p.community.as_deref().unwrap_or("-"),
        t!(lang, "lbl.phone"),
        p.phone
    ));
    say(format!(
        "{}: {}  {}: {}  {}: {}  {}: {}",
        t!(lang, "col.party"),
        label(lang, crate::i18n::words::party, p.party_status.as_str()),
        t!(lang, "lbl.dual"),
        t(
            lang,
            if p.dual_registered {
                key!("lbl.yes")
            } else {
                key!("lbl.no")
            }
        ),
        t!(lang, "lbl.branch"),
        if p.party_branch.is_empty() {
            "-"
        } else {
            &p.party_branch
        },
        t!(lang, "lbl.residence"),
        p.residence_community.as_deref().unwrap_or("-"),
    ));
    if let Some(dev) = &d.development {
        say(format!(
            "{}: {}",
            t!(lang, "col.dev"),
            dev.status.label(lang)
        ));
    }
    let r = &d.record;
    say(format!(
        "{}: {:.1} {}, {} {}, {} {}, {} {}, {} {}",
        t!(lang, "sec.record"),
        r.hours,
        t!(lang, "lbl.hours"),
        r.duty_days,
        t!(lang, "lbl.duty_days"),
        r.shifts,
        t!(lang, "lbl.shifts"),
        r.forced_rests,
        t!(lang, "lbl.forced"),
        r.commendations,
        t!(lang, "lbl.commend"),
    ));
    say(format!("{} ({}):", t!(lang, "sec.shifts"), d.shifts.total));
    for s in &d.shifts.rows {
        say(format!(
            "  {} – {}  {}  {}  {}",
            fmt_short(s.start, tz),
            fmt_short(s.end, tz),
            s.post,
            s.status,
            s.hours.map_or(String::new(), |h| format!("{h:.1}h"))
        ));
    }
    say(format!("{} ({}):", t!(lang, "sec.rests"), d.rests.total));
    for s in &d.rests.rows {
        say(format!(
            "  {} – {}  {}  {}",
            fmt_short(s.start, tz),
            fmt_short(s.end, tz),
            s.kind,
            s.reason
        ));
    }
    say(format!("{} ({}):", t!(lang, "sec.health"), d.health.total));
    for h in &d.health.rows {
        let temp = h
            .temp_dc
            .map_or("-".to_string(), |t| format!("{:.1}", t as f64 / 10.0));
        say(format!(
            "  {}  {temp}  {}",
            fmt_day(h.day, tz),
            if h.unwell { "unwell" } else { "ok" }
        ));
    }
    say(format!("{} ({}):", t!(lang, "sec.tests"), d.tests.total));
    for x in &d.tests.rows {
        say(format!("  {}  {}", fmt_short(x.tested_at, tz), x.result));
    }
    say(format!("{} ({}):", t!(lang, "sec.cases"), d.cases.total));
    for x in &d.cases.rows {
        say(format!(
            "  #{} {} {} {}",
            x.id, x.category, x.status, x.summary
        ));
    }
    for (key, sec) in [
        (key!("sec.visits"), &d.visits),
        (key!("sec.talks"), &d.talks),
        (key!("sec.trainings"), &d.trainings),
    ] {
        say(format!("{} ({}):", t(lang, key), sec.total));
        for x in &sec.rows {
            say(format!("  {}  {}  {}", fmt_short(x.at, tz), x.what, x.note));
        }
    }
    say(format!(
        "{} ({}):",
        t!(lang, "sec.honours"),
        d.nominations.total
    ));
    for n in &d.nominations.rows {
        say(format!("  #{} {}  {}", n.id, n.status.label(lang), n.deeds));
    }
    Ok(())
}

pub fn party(store: &Store, a: ListArgs, lang: Lang, now: i64) -> Result<()> {
    let w = Window {
        limit: Some(a.limit),
        offset: a.offset,
        ..Default::default()
    };
    timed(&format!("party offset={}", a.offset), a.time, || {
        store.party_list(now, &w)
    })?;
    let page = store.party_list(now, &w)?;
    if a.json {
        say(serde_json::to_string_pretty(&page)?);
        return Ok(());
    }
    for r in &page.rows {
        say(format!(
            "{:<10} {}  {}  {}  {:.1}h  {}d  {}",
            r.staff_code,
            r.name,
            label(lang, crate::i18n::words::party, r.party_status.as_str()),
            r.development
                .as_ref()
                .map_or("-".to_string(), |d| d.status.label(lang).to_string()),
            r.record.hours,
            r.record.duty_days,
            r.record.commendations,
        ));
    }
    say(format!("({} / {})", page.rows.len(), page.total));
    Ok(())
}

pub fn honours(store: &Store, a: ListArgs, lang: Lang) -> Result<()> {
    let w = Window {
        limit: Some(a.limit),
        offset: a.offset,
        ..Default::default()
    };
    let page = store.honours(&w)?;
    if a.json {
        say(serde_json::to_string_pretty(&page)?);
        return Ok(());
    }
    for n in &page.rows {
        say(format!(
            "#{:<4} {} {}  {}  {:.1}h {}d  {}",
            n.id,
            n.staff_code,
            n.name,
            n.status.label(lang),
            n.evidence.hours,
            n.evidence.duty_days,
            n.deeds
        ));
    }
    say(format!("({} / {})", page.rows.len(), page.total));
    Ok(())
}
