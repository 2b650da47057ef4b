//! "As of T" — the one reading of the past that the daily report (日报) and volunteer hours
//! (志愿时) share:
//!
//! - a shift counts from its actual start to its actual end (or T if it was still running at
//!   T), whatever its planned times; undone check-ins (cancelled shifts) never count;
//! - a running shift moved to another post (`reassign`) was at its old post until the move:
//!   the moves are read back from the audit log (the reassign row's time, the before-image of
//!   the shift's post it keeps for undo, and the new post), an undone move is a move back at
//!   the undo's time;
//! - an event at exactly T has happened by T (`<= T`); one after T has not, even if it is
//!   stored now (later tests, results recorded later, later out-of-service, later stock
//!   movements, later request and case transitions).

use super::Store;
use crate::domain::Ts;
use crate::domain::rules::{Breach, Duty, evaluate};
use crate::domain::stock::{days_of_cover, is_low, runs_out};
use crate::store::db::params;
use crate::store::queries::{SupplyRow, Window};
use crate::store::supplies_queries::RequestRow;
use anyhow::Result;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A stretch of one shift at one post.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PostSpan {
    pub person: i64,
    pub shift: i64,
    pub post: i64,
    pub start: Ts,
    /// Actual end of the stretch, capped at T.
    pub end: Ts,
    /// The stretch was under way at T (start <= T < its real end).
    pub at_t: bool,
}

/// People on duty during a day at one post: per category, and how many are on duty at T.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PostHeadcount {
    pub post: String,
    /// medical, cadre, community, volunteer (distinct people).
    pub by_category: [i64; 4],
    /// Distinct people at the post during the day.
    pub total: i64,
    pub on_duty_now: i64,
}

/// The headcount: per post, and the distinct people over all posts (a person at two posts in
/// a day is one person in `all`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Headcount {
    pub posts: Vec<PostHeadcount>,
    pub all: PostHeadcount,
}

/// Health figures of a day as of T.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HealthAt {
    pub people: usize,
    pub reported: usize,
    pub unwell: usize,
    pub tests_overdue: usize,
    pub out_of_service: usize,
}

/// Someone on duty at T who had broken a rest rule by T.
#[derive(Debug, Clone, PartialEq)]
pub struct OverdueAt {
    pub name: String,
    pub staff_code: String,
    pub post: String,
    pub since: Ts,
    /// Worst first.
    pub breaches: Vec<Breach>,
}

/// shift → its moves in order: (time, from post, to post).
pub type Moves = HashMap<i64, Vec<(Ts, i64, i64)>>;

pub const CATEGORIES: [&str; 4] = ["medical", "cadre", "community", "volunteer"];

impl Store {
    /// Moves of shifts, from the audit log: shift → (time, from post, to post), in order.
    pub fn shift_moves(&self) -> Result<Moves> {
        let mut st = self.conn.prepare_cached(
            "WITH u AS (SELECT id, at, CAST(json_extract(details, '$.undoes') AS BIGINT) AS undoes
                        FROM audit_log WHERE action = 'undo')
             SELECT a.id, a.at, CAST(json_extract(a.details, '$.shift_id') AS BIGINT),
                    (SELECT CAST(json_extract(j.value, '$.post_id') AS BIGINT)
                     FROM json_each(a.details, '$.undo.shifts') j
                     WHERE CAST(json_extract(j.value, '$.id') AS BIGINT)
                           = CAST(json_extract(a.details, '$.shift_id') AS BIGINT)),
                    CAST(json_extract(a.details, '$.post_id') AS BIGINT), u.at, u.id
             FROM audit_log a LEFT JOIN u ON u.undoes = a.id
             WHERE a.action = 'reassign' ORDER BY a.at, a.id",
        )?;
        let mut moves: HashMap<i64, Vec<(Ts, i64, i64, i64)>> = HashMap::new();
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Ts>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<Ts>>(5)?,
                r.get::<_, Option<i64>>(6)?,
            ))
        })?;
        for row in rows {
            let (id, at, shift, from, to, undone, undo_id) = row?;
            let (Some(shift), Some(from), Some(to)) = (shift, from, to) else {
                continue;
            };
            let m = moves.entry(shift).or_default();
            m.push((at, id, from, to));
            // The undo moves the shift back, in its own place in the log: a move recorded in
            // the same second after the undo came from the post the undo restored.
            if let (Some(u), Some(uid)) = (undone, undo_id) {
                m.push((u, uid, to, from));
            }
        }
        Ok(moves
            .into_iter()
            .map(|(k, mut v)| {
                v.sort_by_key(|m| (m.0, m.1));
                (k, v.into_iter().map(|(at, _, f, t)| (at, f, t)).collect())
            })
            .collect())
    }

    /// Actual duty at posts overlapping `[from, to)` as of `asof`: stretches that began by T,
    /// cut at the moves of their shift, ends capped at T. A stretch beginning exactly at T is
    /// kept (it is on duty at T, with no time yet).
    pub fn post_spans(&self, from: Ts, to: Ts, asof: Ts) -> Result<Vec<PostSpan>> {
        let moves = self.shift_moves()?;
        let mut st = self.conn.prepare_cached(
            "SELECT id, person_id, post_id, actual_start, actual_end FROM shifts
             WHERE status IN ('active', 'done') AND actual_start IS NOT NULL
               AND actual_start <= ?3 AND actual_start < ?2
               AND (actual_end IS NULL OR actual_end > ?1)
             ORDER BY person_id, actual_start, id",
        )?;
        let mut out = vec![];
        let mut rows = st.query(params![from, to, asof])?;
        while let Some(r) = rows.next()? {
            let (shift, person, post, start): (i64, i64, i64, Ts) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let real_end: Ts = r.get::<_, Option<Ts>>(4)?.unwrap_or(Ts::MAX);
            // The stretches: before each move inside the shift at its "from" post.
            let mut pieces = vec![];
            let mut s = start;
            for &(at, from_post, _) in moves.get(&shift).into_iter().flatten() {
                if at > start && at < real_end {
                    pieces.push((s, at, from_post));
                    s = at;
                }
            }
            pieces.push((s, real_end, post));
            for (a, b, p) in pieces {
                let at_t = a <= asof && asof < b;
                if a > asof || a >= to || (b <= from && !at_t) || (a == b) {
                    continue;
                }
                out.push(PostSpan {
                    person,
                    shift,
                    post: p,
                    start: a,
                    end: b.min(asof),
                    at_t,
                });
            }
        }
        Ok(out)
    }

    /// Everyone on duty at some time in `[from, asof]`, per post and category, and distinct.
    pub fn day_headcount(&self, from: Ts, asof: Ts) -> Result<Headcount> {
        let spans = self.post_spans(from, asof.saturating_add(1), asof)?;
        let cats = self.categories()?;
        let posts = self.post_names()?;
        // post → (people, people at T)
        let mut by_post: BTreeMap<i64, (BTreeSet<i64>, BTreeSet<i64>)> = BTreeMap::new();
        let mut all: (BTreeSet<i64>, BTreeSet<i64>) = Default::default();
        for s in spans.iter().filter(|s| s.end > from || s.at_t) {
            let e = by_post.entry(s.post).or_default();
            for set in [&mut e.0, &mut all.0] {
                set.insert(s.person);
            }
            if s.at_t {
                e.1.insert(s.person);
                all.1.insert(s.person);
            }
        }
        let count = |people: &BTreeSet<i64>, now: &BTreeSet<i64>, name: String| {
            let mut h = PostHeadcount {
                post: name,
                total: people.len() as i64,
                on_duty_now: now.len() as i64,
                ..Default::default()
            };
            for p in people {
                if let Some(i) = cats
                    .get(p)
                    .and_then(|c| CATEGORIES.iter().position(|x| x == c))
                {
                    h.by_category[i] += 1;
                }
            }
            h
        };
        Ok(Headcount {
            posts: by_post
                .iter()
                .map(|(post, (p, n))| {
                    count(
                        p,
                        n,
                        posts.get(post).map(|x| x.0.clone()).unwrap_or_default(),
                    )
                })
                .collect(),
            all: count(&all.0, &all.1, String::new()),
        })
    }

    /// person → category.
    pub(crate) fn categories(&self) -> Result<HashMap<i64, String>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, category FROM people")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// post → (name, kind).
    pub(crate) fn post_names(&self) -> Result<HashMap<i64, (String, String)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, name, kind FROM posts")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Health figures of local day `day` as of T: people on the roster at T, reports made by T,
    /// nobody tested in the interval before T (tests sampled after T do not count),
    /// out of service at T.
    pub fn health_at(&self, day: i64, asof: Ts) -> Result<HealthAt> {
        let c = &self.conn;
        let n = |sql: &str, p: &[&dyn crate::store::db::ToSql]| -> Result<usize> {
            Ok(c.prepare_cached(sql)?
                .query_row(p, |r| r.get::<_, i64>(0))? as usize)
        };
        let on_roster = "(pe.retired_at IS NULL OR pe.retired_at > ?1)";
        let cut = asof - i64::from(self.cfg.rules.test_interval_hours) * 3600;
        Ok(HealthAt {
            people: n(
                &format!("SELECT count(*) FROM people pe WHERE {on_roster}"),
                &[&asof],
            )?,
            reported: n(
                "SELECT count(*) FROM health_reports WHERE day = ?2 AND reported_at <= ?1",
                &[&asof, &day],
            )?,
            unwell: n(
                "SELECT count(*) FROM health_reports WHERE day = ?2 AND reported_at <= ?1 AND unwell = 1",
                &[&asof, &day],
            )?,
            tests_overdue: n(
                &format!(
                    "SELECT count(*) FROM people pe WHERE {on_roster} AND NOT EXISTS
                     (SELECT 1 FROM nucleic_tests t WHERE t.person_id = pe.id
                      AND t.tested_at >= ?2 AND t.tested_at <= ?1)"
                ),
                &[&asof, &cut],
            )?,
            out_of_service: n(
                &format!(
                    "SELECT count(*) FROM out_of_service o JOIN people pe ON pe.id = o.person_id
                     WHERE o.start_at <= ?1 AND (o.end_at IS NULL OR o.end_at > ?1) AND {on_roster}"
                ),
                &[&asof],
            )?,
        })
    }

    /// On duty at T with a rest rule broken by T (the rules evaluated on the duty before the
    /// running shift and the running shift up to T), worst first.
    pub fn overdue_at(&self, asof: Ts) -> Result<Vec<OverdueAt>> {
        let spans = self.post_spans(asof, asof.saturating_add(1), asof)?;
        let posts = self.post_names()?;
        let mut who = self
            .conn
            .prepare_cached("SELECT name, staff_code FROM people WHERE id = ?1")?;
        let mut out = vec![];
        for s in spans.iter().filter(|s| s.at_t) {
            let since: Ts = self.conn.query_row(
                "SELECT actual_start FROM shifts WHERE id = ?1",
                [s.shift],
                |r| r.get(0),
            )?;
            let hist = self.histories(&[(s.person, since)])?.remove(0);
            let duty = Duty {
                history: &hist,
                current_start: Some(since),
            };
            let mut breaches = evaluate(&duty, asof, &self.cfg.rules, self.cfg.tz);
            if breaches.is_empty() {
                continue;
            }
            breaches.sort_by_key(|b| std::cmp::Reverse(b.over_by_minutes));
            let (name, staff_code) = who.query_row([s.person], |r| Ok((r.get(0)?, r.get(1)?)))?;
            out.push(OverdueAt {
                name,
                staff_code,
                post: posts.get(&s.post).map(|p| p.0.clone()).unwrap_or_default(),
                since,
                breaches,
            });
        }
        out.sort_by(|a, b| {
            b.breaches[0]
                .over_by_minutes
                .cmp(&a.breaches[0].over_by_minutes)
                .then(a.staff_code.cmp(&b.staff_code))
        });
        Ok(out)
    }

    /// Stock as of T: on hand is the sum of every movement made by T, over all depots; burn
    /// rate from the complete days before T's day; low items first, as `supplies`.
    pub fn supplies_at(&self, asof: Ts) -> Result<Vec<SupplyRow>> {
        let mut rows = self.supplies(asof, &Window::all())?.rows;
        let mut st = self.conn.prepare_cached(
            "SELECT coalesce(sum(quantity), 0) FROM stock_movements WHERE item_id = ?1 AND at <= ?2",
        )?;
        for r in &mut rows {
            r.on_hand = st.query_row(params![r.id, asof], |x| x.get(0))?;
            r.days_of_cover = days_of_cover(r.on_hand, r.burn_per_day);
            r.low = is_low(r.on_hand, r.days_of_cover, self.cfg.rules.low_stock_days);
            r.runs_out = runs_out(asof, r.days_of_cover);
        }
        rows.sort_by(|a, b| {
            b.low.cmp(&a.low).then(
                a.days_of_cover
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&b.days_of_cover.unwrap_or(f64::INFINITY))
                    .then(a.id.cmp(&b.id)),
            )
        });
        Ok(rows)
    }

    /// Logistics requests pending at T (opened by T, not done by T), with their state at T.
    pub fn requests_at(&self, asof: Ts) -> Result<Vec<RequestRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT r.id, r.kind, r.post_id, po.name, r.person_id, pe.name, r.quantity, r.needed_by,
                    CASE WHEN r.arranged_at IS NOT NULL AND r.arranged_at <= ?1 THEN 'arranged' ELSE 'open' END,
                    r.note, CASE WHEN r.arranged_at <= ?1 THEN r.arrangement END, r.opened_at
             FROM logistics_requests r
             LEFT JOIN posts po ON po.id = r.post_id LEFT JOIN people pe ON pe.id = r.person_id
             WHERE r.opened_at <= ?1 AND (r.done_at IS NULL OR r.done_at > ?1)
               AND (r.status <> 'done' OR r.done_at IS NOT NULL)
             ORDER BY r.needed_by, r.id",
        )?;
        let rows = st.query_map([asof], RequestRow::from_row)?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }
}
