//! Roster import: good CSV and XLSX files, each kind of bad file or row (reported by
//! line and field, nothing written), --skip-invalid, --dry-run, and re-import changing nothing.

use crate::support::paper::{Env, dump, fixture, people};
use rust_xlsxwriter::Workbook;

fn person(e: &Env, code: &str) -> Option<(String, String, String, Option<String>, String, String)> {
    e.conn()
        .query_row(
            "SELECT p.name, p.category, p.source_unit, c.name, p.party_status, p.phone
             FROM people p LEFT JOIN communities c ON c.id = p.community_id WHERE p.staff_code = ?1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .ok()
}

#[test]
fn a_chinese_office_csv_imports_every_row_with_its_values() {
    let e = Env::demo(60);
    let out = e.ok(&["import", "roster", &fixture("roster_good.csv")]);
    assert_eq!(out.trim(), "roster imported: 4 new, 0 updated, 0 unchanged");
    assert_eq!(
        person(&e, "GZ1001").unwrap(),
        (
            "林晓".into(),
            "medical".into(),
            "荔湾区人民医院".into(),
            Some("白鹤洞东社区".into()),
            "member".into(),
            "13800138001".into()
        )
    );
    let p = person(&e, "GZ1002").unwrap();
    assert_eq!((p.1.as_str(), p.4.as_str()), ("cadre", "activist"));
    assert_eq!(p.5, "+8613800138002", "separators dropped from the phone");
    assert_eq!(person(&e, "GZ1003").unwrap().4, "none", "群众 is none");
    let p = person(&e, "GZ1004").unwrap();
    assert_eq!(
        (p.1.as_str(), p.4.as_str(), p.5.as_str()),
        ("volunteer", "applicant", "")
    );
}

#[test]
fn reimporting_the_same_file_changes_nothing_and_a_changed_row_is_updated() {
    let e = Env::demo(60);
    e.ok(&["import", "roster", &fixture("roster_good.csv")]);
    let before = people(&e.db);
    let out = e.ok(&["import", "roster", &fixture("roster_good.csv")]);
    assert_eq!(out.trim(), "roster imported: 0 new, 0 updated, 4 unchanged");
    assert_eq!(people(&e.db), before, "a re-import changed people");
    // One changed phone and one new person: 1 updated, 1 new, 3 unchanged.
    let text = std::fs::read_to_string(fixture("roster_good.csv"))
        .unwrap()
        .replace("13800138001", "13800138009")
        + "刘洋,GZ1005,志愿者,,,,\n";
    let f = e.path("changed.csv");
    std::fs::write(&f, text).unwrap();
    let out = e.ok(&["import", "roster", f.to_str().unwrap()]);
    assert_eq!(out.trim(), "roster imported: 1 new, 1 updated, 3 unchanged");
    assert_eq!(person(&e, "GZ1001").unwrap().5, "13800138009");
}

#[test]
fn the_audit_row_holds_counts_and_no_personal_data() {
    let e = Env::demo(60);
    e.ok(&["import", "roster", &fixture("roster_good.csv")]);
    let (action, target, details): (String, String, String) = e
        .conn()
        .query_row(
            "SELECT action, target, details FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (action.as_str(), target.as_str()),
        ("import_roster", "roster")
    );
    let v: serde_json::Value = serde_json::from_str(&details).unwrap();
    assert_eq!(v["new"], 4);
    assert_eq!(v["rows"], 4);
    for secret in ["林晓", "13800138001", "GZ1001"] {
        assert!(!details.contains(secret), "{secret} in the audit row");
    }
    let log = std::fs::read_to_string(e.path("frontline.log")).unwrap_or_default();
    assert!(!log.contains("林晓") && !log.contains("13800138001"));
}

#[test]
fn an_xlsx_roster_with_numbers_and_columns_in_any_order_imports() {
    let e = Env::demo(60);
    let f = e.path("roster.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    // Header order free, an extra column, staff code and phone typed as numbers.
    let header = [
        "电话",
        "备注",
        "类别",
        "姓名",
        "工号",
        "社区",
        "政治面貌",
        "单位",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 13912345678.0).unwrap();
    ws.write_string(1, 1, "组长").unwrap();
    ws.write_string(1, 2, "社区工作者").unwrap();
    ws.write_string(1, 3, "何静").unwrap();
    ws.write_number(1, 4, 880001.0).unwrap();
    ws.write_string(1, 5, "中南东社区").unwrap();
    ws.write_string(1, 6, "入党申请人").unwrap();
    ws.write_string(1, 7, "中南街道办").unwrap();
    ws.write_string(2, 2, "volunteer").unwrap();
    ws.write_string(2, 3, "Ma Li").unwrap();
    ws.write_string(2, 4, "XL-2").unwrap();
    wb.save(&f).unwrap();
    let out = e.ok(&["import", "roster", f.to_str().unwrap()]);
    assert_eq!(out.trim(), "roster imported: 2 new, 0 updated, 0 unchanged");
    assert_eq!(
        person(&e, "880001").unwrap(),
        (
            "何静".into(),
            "community".into(),
            "中南街道办".into(),
            Some("中南东社区".into()),
            "applicant".into(),
            "13912345678".into()
        )
    );
    assert_eq!(person(&e, "XL-2").unwrap().1, "volunteer");
    // Again: unchanged.
    let out = e.ok(&["import", "roster", f.to_str().unwrap()]);
    assert_eq!(out.trim(), "roster imported: 0 new, 0 updated, 2 unchanged");
}

/// A bad file: refused with the given lines on stderr, and the database unchanged.
fn refused_unchanged(file: &str, expect: &[&str]) {
    let e = Env::demo(40);
    let before = dump(&e.db);
    let err = e.fails(&["import", "roster", &fixture(file)]);
    for x in expect {
        assert!(err.contains(x), "{file}: {x:?} not in {err}");
    }
    assert_eq!(dump(&e.db), before, "{file} wrote something");
}

#[test]
fn a_missing_required_column_is_named() {
    refused_unchanged(
        "roster_missing_column.csv",
        &["error: missing required column(s): 工号 (staff_code)"],
    );
}

#[test]
fn duplicate_staff_codes_are_reported_by_line() {
    refused_unchanged(
        "roster_duplicate.csv",
        &[
            "line 4: staff code: 'X1' repeats line 2",
            "error: 1 bad rows; nothing written (--skip-invalid imports the 2 good rows)",
        ],
    );
}

#[test]
fn an_unknown_category_is_reported_by_line_and_field() {
    refused_unchanged(
        "roster_unknown_category.csv",
        &["line 3: category: unknown 'astronaut'"],
    );
}

#[test]
fn malformed_phone_numbers_are_reported() {
    refused_unchanged(
        "roster_bad_phone.csv",
        &[
            "line 3: phone: malformed '138-abc' (7–15 digits, optional +)",
            "line 4: phone: malformed '123456'",
        ],
    );
}

#[test]
fn an_unknown_community_is_refused_not_created() {
    refused_unchanged(
        "roster_unknown_community.csv",
        &["line 2: community: '火星社区' does not exist"],
    );
}

#[test]
fn empty_files_and_files_that_are_not_sheets_are_refused() {
    refused_unchanged("roster_empty.csv", &["error: the file is empty"]);
    refused_unchanged("roster_header_only.csv", &["error: the file is empty"]);
    refused_unchanged(
        "roster_not_a_sheet.bin",
        &["error: not a CSV (UTF-8 text) or XLSX file"],
    );
    refused_unchanged("no_such_file.csv", &["error: cannot read the file"]);
}

#[test]
fn skip_invalid_imports_the_good_rows_and_reports_the_bad_ones() {
    let e = Env::demo(40);
    let (ok, out, err) = e.run(&[
        "import",
        "roster",
        &fixture("roster_mixed.csv"),
        "--skip-invalid",
    ]);
    assert!(ok, "{err}");
    assert_eq!(
        out.trim(),
        "roster imported: 2 new, 0 updated, 0 unchanged, 5 bad rows skipped"
    );
    for x in [
        "line 3: name: is empty (required)",
        "line 4: staff code: 'EN2001' repeats line 2",
        "line 5: category: unknown 'doctor'",
        "line 6: phone: malformed '12ab'",
        "line 7: community: '火星社区' does not exist",
    ] {
        assert!(err.contains(x), "{x:?} not in {err}");
    }
    assert_eq!(
        person(&e, "EN2001").unwrap().0,
        "Li Na",
        "the first EN2001 row counts"
    );
    assert_eq!(person(&e, "EN2007").unwrap().4, "activist");
    assert!(person(&e, "EN2004").is_none());
}

#[test]
fn without_skip_invalid_a_mixed_file_writes_nothing() {
    refused_unchanged(
        "roster_mixed.csv",
        &["error: 5 bad rows; nothing written (--skip-invalid imports the 2 good rows)"],
    );
}

#[test]
fn dry_run_says_what_would_change_and_writes_nothing() {
    let e = Env::demo(40);
    e.ok(&["import", "roster", &fixture("roster_good.csv")]);
    let before = dump(&e.db);
    let out = e.ok(&["import", "roster", &fixture("roster_good.csv"), "--dry-run"]);
    assert_eq!(
        out.trim(),
        "dry run (nothing written): 0 new, 0 updated, 4 unchanged, 0 bad rows"
    );
    let (ok, out, err) = e.run(&[
        "import",
        "roster",
        &fixture("roster_mixed.csv"),
        "--dry-run",
    ]);
    assert!(
        !ok,
        "a dry run of a file with bad rows fails like the import would"
    );
    assert_eq!(
        out.trim(),
        "dry run (nothing written): 2 new, 0 updated, 0 unchanged, 5 bad rows"
    );
    assert!(err.contains("line 5: category"));
    assert_eq!(dump(&e.db), before, "a dry run wrote something");
}

#[test]
fn messages_are_chinese_in_chinese_mode() {
    let e = Env::demo(40);
    let err = e.fails(&[
        "--lang",
        "zh",
        "import",
        "roster",
        &fixture("roster_unknown_category.csv"),
    ]);
    assert!(err.contains("第 3 行 类别：“astronaut”无法识别"), "{err}");
    let out = e.ok(&[
        "--lang",
        "zh",
        "import",
        "roster",
        &fixture("roster_good.csv"),
    ]);
    assert_eq!(out.trim(), "名册已导入：新增 4 人，更新 0 人，未变 0 人");
}

/// A 5 KB XLSX with one cell at XFD1048576 aborted the process (549 GB
/// asked for), also with --dry-run. Now: one line, exit 1, nothing written.
#[test]
fn an_xlsx_with_a_far_cell_is_refused_not_an_abort() {
    let e = Env::demo(40);
    let f = e.path("far.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名", "工号", "类别"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save(&f).unwrap();
    assert!(std::fs::metadata(&f).unwrap().len() < 10_000);
    let before = dump(&e.db);
    for dry in [true, false] {
        let mut args = vec!["import", "roster", f.to_str().unwrap()];
        if dry {
            args.push("--dry-run");
        }
        let o = e.cmd().args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{o:?}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("too large for a roster") && err.contains("row 1048576"),
            "{err}"
        );
    }
    assert_eq!(dump(&e.db), before);
}

/// Only the first 100 row errors are printed, the rest counted; a
/// FIFO is refused at once instead of hanging.
#[test]
fn row_errors_stop_at_a_hundred_and_a_fifo_is_refused() {
    let e = Env::demo(40);
    let f = e.path("bad.csv");
    let mut text = String::from("姓名,工号,类别\n");
    for i in 0..250 {
        text.push_str(&format!("某{i},B{i},外星人\n"));
    }
    std::fs::write(&f, text).unwrap();
    let err = e.fails(&["import", "roster", f.to_str().unwrap()]);
    assert_eq!(err.lines().count(), 102, "{err}");
    assert!(err.contains("… and 150 more errors not shown"), "{err}");
    let fifo = e.path("pipe.csv");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let t = std::time::Instant::now();
    let err = e.fails(&["import", "roster", fifo.to_str().unwrap()]);
    assert!(err.contains("not a regular file"), "{err}");
    assert!(t.elapsed().as_secs() < 10);
}

/// The console's `Esc` on an import job: the executor stops between rows and its transaction is
/// rolled back — no person, no audit row. Not cancelled, the same rows go in and are counted.
#[test]
fn a_cancelled_import_writes_nothing_and_a_finished_one_counts_its_rows() {
    use frontline::store::commands::{Command, Ctx, Refusal};
    use frontline::store::progress::Progress;
    use frontline::store::{Store, StoreConfig};
    use std::sync::Arc;
    let e = Env::demo(60);
    let mut store = Store::open(&e.db, StoreConfig::default()).unwrap();
    let sheet =
        frontline::import::read_file(std::path::Path::new(&fixture("roster_good.csv"))).unwrap();
    let (rows, errors) =
        frontline::import::validate(&sheet, &store.community_names().unwrap()).unwrap();
    assert!(errors.is_empty());
    let cmd = Command::ImportRoster { rows, skipped: 0 };
    let ctx = Ctx {
        operator: "t".into(),
        now: crate::support::paper::NOW_TS,
    };
    let before = dump(&e.db);
    let cancelled = Arc::new(Progress::default());
    cancelled.cancel();
    store.set_progress(Some(Arc::clone(&cancelled)));
    assert_eq!(store.execute(&cmd, &ctx), Err(Refusal::Cancelled));
    assert_eq!(dump(&e.db), before, "a cancelled import wrote something");

    let p = Arc::new(Progress::default());
    store.set_progress(Some(Arc::clone(&p)));
    assert!(store.execute(&cmd, &ctx).is_ok());
    assert_eq!(p.get(), (4, 4), "four rows counted of four");
    assert!(person(&e, "GZ1001").is_some());
}
