//! A whole database as text: user_version, every table's schema and every row in key order.
//! Compared before and after a refused action to show that nothing at all was written.
#![allow(dead_code)]

use rusqlite::Connection;
use std::path::Path;

pub fn dump(path: &Path) -> String {
    let c = Connection::open(path).unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let mut out = format!("user_version {v}\n");
    let sql = "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name";
    let mut st = c.prepare(sql).unwrap();
    let tables = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)));
    for (t, schema) in tables.unwrap().map(Result::unwrap) {
        out += &format!("== {t}: {schema}\n");
        let n = c
            .prepare(&format!("SELECT * FROM \"{t}\""))
            .unwrap()
            .column_count();
        // Ordering by every column is the key order for rowid and WITHOUT ROWID tables alike.
        let order: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
        let mut st = c
            .prepare(&format!(
                "SELECT * FROM \"{t}\" ORDER BY {}",
                order.join(",")
            ))
            .unwrap();
        let mut rows = st.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                out += &format!("{:?}|", row.get::<_, rusqlite::types::Value>(i).unwrap());
            }
            out.push('\n');
        }
    }
    out
}

/// Every count kept by triggers (schema migration 6) equals a count of the rows themselves:
/// running shifts, planned shifts per quarter hour and post kind, running shifts per hour of
/// first breach.
pub fn kept_counts_match(c: &Connection) {
    let (kept, real): (i64, i64) = c
        .query_row(
            "SELECT (SELECT value FROM counters WHERE name = 'active_shifts'),
                    (SELECT count(*) FROM shifts WHERE status = 'active')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kept, real, "counters.active_shifts drifted");
    let (open, urgent, real_open, real_urgent): (i64, i64, i64, i64) = c
        .query_row(
            "SELECT (SELECT value FROM counters WHERE name = 'open_cases'),
                    (SELECT value FROM counters WHERE name = 'urgent_cases'),
                    (SELECT count(*) FROM family_cases WHERE status <> 'resolved'),
                    (SELECT count(*) FROM family_cases WHERE status <> 'resolved' AND urgency = 3)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (open, urgent),
        (real_open, real_urgent),
        "counters.open_cases / urgent_cases drifted"
    );
    for (table, kept, real) in [
        (
            "planned_quarters",
            "SELECT quarter, kind, n FROM planned_quarters WHERE n <> 0",
            "SELECT s.planned_start / 900, po.kind, count(*) FROM shifts s
               JOIN posts po ON po.id = s.post_id WHERE s.status = 'planned' GROUP BY 1, 2",
        ),
        (
            "people.duty_rank",
            "SELECT id, duty_rank FROM people",
            "SELECT id, CASE WHEN retired_at IS NOT NULL THEN 5
                    WHEN id IN (SELECT person_id FROM shifts WHERE status = 'active') THEN 0
                    WHEN id IN (SELECT person_id FROM out_of_service WHERE end_at IS NULL) THEN 1
                    ELSE 4 END FROM people",
        ),
        (
            "people.forced_until",
            "SELECT id, forced_until FROM people WHERE forced_until IS NOT NULL",
            "SELECT person_id, max(end_at) FROM rest_periods WHERE kind = 'forced' GROUP BY 1",
        ),
        (
            "forced_hours",
            "SELECT hour, n FROM forced_hours WHERE n <> 0",
            "SELECT forced_until / 3600, count(*) FROM people
               WHERE forced_until IS NOT NULL GROUP BY 1",
        ),
        (
            "breach_hours",
            "SELECT hour, n FROM breach_hours WHERE n <> 0",
            "SELECT breach_at / 3600, count(*) FROM shifts
               WHERE status = 'active' AND breach_at IS NOT NULL GROUP BY 1",
        ),
    ] {
        let drift: i64 = c
            .query_row(
                &format!(
                    "SELECT count(*) FROM ({kept} EXCEPT {real} UNION ALL {real} EXCEPT {kept})"
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(drift, 0, "{table} drifted from what it counts");
    }
}
