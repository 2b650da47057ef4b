//! Undo (`u`, `frontline do undo`): the operator's last action is reversed by a compensating
//! write with its own audit row; actions that cannot be undone say so.

use frontline::demo::{DemoSpec, generate};
use frontline::store::commands::{Command, Ctx, Outcome, PersonRef, Refusal};
use frontline::store::queries::{Home, HomeQuery, Window};
use frontline::store::{Store, StoreConfig};

const NOW: i64 = 1_623_283_200;

struct Db {
    _dir: tempfile::TempDir,
    /// The demo file (on PostgreSQL, what `support::db::open` copied the server database from
    /// and opens it by).
    path: std::path::PathBuf,
    store: Store,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("u.db");
        generate(
            &path,
            &DemoSpec {
                people: 200,
                days: 14,
                seed: 5,
                now: NOW,
            },
            &StoreConfig::default(),
        )
        .unwrap();
        let store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
        Db {
            _dir: dir,
            path,
            store,
        }
    }
    fn run(&mut self, op: &str, c: Command) -> Result<Outcome, Refusal> {
        self.store.execute(
            &c,
            &Ctx {
                operator: op.into(),
                now: NOW,
            },
        )
    }
    fn home(&self) -> Home {
        let w = Window::all;
        self.store
            .home(&HomeQuery {
                now: NOW,
                on_duty: w(),
                overdue: w(),
                cases: w(),
                supplies: w(),
            })
            .unwrap()
    }
    fn on_duty(&self, id: i64) -> bool {
        self.home().on_duty.rows.iter().any(|r| r.id == id)
    }
}

fn p(id: i64) -> PersonRef {
    PersonRef(id.to_string())
}

#[test]
fn undoing_a_forced_rest_puts_the_person_back_on_duty() {
    let mut db = Db::new();
    let who = available(&db);
    db.run("amy", check_in(who, 2)).unwrap();
    let before = db.home();
    db.run(
        "amy",
        Command::ForceRest {
            person: p(who),
            hours: None,
            reason: "wrong person".into(),
        },
    )
    .unwrap();
    assert!(!db.on_duty(who));
    let o = db.run("amy", Command::Undo).unwrap();
    assert!(
        matches!(o, Outcome::Undone { ref action, .. } if action == "force_rest"),
        "{o:?}"
    );
    let after = db.home();
    assert!(db.on_duty(who));
    assert_eq!(after.counts, before.counts, "the panels are as they were");
    let a = db.store.audit(2).unwrap();
    assert_eq!(a[0].action, "undo");
    assert_eq!(a[0].details["undoes"], a[1].id);
    // Cannot end a rest now: they are on duty again, not resting.
    assert!(matches!(
        db.run(
            "amy",
            Command::EndRest {
                person: p(who),
                reason: None
            }
        ),
        Err(Refusal::NotResting(_))
    ));
}

/// The duty gate holds for undo: putting an overdue person back on duty needs a reason, which
/// an undo cannot carry; the refusal names the rules and writes nothing.
#[test]
fn undoing_a_forced_rest_of_an_overdue_person_is_refused() {
    let mut db = Db::new();
    let who = db.home().overdue.rows[0].id;
    db.run(
        "amy",
        Command::ForceRest {
            person: p(who),
            hours: None,
            reason: "too long".into(),
        },
    )
    .unwrap();
    let n = db.store.audit(1).unwrap()[0].id;
    let r = db.run("amy", Command::Undo);
    assert!(
        matches!(&r, Err(Refusal::UndoBreaksRules { breaches, .. }) if !breaches.is_empty()),
        "{r:?}"
    );
    assert!(!db.on_duty(who), "still resting");
    assert_eq!(db.store.audit(1).unwrap()[0].id, n, "no audit row");
}

#[test]
fn undo_walks_back_one_action_at_a_time() {
    let mut db = Db::new();
    let who = available(&db);
    db.run("amy", check_in(who, 2)).unwrap();
    let row = db
        .home()
        .on_duty
        .rows
        .into_iter()
        .find(|r| r.id == who)
        .unwrap();
    db.run("amy", Command::CheckOut { person: p(who) }).unwrap();
    db.run(
        "amy",
        Command::CheckIn {
            person: p(who),
            post: 1,
            override_reason: Some("cover".into()),
        },
    )
    .unwrap();
    assert_eq!(
        db.home()
            .on_duty
            .rows
            .iter()
            .find(|r| r.id == who)
            .unwrap()
            .post_id,
        1
    );
    db.run("amy", Command::Undo).unwrap(); // the check-in
    assert!(!db.on_duty(who));
    db.run("amy", Command::Undo).unwrap(); // the check-out
    let back = db
        .home()
        .on_duty
        .rows
        .into_iter()
        .find(|r| r.id == who)
        .unwrap();
    assert_eq!(
        (back.post_id, back.since),
        (row.post_id, row.since),
        "the original shift is back"
    );
    db.run("amy", Command::Undo).unwrap(); // the first check-in
    assert!(!db.on_duty(who));
    assert_eq!(
        db.run("amy", Command::Undo),
        Err(Refusal::NothingToUndo),
        "the demo data is not amy's"
    );
}

/// Someone off duty whom a check-in now passes the duty gate for.
fn available(db: &Db) -> i64 {
    available_nth(db, 0)
}

/// The `n`th such person.
fn available_nth(db: &Db, n: usize) -> i64 {
    let conn = db.store.db();
    let ids: Vec<i64> = conn
        .prepare(
            "SELECT id FROM people WHERE retired_at IS NULL AND id NOT IN
               (SELECT person_id FROM shifts WHERE status IN ('active', 'planned'))
               AND id NOT IN (SELECT person_id FROM rest_periods WHERE end_at > ?1)
               AND coalesce(last_duty_end, 0) < ?1 - 24 * 3600 ORDER BY id",
        )
        .unwrap()
        .query_map([NOW], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    *ids.get(n).expect("someone rested and unplanned")
}

fn check_in(id: i64, post: i64) -> Command {
    Command::CheckIn {
        person: p(id),
        post,
        override_reason: None,
    }
}

#[test]
fn undoing_a_reassignment_restores_the_post() {
    let mut db = Db::new();
    let row = db.home().on_duty.rows[0].clone();
    let other = if row.post_id == 1 { 2 } else { 1 };
    db.run(
        "amy",
        Command::Reassign {
            person: p(row.id),
            post: other,
            start: None,
            end: None,
            override_reason: None,
        },
    )
    .unwrap();
    db.run("amy", Command::Undo).unwrap();
    let back = db
        .home()
        .on_duty
        .rows
        .into_iter()
        .find(|r| r.id == row.id)
        .unwrap();
    assert_eq!(back.post_id, row.post_id);
}

#[test]
fn undoing_an_end_of_rest_puts_the_rest_back() {
    let mut db = Db::new();
    let who = db.home().on_duty.rows[0].id;
    db.run(
        "amy",
        Command::ForceRest {
            person: p(who),
            hours: Some(12.0),
            reason: "r".into(),
        },
    )
    .unwrap();
    db.run(
        "bob",
        Command::EndRest {
            person: p(who),
            reason: Some("back early".into()),
        },
    )
    .unwrap();
    db.run("bob", Command::Undo).unwrap();
    let r = db.run(
        "bob",
        Command::CheckIn {
            person: p(who),
            post: 1,
            override_reason: None,
        },
    );
    assert!(matches!(r, Err(Refusal::InForcedRest { .. })), "{r:?}");
}

#[test]
fn an_action_changed_by_someone_later_cannot_be_undone_and_nothing_is_written() {
    let mut db = Db::new();
    let who = db.home().on_duty.rows[0].id;
    db.run(
        "amy",
        Command::ForceRest {
            person: p(who),
            hours: None,
            reason: "r".into(),
        },
    )
    .unwrap();
    db.run(
        "bob",
        Command::EndRest {
            person: p(who),
            reason: Some("back early".into()),
        },
    )
    .unwrap();
    let audit = db.store.audit(100).unwrap().len();
    let r = db.run("amy", Command::Undo);
    assert!(
        matches!(r, Err(Refusal::CannotUndo { later: Some(ref l), .. }) if l == "end_rest"),
        "{r:?}"
    );
    assert_eq!(db.store.audit(100).unwrap().len(), audit);
    let msg = frontline::i18n::refusal(
        frontline::i18n::Lang::En,
        &r.unwrap_err(),
        chrono_tz::Asia::Shanghai,
    );
    assert_eq!(
        msg,
        "cannot undo “forced rest”: a later action (end of rest) changed the same record"
    );
}

#[test]
fn undo_from_the_command_line_reports_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    generate(
        &db,
        &DemoSpec {
            people: 100,
            days: 7,
            seed: 5,
            now: NOW,
        },
        &StoreConfig::default(),
    )
    .unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
            .env("FRONTLINE_NOW", "2021-06-10T08:00:00+08:00")
            .env("LANG", "C")
            .env("HOME", dir.path())
            .args(["--db", db.to_str().unwrap(), "--operator", "cli"])
            .args(args)
            .output()
            .unwrap()
    };
    let nothing = run(&["do", "undo"]);
    assert!(!nothing.status.success());
    assert_eq!(
        String::from_utf8_lossy(&nothing.stderr).trim(),
        "error: nothing of yours to undo"
    );
    assert!(
        run(&["do", "force-rest", "--person", "FL000001", "--reason", "x"])
            .status
            .success()
    );
    let undone = run(&["do", "undo"]);
    assert!(undone.status.success());
    assert!(String::from_utf8_lossy(&undone.stdout).starts_with("undid entry "));
}

fn shift(db: &Db, id: i64) -> (String, i64, i64, i64) {
    let c = db.store.db();
    c.query_row(
        "SELECT status, post_id, planned_start, planned_end FROM shifts WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .unwrap()
}

/// Plan a shift three days ahead for the first person the rules allow; returns its id.
/// The newest row's id in `table`.
fn newest(db: &Db, table: &str) -> i64 {
    db.store
        .db()
        .query_row(&format!("SELECT max(id) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// An 8-hour shift for `who` at `post` from `start`.
fn plan(who: i64, post: i64, start: i64) -> Command {
    Command::ShiftPlan {
        person: p(who),
        post,
        start,
        end: start + 8 * 3600,
        replaces: None,
        override_reason: None,
    }
}

fn plan_someone(db: &mut Db, op: &str) -> i64 {
    let start = NOW + 3 * 86_400;
    for who in 1..200 {
        if let Ok(Outcome::ShiftPlanned { .. }) = db.run(op, plan(who, 1, start)) {
            return newest(db, "shifts");
        }
    }
    panic!("nobody could be planned");
}

#[test]
fn planning_moving_and_cancelling_a_shift_can_each_be_undone() {
    let mut db = Db::new();
    let id = plan_someone(&mut db, "amy");
    assert_eq!(shift(&db, id).0, "planned");
    assert!(matches!(
        db.run("amy", Command::Undo),
        Ok(Outcome::Undone { .. })
    ));
    assert_eq!(shift(&db, id).0, "cancelled", "the planned shift is gone");

    let id = plan_someone(&mut db, "amy");
    let before = shift(&db, id);
    db.run(
        "amy",
        Command::ShiftMove {
            shift: id,
            post: Some(2),
            start: Some(before.2 + 3600),
            end: None,
            override_reason: None,
        },
    )
    .unwrap();
    assert_eq!(shift(&db, id).1, 2);
    db.run("amy", Command::Undo).unwrap();
    assert_eq!(shift(&db, id), before, "post and times put back");

    db.run(
        "amy",
        Command::ShiftCancel {
            shift: id,
            reason: "sick".into(),
        },
    )
    .unwrap();
    assert_eq!(shift(&db, id).0, "cancelled");
    db.run("amy", Command::Undo).unwrap();
    assert_eq!(shift(&db, id), before, "planned again");
    copy_a_day_and_check_the_kept_counts(&mut db);
}

/// Tomorrow's planned shifts by post kind, as the supplies screen reads them (kept by triggers
/// per quarter hour), equal a count of the shifts themselves after planning, moving,
/// cancelling, copying and undoing.
fn copy_a_day_and_check_the_kept_counts(db: &mut Db) {
    let _ = db.run(
        "amy",
        Command::ShiftCopyDay {
            day: NOW + 86_400,
            days: 2,
            post: None,
        },
    );
    let c = db.store.db();
    let tomorrow: i64 = c
        .query_row(
            "SELECT count(*) FROM shifts WHERE status = 'planned' AND planned_start >= ?1 AND planned_start < ?2",
            [NOW + 16 * 3600, NOW + 40 * 3600],
            |r| r.get(0),
        )
        .unwrap();
    assert!(tomorrow > 0, "tomorrow has planned shifts");
    // As `support::db::kept_counts_match`, on the store's connection (either engine).
    let drift = frontline::store::kept::check(c).unwrap();
    assert!(
        drift.is_empty(),
        "kept values drifted from what they count: {drift:#?}"
    );
}

#[test]
fn a_plan_someone_has_since_started_cannot_be_undone() {
    let mut db = Db::new();
    let id = plan_someone(&mut db, "amy");
    // Started by hand: the check-in is audited against the person, not the shift.
    let c = db.store.db();
    c.execute(
        "UPDATE shifts SET status = 'active', actual_start = planned_start WHERE id = ?1",
        [id],
    )
    .unwrap();
    let audit = db.store.audit(1000).unwrap().len();
    let r = db.run("amy", Command::Undo);
    assert!(
        matches!(r, Err(Refusal::CannotUndo { later: Some(ref l), .. }) if l == "check_in"),
        "{r:?}"
    );
    assert_eq!(shift(&db, id).0, "active", "nothing changed");
    assert_eq!(db.store.audit(1000).unwrap().len(), audit);
}

#[test]
fn an_action_that_cannot_be_undone_says_so() {
    let mut db = Db::new();
    db.run(
        "amy",
        Command::StockReceive {
            item: "SUIT".into(),
            depot: None,
            quantity: 5,
            from: None,
        },
    )
    .unwrap();
    let r = db.run("amy", Command::Undo);
    let msg = frontline::i18n::refusal(
        frontline::i18n::Lang::En,
        &r.unwrap_err(),
        chrono_tz::Asia::Shanghai,
    );
    assert_eq!(msg, "“stock in” cannot be undone");
}

#[test]
fn a_recorded_rest_can_be_undone() {
    let mut db = Db::new();
    let start = NOW + 4 * 86_400;
    let who = (1..200)
        .find(|&w| {
            db.run(
                "amy",
                Command::Rest {
                    person: p(w),
                    kind: frontline::domain::RestKind::Rotation,
                    start,
                    hours: 24.0,
                    reason: "轮休".into(),
                },
            )
            .is_ok()
        })
        .expect("somebody can rest");
    let rest = |c: &frontline::store::db::Connection| -> i64 {
        c.query_row(
            "SELECT end_at - start_at FROM rest_periods WHERE person_id = ?1 AND start_at = ?2",
            [who, start],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(rest(db.store.db()), 24 * 3600);
    db.run("amy", Command::Undo).unwrap();
    assert_eq!(rest(db.store.db()), 0, "the rest covers no time any more");
}

/// Two desks under one operator name (two consoles, or a console and
/// `frontline do` on one PC). Each desk's undo reverses only its own actions.
#[test]
fn undo_is_per_desk_even_under_the_same_operator_name() {
    let mut db = Db::new();
    let path = db.path.clone();
    let mut console = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    console.set_desk("console-1".into());
    // Two people within the rules, put on duty by someone else first: putting them back on
    // duty by an undo passes the duty gate.
    let (a, b) = (available_nth(&db, 0), available_nth(&db, 1));
    db.run("setup", check_in(a, 1)).unwrap();
    db.run("setup", check_in(b, 2)).unwrap();
    let ctx = Ctx {
        operator: "amy".into(),
        now: NOW,
    };
    // The command line (no desk) forces a rest; the console checks someone out.
    db.run(
        "amy",
        Command::ForceRest {
            person: p(a),
            hours: None,
            reason: "14 h".into(),
        },
    )
    .unwrap();
    console
        .execute(&Command::CheckOut { person: p(b) }, &ctx)
        .unwrap();
    // The console's undo reverses its check-out, then finds nothing more of its own: the
    // command line's forced rest stands.
    console.execute(&Command::Undo, &ctx).unwrap();
    assert!(db.on_duty(b));
    assert_eq!(
        console.execute(&Command::Undo, &ctx),
        Err(Refusal::NothingToUndo)
    );
    assert!(!db.on_duty(a), "another desk's forced rest was undone");
    // Another console under the same name has nothing to undo either.
    let mut other = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    other.set_desk("console-2".into());
    assert_eq!(
        other.execute(&Command::Undo, &ctx),
        Err(Refusal::NothingToUndo)
    );
    // The command line undoes its own.
    db.run("amy", Command::Undo).unwrap();
    assert!(db.on_duty(a));
}

/// Another desk's action is undone by its audit entry, once whose it is has been named.
#[test]
fn another_desks_action_is_undone_by_entry_naming_whose_it_is() {
    let mut db = Db::new();
    let a = available(&db);
    db.run("setup", check_in(a, 1)).unwrap();
    db.run(
        "amy",
        Command::ForceRest {
            person: p(a),
            hours: None,
            reason: "14 h".into(),
        },
    )
    .unwrap();
    let entry = newest(&db, "audit_log");
    let mut console = crate::support::db::open(&db.path, StoreConfig::default()).unwrap();
    console.set_desk("console-9".into());
    let ctx = Ctx {
        operator: "bob".into(),
        now: NOW,
    };
    let undo = |of: &str| Command::UndoEntry {
        id: entry,
        of: of.into(),
    };
    match console.execute(&undo("bob"), &ctx) {
        Err(Refusal::UndoWhose {
            operator, action, ..
        }) => assert_eq!((operator.as_str(), action.as_str()), ("amy", "force_rest")),
        other => panic!("{other:?}"),
    }
    assert!(!db.on_duty(a));
    console.execute(&undo("amy"), &ctx).unwrap();
    assert!(db.on_duty(a));
    // Undone once only.
    assert!(console.execute(&undo("amy"), &ctx).is_err());
}

/// A forced rest cancels the person's planned shifts that fall inside it (one statement, which
/// returns their before-images) and no other; its undo plans them again as they were.
#[test]
fn a_forced_rest_cancels_the_plans_inside_it_and_its_undo_restores_them() {
    let mut db = Db::new();
    let inside = plan_someone(&mut db, "amy");
    let who: i64 = db
        .store
        .db()
        .query_row(
            "SELECT person_id FROM shifts WHERE id = ?1",
            [inside],
            |r| r.get(0),
        )
        .unwrap();
    db.run("amy", plan(who, 2, NOW + 6 * 86_400)).unwrap();
    let after = newest(&db, "shifts");
    let (before_inside, before_after) = (shift(&db, inside), shift(&db, after));
    db.run(
        "amy",
        Command::ForceRest {
            person: p(who),
            hours: Some(4.0 * 24.0),
            reason: "exhausted".into(),
        },
    )
    .unwrap();
    assert_eq!(shift(&db, inside).0, "cancelled", "planned inside the rest");
    assert_eq!(shift(&db, after), before_after, "planned after the rest");
    assert_eq!(
        db.store.audit(1).unwrap()[0].details["cancelled_planned"],
        1
    );
    db.run("amy", Command::Undo).unwrap();
    assert_eq!(shift(&db, inside), before_inside, "planned again as it was");
    assert_eq!(shift(&db, after), before_after);
}
