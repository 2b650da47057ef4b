//! The real binary, end to end: the `status --json` contract, `do` actions, refusals that print
//! one line and write nothing, the language switch, and a closed pipe.

use crate::support::cli::Env;
use serde_json::Value;
use std::process::Stdio;

const NOW: &str = "2021-06-10T08:00:00+08:00";

fn demo() -> Env {
    Env::with_demo(300, 14)
}

fn demo_of(people: usize) -> Env {
    Env::with_demo(people, 14)
}

fn ids(rows: &Value) -> Vec<i64> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

/// A field of a row and the check its value passes.
type FieldCheck = (&'static str, fn(&Value) -> bool);

/// Every row of `v[key]` is an object carrying `fields`, each passing `check`.
fn rows_have(v: &Value, key: &str, fields: &[FieldCheck]) -> usize {
    let rows = v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is an array"));
    for r in rows {
        assert!(r.is_object(), "{key}: {r}");
        for (f, check) in fields {
            assert!(check(&r[*f]), "{key}.{f} has the wrong type in {r}");
        }
    }
    rows.len()
}

fn int(v: &Value) -> bool {
    v.is_i64()
}
fn text(v: &Value) -> bool {
    v.as_str().is_some_and(|s| !s.is_empty())
}
fn time(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok())
}

#[test]
fn status_json_has_the_four_panels_with_their_fields() {
    let e = demo();
    let v = e.status();
    for key in ["on_duty", "overdue_rest", "family_cases", "supplies"] {
        assert!(v[key].is_array(), "missing {key}");
    }
    let n = rows_have(
        &v,
        "on_duty",
        &[
            ("id", int),
            ("name", text),
            ("post_id", int),
            ("post", text),
            ("since", time),
        ],
    );
    assert!(n > 0, "someone is on duty");
    let n = rows_have(
        &v,
        "overdue_rest",
        &[
            ("id", int),
            ("name", text),
            ("rule", text),
            ("over_by_minutes", int),
        ],
    );
    assert!(n > 0, "someone is overdue");
    let rules = [
        "continuous_duty",
        "rest_between",
        "consecutive_days",
        "window_hours",
    ];
    assert!(
        v["overdue_rest"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| rules.contains(&r["rule"].as_str().unwrap()))
    );
    let fields: &[FieldCheck] = &[
        ("id", int),
        ("person_id", int),
        ("name", text),
        ("category", text),
        ("urgency", int),
        ("status", text),
    ];
    assert!(
        rows_have(&v, "family_cases", fields) > 0,
        "open family cases"
    );
    let n = rows_have(
        &v,
        "supplies",
        &[
            ("id", int),
            ("name", text),
            ("on_hand", int),
            ("unit", text),
            ("days_of_cover", |d| d.is_number() || d.is_null()),
            ("low", Value::is_boolean),
        ],
    );
    assert!(n > 0);
    assert!(
        v["supplies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["low"] == true),
        "a low item"
    );
    // English by default (LANG=C): item names are not Chinese.
    assert!(v["supplies"][0]["name"].as_str().unwrap().is_ascii());
}

#[test]
fn status_is_the_same_on_every_run_with_a_frozen_clock() {
    let a = demo();
    let b = demo();
    assert_eq!(a.ok(&["status", "--json"]), b.ok(&["status", "--json"]));
}

#[test]
fn force_rest_takes_the_person_off_duty_and_check_in_then_needs_an_override() {
    let e = demo();
    let v = e.status();
    let p = v["overdue_rest"][0]["id"]
        .as_i64()
        .expect("someone overdue")
        .to_string();
    let post = v["on_duty"][0]["post_id"].as_i64().unwrap().to_string();
    let audited = e.audit().len();

    let out = e.ok(&[
        "do",
        "force-rest",
        "--person",
        &p,
        "--reason",
        "14 h on duty",
    ]);
    assert_eq!(
        out.lines().count(),
        1,
        "one line saying what was done: {out:?}"
    );
    let v = e.status();
    let pid: i64 = p.parse().unwrap();
    assert!(
        !ids(&v["on_duty"]).contains(&pid),
        "not on duty after forced rest"
    );
    assert!(
        !ids(&v["overdue_rest"]).contains(&pid),
        "not overdue after forced rest"
    );
    let audit = e.audit();
    assert_eq!(audit.len(), audited + 1);
    assert_eq!(audit[0]["action"], "force_rest");
    assert_eq!(audit[0]["details"]["reason"], "14 h on duty");

    let err = e.refused(&["do", "check-in", "--person", &p, "--post", &post]);
    assert!(
        err.contains("forced rest") && err.contains("--override"),
        "{err}"
    );
    // In Chinese the refusal names the form's field; the command line adds its flag after it.
    let err = e.refused(&[
        "--lang", "zh", "do", "check-in", "--person", &p, "--post", &post,
    ]);
    assert!(
        err.contains("请填写“越过规则的理由”") && !err.contains("越权"),
        "{err}"
    );
    let (said, hint) = err.split_once(" [").unwrap();
    assert!(!said.contains("--"), "{said}");
    assert_eq!(hint.trim_end(), "--override REASON]");
    assert_eq!(
        e.audit().len(),
        audited + 1,
        "a refused action writes no audit row"
    );
    assert_eq!(e.status(), v, "a refused action changes nothing");

    e.ok(&[
        "do",
        "check-in",
        "--person",
        &p,
        "--post",
        &post,
        "--override",
        "only medic on site",
    ]);
    let v = e.status();
    assert!(
        ids(&v["on_duty"]).contains(&pid),
        "on duty after the override"
    );
    let audit = e.audit();
    assert_eq!(audit.len(), audited + 2);
    assert_eq!(audit[0]["action"], "check_in");
    assert_eq!(audit[0]["details"]["override"], "only medic on site");
}

#[test]
fn check_out_and_end_rest_round_trip() {
    let e = demo();
    let v = e.status();
    let pid = v["on_duty"][0]["id"].as_i64().unwrap();
    let p = pid.to_string();
    e.ok(&["do", "check-out", "--person", &p]);
    assert!(!ids(&e.status()["on_duty"]).contains(&pid));
    e.refused(&["do", "check-out", "--person", &p]);
    e.refused(&["do", "end-rest", "--person", &p]);
    let n = e.audit().len();
    e.ok(&[
        "--operator",
        "王调度",
        "do",
        "force-rest",
        "--person",
        &p,
        "--hours",
        "12.5",
        "--reason",
        "rest",
    ]);
    // A forced rest ends early only with a reason, named in both languages, nothing written.
    let err = e.refused(&["do", "end-rest", "--person", &p]);
    assert!(
        err.contains("needs a reason") && err.contains("--reason"),
        "{err}"
    );
    let err = e.refused(&[
        "--lang", "zh", "do", "end-rest", "--person", &p, "--reason", "  ",
    ]);
    assert!(err.contains("提前结束强制休息的理由"), "{err}");
    e.ok(&[
        "do",
        "end-rest",
        "--person",
        &p,
        "--reason",
        "needed at the gate",
    ]);
    let audit = e.audit();
    assert_eq!(audit.len(), n + 2);
    assert_eq!(audit[0]["details"]["reason"], "needed at the gate");
    assert_eq!(
        (audit[1]["action"].as_str(), audit[1]["operator"].as_str()),
        (Some("force_rest"), Some("王调度"))
    );
    assert_eq!(audit[1]["details"]["hours"], 12.5);
    assert_eq!(audit[0]["action"], "end_rest");
}

#[test]
fn check_in_right_after_end_rest_is_allowed() {
    let e = demo();
    let v = e.status();
    let p = v["on_duty"][0]["id"].as_i64().unwrap().to_string();
    let post = v["on_duty"][0]["post_id"].as_i64().unwrap().to_string();
    let resting = v["counts"]["forced_rest"].as_i64().unwrap();
    e.ok(&["do", "force-rest", "--person", &p, "--reason", "tired"]);
    e.ok(&["do", "end-rest", "--person", &p, "--reason", "back early"]);
    assert_eq!(
        e.status()["counts"]["forced_rest"],
        resting,
        "nobody still counted as resting"
    );
    // Only the rest rule (just checked out) may stand in the way, never the ended forced rest.
    let o = e.run(&["do", "check-in", "--person", &p, "--post", &post]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("forced rest"), "{err}");
}

#[test]
fn unknown_person_is_refused_with_one_line() {
    let e = demo();
    let n = e.audit().len();
    let err = e.refused(&["do", "check-in", "--person", "nobody", "--post", "1"]);
    assert!(err.contains("nobody"), "{err}");
    assert_eq!(e.audit().len(), n);
}

#[test]
fn bad_hours_and_empty_reasons_are_refused_with_one_line() {
    let e = demo();
    let p = e.status()["on_duty"][0]["id"].as_i64().unwrap().to_string();
    let n = e.audit().len();
    let err = e.refused(&[
        "do",
        "force-rest",
        "--person",
        &p,
        "--hours",
        "-3",
        "--reason",
        "tired",
    ]);
    assert!(err.contains("-3"), "{err}");
    e.refused(&[
        "do",
        "force-rest",
        "--person",
        &p,
        "--hours",
        "0",
        "--reason",
        "tired",
    ]);
    e.refused(&[
        "do",
        "force-rest",
        "--person",
        &p,
        "--hours",
        "1000",
        "--reason",
        "tired",
    ]);
    e.refused(&["do", "force-rest", "--person", &p, "--reason", "  "]);
    e.refused(&["do", "check-in", "--person", &p, "--post", "99999"]);
    e.refused(&[
        "do",
        "reassign",
        "--person",
        &p,
        "--post",
        "1",
        "--end",
        "2021-06-10 07:00",
    ]);
    e.refused(&[
        "do",
        "reassign",
        "--person",
        &p,
        "--post",
        "1",
        "--end",
        "tomorrow-ish",
    ]);
    assert_eq!(e.audit().len(), n);
    assert!(ids(&e.status()["on_duty"]).contains(&p.parse().unwrap()));
}

#[test]
fn status_without_a_database_fails_and_creates_nothing() {
    let e = Env::empty();
    // On a server: an empty server database, named, and still without a schema after.
    let name =
        e.pg.as_ref()
            .map_or("x.db".to_string(), |pg| pg.name.clone());
    let made = |e: &Env| match &e.pg {
        None => e.db.exists(),
        Some(pg) => frontline::store::server::is_set_up(&pg.url).unwrap(),
    };
    let err = e.refused(&["status", "--json"]);
    assert!(err.contains(&name), "names the missing database: {err}");
    assert!(!made(&e), "status must not create a database");
    let err = e.refused(&["do", "check-out", "--person", "1"]);
    assert!(err.contains(&name), "{err}");
    assert!(!made(&e), "do must not create a database");
    let left: Vec<_> = std::fs::read_dir(e.dir.path()).unwrap().collect();
    assert!(left.is_empty(), "nothing written into the home: {left:?}");
}

#[test]
fn chinese_is_used_with_lang_zh_or_a_chinese_locale() {
    let e = demo();
    let err = e.refused(&[
        "--lang", "zh", "do", "check-in", "--person", "nobody", "--post", "1",
    ]);
    assert!(err.contains("查无此人"), "{err}");
    let o = e
        .cmd()
        .env("LANG", "zh_CN.UTF-8")
        .args(["do", "check-out", "--person", "nobody"])
        .output()
        .unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.starts_with("error:") && err.contains("查无此人"),
        "{err}"
    );
    let v: Value = serde_json::from_str(&e.ok(&["--lang", "zh", "status", "--json"])).unwrap();
    assert!(
        !v["supplies"][0]["name"].as_str().unwrap().is_ascii(),
        "Chinese item names"
    );
    let err = e.refused(&["--lang", "fr", "status"]);
    assert!(err.contains("zh or en"), "{err}");
}

#[test]
fn a_malformed_frontline_now_is_an_error() {
    let e = demo();
    let o = e
        .cmd()
        .env("FRONTLINE_NOW", "yesterday")
        .args(["status", "--json"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(o.stdout.is_empty());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.starts_with("error:") && err.contains("FRONTLINE_NOW") && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn demo_into_an_existing_database_is_refused() {
    let e = demo();
    let before = e.status();
    let err = e.refused(&["demo", "--people", "10", "--days", "2"]);
    assert!(err.contains("already"), "{err}");
    assert_eq!(e.status(), before);
}

#[cfg(unix)]
#[test]
fn demo_database_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let e = demo();
    if e.sqlite_only("the permissions of the database file") {
        return;
    }
    assert_eq!(
        std::fs::metadata(&e.db).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn a_closed_pipe_does_not_panic() {
    // Big enough that the output cannot fit in a pipe buffer.
    let e = demo_of(3000);
    for args in [
        &["status", "--json"][..],
        &["status"][..],
        &["audit", "--json", "--limit", "1000"][..],
    ] {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_frontline"));
        c.arg("--db")
            .arg(&e.db)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c.env("FRONTLINE_NOW", NOW)
            .env("LANG", "C")
            .env("HOME", e.dir.path())
            .env_remove("LC_ALL")
            .env_remove("FRONTLINE_DB");
        let mut child = c.spawn().unwrap();
        let mut out = child.stdout.take().unwrap();
        let mut buf = [0u8; 10];
        std::io::Read::read_exact(&mut out, &mut buf).unwrap();
        drop(out);
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_ne!(o.status.code(), Some(101), "{args:?} panicked: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
