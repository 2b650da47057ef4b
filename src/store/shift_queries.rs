//! Reads about shifts and rest: a person's projected duty, the schedule and coverage of a day,
//! a slot's shifts, the call-up list, the compensatory-leave ledger and the early-warning list.

use super::Store;
use super::duty_history::run_reaches;
use super::queries::{Page, Window};
use crate::domain::rules::Breach;
use crate::domain::shift_check::breaches_if_worked;
use crate::domain::time::{day_start, local_day};
use crate::domain::{Interval, Ts};
use crate::store::db::{Connection, params};
use anyhow::Result;
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::BTreeSet;

/// A slot as `slot_counts` keeps it: (planned start, latest end, assigned, on duty, cancelled).
type SlotCounts = (Ts, Ts, i64, i64, i64);

pub use super::callup_queries::{CALLUP_MAX, CallupQuery, Candidate, CandidateStatus};

impl Store {
    /// The rules a shift `[start, end)` of the person breaks if worked as planned — or that
    /// their next planned shift would break because of it. The one decision behind planning,
    /// moving, copying and the call-up list (see `DutySpan::breaches`).
    pub(crate) fn shift_breaches(
        conn: &Connection,
        cfg: &super::StoreConfig,
        person: i64,
        span: (Ts, Ts),
        except: Option<i64>,
        now: Ts,
    ) -> Result<Vec<Breach>> {
        let spans =
            Store::duty_spans(conn, person, span.0, cfg.rules.lookback_secs(), now, cfg.tz)?;
        Ok(DutySpan::breaches(&spans, span, except, cfg))
    }

    /// A person's shifts around `at` (from the rules' lookback before it, and further back
    /// while a run of working days goes on, to 9 days after), as the rules see them, oldest
    /// first.
    pub(crate) fn duty_spans(
        conn: &Connection,
        person: i64,
        at: Ts,
        lookback: i64,
        now: Ts,
        tz: Tz,
    ) -> Result<Vec<DutySpan>> {
        let mut st = conn.prepare_cached(
            "SELECT id, status, planned_start, planned_end, actual_start, actual_end FROM shifts
             WHERE person_id = ?1 AND planned_start >= ?2 AND planned_start < ?3
               AND status IN ('planned','active','done')",
        )?;
        let mut read = |from: Ts, to: Ts| -> Result<Vec<DutySpan>> {
            let rows = st.query_map(params![person, from, to], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Ts>(2)?,
                    r.get::<_, Ts>(3)?,
                    r.get::<_, Option<Ts>>(4)?,
                    r.get::<_, Option<Ts>>(5)?,
                ))
            })?;
            let mut out = Vec::new();
            for r in rows {
                let (id, status, ps, pe, a_s, a_e) = r?;
                let span = match (status.as_str(), a_s, a_e) {
                    ("done", Some(s), Some(e)) => (s, e, SpanKind::Done),
                    ("active", Some(s), _) => (s, pe.max(now), SpanKind::Active),
                    // A planned shift already over was never worked: it does not count.
                    ("planned", _, _) if pe > now => (ps, pe, SpanKind::Planned),
                    _ => continue,
                };
                if span.1 > span.0 {
                    out.push(DutySpan {
                        id,
                        start: span.0,
                        end: span.1,
                        kind: span.2,
                    });
                }
            }
            Ok(out)
        };
        let mut lo = at.min(now) - lookback - 2 * 86_400;
        let mut out = read(lo, at + 9 * 86_400)?;
        loop {
            let days: BTreeSet<i64> = out
                .iter()
                .filter(|x| x.start < at)
                .map(|x| local_day(x.start, tz))
                .collect();
            if !run_reaches(&days, lo, at, tz) || lo < at - 400 * 86_400 {
                break;
            }
            let older = read(lo - 30 * 86_400, lo)?;
            lo -= 30 * 86_400;
            if older.is_empty() {
                break;
            }
            out.extend(older);
        }
        out.sort_by_key(|x| (x.start, x.end, x.id));
        Ok(out)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SpanKind {
    Done,
    Active,
    Planned,
}

/// A shift as the rules see it: worked (done), running to its planned end or now if later
/// (active), or to be worked (planned, not yet over).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DutySpan {
    pub(crate) id: i64,
    pub(crate) start: Ts,
    pub(crate) end: Ts,
    pub(crate) kind: SpanKind,
}

impl DutySpan {
    fn interval(&self) -> Interval {
        Interval::new(self.start, self.end)
    }

    /// The first shift (not `except`) overlapping `[start, end)`.
    pub(crate) fn clash(
        spans: &[DutySpan],
        (s, e): (Ts, Ts),
        except: Option<i64>,
    ) -> Option<DutySpan> {
        spans
            .iter()
            .find(|x| Some(x.id) != except && x.start < e && x.end > s)
            .copied()
    }

    /// Seconds worked in `[from, to]`, a running shift counted up to `to`.
    pub(crate) fn worked(spans: &[DutySpan], from: Ts, to: Ts) -> i64 {
        spans
            .iter()
            .filter(|x| x.kind != SpanKind::Planned)
            .map(|x| Interval::new(x.start, x.end.min(to)).overlap(from, to))
            .sum()
    }

    /// The rules `[s, e)` breaks if worked as planned after the shifts ending by `s`, and the
    /// rules later planned shifts of the person break because of it (newly, or by more than
    /// they did without it):
    /// a shift squeezed in before others can cut the rest before the next one short, lengthen
    /// a run of days or fill a window. Every later planned shift the rules can reach is looked
    /// at; each rule is reported once, worst first.
    pub(crate) fn breaches(
        spans: &[DutySpan],
        (s, e): (Ts, Ts),
        except: Option<i64>,
        cfg: &super::StoreConfig,
    ) -> Vec<Breach> {
        let (rules, tz) = (&cfg.rules, cfg.tz);
        let before = |t: Ts| -> Vec<Interval> {
            spans
                .iter()
                .filter(|x| Some(x.id) != except && x.end <= t)
                .map(DutySpan::interval)
                .collect()
        };
        let mut out = breaches_if_worked(&before(s), s, e, rules, tz);
        let reach = rules.lookback_secs();
        let later = spans.iter().filter(|x| {
            x.kind == SpanKind::Planned
                && Some(x.id) != except
                && x.start >= e
                && x.start < e + reach
        });
        for n in later {
            // As the plan stands now (the shift being changed at its old times, if any).
            let now_plan: Vec<Interval> = spans
                .iter()
                .filter(|x| x.end <= n.start)
                .map(DutySpan::interval)
                .collect();
            let had = breaches_if_worked(&now_plan, n.start, n.end, rules, tz);
            let mut with = before(n.start);
            with.push(Interval::new(s, e));
            with.sort_by_key(|i| i.start);
            for b in breaches_if_worked(&with, n.start, n.end, rules, tz) {
                // Broken as much already without this change: not its doing. Made worse (a
                // rest cut shorter still): its doing.
                if had.iter().any(|h| {
                    h.rule == b.rule
                        && h.window_days == b.window_days
                        && h.over_by_minutes >= b.over_by_minutes
                }) {
                    continue;
                }
                match out
                    .iter_mut()
                    .find(|o| o.rule == b.rule && o.window_days == b.window_days)
                {
                    Some(o) if o.over_by_minutes >= b.over_by_minutes => {}
                    Some(o) => *o = b,
                    None => out.push(b),
                }
            }
        }
        out.sort_by_key(|x| std::cmp::Reverse(x.over_by_minutes));
        out
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
    pub status: crate::domain::ShiftStatus,
    pub planned_start: Ts,
    pub planned_end: Ts,
    pub actual_start: Option<Ts>,
    pub actual_end: Option<Ts>,
    /// on_duty, forced_rest, resting or available — as in `find_people`.
    pub person_status: String,
}

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

pub(super) fn like(w: &Window) -> String {
    let f = w
        .filter
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{f}%")
}

pub(super) fn window<T>(rows: Vec<T>, w: &Window) -> Page<T> {
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
    /// One index range of the day's kept slot counts (`slot_counts`, migration 13); the posts
    /// are few.
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
            "SELECT post_id, planned_start, end_max, assigned, on_duty, cancelled
             FROM slot_counts WHERE planned_start >= ?1 AND planned_start < ?2 AND n > 0",
        )?;
        // Each post's slots.
        let mut slots: std::collections::HashMap<i64, Vec<SlotCounts>> = Default::default();
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
            .collect::<crate::store::db::Result<_>>()?;
        Ok(window(rows, w))
    }

    /// Who is owed most compensatory leave (补休), most first.
    pub fn ledger_page(&self, w: &Window) -> Result<Page<LedgerRow>> {
        let c = &self.conn;
        let total: i64 = if w.filter.trim().is_empty() {
            c.prepare_cached(
                "SELECT count(*) FROM comp_balance INDEXED BY comp_balance_owed WHERE minutes > 0",
            )?
            .query_row([], |r| r.get(0))?
        } else {
            c.prepare_cached(
                "SELECT count(*) FROM comp_balance b JOIN people pe ON pe.id = b.person_id
                 WHERE b.minutes > 0 AND (pe.name LIKE ?1 ESCAPE '\\' OR pe.staff_code LIKE ?1 ESCAPE '\\')",
            )?
            .query_row([like(w)], |r| r.get(0))?
        };
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
            .collect::<crate::store::db::Result<_>>()?;
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
            .collect::<crate::store::db::Result<_>>()?;
        Ok((balance, rows))
    }

    /// On-duty people who have broken a rule or will within `within` seconds if their shift
    /// goes on, soonest breach first: one range of the stored first-breach index, the same
    /// prediction that fills the Overdue panel and is made at check-in.
    pub fn watch(&self, now: Ts, within: i64, w: &Window) -> Result<Page<WatchRow>> {
        let c = &self.conn;
        let cond = "s.status = 'active' AND s.breach_at IS NOT NULL AND s.breach_at <= ?1
               AND (?2 = '%%' OR pe.name LIKE ?2 ESCAPE '\\' OR pe.staff_code LIKE ?2 ESCAPE '\\' OR po.name LIKE ?2 ESCAPE '\\')";
        // Unfiltered, the count is the index range alone (no row or join is read).
        let total: i64 = if w.filter.trim().is_empty() {
            c.prepare_cached(
                "SELECT count(*) FROM shifts INDEXED BY shifts_active_breach
                 WHERE status = 'active' AND breach_at IS NOT NULL AND breach_at <= ?1",
            )?
            .query_row([now + within], |r| r.get(0))?
        } else {
            c.prepare_cached(&format!(
                "SELECT count(*) FROM shifts s JOIN people pe ON pe.id = s.person_id JOIN posts po ON po.id = s.post_id WHERE {cond}"
            ))?
            .query_row(params![now + within, like(w)], |r| r.get(0))?
        };
        // Unfiltered, the window is chosen on the index alone (the rows before it are
        // skipped there, not joined), then its few shifts are joined to people and posts.
        // Ties on the breach go by person, the index's next column (one running shift each).
        let sql = if w.filter.trim().is_empty() {
            "SELECT pe.id, pe.name, pe.staff_code, po.name, s.actual_start, s.breach_at, coalesce(s.breach_rule, '')
             FROM (SELECT id AS sid FROM shifts INDEXED BY shifts_active_breach
                   WHERE status = 'active' AND breach_at IS NOT NULL AND breach_at <= ?1 AND ?2 = ?2
                   ORDER BY breach_at, person_id LIMIT ?3 OFFSET ?4) AS page
             JOIN shifts s ON s.id = page.sid JOIN people pe ON pe.id = s.person_id
             JOIN posts po ON po.id = s.post_id
             ORDER BY s.breach_at, s.person_id"
                .to_string()
        } else {
            format!(
                "SELECT pe.id, pe.name, pe.staff_code, po.name, s.actual_start, s.breach_at, coalesce(s.breach_rule, '')
                 FROM shifts s INDEXED BY shifts_active_breach JOIN people pe ON pe.id = s.person_id
                 JOIN posts po ON po.id = s.post_id WHERE {cond}
                 ORDER BY s.breach_at, s.person_id LIMIT ?3 OFFSET ?4"
            )
        };
        let mut st = c.prepare_cached(&sql)?;
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
            .collect::<crate::store::db::Result<_>>()?;
        Ok(Page {
            rows,
            total: total as usize,
        })
    }
}

pub(super) const WEEK: i64 = 7 * 86_400;
