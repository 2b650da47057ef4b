//! Undo (`u`, `frontline do undo`): the operator's last action is reversed by a compensating
//! write with its own audit row; actions that cannot be undone say so.

use frontline::demo::{DemoSpec, generate};
use frontline::store::commands::{Command, Ctx, Outcome, PersonRef, Refusal};
use frontline::store::queries::{Home, HomeQuery, Window};
use frontline::store::{Store, StoreConfig};

const NOW: i64 = 1_623_283_200;

struct Db {
    _dir: tempfile::TempDir,
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
        let store = Store::open(&path, StoreConfig::default()).unwrap();
        Db { _dir: dir, store }
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
fn undoing_a_forced_rest_puts_the_person_back_on_duty_and_overdue() {
    let mut db = Db::new();
    let before = db.home();
    let who = before.overdue.rows[0].id;
    db.run(
        "amy",
        Command::ForceRest {
            person: p(who),
            hours: None,
            reason: "too long".into(),
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
    assert!(after.overdue.rows.iter().any(|r| r.id == who));
    assert_eq!(after.counts, before.counts, "the panels are as they were");
    let a = db.store.audit(2).unwrap();
    assert_eq!(a[0].action, "undo");
    assert_eq!(a[0].details["undoes"], a[1].id);
    // Cannot check the person in now: they are on duty again, not resting.
    assert!(matches!(
        db.run("amy", Command::EndRest { person: p(who) }),
        Err(Refusal::NotResting(_))
    ));
}

#[test]
fn undo_walks_back_one_action_at_a_time() {
    let mut db = Db::new();
    let row = db.home().on_duty.rows[0].clone();
    db.run("amy", Command::CheckOut { person: p(row.id) })
        .unwrap();
    db.run(
        "amy",
        Command::CheckIn {
            person: p(row.id),
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
            .find(|r| r.id == row.id)
            .unwrap()
            .post_id,
        1
    );
    db.run("amy", Command::Undo).unwrap(); // the check-in
    assert!(!db.on_duty(row.id));
    db.run("amy", Command::Undo).unwrap(); // the check-out
    let back = db
        .home()
        .on_duty
        .rows
        .into_iter()
        .find(|r| r.id == row.id)
        .unwrap();
    assert_eq!(
        (back.post_id, back.since),
        (row.post_id, row.since),
        "the original shift is back"
    );
    assert_eq!(
        db.run("amy", Command::Undo),
        Err(Refusal::NothingToUndo),
        "the demo data is not amy's"
    );
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
            hours: Some(10.0),
            reason: "r".into(),
        },
    )
    .unwrap();
    db.run("bob", Command::EndRest { person: p(who) }).unwrap();
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
    db.run("bob", Command::EndRest { person: p(who) }).unwrap();
    let audit = db.store.audit(100).unwrap().len();
    let r = db.run("amy", Command::Undo);
    assert!(
        matches!(r, Err(Refusal::CannotUndo { later: Some(ref l), .. }) if l == "end_rest"),
        "{r:?}"
    );
    assert_eq!(db.store.audit(100).unwrap().len(), audit);
    let msg = frontline::i18n::refusal(
        frontline::config::Lang::En,
        &r.unwrap_err(),
        chrono_tz::Asia::Shanghai,
    );
    assert_eq!(
        msg,
        "cannot undo force_rest: a later action (end_rest) changed the same record"
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
    assert!(String::from_utf8_lossy(&undone.stdout).starts_with("undid #"));
}
