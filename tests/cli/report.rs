//! The daily report (日报): golden Markdown for a fixed clock and seed, in English and Chinese;
//! the XLSX read back with calamine and checked cell by cell against the same structure;
//! CSV; refusals; and exports of the main tables.

use crate::support::paper::{Env, NOW_TS};
use calamine::{Data, Reader, Xlsx, open_workbook};
use frontline::i18n::Lang;
use frontline::report::render::Cell;
use frontline::store::{Store, StoreConfig};

#[test]
fn markdown_report_in_english_matches_the_golden_file() {
    let e = Env::demo(120);
    let md = e.ok(&["report", "daily"]);
    insta::assert_snapshot!("daily_en", md);
}

#[test]
fn markdown_report_in_chinese_has_chinese_headings() {
    let e = Env::demo(120);
    let md = e.ok(&["--lang", "zh", "report", "daily"]);
    for h in [
        "# 日报 2021-06-10",
        "## 在岗人数（按岗位、类别）",
        "## 缺岗",
        "## 超时待休",
        "## 强制休息",
        "## 健康状况",
        "## 家属帮扶",
        "## 慰问与党费",
        "## 防护物资",
        "## 未完成的后勤需求",
        "## 志愿时",
    ] {
        assert!(md.contains(&format!("{h}\n")), "{h} missing");
    }
    insta::assert_snapshot!("daily_zh", md);
}

fn cell_matches(c: &Cell, d: &Data) -> bool {
    match (c, d) {
        (Cell::Text(s), Data::String(x)) => s == x,
        (Cell::Int(i), Data::Float(f)) => *i as f64 == *f,
        (Cell::Num(n), Data::Float(f)) => (n - f).abs() < 1e-9,
        _ => false,
    }
}

#[test]
fn xlsx_report_has_one_sheet_per_section_and_numbers_as_numbers() {
    let e = Env::demo(120);
    let out = e.path("reports/daily.xlsx");
    let printed = e.ok(&[
        "report",
        "daily",
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(printed.trim(), out.display().to_string());
    // The same report built in-process from the same database.
    let store = Store::open(&e.db, StoreConfig::default()).unwrap();
    let r = frontline::report::daily(&store, Lang::En, NOW_TS, NOW_TS).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let names = wb.sheet_names();
    let titles: Vec<String> = r.sections.iter().map(|s| s.title.clone()).collect();
    assert_eq!(names, titles);
    for s in &r.sections {
        let range = wb.worksheet_range(&s.title).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        let header: Vec<String> = rows
            .first()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .unwrap_or_default();
        assert_eq!(header, s.headers, "{}: header", s.title);
        assert_eq!(rows.len(), s.rows.len() + 1, "{}: row count", s.title);
        for (i, (want, got)) in s.rows.iter().zip(&rows[1..]).enumerate() {
            for (j, c) in want.iter().enumerate() {
                let d = got.get(j).unwrap_or(&Data::Empty);
                assert!(
                    cell_matches(c, d),
                    "{} row {} col {}: want {c:?}, got {d:?}",
                    s.title,
                    i + 2,
                    j + 1
                );
            }
        }
    }
    // Spot checks a reader would make: headcount figures and stock are numbers, not text.
    let head = wb.worksheet_range("On duty by post and category").unwrap();
    assert!(
        head.get((1, 0))
            .is_some_and(|c| matches!(c, Data::String(_)))
    );
    for col in 1..=6 {
        assert!(
            matches!(head.get((1, col)), Some(Data::Float(_))),
            "headcount column {col} is a number"
        );
    }
    let stock = wb.worksheet_range("Protective supplies").unwrap();
    assert!(matches!(stock.get((1, 1)), Some(Data::Float(_))));
    assert!(matches!(stock.get((1, 3)), Some(Data::Float(_))));
    assert!(
        r.sections
            .iter()
            .any(|s| s.key == "hours" && !s.rows.is_empty())
    );
}

#[test]
fn csv_report_goes_to_stdout_with_a_title_per_section() {
    let e = Env::demo(120);
    let csv = e.ok(&["report", "daily", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("On duty by post and category"));
    assert_eq!(
        lines.next(),
        Some("Post,medical,cadre,community,volunteer,Total,On duty now")
    );
    assert!(csv.contains("\n\nVolunteer hours\nStaff code,Name,On post (h),Other (h),Total\n"));
}

#[test]
fn report_refusals_are_one_clear_line() {
    let e = Env::demo(60);
    let err = e.fails(&["report", "daily", "--format", "xlsx"]);
    assert_eq!(
        err.trim(),
        "error: --format xlsx writes a file: give it with --out FILE"
    );
    let err = e.fails(&["report", "daily", "--format", "pdf"]);
    assert_eq!(
        err.trim(),
        "error: --format must be md, csv or xlsx, not 'pdf'"
    );
    let err = e.fails(&["report", "daily", "--date", "2021-06-12"]);
    assert_eq!(err.trim(), "error: --date is in the future");
    // A past day is reported as of its last second.
    let md = e.ok(&["report", "daily", "--date", "06-09"]);
    assert!(
        md.starts_with("# Daily report 2021-06-09\n\nAs of: 2021-06-09 23:59:59"),
        "{md}"
    );
}

#[test]
fn export_refuses_unknown_tables_with_the_list_of_known_ones() {
    let e = Env::demo(40);
    let err = e.fails(&["export", "people; DROP TABLE people"]);
    assert!(
        err.starts_with("error: unknown table 'people; DROP TABLE people'; known tables: people, shifts, rest_periods, family_cases, stock, requests, audit, health_reports"),
        "{err}"
    );
    let n: i64 = e
        .conn()
        .query_row("SELECT count(*) FROM people", [], |r| r.get(0))
        .unwrap();
    assert!(n >= 40, "people still there");
}

#[test]
fn export_writes_csv_json_and_xlsx_of_a_whole_table() {
    let e = Env::demo(40);
    let csv = e.ok(&["export", "people"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "id,staff_code,name,category,source_unit,community,party_status,phone,dual_registered,retired_at"
        )
    );
    let people: usize = e
        .conn()
        .query_row("SELECT count(*) FROM people", [], |r| r.get::<_, i64>(0))
        .unwrap() as usize;
    assert_eq!(csv.lines().count(), people + 1);
    let v: serde_json::Value =
        serde_json::from_str(&e.ok(&["export", "people", "--format", "json"])).unwrap();
    assert_eq!(v.as_array().unwrap().len(), people);
    assert_eq!(v[0]["staff_code"], "FL000001");
    assert_eq!(v[0]["id"], 1);
    let out = e.path("shifts.xlsx");
    e.ok(&[
        "export",
        "shifts",
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    let n: i64 = e
        .conn()
        .query_row("SELECT count(*) FROM shifts", [], |r| r.get(0))
        .unwrap();
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let range = wb.worksheet_range("shifts").unwrap();
    assert_eq!(range.height() as i64, n + 1);
    assert!(matches!(range.get((1, 0)), Some(Data::Float(f)) if *f == 1.0));
    // Times as local date and time, not unix seconds.
    let start = range.get((1, 4)).unwrap().to_string();
    assert!(start.starts_with("2021-0"), "{start}");
    let err = e.fails(&["export", "shifts", "--format", "xlsx"]);
    assert!(err.contains("--out FILE"));
}

/// The XLSX's own parts: headers bold (a bold font and the header cells in that style),
/// column widths set, the header row frozen.
#[test]
fn xlsx_headers_are_bold_columns_sized_and_header_frozen() {
    use std::io::Read;
    let e = Env::demo(60);
    let out = e.path("r.xlsx");
    e.ok(&[
        "report",
        "daily",
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    let mut z = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let styles = part("xl/styles.xml");
    assert!(styles.contains("<b/>"), "no bold font in {styles}");
    let sheet = part("xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<cols>") && sheet.contains("customWidth=\"1\""),
        "{sheet}"
    );
    assert!(sheet.contains("ySplit=\"1\""), "header not frozen");
    // Every header cell (row 1) carries a style; data cells of text do not.
    let row1 = &sheet[sheet.find("<row r=\"1\"").unwrap()..];
    let row1 = &row1[..row1.find("</row>").unwrap()];
    assert!(row1.matches("<c ").count() >= 7);
    assert_eq!(row1.matches("<c ").count(), row1.matches(" s=\"").count());
}

#[test]
fn a_chinese_locale_gives_chinese_headings_without_lang() {
    let e = Env::demo(40);
    let o = e
        .cmd()
        .env("LANG", "zh_CN.UTF-8")
        .args(["report", "daily"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let md = String::from_utf8(o.stdout).unwrap();
    assert!(
        md.starts_with("# 日报 2021-06-10\n\n截至：2021-06-10 08:00:00"),
        "{md}"
    );
    assert!(md.contains("| 岗位 | 医务 | 干部 | 社区 | 志愿者 | 合计 | 此刻在岗 |"));
}
