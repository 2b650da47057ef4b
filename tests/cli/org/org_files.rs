//! Organisation workbooks: CSV folders, bad rows, formulas and merged cells, the
//! templates. Part of the `org` test binary.

use super::{init, sql_i64};
use crate::support::cli::Env;

/// Write `name` (UTF-8, or GBK when `gbk`) into `dir`.
fn write(dir: &std::path::Path, name: &str, text: &str, gbk: bool) {
    let bytes = if gbk {
        encoding_rs::GBK.encode(text).0.into_owned()
    } else {
        text.as_bytes().to_vec()
    };
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn org_folder(e: &Env) -> std::path::PathBuf {
    let dir = e.dir.path().join("组织");
    std::fs::create_dir(&dir).unwrap();
    // GBK from a Chinese Excel; English headers in another order with an extra column.
    write(
        &dir,
        "街道.csv",
        "街道名称,备注\n白鹤洞街,一\n\n多宝街,二\n",
        true,
    );
    write(
        &dir,
        "communities.csv",
        "street,notes,community\n白鹤洞街,x,白鹤洞东社区\n多宝街,y,多宝西社区\n",
        false,
    );
    write(
        &dir,
        "点位.csv",
        "点位名称,类型,所属社区,每班人数,班次\n东卡口,卡口,白鹤洞东社区,2,2x12\n西采样点,核酸采样点,多宝西社区,3,\"08:00-16:00,16:00-24:00,00:00-08:00\"\n",
        false,
    );
    write(
        &dir,
        "仓库.csv",
        "仓库名称,所属点位\n东卡口物资柜,东卡口\n",
        false,
    );
    write(
        &dir,
        "物资.csv",
        "物资编码,物资名称,单位,库存下限\nKN95,KN95口罩,只,200\nN95,N95口罩,只,600\n",
        false,
    );
    dir
}

#[test]
fn an_org_folder_of_csv_files_imports_once_and_again_changes_nothing() {
    let e = Env::empty();
    init(&e);
    let dir = org_folder(&e);
    let d = dir.to_str().unwrap();
    let out = e.ok(&["import", "org", d, "--dry-run"]);
    assert!(out.starts_with("would import"), "{out}");
    assert_eq!(
        sql_i64(&e, "SELECT count(*) FROM streets"),
        0,
        "dry run writes nothing"
    );
    let out = e.ok(&["import", "org", d]);
    assert_eq!(
        out.trim(),
        "organisation imported: street: 2 new, 0 updated, 0 unchanged; community: 2 new, 0 updated, 0 unchanged; \
         post: 2 new, 0 updated, 0 unchanged; depot: 1 new, 0 updated, 0 unchanged; item: 1 new, 1 updated, 0 unchanged"
    );
    assert_eq!(
        sql_i64(
            &e,
            "SELECT required_per_shift FROM posts WHERE name = '西采样点' AND kind = 'sampling'"
        ),
        3
    );
    assert_eq!(
        sql_i64(
            &e,
            "SELECT reorder_level FROM supply_items WHERE code = 'N95'"
        ),
        600
    );
    assert_eq!(
        sql_i64(
            &e,
            "SELECT count(*) FROM depots d JOIN posts p ON p.id = d.post_id WHERE d.name = '东卡口物资柜' AND p.name = '东卡口'"
        ),
        1
    );
    let out = e.ok(&["import", "org", d]);
    assert!(
        out.contains("street: 0 new, 0 updated, 2 unchanged")
            && out.contains("item: 0 new, 0 updated, 2 unchanged"),
        "{out}"
    );
    let imports = e
        .audit()
        .iter()
        .filter(|r| r["action"] == "import_org")
        .count();
    assert_eq!(imports, 2, "one audit row per import");
    // The roster may now name the communities.
    write(
        &dir,
        "../roster.csv",
        "姓名,工号,类别,社区\n林晓,WJ1,志愿者,白鹤洞东社区\n",
        false,
    );
    e.ok(&[
        "import",
        "roster",
        e.dir.path().join("roster.csv").to_str().unwrap(),
    ]);
}

#[test]
fn every_bad_row_is_named_by_sheet_line_and_field_and_nothing_is_written() {
    let e = Env::empty();
    init(&e);
    let dir = e.dir.path().join("bad");
    std::fs::create_dir(&dir).unwrap();
    write(&dir, "街道.csv", "街道名称\n白鹤洞街\n", false);
    write(
        &dir,
        "社区.csv",
        "社区名称,所属街道\n东社区,白鹤洞街\n南社区,无此街\n",
        false,
    );
    write(
        &dir,
        "点位.csv",
        "点位名称,类型,所属社区,每班人数,班次\n\
         甲,卡口,东社区,2,\n\
         甲,卡口,东社区,2,\n\
         乙,卡口,东社区,0,\n\
         丙,停车场,东社区,1,\n\
         丁,卡口,东社区,1,08:00-16:00;12:00-20:00\n\
         戊,卡口,东社区,-1,\n",
        false,
    );
    write(
        &dir,
        "物资.csv",
        "物资编码,物资名称,单位,库存下限\nA1,甲,只,1\nA1,乙,只,1\nB1,丙,只,-5\n",
        false,
    );
    let o = e.run(&["import", "org", dir.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    for line in [
        "sheet 社区, line 3: 所属街道: street '无此街' does not exist",
        "sheet 点位, line 3: 点位名称: '甲' repeats line 2",
        "sheet 点位, line 4: 每班人数: '0': must be at least 1",
        "sheet 点位, line 5: 类型: unknown post kind '停车场'",
        "sheet 点位, line 6: 班次: 08:00-16:00 overlaps 12:00-20:00",
        "sheet 点位, line 7: 每班人数: '-1': must be at least 1",
        "sheet 物资, line 3: 物资编码: 'A1' repeats line 2",
        "sheet 物资, line 4: 库存下限: '-5' is not a whole number of at least 0",
        "error: 8 bad rows; nothing written",
    ] {
        assert!(err.contains(line), "{line:?} in {err}");
    }
    assert_eq!(sql_i64(&e, "SELECT count(*) FROM streets"), 0);
    assert_eq!(e.audit_len(), 0);
    let o = e.run(&["--lang", "zh", "import", "org", dir.to_str().unwrap()]);
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("工作表 点位，第 4 行：每班人数：'0'：应为至少 1 的整数"),
        "{err}"
    );
    assert!(
        err.contains("工作表 社区，第 3 行：所属街道：街道“无此街”不存在"),
        "{err}"
    );
    // --skip-invalid: the good rows only.
    let out = e.ok(&["import", "org", dir.to_str().unwrap(), "--skip-invalid"]);
    assert!(out.contains("8 bad rows skipped"), "{out}");
    assert_eq!(sql_i64(&e, "SELECT count(*) FROM posts"), 1);
    assert_eq!(sql_i64(&e, "SELECT count(*) FROM communities"), 1);
    // An unknown sheet and a missing column refuse the whole file.
    write(&dir, "人员.csv", "姓名\n林晓\n", false);
    let err = e.refused(&["import", "org", dir.join("人员.csv").to_str().unwrap()]);
    assert!(err.contains("unknown sheet '人员'"), "{err}");
    write(&dir, "posts.csv", "name,kind\n甲,卡口\n", false);
    let err = e.refused(&["import", "org", dir.join("posts.csv").to_str().unwrap()]);
    assert!(
        err.contains("sheet posts: missing required columns 所属社区, 每班人数"),
        "{err}"
    );
}

/// Cells of every sheet of an XLSX, by sheet name.
pub fn sheets_of(path: &std::path::Path) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            let rows = r
                .rows()
                .map(|row| row.iter().map(|c| c.to_string()).collect())
                .collect();
            (n, rows)
        })
        .collect()
}

/// The sheet XML holding data validations (drop-down lists) in an XLSX.
fn validations(path: &std::path::Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name()
            .map(|n| n.to_string())
            .unwrap_or_default()
            .starts_with("xl/worksheets/")
        {
            std::io::Read::read_to_string(&mut f, &mut all).unwrap();
        }
    }
    all
}

/// A filled copy of a template: the same sheets and headers, `rows` per sheet instead of the
/// example row (written by program, as an office's own tool would).
pub fn fill(template: &std::path::Path, out: &std::path::Path, rows: &[(&str, Vec<Vec<&str>>)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, cells) in sheets_of(template) {
        let ws = wb.add_worksheet().set_name(&name).unwrap();
        ws.write_row(0, 0, cells[0].iter().map(String::as_str))
            .unwrap();
        if let Some((_, data)) = rows.iter().find(|(n, _)| *n == name) {
            for (r, row) in data.iter().enumerate() {
                ws.write_row(r as u32 + 1, 0, row.iter().copied()).unwrap();
            }
        }
    }
    wb.save(out).unwrap();
}

#[test]
fn the_org_template_has_headers_an_example_notes_and_drop_downs_and_imports_when_filled() {
    let e = Env::empty();
    init(&e);
    let t = e.dir.path().join("org.xlsx");
    let out = e.ok(&["import", "template", "org", "--out", t.to_str().unwrap()]);
    assert!(out.contains("template written"), "{out}");
    let sheets = sheets_of(&t);
    let names: Vec<&str> = sheets.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(names, ["说明", "街道", "社区", "点位", "仓库", "物资"]);
    let posts = &sheets[3].1;
    assert_eq!(
        posts[0],
        ["点位名称", "类型", "所属社区", "每班人数", "班次"]
    );
    assert_eq!(posts[1][1], "卡口", "one example row");
    assert!(
        sheets[0]
            .1
            .iter()
            .any(|r| r.iter().any(|c| c.contains("每班需要的人数"))),
        "explained in Chinese"
    );
    let v = validations(&t);
    assert!(
        v.contains("核酸采样点,卡口,封控区,指挥部,其他"),
        "post kinds drop-down, 其他 (other) among them"
    );
    assert!(v.contains("'街道'!$A$2"), "streets drop-down on 社区");
    // Refuses to replace it without --force.
    e.refused(&["import", "template", "org", "--out", t.to_str().unwrap()]);
    // Filled by program, imported as it is.
    let filled = e.dir.path().join("filled.xlsx");
    fill(
        &t,
        &filled,
        &[
            ("街道", vec![vec!["沙面街"]]),
            (
                "社区",
                vec![vec!["沙面东社区", "沙面街"], vec!["沙面西社区", "沙面街"]],
            ),
            (
                "点位",
                vec![
                    vec!["沙面东卡口", "卡口", "沙面东社区", "2", "2x12"],
                    vec![
                        "沙面西采样点",
                        "核酸采样点",
                        "沙面西社区",
                        "4",
                        "08:00-20:00,20:00-08:00",
                    ],
                    vec!["沙面消杀点", "其他", "沙面西社区", "1", ""],
                ],
            ),
            ("仓库", vec![vec!["沙面东物资柜", "沙面东卡口"]]),
            (
                "物资",
                vec![vec!["KN95", "KN95口罩", "KN95 masks", "只", "pcs", "100"]],
            ),
        ],
    );
    let out = e.ok(&["import", "org", filled.to_str().unwrap()]);
    assert!(out.contains("post: 3 new"), "{out}");
    let conn = e.conn();
    let rows: Vec<(String, String, String, i64, String)> = conn
        .prepare(
            "SELECT p.name, p.kind, c.name, p.required_per_shift, p.shift_pattern FROM posts p
             JOIN communities c ON c.id = p.community_id ORDER BY p.id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            (
                "沙面东卡口".into(),
                "checkpoint".into(),
                "沙面东社区".into(),
                2,
                "08:00-20:00,20:00-08:00".into()
            ),
            (
                "沙面西采样点".into(),
                "sampling".into(),
                "沙面西社区".into(),
                4,
                "08:00-20:00,20:00-08:00".into()
            ),
            (
                "沙面消杀点".into(),
                "other".into(),
                "沙面西社区".into(),
                1,
                String::new()
            ),
        ]
    );
    // `posts` lists them with what a check-in may name.
    let posts = e.ok(&["posts"]);
    assert!(
        posts.contains("沙面东卡口  沙面东社区  checkpoint  2/shift  08:00-20:00,20:00-08:00"),
        "{posts}"
    );
    // The roster template: its first sheet is the roster, with drop-downs for category and party.
    let r = e.dir.path().join("roster.xlsx");
    e.ok(&["import", "template", "roster", "--out", r.to_str().unwrap()]);
    let s = sheets_of(&r);
    assert_eq!(
        s[0].1[0],
        ["姓名", "工号", "类别", "单位", "社区", "政治面貌", "电话"]
    );
    assert!(validations(&r).contains("医务人员,机关干部,社区工作者,志愿者"));
}

#[test]
fn a_formula_or_a_merged_cell_where_a_value_is_needed_is_named_and_nothing_is_written() {
    let e = Env::empty();
    init(&e);
    let f = e.dir.path().join("org.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("社区").unwrap();
    ws.write_row(0, 0, ["社区名称", "所属街道"]).unwrap();
    let ws = wb.add_worksheet().set_name("街道").unwrap();
    ws.write_row(0, 0, ["街道名称"]).unwrap();
    ws.write_row(1, 0, ["白鹤洞街"]).unwrap();
    let ws = wb.add_worksheet().set_name("点位").unwrap();
    ws.write_row(0, 0, ["点位名称", "类型", "所属社区", "每班人数"])
        .unwrap();
    ws.write_row(1, 0, ["甲", "卡口", "东社区"]).unwrap();
    ws.write_formula(1, 3, "=1+1").unwrap();
    ws.write_row(2, 0, ["乙", "卡口"]).unwrap();
    ws.merge_range(2, 2, 3, 2, "东社区", &rust_xlsxwriter::Format::new())
        .unwrap();
    ws.write(2, 3, 2).unwrap();
    ws.write_row(3, 0, ["丙", "卡口"]).unwrap();
    ws.write(3, 3, 2).unwrap();
    let ws = wb.worksheet_from_name("社区").unwrap();
    ws.write_row(1, 0, ["东社区", "白鹤洞街"]).unwrap();
    wb.save(&f).unwrap();
    let o = e.run(&["import", "org", f.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    for line in [
        "sheet 点位, line 2: 每班人数: holds a formula; type the value",
        "sheet 点位, line 3: 所属社区: is a merged cell",
        "sheet 点位, line 4: 所属社区: is a merged cell",
        "error: 3 bad rows; nothing written",
    ] {
        assert!(err.contains(line), "{line:?} in {err}");
    }
    assert_eq!(sql_i64(&e, "SELECT count(*) FROM streets"), 0);
}
