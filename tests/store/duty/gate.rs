//! The duty gate and the rest rules (issue "the rest rules cannot be walked around"):
//! - the engine agrees with a deliberately simple reference (tests/store/duty/reference.rs) on
//!   random histories, to the minute, for the Overdue panel and the early-warning list;
//! - over random sequences of every duty command, with and without override reasons, at
//!   random clock times, the database never holds a shift that breaks a rest rule or overlaps
//!   a forced rest unless an audit row records an override naming that rule;
//! - each reproduction from the issue, as a test.

use super::reference;
use crate::support::db::dump_store;

use frontline::store::commands::{Command, Ctx, Outcome, PersonRef, Refusal};
use frontline::store::db::Connection;
use frontline::store::queries::Window;
use frontline::store::{Store, StoreConfig};
use proptest::prelude::*;
use reference::{H, broken, broken_if_worked};
use rusqlite::params;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// 2021-06-10T08:00:00+08:00.
const NOW: i64 = 1_623_283_200;
const M: i64 = 60;
const D: i64 = 24 * H;

/// A fresh Frontline database with one street, community, two posts and `people` people.
fn fresh(dir: &Path, people: i64) -> PathBuf {
    let path = dir.join("g.db");
    // The file's own store (SQLite): the rows below go into the file, which the test's first
    // `support::db::open` then opens (on PostgreSQL, copies into the server database).
    drop(Store::open(&path, StoreConfig::default()).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch(
        "INSERT INTO streets(id, name) VALUES (1, '多宝街');
         INSERT INTO communities(id, street_id, name) VALUES (1, 1, '多宝社区');
         INSERT INTO posts(id, community_id, name, kind, required_per_shift) VALUES
           (1, 1, '多宝卡口', 'checkpoint', 1), (2, 1, '多宝采样点', 'sampling', 1);",
    )
    .unwrap();
    for i in 1..=people {
        c.execute(
            "INSERT INTO people(id, staff_code, name, category, community_id) VALUES (?1, ?2, ?3, 'volunteer', 1)",
            params![i, format!("G{i:04}"), format!("人员{i}")],
        )
        .unwrap();
    }
    path
}

fn pr(id: i64) -> PersonRef {
    PersonRef(id.to_string())
}

fn run(store: &mut Store, now: i64, cmd: &Command) -> Result<Outcome, Refusal> {
    store.execute(
        cmd,
        &Ctx {
            operator: "desk".into(),
            now,
        },
    )
}

// ------------------------------------------------------------ engine against the reference

/// A person's history: finished shifts, then the running one's start.
#[derive(Debug, Clone)]
struct History {
    done: Vec<(i64, i64)>,
    running: i64,
}

/// Shifts on whole minutes: runs of daily shifts (day or night, crossing midnight and month
/// ends), early and late starts, shifts of exactly 12 h and rests of exactly 11 h, gaps.
fn history() -> impl Strategy<Value = History> {
    // (gap before in minutes, length in minutes)
    let gap = prop_oneof![
        Just(11 * 60),
        Just(11 * 60 - 1),
        (30..=48 * 60i64),
        Just(24 * 60 - 8 * 60),
        (12 * 60..=14 * 60i64),
    ];
    let len = prop_oneof![
        Just(12 * 60),
        Just(12 * 60 + 1),
        (30..=13 * 60i64),
        Just(8 * 60)
    ];
    (
        // Start: 2021-05-01 .. 2021-06-30, any minute.
        (0..(60 * 24 * 60i64)),
        prop::collection::vec((gap, len), 0..45),
        (0..48 * 60i64),
    )
        .prop_map(|(start_min, shifts, gap_min)| {
            let mut t = 1_619_798_400 + start_min * M;
            let mut done = Vec::new();
            for (g, l) in shifts {
                let s = t + g * M;
                done.push((s, s + l * M));
                t = s + l * M;
            }
            History {
                done,
                running: t + gap_min * M,
            }
        })
}

fn load(path: &Path, people: &[History]) {
    let c = rusqlite::Connection::open(path).unwrap();
    for (i, h) in people.iter().enumerate() {
        let p = i as i64 + 1;
        for (s, e) in &h.done {
            // Planned a little off the actual times, as people check in early or late.
            c.execute(
                "INSERT INTO shifts(person_id, post_id, planned_start, planned_end, actual_start, actual_end, status)
                 VALUES (?1, 1, ?2, ?3, ?4, ?5, 'done')",
                params![p, (s + ((s / 60) % 7 - 3) * 20 * M).min(e - M), e, s, e],
            )
            .unwrap();
        }
        c.execute(
            "INSERT INTO shifts(person_id, post_id, planned_start, planned_end, actual_start, status)
             VALUES (?1, 2, ?2, ?3, ?2, 'active')",
            params![p, h.running, h.running + 8 * H],
        )
        .unwrap();
    }
    // The kept first-breach times are recomputed on the next open.
    c.execute("DELETE FROM meta WHERE key = 'rules'", [])
        .unwrap();
}

/// An Overdue row's breaches in the reference's terms, sorted.
fn as_broken(r: &frontline::store::queries::OverdueRow) -> Vec<reference::Broken> {
    let mut b: Vec<reference::Broken> = r
        .breaches
        .iter()
        .map(|b| {
            let rule: &'static str = match b.rule.as_str() {
                "continuous_duty" => "continuous_duty",
                "rest_between" => "rest_between",
                "consecutive_days" => "consecutive_days",
                "window_hours" => "window_hours",
                other => panic!("unexpected rule {other}"),
            };
            (rule, (b.actual * 60.0).round() as i64, b.over_by_minutes)
        })
        .collect();
    b.sort();
    b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Every broken rule, its actual value and over-by to the minute, on the Overdue panel and
    /// in the early-warning list, at random clock times after the running shifts began.
    #[test]
    fn engine_agrees_with_the_reference(
        people in prop::collection::vec(history(), 1..8),
        later in prop::collection::vec(0..40 * 60i64, 3),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = fresh(dir.path(), people.len() as i64);
        load(&path, &people);
        let store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
        let latest = people.iter().map(|h| h.running).max().unwrap();
        for l in later {
            let now = latest + l * M;
            let want: BTreeMap<i64, Vec<reference::Broken>> = people
                .iter()
                .enumerate()
                .map(|(i, h)| (i as i64 + 1, broken(&h.done, h.running, now)))
                .filter(|(_, b)| !b.is_empty())
                .collect();
            let got: BTreeMap<i64, Vec<reference::Broken>> = store
                .overdue(now, &Window::all())
                .unwrap()
                .rows
                .into_iter()
                .map(|r| (r.id, as_broken(&r)))
                .collect();
            prop_assert_eq!(&got, &want, "overdue at {}", now);
            // Early warning: everyone who will have broken a rule within two hours.
            let soon: BTreeSet<i64> = store
                .watch(now, 2 * H, &Window::all())
                .unwrap()
                .rows
                .into_iter()
                .map(|r| r.id)
                .collect();
            let want_soon: BTreeSet<i64> = people
                .iter()
                .enumerate()
                .filter(|(_, h)| !broken(&h.done, h.running, now + 2 * H).is_empty())
                .map(|(i, _)| i as i64 + 1)
                .collect();
            prop_assert_eq!(soon, want_soon, "soon at {}", now);
        }
    }
}

/// A run of 14 days whose oldest days had shifts planned the evening before they were worked
/// (so before the first history read's lower bound, by planned start): the run is followed
/// back in full, not stopped at the days the first read happened to hold (it said 9).
#[test]
fn a_run_whose_days_were_planned_the_evening_before_is_counted_in_full() {
    let h = History {
        done: vec![
            (1620569880, 1620598680),
            (1620638280, 1620667080),
            (1620698220, 1620725880),
            (1620866700, 1620909900),
            (1620967500, 1621010700),
            (1621095720, 1621138980),
            (1621279620, 1621308420),
            (1621348020, 1621368360),
            (1621425960, 1621454760),
            (1621494360, 1621523160),
            (1621562700, 1621573320),
            (1621612860, 1621656060),
            (1621704600, 1621706940),
            (1621764540, 1621793340),
            (1621841700, 1621884960),
            (1621942560, 1621971360),
            (1622010900, 1622021340),
            (1622067900, 1622111160),
            (1622150700, 1622179500),
            (1622229060, 1622272260),
            (1622315460, 1622359980),
            (1622405400, 1622410800),
        ],
        running: 1622475180,
    };
    let dir = tempfile::tempdir().unwrap();
    let path = fresh(dir.path(), 1);
    load(&path, std::slice::from_ref(&h));
    let store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    let now = h.running + 2044 * M;
    let want = broken(&h.done, h.running, now);
    assert!(
        want.contains(&("consecutive_days", 14 * 60, 8 * 1440)),
        "the reference counts 14 days: {want:?}"
    );
    let row = store.overdue(now, &Window::all()).unwrap().rows.remove(0);
    let got = as_broken(&row);
    assert_eq!(got, want);
}

// ------------------------------------------------------------ the invariant

#[derive(Debug, Clone)]
enum Step {
    CheckIn(i64, i64, bool),
    CheckOut(i64),
    Reassign(i64, i64, Option<i64>, bool),
    Plan(i64, i64, i64, i64, bool),
    Move(usize, Option<i64>, Option<i64>, bool),
    Cancel(usize),
    CopyDay(i64, u32),
    Force(i64, i64),
    EndRest(i64, bool),
    Undo,
    Wait(i64),
}

fn step() -> impl Strategy<Value = Step> {
    let who = 1..=5i64;
    prop_oneof![
        3 => (who.clone(), 1..=2i64, any::<bool>()).prop_map(|(p, post, o)| Step::CheckIn(p, post, o)),
        2 => who.clone().prop_map(Step::CheckOut),
        2 => (who.clone(), 1..=2i64, prop::option::of(1..=20 * 60i64), any::<bool>())
            .prop_map(|(p, post, end, o)| Step::Reassign(p, post, end, o)),
        4 => (who.clone(), 0..=72 * 60i64, 60..=14 * 60i64, 1..=2i64, any::<bool>())
            .prop_map(|(p, s, l, post, o)| Step::Plan(p, s, l, post, o)),
        2 => (0..40usize, prop::option::of(-6 * 60..=6 * 60i64), prop::option::of(1..=14 * 60i64), any::<bool>())
            .prop_map(|(i, s, e, o)| Step::Move(i, s, e, o)),
        1 => (0..40usize).prop_map(Step::Cancel),
        1 => (0..=2i64, 1..=3u32).prop_map(|(d, n)| Step::CopyDay(d, n)),
        1 => (who.clone(), 9 * 60..=30 * 60i64).prop_map(|(p, m)| Step::Force(p, m)),
        1 => (who, any::<bool>()).prop_map(|(p, r)| Step::EndRest(p, r)),
        2 => Just(Step::Undo),
        4 => (1..=14 * 60i64).prop_map(Step::Wait),
    ]
}

fn why(o: bool) -> Option<String> {
    o.then(|| "no one else".to_string())
}

/// The command a step stands for at `now`, given the shifts there are.
fn command(s: &Step, now: i64, shifts: &[i64]) -> Option<Command> {
    let pick = |i: usize| (!shifts.is_empty()).then(|| shifts[i % shifts.len()]);
    Some(match s.clone() {
        Step::CheckIn(p, post, o) => Command::CheckIn {
            person: pr(p),
            post,
            override_reason: why(o),
        },
        Step::CheckOut(p) => Command::CheckOut { person: pr(p) },
        Step::Reassign(p, post, end, o) => Command::Reassign {
            person: pr(p),
            post,
            start: None,
            end: end.map(|m| now + m * M),
            override_reason: why(o),
        },
        Step::Plan(p, s, l, post, o) => Command::ShiftPlan {
            person: pr(p),
            post,
            start: now + s * M,
            end: now + (s + l) * M,
            replaces: None,
            override_reason: why(o),
        },
        Step::Move(i, s, e, o) => {
            let shift = pick(i)?;
            Command::ShiftMove {
                shift,
                post: None,
                start: s.map(|m| now + m * M),
                end: e.map(|m| now + m * M),
                override_reason: why(o),
            }
        }
        Step::Cancel(i) => Command::ShiftCancel {
            shift: pick(i)?,
            reason: "不需要".into(),
        },
        Step::CopyDay(d, n) => Command::ShiftCopyDay {
            day: now + d * D,
            days: n,
            post: None,
        },
        Step::Force(p, m) => Command::ForceRest {
            person: pr(p),
            hours: Some(m as f64 / 60.0),
            reason: "太累".into(),
        },
        Step::EndRest(p, r) => Command::EndRest {
            person: pr(p),
            reason: r.then(|| "提前归队".to_string()),
        },
        Step::Undo => Command::Undo,
        Step::Wait(_) => return None,
    })
}

/// Rules (and "forced_rest") each person has an audited override for.
fn overrides(c: &Connection) -> BTreeMap<i64, BTreeSet<String>> {
    let mut out: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    let mut st = c
        .prepare(
            "SELECT details FROM audit_log WHERE json_extract(details, '$.override') IS NOT NULL",
        )
        .unwrap();
    let rows = st.query_map([], |r| r.get::<_, String>(0)).unwrap();
    for d in rows {
        let v: serde_json::Value = serde_json::from_str(&d.unwrap()).unwrap();
        let Some(p) = v["person_id"].as_i64() else {
            continue;
        };
        for o in v["overridden"].as_array().into_iter().flatten() {
            let e = out.entry(p).or_default();
            if let Some(r) = o["rule"].as_str() {
                e.insert(r.to_string());
            }
            if o.get("forced_rest_until").is_some() {
                e.insert("forced_rest".into());
            }
        }
    }
    out
}

/// Every shift in the database as the gate promised it: planned and running ones to their
/// planned end, finished ones as worked (cut at the planned end: an overrun is the Overdue
/// panel's business, not a path around the gate). Planned shifts already over never happen.
fn spans(c: &Connection, now: i64) -> BTreeMap<i64, Vec<(i64, i64)>> {
    let mut out: BTreeMap<i64, Vec<(i64, i64)>> = BTreeMap::new();
    let mut st = c
        .prepare(
            "SELECT person_id, status, planned_start, planned_end, actual_start, actual_end FROM shifts
             WHERE status IN ('planned', 'active', 'done')",
        )
        .unwrap();
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<i64>>(5)?,
            ))
        })
        .unwrap();
    for r in rows {
        let (p, status, ps, pe, a_s, a_e) = r.unwrap();
        let span = match status.as_str() {
            "done" => {
                let (s, e) = (a_s.unwrap(), a_e.unwrap());
                (s, e.min(pe.max(s)))
            }
            "active" => (a_s.unwrap(), pe),
            _ if pe <= now => continue,
            _ => (ps, pe),
        };
        if span.1 > span.0 {
            out.entry(p).or_default().push(span);
        }
    }
    out
}

fn check_invariant(c: &Connection, now: i64, trail: &[String]) {
    // The last steps are what a failure needs (proptest shrinks the rest away).
    let trail = &trail[trail.len().saturating_sub(12)..];
    let ovr = overrides(c);
    let none = BTreeSet::new();
    for (p, v) in spans(c, now) {
        let allowed = ovr.get(&p).unwrap_or(&none);
        for &(s, e) in &v {
            let past: Vec<(i64, i64)> = v.iter().copied().filter(|x| x.1 <= s).collect();
            for rule in broken_if_worked(&past, s, e) {
                assert!(
                    allowed.contains(rule),
                    "person {p}: shift {s}..{e} breaks {rule} with no override (shifts {v:?}); steps: {trail:#?}"
                );
            }
            // Overlapping another shift is never allowed.
            assert!(
                v.iter().filter(|x| x.0 < e && x.1 > s).count() == 1,
                "person {p}: shifts overlap {v:?} (rows {:?}); steps: {trail:#?}",
                rows_of(c, p)
            );
        }
        // Planned or running duty inside a forced rest.
        let mut st = c
            .prepare(
                "SELECT start_at, end_at FROM rest_periods WHERE person_id = ?1 AND kind = 'forced' AND end_at > start_at",
            )
            .unwrap();
        let rests: Vec<(i64, i64)> = st
            .query_map([p], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (rs, re) in rests {
            for &(s, e) in &v {
                if s < re && e > rs {
                    assert!(
                        allowed.contains("forced_rest"),
                        "person {p}: shift {s}..{e} inside forced rest {rs}..{re} with no override; steps: {trail:#?}"
                    );
                }
            }
        }
    }
    // As `support::db::kept_counts_match`, on this connection (either engine).
    let drift = frontline::store::kept::check(c).unwrap();
    assert!(
        drift.is_empty(),
        "kept values drifted from what they count: {drift:#?}"
    );
}

fn rows_of(c: &Connection, p: i64) -> Vec<String> {
    let mut st = c
        .prepare("SELECT id, status, planned_start, planned_end, actual_start, actual_end FROM shifts WHERE person_id = ?1")
        .unwrap();
    st.query_map([p], |r| {
        Ok(format!(
            "#{} {} p{}-{} a{:?}-{:?}",
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, Option<i64>>(4)?,
            r.get::<_, Option<i64>>(5)?
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn shift_ids(c: &Connection) -> Vec<i64> {
    let mut st = c.prepare("SELECT id FROM shifts ORDER BY id").unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("GATE_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(60),
        max_shrink_iters: 400,
        max_shrink_time: 120_000,
        ..ProptestConfig::default()
    })]

    /// 60 cases of 90 steps: 5 400 random steps of every duty command.
    #[test]
    fn no_path_breaks_a_rest_rule_without_an_audited_override(
        steps in prop::collection::vec(step(), 90),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = fresh(dir.path(), 5);
        let mut store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
        // One reader for the whole case: each query sees every commit before it (WAL).
        let reader_store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
        let reader = reader_store.db();
        let mut now = NOW;
        let mut trail = Vec::new();
        for s in &steps {
            if let Step::Wait(m) = s {
                now += m * M;
                trail.push(format!("wait {m} min"));
                continue;
            }
            let Some(cmd) = command(s, now, &shift_ids(reader)) else { continue };
            let r = run(&mut store, now, &cmd);
            trail.push(format!("{cmd:?} → {}", match &r {
                Ok(_) => "ok".to_string(),
                Err(e) => format!("{e:?}"),
            }));
            check_invariant(reader, now, &trail);
        }
    }
}

// ------------------------------------------------------------ reproductions

struct Fresh {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
}

fn fresh_store(people: i64) -> Fresh {
    let dir = tempfile::tempdir().unwrap();
    let path = fresh(dir.path(), people);
    let store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    Fresh {
        _dir: dir,
        path,
        store,
    }
}

fn check_in(p: i64, post: i64, o: Option<&str>) -> Command {
    Command::CheckIn {
        person: pr(p),
        post,
        override_reason: o.map(String::from),
    }
}

fn rules_of(r: &Refusal) -> Vec<&'static str> {
    match r {
        Refusal::BreaksRules { breaches, .. } | Refusal::UndoBreaksRules { breaches, .. } => {
            breaches.iter().map(|b| b.rule.as_str()).collect()
        }
        _ => Vec::new(),
    }
}

/// Reassigning a running shift to end 23 h after it began was accepted silently; now it is
/// refused naming the rule, and with a reason the override is in the audit row.
#[test]
fn extending_a_running_shift_past_a_rule_needs_a_reason() {
    let mut f = fresh_store(2);
    run(&mut f.store, NOW - 13 * H, &check_in(1, 1, None)).unwrap();
    let longer = |o: Option<&str>| Command::Reassign {
        person: pr(1),
        post: 2,
        start: None,
        end: Some(NOW + 10 * H),
        override_reason: o.map(String::from),
    };
    let before = dump_store(&f.store);
    let r = run(&mut f.store, NOW, &longer(None)).unwrap_err();
    assert_eq!(rules_of(&r), vec!["continuous_duty"], "{r:?}");
    assert_eq!(dump_store(&f.store), before, "a refusal writes nothing");
    // Changing only the post changes nothing else, and needs no reason.
    let o = run(
        &mut f.store,
        NOW,
        &Command::Reassign {
            person: pr(1),
            post: 2,
            start: None,
            end: None,
            override_reason: None,
        },
    )
    .unwrap();
    assert!(
        matches!(o, Outcome::Reassigned { start, end, .. } if start == NOW - 13 * H && end == NOW - 5 * H),
        "{o:?}"
    );
    run(&mut f.store, NOW, &longer(Some("无人接班"))).unwrap();
    let a = &f.store.audit(1).unwrap()[0];
    assert_eq!(a.details["override"], "无人接班");
    assert_eq!(a.details["overridden"][0]["rule"], "continuous_duty");
}

#[test]
fn a_forced_rest_shorter_than_the_minimum_is_refused_naming_it() {
    let mut f = fresh_store(1);
    run(&mut f.store, NOW - 13 * H, &check_in(1, 1, None)).unwrap();
    let r = run(
        &mut f.store,
        NOW,
        &Command::ForceRest {
            person: pr(1),
            hours: Some(0.5),
            reason: "歇一下".into(),
        },
    )
    .unwrap_err();
    assert_eq!(r, Refusal::ForcedRestTooShort { min_hours: 11.0 });
    let msg = frontline::i18n::refusal(frontline::i18n::Lang::En, &r, chrono_tz::Asia::Shanghai);
    assert!(msg.contains("11"), "{msg}");
    assert_eq!(f.store.overdue(NOW, &Window::all()).unwrap().total, 1);
}

/// Checked in early for a planned 10:00 shift, out at 09:00, in again at 09:30: the first
/// shift was left out of the history (chosen by planned start), so the second check-in broke
/// the rest between shifts without a word.
#[test]
fn a_shift_worked_before_its_planned_start_counts() {
    let mut f = fresh_store(1);
    let at = |h: i64, m: i64| NOW + h * H + m * M - 8 * H; // local time on 06-10
    run(
        &mut f.store,
        at(7, 0),
        &Command::ShiftPlan {
            person: pr(1),
            post: 1,
            start: at(10, 0),
            end: at(18, 0),
            replaces: None,
            override_reason: None,
        },
    )
    .unwrap();
    run(&mut f.store, at(8, 30), &check_in(1, 1, None)).unwrap();
    run(&mut f.store, at(9, 0), &Command::CheckOut { person: pr(1) }).unwrap();
    let r = run(&mut f.store, at(9, 30), &check_in(1, 1, None)).unwrap_err();
    assert_eq!(rules_of(&r), vec!["rest_between"], "{r:?}");
}

/// Someone on duty every day since 05-11 shows 31 days in a row (+25 d), not 9 or 10.
#[test]
fn a_long_run_of_days_is_counted_to_its_start() {
    let f = fresh_store(1);
    let c = f.store.db();
    for k in 1..=30 {
        let s = NOW - k * D;
        c.execute(
            "INSERT INTO shifts(person_id, post_id, planned_start, planned_end, actual_start, actual_end, status)
             VALUES (1, 1, ?1, ?2, ?1, ?2, 'done')",
            params![s, s + 4 * H],
        )
        .unwrap();
    }
    let mut store = crate::support::db::open(&f.path, StoreConfig::default()).unwrap();
    run(&mut store, NOW, &check_in(1, 1, Some("最后一天"))).unwrap();
    let rows = store.overdue(NOW + H, &Window::all()).unwrap().rows;
    let days = rows[0]
        .breaches
        .iter()
        .find(|b| b.rule.as_str() == "consecutive_days")
        .expect("days in a row broken");
    assert_eq!((days.actual, days.over_by_minutes), (31.0, 25 * 1440));
    // And still so after midnight (the run counts from the shift's start day).
    let rows = store.overdue(NOW + 17 * H, &Window::all()).unwrap().rows;
    assert!(
        rows[0]
            .breaches
            .iter()
            .any(|b| b.rule.as_str() == "consecutive_days" && b.actual == 31.0)
    );
}

/// Undoing a check-out puts the shift back on duty, and the call-up list's "most rested"
/// order (people.last_duty_end) with it.
#[test]
fn undoing_a_check_out_restores_the_last_duty_end() {
    let mut f = fresh_store(1);
    let last = |f: &Fresh| -> Option<i64> {
        f.store
            .db()
            .query_row("SELECT last_duty_end FROM people WHERE id = 1", [], |r| {
                r.get(0)
            })
            .unwrap()
    };
    run(&mut f.store, NOW - 20 * H, &check_in(1, 1, None)).unwrap();
    run(
        &mut f.store,
        NOW - 14 * H,
        &Command::CheckOut { person: pr(1) },
    )
    .unwrap();
    run(&mut f.store, NOW - H, &check_in(1, 1, None)).unwrap();
    run(&mut f.store, NOW, &Command::CheckOut { person: pr(1) }).unwrap();
    assert_eq!(last(&f), Some(NOW));
    run(&mut f.store, NOW, &Command::Undo).unwrap();
    assert_eq!(last(&f), Some(NOW - 14 * H), "back to the shift before");
}

/// `alert ack` takes only an alert open now: not tomorrow's low-stock key, not an invented
/// rest key, not an item that is not low.
#[test]
fn only_an_open_alert_can_be_acknowledged() {
    let mut f = fresh_store(1);
    run(&mut f.store, NOW - 13 * H, &check_in(1, 1, None)).unwrap();
    let ack = |k: &str| Command::AlertAck { key: k.into() };
    for bad in [
        "rest:1:12345".to_string(),
        "low:1:2021-06-11".to_string(),
        "low:999:2021-06-10".to_string(),
        "rest:2:1623236400".to_string(),
    ] {
        let r = run(&mut f.store, NOW, &ack(&bad)).unwrap_err();
        assert_eq!(r, Refusal::AlertNotOpen(bad.clone()));
    }
    // An empty store: every item is low today, and today's key is open.
    run(&mut f.store, NOW, &ack("low:1:2021-06-10")).unwrap();
    let key = format!("rest:1:{}", NOW - 13 * H);
    run(&mut f.store, NOW, &ack(&key)).unwrap();
    assert_eq!(
        run(&mut f.store, NOW, &ack(&key)).unwrap_err(),
        Refusal::AlertNotOpen(key.clone()),
        "once"
    );
}
