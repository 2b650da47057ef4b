//! End to end in a pseudo-terminal: a dispatcher opens the health screen and types reports in a
//! row, one after another, with keys only; the database then holds them.

use crate::support::pty::*;
use serde_json::Value;
use std::thread;
use std::time::{Duration, Instant};

/// 11:00, after the 10:00 deadline: everyone without a report is late.
const NOW_LATE: &str = "2021-06-10T11:00:00+08:00";

fn health(fx: &Fixture) -> Value {
    let db = fx.db().display().to_string();
    serde_json::from_str(&fx.cli(&["--db", &db, "health", "--json"])).unwrap()
}

/// Ids of people without a report today, in list order.
fn not_reported(v: &Value) -> Vec<i64> {
    v["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["report"] == "missing")
        .map(|p| p["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn health_reports_are_entered_in_a_row_with_keys() {
    let fx = Fixture::at(NOW_LATE);
    let before = health(&fx);
    let waiting = not_reported(&before);
    let temps = ["36.6", "", "37.1", "", "38.2", "", "36.9", "", "", "36.4"];
    let db = fx.db().display().to_string();
    let mut pty = Pty::spawn_at(
        fx.dir.path(),
        NOW_LATE,
        &["--db", &db, "--lang", "en", "--operator", "pty-nurse"],
        100,
        30,
    );
    pty.wait_for("On duty (", TIMEOUT);
    pty.send(b"M");
    pty.wait_for("health · everyone", TIMEOUT);
    pty.send(b"m");
    pty.wait_for("health · not reported", TIMEOUT);
    pty.send(b"h");
    pty.wait_for("Health report", TIMEOUT);
    let started = Instant::now();
    for (i, t) in temps.iter().enumerate() {
        // The form names the next person who has not reported, then takes the temperature.
        pty.wait_for(&format!("#{})", waiting[i]), TIMEOUT);
        pty.send(t.as_bytes());
        pty.send(b"\r");
        pty.wait_for(
            &format!(
                "reported {}/",
                before["summary"]["reported"].as_u64().unwrap() + i as u64 + 1
            ),
            TIMEOUT,
        );
    }
    let took = started.elapsed();
    pty.send(b"\x1b");
    thread::sleep(Duration::from_millis(100));
    pty.send(b"q");
    assert!(
        pty.wait_exit(TIMEOUT),
        "the console did not exit with success"
    );

    let after = health(&fx);
    assert_eq!(
        after["summary"]["reported"].as_u64().unwrap(),
        before["summary"]["reported"].as_u64().unwrap() + temps.len() as u64
    );
    let people = after["people"].as_array().unwrap();
    for (i, t) in temps.iter().enumerate() {
        let p = people.iter().find(|p| p["id"] == waiting[i]).unwrap();
        let want: f64 = if t.is_empty() {
            36.5
        } else {
            t.parse().unwrap()
        };
        assert_eq!(p["temperature"].as_f64(), Some(want), "{p}");
        assert_eq!(p["report"], "late", "{p}");
    }
    let unwell = people.iter().find(|p| p["id"] == waiting[4]).unwrap();
    assert_eq!(unwell["unwell"], true, "38.2 °C is a fever");
    // Ten reports in a row take seconds, not minutes (keys, save, next person).
    assert!(took < Duration::from_secs(8), "{took:?}");
    let audit: Value =
        serde_json::from_str(&fx.cli(&["--db", &db, "audit", "--json", "--limit", "10"])).unwrap();
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["action"] == "health_report" && a["operator"] == "pty-nurse")
    );
}
