//! A server database of an older schema: who may upgrade it (its owner, `pg init`), what a
//! desk is told, and what the upgrade to schema 20 changes (the kept counts written at commit).

use super::server::{Roles, ok, refused};
use crate::support::cli::Env;
use crate::support::pg::TestDb;

#[test]
#[ignore = "PostgreSQL half skipped: needs FRONTLINE_TEST_PG (CI sets it)"]
fn on_postgres_schema_19_is_upgraded_by_its_owner_and_a_desk_is_told_who_may() {
    let e = Env::empty();
    let desk = format!("ft_desk3_{}", std::process::id());
    let _roles = Roles(vec![desk.clone()]);
    let server = TestDb::new();
    // A server as the build of schema 19 left it, with a desks' role granted as `pg init` did.
    server
        .client()
        .batch(&format!(
            "{}\nCREATE TABLE frontline_schema(version bigint NOT NULL);
             INSERT INTO frontline_schema VALUES (19);
             CREATE ROLE {desk} LOGIN;
             GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {desk};
             GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {desk};
             REVOKE INSERT, UPDATE, DELETE ON frontline_schema FROM {desk};",
            frontline::store::server::BASE
        ))
        .unwrap();
    let as_desk = server.url.replacen("postgres@", &format!("{desk}@"), 1);
    let version = || server.int("SELECT version FROM frontline_schema");
    let pending = || server.int("SELECT count(*) FROM pg_tables WHERE tablename = 'kept_pending'");

    // A look never upgrades; a desk may not change the schema: one line saying who may.
    let err = refused(&e, &server.url, &["status"]);
    assert!(
        err.contains("schema 19") && err.contains("read-only"),
        "{err}"
    );
    let street = ["do", "org", "street", "add", "--name", "Huangpu"];
    let err = refused(&e, &as_desk, &street);
    assert!(
        err.contains("schema 19") && err.contains("pg init") && err.contains("nothing was changed"),
        "{err}"
    );
    assert_eq!((version(), pending()), (19, 0));
    assert_eq!(server.int("SELECT count(*) FROM streets"), 0);

    // The owner's first write upgrades it; the desk then writes as before.
    ok(&e, &server.url, &street);
    assert_eq!(version(), frontline::store::schema::LATEST as i64);
    assert_eq!(pending(), 1);
    let add = |code: &str, category: &str| {
        ok(
            &e,
            &as_desk,
            &[
                "do",
                "person",
                "add",
                "--name",
                "林晓",
                "--code",
                code,
                "--category",
                category,
            ],
        )
    };
    add("WJ0001", "志愿者");
    add("WJ0002", "医护");
    // The kept counts were written at commit, and nothing is left pending.
    let counter =
        |name: &str| server.int(&format!("SELECT value FROM counters WHERE name = '{name}'"));
    assert_eq!((counter("people_active"), counter("volunteers")), (2, 1));
    assert_eq!(server.int("SELECT count(*) FROM kept_pending"), 0);
    ok(&e, &as_desk, &["check"]); // exits 1 on any drift

    // Changes in a savepoint rolled back are not counted; the rest are, once, at commit.
    server
        .client()
        .batch(
            "BEGIN;
             INSERT INTO people(staff_code, name, category) VALUES ('S1', 'A', 'volunteer');
             SAVEPOINT s;
             INSERT INTO people(staff_code, name, category) VALUES ('S2', 'B', 'volunteer');
             ROLLBACK TO SAVEPOINT s;
             UPDATE people SET retired_at = 1 WHERE staff_code = 'WJ0002';
             COMMIT;",
        )
        .unwrap();
    assert_eq!((counter("people_active"), counter("volunteers")), (2, 2));
    ok(&e, &server.url, &["check"]);
}
