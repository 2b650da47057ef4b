//! A whole database as text: user_version, every table's schema and every row in key order.
//! Compared before and after a refused action to show that nothing at all was written.
#![allow(dead_code)]

use frontline::demo::{DemoSpec, generate};
use frontline::store::{Store, StoreConfig};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// 2021-06-10T08:00:00+08:00: where every demo of the tests ends.
pub const DEMO_NOW: i64 = 1_623_283_200;

/// A demo database in a folder of its own, open with `cfg`: `people` people over `days` days up
/// to `DEMO_NOW`, from `seed`. Each area's test database is one of these.
pub struct Demo {
    pub dir: TempDir,
    pub path: PathBuf,
    pub store: Store,
    /// On PostgreSQL: the server database the store is open on (`path` is then the SQLite
    /// file the demo was made in and copied from).
    pub pg: Option<super::pg::TestDb>,
}

/// Which engine a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine the store tests run on: `FRONTLINE_TEST_ENGINE=postgres` (with
    /// `FRONTLINE_TEST_PG`) runs the whole suite again on PostgreSQL, each database a copy of
    /// the file a test made (see `open`).
    pub fn from_env() -> Engine {
        match std::env::var("FRONTLINE_TEST_ENGINE").as_deref() {
            Ok("postgres") => Engine::Postgres,
            _ => Engine::Sqlite,
        }
    }
}

/// The server databases made from files so far (file → address): opening the same file again
/// opens the same server database.
static COPIES: std::sync::Mutex<Vec<(PathBuf, String)>> = std::sync::Mutex::new(Vec::new());

/// Open a test's database file on the engine of the run (`Engine::from_env`). On PostgreSQL,
/// the first open of a file copies it into a new server database (as `frontline migrate`
/// does) and every open of that file opens that database; the file is not read again. The
/// databases live as long as the test server (CI's is thrown away after the run).
pub fn open(path: &Path, cfg: StoreConfig) -> anyhow::Result<Store> {
    let (store, db) = open_keeping(path, cfg)?;
    // Dropped when the test process ends (see `pg::TestDb::new`), not with the test.
    std::mem::forget(db);
    Ok(store)
}

/// `open`, with the server database it made (if it made one), to drop with the test. A
/// server address (a CLI test's `--db` on PostgreSQL) is opened as it is, on either run.
pub fn open_keeping(
    path: &Path,
    cfg: StoreConfig,
) -> anyhow::Result<(Store, Option<super::pg::TestDb>)> {
    if Engine::from_env() == Engine::Sqlite || is_server(path) {
        return Ok((Store::open(path, cfg)?, None));
    }
    let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    // One lock over the look-up and the copy: threads opening the same file at once share
    // one server database.
    let mut copies = COPIES.lock().unwrap_or_else(|e| e.into_inner());
    let known = copies
        .iter()
        .find(|(p, _)| *p == key)
        .map(|(_, u)| u.clone());
    let (url, made) = match known {
        Some(u) => (u, None),
        None => {
            let src = Store::open(path, cfg.clone())?;
            let template = template_of(&src, path)?;
            drop(src);
            let db = super::pg::TestDb::from_template(&template);
            copies.push((key, db.url.clone()));
            (db.url.clone(), Some(db))
        }
    };
    drop(copies);
    Ok((Store::open(Path::new(&url), cfg)?, made))
}

/// Server databases filled from files so far, by the hash of the file's bytes: a file with the
/// same bytes (each test's demo of one spec) is then a `CREATE DATABASE … TEMPLATE` of that
/// database, a copy of its files, instead of a copy row by row (seconds each at 300 people).
static TEMPLATES: std::sync::Mutex<Vec<(u64, String)>> = std::sync::Mutex::new(Vec::new());

/// The server database holding `src` (open on `path`), made by copying it the first time its
/// bytes are seen. Templates are never opened again, and are dropped when the test process
/// ends (see `pg::TestDb::new`).
fn template_of(src: &Store, path: &Path) -> anyhow::Result<String> {
    use std::hash::{Hash, Hasher};
    src.checkpoint()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::fs::read(path)?.hash(&mut h);
    let digest = h.finish();
    let mut templates = TEMPLATES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, name)) = templates.iter().find(|(d, _)| *d == digest) {
        return Ok(name.clone());
    }
    let t = super::pg::TestDb::new();
    frontline::store::transfer::copy_to_server(src, &t.url)?;
    let name = t.name.clone();
    std::mem::forget(t);
    templates.push((digest, name.clone()));
    Ok(name)
}

/// The demo file alone (`demo.db` in a folder of its own), whatever engine the run is on.
pub fn demo_file(people: usize, days: u32, seed: u64, cfg: &StoreConfig) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let spec = DemoSpec {
        people,
        days,
        seed,
        now: DEMO_NOW,
    };
    generate(&path, &spec, cfg).unwrap();
    (dir, path)
}

pub fn demo(people: usize, days: u32, seed: u64, cfg: StoreConfig) -> Demo {
    let (dir, path) = demo_file(people, days, seed, &cfg);
    let (store, pg) = open_keeping(&path, cfg).unwrap();
    Demo {
        dir,
        path,
        store,
        pg,
    }
}

/// Whether a test's `--db` is a server address rather than a file.
pub fn is_server(path: &Path) -> bool {
    frontline::store::server::is_server(path)
}

/// Where a test's command-line runs keep their database, in the engine of the run: `x.db` in
/// `dir`, or on PostgreSQL a fresh empty server database (with its `TestDb`, dropped with it).
pub fn fresh_target(dir: &Path) -> (PathBuf, Option<super::pg::TestDb>) {
    match Engine::from_env() {
        Engine::Sqlite => (dir.join("x.db"), None),
        Engine::Postgres => {
            let pg = super::pg::TestDb::new();
            (PathBuf::from(&pg.url), Some(pg))
        }
    }
}

/// A connection of the test's own for raw SQL (written in the store's SQLite dialect, which
/// the facade rewrites for PostgreSQL) to a file or a server address; `None` when there is no
/// file there. It neither creates nor migrates anything.
pub fn connect(path: &Path) -> Option<frontline::store::db::Connection> {
    use frontline::store::db::{Connection as Db, pg::PgClient};
    if is_server(path) {
        let url = path.to_str().expect("a server address is text");
        return Some(Db::postgres(PgClient::connect(url).unwrap()));
    }
    if !path.exists() {
        return None;
    }
    Some(Db::sqlite(Connection::open(path).unwrap()))
}

/// The whole database as text, read through the store's own connection: on SQLite the file's
/// `dump`; on PostgreSQL (where the file is only what the server database was copied from)
/// every table of the server database, each row in key order.
pub fn dump_store(store: &Store) -> String {
    use frontline::store::db::Engine;
    let c = store.db();
    if c.engine() == Engine::Sqlite {
        return dump(store.path());
    }
    dump_server(c)
}

/// Every table of a server database, each row in key order.
fn dump_server(c: &frontline::store::db::Connection) -> String {
    use frontline::store::db::Value;
    let tables: Vec<String> = c
        .prepare(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<frontline::store::db::Result<_>>()
        .unwrap();
    let mut out = String::new();
    for t in tables {
        let cols: Vec<String> = c
            .prepare(
                "SELECT column_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = ?1
                 ORDER BY ordinal_position",
            )
            .unwrap()
            .query_map([&t], |r| r.get(0))
            .unwrap()
            .collect::<frontline::store::db::Result<_>>()
            .unwrap();
        out += &format!("== {t}: {}\n", cols.join(","));
        // As text: a json column has no ordering of its own; any total order will do.
        let order: Vec<String> = cols.iter().map(|c| format!("\"{c}\"::text")).collect();
        let sql = format!("SELECT * FROM \"{t}\" ORDER BY {}", order.join(","));
        let mut st = c.prepare(&sql).unwrap();
        let mut rows = st.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..cols.len() {
                out += &format!("{:?}|", row.get::<_, Value>(i).unwrap());
            }
            out.push('\n');
        }
    }
    out
}

/// A file's `user_version`, schema and rows; for a server address (a CLI test's `--db` on
/// PostgreSQL), every table of the server database (`dump_store`'s form).
pub fn dump(path: &Path) -> String {
    if is_server(path) {
        return dump_server(&connect(path).unwrap());
    }
    let c = Connection::open(path).unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let mut out = format!("user_version {v}\n");
    let sql = "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name";
    let mut st = c.prepare(sql).unwrap();
    let tables = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)));
    for (t, schema) in tables.unwrap().map(Result::unwrap) {
        out += &format!("== {t}: {schema}\n");
        let n = c
            .prepare(&format!("SELECT * FROM \"{t}\""))
            .unwrap()
            .column_count();
        // Ordering by every column is the key order for rowid and WITHOUT ROWID tables alike.
        let order: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
        let mut st = c
            .prepare(&format!(
                "SELECT * FROM \"{t}\" ORDER BY {}",
                order.join(",")
            ))
            .unwrap();
        let mut rows = st.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                out += &format!("{:?}|", row.get::<_, rusqlite::types::Value>(i).unwrap());
            }
            out.push('\n');
        }
    }
    out
}

/// Every value kept by triggers equals a count of the rows themselves (the definitions and
/// the real counts are `frontline::store::kept`'s, the ones `frontline check` uses).
pub fn kept_counts_match(c: &Connection) {
    let path = c.path().expect("a database file");
    let c = frontline::store::db::Connection::sqlite(Connection::open(path).unwrap());
    let drift = frontline::store::kept::check(&c).unwrap();
    assert!(
        drift.is_empty(),
        "kept values drifted from what they count: {drift:#?}"
    );
}
