//! A reference for the daily report and volunteer hours: a plain, slow recomputation from the
//! raw rows, written from the definitions and nothing else (no product query is called):
//!
//! - a shift counts from its actual start to its actual end, or T if it was running at T;
//!   planned times never matter; an undone check-in (cancelled shift) never counts;
//! - the post at time t of a moved shift is the "from" post of its first move after t, else
//!   its post now (moves are the audit log's reassign rows; an undone move is a move back);
//! - an event at exactly T has happened by T; anything later has not;
//! - hours: seconds per person, local day and kind of post, rounded once.
#![allow(dead_code)]

pub mod history;
pub mod world;

use chrono_tz::Tz;
use frontline::domain::rules::{Duty, RestRules, evaluate};
use frontline::domain::time::{day_start, local_day};
use frontline::domain::{Interval, Ts};
use frontline::store::db::{Connection, Row};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub const CATS: [&str; 4] = ["medical", "cadre", "community", "volunteer"];

/// A headcount row: (people by category in `CATS` order, total, on duty at T).
pub type Headcount = ([i64; 4], i64, i64);

#[derive(Debug, Clone)]
pub struct Shift {
    pub id: i64,
    pub person: i64,
    pub post: i64,
    pub start: Ts,
    pub end: Option<Ts>,
}

#[derive(Debug, Default)]
pub struct Raw {
    pub shifts: Vec<Shift>,
    /// shift → (at, from post, to post)
    pub moves: HashMap<i64, Vec<(Ts, i64, i64)>>,
    /// post → (name, kind)
    pub posts: HashMap<i64, (String, String)>,
    /// person → (category, staff code, retired at)
    pub people: BTreeMap<i64, (String, String, Option<Ts>)>,
    pub oos: Vec<(i64, Ts, Option<Ts>)>,
    /// person, tested at, result, recorded at
    pub tests: Vec<(i64, Ts, String, Ts)>,
    /// person, day, unwell, reported at
    pub reports: Vec<(i64, i64, bool, Ts)>,
    /// item → (name_en, [(quantity, at)])
    pub stock: BTreeMap<i64, (String, Vec<(i64, Ts)>)>,
    /// category, opened, resolved
    pub cases: Vec<(String, Ts, Option<Ts>)>,
    /// id, opened, arranged, done
    pub requests: Vec<(i64, Ts, Option<Ts>, Option<Ts>)>,
}

fn all<T>(
    c: &Connection,
    sql: &str,
    f: impl FnMut(&Row) -> frontline::store::db::Result<T>,
) -> Vec<T> {
    let mut st = c.prepare(sql).unwrap();
    st.query_map([], f)
        .unwrap()
        .collect::<frontline::store::db::Result<_>>()
        .unwrap()
}

pub fn load(c: &Connection) -> Raw {
    let mut raw = Raw {
        shifts: all(
            c,
            "SELECT id, person_id, post_id, actual_start, actual_end FROM shifts
             WHERE status IN ('active', 'done') AND actual_start IS NOT NULL",
            |r| {
                Ok(Shift {
                    id: r.get(0)?,
                    person: r.get(1)?,
                    post: r.get(2)?,
                    start: r.get(3)?,
                    end: r.get(4)?,
                })
            },
        ),
        posts: all(c, "SELECT id, name, kind FROM posts", |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
        })
        .into_iter()
        .collect(),
        people: all(
            c,
            "SELECT id, category, staff_code, retired_at FROM people",
            |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))),
        )
        .into_iter()
        .collect(),
        oos: all(
            c,
            "SELECT person_id, start_at, end_at FROM out_of_service",
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        ),
        tests: all(
            c,
            "SELECT person_id, tested_at, result, recorded_at FROM nucleic_tests",
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        ),
        reports: all(
            c,
            "SELECT person_id, day, unwell, reported_at FROM health_reports",
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        ),
        cases: all(
            c,
            "SELECT category, opened_at, resolved_at FROM family_cases",
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        ),
        requests: all(
            c,
            "SELECT id, opened_at, arranged_at, done_at FROM logistics_requests",
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        ),
        ..Default::default()
    };
    for (id, name) in all(c, "SELECT id, name_en FROM supply_items", |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    }) {
        raw.stock.insert(id, (name, vec![]));
    }
    for (item, q, at) in all(
        c,
        "SELECT item_id, quantity, at FROM stock_movements",
        |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?)),
    ) {
        raw.stock.get_mut(&item).unwrap().1.push((q, at));
    }
    // Moves: every reassign row, and the undo of one as a move back.
    let audit: Vec<(i64, Ts, String, String)> =
        all(c, "SELECT id, at, action, details FROM audit_log", |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        });
    // reassign id → (time, audit id) of the undo that took it back.
    let mut undone: HashMap<i64, (Ts, i64)> = HashMap::new();
    for (uid, at, action, details) in &audit {
        if action == "undo" {
            let v: serde_json::Value = serde_json::from_str(details).unwrap();
            if let Some(id) = v["undoes"].as_i64() {
                undone.insert(id, (*at, *uid));
            }
        }
    }
    // Every move with the audit id that made it, so moves in the same second keep log order.
    let mut logged: HashMap<i64, Vec<(Ts, i64, i64, i64)>> = HashMap::new();
    for (id, at, action, details) in &audit {
        if action != "reassign" {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(details).unwrap();
        let shift = v["shift_id"].as_i64().unwrap();
        let to = v["post_id"].as_i64().unwrap();
        let before = v["undo"]["shifts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"].as_i64() == Some(shift))
            .unwrap();
        let from = before["post_id"].as_i64().unwrap();
        let m = logged.entry(shift).or_default();
        m.push((*at, *id, from, to));
        if let Some((u, uid)) = undone.get(id) {
            m.push((*u, *uid, to, from));
        }
    }
    for (shift, mut m) in logged {
        m.sort();
        raw.moves.insert(
            shift,
            m.into_iter().map(|(at, _, f, t)| (at, f, t)).collect(),
        );
    }
    raw
}

impl Raw {
    fn end_or(&self, s: &Shift, t: Ts) -> Ts {
        s.end.unwrap_or(Ts::MAX).min(t)
    }

    /// Where the shift was at time t (t inside it).
    pub fn post_at(&self, s: &Shift, t: Ts) -> i64 {
        let real_end = s.end.unwrap_or(Ts::MAX);
        self.moves
            .get(&s.id)
            .into_iter()
            .flatten()
            .filter(|m| m.0 > s.start && m.0 < real_end && m.0 > t)
            .min_by_key(|m| m.0)
            .map_or(s.post, |m| m.1)
    }

    fn running_at(&self, s: &Shift, t: Ts) -> bool {
        s.start <= t && s.end.is_none_or(|e| e > t)
    }

    fn on_roster(&self, person: i64, t: Ts) -> bool {
        self.people[&person].2.is_none_or(|r| r > t)
    }

    /// Pieces of a shift within [a, b): (from, to, post), cut at its moves and local midnights.
    fn pieces(&self, s: &Shift, a: Ts, b: Ts, tz: Tz) -> Vec<(Ts, Ts, i64)> {
        let lo = s.start.max(a);
        let hi = s.end.unwrap_or(Ts::MAX).min(b);
        if lo >= hi {
            return vec![];
        }
        let mut cuts: BTreeSet<Ts> = [lo, hi].into();
        for m in self.moves.get(&s.id).into_iter().flatten() {
            if m.0 > lo && m.0 < hi {
                cuts.insert(m.0);
            }
        }
        let mut d = local_day(lo, tz) + 1;
        while day_start(d, tz) < hi {
            cuts.insert(day_start(d, tz));
            d += 1;
        }
        let cuts: Vec<Ts> = cuts.into_iter().collect();
        cuts.windows(2)
            .map(|w| (w[0], w[1], self.post_at(s, w[0])))
            .collect()
    }

    /// post name → its row; and the distinct row (everyone once).
    pub fn headcount(&self, from: Ts, t: Ts, tz: Tz) -> (BTreeMap<String, Headcount>, Headcount) {
        let mut at: BTreeMap<i64, (BTreeSet<i64>, BTreeSet<i64>)> = BTreeMap::new();
        for s in &self.shifts {
            for (_, _, post) in self.pieces(s, from, t, tz) {
                at.entry(post).or_default().0.insert(s.person);
            }
            if self.running_at(s, t) {
                let e = at.entry(self.post_at(s, t)).or_default();
                e.0.insert(s.person);
                e.1.insert(s.person);
            }
        }
        let row = |people: &BTreeSet<i64>, now: &BTreeSet<i64>| {
            let mut c = [0i64; 4];
            for p in people {
                let i = CATS.iter().position(|x| *x == self.people[p].0).unwrap();
                c[i] += 1;
            }
            (c, people.len() as i64, now.len() as i64)
        };
        let mut everyone = (BTreeSet::new(), BTreeSet::new());
        let mut out = BTreeMap::new();
        for (post, (p, n)) in &at {
            everyone.0.extend(p.iter().copied());
            everyone.1.extend(n.iter().copied());
            out.insert(self.posts[post].0.clone(), row(p, n));
        }
        (out, row(&everyone.0, &everyone.1))
    }

    /// People on duty at T who have broken a rest rule by T.
    pub fn overdue(&self, t: Ts, rules: &RestRules, tz: Tz) -> usize {
        self.shifts
            .iter()
            .filter(|s| self.running_at(s, t))
            .filter(|s| {
                let mut history: Vec<Interval> = self
                    .shifts
                    .iter()
                    .filter(|h| h.person == s.person && h.end.is_some_and(|e| e <= s.start))
                    .map(|h| Interval::new(h.start, h.end.unwrap()))
                    .collect();
                history.sort_by_key(|i| i.start);
                let duty = Duty {
                    history: &history,
                    current_start: Some(s.start),
                };
                !evaluate(&duty, t, rules, tz).is_empty()
            })
            .count()
    }

    /// (people, reported, unwell, tests overdue, out of service) of day `d` as of T.
    pub fn health(&self, d: i64, t: Ts, test_hours: i64) -> [usize; 5] {
        let roster: Vec<i64> = self
            .people
            .keys()
            .copied()
            .filter(|p| self.on_roster(*p, t))
            .collect();
        let cut = t - test_hours * 3600;
        let reported = self.reports.iter().filter(|r| r.1 == d && r.3 <= t);
        [
            roster.len(),
            reported.clone().count(),
            reported.filter(|r| r.2).count(),
            roster
                .iter()
                .filter(|p| {
                    !self
                        .tests
                        .iter()
                        .any(|x| x.0 == **p && x.1 >= cut && x.1 <= t)
                })
                .count(),
            self.oos
                .iter()
                .filter(|o| o.1 <= t && o.2.is_none_or(|e| e > t) && self.on_roster(o.0, t))
                .count(),
        ]
    }

    /// Item name → on hand at T.
    pub fn on_hand(&self, t: Ts) -> BTreeMap<String, i64> {
        self.stock
            .values()
            .map(|(name, mv)| {
                (
                    name.clone(),
                    mv.iter().filter(|m| m.1 <= t).map(|m| m.0).sum(),
                )
            })
            .collect()
    }

    /// Category → (new in [from, T], open at T, resolved in [from, T]) for categories with a case.
    pub fn cases(&self, from: Ts, t: Ts) -> BTreeMap<String, (i64, i64, i64)> {
        let mut out: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
        for (cat, opened, resolved) in &self.cases {
            let e = out.entry(cat.clone()).or_default();
            e.0 += (*opened >= from && *opened <= t) as i64;
            e.1 += (*opened <= t && resolved.is_none_or(|r| r > t)) as i64;
            e.2 += resolved.is_some_and(|r| r >= from && r <= t) as i64;
        }
        out
    }

    /// Request id → "open" or "arranged", for requests pending at T.
    pub fn requests(&self, t: Ts) -> BTreeMap<i64, &'static str> {
        self.requests
            .iter()
            .filter(|r| r.1 <= t && r.3.is_none_or(|d| d > t))
            .map(|r| {
                (
                    r.0,
                    if r.2.is_some_and(|a| a <= t) {
                        "arranged"
                    } else {
                        "open"
                    },
                )
            })
            .collect()
    }

    /// (staff code, local day) → (on-post seconds, other seconds) of volunteers over local days
    /// `[d1, d2]`, running shifts counted up to `asof`.
    pub fn seconds(
        &self,
        d1: i64,
        d2: i64,
        asof: Ts,
        tz: Tz,
    ) -> BTreeMap<(String, i64), (i64, i64)> {
        let mut out: BTreeMap<(String, i64), (i64, i64)> = BTreeMap::new();
        for s in &self.shifts {
            let (cat, code, _) = &self.people[&s.person];
            if cat != "volunteer" || s.start > asof {
                continue;
            }
            let end = self.end_or(s, asof);
            for (a, b, post) in
                self.pieces(s, day_start(d1, tz), day_start(d2 + 1, tz).min(end), tz)
            {
                let e = out.entry((code.clone(), local_day(a, tz))).or_default();
                if self.posts[&post].1 == "command" {
                    e.1 += b - a;
                } else {
                    e.0 += b - a;
                }
            }
        }
        out
    }
}

/// Hours with two decimals, from seconds.
pub fn hours(secs: i64) -> f64 {
    (secs as f64 / 36.0).round() / 100.0
}
