//! The database file itself (append-only audit, versions, foreign files, permissions) and the
//! demo data.

use super::*;

// ---------------------------------------------------------------- the file itself

#[test]
fn audit_log_is_append_only_even_for_raw_sql() {
    let mut db = Db::new();
    let p = db.available()[0];
    db.run(check_in(p, 1, None)).unwrap();
    let before = dump_store(&db.store);
    let c = db.raw();
    let e = c
        .execute("UPDATE audit_log SET operator = 'someone else'", [])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = c.execute("DELETE FROM audit_log", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    assert!(
        c.execute("DELETE FROM audit_log WHERE action = 'check_in'", [])
            .is_err()
    );
    assert_same(
        &before,
        &dump_store(&db.store),
        "tampering with the audit log",
    );
}

#[test]
fn database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let mut first = Some(crate::support::db::open(&path, StoreConfig::default()).unwrap());
    // A newer version: SQLite's in the file, PostgreSQL's in `frontline_schema`.
    let sqlite = first.as_ref().unwrap().engine() == frontline::store::db::Engine::Sqlite;
    if sqlite {
        first = None;
        rusqlite::Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
    } else {
        let first = first.as_ref().unwrap();
        first
            .db()
            .execute("UPDATE frontline_schema SET version = 99", [])
            .unwrap();
    }
    let dump_now = || {
        if sqlite {
            dump(&path)
        } else {
            dump_store(first.as_ref().unwrap())
        }
    };
    let before = dump_now();
    let e = crate::support::db::open(&path, StoreConfig::default())
        .err()
        .expect("newer schema refused");
    let msg = format!("{e:#}");
    assert!(
        msg.contains("newer") && !msg.contains('\n'),
        "one line naming the cause: {msg}"
    );
    assert_same(&before, &dump_now(), "refusing a newer database");
}

#[test]
fn a_file_that_is_not_sqlite_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let garbage: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &garbage).unwrap();
    let open = || {
        crate::support::db::open(&path, StoreConfig::default())
            .err()
            .map(|e| format!("{e:#}"))
    };
    let msg = std::panic::catch_unwind(open)
        .expect("no panic")
        .expect("garbage is refused");
    assert!(msg.contains("x.db"), "names the file: {msg}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        garbage,
        "the file is left as it was"
    );
}

#[cfg(unix)]
#[test]
fn a_new_database_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new").join("x.db");
    let store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600, "database file");
    assert_eq!(mode(path.parent().unwrap()), 0o700, "its new folder");
    // The migrations wrote through the WAL, which SQLite gives the database's permissions.
    let wal = dir.path().join("new").join("x.db-wal");
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600, "WAL file");
    }
    drop(store);
}

// ---------------------------------------------------------------- demo data

#[test]
fn demo_is_deterministic_for_a_seed_and_a_time() {
    let a = Db::with_seed(7);
    let b = Db::with_seed(7);
    assert_eq!(a.home(), b.home());
    assert_same(
        &dump(&a.path),
        &dump(&b.path),
        "a second generation with the same seed",
    );
    let c = Db::with_seed(8);
    assert_ne!(a.home(), c.home(), "another seed gives other data");
}

#[test]
fn demo_data_shows_every_panel_with_something_to_do() {
    let db = Db::new();
    let h = db.home();
    assert!(h.on_duty.total > 0 && h.on_duty.rows.len() == h.on_duty.total);
    assert!(h.overdue.total > 0, "some people are overdue for rest");
    assert!(
        h.overdue
            .rows
            .iter()
            .all(|r| !r.breaches.is_empty() && on_duty(&h, r.id))
    );
    assert!(h.cases.total > 0, "there are open family cases");
    assert!(h.cases.rows.iter().all(|c| c.status != "resolved"));
    assert!(
        h.supplies.rows.iter().any(|s| s.low),
        "at least one supply is low"
    );
    assert!(
        h.supplies.rows.iter().any(|s| !s.low),
        "not everything is low"
    );
    assert!(h.supplies.rows[0].low, "low items first");
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    assert!(
        h.on_duty.rows.iter().all(|r| cjk(&r.name) && cjk(&r.post)),
        "Chinese names"
    );
    assert_eq!(
        (h.counts.on_duty, h.counts.overdue),
        (h.on_duty.total, h.overdue.total)
    );
}

#[test]
fn demo_refuses_to_fill_a_database_that_already_has_people() {
    let db = Db::new();
    let before = dump(&db.path);
    let spec = DemoSpec {
        people: 10,
        days: 2,
        seed: 1,
        now: NOW,
    };
    assert!(demo::generate(&db.path, &spec, &StoreConfig::default()).is_err());
    assert_same(&before, &dump(&db.path), "a second demo generation");
}
