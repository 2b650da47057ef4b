//! Alerts: what needs a dispatcher's acknowledgement now. Derived, not stored: the
//! unacknowledged positive tests (the `alerts` table of the health area), everyone over a rest
//! rule (the Overdue panel's query) and every low item (the supplies query); an
//! acknowledgement is a row in `alert_acks` keyed by what it acknowledges, so an alert does
//! not come back while it is the same alert, and a new one (the next shift over a rule, the
//! next day an item is still low) has a new key.

use super::Store;
use super::queries::{Page, Window};
use crate::domain::RuleKind;
use crate::domain::Ts;
use crate::domain::rules::Breach;
use crate::store::db::{OptionalExtension, params};
use anyhow::Result;
use serde::Serialize;

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
    /// For `rest`: when the shift first broke a rule (the one "+13h08" measure).
    pub breach_at: Option<Ts>,
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
    ///
    /// Without a filter only the page is read: the rest alerts (tens of thousands at city size)
    /// are a window of the Overdue panel's index, counted from its kept total less the few
    /// acknowledged ones; with a filter every alert is listed, then matched.
    pub fn alert_list(&self, now: Ts, w: &Window) -> Result<Page<AlertRow>> {
        let (tests, low) = (
            self.unacknowledged(self.test_alerts()?)?,
            self.unacknowledged(self.low_alerts(now)?)?,
        );
        let (total, mut rows) = if w.filter.trim().is_empty() {
            let acked = self.acked_rest_alerts(now)?;
            let rest_total = self.overdue_total(now)?.saturating_sub(acked);
            // The list is tests, then rest alerts, then low items: the page takes what it
            // overlaps of each.
            let n_tests = tests.len();
            let total = n_tests + rest_total + low.len();
            let lim = w.limit.unwrap_or(usize::MAX);
            let mut rows: Vec<AlertRow> = tests.into_iter().skip(w.offset).take(lim).collect();
            let rest_offset = w.offset.saturating_sub(n_tests);
            let want = lim - rows.len();
            if want > 0 && rest_offset < rest_total {
                rows.extend(self.rest_alerts(now, rest_offset, Some(want), acked > 0)?);
            }
            let low_offset = w.offset.saturating_sub(n_tests + rest_total);
            let want = lim - rows.len();
            rows.extend(low.into_iter().skip(low_offset).take(want));
            (total, rows)
        } else {
            let f = w.filter.trim().to_lowercase();
            let rest = self.rest_alerts(now, 0, None, true)?;
            let open: Vec<AlertRow> = tests
                .into_iter()
                .chain(rest)
                .chain(low)
                .filter(|a| {
                    a.name.to_lowercase().contains(&f)
                        || a.name_en.to_lowercase().contains(&f)
                        || a.key.contains(&f)
                })
                .collect();
            let total = open.len();
            let rows = open
                .into_iter()
                .skip(w.offset)
                .take(w.limit.unwrap_or(usize::MAX))
                .collect();
            (total, rows)
        };
        // The worst rule broken, for the rest alerts on the page only.
        let keys: Vec<(i64, Ts, Option<RuleKind>)> = rows
            .iter()
            .filter(|a| a.kind == "rest")
            .map(|a| (a.id, a.since, a.breach.as_ref().map(|b| b.rule)))
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

    /// The alerts of `all` nobody has acknowledged.
    fn unacknowledged(&self, all: Vec<AlertRow>) -> Result<Vec<AlertRow>> {
        let mut acked = self
            .conn
            .prepare_cached("SELECT 1 FROM alert_acks WHERE key = ?1")?;
        let mut open = Vec::with_capacity(all.len());
        for a in all {
            if acked.query_row([&a.key], |_| Ok(())).optional()?.is_none() {
                open.push(a);
            }
        }
        Ok(open)
    }

    /// Positive tests not yet acknowledged in the health area, newest first.
    fn test_alerts(&self) -> Result<Vec<AlertRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT a.id, a.person_id, COALESCE(p.name, ''), a.raised_at FROM alerts a
             LEFT JOIN people p ON p.id = a.person_id
             WHERE a.acknowledged_at IS NULL ORDER BY a.raised_at DESC, a.id DESC",
        )?;
        let rows = st.query_map([], |r| {
            Ok(AlertRow {
                key: format!("test:{}", r.get::<_, i64>(0)?),
                kind: "positive_test",
                id: r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                name: r.get(2)?,
                name_en: String::new(),
                since: r.get(3)?,
                breach: None,
                breach_at: None,
                cover: None,
                on_hand: None,
            })
        })?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// People over a rest rule, in the Overdue panel's order (the stored first-breach time),
    /// from `offset`, at most `limit`, the acknowledged ones left out when `skip_acked`. Their
    /// histories are not evaluated here: `breach` carries only the stored rule (`limit` 0).
    fn rest_alerts(
        &self,
        now: Ts,
        offset: usize,
        limit: Option<usize>,
        skip_acked: bool,
    ) -> Result<Vec<AlertRow>> {
        // Deferred join, as for the Overdue panel: the window is walked on the index alone.
        // With no acknowledgement to skip, the window reads only the index's own columns (so
        // PostgreSQL walks it in order rather than sort every overdue shift, as for the
        // Overdue panel); skipping some needs each shift's start inside the window.
        let limit = limit.map_or(-1, |l| l.min(i64::MAX as usize) as i64);
        let mut st = self.conn.prepare_cached(if skip_acked {
            "SELECT pe.id, pe.name, s.actual_start, s.breach_rule, s.breach_at
                     FROM (SELECT person_id, actual_start, breach_at, breach_rule
                           FROM shifts INDEXED BY shifts_active_breach
                           WHERE status = 'active' AND breach_at IS NOT NULL AND breach_at <= ?1
                             AND NOT EXISTS(SELECT 1 FROM alert_acks k
                                   WHERE k.key = 'rest:' || person_id || ':' || actual_start)
                           ORDER BY breach_at, person_id LIMIT ?2 OFFSET ?3) s
                     JOIN people pe ON pe.id = s.person_id
                     ORDER BY s.breach_at, s.person_id"
        } else {
            "SELECT pe.id, pe.name, a.actual_start, a.breach_rule, s.breach_at
                     FROM (SELECT person_id, breach_at
                           FROM shifts INDEXED BY shifts_active_breach
                           WHERE status = 'active' AND breach_at IS NOT NULL AND breach_at <= ?1
                           ORDER BY breach_at, person_id LIMIT ?2 OFFSET ?3) s
                     JOIN shifts a INDEXED BY shifts_one_active
                       ON a.person_id = s.person_id AND a.status = 'active'
                     JOIN people pe ON pe.id = s.person_id
                     ORDER BY s.breach_at, s.person_id"
        })?;
        let rows = st.query_map(params![now, limit, offset as i64], |r| {
            let (id, since): (i64, Ts) = (r.get(0)?, r.get(2)?);
            let rule: Option<String> = r.get(3)?;
            Ok(AlertRow {
                key: format!("rest:{id}:{since}"),
                kind: "rest",
                id,
                name: r.get(1)?,
                name_en: String::new(),
                since,
                breach_at: r.get(4)?,
                breach: rule
                    .as_deref()
                    .and_then(RuleKind::parse)
                    .map(|rule| Breach {
                        rule,
                        limit: 0.0,
                        actual: 0.0,
                        over_by_minutes: 0,
                        window_days: None,
                    }),
                cover: None,
                on_hand: None,
            })
        })?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// How many of the current rest alerts have been acknowledged: acknowledgements are few,
    /// so each is looked up rather than every alert.
    fn acked_rest_alerts(&self, now: Ts) -> Result<usize> {
        let mut keys = self
            .conn
            .prepare_cached("SELECT key FROM alert_acks WHERE key LIKE 'rest:%'")?;
        let mut current = self.conn.prepare_cached(
            "SELECT 1 FROM shifts WHERE person_id = ?1 AND actual_start = ?2 AND status = 'active'
               AND breach_at IS NOT NULL AND breach_at <= ?3",
        )?;
        let keys: Vec<String> = keys
            .query_map([], |r| r.get(0))?
            .collect::<crate::store::db::Result<_>>()?;
        let mut n = 0;
        for k in keys {
            let mut parts = k.split(':').skip(1).map(str::parse::<i64>);
            if let (Some(Ok(person)), Some(Ok(start))) = (parts.next(), parts.next())
                && current
                    .query_row(params![person, start, now], |_| Ok(()))
                    .optional()?
                    .is_some()
            {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Items low on stock, least cover first.
    pub(crate) fn low_alerts(&self, now: Ts) -> Result<Vec<AlertRow>> {
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
                breach_at: None,
                cover: s.days_of_cover,
                on_hand: Some(s.on_hand),
            })
            .collect();
        low.sort_by(|a, b| a.cover.unwrap_or(0.0).total_cmp(&b.cover.unwrap_or(0.0)));
        Ok(low)
    }
}
