//! The PostgreSQL half of the tests. `FRONTLINE_TEST_PG` names a server and a user allowed to
//! create databases (`postgres://postgres@127.0.0.1:5432/postgres`). With
//! `FRONTLINE_TEST_ENGINE=postgres` every store test runs on a server database copied from the
//! file it made (`db::open`); the tests that need both engines at once are `#[ignore]`d with
//! the reason (plain `cargo test` lists them as skipped) and CI runs them with
//! `-- --include-ignored`, where a missing server fails them.
#![allow(dead_code)]

use frontline::store::db::pg::{Args, PgClient};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A database of its own on the test server; dropped with this value.
pub struct TestDb {
    admin: String,
    pub name: String,
    pub url: String,
}

/// The test server's address, or a panic saying how to give one.
pub fn server() -> String {
    std::env::var("FRONTLINE_TEST_PG").ok().filter(|s| !s.is_empty()).expect(
        "the PostgreSQL half needs FRONTLINE_TEST_PG=postgres://USER@HOST:PORT/DB (a user who may create databases)",
    )
}

/// The same address with another database.
pub fn with_db(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let rest = base.split_once("://").map(|x| x.1).unwrap_or(base);
    let cut = rest.find('/').map(|i| base.len() - rest.len() + i);
    let host = match cut {
        Some(i) => &base[..i],
        None => base,
    };
    format!("{host}/{db}{query}")
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// Once per test process: the databases of test processes that have ended (`ft_PID_N` with no
/// process PID on this machine), which `db::open` leaves behind.
fn drop_dead(c: &PgClient) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(rows) = c.query(
            "SELECT datname FROM pg_database WHERE datname LIKE 'ft\\_%'",
            Args::Pos(Vec::new()),
        ) else {
            return;
        };
        for r in rows {
            let Some(frontline::store::db::Value::Text(name)) = r.first() else {
                continue;
            };
            let pid = name.split('_').nth(1).unwrap_or("");
            if !pid.is_empty() && !Path::new(&format!("/proc/{pid}")).exists() {
                let _ = c.batch(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
                forget_home(&with_db(&server(), name));
            }
        }
    });
}

impl TestDb {
    pub fn new() -> TestDb {
        TestDb::from_template("template1")
    }

    /// A new database that is a copy of `template`'s files (which nobody may be connected to).
    pub fn from_template(template: &str) -> TestDb {
        let admin = server();
        let name = format!(
            "ft_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let c = PgClient::connect(&admin).expect("cannot reach FRONTLINE_TEST_PG");
        drop_dead(&c);
        // FILE_COPY: a copy of the template's files, not the whole template through the WAL.
        c.batch(&format!("DROP DATABASE IF EXISTS {name}"))
            .and_then(|_| {
                c.batch(&format!(
                    "CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY"
                ))
            })
            .expect("cannot create a test database");
        let url = with_db(&admin, &name);
        TestDb { admin, name, url }
    }

    /// A connection of the test's own to its database (raw SQL assertions).
    pub fn client(&self) -> PgClient {
        PgClient::connect(&self.url).unwrap()
    }

    /// One integer from a query.
    pub fn int(&self, sql: &str) -> i64 {
        let rows = self.client().query(sql, Args::Pos(Vec::new())).unwrap();
        match rows.first().and_then(|r| r.first()) {
            Some(frontline::store::db::Value::Integer(i)) => *i,
            v => panic!("{sql}: {v:?}"),
        }
    }
}

/// The local folder a store on `url` keeps its side files in (`server::local_home`).
fn forget_home(url: &str) {
    use frontline::store::server::{Address, home_folder};
    if let Ok(dir) = Address::parse(url).and_then(|a| home_folder(&a)) {
        let _ = std::fs::remove_dir_all(dir);
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(c) = PgClient::connect(&self.admin) {
            let _ = c.batch(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
        forget_home(&self.url);
    }
}
