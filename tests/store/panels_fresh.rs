//! The home screen keeps its family-case and supplies pages between refreshes while only duty
//! actions (a forced rest, a check-in, a shift moved) were written: those write no case and no
//! stock, and re-reading both after each was a third of an action's redraw on a server. What
//! the panels show must still be what a fresh read says, after any write from this store or
//! from another connection: every write has an audit row, and the pages are dropped by reading
//! them (as the Overdue histories are, `overdue_fresh.rs`).

use crate::support::db::{DEMO_NOW, Demo, demo};
use frontline::domain::CaseCategory;
use frontline::store::commands::{CareCommand, Command, Ctx, PersonRef};
use frontline::store::queries::{CaseRow, HomeQuery, Page, SupplyRow, Window};
use frontline::store::{Store, StoreConfig};

fn query(now: i64) -> HomeQuery {
    let w = |limit| Window {
        offset: 0,
        limit: Some(limit),
        filter: String::new(),
    };
    HomeQuery {
        now,
        on_duty: w(10),
        overdue: w(10),
        cases: w(15),
        supplies: w(40),
    }
}

type Panels = (Page<CaseRow>, Page<SupplyRow>);

fn panels(s: &Store, now: i64) -> Panels {
    let h = s.home(&query(now)).unwrap();
    (h.cases, h.supplies)
}

/// What a console that has never read the home screen before shows.
fn fresh(path: &std::path::Path, now: i64) -> Panels {
    panels(
        &crate::support::db::open(path, StoreConfig::default()).unwrap(),
        now,
    )
}

/// A demo post and a second connection to it (another desk's).
fn two_desks() -> (Demo, Store) {
    let d = demo(120, 10, 11, StoreConfig::default());
    let other = crate::support::db::open(&d.path, StoreConfig::default()).unwrap();
    (d, other)
}

fn on_duty_ids(s: &Store, now: i64) -> Vec<i64> {
    s.on_duty(now, &Window::all())
        .unwrap()
        .rows
        .iter()
        .map(|r| r.id)
        .collect()
}

fn ctx(now: i64) -> Ctx {
    Ctx {
        operator: "t".into(),
        now,
    }
}

#[test]
fn kept_case_and_supply_pages_are_what_a_fresh_read_says_after_any_write() {
    let (demo, mut other) = two_desks();
    let (path, mut s) = (demo.path.clone(), demo.store);
    let mut now = DEMO_NOW;
    let first = panels(&s, now);
    assert_eq!(first, fresh(&path, now));
    assert!(!first.0.rows.is_empty() && !first.1.rows.is_empty());
    let on_duty = on_duty_ids(&s, now);
    let issue = |quantity| Command::StockIssue {
        item: first.1.rows[0].code.clone(),
        depot: None,
        quantity,
        post: Some(1),
        person: None,
    };
    let case = |person: i64| {
        Command::Care(CareCommand::OpenCase {
            person: PersonRef::id(person),
            category: CaseCategory::Eldercare,
            urgency: 3,
            summary: "母亲独居需照看".into(),
        })
    };
    let rest = |person: i64| Command::ForceRest {
        person: PersonRef::id(person),
        hours: None,
        reason: "r".into(),
    };
    // (written here or elsewhere, what, which panel it changes)
    let (here, elsewhere) = (true, false);
    let steps = vec![
        (here, rest(on_duty[0]), "none"),
        (here, issue(3), "supplies"),
        (here, rest(on_duty[1]), "none"),
        (here, case(on_duty[2]), "cases"),
        (elsewhere, issue(2), "supplies"),
        (elsewhere, rest(on_duty[3]), "none"),
        (elsewhere, case(on_duty[4]), "cases"),
        (here, issue(1), "supplies"),
        (here, rest(on_duty[5]), "none"),
    ];
    let mut before = first;
    for (i, (by_here, cmd, changes)) in steps.into_iter().enumerate() {
        now += 60;
        let by = if by_here { &mut s } else { &mut other };
        by.execute(&cmd, &ctx(now)).unwrap();
        let seen = panels(&s, now);
        assert_eq!(seen, fresh(&path, now), "step {i}: {cmd:?}");
        // Stock on hand (the day each item runs out moves with the clock).
        let stock = |p: &Panels| -> Vec<(i64, i64)> {
            p.1.rows.iter().map(|r| (r.id, r.on_hand)).collect()
        };
        let (cases_moved, supplies_moved) = (seen.0 != before.0, stock(&seen) != stock(&before));
        assert_eq!(
            (cases_moved, supplies_moved),
            (changes == "cases", changes == "supplies"),
            "step {i}: {cmd:?} changed what it should"
        );
        before = seen;
    }
    // A write of another program's, with the audit row every write has: a case closed.
    now += 60;
    let c = other.db();
    c.execute(
        "UPDATE family_cases SET status = 'resolved', resolved_at = ?1 WHERE id = ?2",
        frontline::store::db::params![now, before.0.rows[0].id],
    )
    .unwrap();
    c.execute(
        "INSERT INTO audit_log(at, operator, action, target, details) VALUES (?1, 'other', 'correction', 'case:1', '{}')",
        [now],
    )
    .unwrap();
    let seen = panels(&s, now);
    assert_ne!(seen.0, before.0, "the case closed elsewhere is gone");
    assert_eq!(seen, fresh(&path, now));
}

/// A console's refresh reads the data version and, on a server, the home's totals with it in
/// one statement (`Store::version_for`); the home built on those totals is what a fresh read
/// says, after writes here and elsewhere, and totals read for another moment are not used.
#[test]
fn the_totals_read_with_the_data_version_are_a_fresh_reads() {
    let (demo, mut other) = two_desks();
    let (path, mut s) = (demo.path.clone(), demo.store);
    let fresh_home = |now: i64| {
        crate::support::db::open(&path, StoreConfig::default())
            .unwrap()
            .home(&query(now))
            .unwrap()
    };
    let mut now = DEMO_NOW;
    let on_duty = on_duty_ids(&s, now);
    let resting = fresh_home(now).counts.forced_rest;
    for (i, person) in on_duty.iter().take(4).enumerate() {
        now += 60;
        let by = if i % 2 == 0 { &mut s } else { &mut other };
        let rest = Command::ForceRest {
            person: PersonRef::id(*person),
            hours: None,
            reason: "r".into(),
        };
        by.execute(&rest, &ctx(now)).unwrap();
        let v = s.version_for(now).unwrap();
        assert_eq!(v.value, s.data_version().unwrap(), "step {i}");
        let seen = s.home_with(&query(now), v).unwrap();
        let fresh = fresh_home(now);
        assert_eq!(seen, fresh, "step {i}");
        assert_eq!(seen.counts.forced_rest, resting + i + 1, "step {i}");
    }
    // Totals read a day earlier: the home for now reads its own.
    let earlier = s.version_for(now - 86_400).unwrap();
    assert_eq!(s.home_with(&query(now), earlier).unwrap(), fresh_home(now));
}
