//! The handover (交接班): what happened on this desk's shift and what comes next, in one
//! query that the `frontline handover` sheet and the Handover screen both render.

use super::Store;
use super::audit_queries::AuditRow;
use crate::domain::Ts;
use crate::domain::stock::{days_of_cover, is_low};
use crate::store::db::params;
use anyhow::Result;
use serde::Serialize;

/// A person with a time (a forced rest's start or end, a shift's edge) and a place or reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimedName {
    pub name: String,
    pub at: Ts,
    /// The post, the reason, the case's summary or the item's unit left: what goes with it.
    pub what: String,
}

/// A forced rest that ends: when, why it was given, and who ended it early (and why), if a
/// desk did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestEnd {
    pub name: String,
    pub at: Ts,
    pub reason: String,
    pub ended_by: Option<String>,
    pub ended_why: Option<String>,
}

/// An item low on the shift: when it crossed under the threshold (for "still low", `since`),
/// its level then and now. Cover is at today's burn rate, the same rate for the whole shift.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StockLow {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit_zh: String,
    pub unit_en: String,
    pub at: Ts,
    /// All depots together, at `since`.
    pub on_hand_since: i64,
    /// All depots together, at `now`.
    pub on_hand: i64,
    /// Days of cover now; `None` when nothing is being used.
    pub cover: Option<f64>,
    /// Whether it is still under the threshold now (it may have been restocked since).
    pub low_now: bool,
}

/// A post that will be short at the next shift change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShortPost {
    pub post: String,
    pub required: i64,
    pub planned: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Handover {
    pub since: Ts,
    pub now: Ts,
    /// Who signed in at the start of the shift (the sign-in it runs from), if one did.
    pub signed_in: Option<String>,
    /// The desk's log, oldest first.
    pub notes: Vec<AuditRow>,
    /// Every action by every desk since, oldest first (notes and sign-ins included).
    pub actions: Vec<AuditRow>,
    /// Positive tests raised and rest rules crossed since.
    pub new_alerts: Vec<TimedName>,
    pub rests_begun: Vec<TimedName>,
    /// Forced rests that ended since or end before the next shift change (or in 12 hours),
    /// by end time.
    pub rests_ending: Vec<RestEnd>,
    pub cases_opened: Vec<TimedName>,
    pub cases_resolved: Vec<TimedName>,
    /// Items that went low on this shift: at or above the low threshold at `since`, under it
    /// at some movement since (`at` is that movement's time), first to cross first.
    pub stock_went_low: Vec<StockLow>,
    /// Items already low at `since` and low now, least cover first.
    pub stock_still_low: Vec<StockLow>,
    /// The next shift change: when, who comes off, who comes on, which posts will be short.
    pub next_change: Option<Ts>,
    pub coming_off: Vec<TimedName>,
    pub coming_on: Vec<TimedName>,
    pub short_posts: Vec<ShortPost>,
    /// How many each list counts in all: a list holds at most `LISTED` (a city's shift change
    /// is tens of thousands of people; the sheet names the first and counts the rest).
    pub totals: Totals,
}

/// The most names a list of the handover holds.
pub const LISTED: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Totals {
    pub new_alerts: usize,
    pub rests_begun: usize,
    pub coming_off: usize,
    pub coming_on: usize,
}

impl Store {
    /// When `operator`'s shift began: their latest sign-in at a desk (else anyone's latest
    /// sign-in), with the name signed in.
    pub fn last_sign_in(&self, operator: Option<&str>) -> Result<Option<(Ts, String)>> {
        let q = "SELECT at, json_extract(details, '$.name') FROM audit_log
                 WHERE action = 'desk_sign_in' AND (?1 IS NULL OR json_extract(details, '$.name') = ?1)
                 ORDER BY id DESC LIMIT 1";
        let mut st = self.conn.prepare_cached(q)?;
        let mut found = st
            .query_map(params![operator], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<crate::store::db::Result<Vec<_>>>()?;
        if found.is_empty() && operator.is_some() {
            return self.last_sign_in(None);
        }
        Ok(found.pop())
    }

    /// The handover of the shift from `since` to `now`.
    pub fn handover(&self, since: Ts, now: Ts) -> Result<Handover> {
        let c = &self.conn;
        let timed = |sql: &str, p: &[&dyn crate::store::db::ToSql]| -> Result<Vec<TimedName>> {
            Ok(c.prepare_cached(sql)?
                .query_map(p, |r| {
                    Ok(TimedName {
                        name: r.get(0)?,
                        at: r.get(1)?,
                        what: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    })
                })?
                .collect::<crate::store::db::Result<_>>()?)
        };
        let actions: Vec<AuditRow> = self
            .audit_since(since)?
            .into_iter()
            .filter(|r| r.at <= now)
            .collect();
        let notes = actions
            .iter()
            .filter(|r| r.action == "log_note")
            .cloned()
            .collect();
        let signed_in = actions
            .iter()
            .find(|r| r.action == "desk_sign_in")
            .and_then(|r| r.details["name"].as_str().map(str::to_string));
        let mut new_alerts = timed(
            "SELECT p.name, a.raised_at, 'positive' FROM alerts a JOIN people p ON p.id = a.person_id
             WHERE a.raised_at >= ?1 AND a.raised_at <= ?2 ORDER BY a.raised_at",
            &[&since, &now],
        )?;
        let count = |sql: &str, p: &[&dyn crate::store::db::ToSql]| -> Result<usize> {
            Ok(c.prepare_cached(sql)?
                .query_row(p, |r| r.get::<_, i64>(0))? as usize)
        };
        let positives = new_alerts.len();
        new_alerts.extend(timed(
            "SELECT p.name, s.breach_at, s.breach_rule FROM shifts s INDEXED BY shifts_active_breach
             JOIN people p ON p.id = s.person_id
             WHERE s.breach_at >= ?1 AND s.breach_at <= ?2 AND s.status = 'active'
               AND s.breach_at IS NOT NULL
             ORDER BY s.breach_at LIMIT ?3",
            &[&since, &now, &(LISTED as i64)],
        )?);
        new_alerts.sort_by_key(|t| t.at);
        let mut totals = Totals {
            new_alerts: positives
                + count(
                    "SELECT count(*) FROM shifts INDEXED BY shifts_active_breach
                     WHERE status = 'active' AND breach_at IS NOT NULL
                       AND breach_at >= ?1 AND breach_at <= ?2",
                    &[&since, &now],
                )?,
            rests_begun: count(
                "SELECT count(*) FROM rest_periods r
                 WHERE r.kind = 'forced' AND r.start_at >= ?1 AND r.start_at <= ?2 AND r.end_at > r.start_at",
                &[&since, &now],
            )?,
            ..Totals::default()
        };
        let rests_begun = timed(
            "SELECT p.name, r.start_at, r.reason FROM rest_periods r JOIN people p ON p.id = r.person_id
             WHERE r.kind = 'forced' AND r.start_at >= ?1 AND r.start_at <= ?2 AND r.end_at > r.start_at
             ORDER BY r.start_at LIMIT ?3",
            &[&since, &now, &(LISTED as i64)],
        )?;
        // The next shift change: the first planned start after now.
        let next_change: Option<Ts> = c
            .prepare_cached(
                "SELECT min(planned_start) FROM shifts WHERE status = 'planned' AND planned_start > ?1",
            )?
            .query_row([now], |r| r.get(0))?;
        let horizon = next_change.unwrap_or(now + 12 * 3600);
        let rests_ending = c
            .prepare_cached(
                "SELECT r.id, p.name, r.end_at, r.reason FROM rest_periods r
                 JOIN people p ON p.id = r.person_id
                 WHERE r.kind = 'forced' AND r.end_at >= ?1 AND r.end_at <= ?2 AND r.end_at > r.start_at
                 ORDER BY r.end_at, p.name",
            )?
            .query_map(params![since, horizon], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    RestEnd {
                        name: r.get(1)?,
                        at: r.get(2)?,
                        reason: r.get(3)?,
                        ended_by: None,
                        ended_why: None,
                    },
                ))
            })?
            .map(|row| {
                // Ended early by a desk: the `end_rest` row that names this rest.
                let (id, mut end) = row?;
                let undone = |a: &AuditRow| {
                    actions.iter().any(|u| {
                        u.action == "undo" && u.details["undoes"].as_i64() == Some(a.id)
                    })
                };
                if let Some(a) = actions.iter().rev().find(|a| {
                    a.action == "end_rest" && a.details["rest_id"].as_i64() == Some(id) && !undone(a)
                }) {
                    end.ended_by = Some(a.operator.clone());
                    end.ended_why = a.details["reason"].as_str().map(str::to_string);
                }
                Ok(end)
            })
            .collect::<Result<Vec<_>>>()?;
        let cases_opened = timed(
            "SELECT p.name, c.opened_at, c.summary FROM family_cases c JOIN people p ON p.id = c.person_id
             WHERE c.opened_at >= ?1 AND c.opened_at <= ?2 ORDER BY c.opened_at",
            &[&since, &now],
        )?;
        let cases_resolved = timed(
            "SELECT p.name, c.resolved_at, c.outcome FROM family_cases c JOIN people p ON p.id = c.person_id
             WHERE c.resolved_at >= ?1 AND c.resolved_at <= ?2 ORDER BY c.resolved_at",
            &[&since, &now],
        )?;
        let (stock_went_low, stock_still_low) = self.stock_lows(since, now)?;
        let (mut coming_off, mut coming_on, mut short_posts) = (vec![], vec![], vec![]);
        if let Some(t) = next_change {
            // The first to come off (soonest planned end) and the first posts' comers, each
            // list's window chosen on an index; named by post.
            coming_off = timed(
                "SELECT p.name, s.planned_end, po.name
                 FROM (SELECT id FROM shifts INDEXED BY shifts_active_end
                       WHERE status = 'active' AND planned_end <= ?1
                       ORDER BY planned_end, post_id LIMIT ?2) AS w
                 JOIN shifts s ON s.id = w.id JOIN people p ON p.id = s.person_id
                 JOIN posts po ON po.id = s.post_id ORDER BY po.name, p.name",
                &[&t, &(LISTED as i64)],
            )?;
            coming_on = timed(
                "SELECT p.name, s.planned_start, po.name
                 FROM (SELECT id FROM shifts INDEXED BY shifts_planned_start
                       WHERE status = 'planned' AND planned_start = ?1
                       ORDER BY post_id LIMIT ?2) AS w
                 JOIN shifts s ON s.id = w.id JOIN people p ON p.id = s.person_id
                 JOIN posts po ON po.id = s.post_id ORDER BY po.name, p.name",
                &[&t, &(LISTED as i64)],
            )?;
            totals.coming_off = count(
                "SELECT count(*) FROM shifts INDEXED BY shifts_active_end
                 WHERE status = 'active' AND planned_end <= ?1",
                &[&t],
            )?;
            totals.coming_on = count(
                "SELECT count(*) FROM shifts INDEXED BY shifts_planned_start
                 WHERE status = 'planned' AND planned_start = ?1",
                &[&t],
            )?;
            // Posts with someone coming off or on at the change, planned under their headcount:
            // the comers counted by post on one index, those coming off on another.
            short_posts = c
                .prepare_cached(
                    "WITH comers AS (SELECT post_id, count(*) AS n FROM shifts INDEXED BY shifts_planned_start
                                     WHERE status = 'planned' AND planned_start = ?1 GROUP BY post_id),
                          leavers AS (SELECT DISTINCT post_id FROM shifts INDEXED BY shifts_active_end
                                      WHERE status = 'active' AND planned_end <= ?1)
                     SELECT po.name, po.required_per_shift, coalesce(m.n, 0) AS n
                     FROM posts po LEFT JOIN comers m ON m.post_id = po.id
                     WHERE po.closed_at IS NULL
                       AND (m.post_id IS NOT NULL OR po.id IN (SELECT post_id FROM leavers))
                       AND coalesce(m.n, 0) < po.required_per_shift
                     ORDER BY po.required_per_shift - coalesce(m.n, 0) DESC, po.name",
                )?
                .query_map([t], |r| {
                    Ok(ShortPost {
                        post: r.get(0)?,
                        required: r.get(1)?,
                        planned: r.get(2)?,
                    })
                })?
                .collect::<crate::store::db::Result<_>>()?;
        }
        Ok(Handover {
            since,
            now,
            signed_in,
            notes,
            actions,
            new_alerts,
            rests_begun,
            rests_ending,
            cases_opened,
            cases_resolved,
            stock_went_low,
            stock_still_low,
            next_change,
            coming_off,
            coming_on,
            short_posts,
            totals,
        })
    }

    /// Stock that went low between `since` and `now`, and stock low all along. The level at a
    /// time is the level now less the net movements after it; the shift's movements are walked
    /// in time order (movements at one instant together: a transfer is no dip) to find the one
    /// that took the item under. One burn rate (today's) judges every level.
    fn stock_lows(&self, since: Ts, now: Ts) -> Result<(Vec<StockLow>, Vec<StockLow>)> {
        let rows = self.supplies(now, &super::queries::Window::all())?.rows;
        let threshold = self.cfg.rules.low_stock_days;
        let mut after = self.conn.prepare_cached(
            "SELECT at, sum(quantity) FROM stock_movements WHERE item_id = ?1 AND at > ?2
             GROUP BY at ORDER BY at",
        )?;
        let (mut went, mut still) = (vec![], vec![]);
        for r in rows {
            let moves = after
                .query_map(params![r.id, since], |x| {
                    Ok((x.get::<_, Ts>(0)?, x.get(1)?))
                })?
                .collect::<crate::store::db::Result<Vec<(Ts, i64)>>>()?;
            let net = |from: Ts| -> i64 { moves.iter().filter(|m| m.0 > from).map(|m| m.1).sum() };
            let low = |level: i64| is_low(level, days_of_cover(level, r.burn_per_day), threshold);
            let level_since = r.on_hand - net(since);
            let level_now = r.on_hand - net(now);
            let mut line = StockLow {
                code: r.code.clone(),
                name_zh: r.name_zh.clone(),
                name_en: r.name_en.clone(),
                unit_zh: r.unit_zh.clone(),
                unit_en: r.unit_en.clone(),
                at: since,
                on_hand_since: level_since,
                on_hand: level_now,
                cover: days_of_cover(level_now, r.burn_per_day),
                low_now: low(level_now),
            };
            if low(level_since) {
                if line.low_now {
                    still.push(line);
                }
                continue;
            }
            let mut level = level_since;
            for &(at, q) in moves.iter().filter(|m| m.0 <= now) {
                level += q;
                if low(level) {
                    line.at = at;
                    went.push(line);
                    break;
                }
            }
        }
        went.sort_by_key(|l: &StockLow| (l.at, l.code.clone()));
        still.sort_by(|a, b| {
            let c = |l: &StockLow| l.cover.unwrap_or(f64::INFINITY);
            c(a).total_cmp(&c(b)).then(a.code.cmp(&b.code))
        });
        Ok((went, still))
    }
}
