//! Property tests on the roster importer: arbitrary bytes, and CSV files whose cells
//! are arbitrary Unicode, control characters, SQL fragments, huge or empty strings. Reading and
//! checking never panic; every row that passes is stored verbatim through the executor; a row
//! that does not pass is reported, never written.

use frontline::import::{FileError, read::read_bytes, validate};
use frontline::store::StoreConfig;
use frontline::store::commands::{Command, Ctx};
use proptest::prelude::*;
use std::collections::HashSet;

const NOW: i64 = 1_623_283_200;

/// A cell: anything printable or not, or one of the values a real roster has, or SQL.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,12}",
        "[\\x00-\\x1f\"',;\n]{0,6}",
        Just("'); DROP TABLE people; --".to_string()),
        Just("医务人员".to_string()),
        Just("志愿者".to_string()),
        Just("党员".to_string()),
        Just("13800138000".to_string()),
        Just(String::new()),
        "[0-9+ -]{0,20}",
        Just("长".repeat(5000)),
    ]
}

/// A row a real office would send, except that the name and unit are anything at all.
fn plausible_row() -> impl Strategy<Value = Vec<String>> {
    (
        prop_oneof![
            "\\PC{1,20}",
            Just("Robert'); DROP TABLE people;--".to_string()),
            Just("名".repeat(40))
        ],
        "[A-Z]{2}[0-9]{1,6}",
        prop::sample::select(vec![
            "医务人员",
            "机关干部",
            "社区工作者",
            "志愿者",
            "volunteer",
        ]),
        "\\PC{0,30}",
        prop::sample::select(vec!["党员", "入党积极分子", "入党申请人", "群众", ""]),
        "(\\+86)?1[0-9]{10}",
    )
        .prop_map(|(n, c, cat, u, p, ph)| vec![n, c, cat.into(), u, String::new(), p.into(), ph])
}

fn csv_text(rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["姓名", "工号", "类别", "单位", "社区", "政治面貌", "电话"])
        .unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_are_read_or_refused_without_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = read_bytes(&bytes);
    }

    #[test]
    fn every_row_that_passes_is_stored_verbatim_and_no_other(
        rows in prop_oneof![
            proptest::collection::vec(proptest::collection::vec(cell(), 7), 1..8),
            proptest::collection::vec(plausible_row(), 1..8),
        ]
    ) {
        // Control characters can make the text look binary: then the whole file is refused.
        let sheet = match read_bytes(csv_text(&rows).as_bytes()) {
            Ok(s) => s,
            Err(e) => {
                prop_assert!(matches!(e, FileError::NotSheet | FileError::Csv(..)), "{e:?}");
                return Ok(());
            }
        };
        let communities: HashSet<String> = HashSet::new();
        let (good, bad) = validate(&sheet, &communities).expect("the header maps");
        prop_assert_eq!(good.len() + bad.iter().map(|e| e.line).collect::<HashSet<_>>().len(), rows.len());
        for g in &good {
            prop_assert!(!g.name.trim().is_empty() && !g.staff_code.trim().is_empty());
            if let Some(p) = &g.phone {
                prop_assert!(p.is_empty() || p.trim_start_matches('+').chars().all(|c| c.is_ascii_digit()));
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        let mut s = crate::support::db::open(&path, StoreConfig::default()).unwrap();
        let r = s.execute(
            &Command::ImportRoster { rows: good.clone(), skipped: bad.len() },
            &Ctx { operator: "prop".into(), now: NOW },
        );
        let c = s.db();
        let stored: i64 = c.query_row("SELECT count(*) FROM people", [], |r| r.get(0)).unwrap();
        if r.is_ok() {
            prop_assert_eq!(stored as usize, good.len());
            for g in &good {
                let name: String = c
                    .query_row("SELECT name FROM people WHERE staff_code = ?1", [&g.staff_code], |r| r.get(0))
                    .unwrap();
                prop_assert_eq!(&name, &g.name);
            }
        } else {
            prop_assert_eq!(stored, 0, "a refused import wrote people");
        }
    }
}

// ---- Spreadsheets are read within bounds. ----

/// A minimal XLSX: one sheet with `sheet` as its XML, optional shared strings; `pad` bytes of
/// spaces appended inside the sheet (a compressed bomb when large).
fn xlsx(sheet: &str, shared: Option<&str>, pad: usize) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(pad > 100_000_000);
    let parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.into()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.into()),
        ("xl/_rels/workbook.xml.rels", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{}</Relationships>"#,
            if shared.is_some() { r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"# } else { "" })),
    ];
    for (name, text) in parts {
        z.start_file(name, o).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    if let Some(s) = shared {
        z.start_file("xl/sharedStrings.xml", o).unwrap();
        z.write_all(s.as_bytes()).unwrap();
    }
    z.start_file("xl/worksheets/sheet1.xml", o).unwrap();
    let (head, tail) = sheet.split_at(sheet.find("</sheetData>").unwrap_or(sheet.len()));
    z.write_all(head.as_bytes()).unwrap();
    let chunk = vec![b' '; 1 << 20];
    let mut left = pad;
    while left > 0 {
        let n = left.min(chunk.len());
        z.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    z.write_all(tail.as_bytes()).unwrap();
    z.finish().unwrap().into_inner()
}

fn sheet_xml(dim: Option<&str>, cells: &[(String, String)]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    if let Some(d) = dim {
        s.push_str(&format!(r#"<dimension ref="{d}"/>"#));
    }
    s.push_str("<sheetData>");
    for (r, v) in cells {
        s.push_str(&format!(
            r#"<row><c r="{r}" t="inlineStr"><is><t>{v}</t></is></c></row>"#
        ));
    }
    s.push_str("</sheetData></worksheet>");
    s
}

fn cells(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Peak resident memory of this test process so far, in MB.
fn peak_mb() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<u64>().ok())
        .map_or(0, |k| k / 1024)
}

#[test]
fn a_small_xlsx_with_a_cell_at_xfd1048576_is_refused_not_allocated() {
    use frontline::import::Bound;
    let header = [("A1", "姓名"), ("B1", "工号"), ("C1", "类别")];
    // One far cell, no dimension: 5 KB that asked for 549 GB.
    let mut far = cells(&header);
    far.push(("XFD1048576".into(), "x".into()));
    let bytes = xlsx(&sheet_xml(None, &far), None, 0);
    assert!(bytes.len() < 5_000, "{}", bytes.len());
    assert_eq!(
        read_bytes(&bytes),
        Err(FileError::TooBig(Bound::Row(1_048_576)))
    );
    // Declared huge, even with only a header.
    let bytes = xlsx(&sheet_xml(Some("A1:XFD1048576"), &cells(&header)), None, 0);
    assert_eq!(
        read_bytes(&bytes),
        Err(FileError::TooBig(Bound::Row(1_048_576)))
    );
    let bytes = xlsx(&sheet_xml(Some("A1:BZ3"), &cells(&header)), None, 0);
    assert_eq!(
        read_bytes(&bytes),
        Err(FileError::TooBig(Bound::Column(78)))
    );
    // Within bounds it reads.
    let mut ok = cells(&header);
    ok.extend(cells(&[
        ("A2", "林晓"),
        ("B2", "GZ1"),
        ("C2", "医务人员"),
        ("BL5", "x"),
    ]));
    let s = read_bytes(&xlsx(&sheet_xml(Some("A1:BL5"), &ok), None, 0)).unwrap();
    assert_eq!(s.header, vec!["姓名", "工号", "类别"]);
    assert_eq!(
        s.rows[0],
        (2, vec!["林晓".into(), "GZ1".into(), "医务人员".into()])
    );
    assert_eq!(s.rows[1].0, 5);
    assert!(peak_mb() < 1000, "{} MB", peak_mb());
}

#[test]
fn a_compressed_bomb_is_refused_within_bounded_time_and_memory() {
    use frontline::import::Bound;
    let t = std::time::Instant::now();
    let sheet = sheet_xml(
        None,
        &cells(&[("A1", "姓名"), ("B1", "工号"), ("C1", "类别")]),
    );
    let bomb = xlsx(&sheet, None, 210_000_000);
    assert!(bomb.len() < 3_000_000, "{}", bomb.len());
    let r = read_bytes(&bomb);
    assert!(
        matches!(r, Err(FileError::TooBig(Bound::Unpacked(_)))),
        "{r:?}"
    );
    assert!(peak_mb() < 1000, "{} MB", peak_mb());
    assert!(t.elapsed().as_secs() < 60, "{:?}", t.elapsed());
}

/// The cells of a generated sheet: positions anywhere in Excel's grid, or near the origin.
fn xlsx_cell() -> impl Strategy<Value = (String, String)> {
    let col = prop_oneof![1u32..8, 1u32..=16384];
    let row = prop_oneof![1u32..20, 1u32..=1_048_576];
    (col, row, cell()).prop_map(|(c, r, v)| {
        let mut name = String::new();
        let mut n = c;
        while n > 0 {
            name.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
            n = (n - 1) / 26;
        }
        let v: String = v
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>()
            .replace('&', "&amp;")
            .replace('<', "&lt;");
        (format!("{name}{r}"), v)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Arbitrary XLSX structures — any dimension, cells anywhere, padding up to 3 MB — are read
    /// or refused with a `FileError`; never a panic or an abort, and a refusal writes nothing.
    #[test]
    fn arbitrary_xlsx_is_read_or_refused_within_bounds(
        dim in prop::option::of((1u32..=16384, 1u32..=1_048_576)),
        body in proptest::collection::vec(xlsx_cell(), 0..12),
        pad in prop_oneof![Just(0usize), 0usize..3_000_000],
    ) {
        let mut all = cells(&[("A1", "姓名"), ("B1", "工号"), ("C1", "类别")]);
        all.extend(body);
        let dim = dim.map(|(c, r)| {
            let mut name = String::new();
            let mut n = c;
            while n > 0 {
                name.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
                n = (n - 1) / 26;
            }
            format!("A1:{name}{r}")
        });
        let bytes = xlsx(&sheet_xml(dim.as_deref(), &all), None, pad);
        match read_bytes(&bytes) {
            Ok(sheet) => {
                prop_assert!(sheet.rows.len() as u64 <= frontline::import::read::MAX_ROWS);
                prop_assert!(sheet.rows.iter().all(|(_, c)| c.len() as u64 <= frontline::import::read::MAX_COLUMNS));
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("p.db");
                let mut s = crate::support::db::open(&path, StoreConfig::default()).unwrap();
                if let Ok((good, bad)) = validate(&sheet, &HashSet::new()) {
                    let r = s.execute(
                        &Command::ImportRoster { rows: good.clone(), skipped: bad.len() },
                        &Ctx { operator: "prop".into(), now: NOW },
                    );
                    let c = s.db();
                    let stored: i64 = c.query_row("SELECT count(*) FROM people", [], |r| r.get(0)).unwrap();
                    prop_assert_eq!(stored as usize, if r.is_ok() { good.len() } else { 0 });
                }
            }
            Err(e) => prop_assert!(matches!(e, FileError::TooBig(_) | FileError::Xlsx(_) | FileError::Empty), "{e:?}"),
        }
        prop_assert!(peak_mb() < 1500, "{} MB", peak_mb());
    }
}
