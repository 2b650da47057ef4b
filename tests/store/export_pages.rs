//! `frontline export TABLE` reads a table a page at a time (a server sends a statement's rows
//! all at once; a city's 4.7 million shifts held 3.6 GB) and streams it out. What it writes must
//! not depend on the page: every table, in CSV and JSON, with pages of three rows, of fifty and of
//! the whole table, gives the same text, every row once, in key order. A sink that cannot hold
//! the table (an XLSX sheet has 1 048 575 rows under its header) refuses it before a row.

use crate::support::db::{Demo, demo};
use frontline::export::{self, CsvSink, JsonSink, Out, Sink};
use frontline::report::render::Cell;
use frontline::store::StoreConfig;

/// The table each export reads its rows from (its other tables are joined for names).
fn base(name: &str) -> &'static str {
    match name {
        "people" => "people",
        "shifts" => "shifts",
        "rest_periods" => "rest_periods",
        "family_cases" => "family_cases",
        "stock" => "stock",
        "requests" => "logistics_requests",
        "audit" => "audit_log",
        "health_reports" => "health_reports",
        "tests" => "nucleic_tests",
        "visits" => "care_visits",
        "talks" => "talks",
        "trainings" => "trainings",
        "insurance" => "insurance",
        other => panic!("a new export table: add it here ({other})"),
    }
}

fn export_text(d: &Demo, name: &str, json: bool, page: i64) -> String {
    let path = d.dir.path().join(format!("{name}-{page}.out"));
    let mut f = std::fs::File::create(&path).unwrap();
    {
        let out = Out::File(std::io::BufWriter::new(&mut f));
        if json {
            export::table_paged(&d.store, name, &mut JsonSink::new(out), page).unwrap();
        } else {
            export::table_paged(&d.store, name, &mut CsvSink::new(out), page).unwrap();
        }
    }
    std::fs::read_to_string(&path).unwrap()
}

#[test]
fn an_export_is_the_same_whatever_the_page_and_has_every_row_once_in_order() {
    let d = demo(40, 7, 7, StoreConfig::default());
    let mut many_pages = 0;
    for name in export::table_names() {
        let rows: i64 = d
            .store
            .db()
            .query_row(&format!("SELECT count(*) FROM {}", base(name)), [], |r| {
                r.get(0)
            })
            .unwrap();
        let whole_csv = export_text(&d, name, false, 1_000_000);
        let whole_json = export_text(&d, name, true, 1_000_000);
        for page in [3, 50] {
            assert_eq!(
                export_text(&d, name, false, page),
                whole_csv,
                "{name} CSV, page {page}"
            );
            assert_eq!(
                export_text(&d, name, true, page),
                whole_json,
                "{name} JSON, page {page}"
            );
        }
        if rows > 3 {
            many_pages += 1;
        }
        // The header and a record per row (no field of these tables spans lines: CSV cells
        // are escaped onto one).
        assert_eq!(whole_csv.lines().count() as i64, rows + 1, "{name}");
        let v: serde_json::Value = serde_json::from_str(&whole_json).unwrap();
        let objects = v.as_array().unwrap();
        assert_eq!(objects.len() as i64, rows, "{name}");
        if name != "stock" {
            let ids: Vec<i64> = objects.iter().map(|o| o["id"].as_i64().unwrap()).collect();
            assert!(
                ids.windows(2).all(|w| w[0] < w[1]),
                "{name}: ids in order, each once"
            );
        }
    }
    assert!(many_pages >= 8, "most tables span pages: {many_pages}");
}

/// Counts what it is given; holds at most `most` rows.
struct Small {
    most: u64,
    given: usize,
}

impl Sink for Small {
    fn headers(&mut self, _: &[String]) -> anyhow::Result<()> {
        self.given += 1;
        Ok(())
    }
    fn row(&mut self, _: &[Cell]) -> anyhow::Result<()> {
        self.given += 1;
        Ok(())
    }
    fn finish(&mut self) -> anyhow::Result<()> {
        Ok(())
    }
    fn most_rows(&self) -> Option<u64> {
        Some(self.most)
    }
    fn what(&self) -> &'static str {
        "a small sheet"
    }
}

#[test]
fn a_table_larger_than_the_sink_holds_is_refused_before_a_row() {
    let d = demo(40, 5, 3, StoreConfig::default());
    let people: i64 = d
        .store
        .db()
        .query_row("SELECT count(*) FROM people", [], |r| r.get(0))
        .unwrap();
    let mut small = Small {
        most: people as u64 - 1,
        given: 0,
    };
    let err = export::table_into(&d.store, "people", &mut small)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!(
            "people has {people} rows, more than a small sheet holds ({}); export it as CSV",
            people - 1
        )
    );
    assert_eq!(small.given, 0, "nothing written");
    let mut fits = Small {
        most: people as u64,
        given: 0,
    };
    assert_eq!(
        export::table_into(&d.store, "people", &mut fits).unwrap(),
        people as u64
    );
    assert_eq!(fits.given as i64, people + 1);
}
