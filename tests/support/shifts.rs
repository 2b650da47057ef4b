//! Shared by the shift, rest and call-up tests: a demo database plus a small fresh community
//! whose people and shifts each test writes itself, and the "refused means unchanged" check.
#![allow(dead_code)]

pub use super::db::dump_store;
use frontline::store::commands::{Command, Ctx, Outcome, PersonRef, Refusal};
use frontline::store::db::{Connection, Params, params};
use frontline::store::queries::AuditRow;
use frontline::store::{Store, StoreConfig};
use std::path::PathBuf;
use tempfile::TempDir;

pub use super::db::dump;

/// 2021-06-10T08:00:00+08:00.
pub const NOW: i64 = super::db::DEMO_NOW;
pub const H: i64 = 3600;
pub const M: i64 = 60;
/// 2021-06-11T00:00:00+08:00: tomorrow's midnight.
pub const D1: i64 = NOW + 16 * H;

pub struct Db {
    _dir: TempDir,
    pub path: PathBuf,
    pub store: Store,
    /// On PostgreSQL, the server database the store is open on: dropped with the test, not
    /// when the demo is taken apart here.
    _pg: Option<super::pg::TestDb>,
}

impl Db {
    pub fn new() -> Db {
        Db::with(StoreConfig::default())
    }

    pub fn with(cfg: StoreConfig) -> Db {
        let d = super::db::demo(150, 10, 11, cfg);
        Db {
            _dir: d.dir,
            path: d.path,
            store: d.store,
            _pg: d.pg,
        }
    }

    pub fn run_at(&mut self, now: i64, cmd: Command) -> Result<Outcome, Refusal> {
        let ctx = Ctx {
            operator: "test".into(),
            now,
        };
        self.store.execute(&cmd, &ctx)
    }

    pub fn run(&mut self, cmd: Command) -> Result<Outcome, Refusal> {
        self.run_at(NOW, cmd)
    }

    /// Run a command that must be refused, and check that it wrote nothing at all.
    pub fn refuse_at(&mut self, now: i64, cmd: Command) -> Refusal {
        let before = self.dump();
        let r = self
            .run_at(now, cmd.clone())
            .expect_err("command should be refused");
        let after = self.dump();
        if before != after {
            let diff = before.lines().zip(after.lines()).find(|(a, b)| a != b);
            panic!("refused {cmd:?} ({r:?}) changed the database; first difference: {diff:?}");
        }
        r
    }

    pub fn refuse(&mut self, cmd: Command) -> Refusal {
        self.refuse_at(NOW, cmd)
    }

    /// The whole database as text (`dump_store`).
    pub fn dump(&self) -> String {
        dump_store(&self.store)
    }

    /// The store's own connection (either engine), for raw SQL set-up and assertions.
    pub fn raw(&self) -> &Connection {
        self.store.db()
    }

    /// Run one statement; the id of the row an INSERT made (0 after any other statement on a
    /// connection that has made none).
    pub fn exec(&self, sql: &str, p: impl Params) -> i64 {
        let c = self.raw();
        c.execute(sql, p).unwrap();
        c.last_insert_rowid().unwrap_or(0)
    }

    pub fn one(&self, sql: &str, p: impl Params) -> i64 {
        self.raw().query_row(sql, p, |r| r.get(0)).unwrap()
    }

    /// A new community (with no people yet) in the first street.
    pub fn community(&self, name: &str) -> i64 {
        self.exec(
            "INSERT INTO communities(street_id, name) VALUES (1, ?1)",
            [name],
        )
    }

    pub fn post(&self, community: i64, name: &str, required: i64) -> i64 {
        self.exec(
            "INSERT INTO posts(community_id, name, kind, required_per_shift) VALUES (?1, ?2, 'sealed', ?3)",
            params![community, name, required],
        )
    }

    /// A new person of `community` with no shifts.
    pub fn person(&self, community: i64, name: &str) -> i64 {
        let id = self.raw().next_id("people").unwrap();
        self.exec(
            "INSERT INTO people(id, staff_code, name, category, community_id) VALUES (?1, ?2, ?3, 'cadre', ?4)",
            params![id, format!("T{id:06}"), name, community],
        )
    }

    pub fn done(&self, person: i64, post: i64, start: i64, end: i64) -> i64 {
        self.exec(
            "INSERT INTO shifts(person_id, post_id, planned_start, planned_end, actual_start, actual_end, status)
             VALUES (?1, ?2, ?3, ?4, ?3, ?4, 'done')",
            params![person, post, start, end],
        )
    }

    pub fn planned(&self, person: i64, post: i64, start: i64, end: i64) -> i64 {
        self.exec(
            "INSERT INTO shifts(person_id, post_id, planned_start, planned_end, status) VALUES (?1, ?2, ?3, ?4, 'planned')",
            params![person, post, start, end],
        )
    }

    pub fn rest(&self, person: i64, kind: &str, start: i64, end: i64) -> i64 {
        self.exec(
            "INSERT INTO rest_periods(person_id, kind, start_at, end_at) VALUES (?1, ?2, ?3, ?4)",
            params![person, kind, start, end],
        )
    }

    pub fn status(&self, shift: i64) -> String {
        self.raw()
            .query_row("SELECT status FROM shifts WHERE id = ?1", [shift], |r| {
                r.get(0)
            })
            .unwrap()
    }

    pub fn owed(&self, person: i64) -> i64 {
        self.one(
            "SELECT coalesce(max(minutes), 0) FROM comp_balance WHERE person_id = ?1",
            [person],
        )
    }

    pub fn audit_count(&self) -> i64 {
        self.one("SELECT count(*) FROM audit_log", [])
    }

    pub fn last_audit(&self) -> AuditRow {
        self.store.audit(1).unwrap().remove(0)
    }

    /// A fresh community with one post (needing `required` per shift) and `n` people.
    pub fn team(&self, tag: &str, required: i64, n: usize) -> (i64, i64, Vec<i64>) {
        let c = self.community(&format!("{tag}社区"));
        let post = self.post(c, &format!("{tag}社区封控区外围"), required);
        let people = (0..n)
            .map(|i| self.person(c, &format!("{tag}{i}")))
            .collect();
        (c, post, people)
    }
}

pub fn pr(id: i64) -> PersonRef {
    PersonRef(id.to_string())
}

/// `Refusal::Overlap { .. }` and the like, without spelling out every field.
pub fn variant(v: &impl std::fmt::Debug) -> String {
    let s = format!("{v:?}");
    s.split([' ', '(']).next().unwrap().to_string()
}
