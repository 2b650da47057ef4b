//! The real binary from a test, isolated: its own home, database, frozen clock and locale. One
//! harness for every command-line test (`use crate::support::cli::Env;`); a test file adds
//! its own `impl Env` blocks for what only it needs.
//!
//! On a run with `FRONTLINE_TEST_ENGINE=postgres` (and `FRONTLINE_TEST_PG`), every `Env` gets a
//! fresh server database of its own (dropped with it) and `db` is its address, passed as
//! `--db` as a path is; raw reads go through `support::db` (`connect`, `dump`), which take
//! either. A test that is about the SQLite file itself calls `sqlite_only` first.

use super::db::{Engine, connect};
use super::pg::TestDb;
use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub struct Env {
    pub dir: TempDir,
    /// What `--db` names: `<dir>/x.db`, or on PostgreSQL the address of `pg`.
    pub db: PathBuf,
    /// `FRONTLINE_NOW` for every command run.
    pub now: &'static str,
    /// On PostgreSQL: the server database of this home (empty until a command creates the
    /// schema in it), dropped with the `Env`.
    pub pg: Option<TestDb>,
}

impl Env {
    /// An empty temporary home at 2021-06-10 08:00; nothing is created yet (on PostgreSQL, an
    /// empty server database).
    pub fn empty() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let (db, pg) = super::db::fresh_target(dir.path());
        Env {
            dir,
            db,
            now: "2021-06-10T08:00:00+08:00",
            pg,
        }
    }

    /// A home whose database is a SQLite file on every run: for a test of what needs a file
    /// (the source of `migrate`).
    pub fn empty_file() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        Env {
            dir,
            db,
            now: "2021-06-10T08:00:00+08:00",
            pg: None,
        }
    }

    /// The folder of the files kept beside the database (the log, exports, reports): the
    /// home on SQLite; on a server, the folder the binary names for that server database
    /// (`server::home_folder`) in this home's data directory.
    pub fn side_dir(&self) -> PathBuf {
        let Some(pg) = &self.pg else {
            return self.dir.path().to_path_buf();
        };
        let a = frontline::store::server::Address::parse(&pg.url).unwrap();
        self.dir
            .path()
            .join(".local/share/frontline/servers")
            .join(format!("{}-{}-{}", a.host, a.port, a.db))
    }

    /// Everything the database holds, to compare before and after: the file's bytes on
    /// SQLite, every table of the server database on PostgreSQL (`db::dump`).
    pub fn contents(&self) -> Vec<u8> {
        match &self.pg {
            None => std::fs::read(&self.db).unwrap(),
            Some(_) => super::db::dump(&self.db).into_bytes(),
        }
    }

    /// Whether this run's database is a server's (`FRONTLINE_TEST_ENGINE=postgres`).
    pub fn on_server(&self) -> bool {
        self.pg.is_some()
    }

    /// For a test about the SQLite file itself: true (and a line saying so) when the run is on
    /// PostgreSQL, where the test returns at once.
    pub fn sqlite_only(&self, why: &str) -> bool {
        skip_on_server(why)
    }

    /// A connection of the test's own for raw SQL (the store's dialect, on either engine);
    /// the database must exist.
    pub fn conn(&self) -> frontline::store::db::Connection {
        connect(&self.db).expect("no database yet")
    }

    /// A temporary home with a demo database of `people` and `days` made at 08:00.
    pub fn with_demo(people: usize, days: u32) -> Env {
        Env::empty().demo(people, days)
    }

    /// `with_demo` in a SQLite file on every run.
    pub fn with_demo_file(people: usize, days: u32) -> Env {
        Env::empty_file().demo(people, days)
    }

    fn demo(self, people: usize, days: u32) -> Env {
        let e = self;
        let out = e.ok(&[
            "demo",
            "--people",
            &people.to_string(),
            "--days",
            &days.to_string(),
        ]);
        let v: Value = serde_json::from_str(&out).expect("demo prints its stats as JSON");
        assert_eq!(v["stats"]["people"], people);
        e
    }

    /// The binary, isolated: its own database, clock, locale and home.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("frontline").unwrap();
        c.arg("--db").arg(&self.db);
        isolate(&mut c, self.dir.path(), self.now);
        c
    }

    pub fn run(&self, args: &[&str]) -> std::process::Output {
        self.cmd().args(args).output().unwrap()
    }

    /// Run; must succeed; stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("JSON")
    }

    /// Run; must fail with exactly one line on stderr starting "error:", nothing on stdout, no
    /// panic, and no new audit row.
    pub fn refused(&self, args: &[&str]) -> String {
        let before = self.audit_len();
        let o = self.run(args);
        assert!(!o.status.success(), "{args:?} should fail");
        assert_ne!(o.status.code(), Some(101), "{args:?} panicked");
        assert!(
            o.stdout.is_empty(),
            "{args:?} printed to stdout: {}",
            String::from_utf8_lossy(&o.stdout)
        );
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(
            err.lines().count(),
            1,
            "{args:?}: one line on stderr, got {err:?}"
        );
        assert!(err.starts_with("error:"), "{args:?}: {err:?}");
        assert!(err.ends_with('\n'));
        assert_eq!(self.audit_len(), before, "{args:?} wrote an audit row");
        err
    }

    pub fn status(&self) -> Value {
        serde_json::from_str(&self.ok(&["status", "--json"])).expect("status --json is JSON")
    }

    pub fn audit(&self) -> Vec<Value> {
        let v: Value =
            serde_json::from_str(&self.ok(&["audit", "--json", "--limit", "1000"])).unwrap();
        v.as_array().expect("audit --json is an array").clone()
    }

    /// Audit rows in the database, read directly (0 when there is no database yet, or no
    /// schema in the server database yet).
    pub fn audit_len(&self) -> usize {
        let Some(c) = connect(&self.db) else {
            return 0;
        };
        c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get::<_, i64>(0))
            .unwrap_or(0) as usize
    }
}

/// For a test that cannot run on a server database (it is about the SQLite file itself): on a
/// PostgreSQL run, prints why it is skipped and returns true; the test then returns. Written
/// to stderr itself, not by `eprintln!`, which the test harness would keep to itself.
pub fn skip_on_server(why: &str) -> bool {
    if Engine::from_env() == Engine::Postgres {
        use std::io::Write;
        let test = std::thread::current().name().unwrap_or("?").to_string();
        let _ = writeln!(std::io::stderr(), "{test}: skipped on PostgreSQL: {why}");
        return true;
    }
    false
}

/// Nothing from the developer's shell reaches the binary: clock, locale, home, paths.
pub fn isolate(c: &mut Command, home: &Path, now: &str) {
    c.env("FRONTLINE_NOW", now)
        .env("LANG", "C")
        .env("HOME", home)
        .current_dir(home);
    for var in [
        "LC_ALL",
        "LC_MESSAGES",
        "FRONTLINE_DB",
        "FRONTLINE_TZ",
        "FRONTLINE_LOG",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
    ] {
        c.env_remove(var);
    }
}
