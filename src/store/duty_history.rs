//! A person's finished shifts as the rest rules read them: by the times they were worked, not
//! the times they were planned, and as far back as a run of working days goes.

use super::Store;
use crate::domain::time::local_day;
use crate::domain::{Interval, Ts};
use crate::store::db::{Connection, params};
use anyhow::Result;
use chrono_tz::Tz;
use std::collections::BTreeSet;

const DAY: i64 = 86_400;
/// A run of days is followed back at most this far (a year of daily duty is already absurd).
const MAX_RUN_BACK: i64 = 400 * DAY;
/// How much older history the first step back reads when a run of days reaches the first
/// read's edge; each further step reads twice as much.
const FIRST_STEP_BACK: i64 = 60 * DAY;

/// Does a run of shift-start days ending the day before `anchor` reach back to the oldest day
/// whose shifts are surely all loaded, when shifts were read by a planned start from `lo` on?
/// Then older history may lengthen it and must be read. A shift is worked at most a day after
/// its planned start, so one that started on the day of `lo` or the day after may have been
/// planned before `lo` and not be loaded yet: the first complete day is the one after
/// `lo + 1 day`.
pub(crate) fn run_reaches(days: &BTreeSet<i64>, lo: Ts, anchor: Ts, tz: Tz) -> bool {
    let (edge, last) = (local_day(lo + DAY, tz) + 1, local_day(anchor, tz) - 1);
    last >= edge && (edge..=last).all(|d| days.contains(&d))
}

impl Store {
    /// Finished shifts of a person ending by `before`, by their actual times, oldest first:
    /// every shift the window rules can see (`lookback`), and older ones while the run of
    /// working days before `before` goes on.
    pub(crate) fn history(
        conn: &Connection,
        person: i64,
        before: Ts,
        lookback: i64,
        tz: Tz,
    ) -> Result<Vec<Interval>> {
        // A worked shift starts at most 2 h before its planned start (check-in) and its planned
        // start is at most a day before it was worked (a late check-in): read by the planned
        // start, indexed, with that much margin, then keep what the actual times say.
        let mut st = conn.prepare_cached(
            "SELECT actual_start, actual_end FROM shifts
             WHERE person_id = ?1 AND planned_start >= ?2 AND planned_start < ?3
               AND status = 'done' AND actual_end IS NOT NULL AND actual_start IS NOT NULL",
        )?;
        let mut read = |from: Ts, to: Ts| -> Result<Vec<Interval>> {
            let rows = st.query_map(params![person, from, to], |r| {
                Ok(Interval::new(r.get(0)?, r.get(1)?))
            })?;
            let mut v: Vec<Interval> = rows.collect::<crate::store::db::Result<_>>()?;
            v.retain(|i| i.end <= before);
            Ok(v)
        };
        let mut lo = before - lookback - 2 * DAY;
        let mut v = read(lo, before + DAY)?;
        // A run that reaches the loaded edge is followed back by reads that double in length,
        // the first two months long: the start of a run of up to two months (long runs are
        // why the rules exist) is found in one more read, a longer one's in a few. Reading a
        // month at a time took a statement per month and one more to find the month before
        // the run (on a server, each a round trip: a person new on the Overdue panel after
        // every forced rest at city size took three).
        let oldest = before - MAX_RUN_BACK;
        let mut step = FIRST_STEP_BACK;
        loop {
            let days: BTreeSet<i64> = v.iter().map(|i| local_day(i.start, tz)).collect();
            if lo <= oldest || !run_reaches(&days, lo, before, tz) {
                break;
            }
            let from = (lo - step).max(oldest);
            let older = read(from, lo)?;
            lo = from;
            if older.is_empty() {
                break;
            }
            v.extend(older);
            step *= 2;
        }
        v.sort_unstable_by_key(|i| (i.start, i.end));
        Ok(v)
    }
}
