//! The desk's shift from the command line: `do desk sign-in|sign-out`, `do log`, and
//! `frontline handover` as Markdown, JSON and XLSX; bad input refused in one line.

use crate::support::cli::Env;

#[test]
fn sign_in_log_and_handover_from_the_command_line() {
    let e = Env::with_demo(200, 7);
    let op = ["--operator", "甲调度"];
    let said = e.ok(&[
        &op[..],
        &["--lang", "zh", "do", "desk", "sign-in", "--name", "甲调度"],
    ]
    .concat());
    assert_eq!(said, "甲调度 已签到接班，此后的操作记在其名下\n");
    let said = e.ok(&[
        &op[..],
        &["--lang", "en", "do", "log", "water delivered to post 3"],
    ]
    .concat());
    assert_eq!(said, "note written in the desk's log (甲调度)\n");
    let a = &e.audit()[0];
    assert_eq!(a["action"], "log_note");
    assert_eq!(a["operator"], "甲调度");
    assert_eq!(a["details"]["text"], "water delivered to post 3");

    // Refused, nothing written: an empty note, an empty name, a bad format or time.
    e.refused(&[&op[..], &["do", "log", "   "]].concat());
    e.refused(&[&op[..], &["do", "desk", "sign-in", "--name", " "]].concat());
    e.refused(&[&op[..], &["handover", "--format", "pdf"]].concat());
    e.refused(&[&op[..], &["handover", "--format", "xlsx"]].concat());
    e.refused(&[&op[..], &["handover", "--since", "tomorrow morning"]].concat());

    // The sheet runs from the operator's sign-in.
    let md = e.ok(&[&op[..], &["--lang", "en", "handover"]].concat());
    assert!(
        md.starts_with("# Handover — 甲调度's shift, 2021-06-10 08:00 to 2021-06-10 08:00\n"),
        "{md}"
    );
    for want in [
        "## The desk's log (1)",
        "- 06-10 08:00 甲调度: water delivered to post 3",
        "- 06-10 08:00 甲调度 signed in at the desk",
        "## Next shift change at",
    ] {
        assert!(md.contains(want), "{want} missing:\n{md}");
    }
    let zh = e.ok(&[&op[..], &["--lang", "zh", "handover", "--since", "07:00"]].concat());
    assert!(
        zh.starts_with("# 交接班 — 甲调度 的班次，2021-06-10 07:00"),
        "{zh}"
    );
    assert!(zh.contains("- 06-10 08:00 甲调度 签到接班"), "{zh}");
    let j = e.json(&[&op[..], &["handover", "--format", "json"]].concat());
    assert_eq!(j["handover"]["notes"].as_array().unwrap().len(), 1);
    assert!(
        j["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["heading"] == true)
    );
    let out = e.dir.path().join("h.xlsx");
    let p = out.to_str().unwrap();
    e.ok(&[&op[..], &["handover", "--format", "xlsx", "--out", p]].concat());
    assert!(std::fs::metadata(&out).unwrap().len() > 1000);

    // Signing out is audited under the name.
    e.ok(&[&op[..], &["do", "desk", "sign-out", "--name", "甲调度"]].concat());
    let a = &e.audit()[0];
    assert_eq!(
        (a["action"].as_str(), a["operator"].as_str()),
        (Some("desk_sign_out"), Some("甲调度"))
    );
}

/// Two desks act through `frontline do …` under their own `--operator`, the clock moving on;
/// desk A's sheet names desk B's actions by name, in both languages.
#[test]
fn the_handover_shows_the_other_desks_actions_by_name() {
    let mut e = Env::with_demo(200, 7);
    let conn = e.conn();
    let (id, name): (i64, String) = conn
        .query_row(
            "SELECT p.id, p.name FROM shifts s JOIN people p ON p.id = s.person_id
             WHERE s.status = 'active' ORDER BY p.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(conn);
    let (a, b) = (["--operator", "甲调度"], ["--operator", "乙调度"]);
    e.ok(&[&a[..], &["do", "desk", "sign-in", "--name", "甲调度"]].concat());
    e.now = "2021-06-10T08:05:00+08:00";
    e.ok(&[&b[..], &["do", "desk", "sign-in", "--name", "乙调度"]].concat());
    e.now = "2021-06-10T08:30:00+08:00";
    let who = format!("#{id}");
    e.ok(&[
        &b[..],
        &["do", "force-rest", "--person", &who, "--reason", "连续在岗"],
    ]
    .concat());
    e.now = "2021-06-10T08:45:00+08:00";
    e.ok(&[&b[..], &["do", "log", "三号卡口缺两人"]].concat());
    e.now = "2021-06-10T10:00:00+08:00";
    let en = e.ok(&[&a[..], &["--lang", "en", "handover", "--format", "md"]].concat());
    let zh = e.ok(&[&a[..], &["--lang", "zh", "handover", "--format", "md"]].concat());
    for (sheet, want) in [
        (
            &en,
            [
                "# Handover — 甲调度's shift, 2021-06-10 08:00 to 2021-06-10 10:00".to_string(),
                "- 06-10 08:05 乙调度 signed in at the desk".into(),
                format!("- 06-10 08:30 乙调度 put {name} in forced rest"),
                format!("- 06-10 08:30 {name}: 连续在岗"),
                "- 06-10 08:45 乙调度: 三号卡口缺两人".into(),
            ],
        ),
        (
            &zh,
            [
                "# 交接班 — 甲调度 的班次，2021-06-10 08:00 至 2021-06-10 10:00".to_string(),
                "- 06-10 08:05 乙调度 签到接班".into(),
                format!("- 06-10 08:30 乙调度 安排 {name} 强制休息"),
                format!("- 06-10 08:30 {name}：连续在岗"),
                "- 06-10 08:45 乙调度：三号卡口缺两人".into(),
            ],
        ),
    ] {
        for w in want {
            assert!(sheet.contains(&w), "{w} missing:\n{sheet}");
        }
        assert!(
            !sheet.contains("force_rest") && !sheet.contains("person:"),
            "{sheet}"
        );
    }
}

/// Stock that goes low on the shift, issued through `frontline do stock issue` by the other
/// desk, is in the Markdown, the JSON and the XLSX sheet, with the time it went under.
#[test]
fn stock_that_went_low_is_in_every_format_of_the_sheet() {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut e = Env::with_demo(200, 7);
    let conn = e.conn();
    // An item not low now (as `status` says), emptied at every depot that holds it: gone is low.
    let st = e.status();
    let fine = st["supplies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["low"] == false && s["on_hand"].as_i64() > Some(0))
        .unwrap_or_else(|| panic!("an item not low: {st}"));
    let code = fine["code"].as_str().unwrap().to_string();
    let (item, name_en, name_zh): (i64, String, String) = conn
        .query_row(
            "SELECT id, name_en, name_zh FROM supply_items WHERE code = ?1",
            [&code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let held: Vec<(i64, i64)> = conn
        .prepare("SELECT depot_id, on_hand FROM stock WHERE item_id = ?1 AND on_hand > 0")
        .unwrap()
        .query_map([item], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<frontline::store::db::Result<_>>()
        .unwrap();
    let post: i64 = conn
        .query_row("SELECT min(id) FROM posts", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    let (a, b) = (["--operator", "甲调度"], ["--operator", "乙调度"]);
    e.ok(&[&a[..], &["do", "desk", "sign-in", "--name", "甲调度"]].concat());
    e.now = "2021-06-10T09:20:00+08:00";
    for (depot, n) in &held {
        let (depot, n, post) = (depot.to_string(), n.to_string(), format!("#{post}"));
        e.ok(&[
            &b[..],
            &[
                "do",
                "stock",
                "issue",
                "--item",
                &code,
                "--quantity",
                &n,
                "--depot",
                &depot,
                "--post",
                &post,
            ],
        ]
        .concat());
    }
    e.now = "2021-06-10T10:00:00+08:00";
    let total: i64 = held.iter().map(|h| h.1).sum();
    let md = e.ok(&[&a[..], &["--lang", "en", "handover"]].concat());
    let went = format!("- 06-10 09:20 {name_en}: {total} → 0 ");
    assert!(
        md.contains("## Stock that went low (1)") && md.contains(&went),
        "{went}:\n{md}"
    );
    let zh = e.ok(&[&a[..], &["--lang", "zh", "handover"]].concat());
    let went_zh = format!("- 06-10 09:20 {name_zh}：{total} → 0 ");
    assert!(
        zh.contains("## 本班转为告急的物资 (1)") && zh.contains(&went_zh),
        "{zh}"
    );
    let j = e.json(&[&a[..], &["handover", "--format", "json"]].concat());
    let w = &j["handover"]["stock_went_low"];
    assert_eq!(w.as_array().unwrap().len(), 1, "{w}");
    assert_eq!(
        (&w[0]["code"], &w[0]["on_hand_since"], &w[0]["on_hand"]),
        (
            &serde_json::json!(code),
            &serde_json::json!(total),
            &serde_json::json!(0)
        )
    );
    let out = e.dir.path().join("h.xlsx");
    let p = out.to_str().unwrap();
    e.ok(&[
        &a[..],
        &["--lang", "en", "handover", "--format", "xlsx", "--out", p],
    ]
    .concat());
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    let cells: Vec<String> = wb
        .worksheet_range(&sheet)
        .unwrap()
        .rows()
        .map(|r| r[0].to_string())
        .collect();
    assert!(
        cells.iter().any(|c| c == "Stock that went low (1)"),
        "{cells:?}"
    );
    assert!(cells.iter().any(|c| c.starts_with(&went[2..])), "{cells:?}");
}
