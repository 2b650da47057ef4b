//! A whole database as text: user_version, every table's schema and every row in key order.
//! Compared before and after a refused action to show that nothing at all was written.

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
