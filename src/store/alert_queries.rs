//! Alerts: what needs a dispatcher's acknowledgement now. Derived, not stored: the
//! unacknowledged positive tests (the `alerts` table of the health area), everyone over a rest
//! rule (the Overdue panel's query) and every low item (the supplies query); an
//! acknowledgement is a row in `alert_acks` keyed by what it acknowledges, so an alert does
//! not come back while it is the same alert, and a new one (the next shift over a rule, the
//! next day an item is still low) has a new key.

use super::Store;
use super::queries::{Page, Window};
use crate::domain::Ts;
use crate::domain::rules::Breach;
use anyhow::Result;
use rusqlite::OptionalExtension;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertRow {
    /// What `do alert ack KEY` takes: `test:ID`, `rest:PERSON:SHIFT_START`, `low:ITEM:DAY`.
    pub key: String,
    /// `positive_test`, `rest` or `low`.
    pub kind: &'static str,
    /// The person's or the item's id.
    pub id: i64,
    pub name: String,
    /// The item's English name (people have one name: empty here).
    pub name_en: String,
    /// When it began (test raised, shift start, now for stock).
    pub since: Ts,
    /// For `rest`: the worst rule broken.
    pub breach: Option<Breach>,
    /// For `low`: days of cover left (None: not being used) and units on hand.
    pub cover: Option<f64>,
    pub on_hand: Option<i64>,
}

/// The key of a low-stock alert: one a day while the item stays low.
pub fn low_key(item: i64, now: Ts, tz: chrono_tz::Tz) -> String {
    let day = crate::domain::time::to_local(now, tz).format("%Y-%m-%d");
    format!("low:{item}:{day}")
}

impl Store {
    /// Every open (unacknowledged) alert: positive tests, newest first, then people over a rest
    /// rule, worst first, then low items, least cover first. The filter matches name or key.
    pub fn alert_list(&self, now: Ts, w: &Window) -> Result<Page<AlertRow>> {
        let mut all: Vec<AlertRow> = Vec::new();
        let mut st = self.conn.prepare_cached(
            "SELECT a.id, a.person_id, COALESCE(p.name, ''), a.raised_at FROM alerts a
             LEFT JOIN people p ON p.id = a.person_id
             WHERE a.acknowledged_at IS NULL ORDER BY a.raised_at DESC, a.id DESC",
        )?;
        let tests = st.query_map([], |r| {
            Ok(AlertRow {
                key: format!("test:{}", r.get::<_, i64>(0)?),
                kind: "positive_test",
                id: r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                name: r.get(2)?,
                name_en: String::new(),
                since: r.get(3)?,
                breach: None,
                cover: None,
                on_hand: None,
            })
        })?;
        for t in tests {
            all.push(t?);
        }
        // People over a rest rule: the Overdue panel's candidates, in its order (the stored
        // first-breach time), without evaluating anyone's history yet; only the rows on the
        // page are evaluated, below.
        let mut st = self.conn.prepare_cached(
            "SELECT pe.id, pe.name, s.actual_start, s.breach_rule
             FROM shifts s INDEXED BY shifts_active_breach JOIN people pe ON pe.id = s.person_id
             WHERE s.status = 'active' AND s.breach_at IS NOT NULL AND s.breach_at <= ?1
             ORDER BY s.breach_at, s.person_id",
        )?;
        let mut stored_rule: HashMap<String, Option<String>> = HashMap::new();
        let rest = st.query_map([now], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Ts>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        for r in rest {
            let (id, name, since, rule) = r?;
            let key = format!("rest:{id}:{since}");
            stored_rule.insert(key.clone(), rule);
            all.push(AlertRow {
                key,
                kind: "rest",
                id,
                name,
                name_en: String::new(),
                since,
                breach: None,
                cover: None,
                on_hand: None,
            });
        }
        let every = Window {
            offset: 0,
            limit: None,
            filter: String::new(),
        };
        let mut low: Vec<AlertRow> = self
            .supplies(now, &every)?
            .rows
            .into_iter()
            .filter(|s| s.low)
            .map(|s| AlertRow {
                key: low_key(s.id, now, self.cfg.tz),
                kind: "low",
                id: s.id,
                name: s.name_zh.clone(),
                name_en: s.name_en.clone(),
                since: now,
                breach: None,
                cover: s.days_of_cover,
                on_hand: Some(s.on_hand),
            })
            .collect();
        low.sort_by(|a, b| a.cover.unwrap_or(0.0).total_cmp(&b.cover.unwrap_or(0.0)));
        all.extend(low);
        let mut acked = self
            .conn
            .prepare_cached("SELECT 1 FROM alert_acks WHERE key = ?1")?;
        let f = w.filter.trim().to_lowercase();
        let mut open = Vec::new();
        for a in all {
            if acked.query_row([&a.key], |_| Ok(())).optional()?.is_some() {
                continue;
            }
            if f.is_empty()
                || a.name.to_lowercase().contains(&f)
                || a.name_en.to_lowercase().contains(&f)
                || a.key.contains(&f)
            {
                open.push(a);
            }
        }
        let total = open.len();
        let mut rows: Vec<AlertRow> = open
            .into_iter()
            .skip(w.offset)
            .take(w.limit.unwrap_or(usize::MAX))
            .collect();
        // The worst rule broken, for the rest alerts on the page only.
        let keys: Vec<(i64, Ts, Option<String>)> = rows
            .iter()
            .filter(|a| a.kind == "rest")
            .map(|a| (a.id, a.since, stored_rule.remove(&a.key).flatten()))
            .collect();
        let mut worst = self
            .overdue_breaches(now, &keys)?
            .into_iter()
            .map(|b| b.into_iter().next());
        for a in rows.iter_mut().filter(|a| a.kind == "rest") {
            a.breach = worst.next().flatten();
        }
        Ok(Page { rows, total })
    }
}
