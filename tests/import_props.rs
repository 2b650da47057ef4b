//! Property tests on the roster importer (issue 7): arbitrary bytes, and CSV files whose cells
//! are arbitrary Unicode, control characters, SQL fragments, huge or empty strings. Reading and
//! checking never panic; every row that passes is stored verbatim through the executor; a row
//! that does not pass is reported, never written.

use frontline::import::{FileError, read::read_bytes, validate};
use frontline::store::commands::{Command, Ctx};
use frontline::store::{Store, StoreConfig};
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
        let mut s = Store::open(&path, StoreConfig::default()).unwrap();
        let r = s.execute(
            &Command::ImportRoster { rows: good.clone(), skipped: bad.len() },
            &Ctx { operator: "prop".into(), now: NOW },
        );
        let c = rusqlite::Connection::open(&path).unwrap();
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
