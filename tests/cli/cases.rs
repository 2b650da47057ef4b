//! `frontline do case note|reopen`: a note on a case and reopening a resolved case with a
//! reason, through the same executor as the console, audited; refusals in one line that
//! write nothing.

use crate::support::cli::Env;

fn case_with(e: &Env, status: &str) -> String {
    e.json(&["cases", "--json", "--all"])
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["status"] == status)
        .unwrap()["id"]
        .to_string()
}

#[test]
fn a_resolved_case_is_reopened_with_a_reason_and_notes_are_audited() {
    let e = Env::with_demo(300, 14);
    let open = case_with(&e, "open");
    let n = e.audit_len();
    // Reopening a case that is not resolved: refused, nothing written.
    let err = e.refused(&["do", "case", "reopen", "--id", &open, "--reason", "again"]);
    assert!(
        err.contains("only a resolved case can be reopened"),
        "{err}"
    );
    assert_eq!(e.audit_len(), n);
    let resolved = case_with(&e, "resolved");
    // No reason: refused.
    let err = e.refused(&["do", "case", "reopen", "--id", &resolved]);
    assert!(err.contains("reopening a case needs a reason"), "{err}");
    assert_eq!(e.audit_len(), n);
    let out = e.ok(&[
        "do",
        "case",
        "reopen",
        "--id",
        &resolved,
        "--reason",
        "家属再次求助",
    ]);
    assert!(out.contains(&format!("case #{resolved} reopened")), "{out}");
    let a = &e.audit()[0];
    assert_eq!(a["action"], "case_reopen");
    assert_eq!(a["target"], format!("case:{resolved}"));
    let c = e
        .json(&["cases", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"].as_i64() == resolved.parse().ok())
        .cloned()
        .expect("a reopened case is listed with the open ones");
    assert!(c["resolved_at"].is_null() && c["outcome"].is_null(), "{c}");
    // A note: empty refused, text kept with the operator.
    let err = e.refused(&["do", "case", "note", "--id", &open]);
    assert!(err.contains("a case note needs its text"), "{err}");
    let out = e.ok(&["do", "case", "note", "--id", &open, "--text", "已电话联系"]);
    assert!(
        out.contains(&format!("note added to case #{open}")),
        "{out}"
    );
    assert_eq!(e.audit()[0]["action"], "case_note");
    let err = e.refused(&["do", "case", "note", "--id", "9999", "--text", "x"]);
    assert!(err.contains("9999"), "{err}");
}
