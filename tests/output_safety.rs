//! Issue 15, items 7–8: what Frontline writes out. Stored text never reaches a terminal, a CSV
//! or a Markdown file with its escape sequences raw, nor a spreadsheet as a formula; output
//! files are private (0600 in 0700 folders), never follow a symlink, never replace a file
//! without `--force`.

mod common;

use common::cli::Env;

const OSC: &str = "\u{1b}]2;pwned\u{7}";

fn raw_controls(s: &str) -> bool {
    s.chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t' && c != '\r') || c == '\u{202e}')
}

fn first_code(e: &Env) -> String {
    e.json(&["people", "--json", "--limit", "1"])["rows"][0]["staff_code"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn stored_escape_sequences_and_formulas_never_go_out_raw() {
    let e = Env::with_demo(40, 3);
    let code = first_code(&e);
    let evil = format!("{OSC}\u{202e}x");
    e.ok(&[
        "do", "talk", "--person", &code, "--by", &evil, "--note", &evil,
    ]);
    e.ok(&[
        "--operator",
        &evil,
        "do",
        "force-rest",
        "--person",
        &code,
        "--reason",
        "=HYPERLINK(\"http://x\")",
    ]);
    let check = |args: &[&str]| {
        let out = e.ok(args);
        assert!(
            !raw_controls(&out),
            "{args:?} printed raw controls: {out:?}"
        );
        out
    };
    let person = check(&["person", &code]);
    assert!(person.contains("\\u001b]2;pwned\\u0007"), "{person}");
    check(&["people", "--limit", "50"]);
    check(&["cases"]);
    check(&["honours"]);
    check(&["audit", "--limit", "5"]);
    check(&["report", "daily"]);
    let json = check(&["person", &code, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON stays valid");
    assert!(v.to_string().contains("pwned"));
    let csv = check(&["export", "rest_periods"]);
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
    let csv = check(&["export", "audit"]);
    assert!(
        !csv.lines()
            .any(|l| l.split(',').any(|c| c.starts_with('='))),
        "{csv}"
    );
    check(&["export", "talks"]);
    check(&["report", "daily", "--format", "csv"]);
    // A refusal naming stored text: one line, no raw controls.
    let err = e.refused(&["do", "talk", "--person", &evil]);
    assert!(!raw_controls(&err), "{err:?}");
}
