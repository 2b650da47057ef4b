//! End to end: issuing stock with keys in the real console, in a pseudo-terminal, and seeing
//! the item's days of cover change on screen; then the same figures from `frontline stock`.

use crate::support::pty::*;
use serde_json::Value;

/// The supplies list's row of `name` (the left panel, without the detail beside it).
fn row_of(screen: &str, name: &str) -> Option<String> {
    screen
        .lines()
        .filter(|l| l.starts_with('║'))
        .map(|l| l.split("║│").next().unwrap_or(l))
        .find(|l| l.contains(name))
        .map(str::to_string)
}

fn cover_text(item: &Value) -> String {
    format!("{:.1}d", item["days_of_cover"].as_f64().unwrap())
}

#[test]
fn issuing_stock_with_keys_changes_the_days_of_cover_on_screen() {
    let fx = Fixture::new();
    let before = fx.json(&["stock", "--json"]);
    // The item that runs out first is listed (and selected) first.
    let first = &before["items"][0];
    let (code, name) = (
        first["code"].as_str().unwrap().to_string(),
        first["name"].as_str().unwrap().to_string(),
    );
    assert_eq!(first["low"], true, "{before:#}");
    let cover_before = cover_text(first);

    let mut pty = fx.console(120, 40);
    pty.wait_for("Supply stock", TIMEOUT);
    pty.send(b"P");
    let screen = pty.wait_for("Stock, last 28 days", TIMEOUT);
    let row = row_of(&screen, &name).unwrap();
    assert!(
        row.contains("▶") && row.contains(&cover_before) && row.contains("▼LOW"),
        "{row}"
    );
    assert!(screen.contains("⚠low"), "the header alerts:\n{screen}");

    pty.send(b"x");
    pty.wait_for("Issue stock", TIMEOUT);
    pty.wait_for(&format!("→ {name}"), TIMEOUT);
    pty.send(b"50\t3\r");
    let screen = pty.wait_for("✓ Issued 50 ", TIMEOUT);

    let after = fx.json(&["stock", "--json"]);
    let item = after["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code.as_str())
        .unwrap();
    assert_eq!(item["on_hand"], first["on_hand"].as_i64().unwrap() - 50);
    let cover_after = cover_text(item);
    assert_ne!(cover_after, cover_before);
    let row = row_of(&screen, &name).unwrap();
    assert!(
        row.contains(&cover_after),
        "cover on screen is not {cover_after}: {row}"
    );
    assert!(
        row.contains(&format!("{} ", item["on_hand"])),
        "on hand on screen is not {}: {row}",
        item["on_hand"]
    );

    pty.send(b"q");
    assert!(
        pty.wait_exit(TIMEOUT),
        "the console did not exit with success"
    );
    let audit = fx.json(&["audit", "--json", "--limit", "1"]);
    assert_eq!(audit[0]["action"], "stock_issue", "{audit:#}");
    assert_eq!(audit[0]["operator"], "pty-tester", "{audit:#}");
    assert_eq!(audit[0]["details"]["quantity"], 50, "{audit:#}");
}
