//! Two consoles and a script on one database for a minute (`cargo test --test pty soak --
//! --ignored`; `.ci/run` runs it; FRONTLINE_SOAK_SECS shortens it). A background script writes
//! without pause, a second script checks people out and in, and both consoles force people to
//! rest by keys. Every change must reach both screens within a second, no "database is locked"
//! may reach anyone, and every acknowledged write has its audit row. With
//! `FRONTLINE_TEST_ENGINE=postgres` (and `FRONTLINE_TEST_PG`) the database is a server's, the
//! fixture's file copied into it; `.ci/run` runs it both ways.

use crate::support::pty::*;
use serde_json::Value;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The fixture: its file, or its server database (`FRONTLINE_TEST_ENGINE=postgres`).
struct Soak {
    fx: Fixture,
}

impl Soak {
    fn new() -> Soak {
        Soak { fx: Fixture::new() }
    }

    fn db(&self) -> String {
        self.fx.db().display().to_string()
    }
}

fn run(fx: &Soak, op: &str, args: &[&str]) -> std::process::Output {
    let db = fx.db();
    let fx = &fx.fx;
    Command::new(BIN)
        .env_clear()
        .envs(child_env(fx.dir.path(), NOW))
        .args(["--db", &db, "--operator", op])
        .args(args)
        .output()
        .unwrap()
}

fn on_duty(fx: &Soak) -> Vec<Value> {
    let status: Value =
        serde_json::from_str(&fx.fx.cli(&["--db", &fx.db(), "status", "--json"])).unwrap();
    status["on_duty"].as_array().unwrap().clone()
}

fn audit_count(fx: &Soak, op: &str) -> usize {
    let op = op.replace('\'', "''");
    fx.fx.int(&format!(
        "SELECT count(*) FROM audit_log WHERE operator = '{op}'"
    )) as usize
}

/// Wait until the console's On duty title shows `n`; returns the time since the write `t0`,
/// which must be under a second.
fn sees(pty: &Pty, n: usize, t0: Instant) -> Duration {
    pty.wait_until(&format!("On duty ({n})"), Duration::from_secs(1), |s| {
        on_duty_count(&s.contents()) == Some(n)
    });
    let took = t0.elapsed();
    assert!(
        took < Duration::from_secs(1),
        "the change took {took:?} to show"
    );
    took
}

#[test]
#[ignore = "a minute long; run by .ci/run"]
fn two_consoles_and_a_script_for_a_minute() {
    let secs: u64 = std::env::var("FRONTLINE_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let fx = Arc::new(Soak::new());
    let db = fx.db();
    let mut a = Pty::spawn(
        fx.fx.dir.path(),
        &["--db", &db, "--lang", "en", "--operator", "console-a"],
        120,
        40,
    );
    let mut b = Pty::spawn(
        fx.fx.dir.path(),
        &["--db", &db, "--lang", "en", "--operator", "console-b"],
        120,
        40,
    );
    a.wait_for_panels();
    b.wait_for_panels();

    // The background script: stock arrives without pause for the whole run.
    let stop = Arc::new(AtomicBool::new(false));
    let bg = {
        let (fx, stop) = (Arc::clone(&fx), Arc::clone(&stop));
        std::thread::spawn(move || {
            let (mut ok, mut refused) = (0usize, Vec::new());
            while !stop.load(Ordering::Relaxed) {
                let o = run(
                    &fx,
                    "script-bg",
                    &[
                        "do",
                        "stock",
                        "receive",
                        "--item",
                        "MASK",
                        "--quantity",
                        "1",
                    ],
                );
                if o.status.success() {
                    ok += 1;
                } else {
                    refused.push(String::from_utf8_lossy(&o.stderr).to_string());
                }
            }
            (ok, refused)
        })
    };

    let deadline = Instant::now() + Duration::from_secs(secs);
    let (mut script_ok, mut console_ok) = (0usize, [0usize; 2]);
    let mut slowest = Duration::ZERO;
    let mut out: Option<(i64, i64)> = None;
    let mut step = 0;
    while Instant::now() < deadline {
        step += 1;
        let t0;
        if step % 3 == 0 {
            // A console forces the first person of its On duty panel to rest, by keys.
            let (pty, k) = if step % 6 == 0 {
                (&mut a, 0)
            } else {
                (&mut b, 1)
            };
            force_first_on_duty(pty, "轮换 soak");
            console_ok[k] += 1;
            t0 = Instant::now();
        } else {
            // The script checks someone out, and back in on the next step.
            let args: Vec<String> = match out.take() {
                None => {
                    let last = on_duty(&fx).last().cloned().expect("someone on duty");
                    let (id, post) = (
                        last["id"].as_i64().unwrap(),
                        last["post_id"].as_i64().unwrap(),
                    );
                    out = Some((id, post));
                    vec![
                        "do".into(),
                        "check-out".into(),
                        "--person".into(),
                        id.to_string(),
                    ]
                }
                Some((id, post)) => vec![
                    "do".into(),
                    "check-in".into(),
                    "--person".into(),
                    id.to_string(),
                    "--post".into(),
                    post.to_string(),
                    "--override".into(),
                    "soak".into(),
                ],
            };
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = run(&fx, "script", &args);
            assert!(
                o.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            script_ok += 1;
            t0 = Instant::now();
        }
        let n = on_duty(&fx).len();
        slowest = slowest.max(sees(&a, n, t0)).max(sees(&b, n, t0));
    }
    stop.store(true, Ordering::Relaxed);
    let (bg_ok, bg_refused) = bg.join().unwrap();
    a.send(b"q");
    b.send(b"q");
    assert!(a.wait_exit(TIMEOUT) && b.wait_exit(TIMEOUT));

    assert!(
        bg_refused.is_empty(),
        "background writes refused: {bg_refused:?}"
    );
    for raw in [a.raw(), b.raw()] {
        let text = String::from_utf8_lossy(&raw).to_lowercase();
        assert!(
            !text.contains("locked") && !text.contains("busy"),
            "a console showed a lock error"
        );
    }
    assert_eq!(audit_count(&fx, "script-bg"), bg_ok);
    assert_eq!(audit_count(&fx, "script"), script_ok);
    assert_eq!(audit_count(&fx, "console-a"), console_ok[0]);
    assert_eq!(audit_count(&fx, "console-b"), console_ok[1]);
    if fx.fx.server.is_none() {
        let c = rusqlite::Connection::open(fx.fx.db()).unwrap();
        let ok: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }
    // Every kept count equals a count of the rows.
    let checked = fx.fx.cli(&["--db", &fx.db(), "check"]);
    assert!(checked.contains("agree"), "{checked}");
    assert!(bg_ok > 0 && script_ok > 0 && console_ok.iter().all(|&n| n > 0));
    eprintln!(
        "{secs} s on {}: background script {bg_ok} writes, script {script_ok}, console A {}, console B {}; \
         0 lock errors; slowest change to reach both consoles {} ms",
        if fx.fx.server.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        console_ok[0],
        console_ok[1],
        slowest.as_millis()
    );
}
