//! The real binary from a test, isolated: its own home, database, frozen clock and locale. One
//! harness for every command-line test (`use crate::support::cli::Env;`); a test file adds
//! its own `impl Env` blocks for what only it needs.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub struct Env {
    pub dir: TempDir,
    pub db: PathBuf,
    /// `FRONTLINE_NOW` for every command run.
    pub now: &'static str,
}

impl Env {
    /// An empty temporary home at 2021-06-10 08:00; nothing is created yet.
    pub fn empty() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        Env {
            dir,
            db,
            now: "2021-06-10T08:00:00+08:00",
        }
    }

    /// A temporary home with a demo database of `people` and `days` made at 08:00.
    pub fn with_demo(people: usize, days: u32) -> Env {
        let e = Env::empty();
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

    /// Audit rows in the database, read directly (0 when there is no database yet).
    pub fn audit_len(&self) -> usize {
        if !self.db.exists() {
            return 0;
        }
        let c = rusqlite::Connection::open(&self.db).unwrap();
        c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get::<_, i64>(0))
            .unwrap_or(0) as usize
    }
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
