//! Reads for health: who reported today, who is unwell, whose test is overdue, who
//! follows up each community, and the alerts not yet acknowledged. Windows on an index, like
//! every list.

use super::Store;
use super::queries::{Page, Tallies, Window};
use crate::domain::Ts;
use crate::domain::care::case_overdue;
use crate::domain::health::{ReportState, report_deadline, report_state, test_overdue};
use crate::domain::time::local_day;
use crate::store::db::{OptionalExtension, params};
use anyhow::Result;
use serde::Serialize;

/// Which people a health list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthView {
    #[default]
    All,
    /// No report for the day yet.
    Missing,
    Unwell,
}

impl HealthView {
    pub fn next(self) -> HealthView {
        match self {
            HealthView::All => HealthView::Missing,
            HealthView::Missing => HealthView::Unwell,
            HealthView::Unwell => HealthView::All,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HealthQuery {
    pub now: Ts,
    /// Local day number of the reports.
    pub day: i64,
    /// `None`: every community.
    pub community: Option<i64>,
    pub view: HealthView,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportRow {
    pub id: i64,
    pub temp_dc: Option<i64>,
    pub symptoms: String,
    pub fit: bool,
    pub unwell: bool,
    pub note: String,
    pub reported_at: Ts,
    pub via_phone: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestRow {
    pub id: i64,
    pub tested_at: Ts,
    pub result: crate::domain::TestResult,
    pub site: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthRow {
    pub person_id: i64,
    pub name: String,
    pub staff_code: String,
    /// As stored ("" when none): the not-reported view shows it, so the dispatcher can call.
    pub phone: String,
    pub category: crate::domain::Category,
    pub community_id: Option<i64>,
    pub community: String,
    pub report: Option<ReportRow>,
    pub state: ReportState,
    pub last_test: Option<TestRow>,
    pub test_overdue: bool,
    pub out_of_service: bool,
    /// Medical staff following up the person's community, joined by "、".
    pub medics: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HealthSummary {
    pub people: usize,
    pub reported: usize,
    /// Not reported and the deadline has passed (0 before the deadline).
    pub missing: usize,
    /// Not reported yet, before the deadline.
    pub due: usize,
    pub unwell: usize,
    pub tests_overdue: usize,
    pub out_of_service: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertRow {
    pub id: i64,
    pub kind: String,
    pub person_id: Option<i64>,
    pub name: String,
    pub staff_code: String,
    pub raised_at: Ts,
}

/// What the health screen shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HealthPage {
    pub day: i64,
    pub deadline: Ts,
    pub community: Option<(i64, String)>,
    /// Every community (id, name), for moving between them.
    pub communities: Vec<(i64, String)>,
    /// Medical staff following up the shown community.
    pub medics: Vec<String>,
    pub summary: HealthSummary,
    pub alerts: Vec<AlertRow>,
    pub rows: Page<HealthRow>,
}

/// Home-header figures of health and care.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CareCounts {
    pub alerts: usize,
    pub unwell: usize,
    pub no_report: usize,
    pub cases_overdue: usize,
    pub out_of_service: usize,
}

fn count(
    c: &crate::store::db::Connection,
    sql: &str,
    p: impl crate::store::db::Params,
) -> Result<usize> {
    Ok(c.prepare_cached(sql)?
        .query_row(p, |r| r.get::<_, i64>(0))? as usize)
}

const PEOPLE_WHERE: &str = "pe.retired_at IS NULL AND (?1 IS NULL OR pe.community_id = ?1)";

impl Store {
    /// The header's health and care figures: kept counts and cheap counts on partial indexes,
    /// read in one statement with the home screen's other totals (`Store::tallies`).
    pub fn care_counts(&self, now: Ts) -> Result<CareCounts> {
        Ok(self.care_counts_of(now, &self.tallies(now)?))
    }

    /// The header's health and care figures from totals already read.
    pub(crate) fn care_counts_of(&self, now: Ts, t: &Tallies) -> CareCounts {
        let tz = self.cfg.tz;
        let today = local_day(now, tz);
        let deadline = report_deadline(today, &self.cfg.rules.health_report_due, tz);
        // Everyone not retired (a kept count: a count of the whole table is a scan of 100 000
        // rows on PostgreSQL) less those who reported today.
        let no_report = if now > deadline {
            t.people_active.saturating_sub(t.reported)
        } else {
            0
        };
        CareCounts {
            alerts: t.alerts,
            unwell: t.unwell,
            no_report,
            cases_overdue: t.open_cases.saturating_sub(t.cases_recent),
            out_of_service: t.out_of_service,
        }
    }

    pub fn communities(&self) -> Result<Vec<(i64, String)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, name FROM communities ORDER BY id")?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(rows)
    }

    /// Medical staff now following up a community.
    pub fn medics(&self, community: i64) -> Result<Vec<String>> {
        let mut st = self.conn.prepare_cached(
            "SELECT pe.name FROM medical_assignments a JOIN people pe ON pe.id = a.person_id
             WHERE a.community_id = ?1 AND a.until IS NULL ORDER BY a.since, a.id",
        )?;
        let rows = st
            .query_map([community], |r| r.get(0))?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(rows)
    }

    /// Alerts not yet acknowledged, oldest first.
    pub fn open_alerts(&self) -> Result<Vec<AlertRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT a.id, a.kind, a.person_id, coalesce(pe.name, ''), coalesce(pe.staff_code, ''), a.raised_at
             FROM alerts a LEFT JOIN people pe ON pe.id = a.person_id
             WHERE a.acknowledged_at IS NULL ORDER BY a.raised_at, a.id",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok(AlertRow {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    person_id: r.get(2)?,
                    name: r.get(3)?,
                    staff_code: r.get(4)?,
                    raised_at: r.get(5)?,
                })
            })?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(rows)
    }

    fn health_summary(&self, q: &HealthQuery, deadline: Ts) -> Result<HealthSummary> {
        let c = &self.conn;
        // Every community: the roster's b-tree count and the day's tally, not 100 000 rows.
        let (people, reported, unwell) = if q.community.is_none() {
            let people = count(
                c,
                "SELECT value FROM counters WHERE name = 'people_active'",
                [],
            )?;
            let (reported, unwell): (i64, i64) = c
                .prepare_cached("SELECT reported, unwell FROM health_daily WHERE day = ?1")?
                .query_row([q.day], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .unwrap_or((0, 0));
            (people, reported.max(0) as usize, unwell.max(0) as usize)
        } else {
            let people = count(
                c,
                &format!("SELECT count(*) FROM people pe WHERE {PEOPLE_WHERE}"),
                params![q.community],
            )?;
            let day = |extra: &str| {
                count(
                    c,
                    &format!(
                        "SELECT count(*) FROM health_reports h JOIN people pe ON pe.id = h.person_id
                         WHERE h.day = ?2 {extra} AND {PEOPLE_WHERE}"
                    ),
                    params![q.community, q.day],
                )
            };
            (people, day("")?, day("AND h.unwell = 1")?)
        };
        let cut = q.now - i64::from(self.cfg.rules.test_interval_hours) * 3600;
        // No test since the cut: the latest test (kept on the person) is before it, or none;
        // two ranges of an index.
        let (index, community) = match q.community {
            Some(_) => ("people_community_tested", "pe.community_id = ?1"),
            None => ("people_tested", "?1 IS NULL"),
        };
        let tests_overdue = count(
            c,
            &format!(
                "SELECT (SELECT count(*) FROM people pe INDEXED BY {index}
                          WHERE pe.retired_at IS NULL AND {community} AND pe.last_test_at IS NULL)
                      + (SELECT count(*) FROM people pe INDEXED BY {index}
                          WHERE pe.retired_at IS NULL AND {community} AND pe.last_test_at < ?2)"
            ),
            params![q.community, cut],
        )?;
        // The few out of service lead, each person looked up (as a join, the planner walked
        // every person to build a filter first: 10 ms at city size).
        let out_of_service = count(
            c,
            &format!(
                "SELECT count(*) FROM out_of_service o WHERE o.end_at IS NULL
                   AND EXISTS(SELECT 1 FROM people pe WHERE pe.id = o.person_id AND {PEOPLE_WHERE})"
            ),
            params![q.community],
        )?;
        let open = people.saturating_sub(reported);
        let late = q.now > deadline;
        Ok(HealthSummary {
            people,
            reported,
            missing: if late { open } else { 0 },
            due: if late { 0 } else { open },
            unwell,
            tests_overdue,
            out_of_service,
        })
    }

    /// Who the list shows; `filtered`: narrowed by the filter text (?3). Unfiltered, the
    /// text is left out of the SQL, so the rows before the window are skipped on the index
    /// alone.
    fn health_cond(q: &HealthQuery, filtered: bool) -> String {
        let view = match q.view {
            HealthView::All => "true",
            // The latest day reported is kept on the person: before the day (or none) is
            // missing, the day itself is not; only a report for a later day needs a look.
            HealthView::Missing => {
                "(pe.last_report_day IS NULL OR pe.last_report_day < ?2
                  OR (pe.last_report_day > ?2 AND NOT EXISTS(SELECT 1 FROM health_reports r
                    WHERE r.person_id = pe.id AND r.day = ?2)))"
            }
            HealthView::Unwell => {
                "pe.id IN (SELECT person_id FROM health_reports WHERE day = ?2 AND unwell = 1)"
            }
        };
        // The not-reported view shows each phone, so `/` finds a person by it there too.
        let phone = match q.view {
            HealthView::Missing => " OR pe.phone LIKE ?3 ESCAPE '\\'",
            _ => "",
        };
        // One community's people are an equality on its index, not an OR the planner skips.
        let people = match q.community {
            Some(_) => "pe.retired_at IS NULL AND pe.community_id = ?1",
            None => "pe.retired_at IS NULL AND ?1 IS NULL",
        };
        let text = if filtered {
            format!("(pe.name LIKE ?3 ESCAPE '\\' OR pe.staff_code LIKE ?3 ESCAPE '\\'{phone})")
        } else {
            "?3 = ?3".to_string()
        };
        format!("{people} AND {view} AND {text}")
    }

    /// The people a page is chosen from: every community's by the index of who is not
    /// retired (its few columns are enough to skip the rows before the window), one
    /// community's by its own index.
    fn health_from(q: &HealthQuery) -> &'static str {
        match (q.community, q.view) {
            (_, HealthView::Unwell) => "people pe",
            (None, _) => "people pe INDEXED BY people_active",
            (Some(_), _) => "people pe INDEXED BY people_community",
        }
    }

    /// Each person of the window in staff order, with their report for the day, last test
    /// and follow-up, handed to `f` one at a time (a whole city streams in little memory).
    pub fn health_rows(
        &self,
        q: &HealthQuery,
        w: &Window,
        mut f: impl FnMut(HealthRow) -> Result<()>,
    ) -> Result<()> {
        let c = &self.conn;
        let rules = &self.cfg.rules;
        let deadline = report_deadline(q.day, &rules.health_report_due, self.cfg.tz);
        let mut st = c.prepare_cached(&format!(
            "SELECT pe.id, pe.name, pe.staff_code, pe.category, pe.community_id, coalesce(co.name, ''),
               h.id, h.temp_dc, h.symptoms, h.fit, h.unwell, h.note, h.reported_at, h.via_phone,
               EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = pe.id AND o.end_at IS NULL),
               (SELECT group_concat(m.name, '、') FROM medical_assignments a JOIN people m ON m.id = a.person_id
                 WHERE a.community_id = pe.community_id AND a.until IS NULL),
               t.id, t.tested_at, t.result, t.site, pe.phone
             FROM (SELECT pe.id AS pid FROM {} WHERE {} ORDER BY pe.id LIMIT ?4 OFFSET ?5) AS page
             JOIN people pe ON pe.id = page.pid
             LEFT JOIN health_reports h ON h.person_id = pe.id AND h.day = ?2
             LEFT JOIN communities co ON co.id = pe.community_id
             LEFT JOIN nucleic_tests t ON t.id = (SELECT id FROM nucleic_tests WHERE person_id = pe.id
               ORDER BY tested_at DESC LIMIT 1)
             ORDER BY pe.id",
            Self::health_from(q),
            Self::health_cond(q, !w.filter.trim().is_empty())
        ))?;
        let mut rows = st.query(params![
            q.community,
            q.day,
            w.like(),
            w.lim(),
            w.offset as i64
        ])?;
        while let Some(r) = rows.next()? {
            let report = match r.get::<_, Option<i64>>(6)? {
                Some(id) => Some(ReportRow {
                    id,
                    temp_dc: r.get(7)?,
                    symptoms: r.get(8)?,
                    fit: r.get(9)?,
                    unwell: r.get(10)?,
                    note: r.get(11)?,
                    reported_at: r.get(12)?,
                    via_phone: r.get(13)?,
                }),
                None => None,
            };
            let test = match r.get::<_, Option<i64>>(16)? {
                Some(id) => Some(TestRow {
                    id,
                    tested_at: r.get(17)?,
                    result: r.get(18)?,
                    site: r.get(19)?,
                }),
                None => None,
            };
            f(HealthRow {
                person_id: r.get(0)?,
                name: r.get(1)?,
                staff_code: r.get(2)?,
                phone: r.get(20)?,
                category: r.get(3)?,
                community_id: r.get(4)?,
                community: r.get(5)?,
                state: report_state(report.as_ref().map(|r| r.reported_at), deadline, q.now),
                test_overdue: test_overdue(
                    test.as_ref().map(|t| t.tested_at),
                    q.now,
                    rules.test_interval_hours,
                ),
                report,
                last_test: test,
                out_of_service: r.get(14)?,
                medics: r.get(15)?,
            })?;
        }
        Ok(())
    }

    /// The health screen (and `frontline health`): a window of people with their report for
    /// the day, last test and follow-up, in staff order so fast entry walks down the list;
    /// the day's figures, the community's medics and the alerts not yet acknowledged.
    pub fn health_page(&self, q: &HealthQuery, w: &Window) -> Result<HealthPage> {
        let c = &self.conn;
        let deadline = report_deadline(q.day, &self.cfg.rules.health_report_due, self.cfg.tz);
        let community = match q.community {
            Some(id) => c
                .prepare_cached("SELECT id, name FROM communities WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?,
            None => None,
        };
        let summary = self.health_summary(q, deadline)?;
        // Without a filter the day's figures are the list's length; with one, count.
        let total = match (q.view, w.filter.trim().is_empty()) {
            (HealthView::All, true) => summary.people,
            (HealthView::Missing, true) => summary.people.saturating_sub(summary.reported),
            (HealthView::Unwell, true) => summary.unwell,
            _ => count(
                c,
                &format!(
                    "SELECT count(*) FROM {} WHERE {}",
                    Self::health_from(q),
                    Self::health_cond(q, !w.filter.trim().is_empty())
                ),
                params![q.community, q.day, w.like()],
            )?,
        };
        let mut rows = Vec::new();
        if w.limit != Some(0) {
            self.health_rows(q, w, |r| {
                rows.push(r);
                Ok(())
            })?;
        }
        Ok(HealthPage {
            day: q.day,
            deadline,
            medics: match q.community {
                Some(id) => self.medics(id)?,
                None => Vec::new(),
            },
            community,
            communities: self.communities()?,
            summary,
            alerts: self.open_alerts()?,
            rows: Page { rows, total },
        })
    }

    /// Whether a family case opened at `opened_at` is overdue now, by the configured rule.
    pub fn case_is_overdue(&self, opened_at: Ts, now: Ts) -> bool {
        case_overdue(opened_at, now, self.cfg.rules.case_overdue_days)
    }
}
