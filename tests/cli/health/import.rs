//! `frontline import health|tests FILE` from exports shaped like 问卷星, 腾讯问卷 and
//! 金数据 and a lab's list (generated here: extra columns, GBK, numbers as text and as numbers),
//! in both languages; every bad row named by line with nothing written; a bulk positive has every
//! effect of `do test --result positive`.

use crate::support::cli::Env;
use rust_xlsxwriter::Workbook;
use serde_json::Value;

/// 11:00, after the 10:00 report deadline: who has not reported is "missing".
const NOW: &str = "2021-06-10T11:00:00+08:00";

fn demo() -> Env {
    let mut e = Env::with_demo(300, 14);
    e.now = NOW;
    e
}

/// A person not yet reported today, with what a form would carry.
#[derive(Debug, Clone)]
struct P {
    id: i64,
    name: String,
    code: String,
    phone: String,
}

impl Env {
    fn summary(&self) -> Value {
        self.json(&["health", "--json"])["summary"].clone()
    }

    /// People without a report today whose name and phone are theirs alone (so a row may name
    /// them by either), in id order.
    fn unreported(&self, n: usize) -> Vec<P> {
        let v = self.json(&["health", "--json"]);
        let missing: Vec<i64> = v["people"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["report"] == "missing")
            .map(|p| p["id"].as_i64().unwrap())
            .collect();
        let c = self.conn();
        let mut out = Vec::new();
        for id in missing {
            let (name, code, phone): (String, String, String) = c
                .query_row(
                    "SELECT name, staff_code, phone FROM people WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .unwrap();
            let same: i64 = c
                .query_row(
                    "SELECT count(*) FROM people WHERE name = ?1 OR (phone = ?2 AND phone <> '')",
                    [&name, &phone],
                    |r| r.get(0),
                )
                .unwrap();
            if same == 1 && phone.len() == 11 {
                out.push(P {
                    id,
                    name,
                    code,
                    phone,
                });
            }
            if out.len() == n {
                break;
            }
        }
        assert_eq!(out.len(), n, "enough unreported people with a unique name");
        out
    }

    fn write(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    }

    fn table_counts(&self) -> String {
        let c = self.conn();
        [
            "audit_log",
            "health_reports",
            "nucleic_tests",
            "alerts",
            "out_of_service",
        ]
        .iter()
        .map(|t| {
            let n: i64 = c
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .unwrap();
            format!("{t}={n}")
        })
        .collect::<Vec<_>>()
        .join(" ")
    }
}

fn gbk(text: &str) -> Vec<u8> {
    let (b, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad);
    b.into_owned()
}

#[test]
fn a_wjx_csv_in_gbk_lowers_not_reported_by_exactly_the_matched_rows() {
    let e = demo();
    let people = e.unreported(12);
    let before = e.summary();
    // 问卷星: 序号, 提交答卷时间, 所用时间, 来源, IP … then numbered questions; GBK from Excel.
    let mut csv = String::from(
        "序号,提交答卷时间,所用时间,来源,来源详情,来自IP,1、您的姓名,2、工号,3、手机号,4、体温(℃),5、是否有症状,6、身体状况,7、备注\n",
    );
    for (i, p) in people.iter().enumerate() {
        // Named by staff code, by phone alone, or by name alone.
        let (code, phone, name) = match i % 3 {
            0 => (p.code.as_str(), "", ""),
            1 => ("", p.phone.as_str(), ""),
            _ => ("", "", p.name.as_str()),
        };
        let (temp, symptoms) = if i == 0 {
            ("37.8", "咳嗽")
        } else {
            ("36.5", "否")
        };
        csv += &format!(
            "{},2021/6/10 7:{:02}:10,95秒,手机提交,直接访问,113.1.1.{i}(广东-广州),{name},{code},{phone},{temp},{symptoms},良好,\n",
            i + 1,
            10 + i
        );
    }
    let f = e.write("wjx.csv", &gbk(&csv));
    let dry = e.ok(&["--lang", "zh", "import", "health", &f, "--dry-run"]);
    assert_eq!(
        dry.trim(),
        "试导入（未写入）：新增 12，替换 0，未变 0，找不到 0 人，对应多人 0，错误行 0"
    );
    assert_eq!(e.summary(), before, "a dry run writes nothing");
    let audit = e.audit_len();
    let out = e.ok(&["--lang", "zh", "import", "health", &f]);
    assert_eq!(out.trim(), "健康日报已导入：新增 12，替换 0，未变 0");
    assert_eq!(e.audit_len(), audit + 1, "one audit row");
    let after = e.summary();
    assert_eq!(
        after["missing"].as_u64().unwrap(),
        before["missing"].as_u64().unwrap() - 12
    );
    assert_eq!(
        after["reported"].as_u64().unwrap(),
        before["reported"].as_u64().unwrap() + 12
    );
    assert_eq!(
        after["unwell"].as_u64().unwrap(),
        before["unwell"].as_u64().unwrap() + 1
    );
    // On time: the submission (07:10), not the import (11:00), is when they reported.
    let v = e.json(&["health", "--json"]);
    let row = v["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == people[1].id)
        .unwrap()
        .clone();
    assert_eq!(row["report"], "reported", "{row}");
    // Again: nothing changes.
    let again = e.ok(&["import", "health", &f]);
    assert_eq!(
        again.trim(),
        "health reports imported: 0 new, 0 replaced, 12 unchanged"
    );
    assert_eq!(e.summary(), after);
    // The audit row has counts only: no name, phone, temperature or symptom.
    let last = e.audit().into_iter().next().unwrap();
    assert_eq!(last["action"], "import_health");
    let text = last.to_string();
    for p in &people {
        assert!(
            !text.contains(&p.name) && !text.contains(&p.phone),
            "{text}"
        );
    }
    assert!(!text.contains("37.8") && !text.contains("咳嗽"), "{text}");
    let log = std::fs::read_to_string(e.dir.path().join("frontline.log")).unwrap_or_default();
    assert!(!log.contains("咳嗽") && !log.contains(&people[0].name));
}

#[test]
fn a_tencent_xlsx_with_numbers_as_numbers_replaces_an_earlier_report() {
    let e = demo();
    let people = e.unreported(4);
    let p0 = &people[0];
    e.ok(&[
        "do",
        "health",
        "--person",
        &format!("#{}", p0.id),
        "--temp",
        "36.6",
    ]);
    let before = e.summary();
    // 腾讯问卷: 编号, 开始/结束答题时间 (real dates), 答题时长, Q1. … ; phone and temperature
    // typed as numbers, the staff code as text.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let heads = [
        "编号",
        "开始答题时间",
        "结束答题时间",
        "答题时长",
        "IP",
        "Q1. 姓名",
        "Q2. 工号",
        "Q3. 手机号",
        "Q4. 体温",
        "Q5. 身体状况",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (i, p) in people.iter().enumerate() {
        let r = i as u32 + 1;
        let at = rust_xlsxwriter::ExcelDateTime::parse_from_str(&format!(
            "2021-06-10 08:{:02}:00",
            i * 5
        ))
        .unwrap();
        ws.write_number(r, 0, f64::from(r)).unwrap();
        ws.write_datetime_with_format(r, 1, &at, &fmt).unwrap();
        ws.write_datetime_with_format(r, 2, &at, &fmt).unwrap();
        ws.write_string(r, 3, "1分10秒").unwrap();
        ws.write_string(r, 4, "10.0.0.1").unwrap();
        ws.write_string(r, 5, &p.name).unwrap();
        ws.write_string(r, 6, if i == 3 { "" } else { &p.code })
            .unwrap();
        ws.write_number(r, 7, p.phone.parse::<f64>().unwrap())
            .unwrap();
        ws.write_number(r, 8, 36.4 + i as f64 / 10.0).unwrap();
        ws.write_string(r, 9, "正常").unwrap();
    }
    let path = e.dir.path().join("tencent.xlsx");
    wb.save(&path).unwrap();
    let f = path.to_string_lossy().into_owned();
    let out = e.ok(&["import", "health", &f]);
    assert_eq!(
        out.trim(),
        "health reports imported: 3 new, 1 replaced, 0 unchanged"
    );
    let after = e.summary();
    assert_eq!(
        after["missing"].as_u64().unwrap(),
        before["missing"].as_u64().unwrap() - 3,
        "the replaced report was already counted"
    );
    let t: i64 = e
        .conn()
        .query_row(
            "SELECT temp_dc FROM health_reports WHERE person_id = ?1 ORDER BY day DESC LIMIT 1",
            [p0.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(t, 364, "the form's report replaced the console's");
}

#[test]
fn a_jinshuju_csv_in_english_reads_every_way_of_writing_a_temperature() {
    let e = demo();
    let people = e.unreported(5);
    let before = e.summary();
    // 金数据: 序号, fields, then 提交人, 提交时间, 填写设备 …; English headers here, UTF-8 BOM.
    let mut csv = String::from(
        "\u{feff}Serial,Name,Phone,Temperature,Symptoms,Condition,Notes,Submitter,Submitted at,Device,IP\n",
    );
    let temps = ["36,5", "三十六度五", "36.5℃", "37.4 °C", "36度8"];
    for (i, p) in people.iter().enumerate() {
        csv += &format!(
            "{},{},{},\"{}\",{},{},,wx_{i},2021-06-10 09:0{i}:00,iPhone,1.2.3.4\n",
            i + 1,
            p.name,
            p.phone,
            temps[i],
            if i == 3 { "cough" } else { "no" },
            if i == 4 { "unwell" } else { "fit" },
        );
    }
    let f = e.write("jsj.csv", csv.as_bytes());
    let out = e.ok(&["import", "health", &f]);
    assert_eq!(
        out.trim(),
        "health reports imported: 5 new, 0 replaced, 0 unchanged"
    );
    let after = e.summary();
    assert_eq!(
        after["missing"].as_u64().unwrap(),
        before["missing"].as_u64().unwrap() - 5
    );
    assert_eq!(
        after["unwell"].as_u64().unwrap(),
        before["unwell"].as_u64().unwrap() + 2,
        "37.4 with a cough, and one unwell"
    );
    let temps: Vec<i64> = people
        .iter()
        .map(|p| {
            e.conn()
                .query_row(
                    "SELECT temp_dc FROM health_reports WHERE person_id = ?1 AND day = (SELECT max(day) FROM health_reports)",
                    [p.id],
                    |r| r.get(0),
                )
                .unwrap()
        })
        .collect();
    assert_eq!(temps, vec![365, 365, 365, 374, 368]);
}

#[test]
fn every_bad_row_is_named_by_line_and_nothing_is_written() {
    let e = demo();
    let people = e.unreported(8);
    // Two people share a phone: a row naming it is never guessed.
    let c = e.conn();
    c.execute(
        "UPDATE people SET phone = '13900000000' WHERE id IN (?1, ?2)",
        [people[6].id, people[7].id],
    )
    .unwrap();
    drop(c);
    let csv = format!(
        "姓名,工号,手机号,体温,提交时间\n\
         {},{},,36.5,2021-06-10 07:00\n\
         {},{},,45,2021-06-10 07:00\n\
         {},{},,hot,2021-06-10 07:00\n\
         {},{},,36.5,2021-06-10 12:00\n\
         {},{},,36.5,2021-06-01 07:00\n\
         无此人,,,36.5,2021-06-10 07:00\n\
         ,,13900000000,36.5,2021-06-10 07:00\n",
        people[0].name,
        people[0].code,
        people[1].name,
        people[1].code,
        people[2].name,
        people[2].code,
        people[3].name,
        people[3].code,
        people[4].name,
        people[4].code,
    );
    let f = e.write("bad.csv", csv.as_bytes());
    let before = e.table_counts();
    let o = e.run(&["import", "health", &f]);
    assert!(!o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], "line 3: temperature: '45' is outside 34–43 °C");
    assert!(lines[1].starts_with("line 4: temperature: cannot read 'hot'"));
    assert_eq!(
        lines[2],
        "line 5: submitted: '2021-06-10 12:00' is in the future"
    );
    assert_eq!(
        lines[3],
        "line 6: submitted: '2021-06-01 07:00' is more than 7 days old"
    );
    assert_eq!(lines[4], "line 7: name: no one matches '无此人'");
    assert!(
        lines[5].starts_with("line 8: phone: '13900000000' matches 2 people, none is guessed: #"),
        "{}",
        lines[5]
    );
    assert!(
        lines[5].contains(&people[6].code) && lines[5].contains(&people[7].code),
        "{}",
        lines[5]
    );
    assert_eq!(
        lines[6],
        "error: 6 bad rows; nothing written (--skip-invalid imports the 1 good rows)"
    );
    assert_eq!(e.table_counts(), before, "nothing written");
    // The dry run counts them; --skip-invalid writes the one good row.
    let o = e.run(&["import", "health", &f, "--dry-run"]);
    assert_eq!(
        String::from_utf8(o.stdout).unwrap().trim(),
        "dry run (nothing written): 1 new, 0 replaced, 0 unchanged, 1 not found, 1 ambiguous, 6 bad rows"
    );
    assert_eq!(e.table_counts(), before);
    let o = e.run(&["--lang", "zh", "import", "health", &f, "--skip-invalid"]);
    assert!(o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.starts_with("第 3 行 体温：“45”超出 34–43 °C\n"),
        "{err}"
    );
    assert_eq!(
        String::from_utf8(o.stdout).unwrap().trim(),
        "健康日报已导入：新增 1，替换 0，未变 0，跳过错误行 6"
    );
}

#[test]
fn an_unknown_header_lists_the_files_headers_and_map_fixes_it() {
    let e = demo();
    let p = &e.unreported(1)[0];
    let csv = format!("序号,人员姓名,腋下温度\n1,{},36.6\n", p.name);
    let f = e.write("odd.csv", csv.as_bytes());
    let err = e.refused(&["import", "health", &f]);
    assert!(
        err.starts_with("error: unrecognised header, missing: name, staff code or phone (one at least), 体温 (temperature); the file's headers: 序号 | 人员姓名 | 腋下温度; expected names: 提交时间/submitted, 姓名/name"),
        "{err}"
    );
    let err = e.refused(&[
        "--lang",
        "zh",
        "import",
        "health",
        &f,
        "--map",
        "体温=腋下温度",
    ]);
    assert!(
        err.contains("缺少：姓名/工号/手机号（至少一个）；"),
        "{err}"
    );
    let err = e.refused(&["import", "health", &f, "--map", "体温=无此列"]);
    assert!(
        err.starts_with("error: --map '体温=无此列' cannot be used"),
        "{err}"
    );
    let out = e.ok(&[
        "import",
        "health",
        &f,
        "--map",
        "体温=腋下温度",
        "--map",
        "name=人员姓名",
    ]);
    assert_eq!(
        out.trim(),
        "health reports imported: 1 new, 0 replaced, 0 unchanged"
    );
}

/// What a positive result leaves for a person: on duty, planned shifts still to come, out of
/// service, unacknowledged positive-test alerts.
fn effects(e: &Env, id: i64) -> (bool, i64, bool, i64) {
    let c = e.conn();
    let q = |sql: &str| -> i64 { c.query_row(sql, [id], |r| r.get(0)).unwrap() };
    (
        q("SELECT count(*) FROM shifts WHERE person_id = ?1 AND status = 'active'") > 0,
        q("SELECT count(*) FROM shifts WHERE person_id = ?1 AND status = 'planned'"),
        q("SELECT count(*) FROM out_of_service WHERE person_id = ?1 AND end_at IS NULL") > 0,
        q(
            "SELECT count(*) FROM alerts WHERE person_id = ?1 AND acknowledged_at IS NULL AND kind = 'positive_test'",
        ),
    )
}

#[test]
fn a_positive_in_a_lab_list_has_every_effect_of_a_console_positive() {
    let e = demo();
    let on_duty: Vec<(i64, String, String)> = e.status()["on_duty"]
        .as_array()
        .unwrap()
        .iter()
        .take(4)
        .map(|r| {
            let id = r["id"].as_i64().unwrap();
            let (name, code): (String, String) = e
                .conn()
                .query_row(
                    "SELECT name, staff_code FROM people WHERE id = ?1",
                    [id],
                    |x| Ok((x.get(0)?, x.get(1)?)),
                )
                .unwrap();
            (id, name, code)
        })
        .collect();
    let (bulk, console) = (&on_duty[0], &on_duty[1]);
    // Both have a planned shift still to come, so the cancelling shows.
    let c = e.conn();
    for (id, _, _) in [bulk, console] {
        c.execute(
            // 2021-06-11 08:00 to 16:00 (+08:00), as unix seconds.
            "INSERT INTO shifts(person_id, post_id, planned_start, planned_end, status)
             VALUES (?1, 1, 1623369600, 1623398400, 'planned')",
            [id],
        )
        .unwrap();
    }
    drop(c);
    let before = effects(&e, bulk.0);
    assert!(before.0 && before.1 > 0 && !before.2, "{before:?}");
    e.ok(&[
        "do",
        "test",
        "--person",
        &format!("#{}", console.0),
        "--result",
        "positive",
        "--at",
        "06-10 07:30",
    ]);
    // A lab list: 序号, 姓名, 证件号 (not kept by Frontline), 工号, 采样时间, 检测结果, 采样点, 检测机构.
    let mut csv = String::from("序号,姓名,证件号,工号,采样时间,检测结果,采样点,检测机构\n");
    csv += &format!(
        "1,{},440103199001011234,{},2021-06-10 07:30,阳性,沙面采样点,金域\n",
        bulk.1, bulk.2
    );
    csv += &format!(
        "2,{},,{},2021-06-10 07:30,阴性,沙面采样点,金域\n",
        on_duty[2].1, on_duty[2].2
    );
    csv += &format!(
        "3,{},,{},2021-06-10 07:31,待出,沙面采样点,金域\n",
        on_duty[3].1, on_duty[3].2
    );
    let f = e.write("lab.csv", &gbk(&csv));
    let dry = e.ok(&["import", "tests", &f, "--dry-run"]);
    assert_eq!(
        dry.trim(),
        "dry run (nothing written): 3 new, 0 replaced, 0 unchanged, 1 positive, 0 not found, 0 ambiguous, 0 bad rows"
    );
    assert_eq!(effects(&e, bulk.0), before);
    let out = e.ok(&["--lang", "zh", "import", "tests", &f]);
    assert_eq!(
        out.trim(),
        "核酸结果已导入：新增 3，替换 0，未变 0，阳性 1（阳性者已下岗、取消排班、停止上岗并报警）"
    );
    assert_eq!(effects(&e, bulk.0), effects(&e, console.0));
    assert_eq!(effects(&e, bulk.0), (false, 0, true, 1));
    assert!(effects(&e, on_duty[2].0).0, "a negative stays on duty");
    // Check-in is refused for the bulk positive exactly as for the console's.
    for id in [bulk.0, console.0] {
        let err = e.refused(&[
            "do",
            "check-in",
            "--person",
            &format!("#{id}"),
            "--post",
            "1",
            "--override",
            "急需",
        ]);
        assert!(err.contains("out of service (health)"), "{err}");
    }
    // Again: unchanged, no second alert.
    let again = e.ok(&["import", "tests", &f]);
    assert_eq!(
        again.trim(),
        "test results imported: 0 new, 0 replaced, 3 unchanged, 0 positive"
    );
    assert_eq!(effects(&e, bulk.0).3, 1);
}

#[test]
fn a_lab_list_with_an_unknown_result_or_a_repeated_row_is_refused() {
    let e = demo();
    let p = e.unreported(2);
    let csv = format!(
        "name,staff code,sampled at,result,site\n\
         {},{},2021-06-10 07:30,negative,A\n\
         {},{},2021-06-10 07:30,negative,A\n\
         {},{},2021-06-10 07:30,inconclusive,A\n",
        p[0].name, p[0].code, p[0].name, p[0].code, p[1].name, p[1].code
    );
    let f = e.write("lab_en.csv", csv.as_bytes());
    let before = e.table_counts();
    let o = e.run(&["import", "tests", &f]);
    assert!(!o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(
        err,
        "line 3: sampled: same person and time as line 2\n\
         line 4: result: unknown 'inconclusive' (negative, positive, pending; 阴性, 阳性, 待出)\n\
         error: 2 bad rows; nothing written (--skip-invalid imports the 1 good rows)\n"
    );
    assert_eq!(e.table_counts(), before);
}

#[test]
fn a_later_submission_the_same_day_supersedes_an_earlier_one_in_the_file() {
    let e = demo();
    let p = &e.unreported(1)[0];
    let csv = format!(
        "提交时间,工号,体温\n2021-06-10 08:30,{c},37.0\n2021-06-10 07:30,{c},36.5\n2021-06-09 07:30,{c},36.6\n",
        c = p.code
    );
    let f = e.write("twice.csv", csv.as_bytes());
    let out = e.ok(&["import", "health", &f]);
    assert_eq!(
        out.trim(),
        // Yesterday's report, which the demo has, is replaced.
        "health reports imported: 1 new, 1 replaced, 0 unchanged, 1 earlier the same day superseded"
    );
    let c = e.conn();
    let t: Vec<(i64, i64)> = c
        .prepare("SELECT day, temp_dc FROM health_reports WHERE person_id = ?1 ORDER BY day DESC LIMIT 2")
        .unwrap()
        .query_map([p.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        (t[0].1, t[1].1),
        (370, 366),
        "the later of the day, and the day before"
    );
    assert_eq!(t[0].0, t[1].0 + 1);
}

/// The config file keeps a form's mappings: `--form` applies them (no `--map` needed), `--map`
/// wins over them, an unknown form names the known ones, and a bad entry is refused by line.
#[test]
fn a_forms_mapping_in_the_config_file_imports_an_unusual_header_without_map() {
    let e = demo();
    let ps = e.unreported(2);
    let conf = e.write(
        "frontline.toml",
        "mouse = true\n\n[[import.health.form]]\nname = \"问卷星\"\nmap = [\"体温=腋下温度\", \"姓名=人员姓名\"]\n\n[[import.health.form]]\nname = \"lab\"\nmap = [\"result=化验结果\"]\n"
            .as_bytes(),
    );
    let csv = format!(
        "序号,人员姓名,腋下温度,IP\n1,{},36.6,1.2.3.4\n2,{},36.8,1.2.3.5\n",
        ps[0].name, ps[1].name
    );
    let f = e.write("wjx.csv", csv.as_bytes());
    let err = e.refused(&["--config", &conf, "import", "health", &f]);
    assert!(err.starts_with("error: unrecognised header"), "{err}");
    let err = e.refused(&[
        "--config",
        &conf,
        "import",
        "health",
        &f,
        "--form",
        "金数据",
    ]);
    assert_eq!(
        err.trim(),
        "error: no form '金数据' in the config file; it has: lab, 问卷星"
    );
    // `--map` wins over the form's: 序号 as the temperature is out of range on every row.
    let counts = e.table_counts();
    let o = e.run(&[
        "--config",
        &conf,
        "import",
        "health",
        &f,
        "--form",
        "问卷星",
        "--map",
        "体温=序号",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.starts_with("line 2: temperature: '1' is outside 34–43 °C\nline 3:"),
        "{err}"
    );
    assert_eq!(e.table_counts(), counts, "nothing written");
    let before = e.summary()["reported"].as_i64().unwrap();
    let out = e.ok(&[
        "--config",
        &conf,
        "import",
        "health",
        &f,
        "--form",
        "问卷星",
    ]);
    assert_eq!(
        out.trim(),
        "health reports imported: 2 new, 0 replaced, 0 unchanged"
    );
    assert_eq!(e.summary()["reported"].as_i64().unwrap(), before + 2);
    // A bad entry: the whole file is refused, naming its line and field.
    let bad = e.write(
        "bad.toml",
        "[[import.health.form]]\nname = \"问卷星\"\nmap = [\n  \"体温=腋下温度\",\n  \"体重=kg\",\n]\n".as_bytes(),
    );
    let err = e.refused(&["--config", &bad, "import", "health", &f, "--form", "问卷星"]);
    assert!(
        err.contains("bad.toml:5: import.health.form.map (问卷星): '体重' is not a column"),
        "{err}"
    );
}
