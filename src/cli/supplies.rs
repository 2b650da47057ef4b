//! `frontline do stock …`, `do request …`, `frontline stock` and `frontline requests`: the same
//! commands and queries the supplies and logistics screens use.

use crate::domain::time::{parse_time, to_local};
use crate::domain::{RequestKind, Ts};
use crate::i18n::Lang;
use crate::i18n::t;
use crate::store::Store;
use crate::store::commands::{Adjustment, Command, PersonRef};
use crate::store::queries::Window;
use crate::ui::text::pad;
use anyhow::Result;
use clap::Subcommand;
use serde_json::{Value, json};

#[derive(Subcommand, Debug)]
pub enum StockCmd {
    /// Stock arrives at a depot (from a supplier or the district).
    Receive {
        /// Item code (MASK, N95, SUIT, …), id or name.
        #[arg(long)]
        item: String,
        #[arg(long, visible_alias = "qty", allow_negative_numbers = true)]
        quantity: i64,
        /// Depot id or name (default: the command-post store).
        #[arg(long)]
        depot: Option<String>,
        /// Where it came from (supplier, district allocation).
        #[arg(long)]
        from: Option<String>,
    },
    /// Stock leaves a depot for a post, optionally for a person.
    Issue {
        #[arg(long)]
        item: String,
        #[arg(long, visible_alias = "qty", allow_negative_numbers = true)]
        quantity: i64,
        #[arg(long)]
        depot: Option<String>,
        /// Post: name, pinyin initials or #id (default: the post whose cabinet the depot is).
        #[arg(long)]
        post: Option<String>,
        /// Person id or staff code who receives it.
        #[arg(long)]
        person: Option<String>,
    },
    /// Move stock between depots (e.g. from the store to a post's cabinet).
    Transfer {
        #[arg(long)]
        item: String,
        #[arg(long, visible_alias = "qty", allow_negative_numbers = true)]
        quantity: i64,
        /// Depot it leaves (default: the command-post store).
        #[arg(long)]
        from: Option<String>,
        /// Depot it goes to.
        #[arg(long)]
        to: String,
    },
    /// Correct a count, or write off damaged or expired stock; a reason is required.
    Adjust {
        #[arg(long)]
        item: String,
        #[arg(long)]
        depot: Option<String>,
        /// Change by this many units (negative to write off).
        #[arg(
            long,
            allow_negative_numbers = true,
            conflicts_with = "to",
            required_unless_present = "to"
        )]
        by: Option<i64>,
        /// Set the count to this number.
        #[arg(long, allow_negative_numbers = true)]
        to: Option<i64>,
        #[arg(long, default_value = "")]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum RequestCmd {
    /// Log a request for meals, lodging, heat relief, night duty or transport.
    Open {
        /// meals, lodging, heat_relief, night_duty, transport (or 就餐 住宿 防暑 值夜 交通, or 1–5).
        #[arg(long)]
        kind: String,
        /// Requesting post: name, pinyin initials or #id.
        #[arg(long)]
        post: Option<String>,
        /// Requesting person (id or staff code).
        #[arg(long)]
        person: Option<String>,
        #[arg(long, visible_alias = "qty", allow_negative_numbers = true)]
        quantity: i64,
        /// When it is needed (HH:MM, MM-DD HH:MM, YYYY-MM-DD HH:MM or RFC 3339; local time).
        #[arg(long)]
        needed_by: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Mark a request arranged, with what was arranged.
    Arrange {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        note: Option<String>,
    },
    /// Mark a request done.
    Done {
        #[arg(long)]
        id: i64,
    },
}

pub fn build_stock(c: StockCmd) -> Result<Command, String> {
    Ok(match c {
        StockCmd::Receive {
            item,
            quantity,
            depot,
            from,
        } => Command::StockReceive {
            item,
            depot,
            quantity,
            from,
        },
        StockCmd::Issue {
            item,
            quantity,
            depot,
            post,
            person,
        } => Command::StockIssue {
            item,
            depot,
            quantity,
            post: post.as_deref().map(super::id_arg).transpose()?,
            person: person.map(PersonRef),
        },
        StockCmd::Transfer {
            item,
            quantity,
            from,
            to,
        } => Command::StockTransfer {
            item,
            from,
            to,
            quantity,
        },
        StockCmd::Adjust {
            item,
            depot,
            by,
            to,
            reason,
        } => Command::StockAdjust {
            item,
            depot,
            change: match (by, to) {
                (Some(b), _) => Adjustment::By(b),
                (None, Some(n)) => Adjustment::To(n),
                (None, None) => Adjustment::By(0),
            },
            reason,
        },
    })
}

pub fn build_request(c: RequestCmd, now: Ts, tz: chrono_tz::Tz) -> Result<Command, String> {
    Ok(match c {
        RequestCmd::Open {
            kind,
            post,
            person,
            quantity,
            needed_by,
            note,
        } => Command::RequestOpen {
            kind: RequestKind::from_input(&kind).ok_or_else(|| {
                format!(
                    "unknown request kind '{kind}' (meals, lodging, heat_relief, night_duty, transport)"
                )
            })?,
            post: post.as_deref().map(super::id_arg).transpose()?,
            person: person.map(PersonRef),
            quantity,
            needed_by: parse_time(&needed_by, now, tz)?,
            note,
        },
        RequestCmd::Arrange { id, note } => Command::RequestArrange { id, note },
        RequestCmd::Done { id } => Command::RequestDone { id },
    })
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `frontline stock --json`: every item with burn rate, cover, runs-out date, tomorrow's need
/// and stock per depot; `history_days` > 0 adds each day's figures.
pub fn stock_json(store: &Store, lang: Lang, now: Ts, history_days: usize) -> Result<Value> {
    let tz = store.cfg.tz;
    let s = store.supplies_screen(now, &Window::all(), history_days)?;
    let iso = |t: Ts| to_local(t, tz).to_rfc3339();
    let day = |t: Ts| to_local(t, tz).format("%Y-%m-%d").to_string();
    let items: Vec<Value> = s
        .items
        .rows
        .iter()
        .map(|l| {
            let r = &l.row;
            json!({
                "id": r.id, "code": r.code, "name": crate::i18n::pick(lang, &r.name_en, &r.name_zh),
                "name_zh": r.name_zh, "name_en": r.name_en, "category": r.category,
                "unit": crate::i18n::pick(lang, &r.unit_en, &r.unit_zh),
                "on_hand": r.on_hand, "reorder_level": r.reorder_level,
                "burn_per_day": round1(r.burn_per_day),
                "days_of_cover": r.days_of_cover.map(round1),
                "runs_out": r.runs_out.map(iso), "runs_out_day": r.runs_out.map(day),
                "low": r.low,
                "need_tomorrow": l.need_tomorrow.ceil() as i64,
                "short_tomorrow": (r.on_hand as f64) < l.need_tomorrow,
                "depots": l.depots,
                "history": l.history.iter().map(|d| json!({
                    "day": day(crate::domain::time::day_start(d.day, tz)),
                    "received": d.received, "issued": d.issued, "adjusted": d.adjusted,
                    "level": d.level,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(json!({
        "now": iso(now),
        "window_days": s.window_days,
        "low_stock_days": s.low_stock_days,
        "shifts_tomorrow": s.shifts_tomorrow.iter().map(|(k, n)| (k.as_str().to_string(), json!(n)))
            .collect::<serde_json::Map<_, _>>(),
        "depots": s.depots,
        "items": items,
    }))
}

/// The same as a table for people at a shell, low items first.
pub fn stock_text(v: &Value, lang: Lang) -> Vec<String> {
    let l = lang;
    let mut out = vec![format!(
        "{} {} {} {} {} {}",
        pad(t!(l, "col.item"), 18),
        pad(t!(l, "col.on_hand"), 14),
        pad(t!(l, "col.per_day"), 7),
        pad(t!(l, "col.cover"), 7),
        pad(t!(l, "col.runs_out"), 12),
        t!(l, "col.tomorrow"),
    )];
    for r in v["items"].as_array().into_iter().flatten() {
        let cover = r["days_of_cover"]
            .as_f64()
            .map_or("∞".to_string(), |d| format!("{d:.1}{}", t!(l, "days")));
        let out_at = r["runs_out"].as_str().map_or("—".to_string(), |s| {
            s.get(5..16).unwrap_or(s).replace('T', " ")
        });
        let mut flags = Vec::new();
        if r["low"] == true {
            flags.push(format!("▼{}", t!(l, "low")));
        }
        if r["short_tomorrow"] == true {
            flags.push(t!(l, "sup.short").to_string());
        }
        out.push(
            format!(
                "{} {} {} {} {} {} {}",
                pad(r["name"].as_str().unwrap_or(""), 18),
                pad(
                    &format!("{} {}", r["on_hand"], r["unit"].as_str().unwrap_or("")),
                    14
                ),
                pad(&format!("{}", r["burn_per_day"]), 7),
                pad(&cover, 7),
                pad(&out_at, 12),
                pad(&r["need_tomorrow"].to_string(), 8),
                flags.join(" ")
            )
            .trim_end()
            .to_string(),
        );
    }
    out
}

/// `frontline requests --json`: pending requests (or all) by the time they are needed.
pub fn requests_json(store: &Store, lang: Lang, now: Ts, all: bool) -> Result<Value> {
    let tz = store.cfg.tz;
    let iso = |t: Ts| to_local(t, tz).to_rfc3339();
    let page = store.requests(&Window::all(), all)?;
    Ok(Value::Array(
        page.rows
            .iter()
            .map(|r| {
                json!({
                    "id": r.id, "kind": r.kind, "kind_label": crate::i18n::words::req(lang, r.kind.as_str()),
                    "post_id": r.post_id, "post": r.post, "person_id": r.person_id, "person": r.person,
                    "name": r.post.clone().or(r.person.clone()),
                    "quantity": r.quantity, "needed_by": iso(r.needed_by), "status": r.status,
                    "late": r.status != "done" && r.needed_by < now,
                    "note": r.note, "arrangement": r.arrangement, "opened_at": iso(r.opened_at),
                })
            })
            .collect(),
    ))
}

pub fn requests_text(v: &Value, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for r in v.as_array().into_iter().flatten() {
        let who = match (r["post"].as_str(), r["person"].as_str()) {
            (Some(p), Some(n)) => format!("{p} · {n}"),
            (Some(p), None) => p.to_string(),
            (None, Some(n)) => n.to_string(),
            _ => "—".into(),
        };
        let at = r["needed_by"].as_str().unwrap_or("");
        out.push(
            format!(
                "#{:<5} {} {} {} ×{:<5} {} {}",
                r["id"].as_i64().unwrap_or(0),
                pad(at.get(5..16).unwrap_or(at).replace('T', " ").as_str(), 12),
                pad(r["kind_label"].as_str().unwrap_or(""), 12),
                pad(
                    crate::i18n::words::req_status(lang, r["status"].as_str().unwrap_or("")),
                    9
                ),
                r["quantity"].as_i64().unwrap_or(0),
                who,
                if r["late"] == true {
                    format!("⚠{}", t!(lang, "req.late"))
                } else {
                    String::new()
                }
            )
            .trim_end()
            .to_string(),
        );
    }
    out
}
