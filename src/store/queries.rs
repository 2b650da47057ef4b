//! The reads behind each panel. Every list is a window (`LIMIT … OFFSET …` on an index), so a
//! refresh costs the same with 500 people or 100 000.

use super::Store;
use crate::domain::Ts;
use crate::domain::rules::Breach;
use crate::domain::time::local_day;
use anyhow::Result;
use serde::Serialize;

/// Which rows of a list to fetch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Window {
    pub offset: usize,
    /// `None`: all rows (scripts); the console always passes the visible height.
    pub limit: Option<usize>,
    pub filter: String,
}

impl Window {
    pub fn all() -> Self {
        Window::default()
    }
    pub(crate) fn lim(&self) -> i64 {
        self.limit.map_or(-1, |l| l as i64)
    }
    pub(crate) fn like(&self) -> String {
        let f = self
            .filter
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{f}%")
    }
}

#[derive(Debug, Clone, Default)]
pub struct HomeQuery {
    pub now: Ts,
    pub on_duty: Window,
    pub overdue: Window,
    pub cases: Window,
    pub supplies: Window,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    pub rows: Vec<T>,
    /// Rows matching the filter, of which `rows` is a window.
    pub total: usize,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            rows: Vec::new(),
            total: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OnDutyRow {
    pub id: i64,
    pub name: String,
    pub staff_code: String,
    pub category: crate::domain::Category,
    pub post_id: i64,
    pub post: String,
    pub since: Ts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverdueRow {
    pub id: i64,
    pub name: String,
    pub staff_code: String,
    pub post: String,
    pub since: Ts,
    /// When the running shift first broke a rule: the one measure of how far over a person
    /// is (`now - breach_at`, time on duty in breach), the same on every screen.
    pub breach_at: Ts,
    /// Every rule broken, worst first.
    pub breaches: Vec<Breach>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseRow {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub category: crate::domain::CaseCategory,
    pub urgency: i64,
    pub status: crate::domain::CaseStatus,
    pub organisation: Option<String>,
    pub helper: Option<String>,
    pub opened_at: Ts,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupplyRow {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit_zh: String,
    pub unit_en: String,
    pub on_hand: i64,
    pub burn_per_day: f64,
    pub days_of_cover: Option<f64>,
    pub low: bool,
    pub category: String,
    pub reorder_level: i64,
    /// When the stock runs out at this burn rate (`None`: not being used).
    pub runs_out: Option<Ts>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    pub on_duty: usize,
    pub overdue: usize,
    pub forced_rest: usize,
    pub open_cases: usize,
    pub urgent_cases: usize,
    pub low_items: usize,
    /// Alerts not yet acknowledged (a positive test).
    pub alerts: usize,
    /// Today's reports that say unwell.
    pub unwell: usize,
    /// People without today's health report, once the deadline has passed.
    pub no_report: usize,
    /// Family cases open longer than the configured number of days.
    pub cases_overdue: usize,
    pub out_of_service: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Home {
    pub now: Ts,
    pub on_duty: Page<OnDutyRow>,
    pub overdue: Page<OverdueRow>,
    pub cases: Page<CaseRow>,
    pub supplies: Page<SupplyRow>,
    pub counts: Counts,
}

pub use super::person_ref::PersonHit;

pub use super::audit_queries::AuditRow;

pub(crate) fn count(
    conn: &crate::store::db::Connection,
    sql: &str,
    p: impl crate::store::db::Params,
) -> Result<usize> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(p, |r| r.get::<_, i64>(0))? as usize)
}

/// The home screen's totals as SQL expressions, for their own statements and for the one
/// statement that reads them all (`Store::tallies`). `?1` is now, always read as `(SELECT ?1)`:
/// a value PostgreSQL's planner cannot see, so it plans these statements once and keeps that
/// plan (the same for every moment) instead of planning again on every refresh — planning the
/// tallies took 0.4–0.6 ms there, running them 0.2. SQLite takes the same index ranges.
macro_rules! counter_sql {
    ($name:literal) => {
        concat!("(SELECT value FROM counters WHERE name = '", $name, "')")
    };
}
macro_rules! active_shifts_sql {
    () => {
        counter_sql!("active_shifts")
    };
}
/// Everyone in breach at `?1`: the trigger-kept count per hour of first breach for the hours
/// before this one (migration 6, `breach_hours`), plus an index range within it — a few hundred
/// small rows at city size, not a count of 15 000 overdue shifts.
macro_rules! overdue_total_sql {
    () => {
        "(coalesce((SELECT sum(n) FROM breach_hours WHERE hour < (SELECT ?1) / 3600), 0)
          + (SELECT count(*) FROM shifts WHERE status = 'active'
               AND breach_at >= ((SELECT ?1) / 3600) * 3600 AND breach_at <= (SELECT ?1)))"
    };
}
/// People in forced rest at `?1`: the trigger-kept count per hour their latest forced rest ends
/// in, for the hours after this one, plus an index range within it (migration 9).
macro_rules! forced_rest_total_sql {
    () => {
        "(coalesce((SELECT sum(n) FROM forced_hours WHERE hour > (SELECT ?1) / 3600), 0)
          + (SELECT count(*) FROM people WHERE forced_until > (SELECT ?1)
               AND forced_until < ((SELECT ?1) / 3600 + 1) * 3600))"
    };
}
/// Open family cases opened at or after the cut (the parameter given): three index ranges, one
/// per urgency.
macro_rules! cases_recent_sql {
    ($cut:literal) => {
        concat!(
            "(SELECT count(*) FROM family_cases INDEXED BY cases_pending
               WHERE status <> 'resolved' AND urgency IN (3, 2, 1) AND opened_at >= (SELECT ",
            $cut,
            "))"
        )
    };
}
macro_rules! alerts_sql {
    () => {
        "(SELECT count(*) FROM alerts WHERE acknowledged_at IS NULL)"
    };
}
macro_rules! out_of_service_sql {
    () => {
        "(SELECT count(*) FROM out_of_service WHERE end_at IS NULL)"
    };
}

/// The home's totals as a select list (`Store::tallies`; parameters: now, today's local day,
/// the overdue-case cut), `TALLIES` columns read by `tallies_row`.
macro_rules! tallies_cols {
    () => {
        concat!(
            active_shifts_sql!(),
            ", ",
            counter_sql!("open_cases"),
            ", ",
            counter_sql!("urgent_cases"),
            ", ",
            overdue_total_sql!(),
            ", ",
            forced_rest_total_sql!(),
            ", coalesce((SELECT reported FROM health_daily WHERE day = (SELECT ?2)), 0),
               coalesce((SELECT unwell FROM health_daily WHERE day = (SELECT ?2)), 0), ",
            counter_sql!("people_active"),
            ", ",
            alerts_sql!(),
            ", ",
            cases_recent_sql!("?3"),
            ", ",
            out_of_service_sql!(),
        )
    };
}
const TALLIES: usize = 11;

fn tallies_row(r: &crate::store::db::Row<'_>) -> crate::store::db::Result<Tallies> {
    let n = |i: usize| r.get::<_, i64>(i).map(|v| v.max(0) as usize);
    Ok(Tallies {
        active_shifts: n(0)?,
        open_cases: n(1)?,
        urgent_cases: n(2)?,
        overdue: n(3)?,
        forced_rest: n(4)?,
        reported: n(5)?,
        unwell: n(6)?,
        people_active: n(7)?,
        alerts: n(8)?,
        cases_recent: n(9)?,
        out_of_service: n(10)?,
    })
}

/// A data version read for a refresh (`Store::version_for`), with the home's totals at a
/// moment when they were read with it.
#[derive(Debug, Clone)]
pub struct Version {
    pub value: i64,
    tallies: Option<(Ts, Tallies)>,
}

/// The totals behind the home screen's panels and header, as of one moment (`Store::tallies`).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Tallies {
    pub active_shifts: usize,
    pub open_cases: usize,
    pub urgent_cases: usize,
    pub overdue: usize,
    pub forced_rest: usize,
    /// Today's health reports, and of them those that say unwell.
    pub reported: usize,
    pub unwell: usize,
    /// People not retired (kept by triggers, migration 14).
    pub people_active: usize,
    pub alerts: usize,
    /// Open cases opened within the configured days (not yet overdue).
    pub cases_recent: usize,
    pub out_of_service: usize,
}

impl Store {
    /// How many shifts are running now: one row kept by triggers (schema migration 6).
    pub fn active_shifts(&self) -> Result<usize> {
        count(&self.conn, concat!("SELECT ", active_shifts_sql!()), [])
    }

    /// Family cases not yet resolved, and those of them urgent: kept by triggers (migration 9).
    pub fn open_cases(&self) -> Result<(usize, usize)> {
        let c = &self.conn;
        Ok((
            count(
                c,
                "SELECT value FROM counters WHERE name = 'open_cases'",
                [],
            )?,
            count(
                c,
                "SELECT value FROM counters WHERE name = 'urgent_cases'",
                [],
            )?,
        ))
    }

    /// Open family cases opened before `cut`: all the open ones less the recent few, which are
    /// three index ranges (one per urgency).
    pub fn cases_open_before(&self, cut: Ts) -> Result<usize> {
        let recent = count(
            &self.conn,
            concat!("SELECT ", cases_recent_sql!("?1")),
            [cut],
        )?;
        Ok(self.open_cases()?.0.saturating_sub(recent))
    }

    /// People in forced rest at `now`: the trigger-kept count per hour their latest forced
    /// rest ends in, for the hours after this one, plus an index range within it (migration 9).
    pub fn forced_rest_total(&self, now: Ts) -> Result<usize> {
        count(
            &self.conn,
            concat!("SELECT ", forced_rest_total_sql!()),
            [now],
        )
    }

    /// Everyone in breach at `now`: the trigger-kept count per hour of first breach for the
    /// hours before this one (migration 6, `breach_hours`), plus an index range within it — a
    /// few hundred small rows at city size, not a count of 15 000 overdue shifts.
    pub(crate) fn overdue_total(&self, now: Ts) -> Result<usize> {
        count(&self.conn, concat!("SELECT ", overdue_total_sql!()), [now])
    }

    /// Every total the home screen shows, in one statement: on a server each statement is a
    /// round trip, and these were a dozen of them on every refresh.
    pub(crate) fn tallies(&self, now: Ts) -> Result<Tallies> {
        let mut st = self
            .conn
            .prepare_cached(concat!("SELECT ", tallies_cols!()))?;
        Ok(st.query_row(self.tallies_params(now), tallies_row)?)
    }

    /// `tallies_cols!`'s parameters: now, today's local day, the overdue-case cut.
    fn tallies_params(&self, now: Ts) -> [i64; 3] {
        let today = local_day(now, self.cfg.tz);
        let cut = now - i64::from(self.cfg.rules.case_overdue_days) * 86_400;
        [now, today, cut]
    }

    /// The data version (`Store::data_version`) and, on a server, the home's totals at `now`
    /// read in the same statement: a console's refresh reads both, and on a server each
    /// statement is a round trip. `home_with` uses the totals.
    pub fn version_for(&self, now: Ts) -> Result<Version> {
        if self.conn.engine() == crate::store::db::Engine::Sqlite {
            return Ok(Version {
                value: self.data_version()?,
                tallies: None,
            });
        }
        let mut st = self.conn.prepare_cached(concat!(
            "SELECT ",
            tallies_cols!(),
            ", ",
            server_version_sql!()
        ))?;
        let (value, t) = st.query_row(self.tallies_params(now), |r| {
            Ok((r.get::<_, i64>(TALLIES)?, tallies_row(r)?))
        })?;
        Ok(Version {
            value,
            tallies: Some((now, t)),
        })
    }

    pub fn home(&self, q: &HomeQuery) -> Result<Home> {
        self.home_from(q, None)
    }

    /// `home`, with the totals `version_for` read when they are for `q`'s moment. They are as
    /// they were then: call it right after `version_for`, as the console does.
    pub fn home_with(&self, q: &HomeQuery, v: Version) -> Result<Home> {
        self.home_from(q, v.tallies)
    }

    fn home_from(&self, q: &HomeQuery, read: Option<(Ts, Tallies)>) -> Result<Home> {
        let t = match read {
            Some((now, t)) if now == q.now => t,
            _ => self.tallies(q.now)?,
        };
        let on_duty = self.on_duty_page(&q.on_duty, Some(t.active_shifts))?;
        // One audit read for the Overdue histories and the kept case and supplies pages.
        self.sync_feed()?;
        let overdue = self.overdue_page(q.now, &q.overdue, Some(t.overdue), false)?;
        let cases = self.cases_kept(&q.cases, t.open_cases)?;
        let supplies = self.supplies_kept(q.now, &q.supplies)?;
        let counts = self.counts(q.now, &t, &on_duty, &overdue, &supplies, q)?;
        Ok(Home {
            now: q.now,
            on_duty,
            overdue,
            cases,
            supplies,
            counts,
        })
    }

    fn counts(
        &self,
        now: Ts,
        t: &Tallies,
        on_duty: &Page<OnDutyRow>,
        overdue: &Page<OverdueRow>,
        supplies: &Page<SupplyRow>,
        q: &HomeQuery,
    ) -> Result<Counts> {
        let care = self.care_counts_of(now, t);
        Ok(Counts {
            alerts: care.alerts,
            unwell: care.unwell,
            no_report: care.no_report,
            cases_overdue: care.cases_overdue,
            out_of_service: care.out_of_service,
            // Totals are unfiltered (a filtered page counts only its matches).
            on_duty: if q.on_duty.filter.trim().is_empty() {
                on_duty.total
            } else {
                t.active_shifts
            },
            overdue: if q.overdue.filter.trim().is_empty() {
                overdue.total
            } else {
                t.overdue
            },
            forced_rest: t.forced_rest,
            open_cases: t.open_cases,
            urgent_cases: t.urgent_cases,
            // Every item is on the page (a few dozen at most): counted there; else read whole.
            low_items: if q.supplies.filter.trim().is_empty()
                && supplies.rows.len() >= supplies.total
            {
                supplies.rows.iter().filter(|r| r.low).count()
            } else {
                self.supplies(now, &Window::all())?
                    .rows
                    .iter()
                    .filter(|r| r.low)
                    .count()
            },
        })
    }

    /// Post name by id, for a form's "where?" field.
    pub fn post_name(&self, id: i64) -> Result<Option<String>> {
        use crate::store::db::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached("SELECT name FROM posts WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }
}
