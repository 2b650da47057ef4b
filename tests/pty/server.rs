//! Two consoles on one PostgreSQL database, each on its own connection (two desks of a post):
//! what one writes by keys shows on the other within a second.

use crate::support::pg::TestDb;
use crate::support::pty::*;
use std::time::Duration;

/// Force the first person of `pty`'s On duty panel to rest, by keys; their name.
fn force_first_on_duty(pty: &mut Pty) -> String {
    pty.send(b"1");
    pty.wait_until("a selected On duty row", TIMEOUT, |s| {
        selected_row(s, 0, 60).is_some()
    });
    let row = selected_row(pty.seen.lock().unwrap().parser.screen(), 0, 60).unwrap();
    let name = row.split_whitespace().next().unwrap().to_string();
    pty.send(b"f");
    pty.wait_for("Reason (required)", TIMEOUT);
    pty.send("轮换 two desks\r".as_bytes());
    pty.wait_for(&format!("✓ {name} in forced rest until"), TIMEOUT);
    name
}

#[test]
#[ignore = "PostgreSQL half skipped: needs FRONTLINE_TEST_PG (CI sets it)"]
fn on_postgres_two_consoles_see_each_others_writes_within_a_second() {
    let fx = Fixture::new();
    let server = TestDb::new();
    let file = fx.db().display().to_string();
    fx.cli(&["migrate", "--from", &file, "--to", &server.url]);
    let desk = |who: &str| {
        Pty::spawn_at(
            fx.dir.path(),
            fx.now,
            &["--db", &server.url, "--lang", "en", "--operator", who],
            120,
            40,
        )
    };
    let (mut a, mut b) = (desk("desk-a"), desk("desk-b"));
    let n = on_duty_count(&a.wait_for_panels()).unwrap();
    assert_eq!(on_duty_count(&b.wait_for_panels()), Some(n));

    force_first_on_duty(&mut a);
    b.wait_for(&format!("On duty ({})", n - 1), Duration::from_millis(1500));
    force_first_on_duty(&mut b);
    a.wait_for(&format!("On duty ({})", n - 2), Duration::from_millis(1500));
    // A script's write reaches both.
    let status: serde_json::Value =
        serde_json::from_str(&fx.cli(&["--db", &server.url, "status", "--json"])).unwrap();
    let id = status["on_duty"][0]["id"].as_i64().unwrap();
    fx.cli(&[
        "--db",
        &server.url,
        "do",
        "check-out",
        "--person",
        &id.to_string(),
    ]);
    for p in [&a, &b] {
        p.wait_for(&format!("On duty ({})", n - 3), Duration::from_millis(1500));
    }
    assert_eq!(
        server.int("SELECT count(*) FROM audit_log WHERE action = 'force_rest'"),
        2
    );
    a.send(b"q");
    b.send(b"q");
    assert!(a.wait_exit(TIMEOUT) && b.wait_exit(TIMEOUT));
}
