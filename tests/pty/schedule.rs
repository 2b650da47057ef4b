//! End to end, the schedule: the real binary in a pseudo-terminal, a dispatcher finds tomorrow's
//! gaps, fills one from the call-up list with keys, and sees the gap close; the database (read
//! by `frontline schedule --json` and `audit --json`) agrees. Harness copied from `pty.rs`.

use crate::support::pty::*;

/// (assigned, short_by) of a post's slot starting at `start` (RFC 3339) tomorrow.
fn slot(fx: &Fixture, post: i64, start: &str) -> (i64, i64) {
    let v = fx.json(&["schedule", "--date", "2021-06-11", "--json"]);
    let s = v["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["post_id"] == post && s["start"] == start)
        .unwrap_or_else(|| panic!("no slot {post} {start}: {v:#}"));
    (
        s["assigned"].as_i64().unwrap(),
        s["short_by"].as_i64().unwrap(),
    )
}

#[test]
fn a_gap_in_tomorrows_schedule_is_filled_from_the_call_up_list_with_keys() {
    let fx = Fixture::new();
    // The first short slot of tomorrow, as the gaps-only view lists it.
    let v = fx.json(&["schedule", "--date", "2021-06-11", "--gaps", "--json"]);
    let first = &v["slots"][0];
    let post = first["post_id"].as_i64().unwrap();
    let start = first["start"].as_str().unwrap().to_string();
    let name = first["post"].as_str().unwrap().to_string();
    let (assigned, short) = slot(&fx, post, &start);
    assert!(short > 0);

    let mut pty = fx.console(120, 40);
    pty.wait_for_panels();
    pty.send(b"S");
    pty.wait_for("Schedule & coverage · 2021-06-10", TIMEOUT);
    pty.send(b"]");
    pty.wait_for("2021-06-11 Fri", TIMEOUT);
    pty.send(b"v");
    pty.wait_for("gaps only", TIMEOUT);
    // The selected row is that slot, marked short with a symbol and a word.
    pty.wait_until("the first gap selected", TIMEOUT, |s| {
        selected_row(s, 0, 120)
            .is_some_and(|r| r.contains(&name) && r.contains(&format!("▼ short {short}")))
    });
    pty.send(b"a");
    pty.wait_for("who can go", TIMEOUT);
    let row = pty.wait_until("a candidate selected", TIMEOUT, |s| {
        selected_row(s, 0, 120).is_some_and(|r| r.contains("✓ can go"))
    });
    let picked = selected_row(pty.seen.lock().unwrap().parser.screen(), 0, 120)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    assert!(row.contains(&picked));
    pty.send(b"\r");
    // Waited for whole (the frame can be seen half drawn): the line ends with the post's name.
    let screen = pty.wait_for(&format!("planned at {name}"), TIMEOUT);
    assert!(
        screen.contains(&format!("✓ {picked} planned at {name}")),
        "footer names someone else:\n{screen}"
    );
    // Back on the schedule, gaps only: the slot is one short fewer (or gone, if it is full).
    assert!(screen.contains("gaps only"), "{screen}");
    if short > 1 {
        pty.wait_until("the gap to shrink", TIMEOUT, |s| {
            selected_row(s, 0, 120)
                .is_some_and(|r| r.contains(&name) && r.contains(&format!("▼ short {}", short - 1)))
        });
    }
    pty.send(b"q");
    assert!(
        pty.wait_exit(TIMEOUT),
        "the console did not exit with success"
    );

    assert_eq!(slot(&fx, post, &start), (assigned + 1, short - 1));
    let audit = fx.json(&["audit", "--json", "--limit", "1"]);
    assert_eq!(audit[0]["action"], "shift_plan", "{audit:#}");
    assert_eq!(audit[0]["operator"], "pty-tester", "{audit:#}");
    assert_eq!(audit[0]["details"]["post_id"], post, "{audit:#}");
}
