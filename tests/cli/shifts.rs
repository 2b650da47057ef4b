//! Shifts, rest and call-up on the command line, end to end: `do shift|rest|convert|ledger-adjust`, `rules
//! check|show`, `schedule`, `callup`, `ledger`; refusals print one line and write nothing; a
//! bad rules file is refused at start with file, line and field.

use crate::support::cli::Env;
use serde_json::Value;

fn demo() -> Env {
    Env::with_demo(200, 10)
}

/// Someone free tomorrow: the call-up list for a post's day shift.
fn free_person(e: &Env, post: &str) -> i64 {
    let v = e.json(&[
        "callup",
        "--post",
        post,
        "--start",
        "06-11 08:00",
        "--end",
        "06-11 16:00",
        "--json",
    ]);
    v["candidates"][0]["id"].as_i64().unwrap()
}

#[test]
fn a_shift_is_planned_moved_and_cancelled_from_the_command_line() {
    let e = demo();
    let p = free_person(&e, "2").to_string();
    let out = e.ok(&[
        "do",
        "shift",
        "plan",
        "--person",
        &p,
        "--post",
        "2",
        "--start",
        "06-11 08:00",
        "--end",
        "06-11 16:00",
    ]);
    assert!(
        out.contains("planned at") && out.contains("06-11 08:00–06-11 16:00"),
        "{out}"
    );
    let audit: Value = e.json(&["audit", "--json", "--limit", "1"]);
    let shift = audit[0]["details"]["shift_id"]
        .as_i64()
        .unwrap()
        .to_string();
    assert_eq!(audit[0]["target"], format!("shift:{shift}"));
    let out = e.ok(&[
        "do",
        "shift",
        "move",
        "--shift",
        &shift,
        "--start",
        "06-11 09:00",
    ]);
    assert!(out.contains("06-11 09:00–06-11 17:00"), "{out}");
    let out = e.ok(&[
        "do",
        "shift",
        "cancel",
        "--shift",
        &shift,
        "--reason",
        "调往别处",
    ]);
    assert!(out.contains("cancelled"), "{out}");
    let err = e.refused(&["do", "shift", "cancel", "--shift", &shift]);
    assert!(
        err.contains(&format!("shift {shift} is cancelled")),
        "{err}"
    );
}

#[test]
fn bad_shifts_are_refused_with_a_clear_reason_and_nothing_written() {
    let e = demo();
    let p = free_person(&e, "3").to_string();
    let plan = |s: &str, end: &str| {
        vec![
            "do".to_string(),
            "shift".into(),
            "plan".into(),
            "--person".into(),
            p.clone(),
            "--post".into(),
            "3".into(),
            "--start".into(),
            s.into(),
            "--end".into(),
            end.into(),
        ]
    };
    fn args(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    let err = e.refused(&args(&plan("06-11 16:00", "06-11 08:00")));
    assert!(err.contains("the end must come after the start"), "{err}");
    e.ok(&args(&plan("06-11 08:00", "06-11 16:00")));
    let err = e.refused(&args(&plan("06-11 15:00", "06-11 20:00")));
    assert!(err.contains("overlaps another shift of"), "{err}");
    e.ok(&[
        "do",
        "force-rest",
        "--person",
        &p,
        "--hours",
        "48",
        "--reason",
        "连续值守",
    ]);
    let err = e.refused(&args(&plan("06-12 07:59", "06-12 16:00")));
    assert!(
        err.contains("is in forced rest until 2021-06-12 08:00"),
        "{err}"
    );
    let zh = e.run(&[
        "--lang",
        "zh",
        "do",
        "shift",
        "plan",
        "--person",
        &p,
        "--post",
        "3",
        "--start",
        "06-12 07:00",
        "--end",
        "06-12 12:00",
    ]);
    assert!(String::from_utf8_lossy(&zh.stderr).contains("强制休息至"));
}

#[test]
fn rest_of_each_kind_and_the_ledger_from_the_command_line() {
    let e = demo();
    let p = free_person(&e, "4").to_string();
    let out = e.ok(&[
        "do",
        "rest",
        "--kind",
        "rotation",
        "--person",
        &p,
        "--start",
        "06-12 00:00",
    ]);
    assert!(
        out.contains("rotation rest 06-12 00:00–06-13 00:00"),
        "{out}"
    );
    let err = e.refused(&[
        "do",
        "rest",
        "--kind",
        "compensatory",
        "--person",
        &p,
        "--start",
        "06-14 00:00",
        "--hours",
        "8",
    ]);
    assert!(
        err.contains("is owed only 0.0 h of compensatory leave, not 8.0 h"),
        "{err}"
    );
    let o = e.run(&["do", "rest", "--kind", "forced", "--person", &p]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("--kind must be rotation, swapped or compensatory")
    );
    e.ok(&[
        "do",
        "ledger-adjust",
        "--person",
        &p,
        "--hours",
        "12",
        "--reason",
        "端午未休",
    ]);
    let out = e.ok(&[
        "do",
        "rest",
        "--kind",
        "compensatory",
        "--person",
        &p,
        "--start",
        "06-14 00:00",
        "--hours",
        "8",
    ]);
    assert!(out.contains("4.0 h still owed"), "{out}");
    let v = e.json(&["ledger", "--person", &p, "--json"]);
    assert_eq!(v["owed_minutes"], 240);
    let kinds: Vec<&str> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 2);
    assert!(kinds.contains(&"adjust") && kinds.contains(&"taken"));
    // Who is owed most, most first.
    let v = e.json(&["ledger", "--json"]);
    let owed: Vec<i64> = v["owed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["owed_minutes"].as_i64().unwrap())
        .collect();
    assert!(
        !owed.is_empty() && owed.windows(2).all(|w| w[0] >= w[1]),
        "{owed:?}"
    );
}

#[test]
fn a_resident_converted_on_the_spot_can_be_scheduled_at_once() {
    let e = demo();
    let out = e.ok(&[
        "do",
        "convert",
        "--name",
        "林晓",
        "--community",
        "1",
        "--party",
        "member",
        "--unit",
        "荔湾区税务局",
        "--dual-registered",
    ]);
    assert!(out.contains("林晓 added as community staff"), "{out}");
    let a: Value = e.json(&["audit", "--json", "--limit", "1"]);
    let id = a[0]["details"]["person_id"].as_i64().unwrap().to_string();
    e.ok(&[
        "do",
        "shift",
        "plan",
        "--person",
        &id,
        "--post",
        "1",
        "--start",
        "06-11 08:00",
        "--end",
        "06-11 16:00",
    ]);
    let err = e.refused(&["do", "convert", "--name", "林晓", "--community", "无此社区"]);
    assert!(err.contains("unknown community"), "{err}");
}

#[test]
fn rules_check_lists_the_broken_and_the_soon_to_break() {
    let e = demo();
    let v = e.json(&["rules", "check", "--json", "--within", "12"]);
    assert_eq!(v["source"], "built-in");
    let broken = v["broken"].as_array().unwrap();
    assert!(!broken.is_empty());
    for b in broken {
        assert!(
            b["id"].is_i64() && b["name"].is_string() && b["rules"][0]["rule"].is_string(),
            "{b}"
        );
        assert!(b["rules"][0]["over_by_minutes"].as_i64().unwrap() >= 0);
    }
    let soon = v["soon"].as_array().unwrap();
    assert!(!soon.is_empty(), "someone breaks a rule within 12 h");
    for s in soon {
        let m = s["in_minutes"].as_i64().unwrap();
        assert!(m > 0 && m <= 12 * 60, "{s}");
    }
    // The same people as the Overdue panel.
    let status: Value = e.json(&["status", "--json"]);
    assert_eq!(
        broken.len(),
        status["overdue_rest"].as_array().unwrap().len()
    );
    let text = e.ok(&["rules", "check"]);
    assert!(text.starts_with("rules from built-in:"), "{text}");
}

#[test]
fn presets_are_picked_by_name_and_shown() {
    let e = demo();
    let v = e.json(&["--rules", "eu-wtd", "rules", "show", "--json"]);
    assert_eq!(v["source"], "preset eu-wtd");
    assert_eq!(v["rules"]["min_weekly_rest_hours"], 24.0);
    let names: Vec<&str> = v["presets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["spec", "eu-wtd", "uk-nhs"]);
    let v = e.json(&["--rules", "uk-nhs", "rules", "check", "--json"]);
    assert_eq!(v["source"], "preset uk-nhs");
}

#[test]
fn an_invalid_rules_file_is_refused_at_start_naming_file_line_and_field() {
    let e = demo();
    let bad = e.dir.path().join("bad-rules.toml");
    let text = include_str!("../../assets/rules.toml")
        .replace("max_consecutive_days = 6", "max_consecutive_days = 0");
    std::fs::write(&bad, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("max_consecutive_days"))
        .unwrap()
        + 1;
    let before = e.contents();
    for args in [
        vec!["status"],
        vec!["rules", "check"],
        vec!["do", "check-out", "--person", "1"],
    ] {
        let mut all = vec!["--rules", bad.to_str().unwrap()];
        all.extend(args);
        let o = e.run(&all);
        assert!(!o.status.success());
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(bad.to_str().unwrap())
                && err.contains(&format!("line {line}"))
                && err.contains("max_consecutive_days"),
            "{err}"
        );
    }
    let typo = e.dir.path().join("typo.toml");
    std::fs::write(
        &typo,
        include_str!("../../assets/rules.toml").replace("max_hours = 60.0", "max_hour = 60.0"),
    )
    .unwrap();
    let o = e.run(&["--rules", typo.to_str().unwrap(), "status"]);
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("typo.toml") && err.contains("line") && err.contains("max_hour"),
        "{err}"
    );
    assert_eq!(e.contents(), before, "never half-applied");
}

#[test]
fn schedule_and_callup_from_the_command_line() {
    let e = demo();
    let v = e.json(&["schedule", "--date", "06-11", "--json"]);
    assert_eq!(v["day"], "2021-06-11");
    let slots = v["slots"].as_array().unwrap();
    assert!(slots.iter().any(|s| s["short_by"].as_i64().unwrap() > 0));
    assert!(
        slots
            .iter()
            .all(|s| s["required"].is_i64() && s["assigned"].is_i64())
    );
    let gaps = e.json(&["schedule", "--date", "06-11", "--gaps", "--json"]);
    assert!(
        gaps["slots"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["short_by"].as_i64().unwrap() > 0)
    );
    let v = e.json(&["callup", "--post", "5", "--json", "--limit", "50"]);
    let c = v["candidates"].as_array().unwrap();
    assert!(!c.is_empty());
    // Same community first, all of them able to go.
    let same: Vec<bool> = c
        .iter()
        .map(|x| x["same_community"].as_bool().unwrap())
        .collect();
    assert!(same.windows(2).all(|w| w[0] >= w[1]), "{same:?}");
    assert!(c.iter().all(|x| x["status"] == "available"));
    let all = e.json(&["callup", "--post", "5", "--all", "--json", "--limit", "200"]);
    assert!(
        all["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["status"] != "available")
    );
    let text = e.ok(&["callup", "--post", "5"]);
    assert!(text.contains("can go"), "{text}");
}

/// A rest day ends without a reason; a forced rest only with one (audited).
#[test]
fn end_rest_asks_a_reason_only_of_a_forced_rest() {
    let e = demo();
    let p = free_person(&e, "4").to_string();
    e.ok(&[
        "do",
        "rest",
        "--kind",
        "rotation",
        "--person",
        &p,
        "--start",
        "06-10 08:00",
        "--hours",
        "1",
    ]);
    e.ok(&["do", "end-rest", "--person", &p]);
    let audit = e.audit();
    assert_eq!(audit[0]["action"], "end_rest");
    assert_eq!(audit[0]["details"]["kind"], "rotation");
    e.ok(&[
        "do",
        "force-rest",
        "--person",
        &p,
        "--reason",
        "连续值守超时",
    ]);
    let err = e.refused(&["--lang", "zh", "do", "end-rest", "--person", &p]);
    assert!(
        err.contains("提前结束须填写“提前结束强制休息的理由”")
            && err.trim_end().ends_with("[--reason REASON]"),
        "{err}"
    );
    e.ok(&["do", "end-rest", "--person", &p, "--reason", "卡口缺人"]);
    assert_eq!(e.audit()[0]["details"]["reason"], "卡口缺人");
}

/// `do reassign --end` on someone 13 h on duty used to exit 0 with a 23 h shift; it is the
/// same gate as `do shift move` now: refused naming the rule, accepted with `--override`,
/// whose audit row names what was overruled. `do shift move --end` on the started shift is
/// taken (only its end changes), its start is not.
#[test]
fn extending_a_running_shift_from_the_command_line_needs_a_reason() {
    let e = demo();
    let v = e.status();
    let row = &v["overdue_rest"][0];
    let code = row["staff_code"].as_str().unwrap().to_string();
    let err = e.refused(&[
        "do",
        "reassign",
        "--person",
        &code,
        "--post",
        "3",
        "--end",
        "06-10 18:00",
    ]);
    assert!(
        err.contains("continuous") || err.contains("on duty"),
        "{err}"
    );
    let zh = e.refused(&[
        "--lang",
        "zh",
        "do",
        "reassign",
        "--person",
        &code,
        "--post",
        "3",
        "--end",
        "06-10 18:00",
    ]);
    assert!(zh.contains("违反休息规则"), "{zh}");
    e.ok(&[
        "do",
        "reassign",
        "--person",
        &code,
        "--post",
        "3",
        "--end",
        "06-10 18:00",
        "--override",
        "无人接班",
    ]);
    let audit = e.audit();
    assert_eq!(audit[0]["details"]["override"], "无人接班");
    let rules: Vec<&str> = audit[0]["details"]["overridden"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["rule"].as_str())
        .collect();
    assert!(rules.contains(&"continuous_duty"), "{rules:?}");
    let shift = audit[0]["details"]["shift_id"]
        .as_i64()
        .unwrap()
        .to_string();
    // Only the end of a started shift moves; shortening it needs no reason.
    let out = e.ok(&[
        "do",
        "shift",
        "move",
        "--shift",
        &shift,
        "--end",
        "06-10 09:00",
    ]);
    assert!(out.contains("06-10 09:00"), "{out}");
    e.refused(&[
        "do",
        "shift",
        "move",
        "--shift",
        &shift,
        "--start",
        "06-10 07:00",
    ]);
}
