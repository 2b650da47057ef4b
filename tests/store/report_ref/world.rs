//! A small world through the executor for the tests of single mismatches: a roster and
//! helpers that run one command at a given moment.

use super::history::{D10, empty_store};
use frontline::domain::{Category, Ts};
use frontline::import::RosterRow;
use frontline::store::Store;
use frontline::store::commands::{Command, Ctx, PersonRef};

/// A small roster through the executor: V1…V4 volunteers, M1 medical (posts as `empty_store`).
pub fn world() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = empty_store();
    let row = |code: &str, cat: Category| RosterRow {
        line: 2,
        staff_code: code.into(),
        name: code.into(),
        category: cat,
        source_unit: None,
        community: None,
        party_status: None,
        phone: None,
    };
    let rows = ["V1", "V2", "V3", "V4"]
        .into_iter()
        .map(|c| row(c, Category::Volunteer))
        .chain([row("M1", Category::Medical)])
        .collect();
    run(
        &mut store,
        D10 - 5 * 86_400,
        Command::ImportRoster { rows, skipped: 0 },
    );
    (dir, store)
}

/// Run a command at `now`; it must be accepted.
pub fn run(store: &mut Store, now: Ts, cmd: Command) {
    let ctx = Ctx {
        operator: "test".into(),
        now,
    };
    if let Err(e) = store.execute(&cmd, &ctx) {
        panic!("{cmd:?} at {now} refused: {e:?}");
    }
}

pub fn who(code: &str) -> PersonRef {
    PersonRef(code.into())
}

pub fn check_in(store: &mut Store, now: Ts, code: &str, post: i64) {
    let cmd = Command::CheckIn {
        person: who(code),
        post,
        override_reason: Some("test".into()),
    };
    run(store, now, cmd);
}

pub fn check_out(store: &mut Store, now: Ts, code: &str) {
    run(store, now, Command::CheckOut { person: who(code) });
}

pub fn plan(store: &mut Store, now: Ts, code: &str, post: i64, start: Ts, end: Ts) {
    let cmd = Command::ShiftPlan {
        person: who(code),
        post,
        start,
        end,
        replaces: None,
        override_reason: Some("test".into()),
    };
    run(store, now, cmd);
}
