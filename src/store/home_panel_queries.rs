//! The rows of the home screen's four panels (on duty, overdue, family cases, supplies), each a
//! window on an index so a page costs the same with 500 people or 100 000. Their totals are read
//! with the rest of the home screen in `queries.rs`.

use super::Store;
use super::queries::{CaseRow, OnDutyRow, OverdueRow, Page, SupplyRow, Window, count};
use crate::domain::rules::{Breach, Duty, evaluate};
use crate::domain::stock::{burn_rate, days_of_cover, is_low, runs_out, window_days};
use crate::domain::time::local_day;
use crate::domain::{RuleKind, Ts};
use crate::store::db::params;
use anyhow::Result;

/// An Overdue row as read: person, name, staff code, post, shift start, stored rule, breach at.
type Raw = (i64, String, String, String, Ts, Option<String>, Ts);

fn raw_row(r: &crate::store::db::Row<'_>) -> crate::store::db::Result<Raw> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

impl Store {
    pub fn on_duty(&self, _now: Ts, w: &Window) -> Result<Page<OnDutyRow>> {
        self.on_duty_page(w, None)
    }

    /// `on_duty`, given the running shifts' count when the caller has read it already.
    pub(super) fn on_duty_page(
        &self,
        w: &Window,
        active: Option<usize>,
    ) -> Result<Page<OnDutyRow>> {
        let c = &self.conn;
        let filtered = !w.filter.trim().is_empty();
        let total = if filtered {
            count(c, "SELECT count(*) FROM shifts s JOIN people pe ON pe.id = s.person_id JOIN posts po ON po.id = s.post_id
                      WHERE s.status = 'active' AND (pe.name LIKE ?1 ESCAPE '\\' OR pe.staff_code LIKE ?1 ESCAPE '\\' OR po.name LIKE ?1 ESCAPE '\\')", [w.like()])?
        } else {
            match active {
                Some(n) => n,
                None => self.active_shifts()?,
            }
        };
        // Unfiltered, the window is cut from the covering index alone and only its rows are
        // joined: PgDn at row 28 000 skips index entries, not 28 000 joins (deferred join).
        let mut st = c.prepare_cached(if filtered {
            "SELECT pe.id, pe.name, pe.staff_code, pe.category, po.id, po.name, s.actual_start
             FROM shifts s INDEXED BY shifts_active_since
             JOIN people pe ON pe.id = s.person_id JOIN posts po ON po.id = s.post_id
             WHERE s.status = 'active' AND (pe.name LIKE ?1 ESCAPE '\\' OR pe.staff_code LIKE ?1 ESCAPE '\\' OR po.name LIKE ?1 ESCAPE '\\')
             ORDER BY s.actual_start, s.person_id LIMIT ?2 OFFSET ?3"
        } else {
            // On PostgreSQL one plan per window, not one per refresh (`/* window */`: see
            // `db::pg::rewrite::window_params`).
            "/* window */ SELECT pe.id, pe.name, pe.staff_code, pe.category, po.id, po.name, s.actual_start
             FROM (SELECT person_id, post_id, actual_start FROM shifts INDEXED BY shifts_active_since
                   WHERE status = 'active' AND ?1 = '%%' ORDER BY actual_start, person_id LIMIT ?2 OFFSET ?3) s
             JOIN people pe ON pe.id = s.person_id JOIN posts po ON po.id = s.post_id
             ORDER BY s.actual_start, s.person_id"
        })?;
        let rows = st
            .query_map(params![w.like(), w.lim(), w.offset as i64], |r| {
                Ok(OnDutyRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    staff_code: r.get(2)?,
                    category: r.get(3)?,
                    post_id: r.get(4)?,
                    post: r.get(5)?,
                    since: r.get(6)?,
                })
            })?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(Page { rows, total })
    }

    /// On-duty people whose current shift breaks a rule, longest overdue first. The candidate
    /// set is an index range on the stored first-breach time; only the visible rows have their
    /// history evaluated in full.
    pub fn overdue(&self, now: Ts, w: &Window) -> Result<Page<OverdueRow>> {
        self.overdue_page(now, w, None, true)
    }

    /// `overdue`, given the unfiltered total when the caller has read it already; `sync:
    /// false` when it has just brought the history cache up to date (`Store::sync_feed`).
    pub(super) fn overdue_page(
        &self,
        now: Ts,
        w: &Window,
        all: Option<usize>,
        sync: bool,
    ) -> Result<Page<OverdueRow>> {
        let c = &self.conn;
        let total = if w.filter.trim().is_empty() {
            match all {
                Some(n) => n,
                None => self.overdue_total(now)?,
            }
        } else {
            count(
                c,
                "SELECT count(*) FROM shifts s INDEXED BY shifts_active_breach
                 JOIN people pe ON pe.id = s.person_id JOIN posts po ON po.id = s.post_id
                 WHERE s.status = 'active' AND s.breach_at IS NOT NULL AND s.breach_at <= ?1
                   AND (pe.name LIKE ?2 ESCAPE '\\' OR pe.staff_code LIKE ?2 ESCAPE '\\' OR po.name LIKE ?2 ESCAPE '\\')",
                params![now, w.like()],
            )?
        };
        let unfiltered = w.filter.trim().is_empty();
        // Deferred join, as for On duty. The window reads the index's own columns only, so
        // PostgreSQL walks it in order (an index-only scan that stops at the window): it
        // underestimates active shifts with a breach (two correlated conditions) and, asked for
        // more columns, sorted all 15 000 overdue shifts by a bitmap scan instead (50 ms at
        // city size). The running shift's other columns come from its unique index.
        let raw: Vec<Raw> = if unfiltered && w.limit.is_some() {
            // A page: the overdue shifts are the first ones in breach order, so their window is
            // the window of all running shifts with a predicted breach, cut to those due by
            // `now` outside it. The inner statement has no parameter but its bounds, and `now`
            // is hidden from the planner (`(SELECT ?1)`, a filter on at most a page of rows), so
            // PostgreSQL plans each window once (`/* window */`); with `now` inside it planned
            // the statement on every refresh (0.5 ms, three times its run).
            let mut st = c.prepare_cached(
                "/* window */ SELECT pe.id, pe.name, pe.staff_code, po.name, a.actual_start, a.breach_rule, s.breach_at
                 FROM (SELECT person_id, post_id, breach_at
                       FROM shifts INDEXED BY shifts_active_breach
                       WHERE status = 'active' AND breach_at IS NOT NULL
                       ORDER BY breach_at, person_id LIMIT ?2 OFFSET ?3) s
                 JOIN shifts a INDEXED BY shifts_one_active ON a.person_id = s.person_id AND a.status = 'active'
                 JOIN people pe ON pe.id = s.person_id JOIN posts po ON po.id = s.post_id
                 WHERE s.breach_at <= (SELECT ?1)
                 ORDER BY s.breach_at, s.person_id",
            )?;
            st.query_map(params![now, w.lim(), w.offset as i64], raw_row)?
                .collect::<crate::store::db::Result<_>>()?
        } else {
            // All of them (`Window::all`: nearly every running shift has a predicted breach, all
            // 37 000 at city size, so `now` must bound the scan), or a filter's matches.
            let mut st = c.prepare_cached(if unfiltered {
                "SELECT pe.id, pe.name, pe.staff_code, po.name, a.actual_start, a.breach_rule, s.breach_at
                 FROM (SELECT person_id, post_id, breach_at
                       FROM shifts INDEXED BY shifts_active_breach
                       WHERE status = 'active' AND breach_at IS NOT NULL AND breach_at <= ?1 AND ?2 = '%%'
                       ORDER BY breach_at, person_id LIMIT ?3 OFFSET ?4) s
                 JOIN shifts a INDEXED BY shifts_one_active ON a.person_id = s.person_id AND a.status = 'active'
                 JOIN people pe ON pe.id = s.person_id JOIN posts po ON po.id = s.post_id
                 ORDER BY s.breach_at, s.person_id"
            } else {
                "SELECT pe.id, pe.name, pe.staff_code, po.name, s.actual_start, s.breach_rule, s.breach_at
                 FROM shifts s INDEXED BY shifts_active_breach
                 JOIN people pe ON pe.id = s.person_id JOIN posts po ON po.id = s.post_id
                 WHERE s.status = 'active' AND s.breach_at IS NOT NULL AND s.breach_at <= ?1
                   AND (pe.name LIKE ?2 ESCAPE '\\' OR pe.staff_code LIKE ?2 ESCAPE '\\' OR po.name LIKE ?2 ESCAPE '\\')
                 ORDER BY s.breach_at, s.person_id LIMIT ?3 OFFSET ?4"
            })?;
            st.query_map(params![now, w.like(), w.lim(), w.offset as i64], raw_row)?
                .collect::<crate::store::db::Result<_>>()?
        };
        let keys: Vec<(i64, Ts, Option<RuleKind>)> = raw
            .iter()
            .map(|r| (r.0, r.4, r.5.as_deref().and_then(RuleKind::parse)))
            .collect();
        let breaches = self.overdue_breaches_fed(now, &keys, sync)?;
        let rows = raw
            .into_iter()
            .zip(breaches)
            .map(
                |((id, name, staff_code, post, since, _, breach_at), breaches)| OverdueRow {
                    id,
                    name,
                    staff_code,
                    post,
                    since,
                    breach_at,
                    breaches,
                },
            )
            .collect();
        Ok(Page { rows, total })
    }

    /// Every rule each running shift `(person, start, stored first-breach rule)` breaks at
    /// `now`, worst first, its history evaluated in full: what the Overdue panel and the alerts
    /// show for a person. A shift the stored prediction holds overdue but a fresh evaluation
    /// does not (history changed under it) shows the stored rule rather than hide the person.
    pub(crate) fn overdue_breaches(
        &self,
        now: Ts,
        keys: &[(i64, Ts, Option<RuleKind>)],
    ) -> Result<Vec<Vec<Breach>>> {
        self.overdue_breaches_fed(now, keys, true)
    }

    fn overdue_breaches_fed(
        &self,
        now: Ts,
        keys: &[(i64, Ts, Option<RuleKind>)],
        sync: bool,
    ) -> Result<Vec<Vec<Breach>>> {
        let hist_keys: Vec<(i64, Ts)> = keys.iter().map(|k| (k.0, k.1)).collect();
        let histories = self.histories_fed(&hist_keys, sync)?;
        let mut out = Vec::with_capacity(keys.len());
        for ((_, since, stored_rule), hist) in keys.iter().zip(histories) {
            let duty = Duty {
                history: &hist,
                current_start: Some(*since),
            };
            let mut breaches = evaluate(&duty, now, &self.cfg.rules, self.cfg.tz);
            if breaches.is_empty() {
                breaches.push(Breach {
                    rule: stored_rule.unwrap_or(RuleKind::ContinuousDuty),
                    limit: 0.0,
                    actual: 0.0,
                    over_by_minutes: 0,
                    window_days: None,
                });
            }
            breaches.sort_by_key(|b| std::cmp::Reverse(b.over_by_minutes));
            out.push(breaches);
        }
        Ok(out)
    }

    /// Open family-support cases, most urgent then oldest first.
    pub fn cases(&self, w: &Window) -> Result<Page<CaseRow>> {
        self.cases_page(w, None)
    }

    /// `cases` for the home screen, just after `Store::sync_feed`: the page kept from the last
    /// refresh while only duty actions were written since (`history_cache::Panels`) and the
    /// open cases' count `open` (read with the tallies) is still its total.
    pub(super) fn cases_kept(&self, w: &Window, open: usize) -> Result<Page<CaseRow>> {
        let kept = self.history_cache.borrow().panels.cases.clone();
        if let Some((kw, page)) = kept
            && kw == *w
            && (!w.filter.trim().is_empty() || page.total == open)
        {
            return Ok(page);
        }
        let page = self.cases_page(w, Some(open))?;
        self.history_cache.borrow_mut().panels.cases = Some((w.clone(), page.clone()));
        Ok(page)
    }

    /// `supplies` for the home screen, just after `Store::sync_feed`: kept as `cases_kept`,
    /// for the same window, local day, burn window and low-stock days (the burn rates are of
    /// whole local days before today), the day each runs out worked out again from `now`.
    pub(super) fn supplies_kept(&self, now: Ts, w: &Window) -> Result<Page<SupplyRow>> {
        let key = (
            w.clone(),
            local_day(now, self.cfg.tz),
            self.cfg.rules.supplies.burn_window_days,
            self.cfg.rules.low_stock_days.to_bits(),
        );
        let kept = self.history_cache.borrow().panels.supplies.clone();
        if let Some((k, mut page)) = kept
            && k == key
        {
            // The one figure that moves with the clock within a day.
            for r in &mut page.rows {
                r.runs_out = runs_out(now, r.days_of_cover);
            }
            return Ok(page);
        }
        let page = self.supplies(now, w)?;
        self.history_cache.borrow_mut().panels.supplies = Some((key, page.clone()));
        Ok(page)
    }

    /// `cases`, given the open cases' count when the caller has read it already.
    pub(super) fn cases_page(&self, w: &Window, open: Option<usize>) -> Result<Page<CaseRow>> {
        let c = &self.conn;
        let total = if w.filter.trim().is_empty() {
            match open {
                Some(n) => n,
                None => self.open_cases()?.0,
            }
        } else {
            count(
                c,
                "SELECT count(*) FROM family_cases f JOIN people pe ON pe.id = f.person_id
                 WHERE f.status <> 'resolved' AND (pe.name LIKE ?1 ESCAPE '\\' OR f.summary LIKE ?1 ESCAPE '\\' OR f.category LIKE ?1 ESCAPE '\\')",
                [w.like()],
            )?
        };
        // Unfiltered, a statement without the filter: on PostgreSQL one plan per window
        // (`/* window */`) instead of one per refresh (0.19 ms, more than its run).
        let mut st = c.prepare_cached(if w.filter.trim().is_empty() {
            "/* window */ SELECT f.id, pe.id, pe.name, f.category, f.urgency, f.status, f.organisation, f.helper, f.opened_at, f.summary
             FROM family_cases f INDEXED BY cases_pending JOIN people pe ON pe.id = f.person_id
             WHERE f.status <> 'resolved' AND ?1 = '%%'
             ORDER BY f.urgency DESC, f.opened_at, f.id LIMIT ?2 OFFSET ?3"
        } else {
            "SELECT f.id, pe.id, pe.name, f.category, f.urgency, f.status, f.organisation, f.helper, f.opened_at, f.summary
             FROM family_cases f INDEXED BY cases_pending JOIN people pe ON pe.id = f.person_id
             WHERE f.status <> 'resolved' AND (pe.name LIKE ?1 ESCAPE '\\' OR f.summary LIKE ?1 ESCAPE '\\' OR f.category LIKE ?1 ESCAPE '\\')
             ORDER BY f.urgency DESC, f.opened_at, f.id LIMIT ?2 OFFSET ?3"
        })?;
        let rows = st
            .query_map(params![w.like(), w.lim(), w.offset as i64], |r| {
                Ok(CaseRow {
                    id: r.get(0)?,
                    person_id: r.get(1)?,
                    name: r.get(2)?,
                    category: r.get(3)?,
                    urgency: r.get(4)?,
                    status: r.get(5)?,
                    organisation: r.get(6)?,
                    helper: r.get(7)?,
                    opened_at: r.get(8)?,
                    summary: r.get(9)?,
                })
            })?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(Page { rows, total })
    }

    /// Every item with stock, burn rate (the last `supplies.burn_window_days` complete local
    /// days, default 7, recent days weigh more), days of cover and the day it runs out; low
    /// items first, then least cover.
    pub fn supplies(&self, now: Ts, w: &Window) -> Result<Page<SupplyRow>> {
        Self::supplies_on(&self.conn, &self.cfg, now, w)
    }

    /// `supplies` on any connection (the executor's transaction checks an alert with it).
    pub(crate) fn supplies_on(
        c: &crate::store::db::Connection,
        cfg: &super::StoreConfig,
        now: Ts,
        w: &Window,
    ) -> Result<Page<SupplyRow>> {
        let today = local_day(now, cfg.tz);
        let window = cfg.rules.supplies.burn_window_days;
        // Two statements whatever the number of items (on a server each is a round trip): the
        // items with their stock and first day of history, then every item's issues in the
        // widest window any of them can have (`window_days` never starts before it).
        let mut st = c.prepare_cached(
            "SELECT i.id, i.code, i.name_zh, i.name_en, i.unit_zh, i.unit_en, coalesce(sum(s.on_hand), 0),
                    i.category, i.reorder_level,
                    (SELECT min(d.day) FROM stock_daily d WHERE d.item_id = i.id)
             FROM supply_items i LEFT JOIN stock s ON s.item_id = i.id GROUP BY i.id ORDER BY i.id",
        )?;
        let items: Vec<(SupplyRow, Option<i64>)> = st
            .query_map([], |r| {
                Ok((
                    SupplyRow {
                        id: r.get(0)?,
                        code: r.get(1)?,
                        name_zh: r.get(2)?,
                        name_en: r.get(3)?,
                        unit_zh: r.get(4)?,
                        unit_en: r.get(5)?,
                        on_hand: r.get(6)?,
                        burn_per_day: 0.0,
                        days_of_cover: None,
                        low: false,
                        category: r.get(7)?,
                        reorder_level: r.get(8)?,
                        runs_out: None,
                    },
                    r.get(9)?,
                ))
            })?
            .collect::<crate::store::db::Result<_>>()?;
        let (widest, _) = window_days(today, window, Some(i64::MIN));
        let mut issued: std::collections::HashMap<i64, Vec<(i64, i64)>> =
            std::collections::HashMap::new();
        let mut daily = c.prepare_cached(
            "SELECT d.item_id, d.day, d.issued FROM supply_items i
             JOIN stock_daily d ON d.item_id = i.id AND d.day >= ?1 AND d.day < ?2",
        )?;
        for r in daily.query_map(params![widest, today], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })? {
            let (item, d, n) = r?;
            issued.entry(item).or_default().push((d, n));
        }
        let f = w.filter.trim().to_lowercase();
        let mut rows = Vec::new();
        for (mut row, first_day) in items {
            if !f.is_empty()
                && ![&row.code, &row.name_zh, &row.name_en]
                    .iter()
                    .any(|s| s.to_lowercase().contains(&f))
            {
                continue;
            }
            let (from, to) = window_days(today, window, first_day);
            let mut days = vec![0.0f64; (to - from) as usize];
            for &(d, n) in issued.get(&row.id).into_iter().flatten() {
                if d >= from && d < to {
                    days[(d - from) as usize] = n as f64;
                }
            }
            row.burn_per_day = burn_rate(&days);
            row.days_of_cover = days_of_cover(row.on_hand, row.burn_per_day);
            row.low = is_low(row.on_hand, row.days_of_cover, cfg.rules.low_stock_days);
            row.runs_out = runs_out(now, row.days_of_cover);
            rows.push(row);
        }
        rows.sort_by(|a, b| {
            b.low.cmp(&a.low).then(
                a.days_of_cover
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&b.days_of_cover.unwrap_or(f64::INFINITY)),
            )
        });
        let total = rows.len();
        let rows = rows
            .into_iter()
            .skip(w.offset)
            .take(w.limit.unwrap_or(usize::MAX))
            .collect();
        Ok(Page { rows, total })
    }
}
