//! Reads for family support and care: every family case with who holds it,
//! each person's talks, trainings and insurance, and the care visits with party-dues spending.

use super::Store;
use super::queries::{Page, Window};
use crate::domain::Ts;
use crate::domain::care::{case_overdue, talk_due};
use anyhow::Result;
use rusqlite::{OptionalExtension, params};
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

fn count(c: &rusqlite::Connection, sql: &str, p: impl rusqlite::Params) -> Result<usize> {
    Ok(c.prepare_cached(sql)?
        .query_row(p, |r| r.get::<_, i64>(0))? as usize)
}

const NAME_LIKE: &str =
    "(?1 = '%%' OR pe.name LIKE ?1 ESCAPE '\\' OR pe.staff_code LIKE ?1 ESCAPE '\\')";
/// ?2 = now, ?3 = now - talk interval.
const TALK_DUE: &str =
    "NOT EXISTS(SELECT 1 FROM talks t WHERE t.person_id = pe.id AND t.talked_at >= ?3)";
const UNTRAINED: &str = "(NOT EXISTS(SELECT 1 FROM trainings g WHERE g.person_id = pe.id AND g.kind = 'self_protection')
  OR NOT EXISTS(SELECT 1 FROM trainings g WHERE g.person_id = pe.id AND g.kind = 'psychological'))";
const UNINSURED: &str =
    "pe.category = 'volunteer' AND NOT EXISTS(SELECT 1 FROM insurance i WHERE i.person_id = pe.id
  AND i.valid_from <= ?2 AND i.valid_until > ?2)";

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
        let cond = "(?2 = 1 OR f.status <> 'resolved') AND (?1 = '%%' OR pe.name LIKE ?1 ESCAPE '\\'
            OR pe.staff_code LIKE ?1 ESCAPE '\\' OR f.summary LIKE ?1 ESCAPE '\\' OR f.category LIKE ?1 ESCAPE '\\'
            OR f.helper LIKE ?1 ESCAPE '\\' OR f.status LIKE ?1 ESCAPE '\\')";
        let total = count(
            c,
            &format!(
                "SELECT count(*) FROM family_cases f JOIN people pe ON pe.id = f.person_id WHERE {cond}"
            ),
            params![w.like(), include_resolved],
        )?;
        let mut st = c.prepare_cached(&format!(
            "SELECT f.id, pe.id, pe.name, pe.staff_code, f.category, f.urgency, f.status, f.organisation, f.helper,
               f.opened_at, f.resolved_at, f.summary, f.outcome,
               fs.dependents, fs.elderly, fs.children, fs.notes, fs.updated_at
             FROM family_cases f JOIN people pe ON pe.id = f.person_id
             LEFT JOIN family_situations fs ON fs.person_id = pe.id
             WHERE {cond}
             ORDER BY f.status = 'resolved',
               CASE WHEN f.status = 'resolved' THEN 0 ELSE f.urgency END DESC,
               CASE WHEN f.status = 'resolved' THEN -f.resolved_at ELSE f.opened_at END, f.id
             LIMIT ?3 OFFSET ?4"
        ))?;
        let days = self.cfg.rules.case_overdue_days;
        let rows = st
            .query_map(
                params![w.like(), include_resolved, w.lim(), w.offset as i64],
                |r| {
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
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
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
        let talk_cut = now - i64::from(self.cfg.rules.talk_interval_days) * 86_400;
        let total = count(
            &self.conn,
            &format!(
                "SELECT count(*) FROM people pe WHERE {}",
                Self::care_cond(view)
            ),
            params![w.like(), now, talk_cut],
        )?;
        let mut rows = Vec::new();
        self.care_people_each(now, view, w, |r| {
            rows.push(r);
            Ok(())
        })?;
        Ok(Page { rows, total })
    }

    fn care_cond(view: CareView) -> String {
        let v = match view {
            CareView::All => "1",
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
        let talk_cut = now - i64::from(rules.talk_interval_days) * 86_400;
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT pe.id, pe.name, pe.staff_code, pe.category,
               EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = pe.id AND s.status = 'active'),
               (SELECT max(talked_at) FROM talks t WHERE t.person_id = pe.id),
               (SELECT max(trained_at) FROM trainings g WHERE g.person_id = pe.id AND g.kind = 'self_protection'),
               (SELECT max(trained_at) FROM trainings g WHERE g.person_id = pe.id AND g.kind = 'psychological'),
               (SELECT max(valid_until) FROM insurance i WHERE i.person_id = pe.id AND i.valid_from <= ?2 AND i.valid_until > ?2)
             FROM people pe WHERE {} ORDER BY pe.id LIMIT ?4 OFFSET ?5",
            Self::care_cond(view)
        ))?;
        let mut rows = st.query(params![w.like(), now, talk_cut, w.lim(), w.offset as i64])?;
        while let Some(r) = rows.next()? {
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
            })?;
        }
        Ok(())
    }

    pub fn care_summary(&self, now: Ts) -> Result<CareSummary> {
        let c = &self.conn;
        let talk_cut = now - i64::from(self.cfg.rules.talk_interval_days) * 86_400;
        let n = |v: &str| -> Result<usize> {
            count(
                c,
                &format!(
                    "SELECT count(*) FROM people pe WHERE pe.retired_at IS NULL AND {v} AND ?1 = ?1 AND ?2 = ?2"
                ),
                params![now, talk_cut],
            )
        };
        // The views' conditions use ?2 (now) and ?3 (talk cut); here they are ?1 and ?2.
        let shift = |s: &str| s.replace("?2", "?1").replace("?3", "?2");
        Ok(CareSummary {
            people: n("1")?,
            talks_due: n(&shift(TALK_DUE))?,
            untrained: n(&shift(UNTRAINED))?,
            uninsured_volunteers: n(&shift(UNINSURED))?,
            uninsured_on_duty: n(&format!(
                "{} AND EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = pe.id AND s.status = 'active')",
                shift(UNINSURED)
            ))?,
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
            .collect::<rusqlite::Result<_>>()?;
        Ok(Page { rows, total })
    }
}
