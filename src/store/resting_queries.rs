//! The resting board (休息人员): everyone in forced rest or rest at a moment, with the kind,
//! since, until, and the shift they are due back for (their next planned shift after the rest).

use super::Store;
use super::queries::{Page, Window};
use crate::domain::Ts;
use crate::store::db::params;
use anyhow::Result;
use serde::Serialize;

/// One person resting now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestingRow {
    pub person_id: i64,
    pub name: String,
    pub staff_code: String,
    pub phone: String,
    /// As stored: rotation, swapped, compensatory or forced.
    pub kind: String,
    pub since: Ts,
    pub until: Ts,
    pub reason: String,
    /// The next planned shift starting at or after the rest's end: its start and post.
    pub back_at: Option<Ts>,
    pub back_post: Option<String>,
}

/// Rests in force at `?1`; forced ones only when `?2` is 1; filtered by name, staff code or
/// phone (`?3`, a LIKE pattern).
const RESTING_WHERE: &str =
    "FROM rest_periods r INDEXED BY rest_end JOIN people pe ON pe.id = r.person_id
     WHERE r.end_at > ?1 AND r.start_at <= ?1 AND (?2 = 0 OR r.kind = 'forced')
       AND (?3 = '%%' OR pe.name LIKE ?3 ESCAPE '\\' OR pe.staff_code LIKE ?3 ESCAPE '\\'
            OR pe.phone LIKE ?3 ESCAPE '\\')";

impl Store {
    /// Everyone resting at `now` (forced rest only with `forced_only`): forced rest first, then
    /// by the end of the rest, soonest back first.
    pub fn resting(&self, now: Ts, forced_only: bool, w: &Window) -> Result<Page<RestingRow>> {
        let c = &self.conn;
        let like = w.like();
        let total: i64 = c
            .prepare_cached(&format!("SELECT count(*) {RESTING_WHERE}"))?
            .query_row(params![now, forced_only as i64, like], |r| r.get(0))?;
        let mut st = c.prepare_cached(&format!(
            // The window first (rests sorted on their own columns), then each of its rows'
            // next shift: looked up for a page, not for every rest in the city.
            "SELECT pe.id, pe.name, pe.staff_code, pe.phone, r.kind, r.start_at, r.end_at, r.reason,
                    (SELECT s.planned_start FROM shifts s INDEXED BY shifts_person_start
                      WHERE s.person_id = pe.id AND s.planned_start >= r.end_at AND s.status = 'planned'
                      ORDER BY s.planned_start LIMIT 1),
                    (SELECT p.name FROM shifts s INDEXED BY shifts_person_start JOIN posts p ON p.id = s.post_id
                      WHERE s.person_id = pe.id AND s.planned_start >= r.end_at AND s.status = 'planned'
                      ORDER BY s.planned_start LIMIT 1)
             FROM (SELECT r.id AS rid {RESTING_WHERE}
                   ORDER BY r.kind = 'forced' DESC, r.end_at, pe.id LIMIT ?4 OFFSET ?5) AS w
             JOIN rest_periods r ON r.id = w.rid JOIN people pe ON pe.id = r.person_id
             ORDER BY r.kind = 'forced' DESC, r.end_at, pe.id"
        ))?;
        let rows = st
            .query_map(
                params![now, forced_only as i64, like, w.lim(), w.offset as i64],
                |r| {
                    Ok(RestingRow {
                        person_id: r.get(0)?,
                        name: r.get(1)?,
                        staff_code: r.get(2)?,
                        phone: r.get(3)?,
                        kind: r.get(4)?,
                        since: r.get(5)?,
                        until: r.get(6)?,
                        reason: r.get(7)?,
                        back_at: r.get(8)?,
                        back_post: r.get(9)?,
                    })
                },
            )?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(Page {
            rows,
            total: total as usize,
        })
    }
}
