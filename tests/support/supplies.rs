//! A demo or empty database for the supplies tests, commands to run on it, and a dump of every
//! table to prove a refusal wrote nothing.
#![allow(dead_code, unused_imports)]

pub use frontline::store::commands::{Adjustment, Command, Ctx, Outcome, PersonRef, Refusal};
use frontline::store::db::{Connection, Engine, Params, Value};
pub use frontline::store::queries::{SupplyRow, Window};
pub use frontline::store::{Store, StoreConfig};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub use super::db::dump;

/// 2021-06-10T08:00:00+08:00.
pub const NOW: i64 = super::db::DEMO_NOW;
pub const DAY: i64 = 86_400;

pub struct Db {
    _dir: TempDir,
    pub path: PathBuf,
    pub store: Store,
    /// On PostgreSQL: the server database the store is open on, dropped after the store.
    _pg: Option<super::pg::TestDb>,
}

impl Db {
    /// A 300-person, 14-day demo database.
    pub fn demo() -> Db {
        let d = super::db::demo(300, 14, 7, StoreConfig::default());
        Db {
            _dir: d.dir,
            path: d.path,
            store: d.store,
            _pg: d.pg,
        }
    }

    /// A new database: the standard catalogue and one command-post store, no stock, no posts.
    pub fn empty() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.db");
        let store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
        let db = Db {
            _dir: dir,
            path,
            store,
            _pg: None,
        };
        db.raw()
            .execute_batch(
                "INSERT INTO streets(id, name) VALUES (1, '多宝街');
                 INSERT INTO communities(id, street_id, name) VALUES (1, 1, '多宝中社区');
                 INSERT INTO posts(id, community_id, name, kind, required_per_shift)
                   VALUES (1, 1, '多宝中社区卡口', 'checkpoint', 2);",
            )
            .unwrap();
        db
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
    pub fn refuse(&mut self, cmd: Command) -> Refusal {
        let before = self.dump();
        let r = self
            .run(cmd.clone())
            .expect_err("command should be refused");
        let after = self.dump();
        if before != after {
            let diff = before.lines().zip(after.lines()).find(|(a, b)| a != b);
            panic!("refused {cmd:?} ({r:?}) changed the database: {diff:?}");
        }
        r
    }

    /// The store's own connection (the file on SQLite, the server database on PostgreSQL).
    pub fn raw(&self) -> &Connection {
        self.store.db()
    }

    pub fn one(&self, sql: &str, p: impl Params) -> i64 {
        self.raw().query_row(sql, p, |r| r.get(0)).unwrap()
    }

    /// Every table and row, as `dump` gives them for the file; on PostgreSQL read through the
    /// store's connection (the file is not written there).
    pub fn dump(&self) -> String {
        super::db::dump_store(&self.store)
    }

    pub fn item_at(&self, now: i64, code: &str) -> SupplyRow {
        self.store
            .supplies(now, &Window::all())
            .unwrap()
            .rows
            .into_iter()
            .find(|r| r.code == code)
            .unwrap()
    }

    pub fn item(&self, code: &str) -> SupplyRow {
        self.item_at(NOW, code)
    }

    pub fn on_hand(&self, code: &str, depot: i64) -> i64 {
        self.one(
            "SELECT coalesce((SELECT on_hand FROM stock s JOIN supply_items i ON i.id = s.item_id
               WHERE i.code = ?1 AND s.depot_id = ?2), 0)",
            frontline::store::db::params![code, depot],
        )
    }

    pub fn audit_count(&self) -> i64 {
        self.one("SELECT count(*) FROM audit_log", [])
    }

    /// Stock rows that differ from the sum of their movements (should be none).
    pub fn stock_not_sum_of_movements(&self) -> i64 {
        self.one(
            "SELECT count(*) FROM (
               SELECT item_id, depot_id, on_hand AS n FROM stock
               EXCEPT
               SELECT item_id, depot_id, sum(quantity) FROM stock_movements GROUP BY item_id, depot_id) AS x",
            [],
        )
    }
}

pub fn receive(item: &str, q: i64) -> Command {
    Command::StockReceive {
        item: item.into(),
        depot: None,
        quantity: q,
        from: Some("区物资保障组".into()),
    }
}

pub fn issue(item: &str, q: i64, post: i64) -> Command {
    Command::StockIssue {
        item: item.into(),
        depot: None,
        quantity: q,
        post: Some(post),
        person: None,
    }
}

pub fn adjust(item: &str, change: Adjustment, reason: &str) -> Command {
    Command::StockAdjust {
        item: item.into(),
        depot: None,
        change,
        reason: reason.into(),
    }
}

pub fn approx(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}
