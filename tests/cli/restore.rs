//! `restore` never harms the live database. A bad file is refused with
//! the reason and the live file untouched; triggers and views come from this build, never from
//! the file.

use crate::support::cli::{Env, skip_on_server};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// Why these tests do not run on PostgreSQL: they replace a live database that holds a post,
/// which on a server is refused; a restore there goes into an empty database only
/// (tests/cli/server.rs tests both, and a bad file writing nothing).
const ON_SERVER: &str = "restore replaces a live SQLite file; on a server it goes into an empty database only (tested in server::)";

fn backup(e: &Env, name: &str) -> PathBuf {
    let out = e.dir.path().join(name);
    e.ok(&["backup", "--out", out.to_str().unwrap()]);
    out
}

fn sql(file: &Path, sql: &str) {
    Connection::open(file).unwrap().execute_batch(sql).unwrap();
}

fn phones(db: &Path) -> Vec<String> {
    let c = Connection::open(db).unwrap();
    let mut st = c.prepare("SELECT phone FROM people ORDER BY id").unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Refused with one line naming `why`, and the live database works as before.
fn refused_and_untouched(e: &Env, file: &Path, why: &str) {
    let before = e.status();
    let audit = e.audit_len();
    let err = e.refused(&["restore", file.to_str().unwrap()]);
    assert!(err.contains(why), "{why}: {err}");
    assert!(err.contains("the database is unchanged"), "{err}");
    assert_eq!(e.status(), before);
    assert_eq!(e.audit_len(), audit);
    e.ok(&["people", "--limit", "1"]);
    // No work file is left behind.
    let left: Vec<_> = std::fs::read_dir(e.dir.path())
        .unwrap()
        .filter_map(|f| f.ok())
        .map(|f| f.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restore-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn foreign_and_partial_files_are_refused_before_the_live_database_is_touched() {
    if skip_on_server(ON_SERVER) {
        return;
    }
    let e = Env::with_demo(40, 3);
    let d = e.dir.path();
    // Only a table named audit_log, user_version 0.
    let only = d.join("only_audit.db");
    sql(&only, "CREATE TABLE audit_log(x)");
    refused_and_untouched(&e, &only, "not a Frontline database");
    // The same with a plausible version.
    sql(&only, "PRAGMA user_version = 9");
    refused_and_untouched(&e, &only, "not a Frontline database of schema 9");
    // A view of that name.
    let view = d.join("view.db");
    sql(
        &view,
        "CREATE VIEW audit_log AS SELECT 1 AS at; PRAGMA user_version = 9",
    );
    refused_and_untouched(&e, &view, "not a Frontline database");
    // A real backup missing a table, or with an extra index.
    let missing = backup(&e, "missing.db");
    sql(&missing, "DROP TABLE shifts");
    refused_and_untouched(&e, &missing, "table 'shifts' is missing");
    let extra = backup(&e, "extra.db");
    sql(&extra, "CREATE INDEX planted ON people(phone)");
    refused_and_untouched(&e, &extra, "index 'planted'");
    // A folder, an empty file.
    refused_and_untouched(&e, d, "is a folder");
    let empty = d.join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    refused_and_untouched(&e, &empty, "is empty");
}

#[test]
fn a_planted_trigger_is_refused_and_a_replaced_one_is_rebuilt_from_this_build() {
    if skip_on_server(ON_SERVER) {
        return;
    }
    let e = Env::with_demo(40, 3);
    let good = phones(&e.db);
    assert!(good.iter().any(|p| p != "00000000"));
    // A trigger Frontline does not make, which would fire on the restore's audit row.
    let planted = backup(&e, "planted.db");
    sql(
        &planted,
        "CREATE TRIGGER wipe AFTER INSERT ON audit_log BEGIN UPDATE people SET phone = '00000000'; END",
    );
    refused_and_untouched(&e, &planted, "trigger 'wipe'");
    assert_eq!(phones(&e.db), good);
    // One of Frontline's own trigger names with another body: restored, but the body is ours.
    let swapped = backup(&e, "swapped.db");
    sql(
        &swapped,
        "DROP TRIGGER forced_rest_insert;
         CREATE TRIGGER forced_rest_insert AFTER INSERT ON rest_periods BEGIN
           UPDATE people SET phone = '00000000';
         END;
         DROP TRIGGER audit_log_no_update;
         CREATE TRIGGER audit_log_no_update AFTER INSERT ON audit_log BEGIN
           UPDATE people SET phone = '00000000';
         END;",
    );
    let out = e.ok(&["restore", swapped.to_str().unwrap()]);
    assert!(out.contains("the previous content is in"), "{out}");
    assert_eq!(phones(&e.db), good, "a trigger from the file fired");
    let code = e.json(&["people", "--json", "--limit", "1"])["rows"][0]["staff_code"]
        .as_str()
        .unwrap()
        .to_string();
    e.ok(&["do", "force-rest", "--person", &code, "--reason", "rest"]);
    assert_eq!(phones(&e.db), good, "a trigger from the file fired");
    // The audit log is append-only again (this build's trigger).
    let c = Connection::open(&e.db).unwrap();
    assert!(
        c.execute("UPDATE audit_log SET operator = 'x'", [])
            .is_err()
    );
}

#[test]
fn a_good_backup_restores_and_says_where_the_old_content_went() {
    if skip_on_server(ON_SERVER) {
        return;
    }
    let e = Env::with_demo(40, 3);
    let copy = backup(&e, "copy.db");
    let code = e.json(&["people", "--json", "--limit", "1"])["rows"][0]["staff_code"]
        .as_str()
        .unwrap()
        .to_string();
    e.ok(&["do", "force-rest", "--person", &code, "--reason", "later"]);
    let out = e.ok(&["restore", copy.to_str().unwrap()]);
    let saved = out.trim().rsplit(' ').next().unwrap();
    assert!(saved.contains("before-restore-"), "{out}");
    assert!(Path::new(saved).exists(), "{out}");
    let audit = e.audit();
    assert_eq!(audit[0]["action"], "restore");
    assert!(audit.iter().all(|r| r["action"] != "force_rest"));
}
