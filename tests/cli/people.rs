//! The real binary: `do person|party|nominate|nomination …` through the one executor, the
//! read-only `people`, `person`, `party` and `honours` listings, and refusals that print one
//! line and write nothing.

use crate::support::cli::Env;
use serde_json::Value;

fn demo() -> Env {
    Env::with_demo(300, 14)
}

impl Env {
    fn person(&self, code: &str) -> Value {
        self.json(&["person", code, "--json"])
    }
}

#[test]
fn add_edit_retire_and_reinstate_from_the_command_line() {
    let e = demo();
    let out = e.ok(&[
        "do",
        "person",
        "add",
        "--name",
        "林晓",
        "--code",
        "WJ0001",
        "--category",
        "志愿者",
        "--unit",
        "荔湾区志愿者协会",
        "--phone",
        "13800138000",
        "--party",
        "applicant",
    ]);
    assert_eq!(out.trim(), "林晓 added as WJ0001");
    let p = e.person("WJ0001");
    assert_eq!(p["person"]["category"], "volunteer");
    assert_eq!(p["person"]["state"], "off");
    let out = e.ok(&[
        "do",
        "person",
        "edit",
        "--person",
        "WJ0001",
        "--phone",
        "+85291234567",
    ]);
    assert!(out.contains("changed: phone"), "{out}");
    assert_eq!(e.person("WJ0001")["person"]["phone"], "+85291234567");
    e.ok(&[
        "do",
        "person",
        "retire",
        "--person",
        "WJ0001",
        "--reason",
        "返回原单位",
    ]);
    let p = e.person("WJ0001");
    assert_eq!(p["person"]["state"], "retired");
    // Still listed, marked.
    let list = e.json(&["people", "--json", "--search", "WJ0001"]);
    assert_eq!(list["total"], 1);
    assert_eq!(list["rows"][0]["state"], "retired");
    let err = e.refused(&["do", "check-in", "--person", "WJ0001", "--post", "1"]);
    assert!(err.contains("retired"), "{err}");
    e.ok(&["do", "person", "reinstate", "--person", "WJ0001"]);
    assert_eq!(e.person("WJ0001")["person"]["state"], "off");
    let actions: Vec<String> = e
        .json(&["audit", "--json", "--limit", "4"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        actions,
        [
            "person_reinstate",
            "person_retire",
            "person_edit",
            "person_add"
        ]
    );
}

#[test]
fn bad_people_are_refused_with_one_line_and_nothing_written() {
    let e = demo();
    let err = e.refused(&[
        "do",
        "person",
        "add",
        "--name",
        "某人",
        "--category",
        "boss",
    ]);
    assert!(err.contains("unknown category 'boss'"), "{err}");
    let err = e.refused(&[
        "do",
        "person",
        "add",
        "--name",
        "某人",
        "--category",
        "cadre",
        "--phone",
        "12345",
    ]);
    assert!(err.contains("bad phone number '12345'"), "{err}");
    let err = e.refused(&[
        "do",
        "person",
        "add",
        "--name",
        "某人",
        "--category",
        "cadre",
        "--code",
        "FL000001",
    ]);
    assert!(err.contains("staff code FL000001 is already"), "{err}");
    let err = e.refused(&[
        "do",
        "person",
        "add",
        "--name",
        "某人",
        "--category",
        "cadre",
        "--community",
        "月球社区",
    ]);
    assert!(err.contains("月球社区"), "{err}");
    let err = e.refused(&["do", "person", "add", "--name", " ", "--category", "cadre"]);
    assert!(err.contains("bad name"), "{err}");
    // Someone on duty is not retired.
    let on_duty = e.json(&["status", "--json"])["on_duty"][0]["staff_code"]
        .as_str()
        .unwrap()
        .to_string();
    let err = e.refused(&["do", "person", "retire", "--person", &on_duty]);
    assert!(err.contains("is on duty"), "{err}");
    // In Chinese too.
    let o = e.run(&[
        "--lang",
        "zh",
        "do",
        "person",
        "add",
        "--name",
        "某人",
        "--category",
        "boss",
    ]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("未知类别"));
}

#[test]
fn party_development_and_honours_from_the_command_line() {
    let e = demo();
    let list = e.json(&["party", "--json", "--limit", "1000"]);
    let free = list["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["development"].is_null())
        .expect("an applicant or activist not flagged yet");
    let code = free["staff_code"].as_str().unwrap().to_string();
    let err = e.refused(&["do", "party", "admit", "--person", &code]);
    assert!(err.contains("not on the development list"), "{err}");
    e.ok(&[
        "do",
        "party",
        "flag",
        "--person",
        &code,
        "--note",
        "封控区连续值守",
    ]);
    e.ok(&["do", "party", "recommend", "--person", &code]);
    let out = e.ok(&["do", "party", "admit", "--person", &code]);
    assert!(out.contains("admitted to the party"), "{out}");
    let p = e.person(&code);
    assert_eq!(p["person"]["party_status"], "member");
    assert_eq!(p["development"]["status"], "admitted");
    // Dual registration.
    let out = e.ok(&[
        "do",
        "party",
        "set",
        "--person",
        &code,
        "--branch",
        "社区党委",
        "--residence",
        "1",
    ]);
    assert!(out.contains("dual registration yes"), "{out}");
    assert_eq!(e.person(&code)["person"]["dual_registered"], true);
    // A nomination with its evidence, then approved and publicised.
    let out = e.ok(&[
        "do",
        "nominate",
        "--person",
        &code,
        "--deeds",
        "连续14天坚守卡口",
    ]);
    assert!(out.contains("nominated (#"), "{out}");
    let honours = e.json(&["honours", "--json"]);
    let n = honours["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["staff_code"] == code.as_str())
        .unwrap()
        .clone();
    assert_eq!(n["status"], "nominated");
    assert!(n["evidence"]["hours"].as_f64().unwrap() > 0.0, "{n}");
    let id = n["id"].to_string();
    let err = e.refused(&["do", "nomination", "publicise", "--id", &id]);
    assert!(err.contains("is nominated"), "{err}");
    e.ok(&["do", "nomination", "approve", "--id", &id]);
    e.ok(&["do", "nomination", "publicise", "--id", &id]);
    let err = e.refused(&["do", "nominate", "--person", &code, "--deeds", " "]);
    assert!(err.contains("deeds are required"), "{err}");
    let text = e.ok(&["--lang", "zh", "person", &code]);
    assert!(
        text.contains("推荐与表彰 (1)") && text.contains("已宣传"),
        "{text}"
    );
    let text = e.ok(&["honours"]);
    assert!(
        text.contains("publicised") && text.contains("连续14天坚守卡口"),
        "{text}"
    );
}

#[test]
fn people_lists_sorts_and_searches() {
    let e = demo();
    let all = e.json(&["people", "--json", "--limit", "5", "--sort", "status"]);
    assert_eq!(all["rows"][0]["state"], "on_duty");
    let total = all["total"].as_i64().unwrap();
    assert!(total >= 300);
    let page = e.json(&["people", "--json", "--offset", "295", "--limit", "100"]);
    assert_eq!(page["rows"].as_array().unwrap().len() as i64, total - 295);
    let one = e.json(&["people", "--json", "--search", "FL000042"]);
    assert_eq!(one["total"], 1);
    let text = e.ok(&["people", "--search", "FL000042"]);
    assert!(text.starts_with("FL000042"), "{text}");
    let o = e.run(&["people", "--sort", "height"]);
    assert!(!o.status.success());
    let o = e.run(&["person", "NOBODY"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown person 'NOBODY'"));
}

/// A numeric staff code never shadows a person id, a shared name is never
/// guessed, and the explicit forms (`#42`, `--person-id 42`) always name the one person.
#[test]
fn a_person_is_named_explicitly_and_several_matches_are_refused() {
    let e = demo();
    let name_of = |key: &str| {
        e.person(key)["person"]["name"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let holder42 = name_of("42");
    e.ok(&[
        "do",
        "person",
        "add",
        "--name",
        "数字工号",
        "--code",
        "42",
        "--category",
        "volunteer",
    ]);
    // "42" now names two people: refused, both listed, nothing written.
    let err = e.refused(&["do", "force-rest", "--person", "42", "--reason", "test"]);
    assert!(err.contains("names 2 people"), "{err}");
    assert!(err.contains("数字工号") && err.contains(&holder42), "{err}");
    assert!(err.contains("#42 "), "{err}");
    let err = e.refused(&["person", "42"]);
    assert!(err.contains("names 2 people"), "{err}");
    // The explicit id form and the flag reach person 42, never the code's holder.
    e.ok(&["do", "force-rest", "--person-id", "42", "--reason", "test"]);
    assert_eq!(e.person("#42")["person"]["state"], "forced_rest");
    e.ok(&["do", "end-rest", "--person", "#42", "--reason", "误操作"]);
    e.ok(&["do", "force-rest", "--person-id=42", "--reason", "test"]);
    assert_eq!(e.person("#42")["person"]["name"], holder42.as_str());
    assert_eq!(e.person("#42")["person"]["state"], "forced_rest");
    let new_id = e.json(&["people", "--json", "--search", "数字工号"])["rows"][0]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(e.person(&format!("#{new_id}"))["person"]["state"], "off");
    e.refused(&["person", "#999999"]);
    e.refused(&["person", "#abc"]);

    // A name shared by two people: refused with staff code, community, phone tail and state.
    for (code, phone) in [("SAME01", "13800001111"), ("SAME02", "13800002222")] {
        e.ok(&[
            "do",
            "person",
            "add",
            "--name",
            "范杰邦",
            "--code",
            code,
            "--category",
            "cadre",
            "--phone",
            phone,
        ]);
    }
    let err = e.refused(&["do", "check-in", "--person", "范杰邦", "--post", "1"]);
    for part in [
        "SAME01",
        "SAME02",
        "☎1111",
        "☎2222",
        "off duty",
        "names 2 people",
    ] {
        assert!(err.contains(part), "{part}: {err}");
    }
    let err = e.refused(&[
        "--lang",
        "zh",
        "do",
        "check-in",
        "--person",
        "范杰邦",
        "--post",
        "1",
    ]);
    assert!(err.contains("对应 2 人") && err.contains("待命"), "{err}");
    // The staff code names one of them.
    e.ok(&["do", "check-in", "--person", "SAME02", "--post", "1"]);
    assert_eq!(e.person("SAME02")["person"]["state"], "on_duty");
    assert_eq!(e.person("SAME01")["person"]["state"], "off");
}

/// A staff code may not look like an id, nor hide invisible or reordering characters.
#[test]
fn staff_codes_and_names_refuse_the_id_form_and_invisible_characters() {
    let e = demo();
    for (code, name) in [
        ("#7", "甲"),
        ("FL000001\u{200B}", "乙"),
        ("AB\u{202E}CD", "丙"),
        ("OK0001", "\u{200B}"),
        ("OK0002", "丁\u{2067}"),
    ] {
        let err = e.refused(&[
            "do",
            "person",
            "add",
            "--name",
            name,
            "--code",
            code,
            "--category",
            "volunteer",
        ]);
        assert!(err.contains("invisible"), "{code:?} {name:?}: {err}");
    }
    // 就地转化 takes the same rule for the name.
    let err = e.refused(&["do", "convert", "--name", "\u{200B}", "--community", "1"]);
    assert!(err.contains("invalid name"), "{err}");
}
