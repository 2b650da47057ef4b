//! Reads for family support and care: every family case with who holds it,
//! each person's talks, trainings and insurance, and the care visits with party-dues spending.

use super::Store;
use super::kept::Rank;
use super::queries::{Page, Window};
use crate::domain::Ts;
use crate::domain::care::{case_overdue, talk_due};
use crate::store::db::{OptionalExtension, params};
use anyhow::Result;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyRow {
    pub dependents: i64,
    pub elderly: i64,
    pub children: i64,
    pub notes: String,
    pub updated_at: Ts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseDetailRow {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub staff_code: String,
    pub category: crate::domain::CaseCategory,
    pub urgency: i64,
    pub status: crate::domain::CaseStatus,
    pub organisation: Option<String>,
    pub helper: Option<String>,
    pub opened_at: Ts,
    pub resolved_at: Option<Ts>,
    pub summary: String,
    pub outcome: Option<String>,
    /// Open longer than the configured number of days.
    pub overdue: bool,
    pub family: Option<FamilyRow>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CaseSummary {
    pub open: usize,
    pub overdue: usize,
    pub resolved: usize,
}

/// Which people the care list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CareView {
    #[default]
    All,
    /// No talk within the interval.
    TalkDue,
    /// Missing a self-protection or psychological training.
    Untrained,
    /// Volunteers without valid insurance (on duty ones first in the counts).
    Uninsured,
}

impl CareView {
    pub fn next(self) -> CareView {
        match self {
            CareView::All => CareView::TalkDue,
            CareView::TalkDue => CareView::Untrained,
            CareView::Untrained => CareView::Uninsured,
            CareView::Uninsured => CareView::All,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarePersonRow {
    pub id: i64,
    pub name: String,
    pub staff_code: String,
    pub category: crate::domain::Category,
    pub on_duty: bool,
    pub last_talk: Option<Ts>,
    /// Days since the last talk when a talk is due (`Some(None)`: never).
    pub talk_due: Option<Option<i64>>,
    pub self_protection: Option<Ts>,
    pub psychological: Option<Ts>,
    /// Volunteers: end of the insurance valid now, if any.
    pub insured_until: Option<Ts>,
    /// A volunteer on duty without valid insurance.
    pub uninsured_on_duty: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CareSummary {
    pub people: usize,
    pub talks_due: usize,
    pub untrained: usize,
    pub uninsured_volunteers: usize,
    pub uninsured_on_duty: usize,
    pub dues_spent_fen: i64,
    pub visits: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VisitRow {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub visited_at: Ts,
    pub to_family: bool,
    pub visitors: String,
    pub dues_fen: i64,
    pub note: String,
}

fn count(
    c: &crate::store::db::Connection,
    sql: &str,
    p: impl crate::store::db::Params,
) -> Result<usize> {
    Ok(c.prepare_cached(sql)?
        .query_row(p, |r| r.get::<_, i64>(0))? as usize)
}

const NAME_LIKE: &str =
    "(?1 = '%%' OR pe.name LIKE ?1 ESCAPE '\\' OR pe.staff_code LIKE ?1 ESCAPE '\\')";
/// ?2 = now, ?3 = now - talk interval. The latest talk and trainings are kept on the person
/// (`people.last_talk_at` …, see `store::kept`).
/// Talk due: two ranges of `people_talk` (never, or before the cut), looked up by id.
const TALK_DUE: &str = "pe.id IN (
  SELECT id FROM people INDEXED BY people_talk WHERE retired_at IS NULL AND last_talk_at IS NULL
  UNION ALL
  SELECT id FROM people INDEXED BY people_talk WHERE retired_at IS NULL AND last_talk_at < ?3)";
const UNTRAINED: &str = "(pe.protected_at IS NULL OR pe.counselled_at IS NULL)";
const UNINSURED: &str =
    "pe.category = 'volunteer' AND NOT EXISTS(SELECT 1 FROM insurance i WHERE i.person_id = pe.id
  AND i.valid_until > ?2 AND i.valid_from <= ?2)";

/// The volunteers (not retired) with no insurance valid at a time, by id: the same for every
/// time in `[from, until)` (no policy starts or ends inside it) while `generation` (bumped by
/// trigger on every write to insurance, and on a person's category or retirement) is the same.
#[derive(Debug, Clone)]
pub struct Uninsured {
    generation: i64,
    from: Ts,
    until: Ts,
    ids: Vec<i64>,
}

impl Uninsured {
    fn holds(&self, generation: i64, now: Ts) -> bool {
        self.generation == generation && self.from <= now && now < self.until
    }
}

impl Store {
    /// Every family case: pending ones most urgent then oldest first, then resolved ones,
    /// newest first; filtered on name, staff code, summary, category or holder.
    pub fn case_list(
        &self,
        now: Ts,
        w: &Window,
        include_resolved: bool,
    ) -> Result<Page<CaseDetailRow>> {
        let c = &self.conn;
        // The window's cases are chosen first, from the cases alone unless a filter needs the
        // person's name or code, then only those rows are joined to people and families (at
        // city size the join of every case to a person read thousands of scattered rows).
        let filtered = w.like() != "%%";
        let (join, cond) = if filtered {
            (
                "JOIN people pe ON pe.id = f.person_id",
                "(?2 = 1 OR f.status <> 'resolved') AND (pe.name LIKE ?1 ESCAPE '\\'
            OR pe.staff_code LIKE ?1 ESCAPE '\\' OR f.summary LIKE ?1 ESCAPE '\\' OR f.category LIKE ?1 ESCAPE '\\'
            OR f.helper LIKE ?1 ESCAPE '\\' OR f.status LIKE ?1 ESCAPE '\\')",
            )
        } else {
            ("", "(?2 = 1 OR f.status <> 'resolved') AND ?1 = '%%'")
        };
        let total = count(
            c,
            &format!("SELECT count(*) FROM family_cases f {join} WHERE {cond}"),
            params![w.like(), include_resolved],
        )?;
        let order = "f.status = 'resolved',
               CASE WHEN f.status = 'resolved' THEN 0 ELSE f.urgency END DESC,
               CASE WHEN f.status = 'resolved' THEN -f.resolved_at ELSE f.opened_at END, f.id";
        let mut st = c.prepare_cached(&format!(
            "WITH page AS (SELECT f.id FROM family_cases f {join} WHERE {cond}
                           ORDER BY {order} LIMIT ?3 OFFSET ?4)
             SELECT f.id, pe.id, pe.name, pe.staff_code, f.category, f.urgency, f.status, f.organisation, f.helper,
               f.opened_at, f.resolved_at, f.summary, f.outcome,
               fs.dependents, fs.elderly, fs.children, fs.notes, fs.updated_at
             FROM page JOIN family_cases f ON f.id = page.id JOIN people pe ON pe.id = f.person_id
             LEFT JOIN family_situations fs ON fs.person_id = pe.id
             ORDER BY {order}"
        ))?;
        let days = self.cfg.rules.case_overdue_days;
        let rows = st
            .query_map(
                params![w.like(), include_resolved, w.lim(), w.offset as i64],
                |r| case_row(r, now, days),
            )?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(Page { rows, total })
    }

    pub fn case_summary(&self, now: Ts) -> Result<CaseSummary> {
        let c = &self.conn;
        let cut = now - i64::from(self.cfg.rules.case_overdue_days) * 86_400;
        Ok(CaseSummary {
            open: self.open_cases()?.0,
            overdue: self.cases_open_before(cut)?,
            resolved: count(
                c,
                "SELECT count(*) FROM family_cases WHERE status = 'resolved'",
                [],
            )?,
        })
    }

    pub fn family_situation(&self, person: i64) -> Result<Option<FamilyRow>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT dependents, elderly, children, notes, updated_at FROM family_situations WHERE person_id = ?1",
            )?
            .query_row([person], |r| {
                Ok(FamilyRow {
                    dependents: r.get(0)?,
                    elderly: r.get(1)?,
                    children: r.get(2)?,
                    notes: r.get(3)?,
                    updated_at: r.get(4)?,
                })
            })
            .optional()?)
    }

    /// People with their talks, trainings and insurance, in staff order.
    pub fn care_people(&self, now: Ts, view: CareView, w: &Window) -> Result<Page<CarePersonRow>> {
        let talk_cut = self.talk_cut(now);
        let unfiltered = w.like() == "%%";
        let total = match view {
            _ if !unfiltered => count(
                &self.conn,
                &format!(
                    "SELECT count(*) FROM people pe WHERE {}",
                    Self::care_cond(view)
                ),
                params![w.like(), now, talk_cut],
            )?,
            CareView::All => self.counter("people_active")?,
            CareView::TalkDue => self.talks_due(talk_cut)?,
            CareView::Untrained => self.counter("untrained")?,
            CareView::Uninsured => self.uninsured_ids(now, |ids| ids.len())?,
        };
        let mut rows = Vec::new();
        self.care_people_each(now, view, w, |r| {
            rows.push(r);
            Ok(())
        })?;
        Ok(Page { rows, total })
    }

    fn talk_cut(&self, now: Ts) -> Ts {
        now - i64::from(self.cfg.rules.talk_interval_days) * 86_400
    }

    fn counter(&self, name: &str) -> Result<usize> {
        count(
            &self.conn,
            "SELECT value FROM counters WHERE name = ?1",
            [name],
        )
    }

    /// People not retired whose latest talk is before `cut`, or who never had one: two
    /// ranges of `people_talk`.
    fn talks_due(&self, cut: Ts) -> Result<usize> {
        count(
            &self.conn,
            "SELECT (SELECT count(*) FROM people INDEXED BY people_talk
                      WHERE retired_at IS NULL AND last_talk_at IS NULL)
                  + (SELECT count(*) FROM people INDEXED BY people_talk
                      WHERE retired_at IS NULL AND last_talk_at < ?1)",
            [cut],
        )
    }

    /// `f` of the ids of the volunteers uninsured at `now`, counted again only when the
    /// insurance rows or the volunteers changed, or `now` crossed the start or end of a policy.
    fn uninsured_ids<T>(&self, now: Ts, f: impl FnOnce(&[i64]) -> T) -> Result<T> {
        let c = &self.conn;
        let generation: i64 = c
            .prepare_cached("SELECT n FROM generations WHERE name = 'insurance'")?
            .query_row([], |r| r.get(0))?;
        let mut memo = self.uninsured.borrow_mut();
        if !memo.as_ref().is_some_and(|m| m.holds(generation, now)) {
            let bound = |sql: &str| -> Result<Option<Ts>> {
                Ok(c.prepare_cached(sql)?.query_row([now], |r| r.get(0))?)
            };
            let from = bound("SELECT max(t) FROM (SELECT max(valid_from) AS t FROM insurance WHERE valid_from <= ?1
                 UNION ALL SELECT max(valid_until) FROM insurance WHERE valid_until <= ?1) AS b")?;
            let until = bound("SELECT min(t) FROM (SELECT min(valid_from) AS t FROM insurance WHERE valid_from > ?1
                 UNION ALL SELECT min(valid_until) FROM insurance WHERE valid_until > ?1) AS b")?;
            let ids = c
                .prepare_cached(&format!(
                    "SELECT pe.id FROM people pe INDEXED BY people_volunteers
                     WHERE pe.retired_at IS NULL AND {UNINSURED} ORDER BY pe.id"
                ))?
                .query_map(params![rusqlite::types::Null, now], |r| r.get(0))?
                .collect::<crate::store::db::Result<Vec<i64>>>()?;
            *memo = Some(Uninsured {
                generation,
                from: from.unwrap_or(Ts::MIN),
                until: until.unwrap_or(Ts::MAX),
                ids,
            });
        }
        Ok(f(&memo.as_ref().expect("set above").ids))
    }

    fn care_cond(view: CareView) -> String {
        let v = match view {
            CareView::All => "true",
            CareView::TalkDue => TALK_DUE,
            CareView::Untrained => UNTRAINED,
            CareView::Uninsured => UNINSURED,
        };
        format!("pe.retired_at IS NULL AND {NAME_LIKE} AND {v} AND ?2 = ?2 AND ?3 = ?3")
    }

    /// Each person of the window, handed to `f` one at a time.
    pub fn care_people_each(
        &self,
        now: Ts,
        view: CareView,
        w: &Window,
        mut f: impl FnMut(CarePersonRow) -> Result<()>,
    ) -> Result<()> {
        let rules = &self.cfg.rules;
        let talk_cut = self.talk_cut(now);
        let columns = format!(
            "pe.id, pe.name, pe.staff_code, pe.category, {}, pe.last_talk_at, pe.protected_at,
               pe.counselled_at,
               (SELECT max(valid_until) FROM insurance i WHERE i.person_id = pe.id
                  AND i.valid_until > ?2 AND i.valid_from <= ?2)",
            Rank::OnDuty.is("pe.duty_rank")
        );
        let mut emit = |r: &crate::store::db::Row| -> Result<()> {
            let category: crate::domain::Category = r.get(3)?;
            let on_duty: bool = r.get(4)?;
            let last_talk: Option<Ts> = r.get(5)?;
            let insured_until: Option<Ts> = r.get(8)?;
            f(CarePersonRow {
                id: r.get(0)?,
                name: r.get(1)?,
                staff_code: r.get(2)?,
                uninsured_on_duty: category == crate::domain::Category::Volunteer
                    && on_duty
                    && insured_until.is_none(),
                category,
                on_duty,
                talk_due: talk_due(last_talk, now, rules.talk_interval_days),
                last_talk,
                self_protection: r.get(6)?,
                psychological: r.get(7)?,
                insured_until,
            })
        };
        if w.filter.trim().is_empty() {
            // Unfiltered, the window's ids come from an index (or the kept list of the
            // uninsured) alone, the rows before it skipped there; then each row by its id.
            let ids: Vec<i64> = if view == CareView::Uninsured {
                self.uninsured_ids(now, |ids| {
                    let lo = w.offset.min(ids.len());
                    let hi = w
                        .limit
                        .map_or(ids.len(), |l| lo.saturating_add(l).min(ids.len()));
                    ids[lo..hi].to_vec()
                })?
            } else {
                let source = match view {
                    // In id order on the index of who is not retired, which holds the
                    // latest talk (no sort of the due, however deep the window).
                    CareView::TalkDue => {
                        "SELECT id FROM people INDEXED BY people_active
                         WHERE retired_at IS NULL AND (last_talk_at IS NULL OR last_talk_at < :cut)"
                    }
                    CareView::Untrained => {
                        "SELECT id FROM people INDEXED BY people_untrained
                         WHERE retired_at IS NULL AND (protected_at IS NULL OR counselled_at IS NULL)
                           AND :cut = :cut"
                    }
                    _ => {
                        "SELECT id FROM people INDEXED BY people_active
                         WHERE retired_at IS NULL AND :cut = :cut"
                    }
                };
                self.conn
                    .prepare_cached(&format!("{source} ORDER BY id LIMIT :lim OFFSET :off"))?
                    .query_map(
                        crate::store::db::named_params! {
                            ":cut": talk_cut, ":lim": w.lim(), ":off": w.offset as i64
                        },
                        |r| r.get(0),
                    )?
                    .collect::<crate::store::db::Result<_>>()?
            };
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT {columns} FROM people pe WHERE pe.id = ?1 AND ?2 = ?2"
            ))?;
            for id in ids {
                let mut rows = st.query(params![id, now])?;
                if let Some(r) = rows.next()? {
                    emit(&r)?;
                }
            }
            return Ok(());
        }
        // Filtered: the matches of the text, in id order.
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {columns} FROM people pe WHERE {} ORDER BY pe.id LIMIT ?4 OFFSET ?5",
            Self::care_cond(view)
        ))?;
        let mut rows = st.query(params![w.like(), now, talk_cut, w.lim(), w.offset as i64])?;
        while let Some(r) = rows.next()? {
            emit(&r)?;
        }
        Ok(())
    }
    pub fn care_summary(&self, now: Ts) -> Result<CareSummary> {
        let c = &self.conn;
        // The volunteers on duty, each looked up in the kept list of the uninsured.
        let on_duty_uninsured = self.uninsured_ids(now, |ids| -> Result<usize> {
            let mut st = c.prepare_cached(&format!(
                "SELECT id FROM people INDEXED BY people_volunteers
                 WHERE retired_at IS NULL AND category = 'volunteer' AND {}",
                Rank::OnDuty.is("duty_rank")
            ))?;
            let mut n = 0;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                n += usize::from(ids.binary_search(&r.get::<_, i64>(0)?).is_ok());
            }
            Ok(n)
        })??;
        Ok(CareSummary {
            people: self.counter("people_active")?,
            talks_due: self.talks_due(self.talk_cut(now))?,
            untrained: self.counter("untrained")?,
            uninsured_volunteers: self.uninsured_ids(now, |ids| ids.len())?,
            uninsured_on_duty: on_duty_uninsured,
            dues_spent_fen: c
                .prepare_cached("SELECT coalesce(sum(dues_fen), 0) FROM care_visits")?
                .query_row([], |r| r.get(0))?,
            visits: count(c, "SELECT count(*) FROM care_visits", [])?,
        })
    }

    /// Care visits, newest first.
    pub fn visits(&self, w: &Window) -> Result<Page<VisitRow>> {
        let c = &self.conn;
        let cond = "(?1 = '%%' OR pe.name LIKE ?1 ESCAPE '\\' OR pe.staff_code LIKE ?1 ESCAPE '\\' OR v.visitors LIKE ?1 ESCAPE '\\')";
        let total = count(
            c,
            &format!(
                "SELECT count(*) FROM care_visits v JOIN people pe ON pe.id = v.person_id WHERE {cond}"
            ),
            [w.like()],
        )?;
        let mut st = c.prepare_cached(&format!(
            "SELECT v.id, pe.id, pe.name, v.visited_at, v.to_family, v.visitors, v.dues_fen, v.note
             FROM care_visits v INDEXED BY visits_at JOIN people pe ON pe.id = v.person_id
             WHERE {cond} ORDER BY v.visited_at DESC, v.id DESC LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = st
            .query_map(params![w.like(), w.lim(), w.offset as i64], |r| {
                Ok(VisitRow {
                    id: r.get(0)?,
                    person_id: r.get(1)?,
                    name: r.get(2)?,
                    visited_at: r.get(3)?,
                    to_family: r.get(4)?,
                    visitors: r.get(5)?,
                    dues_fen: r.get(6)?,
                    note: r.get(7)?,
                })
            })?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(Page { rows, total })
    }
}

/// A case row as the list and the detail view read it (the columns of `case_list`).
pub(super) fn case_row(
    r: &crate::store::db::Row,
    now: Ts,
    days: u32,
) -> crate::store::db::Result<CaseDetailRow> {
    let status: crate::domain::CaseStatus = r.get(6)?;
    let opened_at: Ts = r.get(9)?;
    let family = match r.get::<_, Option<i64>>(13)? {
        Some(dependents) => Some(FamilyRow {
            dependents,
            elderly: r.get(14)?,
            children: r.get(15)?,
            notes: r.get(16)?,
            updated_at: r.get(17)?,
        }),
        None => None,
    };
    Ok(CaseDetailRow {
        id: r.get(0)?,
        person_id: r.get(1)?,
        name: r.get(2)?,
        staff_code: r.get(3)?,
        category: r.get(4)?,
        urgency: r.get(5)?,
        overdue: status != crate::domain::CaseStatus::Resolved
            && case_overdue(opened_at, now, days),
        status,
        organisation: r.get(7)?,
        helper: r.get(8)?,
        opened_at,
        resolved_at: r.get(10)?,
        summary: r.get(11)?,
        outcome: r.get(12)?,
        family,
    })
}
