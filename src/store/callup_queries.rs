//! The call-up list (令行禁止、有呼必应): who can take a shift at a post, found by walking two
//! indexes (the post's community, then everyone, each most rested first) and stopping at
//! `CALLUP_MAX`, so it costs the same with 500 people or 100 000.

use super::Store;
use super::queries::{Page, Window};
use super::shift_queries::{DutySpan, SpanKind, WEEK, like, window};
use crate::domain::Ts;
use crate::domain::rules::Breach;
use crate::store::db::{OptionalExtension, params};
use anyhow::Result;
use serde::Serialize;

/// Whether a candidate can take a slot, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateStatus {
    Available,
    /// Would break a rest rule by working the slot as planned.
    Breaks,
    Resting,
    ForcedRest,
    /// Has another shift overlapping the slot.
    Busy,
    OnDuty,
}

impl CandidateStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CandidateStatus::Available => "available",
            CandidateStatus::Breaks => "breaks",
            CandidateStatus::Resting => "resting",
            CandidateStatus::ForcedRest => "forced_rest",
            CandidateStatus::Busy => "busy",
            CandidateStatus::OnDuty => "on_duty",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub staff_code: String,
    pub category: crate::domain::Category,
    pub community: Option<String>,
    pub same_community: bool,
    pub status: CandidateStatus,
    /// End of the rest or forced rest in the way, or of the clashing shift.
    pub until: Option<Ts>,
    pub last_duty_end: Option<Ts>,
    /// Minutes since the last shift ended (None: no shift on record).
    pub rested_minutes: Option<i64>,
    pub hours_7d: f64,
    /// Rules the slot would break, worst first.
    pub breaches: Vec<Breach>,
    /// The phone, to call them in (the picker shows its last four digits).
    pub phone: String,
}

/// What the call-up list is for: a post and the times of the shift to fill.
#[derive(Debug, Clone, PartialEq)]
pub struct CallupQuery {
    pub post: i64,
    pub start: Ts,
    pub end: Ts,
    pub now: Ts,
    /// Everyone, marked (the reassign picker), or only those who can go (the call-up list).
    pub everyone: bool,
}

/// The call-up list is the best this many; it never walks the whole roster.
pub const CALLUP_MAX: usize = 100;
/// People looked at, at most, to find them.
const CALLUP_SCAN: usize = 4000;

impl Store {
    /// Who can take a shift at a post (令行禁止、有呼必应): people of the post's own community
    /// first, then everyone else, each group most rested first (longest since their last
    /// shift). Walks two indexes in that order and stops at `CALLUP_MAX` rows, so it costs the
    /// same with 500 people or 100 000. With `everyone`, people who cannot go are listed too,
    /// marked with why (on duty, resting, busy, would break a rule).
    pub fn callup(&self, q: &CallupQuery, w: &Window) -> Result<Page<Candidate>> {
        let c = &self.conn;
        let community: i64 = c
            .prepare_cached("SELECT community_id FROM posts WHERE id = ?1")?
            .query_row([q.post], |r| r.get(0))
            .optional()?
            .ok_or_else(|| anyhow::anyhow!("unknown post {}", q.post))?;
        let f = like(w);
        let mut found = Vec::new();
        let mut scanned = 0;
        for same in [true, false] {
            let sql = if same {
                "SELECT pe.id, pe.name, pe.staff_code, pe.category, c.name, pe.last_duty_end, pe.phone
                 FROM people pe INDEXED BY people_community_rested LEFT JOIN communities c ON c.id = pe.community_id
                 WHERE pe.community_id = ?1 AND pe.retired_at IS NULL
                   AND (?2 = '%%' OR pe.name LIKE ?2 ESCAPE '\\' OR pe.staff_code LIKE ?2 ESCAPE '\\')
                 ORDER BY pe.last_duty_end NULLS FIRST, pe.id LIMIT ?3"
            } else {
                "SELECT pe.id, pe.name, pe.staff_code, pe.category, c.name, pe.last_duty_end, pe.phone
                 FROM people pe INDEXED BY people_rested LEFT JOIN communities c ON c.id = pe.community_id
                 WHERE pe.retired_at IS NULL AND pe.community_id IS DISTINCT FROM ?1
                   AND (?2 = '%%' OR pe.name LIKE ?2 ESCAPE '\\' OR pe.staff_code LIKE ?2 ESCAPE '\\')
                 ORDER BY pe.last_duty_end NULLS FIRST, pe.id LIMIT ?3"
            };
            let mut st = c.prepare_cached(sql)?;
            let mut rows = st.query(params![community, f, (CALLUP_SCAN - scanned) as i64])?;
            while let Some(r) = rows.next()? {
                scanned += 1;
                // A rest in the way makes anyone unavailable, whatever else holds: only the
                // marked list (everyone) needs the rest of their state.
                let rest = self.rest_in_way(q, r.get(0)?)?;
                if !q.everyone && rest.is_some() {
                    continue;
                }
                let cand = self.candidate(q, &r, same, rest)?;
                if q.everyone || cand.status == CandidateStatus::Available {
                    found.push(cand);
                    if found.len() >= CALLUP_MAX {
                        break;
                    }
                }
            }
            if found.len() >= CALLUP_MAX || scanned >= CALLUP_SCAN {
                break;
            }
        }
        Ok(window(found, w))
    }

    /// The rest (forced first) that overlaps the shift to fill, with its end and kind.
    fn rest_in_way(&self, q: &CallupQuery, id: i64) -> Result<Option<(Ts, String)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT end_at, kind FROM rest_periods WHERE person_id = ?1 AND end_at > ?2
                   AND start_at < ?3 AND end_at > start_at ORDER BY kind = 'forced' DESC LIMIT 1",
            )?
            .query_row(params![id, q.start, q.end], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn candidate(
        &self,
        q: &CallupQuery,
        r: &crate::store::db::Row,
        same: bool,
        rest: Option<(Ts, String)>,
    ) -> Result<Candidate> {
        let c = &self.conn;
        let id: i64 = r.get(0)?;
        let last: Option<Ts> = r.get(5)?;
        // One range of the person's shifts answers the clash, the hours and the rules.
        let look = self.cfg.rules.lookback_secs().max(WEEK);
        let spans = Store::duty_spans(c, id, q.start, look, q.now, self.cfg.tz)?;
        let hours_7d = DutySpan::worked(&spans, q.now - WEEK, q.now) as f64 / 3600.0;
        let clash = DutySpan::clash(&spans, (q.start, q.end), None);
        let mut breaches = Vec::new();
        let (status, until) = match (clash, rest) {
            (Some(x), _) if x.kind == SpanKind::Active => (CandidateStatus::OnDuty, Some(x.end)),
            (Some(x), _) => (CandidateStatus::Busy, Some(x.end)),
            (None, Some((e, k))) if k == "forced" => (CandidateStatus::ForcedRest, Some(e)),
            (None, Some((e, _))) => (CandidateStatus::Resting, Some(e)),
            (None, None) => {
                breaches = DutySpan::breaches(&spans, (q.start, q.end), None, &self.cfg);
                if breaches.is_empty() {
                    (CandidateStatus::Available, None)
                } else {
                    (CandidateStatus::Breaks, None)
                }
            }
        };
        Ok(Candidate {
            id,
            name: r.get(1)?,
            staff_code: r.get(2)?,
            category: r.get(3)?,
            community: r.get(4)?,
            same_community: same,
            status,
            until,
            last_duty_end: last,
            rested_minutes: last.map(|l| (q.now - l).max(0) / 60),
            hours_7d,
            breaches,
            phone: r.get(6)?,
        })
    }
}
