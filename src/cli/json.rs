//! `frontline status`: the four home panels as one JSON object (the scripts' contract), or text.

use crate::domain::Ts;
use crate::domain::time::to_local;
use crate::i18n;
use crate::i18n::Lang;
use crate::store::Store;
use crate::store::queries::{HomeQuery, Window};
use anyhow::Result;
use serde_json::{Value, json};

/// The panels' first `limit` rows each (all with `None`); `counts` are always the full totals.
pub fn status(store: &Store, lang: Lang, now: Ts, limit: Option<usize>) -> Result<Value> {
    let tz = store.cfg.tz;
    let w = || Window {
        offset: 0,
        limit,
        filter: String::new(),
    };
    let q = HomeQuery {
        now,
        on_duty: w(),
        overdue: w(),
        cases: w(),
        supplies: w(),
    };
    let h = store.home(&q)?;
    let iso = |t: Ts| to_local(t, tz).to_rfc3339();
    Ok(json!({
        "now": iso(now),
        "counts": h.counts,
        "on_duty": h.on_duty.rows.iter().map(|r| json!({
            "id": r.id, "name": r.name, "staff_code": r.staff_code, "category": r.category,
            "post_id": r.post_id, "post": r.post, "since": iso(r.since),
            "minutes_on_duty": (now - r.since).max(0) / 60,
        })).collect::<Vec<_>>(),
        "overdue_rest": h.overdue.rows.iter().map(|r| json!({
            "id": r.id, "name": r.name, "staff_code": r.staff_code, "post": r.post, "since": iso(r.since),
            "rule": r.breaches[0].rule, "over_by_minutes": r.breaches[0].over_by_minutes,
            "detail": i18n::breach(lang, &r.breaches[0]),
            "rules": r.breaches,
        })).collect::<Vec<_>>(),
        "family_cases": h.cases.rows.iter().map(|r| json!({
            "id": r.id, "person_id": r.person_id, "name": r.name, "category": r.category,
            "urgency": r.urgency, "status": r.status, "organisation": r.organisation, "helper": r.helper,
            "opened_at": iso(r.opened_at), "summary": r.summary,
            "overdue": store.case_is_overdue(r.opened_at, now),
        })).collect::<Vec<_>>(),
        "supplies": h.supplies.rows.iter().map(|r| json!({
            "id": r.id, "code": r.code, "name": crate::i18n::pick(lang, &r.name_en, &r.name_zh),
            "name_zh": r.name_zh, "name_en": r.name_en,
            "on_hand": r.on_hand, "unit": crate::i18n::pick(lang, &r.unit_en, &r.unit_zh),
            "burn_per_day": (r.burn_per_day * 10.0).round() / 10.0,
            "days_of_cover": r.days_of_cover.map(|d| (d * 10.0).round() / 10.0),
            "low": r.low,
            "runs_out": r.runs_out.map(iso),
        })).collect::<Vec<_>>(),
    }))
}

/// A short plain-text summary for people at a shell.
pub fn status_text(v: &Value) -> String {
    let c = &v["counts"];
    let mut s = format!(
        "on duty {}  overdue {}  forced rest {}  open cases {}  low items {}\n",
        c["on_duty"], c["overdue"], c["forced_rest"], c["open_cases"], c["low_items"]
    );
    s += &format!(
        "alerts {}  unwell {}  no report {}  cases overdue {}  out of service {}\n",
        c["alerts"], c["unwell"], c["no_report"], c["cases_overdue"], c["out_of_service"]
    );
    for r in v["overdue_rest"].as_array().into_iter().flatten().take(10) {
        s += &format!(
            "  overdue  {} ({})  {}\n",
            r["name"].as_str().unwrap_or(""),
            r["id"],
            r["detail"].as_str().unwrap_or("")
        );
    }
    for r in v["supplies"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["low"] == true)
    {
        s += &format!(
            "  LOW      {}  {} {}  {} days\n",
            r["name"].as_str().unwrap_or(""),
            r["on_hand"],
            r["unit"].as_str().unwrap_or(""),
            r["days_of_cover"]
        );
    }
    s
}
