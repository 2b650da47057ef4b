//! One person's full frontline record (个人档案): identity, party and dual registration, the
//! record in figures, and the latest few of each kind of entry, each with how many there are.

use super::Store;
use super::party_queries::{DevRow, NominationRow, nomination_row};
use super::queries::Page;
use super::roster_queries::RosterRow;
use crate::domain::Ts;
use crate::domain::people::Record;
use crate::store::db::{Connection, OptionalExtension};
use anyhow::Result;
use serde::Serialize;

/// Rows of each section shown (the total is given beside it).
pub const SECTION_ROWS: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShiftLine {
    pub id: i64,
    pub post: String,
    pub start: Ts,
    pub end: Ts,
    pub status: crate::domain::ShiftStatus,
    /// Worked hours (so far, when running); `None` for planned or cancelled shifts.
    pub hours: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestLine {
    pub kind: crate::domain::RestKind,
    pub start: Ts,
    pub end: Ts,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthLine {
    pub day: i64,
    pub temp_dc: Option<i64>,
    pub fit: bool,
    pub unwell: bool,
    pub symptoms: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestLine {
    pub tested_at: Ts,
    pub result: crate::domain::TestResult,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseLine {
    pub id: i64,
    pub category: crate::domain::CaseCategory,
    pub status: crate::domain::CaseStatus,
    pub opened_at: Ts,
    pub summary: String,
}

/// A visit, talk or training: when, what, who.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CareLine {
    pub at: Ts,
    pub what: String,
    pub note: String,
    /// Party dues paid (visits), fen.
    pub dues_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Family {
    pub dependents: i64,
    pub elderly: i64,
    pub children: i64,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonDetail {
    pub person: RosterRow,
    pub note: String,
    pub converted_at: Option<Ts>,
    pub record: Record,
    /// Compensatory leave owed (补休), minutes.
    pub owed_minutes: i64,
    /// When the running shift first broke a rule, if it has (the "+13h08" of every screen).
    pub breach_at: Option<Ts>,
    pub development: Option<DevRow>,
    pub shifts: Page<ShiftLine>,
    pub rests: Page<RestLine>,
    pub health: Page<HealthLine>,
    pub tests: Page<TestLine>,
    pub family: Option<Family>,
    pub cases: Page<CaseLine>,
    pub visits: Page<CareLine>,
    pub talks: Page<CareLine>,
    pub trainings: Page<CareLine>,
    pub nominations: Page<NominationRow>,
}

fn page<T>(
    conn: &Connection,
    count_sql: &str,
    sql: &str,
    person: i64,
    now: Ts,
    f: impl FnMut(&crate::store::db::Row) -> crate::store::db::Result<T>,
) -> Result<Page<T>> {
    let total: i64 = conn
        .prepare_cached(count_sql)?
        .query_row([person], |r| r.get(0))?;
    let rows = conn
        .prepare_cached(sql)?
        .query_map(rusqlite::params![person, SECTION_ROWS as i64, now], f)?
        .collect::<crate::store::db::Result<_>>()?;
    Ok(Page {
        rows,
        total: total as usize,
    })
}

impl Store {
    /// Everything about one person (retired too), at `now`; `None` if there is no such person.
    pub fn person_detail(&self, id: i64, now: Ts) -> Result<Option<PersonDetail>> {
        let Some(person) = self.roster_row(now, id)? else {
            return Ok(None);
        };
        let c = &self.conn;
        let (note, converted_at): (String, Option<Ts>) = c
            .prepare_cached("SELECT note, converted_at FROM people WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let owed_minutes: i64 = c
            .prepare_cached(
                "SELECT coalesce((SELECT minutes FROM comp_balance WHERE person_id = ?1), 0)",
            )?
            .query_row([id], |r| r.get(0))?;
        let breach_at: Option<Ts> = c
            .prepare_cached(
                "SELECT breach_at FROM shifts WHERE person_id = ?1 AND status = 'active'
                   AND breach_at IS NOT NULL AND breach_at <= ?2",
            )?
            .query_row(rusqlite::params![id, now], |r| r.get(0))
            .optional()?;
        let shifts = page(
            c,
            "SELECT count(*) FROM shifts WHERE person_id = ?1",
            "SELECT s.id, po.name, coalesce(s.actual_start, s.planned_start), coalesce(s.actual_end, s.planned_end), s.status,
               CASE s.status WHEN 'done' THEN s.actual_end - s.actual_start WHEN 'active' THEN max(?3 - s.actual_start, 0) END
             FROM shifts s JOIN posts po ON po.id = s.post_id
             WHERE s.person_id = ?1 AND s.planned_start <= ?3 + 14 * 86400
             ORDER BY s.planned_start DESC LIMIT ?2",
            id,
            now,
            |r| {
                Ok(ShiftLine {
                    id: r.get(0)?,
                    post: r.get(1)?,
                    start: r.get(2)?,
                    end: r.get(3)?,
                    status: r.get(4)?,
                    hours: r
                        .get::<_, Option<i64>>(5)?
                        .map(|s| (s as f64 / 360.0).round() / 10.0),
                })
            },
        )?;
        let rests = page(
            c,
            "SELECT count(*) FROM rest_periods WHERE person_id = ?1",
            "SELECT kind, start_at, end_at, reason FROM rest_periods WHERE person_id = ?1 AND ?3 = ?3
             ORDER BY start_at DESC LIMIT ?2",
            id,
            now,
            |r| {
                Ok(RestLine {
                    kind: r.get(0)?,
                    start: r.get(1)?,
                    end: r.get(2)?,
                    reason: r.get(3)?,
                })
            },
        )?;
        let health = page(
            c,
            "SELECT count(*) FROM health_reports WHERE person_id = ?1",
            "SELECT day, temp_dc, fit, unwell, symptoms FROM health_reports WHERE person_id = ?1 AND ?3 = ?3
             ORDER BY day DESC LIMIT ?2",
            id,
            now,
            |r| {
                Ok(HealthLine {
                    day: r.get(0)?,
                    temp_dc: r.get(1)?,
                    fit: r.get::<_, i64>(2)? != 0,
                    unwell: r.get::<_, i64>(3)? != 0,
                    symptoms: r.get(4)?,
                })
            },
        )?;
        let tests = page(
            c,
            "SELECT count(*) FROM nucleic_tests WHERE person_id = ?1",
            "SELECT tested_at, result FROM nucleic_tests WHERE person_id = ?1 AND ?3 = ?3
             ORDER BY tested_at DESC LIMIT ?2",
            id,
            now,
            |r| {
                Ok(TestLine {
                    tested_at: r.get(0)?,
                    result: r.get(1)?,
                })
            },
        )?;
        let family = c
            .prepare_cached(
                "SELECT dependents, elderly, children, notes FROM family_situations WHERE person_id = ?1",
            )?
            .query_row([id], |r| {
                Ok(Family {
                    dependents: r.get(0)?,
                    elderly: r.get(1)?,
                    children: r.get(2)?,
                    notes: r.get(3)?,
                })
            })
            .optional()?;
        let cases = page(
            c,
            "SELECT count(*) FROM family_cases WHERE person_id = ?1",
            "SELECT id, category, status, opened_at, summary FROM family_cases WHERE person_id = ?1 AND ?3 = ?3
             ORDER BY status = 'resolved', opened_at DESC LIMIT ?2",
            id,
            now,
            |r| {
                Ok(CaseLine {
                    id: r.get(0)?,
                    category: r.get(1)?,
                    status: r.get(2)?,
                    opened_at: r.get(3)?,
                    summary: r.get(4)?,
                })
            },
        )?;
        let care = |r: &crate::store::db::Row| {
            Ok(CareLine {
                at: r.get(0)?,
                what: r.get(1)?,
                note: r.get(2)?,
                dues_fen: r.get(3)?,
            })
        };
        let visits = page(
            c,
            "SELECT count(*) FROM care_visits WHERE person_id = ?1",
            "SELECT visited_at, visitors, CASE to_family WHEN 1 THEN 'family' ELSE '' END, dues_fen
             FROM care_visits WHERE person_id = ?1 AND ?3 = ?3 ORDER BY visited_at DESC LIMIT ?2",
            id,
            now,
            care,
        )?;
        let talks = page(
            c,
            "SELECT count(*) FROM talks WHERE person_id = ?1",
            "SELECT talked_at, by_whom, note, 0 FROM talks WHERE person_id = ?1 AND ?3 = ?3
             ORDER BY talked_at DESC LIMIT ?2",
            id,
            now,
            care,
        )?;
        let trainings = page(
            c,
            "SELECT count(*) FROM trainings WHERE person_id = ?1",
            "SELECT trained_at, kind, note, 0 FROM trainings WHERE person_id = ?1 AND ?3 = ?3
             ORDER BY trained_at DESC LIMIT ?2",
            id,
            now,
            care,
        )?;
        let nominations = page(
            c,
            "SELECT count(*) FROM nominations WHERE person_id = ?1",
            &format!(
                "{} AND n.person_id = ?1 AND ?3 = ?3 ORDER BY n.nominated_at DESC, n.id DESC LIMIT ?2",
                super::party_queries::NOMINATION_SELECT
            ),
            id,
            now,
            nomination_row,
        )?;
        Ok(Some(PersonDetail {
            breach_at,
            record: self.record(id, now)?,
            development: self.development(id)?,
            person,
            note,
            converted_at,
            owed_minutes,
            shifts,
            rests,
            health,
            tests,
            family,
            cases,
            visits,
            talks,
            trainings,
            nominations,
        }))
    }
}
