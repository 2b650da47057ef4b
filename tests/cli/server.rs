//! Several desks on a PostgreSQL server: `pg init` (schema and the consoles' role), `migrate`
//! (a post's file onto the server), and commands run with `--db postgres://…`. The tests that
//! need a server are `#[ignore]`d unless asked for (CI runs them with `FRONTLINE_TEST_PG`).

use crate::support::cli::{Env, isolate};
use crate::support::pg::TestDb;
use assert_cmd::Command;
use frontline::store::db::pg::{Args, PgClient};

/// The binary on `db` (a server address), isolated as every CLI test is.
fn on(e: &Env, db: &str, args: &[&str]) -> std::process::Output {
    let mut c = Command::cargo_bin("frontline").unwrap();
    c.arg("--db").arg(db);
    isolate(&mut c, e.dir.path(), e.now);
    c.args(args).output().unwrap()
}

fn ok(e: &Env, db: &str, args: &[&str]) -> String {
    let o = on(e, db, args);
    assert!(
        o.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// Must fail with one `error:` line and print nothing else.
fn refused(e: &Env, db: &str, args: &[&str]) -> String {
    let o = on(e, db, args);
    assert!(!o.status.success(), "{args:?} should fail");
    assert_ne!(o.status.code(), Some(101), "{args:?} panicked");
    assert!(o.stdout.is_empty());
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: "), "{err}");
    err
}

#[test]
fn an_unreachable_server_is_one_line_and_no_file_is_made() {
    let e = Env::empty();
    let err = refused(&e, "postgres://desk@127.0.0.1:1/post", &["status"]);
    assert!(err.contains("desk@127.0.0.1:1/post"), "{err}");
    let err = refused(
        &e,
        "postgres://desk:secret@127.0.0.1:1/post",
        &["do", "check-out", "--person", "Wang"],
    );
    assert!(
        !err.contains("secret"),
        "the password is never printed: {err}"
    );
    assert!(std::fs::read_dir(e.dir.path()).unwrap().all(|f| {
        let n = f.unwrap().file_name();
        !n.to_string_lossy().ends_with(".db")
    }));
}

#[test]
fn migrate_takes_a_file_and_a_server_address_and_nothing_else() {
    let e = Env::with_demo_file(20, 2);
    let db = e.db.to_string_lossy().to_string();
    let err = e.refused(&["migrate", "--from", &db, "--to", "/tmp/other.db"]);
    assert!(err.contains("--to must be a postgres://"), "{err}");
    let err = e.refused(&[
        "migrate",
        "--from",
        "/nonexistent/post.db",
        "--to",
        "postgres://o@127.0.0.1:1/x",
    ]);
    assert!(err.contains("--from must be an existing"), "{err}");
}

#[test]
#[ignore = "PostgreSQL half skipped: needs FRONTLINE_TEST_PG (CI sets it)"]
fn on_postgres_migrate_copies_a_post_whose_status_is_the_same_and_refuses_a_second_copy() {
    let e = Env::with_demo_file(120, 5);
    let server = TestDb::new();
    let from = e.db.to_string_lossy().to_string();
    let out = ok(
        &e,
        &from,
        &["migrate", "--from", &from, "--to", &server.url],
    );
    assert!(out.contains("rows in 38 tables copied"), "{out}");
    assert!(out.contains("every kept count matches its rows"), "{out}");
    assert_eq!(
        ok(&e, &server.url, &["status", "--json"]),
        ok(&e, &from, &["status", "--json"])
    );
    let err = refused(
        &e,
        &from,
        &["migrate", "--from", &from, "--to", &server.url],
    );
    assert!(err.contains("already holds a Frontline post"), "{err}");
    // A server's backup is a file of the same kind as a file's: the same status, every kept
    // count right; a restore into the server is refused, nothing changed.
    let copy = e.dir.path().join("server-backup.db");
    let copy = copy.to_str().unwrap();
    ok(&e, &server.url, &["backup", "--out", copy]);
    assert_eq!(
        ok(&e, copy, &["status", "--json"]),
        ok(&e, &server.url, &["status", "--json"])
    );
    assert!(ok(&e, copy, &["check"]).contains("agree"));
    let rows = server.int("SELECT count(*) FROM audit_log");
    let err = refused(&e, &server.url, &["restore", copy]);
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(server.int("SELECT count(*) FROM audit_log"), rows);
    // An action on the server: the same validation and one audit row there.
    let audit = || server.int("SELECT count(*) FROM audit_log");
    let before = audit();
    let err = refused(&e, &server.url, &["do", "check-out", "--person", "#999999"]);
    assert!(err.contains("999999"), "{err}");
    assert_eq!(audit(), before, "a refusal writes nothing");
    ok(&e, &server.url, &["check"]);
}

#[test]
#[ignore = "PostgreSQL half skipped: needs FRONTLINE_TEST_PG (CI sets it)"]
fn on_postgres_pg_init_makes_a_desk_role_that_may_write_but_never_rewrite_the_audit_log() {
    let e = Env::empty();
    let server = TestDb::new();
    let role = format!("ft_desk_{}", std::process::id());
    let pw = e.dir.path().join("desk.pw");
    std::fs::write(&pw, "s3cret 'quoted'\n").unwrap();
    let out = ok(
        &e,
        &server.url,
        &[
            "pg",
            "init",
            "--desk-role",
            &role,
            "--desk-password-file",
            pw.to_str().unwrap(),
        ],
    );
    assert!(out.contains("Frontline schema created"), "{out}");
    assert!(
        out.contains(&format!("role {role} created, password set")),
        "{out}"
    );
    let again = ok(&e, &server.url, &["pg", "init", "--desk-role", &role]);
    assert!(again.contains("already there; role"), "{again}");
    assert!(again.contains("granted again"), "{again}");
    let err = refused(&e, &server.url, &["init"]);
    assert!(err.contains("already holds a Frontline database"), "{err}");

    // As the desk: a write through the executor works and is audited; the audit log cannot be
    // changed or emptied by hand.
    let desk_url = server.url.replacen("postgres@", &format!("{role}@"), 1);
    ok(
        &e,
        &desk_url,
        &["do", "org", "street", "add", "--name", "Huangpu"],
    );
    let desk = PgClient::connect(&desk_url).unwrap();
    for sql in [
        "UPDATE audit_log SET operator = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ] {
        let err = desk.batch(sql).unwrap_err();
        assert_eq!(err.sqlstate.as_deref(), Some("42501"), "{sql}: {err}");
    }
    let n = desk
        .query("SELECT count(*) FROM audit_log", Args::Pos(Vec::new()))
        .unwrap();
    assert_eq!(n[0][0], frontline::store::db::Value::Integer(1));
    drop(desk);
    let admin = server.client();
    admin
        .batch(&format!("DROP OWNED BY {role}"))
        .and_then(|_| admin.batch(&format!("DROP ROLE {role}")))
        .unwrap();
}
