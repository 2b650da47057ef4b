//! The reliability tests' databases and checks: a demo file, the binary on it, and where the
//! test's processes write (the file, or on PostgreSQL the server database it is copied into).

use frontline::demo::{DemoSpec, generate};
use frontline::store::StoreConfig;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{BIN, NOW, NOW_TEXT};
use crate::support::db::kept_counts_match;

pub(super) fn demo(dir: &Path, people: usize) -> PathBuf {
    let path = dir.join("r.db");
    generate(
        &path,
        &DemoSpec {
            people,
            days: 14,
            seed: 11,
            now: NOW,
        },
        &StoreConfig::default(),
    )
    .unwrap();
    path
}

pub(super) fn cli(dir: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.env_clear()
        .env("HOME", dir)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("FRONTLINE_NOW", NOW_TEXT)
        .env("LANG", "C");
    c
}

pub(super) fn integrity_ok(path: &Path) {
    let c = Connection::open(path).unwrap();
    let r: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(r, "ok");
    kept_counts_match(&c);
}

pub(super) fn audit_ids(path: &Path) -> Vec<i64> {
    let c = Connection::open(path).unwrap();
    let mut st = c.prepare("SELECT id FROM audit_log ORDER BY id").unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// `audit_ids` through a store's own connection (either engine).
pub(super) fn store_audit_ids(s: &frontline::store::Store) -> Vec<i64> {
    let mut st = s
        .db()
        .prepare("SELECT id FROM audit_log ORDER BY id")
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// `kept_counts_match` on a store's own connection (either engine).
pub(super) fn store_kept_counts_match(s: &frontline::store::Store) {
    let drift = frontline::store::kept::check(s.db()).unwrap();
    assert!(
        drift.is_empty(),
        "kept values drifted from what they count: {drift:#?}"
    );
}

/// Where a test's processes write: the file, or on PostgreSQL the server database the file is
/// copied into (`support::db::open`).
pub(super) fn live(db: &Path) -> String {
    if crate::support::db::Engine::from_env() == crate::support::db::Engine::Sqlite {
        return db.to_str().unwrap().to_string();
    }
    let s = crate::support::db::open(db, StoreConfig::default()).unwrap();
    s.source().to_str().unwrap().to_string()
}

/// `live`'s database is sound (a file's integrity check; the kept counts on either engine);
/// its audit ids.
pub(super) fn sound_audit_ids(live: &str) -> Vec<i64> {
    if !frontline::store::server::is_server(Path::new(live)) {
        integrity_ok(Path::new(live));
        return audit_ids(Path::new(live));
    }
    let s = frontline::store::Store::open_read(Path::new(live), StoreConfig::default()).unwrap();
    store_kept_counts_match(&s);
    store_audit_ids(&s)
}
