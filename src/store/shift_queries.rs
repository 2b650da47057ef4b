//! Reads about shifts and rest: a person's projected duty, the schedule and coverage of a day,
//! a slot's shifts, the call-up list, the compensatory-leave ledger and the early-warning list.

use super::Store;
use super::queries::{Page, Window};
use crate::domain::rules::Breach;
use crate::domain::shift_check::breaches_if_worked;
use crate::domain::time::{day_start, local_day};
use crate::domain::{Interval, Ts};
use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

impl Store {
    /// The duty a person will have done by `before` if every planned shift is worked: finished
    /// shifts as worked, the current one to its planned end (or now, if later), and planned
    /// shifts not yet over. `except` leaves out the shift being moved. Oldest first.
    pub(crate) fn projected_history(
        conn: &Connection,
        person: i64,
        before: Ts,
        lookback: i64,
        now: Ts,
        except: Option<i64>,
    ) -> Result<Vec<Interval>> {
        let mut st = conn.prepare_cached(
            "SELECT coalesce(actual_start, planned_start),
                    CASE status WHEN 'done' THEN actual_end WHEN 'active' THEN max(planned_end, ?4)
                                ELSE planned_end END
             FROM shifts
             WHERE person_id = ?1 AND planned_start >= ?2 AND planned_start < ?3 AND id <> ?5
               AND (status = 'active' OR (status = 'done' AND actual_end IS NOT NULL)
                    OR (status = 'planned' AND planned_end > ?4))
             ORDER BY planned_start",
        )?;
        let rows = st.query_map(
            params![
                person,
                before - lookback - 86_400,
                before,
                now,
                except.unwrap_or(-1)
            ],
            |r| Ok(Interval::new(r.get(0)?, r.get(1)?)),
        )?;
        let mut v: Vec<Interval> = rows.collect::<rusqlite::Result<_>>()?;
        v.retain(|i| i.end <= before && i.end > i.start);
        v.sort_by_key(|i| i.start);
        Ok(v)
    }

    /// The rules a shift `[start, end)` of the person breaks if worked as planned — or that
    /// their next planned shift would break because of it (a shift squeezed in before
    /// another can cut the rest before that one short). The one decision behind planning,
    /// moving, copying and the call-up list.
    pub(crate) fn shift_breaches(
        conn: &Connection,
        cfg: &super::StoreConfig,
        person: i64,
        (start, end): (Ts, Ts),
        except: Option<i64>,
        now: Ts,
    ) -> Result<Vec<Breach>> {
        let (rules, tz) = (&cfg.rules, cfg.tz);
        let look = rules.lookback_secs();
        let hist = Store::projected_history(conn, person, start, look, now, except)?;
        let b = breaches_if_worked(&hist, start, end, rules, tz);
        if !b.is_empty() {
            return Ok(b);
        }
        let next: Option<(Ts, Ts)> = conn
            .prepare_cached(
                "SELECT planned_start, planned_end FROM shifts WHERE person_id = ?1 AND status = 'planned'
                   AND planned_start >= ?2 AND planned_start < ?2 + 8 * 86400 AND id <> ?3
                 ORDER BY planned_start LIMIT 1",
            )?
            .query_row(params![person, end, except.unwrap_or(-1)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((ns, ne)) = next else {
            return Ok(Vec::new());
        };
        let without = Store::projected_history(conn, person, ns, look, now, except)?;
        if !breaches_if_worked(&without, ns, ne, rules, tz).is_empty() {
            // Broken already, not because of this shift.
            return Ok(Vec::new());
        }
        let mut with = without;
        with.push(Interval::new(start, end));
        with.sort_by_key(|i| i.start);
        Ok(breaches_if_worked(&with, ns, ne, rules, tz))
    }
}

/// One shift slot of a post on a day: the shifts that start together, against the post's
/// required headcount. A post that needs people and has no shift that day is one row with no
/// times.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlotRow {
    pub post_id: i64,
    pub post: String,
    pub community_id: i64,
    pub community: String,
    pub start: Option<Ts>,
    pub end: Option<Ts>,
    pub required: i64,
    /// Shifts not cancelled: planned, on duty or done.
    pub assigned: i64,
    pub on_duty: i64,
    pub cancelled: i64,
}

/// The day at a glance: how many slots, how many short and by how many people, how many over.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CoverageSummary {
    pub slots: usize,
    pub short_slots: usize,
    pub short_people: i64,
    pub over_slots: usize,
}

impl SlotRow {
    /// People missing (positive) or too many (negative).
    pub fn short_by(&self) -> i64 {
        self.required - self.assigned
    }
}

/// A shift in a slot, with the state of its person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlotShift {
    pub shift_id: i64,
    pub person_id: i64,
    pub name: String,
    pub staff_code: String,
    pub status: String,
    pub planned_start: Ts,
    pub planned_end: Ts,
    pub actual_start: Option<Ts>,
    pub actual_end: Option<Ts>,
    /// on_duty, forced_rest, resting or available — as in `find_people`.
    pub person_status: String,
}

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
    pub category: String,
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
pub const CALLUP_MAX: usize = 200;
/// People looked at, at most, to find them.
const CALLUP_SCAN: usize = 4000;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerRow {
    pub id: i64,
    pub name: String,
    pub staff_code: String,
    pub community: Option<String>,
    pub owed_minutes: i64,
    pub last_entry: Option<Ts>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerEntry {
    pub id: i64,
    pub at: Ts,
    pub minutes: i64,
    pub kind: String,
    pub rest_id: Option<i64>,
    pub note: String,
}

/// An on-duty person who has broken a rule (`breach_at <= now`) or will within the warning
/// horizon if the shift goes on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WatchRow {
    pub id: i64,
    pub name: String,
    pub staff_code: String,
    pub post: String,
    pub since: Ts,
    pub breach_at: Ts,
    pub rule: String,
}

fn lim(w: &Window) -> i64 {
    w.limit.map_or(-1, |l| l as i64)
}

fn like(w: &Window) -> String {
    let f = w
        .filter
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{f}%")
}

fn window<T>(rows: Vec<T>, w: &Window) -> Page<T> {
    let total = rows.len();
    let rows = rows
        .into_iter()
        .skip(w.offset)
        .take(w.limit.unwrap_or(usize::MAX))
        .collect();
    Page { rows, total }
}

impl Store {
    /// Coverage of the local day holding `day`: each post's slots (shifts grouped by planned
    /// start), required against assigned, by post then time. `gaps_only` keeps the short slots.
    /// One index range over the day's shifts; the posts are few.
    pub fn coverage(&self, day: Ts, gaps_only: bool, w: &Window) -> Result<Page<SlotRow>> {
        Ok(self.coverage_full(day, gaps_only, w)?.0)
    }

    /// `coverage`, with the summary of the posts the filter keeps (gaps only or not).
    pub fn coverage_full(
        &self,
        day: Ts,
        gaps_only: bool,
        w: &Window,
    ) -> Result<(Page<SlotRow>, CoverageSummary)> {
        let tz = self.cfg.tz;
        let d = local_day(day, tz);
        let (d0, d1) = (day_start(d, tz), day_start(d + 1, tz));
        let mut st = self.conn.prepare_cached(
            "SELECT post_id, planned_start, max(planned_end), sum(status <> 'cancelled'),
                    sum(status = 'active'), sum(status = 'cancelled')
             FROM shifts INDEXED BY shifts_day WHERE planned_start >= ?1 AND planned_start < ?2
             GROUP BY post_id, planned_start",
        )?;
        let mut slots: std::collections::HashMap<i64, Vec<(Ts, Ts, i64, i64, i64)>> =
            Default::default();
        for r in st.query_map(params![d0, d1], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
            ))
        })? {
            let (post, slot) = r?;
            slots.entry(post).or_default().push(slot);
        }
        let f = w.filter.trim().to_lowercase();
        let mut rows = Vec::new();
        let mut posts = self.conn.prepare_cached(
            "SELECT p.id, p.name, p.community_id, p.required_per_shift, c.name
             FROM posts p JOIN communities c ON c.id = p.community_id ORDER BY p.id",
        )?;
        for p in posts.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
            ))
        })? {
            let (id, name, community_id, required, community) = p?;
            if !f.is_empty() && !name.to_lowercase().contains(&f) && id.to_string() != f {
                continue;
            }
            let mut mine = slots.remove(&id).unwrap_or_default();
            mine.sort_unstable();
            let row = |start, end, assigned, on_duty, cancelled| SlotRow {
                post_id: id,
                post: name.clone(),
                community_id,
                community: community.clone(),
                start,
                end,
                required,
                assigned,
                on_duty,
                cancelled,
            };
            if mine.is_empty() && required > 0 {
                rows.push(row(None, None, 0, 0, 0));
            }
            for (s, e, a, on, c) in mine {
                rows.push(row(Some(s), Some(e), a, on, c));
            }
        }
        let summary = CoverageSummary {
            slots: rows.len(),
            short_slots: rows.iter().filter(|r| r.short_by() > 0).count(),
            short_people: rows.iter().map(|r| r.short_by().max(0)).sum(),
            over_slots: rows.iter().filter(|r| r.short_by() < 0).count(),
        };
        if gaps_only {
            rows.retain(|r| r.short_by() > 0);
        }
        Ok((window(rows, w), summary))
    }

    /// The shifts of one slot (a post's shifts starting at `start`), cancelled ones last.
    pub fn slot_shifts(
        &self,
        post: i64,
        start: Ts,
        now: Ts,
        w: &Window,
    ) -> Result<Page<SlotShift>> {
        let mut st = self.conn.prepare_cached(
            "SELECT s.id, pe.id, pe.name, pe.staff_code, s.status, s.planned_start, s.planned_end,
                    s.actual_start, s.actual_end,
               CASE WHEN EXISTS(SELECT 1 FROM shifts a WHERE a.person_id = pe.id AND a.status = 'active') THEN 'on_duty'
                    WHEN EXISTS(SELECT 1 FROM rest_periods r WHERE r.person_id = pe.id AND r.kind = 'forced' AND r.end_at > ?3 AND r.start_at <= ?3) THEN 'forced_rest'
                    WHEN EXISTS(SELECT 1 FROM rest_periods r WHERE r.person_id = pe.id AND r.end_at > ?3 AND r.start_at <= ?3) THEN 'resting'
                    ELSE 'available' END
             FROM shifts s INDEXED BY shifts_day JOIN people pe ON pe.id = s.person_id
             WHERE s.planned_start = ?2 AND s.post_id = ?1
             ORDER BY s.status = 'cancelled', pe.name, s.id",
        )?;
        let rows: Vec<SlotShift> = st
            .query_map(params![post, start, now], |r| {
                Ok(SlotShift {
                    shift_id: r.get(0)?,
                    person_id: r.get(1)?,
                    name: r.get(2)?,
                    staff_code: r.get(3)?,
                    status: r.get(4)?,
                    planned_start: r.get(5)?,
                    planned_end: r.get(6)?,
                    actual_start: r.get(7)?,
                    actual_end: r.get(8)?,
                    person_status: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(window(rows, w))
    }

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
                "SELECT pe.id, pe.name, pe.staff_code, pe.category, c.name, pe.last_duty_end
                 FROM people pe INDEXED BY people_community_rested LEFT JOIN communities c ON c.id = pe.community_id
                 WHERE pe.community_id = ?1 AND pe.retired_at IS NULL
                   AND (?2 = '%%' OR pe.name LIKE ?2 ESCAPE '\\' OR pe.staff_code LIKE ?2 ESCAPE '\\')
                 ORDER BY pe.last_duty_end, pe.id LIMIT ?3"
            } else {
                "SELECT pe.id, pe.name, pe.staff_code, pe.category, c.name, pe.last_duty_end
                 FROM people pe INDEXED BY people_rested LEFT JOIN communities c ON c.id = pe.community_id
                 WHERE pe.retired_at IS NULL AND pe.community_id IS NOT ?1
                   AND (?2 = '%%' OR pe.name LIKE ?2 ESCAPE '\\' OR pe.staff_code LIKE ?2 ESCAPE '\\')
                 ORDER BY pe.last_duty_end, pe.id LIMIT ?3"
            };
            let mut st = c.prepare_cached(sql)?;
            let mut rows = st.query(params![community, f, (CALLUP_SCAN - scanned) as i64])?;
            while let Some(r) = rows.next()? {
                scanned += 1;
                let cand = self.candidate(q, r, same)?;
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

    fn candidate(&self, q: &CallupQuery, r: &rusqlite::Row, same: bool) -> Result<Candidate> {
        let c = &self.conn;
        let id: i64 = r.get(0)?;
        let last: Option<Ts> = r.get(5)?;
        let hist = Store::projected_history(c, id, q.now, WEEK, q.now, None)?;
        let mut hours_7d: i64 = hist.iter().map(|i| i.overlap(q.now - WEEK, q.now)).sum();
        // A shift going on now counts up to now.
        hours_7d += c
            .prepare_cached(
                "SELECT coalesce(sum(max(0, ?2 - max(actual_start, ?2 - 604800))), 0) FROM shifts
                 WHERE person_id = ?1 AND status = 'active'",
            )?
            .query_row(params![id, q.now], |r| r.get::<_, i64>(0))?;
        let hours_7d = hours_7d as f64 / 3600.0;
        let clash: Option<(Ts, String)> = c
            .prepare_cached(
                "SELECT CASE status WHEN 'active' THEN max(planned_end, ?4) ELSE coalesce(actual_end, planned_end) END AS e, status
                 FROM shifts WHERE person_id = ?1 AND status IN ('planned','active','done')
                   AND (status = 'active' OR (planned_start < ?3 + 3600 AND planned_start > ?2 - 2 * 86400))
                   AND coalesce(actual_start, planned_start) < ?3
                   AND (CASE status WHEN 'active' THEN max(planned_end, ?4) ELSE coalesce(actual_end, planned_end) END) > ?2
                 ORDER BY status = 'active' DESC LIMIT 1",
            )?
            .query_row(params![id, q.start, q.end, q.now], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let rest: Option<(Ts, String)> = c
            .prepare_cached(
                "SELECT end_at, kind FROM rest_periods WHERE person_id = ?1 AND end_at > ?2
                   AND start_at < ?3 AND end_at > start_at ORDER BY kind = 'forced' DESC LIMIT 1",
            )?
            .query_row(params![id, q.start, q.end], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let mut breaches = Vec::new();
        let (status, until) = match (clash, rest) {
            (Some((e, s)), _) if s == "active" => (CandidateStatus::OnDuty, Some(e)),
            (Some((e, _)), _) => (CandidateStatus::Busy, Some(e)),
            (None, Some((e, k))) if k == "forced" => (CandidateStatus::ForcedRest, Some(e)),
            (None, Some((e, _))) => (CandidateStatus::Resting, Some(e)),
            (None, None) => {
                breaches = Store::shift_breaches(c, &self.cfg, id, (q.start, q.end), None, q.now)?;
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
        })
    }

    /// Who is owed most compensatory leave (补休), most first.
    pub fn ledger_page(&self, w: &Window) -> Result<Page<LedgerRow>> {
        let c = &self.conn;
        let total: i64 = c
            .prepare_cached(
                "SELECT count(*) FROM comp_balance b JOIN people pe ON pe.id = b.person_id
                 WHERE b.minutes > 0 AND (?1 = '%%' OR pe.name LIKE ?1 ESCAPE '\\' OR pe.staff_code LIKE ?1 ESCAPE '\\')",
            )?
            .query_row([like(w)], |r| r.get(0))?;
        let mut st = c.prepare_cached(
            "SELECT pe.id, pe.name, pe.staff_code, c.name, b.minutes,
                    (SELECT max(l.at) FROM comp_ledger l WHERE l.person_id = b.person_id)
             FROM comp_balance b INDEXED BY comp_balance_owed JOIN people pe ON pe.id = b.person_id
             LEFT JOIN communities c ON c.id = pe.community_id
             WHERE b.minutes > 0 AND (?1 = '%%' OR pe.name LIKE ?1 ESCAPE '\\' OR pe.staff_code LIKE ?1 ESCAPE '\\')
             ORDER BY b.minutes DESC, b.person_id LIMIT ?2 OFFSET ?3",
        )?;
        let rows = st
            .query_map(params![like(w), lim(w), w.offset as i64], |r| {
                Ok(LedgerRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    staff_code: r.get(2)?,
                    community: r.get(3)?,
                    owed_minutes: r.get(4)?,
                    last_entry: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Page {
            rows,
            total: total as usize,
        })
    }

    /// One person's ledger entries, newest first, and the balance.
    pub fn ledger_entries(&self, person: i64) -> Result<(i64, Vec<LedgerEntry>)> {
        let c = &self.conn;
        let balance: i64 = c
            .prepare_cached(
                "SELECT coalesce(max(minutes), 0) FROM comp_balance WHERE person_id = ?1",
            )?
            .query_row([person], |r| r.get(0))?;
        let mut st = c.prepare_cached(
            "SELECT id, at, minutes, kind, rest_id, note FROM comp_ledger WHERE person_id = ?1
             ORDER BY at DESC, id DESC",
        )?;
        let rows = st
            .query_map([person], |r| {
                Ok(LedgerEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    minutes: r.get(2)?,
                    kind: r.get(3)?,
                    rest_id: r.get(4)?,
                    note: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok((balance, rows))
    }

    /// On-duty people who have broken a rule or will within `within` seconds if their shift
    /// goes on, soonest breach first: one range of the stored first-breach index, the same
    /// prediction that fills the Overdue panel and is made at check-in.
    pub fn watch(&self, now: Ts, within: i64, w: &Window) -> Result<Page<WatchRow>> {
        let c = &self.conn;
        let cond = "s.status = 'active' AND s.breach_at IS NOT NULL AND s.breach_at <= ?1
               AND (?2 = '%%' OR pe.name LIKE ?2 ESCAPE '\\' OR pe.staff_code LIKE ?2 ESCAPE '\\' OR po.name LIKE ?2 ESCAPE '\\')";
        let total: i64 = c
            .prepare_cached(&format!(
                "SELECT count(*) FROM shifts s JOIN people pe ON pe.id = s.person_id JOIN posts po ON po.id = s.post_id WHERE {cond}"
            ))?
            .query_row(params![now + within, like(w)], |r| r.get(0))?;
        let mut st = c.prepare_cached(&format!(
            "SELECT pe.id, pe.name, pe.staff_code, po.name, s.actual_start, s.breach_at, coalesce(s.breach_rule, '')
             FROM shifts s INDEXED BY shifts_active_breach JOIN people pe ON pe.id = s.person_id
             JOIN posts po ON po.id = s.post_id WHERE {cond}
             ORDER BY s.breach_at, s.id LIMIT ?3 OFFSET ?4"
        ))?;
        let rows = st
            .query_map(
                params![now + within, like(w), lim(w), w.offset as i64],
                |r| {
                    Ok(WatchRow {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        staff_code: r.get(2)?,
                        post: r.get(3)?,
                        since: r.get(4)?,
                        breach_at: r.get(5)?,
                        rule: r.get(6)?,
                    })
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Page {
            rows,
            total: total as usize,
        })
    }
}

const WEEK: i64 = 7 * 86_400;
