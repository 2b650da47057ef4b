//! Shared by the import, report, hours and export tests: the binary isolated in a temp home,
//! a demo database, and a dump of every table to prove that nothing was written.
#![allow(dead_code)]

use super::db::{Engine, connect};
use super::pg::TestDb;
use assert_cmd::Command;
use frontline::store::db::Connection;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub use super::db::dump;

pub const NOW: &str = "2021-06-10T08:00:00+08:00";
pub const NOW_TS: i64 = 1_623_283_200;

pub struct Env {
    pub dir: TempDir,
    /// `--db`: `<dir>/x.db`, or on PostgreSQL (`FRONTLINE_TEST_ENGINE=postgres`) the address
    /// of `pg`, a server database of this home's own.
    pub db: PathBuf,
    pub pg: Option<TestDb>,
}

impl Env {
    /// A temp home with a small demo database (fixed seed and clock).
    pub fn demo(people: usize) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let (db, pg) = super::db::fresh_target(dir.path());
        let e = Env { dir, db, pg };
        e.ok(&["demo", "--people", &people.to_string(), "--days", "14"]);
        e
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("frontline").unwrap();
        c.arg("--db").arg(&self.db);
        c.env("FRONTLINE_NOW", NOW)
            .env("LANG", "C")
            .env("HOME", self.dir.path())
            .current_dir(self.dir.path());
        for v in [
            "LC_ALL",
            "LC_MESSAGES",
            "FRONTLINE_DB",
            "FRONTLINE_TZ",
            "FRONTLINE_LOG",
            "XDG_CONFIG_HOME",
            "XDG_DATA_HOME",
        ] {
            c.env_remove(v);
        }
        c
    }

    pub fn run(&self, args: &[&str]) -> (bool, String, String) {
        let o = self.cmd().args(args).output().unwrap();
        assert_ne!(o.status.code(), Some(101), "{args:?} panicked");
        (
            o.status.success(),
            String::from_utf8(o.stdout).unwrap(),
            String::from_utf8(o.stderr).unwrap(),
        )
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let (ok, out, err) = self.run(args);
        assert!(ok, "{args:?} failed: {err}");
        out
    }

    /// Must fail; stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let (ok, out, err) = self.run(args);
        assert!(!ok, "{args:?} should fail; stdout {out}");
        err
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Raw SQL on the database, either engine.
    pub fn conn(&self) -> Connection {
        connect(&self.db).expect("no database yet")
    }
}

pub fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// The people table only (a re-import adds an audit row and nothing else).
pub fn people(path: &Path) -> String {
    let c = connect(path).expect("no database");
    let mut st = c
        .prepare(
            "SELECT id, staff_code, name, category, source_unit, community_id, party_status, phone
             FROM people ORDER BY id",
        )
        .unwrap();
    let rows = st
        .query_map([], |r| {
            let mut s = String::new();
            for i in 0..8 {
                s += &format!("{:?}|", r.get::<_, frontline::store::db::Value>(i)?);
            }
            Ok(s)
        })
        .unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
}
