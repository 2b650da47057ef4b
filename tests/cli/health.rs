//! The real binary: `frontline do health|test|case|family|visit|talk|training|insurance|medic|
//! ack-alert|return-to-service`, the listings `health`, `cases`, `care`, refusals of one line
//! that write nothing, and health details kept out of the log and the audit trail.

/// Health reports and test results imported in bulk (tests/cli/health/import.rs).
mod import;

use crate::support::cli::Env;

/// 11:00, after the 10:00 health-report deadline.
const NOW: &str = "2021-06-10T11:00:00+08:00";

fn demo() -> Env {
    // Made at 08:00; every command after runs at 11:00.
    let mut e = Env::with_demo(300, 14);
    e.now = NOW;
    e
}

impl Env {
    /// Refused in one line (see `crate::support::cli`), and no row of the area's tables changed.
    fn refused_unchanged(&self, args: &[&str]) -> String {
        let before = self.fingerprint();
        let err = self.refused(args);
        assert_eq!(before, self.fingerprint(), "{args:?} wrote something");
        err
    }

    /// Row counts of the area's tables, the audit log, and the day's health figures.
    fn fingerprint(&self) -> String {
        let c = self.conn();
        let mut s = String::new();
        for t in [
            "audit_log",
            "health_reports",
            "nucleic_tests",
            "family_cases",
            "care_visits",
            "talks",
            "trainings",
            "insurance",
            "alerts",
            "out_of_service",
            "medical_assignments",
            "family_situations",
        ] {
            let n: i64 = c
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .unwrap();
            s += &format!("{t}={n} ");
        }
        let cases: String = c
            .query_row(
                "SELECT group_concat(id || status || coalesce(helper, ''), ',') FROM family_cases",
                [],
                |r| r.get(0),
            )
            .unwrap();
        s + &cases
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.side_dir().join("frontline.log")).unwrap_or_default()
    }
}

#[test]
fn every_care_action_runs_from_the_command_line_with_one_audit_row() {
    let e = demo();
    let volunteer = e.json(&["care", "--json"])["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["category"] == "volunteer")
        .unwrap()["id"]
        .to_string();
    let medic = e.json(&["care", "--json"])["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["category"] == "medical")
        .unwrap()["id"]
        .to_string();
    let n = e.audit().len();
    let steps: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec!["do", "health", "--person", "3", "--temp", "36.7"],
            "health_report",
            "health report for 2021-06-10",
        ),
        (
            vec!["do", "health", "--person", "4", "--temp", "38.2", "--phone"],
            "health_report",
            "unwell",
        ),
        (
            vec![
                "do",
                "test",
                "--person",
                "3",
                "--result",
                "negative",
                "--at",
                "06-10 07:30",
                "--site",
                "多宝采样点",
            ],
            "test_result",
            "negative",
        ),
        (
            vec![
                "do",
                "case",
                "open",
                "--person",
                "3",
                "--category",
                "eldercare",
                "--urgency",
                "3",
                "--summary",
                "母亲独居",
            ],
            "case_open",
            "opened",
        ),
        (
            vec![
                "do",
                "family",
                "--person",
                "3",
                "--dependents",
                "2",
                "--elderly",
                "1",
                "--children",
                "1",
            ],
            "family_situation",
            "family situation saved",
        ),
        (
            vec![
                "do",
                "visit",
                "--person",
                "3",
                "--visitors",
                "区委组织部",
                "--amount",
                "500",
                "--family",
            ],
            "care_visit",
            "¥500.00",
        ),
        (
            vec!["do", "talk", "--person", "3", "--by", "社区党委书记"],
            "talk",
            "talk with",
        ),
        (
            vec![
                "do",
                "training",
                "--person",
                "3",
                "--kind",
                "psychological",
                "--date",
                "06-09",
            ],
            "training",
            "psychological",
        ),
        (
            vec![
                "do",
                "insurance",
                "--person",
                &volunteer,
                "--until",
                "2021-12-31",
            ],
            "insurance",
            "insured until 2021-12-31",
        ),
        (
            vec!["do", "medic", "--person", &medic, "--community", "1"],
            "assign_medic",
            "follows up",
        ),
    ];
    for (i, (args, action, says)) in steps.iter().enumerate() {
        let out = e.ok(args);
        assert!(out.contains(says), "{args:?} said {out}");
        let audit = e.audit();
        assert_eq!(audit.len(), n + i + 1, "{args:?}: one audit row");
        assert_eq!(audit[0]["action"], *action);
    }
    // The case lifecycle by id.
    let case = e
        .json(&["cases", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["summary"] == "母亲独居")
        .unwrap()["id"]
        .to_string();
    e.ok(&[
        "do", "case", "assign", "--id", &case, "--org", "women", "--helper", "王芳",
    ]);
    e.ok(&["do", "case", "progress", "--id", &case]);
    e.ok(&[
        "do",
        "case",
        "resolve",
        "--id",
        &case,
        "--outcome",
        "已安排上门照料",
    ]);
    let all = e.json(&["cases", "--json", "--all"]);
    let c = all
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"].as_i64() == case.parse().ok())
        .unwrap();
    assert_eq!(
        (c["status"].as_str(), c["helper"].as_str()),
        (Some("resolved"), Some("王芳"))
    );
    assert_eq!(c["family"]["dependents"], 2);
    assert!(
        e.json(&["cases", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["id"].as_i64() != case.parse().ok()),
        "resolved cases are listed only with --all"
    );
}

#[test]
fn health_json_lists_everyone_with_report_test_and_follow_up() {
    let e = demo();
    e.ok(&[
        "do",
        "health",
        "--person",
        "1",
        "--temp",
        "37.9",
        "--symptoms",
        "咳嗽",
    ]);
    let v = e.json(&["health", "--json"]);
    assert_eq!(v["date"], "2021-06-10");
    assert_eq!(v["deadline"], "2021-06-10T10:00:00+08:00");
    let people = v["people"].as_array().unwrap();
    // Everyone on the roster: the 300 generated plus the residents the demo converted on the spot.
    let roster: i64 = e
        .conn()
        .query_row(
            "SELECT count(*) FROM people WHERE retired_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(people.len() as i64, roster);
    assert!(roster >= 300);
    let p1 = &people[0];
    assert_eq!(
        (p1["id"].as_i64(), p1["temperature"].as_f64()),
        (Some(1), Some(37.9))
    );
    assert_eq!(
        (p1["unwell"].as_bool(), p1["report"].as_str()),
        (Some(true), Some("late"))
    );
    for p in people {
        for k in [
            "id",
            "name",
            "staff_code",
            "community",
            "report",
            "test_overdue",
            "out_of_service",
        ] {
            assert!(!p[k].is_null(), "{k} missing in {p}");
        }
    }
    let s = &v["summary"];
    let missing = people.iter().filter(|p| p["report"] == "missing").count();
    assert_eq!(s["missing"].as_u64(), Some(missing as u64));
    assert!(missing > 0, "after 10:00 some have not reported");
    assert_eq!(
        s["unwell"].as_u64(),
        Some(people.iter().filter(|p| p["unwell"] == true).count() as u64)
    );
    assert!(
        !v["alerts"].as_array().unwrap().is_empty(),
        "the demo's positive result"
    );
    // Yesterday: nearly everyone reported; one community only.
    let y = e.json(&["health", "--json", "--date", "2021-06-09"]);
    assert!(y["summary"]["reported"].as_u64().unwrap() > 250);
    let c = e.json(&["health", "--json", "--community", "2"]);
    assert!(
        c["people"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["community_id"] == 2)
    );
    // Text: the people someone must act on.
    let text = e.ok(&["health"]);
    assert!(
        text.contains("⚠ unwell 37.9") && text.contains("✗ MISSING"),
        "{text}"
    );
}

#[test]
fn a_positive_result_from_the_command_line_takes_the_person_off_duty() {
    let e = demo();
    let before = e.status();
    let p = before["on_duty"][0]["id"].as_i64().unwrap().to_string();
    let out = e.ok(&["do", "test", "--person", &p, "--result", "positive"]);
    assert!(
        out.contains("taken off duty, out of service, alert raised"),
        "{out}"
    );
    let after = e.status();
    assert!(
        after["on_duty"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["id"].as_i64() != p.parse().ok())
    );
    assert_eq!(
        after["counts"]["alerts"].as_i64(),
        before["counts"]["alerts"].as_i64().map(|n| n + 1)
    );
    let err = e.refused_unchanged(&[
        "do",
        "check-in",
        "--person",
        &p,
        "--post",
        "1",
        "--override",
        "急需",
    ]);
    assert!(err.contains("out of service (health)"), "{err}");
    // Acknowledge every alert; the header count goes to zero; then nothing is left.
    let n = after["counts"]["alerts"].as_i64().unwrap();
    for _ in 0..n {
        e.ok(&["do", "ack-alert"]);
    }
    assert_eq!(e.status()["counts"]["alerts"], 0);
    let err = e.refused_unchanged(&["do", "ack-alert"]);
    assert_eq!(err, "error: no alert to acknowledge\n");
    e.ok(&["do", "return-to-service", "--person", &p]);
    e.ok(&[
        "do",
        "check-in",
        "--person",
        &p,
        "--post",
        "1",
        "--override",
        "rest rules",
    ]);
}

#[test]
fn bad_input_is_refused_with_one_clear_line_and_nothing_written() {
    let e = demo();
    let resolved = e
        .json(&["cases", "--json", "--all"])
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["status"] == "resolved")
        .unwrap()["id"]
        .to_string();
    let open = e.json(&["cases", "--json"])[0]["id"].to_string();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["do", "health", "--person", "1", "--temp", "43.1"],
            "outside 34–43 °C",
        ),
        (
            vec!["do", "health", "--person", "1", "--temp", "33.9"],
            "outside 34–43 °C",
        ),
        (
            vec!["do", "health", "--person", "1", "--date", "2021-06-11"],
            "in the future",
        ),
        (
            vec![
                "do",
                "test",
                "--person",
                "1",
                "--result",
                "negative",
                "--at",
                "2021-06-10 12:00",
            ],
            "in the future",
        ),
        (
            vec!["do", "test", "--person", "1", "--result", "maybe"],
            "unknown result 'maybe'",
        ),
        (
            vec![
                "do", "case", "assign", "--id", &resolved, "--org", "union", "--helper", "李明",
            ],
            "already resolved",
        ),
        (
            vec!["do", "case", "resolve", "--id", &open],
            "needs an outcome",
        ),
        (
            vec!["do", "case", "assign", "--id", &open, "--org", "union"],
            "needs a named helper",
        ),
        (
            vec![
                "do", "case", "assign", "--id", &open, "--org", "club", "--helper", "x",
            ],
            "unknown organisation",
        ),
        (
            vec![
                "do",
                "case",
                "open",
                "--person",
                "1",
                "--category",
                "pets",
                "--summary",
                "x",
            ],
            "unknown category",
        ),
        (
            vec![
                "do",
                "case",
                "open",
                "--person",
                "1",
                "--category",
                "other",
                "--urgency",
                "5",
                "--summary",
                "x",
            ],
            "urgency 5",
        ),
        (
            vec![
                "do",
                "visit",
                "--person",
                "1",
                "--visitors",
                "x",
                "--amount",
                "-5",
            ],
            "cannot read amount",
        ),
        (
            vec!["do", "visit", "--person", "1", "--amount", "100"],
            "needs its visitors",
        ),
        (vec!["do", "talk", "--person", "1"], "needs who held it"),
        (
            vec!["do", "training", "--person", "1", "--kind", "yoga"],
            "unknown training kind",
        ),
        (vec!["do", "health", "--person", "nobody"], "unknown person"),
    ];
    for (args, says) in cases {
        let err = e.refused_unchanged(&args);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn health_details_reach_neither_the_log_nor_the_audit_trail() {
    let e = demo();
    e.ok(&[
        "do",
        "health",
        "--person",
        "7",
        "--temp",
        "38.6",
        "--symptoms",
        "咽痛XYZ",
        "--note",
        "私密备注QQ",
        "--unwell",
    ]);
    e.ok(&[
        "do",
        "test",
        "--person",
        "7",
        "--result",
        "positive",
        "--site",
        "采样点ABC",
    ]);
    e.ok(&[
        "do",
        "case",
        "open",
        "--person",
        "7",
        "--category",
        "illness",
        "--summary",
        "家事秘密KK",
    ]);
    e.ok(&[
        "do",
        "talk",
        "--person",
        "7",
        "--by",
        "书记",
        "--note",
        "谈心内容MM",
    ]);
    // Each line without its timestamp, whose digits could spell "38.6" (10:21:38.6…).
    let log: String = e
        .log()
        .lines()
        .map(|l| l.split_once(' ').map_or(l, |(_, rest)| rest))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        log.contains("health_report") && log.contains("test_result"),
        "the log names the actions: {log}"
    );
    let audit = serde_json::to_string(&e.audit()).unwrap();
    for secret in [
        "咽痛XYZ",
        "私密备注QQ",
        "38.6",
        "positive",
        "采样点ABC",
        "家事秘密KK",
        "illness",
        "谈心内容MM",
    ] {
        assert!(!log.contains(secret), "log leaks {secret}: {log}");
        assert!(!audit.contains(secret), "audit leaks {secret}");
    }
}

#[test]
fn messages_are_chinese_with_lang_zh() {
    let e = demo();
    let out = e.ok(&[
        "--lang", "zh", "do", "health", "--person", "2", "--temp", "36.5",
    ]);
    assert!(out.contains("2021-06-10 的身体状况日报"), "{out}");
    let o = e.run(&[
        "--lang", "zh", "do", "health", "--person", "2", "--temp", "44",
    ]);
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("不在 34–43 °C 范围内"), "{err}");
}
