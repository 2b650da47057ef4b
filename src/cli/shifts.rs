//! `frontline do shift|rest|convert|ledger-adjust …` (built into the same `Command`s the
//! console runs) and the read-only `rules`, `schedule`, `callup` and `ledger` listings.

use super::say;
use crate::domain::time::{day_start, fmt_short, parse_day, parse_time, to_local};
use crate::domain::{RestKind, Ts};
use crate::i18n::Lang;
use crate::i18n::{self, shifts::hours};
use crate::store::Store;
use crate::store::commands::{Command, PersonRef};
use crate::store::queries::Window;
use crate::store::shift_queries::CallupQuery;
use anyhow::{Result, anyhow};
use chrono_tz::Tz;
use clap::{Args, Subcommand};
use serde_json::json;

#[derive(Subcommand, Debug)]
pub enum ShiftCmd {
    /// Plan a shift for a person at a post.
    Plan {
        #[arg(long)]
        person: String,
        /// The post: name, a part of it, pinyin initials or #id.
        #[arg(long)]
        post: String,
        /// Start (HH:MM, MM-DD HH:MM, YYYY-MM-DD HH:MM or RFC 3339; local time).
        #[arg(long)]
        start: String,
        #[arg(long)]
        end: String,
        /// Cancel this planned shift (of someone else) in the same step: a handover.
        #[arg(long, value_name = "SHIFT_ID")]
        replaces: Option<i64>,
        /// Written reason to overrule forced rest, a rest day or a rest rule.
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
    },
    /// Move a planned shift to another post and/or times (a new start alone keeps its length).
    Move {
        #[arg(long)]
        shift: i64,
        /// The post: name, a part of it, pinyin initials or #id.
        #[arg(long)]
        post: Option<String>,
        #[arg(long)]
        start: Option<String>,
        #[arg(long)]
        end: Option<String>,
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
    },
    /// Cancel a planned shift.
    Cancel {
        #[arg(long)]
        shift: i64,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Copy a day's shifts (all posts or one) to the following days.
    CopyDay {
        /// The day to copy (YYYY-MM-DD or MM-DD; default today).
        #[arg(long)]
        date: Option<String>,
        /// How many following days (1–14).
        #[arg(long, default_value_t = 1)]
        days: u32,
        /// Only this post: name, a part of it, pinyin initials or #id.
        #[arg(long)]
        post: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct RestArgs {
    /// rotation (轮休), swapped (调休) or compensatory (补休, taken from hours owed).
    #[arg(long)]
    pub kind: String,
    #[arg(long)]
    pub person: String,
    /// Start (default: the next local midnight).
    #[arg(long)]
    pub start: Option<String>,
    /// Length in hours.
    #[arg(long, default_value_t = 24.0, allow_negative_numbers = true)]
    pub hours: f64,
    #[arg(long, default_value = "")]
    pub reason: String,
}

#[derive(Args, Debug)]
pub struct ConvertArgs {
    /// The resident's name.
    #[arg(long)]
    pub name: String,
    /// Their community (sealed zone): name, pinyin initials or #id.
    #[arg(long)]
    pub community: String,
    /// member, activist, applicant or none.
    #[arg(long, default_value = "none")]
    pub party: String,
    /// Their work unit (for 双报到).
    #[arg(long, default_value = "")]
    pub unit: String,
    #[arg(long, default_value = "")]
    pub phone: String,
    /// Registered with the residence community (双报到).
    #[arg(long)]
    pub dual_registered: bool,
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Args, Debug)]
pub struct LedgerAdjustArgs {
    #[arg(long)]
    pub person: String,
    /// Hours owed: positive adds, negative settles.
    #[arg(long, allow_negative_numbers = true)]
    pub hours: f64,
    #[arg(long)]
    pub reason: String,
}

#[derive(Subcommand, Debug)]
pub enum RulesCmd {
    /// Every on-duty person's broken rules, and who will break one soon if their shift goes on.
    Check {
        #[arg(long)]
        json: bool,
        /// Warning horizon in hours (default from the rules file, 2).
        #[arg(long)]
        within: Option<f64>,
    },
    /// The rules in force, and the presets shipped.
    Show {
        #[arg(long)]
        json: bool,
    },
}

pub fn build_shift(c: ShiftCmd, now: Ts, tz: Tz) -> Result<Command, String> {
    let time = |s: Option<String>| s.map(|s| parse_time(&s, now, tz)).transpose();
    Ok(match c {
        ShiftCmd::Plan {
            person,
            post,
            start,
            end,
            replaces,
            override_reason,
        } => Command::ShiftPlan {
            person: PersonRef(person),
            post: super::id_arg(&post)?,
            start: parse_time(&start, now, tz)?,
            end: parse_time(&end, now, tz)?,
            replaces,
            override_reason,
        },
        ShiftCmd::Move {
            shift,
            post,
            start,
            end,
            override_reason,
        } => Command::ShiftMove {
            shift,
            post: post.as_deref().map(super::id_arg).transpose()?,
            start: time(start)?,
            end: time(end)?,
            override_reason,
        },
        ShiftCmd::Cancel { shift, reason } => Command::ShiftCancel { shift, reason },
        ShiftCmd::CopyDay { date, days, post } => Command::ShiftCopyDay {
            day: match date {
                Some(d) => parse_day(&d, now, tz)?,
                None => now,
            },
            days,
            post: post.as_deref().map(super::id_arg).transpose()?,
        },
    })
}

pub fn build_rest(a: RestArgs, now: Ts, tz: Tz) -> Result<Command, String> {
    let kind = RestKind::parse(a.kind.trim())
        .filter(|k| *k != RestKind::Forced)
        .ok_or_else(|| {
            format!(
                "--kind must be rotation, swapped or compensatory, not '{}' (forced rest: do force-rest)",
                a.kind
            )
        })?;
    let start = match a.start {
        Some(s) => parse_time(&s, now, tz)?,
        None => day_start(crate::domain::time::local_day(now, tz) + 1, tz),
    };
    Ok(Command::Rest {
        person: PersonRef(a.person),
        kind,
        start,
        hours: a.hours,
        reason: a.reason,
    })
}

pub fn build_convert(a: ConvertArgs) -> Command {
    Command::Convert {
        name: a.name,
        community: a.community,
        party_status: a.party,
        source_unit: a.unit,
        phone: a.phone,
        dual_registered: a.dual_registered,
        note: a.note,
    }
}

pub fn build_ledger_adjust(a: LedgerAdjustArgs) -> Command {
    Command::LedgerAdjust {
        person: PersonRef(a.person),
        hours: a.hours,
        reason: a.reason,
    }
}

/// `frontline rules check|show`.
pub fn rules(store: &Store, cmd: RulesCmd, lang: Lang, now: Ts, source: &str) -> Result<()> {
    let tz = store.cfg.tz;
    let r = &store.cfg.rules;
    let iso = |t: Ts| to_local(t, tz).to_rfc3339();
    match cmd {
        RulesCmd::Show { json } => {
            let presets: Vec<_> = crate::domain::rules_file::PRESETS
                .iter()
                .map(|(n, d, _)| json!({"name": n, "about": d}))
                .collect();
            if json {
                say(serde_json::to_string_pretty(
                    &json!({"source": source, "rules": r, "presets": presets}),
                )?);
            } else {
                say(format!("rules from {source}"));
                say(toml::to_string(r)
                    .unwrap_or_default()
                    .trim_end()
                    .to_string());
                say("presets (--rules NAME):".into());
                for (n, d, _) in crate::domain::rules_file::PRESETS {
                    say(format!("  {n:<8} {d}"));
                }
            }
        }
        RulesCmd::Check { json, within } => {
            let within_h = within.unwrap_or(r.warn_within_hours);
            if !(within_h.is_finite() && (0.0..=168.0).contains(&within_h)) {
                return Err(anyhow!("--within must be between 0 and 168 hours"));
            }
            let broken = store.overdue(now, &Window::all())?;
            let soon: Vec<_> = store
                .watch(now, (within_h * 3600.0) as i64, &Window::all())?
                .rows
                .into_iter()
                .filter(|w| w.breach_at > now)
                .collect();
            if json {
                say(serde_json::to_string_pretty(&json!({
                    "now": iso(now), "source": source, "within_hours": within_h,
                    "broken": broken.rows.iter().map(|o| json!({
                        "id": o.id, "name": o.name, "staff_code": o.staff_code, "post": o.post,
                        "since": iso(o.since), "rules": o.breaches,
                        "detail": o.breaches.iter().map(|b| i18n::breach(lang, b)).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                    "soon": soon.iter().map(|w| json!({
                        "id": w.id, "name": w.name, "staff_code": w.staff_code, "post": w.post,
                        "since": iso(w.since), "breaks_at": iso(w.breach_at), "rule": w.rule,
                        "in_minutes": (w.breach_at - now + 59) / 60,
                    })).collect::<Vec<_>>(),
                }))?);
            } else {
                say(format!(
                    "rules from {source}: {} broken, {} within {within_h} h",
                    broken.total,
                    soon.len()
                ));
                for o in &broken.rows {
                    let d: Vec<String> = o.breaches.iter().map(|b| i18n::breach(lang, b)).collect();
                    say(format!(
                        "  broken  {} ({}) {}  {}  {}",
                        o.name,
                        o.id,
                        o.post,
                        d.join("; "),
                        i18n::in_breach(now, o.breach_at)
                    ));
                }
                for w in &soon {
                    say(format!(
                        "  soon    {} ({}) {}  {} at {}",
                        w.name,
                        w.id,
                        w.post,
                        crate::i18n::words::rule(lang, &w.rule),
                        fmt_short(w.breach_at, tz)
                    ));
                }
            }
        }
    }
    Ok(())
}

/// `frontline callup --post P`.
pub fn callup(store: &Store, q: &CallupQuery, limit: usize, json: bool, lang: Lang) -> Result<()> {
    let tz = store.cfg.tz;
    let post = store
        .post_name(q.post)?
        .ok_or_else(|| anyhow!("unknown post {}", q.post))?;
    let page = store.callup(
        q,
        &Window {
            offset: 0,
            limit: Some(limit),
            filter: String::new(),
        },
    )?;
    let iso = |t: Ts| to_local(t, tz).to_rfc3339();
    if json {
        say(serde_json::to_string_pretty(&json!({
            "post_id": q.post, "post": post, "start": iso(q.start), "end": iso(q.end),
            "candidates": page.rows.iter().map(|c| json!({
                "id": c.id, "name": c.name, "staff_code": c.staff_code, "category": c.category,
                "community": c.community, "same_community": c.same_community,
                "status": c.status, "until": c.until.map(iso),
                "rested_minutes": c.rested_minutes, "hours_7d": (c.hours_7d * 10.0).round() / 10.0,
                "rules": c.breaches,
            })).collect::<Vec<_>>(),
        }))?);
    } else {
        say(format!(
            "{post} {}–{}: {} can go",
            fmt_short(q.start, tz),
            fmt_short(q.end, tz),
            page.total
        ));
        for c in &page.rows {
            say(format!(
                "  {:>6} {}  {}  {}  rested {}  7d {:.1} h  {}",
                c.id,
                c.name,
                c.community.as_deref().unwrap_or("—"),
                if c.same_community {
                    "same community"
                } else {
                    ""
                },
                c.rested_minutes
                    .map(crate::domain::time::fmt_minutes)
                    .unwrap_or_else(|| "—".into()),
                c.hours_7d,
                crate::i18n::words::cand(lang, c.status.as_str())
            ));
        }
    }
    Ok(())
}

/// `frontline ledger [--person P]`.
pub fn ledger(store: &Store, person: Option<i64>, limit: usize, json: bool) -> Result<()> {
    let tz = store.cfg.tz;
    let iso = |t: Ts| to_local(t, tz).to_rfc3339();
    if let Some(p) = person {
        let (balance, rows) = store.ledger_entries(p)?;
        if json {
            say(serde_json::to_string_pretty(&json!({
                "person_id": p, "owed_minutes": balance, "owed_hours": balance as f64 / 60.0,
                "entries": rows.iter().map(|e| json!({"id": e.id, "at": iso(e.at), "minutes": e.minutes,
                    "kind": e.kind, "rest_id": e.rest_id, "note": e.note})).collect::<Vec<_>>(),
            }))?);
        } else {
            say(format!("person {p}: owed {}", hours(balance)));
            for e in rows {
                say(format!(
                    "  {}  {:>+8.1} h  {:<12} {}",
                    fmt_short(e.at, tz),
                    e.minutes as f64 / 60.0,
                    e.kind,
                    e.note
                ));
            }
        }
        return Ok(());
    }
    let page = store.ledger_page(&Window {
        offset: 0,
        limit: Some(limit),
        filter: String::new(),
    })?;
    if json {
        say(serde_json::to_string_pretty(&json!({
            "total": page.total,
            "owed": page.rows.iter().map(|r| json!({
                "id": r.id, "name": r.name, "staff_code": r.staff_code, "community": r.community,
                "owed_minutes": r.owed_minutes, "owed_hours": r.owed_minutes as f64 / 60.0,
                "owed_days": ((r.owed_minutes as f64 / 60.0 / 24.0) * 10.0).round() / 10.0,
                "last_entry": r.last_entry.map(iso),
            })).collect::<Vec<_>>(),
        }))?);
    } else {
        say(format!("{} people are owed compensatory leave", page.total));
        for r in page.rows {
            say(format!(
                "  {:>6} {}  {}  owed {}",
                r.id,
                r.name,
                r.community.as_deref().unwrap_or("—"),
                hours(r.owed_minutes)
            ));
        }
    }
    Ok(())
}

/// `frontline schedule [--date D]`: coverage of a day.
pub fn schedule(store: &Store, day: Ts, gaps: bool, json: bool) -> Result<()> {
    let tz = store.cfg.tz;
    let page = store.coverage(day, gaps, &Window::all())?;
    let iso = |t: Ts| to_local(t, tz).to_rfc3339();
    if json {
        say(serde_json::to_string_pretty(&json!({
            "day": to_local(day, tz).format("%Y-%m-%d").to_string(),
            "slots": page.rows.iter().map(|s| json!({
                "post_id": s.post_id, "post": s.post, "start": s.start.map(iso), "end": s.end.map(iso),
                "required": s.required, "assigned": s.assigned, "on_duty": s.on_duty,
                "cancelled": s.cancelled, "short_by": s.short_by(),
            })).collect::<Vec<_>>(),
        }))?);
    } else {
        for s in page.rows {
            let when = match (s.start, s.end) {
                (Some(a), Some(b)) => format!("{}–{}", fmt_short(a, tz), fmt_short(b, tz)),
                _ => "no shift planned".into(),
            };
            let mark = match s.short_by() {
                n if n > 0 => format!("▼ short {n}"),
                n if n < 0 => format!("▲ over {}", -n),
                _ => "✓".into(),
            };
            say(format!(
                "  {:>4} {}  {when}  {}/{}  {mark}",
                s.post_id, s.post, s.assigned, s.required
            ));
        }
    }
    Ok(())
}
