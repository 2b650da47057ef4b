//! Export (less paperwork: nothing typed twice): a main table by name, or the list a console screen
//! shows, to CSV, XLSX or JSON through `report::render`.
//!
//! Table names are checked against a fixed list; each maps to a fixed SELECT (no name is ever
//! put into SQL).

mod sinks;

pub use sinks::{CsvSink, JsonSink, Out, Sink, XlsxSink};

use crate::files::Existing;
use crate::report::render::{self, Cell, Table};
use crate::store::Store;
use crate::store::db::Engine;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// (name, the SELECT that exports it, the column it is read in order of). The key is the
/// first column, and the table is read a page at a time by it (`WHERE key > last ORDER BY key
/// LIMIT page`); with no key the table is small and its SELECT reads it whole, in order.
/// Personal health and family notes stay out of `people`.
const TABLES: &[(&str, &str, Option<&str>)] = &[
    (
        "people",
        "SELECT p.id, p.staff_code, p.name, p.category, p.source_unit, c.name AS community,
                p.party_status, p.phone, p.dual_registered, p.retired_at
         FROM people p LEFT JOIN communities c ON c.id = p.community_id",
        Some("p.id"),
    ),
    (
        "shifts",
        "SELECT s.id, p.staff_code, p.name, po.name AS post, s.planned_start, s.planned_end,
                s.actual_start, s.actual_end, s.status
         FROM shifts s JOIN people p ON p.id = s.person_id JOIN posts po ON po.id = s.post_id",
        Some("s.id"),
    ),
    (
        "rest_periods",
        "SELECT r.id, p.staff_code, p.name, r.kind, r.start_at, r.end_at, r.reason
         FROM rest_periods r JOIN people p ON p.id = r.person_id",
        Some("r.id"),
    ),
    (
        "family_cases",
        "SELECT f.id, p.staff_code, p.name, f.category, f.urgency, f.status, f.organisation,
                f.helper, f.opened_at, f.resolved_at
         FROM family_cases f JOIN people p ON p.id = f.person_id",
        Some("f.id"),
    ),
    (
        "stock",
        "SELECT i.code, i.name_zh, i.name_en, d.name AS depot, s.on_hand, i.unit_zh
         FROM stock s JOIN supply_items i ON i.id = s.item_id JOIN depots d ON d.id = s.depot_id
         ORDER BY i.id, d.id",
        None,
    ),
    (
        "requests",
        "SELECT r.id, r.kind, po.name AS post, p.name AS person, r.quantity, r.needed_by,
                r.status, r.opened_at, r.done_at
         FROM logistics_requests r LEFT JOIN posts po ON po.id = r.post_id
         LEFT JOIN people p ON p.id = r.person_id",
        Some("r.id"),
    ),
    (
        "audit",
        "SELECT id, at, operator, action, target, details FROM audit_log",
        Some("id"),
    ),
    (
        "health_reports",
        "SELECT h.id, p.staff_code, p.name, h.day AS day,
                round(h.temp_dc / 10.0, 1) AS temp_c, h.fit, h.unwell, h.reported_at, h.via_phone
         FROM health_reports h JOIN people p ON p.id = h.person_id",
        Some("h.id"),
    ),
    (
        "tests",
        "SELECT t.id, p.staff_code, p.name, t.tested_at, t.result, t.site
         FROM nucleic_tests t JOIN people p ON p.id = t.person_id",
        Some("t.id"),
    ),
    (
        "visits",
        "SELECT v.id, p.staff_code, p.name, v.visited_at, v.to_family, v.visitors, v.dues_fen
         FROM care_visits v JOIN people p ON p.id = v.person_id",
        Some("v.id"),
    ),
    (
        "talks",
        "SELECT t.id, p.staff_code, p.name, t.talked_at, t.by_whom
         FROM talks t JOIN people p ON p.id = t.person_id",
        Some("t.id"),
    ),
    (
        "trainings",
        "SELECT t.id, p.staff_code, p.name, t.kind, t.trained_at
         FROM trainings t JOIN people p ON p.id = t.person_id",
        Some("t.id"),
    ),
    (
        "insurance",
        "SELECT i.id, p.staff_code, p.name, i.policy, i.valid_from, i.valid_until
         FROM insurance i JOIN people p ON p.id = i.person_id",
        Some("i.id"),
    ),
];

/// Columns holding a day number (days since 1970-01-01): exported as the date, YYYY-MM-DD
/// (formatted here, not by SQL: the engines' date functions differ).
const DAY_COLUMNS: &[&str] = &["day"];

/// Columns holding unix seconds: exported as local date and time, as a spreadsheet user reads.
const TIME_COLUMNS: &[&str] = &[
    "at",
    "retired_at",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "start_at",
    "end_at",
    "opened_at",
    "resolved_at",
    "needed_by",
    "done_at",
    "reported_at",
    "tested_at",
    "visited_at",
    "talked_at",
    "trained_at",
    "valid_from",
    "valid_until",
];

pub fn table_names() -> Vec<&'static str> {
    TABLES.iter().map(|(n, ..)| *n).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Json,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Some(Self::Csv),
            "xlsx" => Some(Self::Xlsx),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
    pub fn ext(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Json => "json",
        }
    }
}

/// A day number as SQLite's `date(day * 86400, 'unixepoch')` writes it.
fn day_date(day: i64) -> String {
    chrono::DateTime::from_timestamp(day.saturating_mul(86_400), 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Rows read from the database a page at a time: a server answers a statement with all its
/// rows at once, and a whole table at city size (4.7 million shifts) held 3.6 GB.
const PAGE: i64 = 5_000;

/// A known table into `sink`, a page at a time, all pages from one snapshot of the database;
/// the rows written. An unknown name is refused with the list of known ones.
pub fn table_into(store: &Store, name: &str, sink: &mut dyn Sink) -> Result<u64> {
    table_paged(store, name, sink, PAGE)
}

fn known(name: &str) -> Result<&'static (&'static str, &'static str, Option<&'static str>)> {
    match TABLES.iter().find(|(n, ..)| *n == name.trim()) {
        Some(t) => Ok(t),
        None => bail!(
            "unknown table '{}'; known tables: {}",
            crate::domain::text::field(name.trim()),
            table_names().join(", ")
        ),
    }
}

/// `table_into` with pages of `page` rows (tests cross page boundaries with small pages).
pub fn table_paged(store: &Store, name: &str, sink: &mut dyn Sink, page: i64) -> Result<u64> {
    let (_, sql, key) = known(name)?;
    let c = &store.conn;
    c.execute_batch(match store.engine() {
        Engine::Sqlite => "BEGIN",
        Engine::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    })?;
    let r = (|| -> Result<u64> {
        if let Some(max) = sink.most_rows() {
            let n: i64 =
                c.query_row(&format!("SELECT count(*) FROM ({sql}) t"), [], |r| r.get(0))?;
            if n as u64 > max {
                bail!(
                    "{name} has {n} rows, more than {} holds ({max}); export it as CSV",
                    sink.what()
                );
            }
        }
        let paged = key.map(|k| format!("{sql} WHERE {k} > ?1 ORDER BY {k} LIMIT ?2"));
        let mut st = c.prepare(paged.as_deref().unwrap_or(sql))?;
        let headers: Vec<String> = st.column_names().iter().map(|s| s.to_string()).collect();
        sink.headers(&headers)?;
        let kind: Vec<Kind> = headers
            .iter()
            .map(|h| match h.as_str() {
                h if TIME_COLUMNS.contains(&h) => Kind::Time,
                h if DAY_COLUMNS.contains(&h) => Kind::Day,
                _ => Kind::Plain,
            })
            .collect();
        let tz = store.cfg.tz;
        let (mut after, mut n) = (i64::MIN, 0u64);
        loop {
            let mut q = if paged.is_some() {
                st.query(crate::store::db::params![after, page])?
            } else {
                st.query([])?
            };
            let mut got = 0;
            while let Some(r) = q.next()? {
                let mut row = Vec::with_capacity(kind.len());
                for (i, k) in kind.iter().enumerate() {
                    row.push(cell(r.get_ref(i)?, *k, tz));
                }
                if paged.is_some() {
                    after = r.get(0)?;
                }
                sink.row(&row)?;
                got += 1;
            }
            n += got;
            if paged.is_none() || got < page as u64 {
                break;
            }
        }
        Ok(n)
    })();
    let _ = c.execute_batch(if r.is_ok() { "COMMIT" } else { "ROLLBACK" });
    let n = r?;
    sink.finish()?;
    Ok(n)
}

#[derive(Clone, Copy)]
enum Kind {
    Plain,
    Time,
    Day,
}

fn cell(v: rusqlite::types::ValueRef<'_>, kind: Kind, tz: chrono_tz::Tz) -> Cell {
    use rusqlite::types::ValueRef as V;
    match (v, kind) {
        (V::Null, _) => Cell::Text(String::new()),
        (V::Integer(v), Kind::Time) => Cell::Text(crate::domain::time::fmt_full(v, tz)),
        (V::Integer(v), Kind::Day) => Cell::Text(day_date(v)),
        (V::Integer(v), _) => Cell::Int(v),
        (V::Real(v), _) => Cell::Num(v),
        (V::Text(t), _) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
        (V::Blob(_), _) => Cell::Text("<blob>".into()),
    }
}

/// A known table to `path` (else standard output) in `fmt`, streamed: the rows written.
/// Written privately (see `files`); an existing file only with `Existing::Replace`. A failed
/// export leaves nothing (a new file is removed, a replaced one is the old file still).
pub fn table_to(
    store: &Store,
    name: &str,
    fmt: ExportFormat,
    path: Option<&Path>,
    existing: Existing,
) -> Result<u64> {
    known(name)?;
    let Some(path) = path else {
        return text_to(store, name, fmt, Out::Stdout(std::io::stdout().lock()));
    };
    let mut n = 0;
    crate::files::write_private_with(path, existing, |f| {
        n = if fmt == ExportFormat::Xlsx {
            let mut s = XlsxSink::new(name);
            let n = table_into(store, name, &mut s)?;
            s.save(f)
                .with_context(|| format!("cannot write {}", path.display()))?;
            n
        } else {
            text_to(store, name, fmt, Out::File(std::io::BufWriter::new(f)))?
        };
        Ok(())
    })?;
    Ok(n)
}

/// A known table as CSV or JSON text to `out`: the rows written.
fn text_to(store: &Store, name: &str, fmt: ExportFormat, out: Out<'_>) -> Result<u64> {
    match fmt {
        ExportFormat::Csv => table_into(store, name, &mut CsvSink::new(out)),
        ExportFormat::Json => table_into(store, name, &mut JsonSink::new(out)),
        ExportFormat::Xlsx => bail!("--format xlsx writes a file: give it with --out FILE"),
    }
}

/// The organisation as the import reads it: one table per sheet (街道 社区 点位 仓库 物资),
/// the import's Chinese headers, whole numbers as numbers. Written as XLSX it imports back as
/// it is (`frontline import org`), into this database (nothing new) or another.
pub fn org_tables(store: &Store) -> Result<Vec<Table>> {
    use crate::import::org::{SHEETS, columns};
    let sheets = store.org_workbook()?;
    Ok(SHEETS
        .iter()
        .map(|(kind, zh, en)| {
            let cols = columns(*kind);
            let rows = sheets
                .iter()
                .find(|(k, _)| k == kind)
                .map(|(_, rows)| rows.as_slice())
                .unwrap_or_default();
            Table {
                key: (*en).to_string(),
                title: (*zh).to_string(),
                headers: cols.iter().map(|c| c.2.to_string()).collect(),
                rows: rows
                    .iter()
                    .map(|row| {
                        row.iter()
                            .zip(cols)
                            .map(|(v, (field, ..))| match (*field, v.parse::<i64>()) {
                                ("headcount" | "reorder", Ok(n)) => Cell::Int(n),
                                _ => Cell::Text(v.clone()),
                            })
                            .collect()
                    })
                    .collect(),
            }
        })
        .collect())
}

/// A serialised row with its fields in declaration order (serde_json's own map sorts them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrderedRow(pub Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for OrderedRow {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = OrderedRow;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<OrderedRow, A::Error> {
                let mut out = vec![];
                while let Some((k, v)) = m.next_entry::<String, serde_json::Value>()? {
                    out.push((k, v));
                }
                Ok(OrderedRow(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl OrderedRow {
    /// Any serialisable row (a struct), fields in order.
    pub fn of<T: serde::Serialize>(row: &T) -> OrderedRow {
        serde_json::to_string(row)
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default()
    }
}

/// Fields of screen rows holding unix seconds (besides `TIME_COLUMNS`).
const SCREEN_TIMES: &[&str] = &[
    "since",
    "start",
    "end",
    "raised_at",
    "runs_out",
    "last_entry",
    "breach_at",
    "last_talk",
    "last_duty_end",
    "insured_until",
    "until",
    "updated_at",
    "self_protection",
    "psychological",
];

/// A screen's rows as a table: fields become headers in their order, times local date and
/// time, nested values JSON text.
pub fn rows_table(key: &str, title: &str, rows: &[OrderedRow], tz: chrono_tz::Tz) -> Table {
    let headers: Vec<String> = rows
        .first()
        .map(|r| r.0.iter().map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    let cell = |k: &str, v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => Cell::Text(String::new()),
        Some(serde_json::Value::String(s)) => Cell::Text(s.clone()),
        Some(serde_json::Value::Number(n)) => match n.as_i64() {
            Some(i) if TIME_COLUMNS.contains(&k) || SCREEN_TIMES.contains(&k) => {
                Cell::Text(crate::domain::time::fmt_full(i, tz))
            }
            Some(i) => Cell::Int(i),
            None => Cell::Num(n.as_f64().unwrap_or(0.0)),
        },
        Some(serde_json::Value::Bool(b)) => Cell::Text(b.to_string()),
        Some(other) => Cell::Text(other.to_string()),
    };
    Table {
        key: key.to_string(),
        title: title.to_string(),
        rows: rows
            .iter()
            .map(|r| {
                headers
                    .iter()
                    .map(|h| cell(h, r.0.iter().find(|(k, _)| k == h).map(|(_, v)| v)))
                    .collect()
            })
            .collect(),
        headers,
    }
}

/// Write a table to `path` in `fmt`.
/// Written privately (see `files`); an existing file only with `Existing::Replace`.
pub fn write(t: &Table, fmt: ExportFormat, path: &Path, existing: Existing) -> Result<()> {
    let text = match fmt {
        ExportFormat::Xlsx => return render::xlsx(std::slice::from_ref(t), path, existing),
        ExportFormat::Csv => render::csv(std::slice::from_ref(t))?,
        ExportFormat::Json => {
            serde_json::to_string_pretty(&render::json(std::slice::from_ref(t)))? + "\n"
        }
    };
    crate::files::write_private(path, text.as_bytes(), existing)
}

/// `<dir of the database>/<sub>/<stem>-<YYYYmmdd-HHMMSS>.<ext>`, for the console.
pub fn beside_db(
    db: &Path,
    sub: &str,
    stem: &str,
    ext: &str,
    now: i64,
    tz: chrono_tz::Tz,
) -> PathBuf {
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(sub);
    let stamp = crate::domain::time::to_local(now, tz).format("%Y%m%d-%H%M%S");
    dir.join(format!("{stem}-{stamp}.{ext}"))
}
