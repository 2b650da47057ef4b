//! The one write path, driven through the library: every command's success is visible on the
//! home panels and leaves exactly one audit row; every refusal leaves the database untouched.

use frontline::demo::{self, DemoSpec};
use frontline::domain::RuleKind;
use frontline::store::commands::{Command, Ctx, Outcome, PersonRef, Refusal};
use frontline::store::db::{Connection, Params, params};
use frontline::store::queries::{AuditRow, Home, HomeQuery, Window};
use frontline::store::{Store, StoreConfig};
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

use crate::support::db::dump;
use crate::support::db::dump_store;

/// 2021-06-10T08:00:00+08:00.
const NOW: i64 = 1_623_283_200;
const H: i64 = 3600;

/// Someone free at NOW (?1): not on duty, not resting lately, on the 8-hour pattern (so no
/// rule stands in the way) and off duty for at least 12 hours.
const AVAILABLE: &str = "SELECT pe.id FROM people pe
 WHERE NOT EXISTS (SELECT 1 FROM shifts s WHERE s.person_id = pe.id AND s.status = 'active')
   AND NOT EXISTS (SELECT 1 FROM rest_periods r WHERE r.person_id = pe.id AND r.end_at > ?1 - 86400)
   AND NOT EXISTS (SELECT 1 FROM shifts s WHERE s.person_id = pe.id
                   AND s.planned_end - s.planned_start <> 28800)
   AND coalesce((SELECT max(actual_end) FROM shifts s WHERE s.person_id = pe.id
                 AND s.status = 'done'), 0) <= ?1 - 12 * 3600";

/// An available person's next shift, if planned and starting more than 2 hours from now.
const PLANNED: &str = "SELECT s.person_id, s.id, s.planned_start, s.planned_end, s.post_id
 FROM shifts s WHERE s.person_id IN (AVAILABLE) AND s.planned_start > ?1 + 7200
   AND s.id = (SELECT t.id FROM shifts t WHERE t.person_id = s.person_id AND t.status = 'planned'
               AND t.planned_end > ?1 ORDER BY t.planned_start LIMIT 1)
 ORDER BY s.person_id LIMIT 1";

struct Db {
    _dir: TempDir,
    path: PathBuf,
    store: Store,
}

impl Db {
    fn new() -> Db {
        Db::with_seed(7)
    }

    fn with_seed(seed: u64) -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        let spec = DemoSpec {
            people: 300,
            days: 14,
            seed,
            now: NOW,
        };
        demo::generate(&path, &spec, &StoreConfig::default()).unwrap();
        let store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
        Db {
            _dir: dir,
            path,
            store,
        }
    }

    fn run_at(&mut self, now: i64, cmd: Command) -> Result<Outcome, Refusal> {
        let ctx = Ctx {
            operator: "test".into(),
            now,
        };
        self.store.execute(&cmd, &ctx)
    }

    fn run(&mut self, cmd: Command) -> Result<Outcome, Refusal> {
        self.run_at(NOW, cmd)
    }

    /// Run a command that must be refused, and check that it wrote nothing at all.
    fn refuse(&mut self, cmd: Command) -> Refusal {
        let before = dump_store(&self.store);
        let r = self
            .run(cmd.clone())
            .expect_err("command should be refused");
        assert_same(
            &before,
            &dump_store(&self.store),
            &format!("refused {cmd:?} ({r:?})"),
        );
        r
    }

    fn home(&self) -> Home {
        let w = Window::all;
        let q = HomeQuery {
            now: NOW,
            on_duty: w(),
            overdue: w(),
            cases: w(),
            supplies: w(),
        };
        self.store.home(&q).unwrap()
    }

    /// The store's own connection (either engine).
    fn raw(&self) -> &Connection {
        self.store.db()
    }

    /// First column of every row.
    fn col(&self, sql: &str, p: impl Params) -> Vec<i64> {
        let c = self.raw();
        let mut st = c.prepare(sql).unwrap();
        let rows = st.query_map(p, |r| r.get(0)).unwrap();
        rows.collect::<frontline::store::db::Result<_>>().unwrap()
    }

    /// Every column of the first row.
    fn row(&self, sql: &str, p: impl Params) -> Vec<i64> {
        let c = self.raw();
        let mut st = c.prepare(sql).unwrap();
        st.query_row(p, |r| {
            (0..)
                .take_while(|&i| r.get_ref(i).is_ok())
                .map(|i| r.get(i))
                .collect()
        })
        .unwrap()
    }

    fn audit_count(&self) -> i64 {
        self.row("SELECT count(*) FROM audit_log", [])[0]
    }

    fn available(&self) -> Vec<i64> {
        self.col(&format!("{AVAILABLE} ORDER BY pe.id"), [NOW])
    }

    /// (person, shift, planned start, planned end, post) of an available person's next shift.
    fn planned(&self) -> (i64, i64, i64, i64, i64) {
        let r = self.row(&PLANNED.replace("AVAILABLE", AVAILABLE), [NOW]);
        (r[0], r[1], r[2], r[3], r[4])
    }

    fn other_post(&self, not: i64) -> (i64, String) {
        let id = self.row("SELECT min(id) FROM posts WHERE id <> ?1", [not])[0];
        (id, self.store.post_name(id).unwrap().unwrap())
    }

    /// The one audit row the last command appended.
    fn one_new_audit_row(&self, count_before: i64, action: &str, person: i64) -> AuditRow {
        assert_eq!(
            self.audit_count(),
            count_before + 1,
            "one audit row per command"
        );
        let row = self.store.audit(5).unwrap().remove(0);
        assert_eq!(
            (row.action.as_str(), row.operator.as_str()),
            (action, "test")
        );
        assert_eq!(
            (row.at, row.target.clone()),
            (NOW, format!("person:{person}"))
        );
        assert_eq!(
            row.details["person_id"], person,
            "names the person: {}",
            row.details
        );
        row
    }
}

fn assert_same(before: &str, after: &str, what: &str) {
    if before != after {
        let diff = before.lines().zip(after.lines()).find(|(a, b)| a != b);
        panic!("{what} changed the database; first difference: {diff:?}");
    }
}

/// `Refusal::InForcedRest { .. }` and the like, without spelling out every field.
fn assert_variant(v: &impl Debug, variant: &str) {
    let s = format!("{v:?}");
    assert!(
        s.starts_with(&format!("{variant} ")) || s.starts_with(&format!("{variant}(")),
        "{s}"
    );
}

fn pr(id: i64) -> PersonRef {
    PersonRef(id.to_string())
}

fn on_duty(h: &Home, person: i64) -> bool {
    h.on_duty.rows.iter().any(|r| r.id == person)
}

fn overdue(h: &Home, person: i64) -> bool {
    h.overdue.rows.iter().any(|r| r.id == person)
}

fn check_in(person: i64, post: i64, why: Option<&str>) -> Command {
    Command::CheckIn {
        person: pr(person),
        post,
        override_reason: why.map(str::to_string),
    }
}

fn check_out(person: i64) -> Command {
    Command::CheckOut { person: pr(person) }
}

fn reassign(person: i64, post: i64, start: Option<i64>, end: Option<i64>) -> Command {
    Command::Reassign {
        person: pr(person),
        post,
        start,
        end,
        override_reason: None,
    }
}

fn force(person: i64, hours: Option<f64>) -> Command {
    Command::ForceRest {
        person: pr(person),
        hours,
        reason: "连续值守超时".into(),
    }
}

fn end_rest(person: i64) -> Command {
    Command::EndRest {
        person: pr(person),
        reason: Some("needed at the gate, rested enough".into()),
    }
}

// ---------------------------------------------------------------- successes

mod actions;
mod file_and_demo;
mod refusals;
