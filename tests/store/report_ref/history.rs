//! Random histories for the reference comparison — raw rows written straight to a database
//! (any timing, including the awkward ones), or commands run through the executor — and the
//! comparison of the product's report and hours with the reference.

use super::{CATS, Raw, hours, load};
use frontline::domain::time::{day_start, local_day, to_local};
use frontline::domain::{CaseCategory, Category, RequestKind, TestResult, Ts};
use frontline::i18n::Lang;
use frontline::i18n::words;
use frontline::import::RosterRow;
use frontline::report::render::Cell;
use frontline::report::{hours_by_day, hours_totals};
use frontline::store::commands::{CareCommand, Command, Ctx, PersonRef};
use frontline::store::db::params;
use frontline::store::{Store, StoreConfig};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// 2021-06-10 00:00 +08:00.
pub const D10: Ts = 1_623_254_400;
pub const H: Ts = 3600;
const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// Two streets' worth of posts: a sampling site, a checkpoint and the command post.
pub fn empty_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    store
        .db()
        .execute_batch(
            "INSERT INTO streets(id, name) VALUES (1, '多宝街');
             INSERT INTO communities(id, street_id, name) VALUES (1, 1, '多宝东社区');
             INSERT INTO posts(id, community_id, name, kind, required_per_shift)
               VALUES (1, 1, 'sampling', 'sampling', 2), (2, 1, 'checkpoint', 'checkpoint', 2),
                      (3, 1, 'command', 'command', 1);",
        )
        .unwrap();
    (dir, store)
}

struct Clock<'a> {
    rng: &'a mut ChaCha8Rng,
    keys: Vec<Ts>,
}

impl Clock<'_> {
    /// A time in [lo, hi]: often one of the awkward moments (report moments, midnights), else
    /// any minute.
    fn at(&mut self, lo: Ts, hi: Ts) -> Option<Ts> {
        if lo > hi {
            return None;
        }
        let keys: Vec<Ts> = self
            .keys
            .iter()
            .copied()
            .filter(|k| *k >= lo && *k <= hi)
            .collect();
        if !keys.is_empty() && self.rng.random_bool(0.3) {
            return Some(keys[self.rng.random_range(0..keys.len())]);
        }
        Some(lo + self.rng.random_range(0..=(hi - lo) / 60) * 60)
    }
}

/// A random history written as raw rows; returns the store and its "now".
pub fn raw_history(seed: u64) -> (tempfile::TempDir, Store, Ts) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (dir, store) = empty_store();
    let now = match rng.random_range(0..4) {
        0 => D10 + 8 * H,
        1 => D10,
        _ => D10 + rng.random_range(0..=20 * 60) * 60,
    };
    let c = store.db();
    let keys = vec![D10 - 1, D10, now, now - 1, D10 - 86_400 - 1, D10 - 86_400];
    let mut ck = Clock {
        rng: &mut rng,
        keys,
    };
    let n = ck.rng.random_range(3..=9);
    for i in 1..=n {
        let cat = if ck.rng.random_bool(0.6) {
            "volunteer"
        } else {
            CATS[ck.rng.random_range(0..4)]
        };
        let retired = ck
            .rng
            .random_bool(0.1)
            .then(|| ck.at(D10 - 86_400, now))
            .flatten();
        c.execute(
            "INSERT INTO people(id, staff_code, name, category, retired_at) VALUES (?1, ?2, ?2, ?3, ?4)",
            params![i, format!("P{i:02}"), cat, retired],
        )
        .unwrap();
    }
    let mut audit_id = 0;
    let mut audit = |at: Ts, action: &str, details: serde_json::Value| {
        audit_id += 1;
        c.execute(
            "INSERT INTO audit_log(id, at, operator, action, target, details) VALUES (?1, ?2, 't', ?3, '', ?4)",
            params![audit_id, at, action, details.to_string()],
        )
        .unwrap();
        audit_id
    };
    let mut shift_id = 0;
    for p in 1..=n {
        let mut cursor = D10 - 2 * 86_400 - ck.rng.random_range(0..12) * H;
        while let Some(start) = ck.at(cursor, cursor + 10 * H) {
            if start > now {
                break;
            }
            let end = start + ck.rng.random_range(1..=14 * 60) * 60;
            let running = end > now && ck.rng.random_bool(0.7);
            let end = ck.at(start, end.min(now)).unwrap_or(end);
            shift_id += 1;
            // Early (up to 2 h) or late check-in against the plan.
            let planned = start - ck.rng.random_range(-120..=60) * 60;
            let status = if ck.rng.random_bool(0.08) {
                "cancelled"
            } else if running {
                "active"
            } else {
                "done"
            };
            let mut post = ck.rng.random_range(1..=3);
            let real_end = if running { now } else { end };
            // Moves while it ran (and sometimes an undo of the last).
            if status != "cancelled" && ck.rng.random_bool(0.35) {
                for _ in 0..ck.rng.random_range(1..=2) {
                    let Some(at) = ck.at(start, real_end) else {
                        break;
                    };
                    let to = ck.rng.random_range(1..=3);
                    let id = audit(
                        at,
                        "reassign",
                        serde_json::json!({"shift_id": shift_id, "post_id": to,
                            "undo": {"shifts": [{"id": shift_id, "post_id": post}]}}),
                    );
                    if ck.rng.random_bool(0.2)
                        && let Some(u) = ck.at(at, real_end)
                    {
                        audit(u, "undo", serde_json::json!({"undoes": id}));
                        break;
                    }
                    post = to;
                }
            }
            c.execute(
                "INSERT INTO shifts(id, person_id, post_id, planned_start, planned_end, actual_start, actual_end, status)
                 VALUES (?1, ?2, ?3, ?4, ?4 + 28800, ?5, ?6, ?7)",
                params![shift_id, p, post, planned, start, (!running).then_some(end), status],
            )
            .unwrap();
            if running {
                break;
            }
            cursor = end + ck.rng.random_range(0..6 * 60) * 60;
        }
        if ck.rng.random_bool(0.2) {
            let s = ck.at(D10 - 2 * 86_400, now).unwrap();
            let e = ck.rng.random_bool(0.5).then(|| ck.at(s, now)).flatten();
            c.execute(
                "INSERT INTO out_of_service(person_id, reason, start_at, end_at) VALUES (?1, 'health', ?2, ?3)",
                params![p, s, e],
            )
            .unwrap();
        }
        for _ in 0..ck.rng.random_range(0..=3) {
            let at = ck.at(D10 - 4 * 86_400, now).unwrap();
            let rec = ck.at(at, now).unwrap();
            let res = ["pending", "negative", "positive"][ck.rng.random_range(0..3)];
            c.execute(
                "INSERT INTO nucleic_tests(person_id, tested_at, result, recorded_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                params![p, at, res, rec],
            )
            .unwrap();
        }
        for d in [D10 - 86_400, D10] {
            if ck.rng.random_bool(0.6)
                && let Some(at) = ck.at(d, (d + 86_400 - 1).min(now))
            {
                c.execute(
                    "INSERT INTO health_reports(person_id, day, temp_dc, fit, unwell, reported_at) VALUES (?1, ?2, 365, 1, ?3, ?4)",
                    params![p, local_day(d, TZ), ck.rng.random_bool(0.3), at],
                )
                .unwrap();
            }
        }
    }
    for _ in 0..ck.rng.random_range(0..=8) {
        let at = ck.at(D10 - 2 * 86_400, now).unwrap();
        let q = ck.rng.random_range(-50..=100);
        c.execute(
            "INSERT INTO stock_movements(item_id, depot_id, kind, quantity, at) VALUES (?1, 1, 'adjust', ?2, ?3)",
            params![ck.rng.random_range(1..=3), q, at],
        )
        .unwrap();
    }
    for _ in 0..ck.rng.random_range(0..=6) {
        let opened = ck.at(D10 - 2 * 86_400, now).unwrap();
        let resolved = ck
            .rng
            .random_bool(0.5)
            .then(|| ck.at(opened, now))
            .flatten();
        let cat = ["childcare", "illness", "other"][ck.rng.random_range(0..3)];
        c.execute(
            "INSERT INTO family_cases(person_id, category, urgency, status, opened_at, resolved_at) VALUES (1, ?1, 2, ?2, ?3, ?4)",
            params![cat, if resolved.is_some() { "resolved" } else { "open" }, opened, resolved],
        )
        .unwrap();
    }
    for _ in 0..ck.rng.random_range(0..=6) {
        let opened = ck.at(D10 - 2 * 86_400, now).unwrap();
        let arranged = ck
            .rng
            .random_bool(0.6)
            .then(|| ck.at(opened, now))
            .flatten();
        let done = arranged
            .filter(|_| ck.rng.random_bool(0.5))
            .and_then(|a| ck.at(a, now));
        let status = match (arranged, done) {
            (_, Some(_)) => "done",
            (Some(_), None) => "arranged",
            _ => "open",
        };
        c.execute(
            "INSERT INTO logistics_requests(kind, post_id, quantity, needed_by, status, opened_at, arranged_at, done_at)
             VALUES ('meals', 1, 5, ?1, ?2, ?3, ?4, ?5)",
            params![opened + 3 * H, status, opened, arranged, done],
        )
        .unwrap();
    }
    (dir, store, now)
}

fn ctx(now: Ts) -> Ctx {
    Ctx {
        operator: "test".into(),
        now,
    }
}

/// A random sequence of commands through the executor (refusals are part of the game);
/// returns the store and the final clock.
pub fn command_history(seed: u64, steps: usize) -> (tempfile::TempDir, Store, Ts) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (dir, mut store) = empty_store();
    let n = 6;
    let row = |i: usize, cat: Category| RosterRow {
        line: i + 1,
        staff_code: format!("P{i:02}"),
        name: format!("P{i:02}"),
        category: cat,
        source_unit: None,
        community: None,
        party_status: None,
        phone: None,
    };
    let rows = (1..=n)
        .map(|i| {
            row(
                i,
                if i % 3 == 0 {
                    Category::Medical
                } else {
                    Category::Volunteer
                },
            )
        })
        .collect();
    let mut now = D10 - 2 * 86_400 - 3 * H;
    store
        .execute(&Command::ImportRoster { rows, skipped: 0 }, &ctx(now))
        .unwrap();
    for _ in 0..steps {
        now += match rng.random_range(0..4) {
            0 => 0,
            1 => 60 * rng.random_range(1..=30),
            _ => 60 * rng.random_range(30..=240),
        };
        // Land on midnight now and then.
        if rng.random_bool(0.05) {
            now = day_start(local_day(now, TZ) + 1, TZ) - rng.random_range(0..=1);
        }
        let who = PersonRef(format!("P{:02}", rng.random_range(1..=n)));
        let post = rng.random_range(1..=3);
        let cmd = match rng.random_range(0..15) {
            0..=2 => Command::CheckIn {
                person: who,
                post,
                override_reason: Some("test".into()),
            },
            3 | 4 => Command::CheckOut { person: who },
            5 | 6 => Command::Reassign {
                person: who,
                post,
                start: None,
                end: Some(now + rng.random_range(1..=8) * H),
                override_reason: Some("test".into()),
            },
            7 => Command::ShiftPlan {
                person: who,
                post,
                start: now + rng.random_range(1..=8) * 900,
                end: now + 10 * H,
                replaces: None,
                override_reason: Some("test".into()),
            },
            8 => Command::Undo,
            9 => Command::Care(CareCommand::RecordTest {
                person: who,
                tested_at: Some(now - rng.random_range(0..=4) * H),
                result: [TestResult::Negative, TestResult::Pending][rng.random_range(0..2)],
                site: String::new(),
            }),
            10 => Command::Care(CareCommand::OpenCase {
                person: who,
                category: CaseCategory::Childcare,
                urgency: 2,
                summary: "x".into(),
            }),
            11 => Command::Care(CareCommand::ResolveCase {
                case: rng.random_range(1..=4),
                outcome: "ok".into(),
            }),
            12 => Command::StockReceive {
                item: "MASK".into(),
                depot: None,
                quantity: rng.random_range(1..=100),
                from: None,
            },
            13 => Command::StockIssue {
                item: "MASK".into(),
                depot: None,
                quantity: rng.random_range(1..=60),
                post: Some(1),
                person: None,
            },
            _ => match rng.random_range(0..3) {
                0 => Command::RequestOpen {
                    kind: RequestKind::Meals,
                    post: Some(1),
                    person: None,
                    quantity: 3,
                    needed_by: now + 2 * H,
                    note: None,
                },
                1 => Command::RequestArrange {
                    id: rng.random_range(1..=3),
                    note: Some("ok".into()),
                },
                _ => Command::RequestDone {
                    id: rng.random_range(1..=3),
                },
            },
        };
        if let Err(e) = store.execute(&cmd, &ctx(now))
            && std::env::var("REF_DEBUG").is_ok()
        {
            eprintln!("{cmd:?}: {e:?}");
        }
    }
    (dir, store, now)
}

fn int(c: &Cell) -> i64 {
    match c {
        Cell::Int(i) => *i,
        other => panic!("not a whole number: {other:?}"),
    }
}

fn text(c: &Cell) -> String {
    c.text()
}

/// The product's daily report for local day `d` against the reference; `Err` names the first
/// section that differs.
pub fn compare_report(store: &Store, d: i64, now: Ts) -> Result<(), String> {
    let tz = store.cfg.tz;
    let raw: Raw = load(store.db());
    let from = day_start(d, tz);
    let at = (day_start(d + 1, tz) - 1).min(now);
    let r = frontline::report::daily(store, Lang::En, from, now).map_err(|e| e.to_string())?;
    let sec = |k: &str| r.sections.iter().find(|s| s.key == k).unwrap();
    let ctx = format!("day {d} as of {at} (now {now})");

    let hc = sec("headcount");
    let (want_posts, want_all) = raw.headcount(from, at, tz);
    let mut got_posts = BTreeMap::new();
    let row = |r: &[Cell]| {
        (
            [int(&r[1]), int(&r[2]), int(&r[3]), int(&r[4])],
            int(&r[5]),
            int(&r[6]),
        )
    };
    if let Some((last, posts)) = hc.rows.split_last() {
        for p in posts {
            got_posts.insert(text(&p[0]), row(p));
        }
        if row(last) != want_all {
            return Err(format!(
                "{ctx}: headcount total {:?}, reference {want_all:?}",
                row(last)
            ));
        }
    }
    if got_posts != want_posts {
        return Err(format!(
            "{ctx}: headcount {got_posts:?}, reference {want_posts:?}"
        ));
    }

    let got = sec("overdue").rows.len();
    let want = raw.overdue(at, &store.cfg.rules, tz);
    if got != want {
        return Err(format!("{ctx}: overdue {got}, reference {want}"));
    }

    let h = &sec("health").rows;
    let got = [0, 1, 3, 4, 6].map(|i| int(&h[i][1]) as usize);
    let want = raw.health(d, at, store.cfg.rules.test_interval_hours as i64);
    if got != want {
        return Err(format!(
            "{ctx}: health (people, reported, unwell, tests overdue, out of service) {got:?}, reference {want:?}"
        ));
    }

    let got: BTreeMap<String, i64> = sec("stock")
        .rows
        .iter()
        .map(|r| (text(&r[0]), int(&r[1])))
        .collect();
    let want = raw.on_hand(at);
    if got != want {
        return Err(format!("{ctx}: on hand {got:?}, reference {want:?}"));
    }

    let got: BTreeMap<String, (i64, i64, i64)> = sec("cases")
        .rows
        .iter()
        .map(|r| (text(&r[0]), (int(&r[1]), int(&r[2]), int(&r[3]))))
        .collect();
    let want: BTreeMap<String, (i64, i64, i64)> = raw
        .cases(from, at)
        .into_iter()
        .map(|(c, v)| (words::case(Lang::En, &c).to_string(), v))
        .collect();
    if got != want {
        return Err(format!(
            "{ctx}: cases (new, open, resolved) {got:?}, reference {want:?}"
        ));
    }

    let got: BTreeMap<i64, String> = sec("requests")
        .rows
        .iter()
        .map(|r| (int(&r[0]), text(&r[5])))
        .collect();
    let want: BTreeMap<i64, String> = raw
        .requests(at)
        .into_iter()
        .map(|(id, s)| (id, words::req_status(Lang::En, s).to_string()))
        .collect();
    if got != want {
        return Err(format!("{ctx}: requests {got:?}, reference {want:?}"));
    }
    // The day's hours: running shifts up to the day's end (or now).
    compare_hours(store, &raw, d, d, day_start(d + 1, tz).min(now))
}

/// Volunteer hours over local days `[d1, d2]` as of `asof`, per day and totals, against the
/// reference.
pub fn compare_hours(store: &Store, raw: &Raw, d1: i64, d2: i64, asof: Ts) -> Result<(), String> {
    let tz = store.cfg.tz;
    let days = hours_by_day(store, d1, d2, asof, false).map_err(|e| e.to_string())?;
    let secs = raw.seconds(d1, d2, asof, tz);
    let date = |d: i64| {
        to_local(day_start(d, tz), tz)
            .format("%Y-%m-%d")
            .to_string()
    };
    let got: BTreeMap<(String, String), (f64, f64, f64)> = days
        .iter()
        .map(|d| {
            (
                (d.staff_code.clone(), d.date.clone()),
                (d.on_post_hours, d.other_hours, d.hours),
            )
        })
        .collect();
    let want: BTreeMap<(String, String), (f64, f64, f64)> = secs
        .iter()
        .filter(|(_, (a, b))| a + b > 0)
        .map(|((code, d), (a, b))| {
            (
                (code.clone(), date(*d)),
                (hours(*a), hours(*b), hours(a + b)),
            )
        })
        .collect();
    let ctx = format!("hours {d1}..={d2} as of {asof}");
    if got != want {
        return Err(format!("{ctx}: per day {got:?}, reference {want:?}"));
    }
    let mut sums: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for ((code, _), (a, b)) in &secs {
        let e = sums.entry(code.clone()).or_default();
        e.0 += a;
        e.1 += b;
    }
    let want: BTreeMap<String, (f64, f64, f64)> = sums
        .into_iter()
        .filter(|(_, (a, b))| a + b > 0)
        .map(|(c, (a, b))| (c, (hours(a), hours(b), hours(a + b))))
        .collect();
    let got: BTreeMap<String, (f64, f64, f64)> = hours_totals(&days)
        .into_iter()
        .map(|r| {
            (
                r.staff_code,
                (r.on_post_hours, r.other_hours, r.total_hours),
            )
        })
        .collect();
    if got != want {
        return Err(format!("{ctx}: totals {got:?}, reference {want:?}"));
    }
    Ok(())
}
