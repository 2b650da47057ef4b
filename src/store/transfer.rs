//! Moving a post's SQLite file onto a PostgreSQL server (`frontline migrate`): every table
//! row for row, the audit log included, in one transaction on the server, into a database that
//! holds no Frontline data yet. Kept values are copied as they are (the triggers are set aside
//! while the rows go in), then compared with real counts on the server (`kept::check`).
//! And back: a server database's backup is a SQLite file of the same schema (`backup_to`), so
//! a backup of either engine is the same kind of file, and `restore` reads it as it is.

use super::db::{Connection, Engine, Params, ToSql, Value};
use super::{Store, server};
use anyhow::{Context, Result, bail};
use std::collections::{BTreeMap, BTreeSet};

/// What a copy moved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Copied {
    /// (table, rows) in the order they were copied.
    pub tables: Vec<(String, u64)>,
}

impl Copied {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.1).sum()
    }
}

/// The tables that hold what a post wrote; a server database with a row in any of them is not
/// empty and is never copied into.
const DATA: &[&str] = &["audit_log", "people", "streets", "shifts"];

/// Copy `from` (a SQLite store) into the server database `to` (created if empty).
pub fn copy_to_server(from: &Store, to: &str) -> Result<Copied> {
    if from.engine() != Engine::Sqlite {
        bail!("the source of a move is a SQLite file");
    }
    let a = server::Address::parse(to)?;
    let dst = server::open(to, true)?;
    for t in DATA {
        let n: i64 = dst.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?;
        if n > 0 {
            bail!(
                "{a} already holds a Frontline post ({t} has rows); a move goes into an empty database only"
            );
        }
    }
    let mut dst = dst;
    let tx = dst.transaction()?;
    // One read transaction on the file: every table, each read a page at a time, from one
    // snapshot, even if a console still writes to the file meanwhile.
    from.conn.execute_batch("BEGIN")?;
    let copied = fill(&from.conn, &tx);
    let _ = from.conn.execute_batch("COMMIT");
    let copied = copied?;
    tx.commit()?;
    analyze(&dst)?;
    Ok(copied)
}

/// The planner's statistics of every table, taken once the rows are in, and every table
/// vacuumed: until autovacuum gets to a freshly filled database its queries are planned as
/// over empty tables (at city size a `status` took seconds instead of tens of milliseconds),
/// and until a table is vacuumed its visibility map is empty, so an index-only scan (the home
/// panels' windows) reads the table's rows too, while autovacuum's own pass over millions of
/// rows comes a minute later, when the consoles are already at work (the home refresh took
/// 23 ms instead of 3 ms at city size until it had run).
fn analyze(dst: &Connection) -> Result<()> {
    dst.execute_batch("VACUUM (ANALYZE)")
        .context("cannot vacuum and take the planner's statistics (VACUUM ANALYZE)")
}

/// `restore BACKUP --db postgres://…`: a backup file (of either engine's `backup`) into a
/// server database that holds nothing yet. The file is first checked whole exactly as a
/// restore into a file checks it (`restore::prepare` onto a private working copy beside the
/// server's local files: a SQLite file, a known schema, integrity, shape; an older one
/// migrated), the `restore` audit row added to it (from the file, into the server: there is
/// no previous content to save), then the schema and every row go in one transaction on the
/// server: a bad file, or any failure, leaves the server database as empty as it was. The
/// caller checks the kept values after, as for `migrate`.
pub fn restore_to_server(
    file: &std::path::Path,
    to: &str,
    operator: &str,
    now: i64,
) -> Result<Copied> {
    let a = server::Address::parse(to)?;
    let mut dst = server::open_empty(to)?;
    let home = server::local_home(&a)?;
    let work = home.with_file_name(format!("restore-{now}-{}.db", std::process::id()));
    let leftovers = |work: &std::path::Path| {
        for ext in ["", "-wal", "-shm", "-journal"] {
            let mut f = work.to_path_buf().into_os_string();
            f.push(ext);
            let _ = std::fs::remove_file(f);
        }
    };
    leftovers(&work);
    let r = (|| -> Result<Copied> {
        let copy = super::restore::prepare(file, &work)
            .map_err(|e| anyhow::anyhow!("{} was not restored: {e:#}", file.display()))?;
        copy.execute(
            "INSERT INTO audit_log(at, operator, action, target, details) VALUES (?1, ?2, 'restore', 'database', ?3)",
            rusqlite::params![now, operator, serde_json::json!({"from": file, "into": a.to_string()}).to_string()],
        )?;
        let copy = Connection::sqlite(copy);
        let tx = dst.transaction()?;
        tx.execute_batch(&server::schema_sql())
            .with_context(|| format!("cannot set up {a}"))?;
        let copied = fill(&copy, &tx)?;
        tx.commit()?;
        analyze(&dst)?;
        Ok(copied)
    })();
    leftovers(&work);
    r.map_err(|e| anyhow::anyhow!("{e:#}; nothing was written to {a}"))
}

/// Every table of `src` (a SQLite store) into the open transaction `tx` on a server database
/// whose tables are empty, the triggers set aside while the rows go in, then the identity
/// sequences moved past the ids copied.
fn fill(src: &Connection, tx: &Connection) -> Result<Copied> {
    let order = tables_in_order(src)?;
    let mut copied = Copied::default();
    for t in &order {
        let cols = columns(src, t)?;
        tx.execute_batch(&format!(
            "ALTER TABLE {t} DISABLE TRIGGER USER; DELETE FROM {t}"
        ))?;
        let n = copy_table(src, tx, t, &cols, 60_000).with_context(|| format!("copying {t}"))?;
        tx.execute_batch(&format!("ALTER TABLE {t} ENABLE TRIGGER USER"))?;
        if cols.iter().any(|c| c == "id") && is_identity(tx, t)? {
            tx.query_row(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{t}', 'id'), \
                     coalesce(max(id), 0) + 1, false) FROM {t}"
                ),
                [],
                |_| Ok(()),
            )?;
        }
        copied.tables.push((t.clone(), n));
    }
    Ok(copied)
}

/// The source's tables, each after the tables its foreign keys name.
fn tables_in_order(c: &Connection) -> Result<Vec<String>> {
    let names: Vec<String> = c
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<super::db::Result<_>>()?;
    let mut needs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for n in &names {
        let parents: BTreeSet<String> = c
            .prepare("SELECT \"table\" FROM pragma_foreign_key_list(?1)")?
            .query_map([n], |r| r.get(0))?
            .collect::<super::db::Result<_>>()?;
        needs.insert(n.clone(), parents.into_iter().filter(|p| p != n).collect());
    }
    let mut out: Vec<String> = Vec::new();
    while out.len() < names.len() {
        let next = names.iter().find(|n| {
            !out.contains(n)
                && needs[*n]
                    .iter()
                    .all(|p| out.contains(p) || !names.contains(p))
        });
        match next {
            Some(n) => out.push(n.clone()),
            None => bail!("the tables' foreign keys form a cycle"),
        }
    }
    // The audit log last: it names rows of every other table.
    if let Some(i) = out.iter().position(|n| n == "audit_log") {
        let a = out.remove(i);
        out.push(a);
    }
    Ok(out)
}

fn columns(c: &Connection, table: &str) -> Result<Vec<String>> {
    Ok(
        c.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
            .query_map([table], |r| r.get(0))?
            .collect::<super::db::Result<_>>()?,
    )
}

fn is_identity(c: &Connection, table: &str) -> Result<bool> {
    Ok(c.query_row(
        "SELECT pg_get_serial_sequence(?1, 'id') IS NOT NULL",
        [table],
        |r| r.get(0),
    )?)
}

/// A server database (`from`, opened) into a new SQLite file of this build's schema: one
/// read-only snapshot of every table, the kept values as they are, then checked (integrity and
/// every kept value against its real count).
pub fn copy_to_file(from: &Store, out: &std::path::Path) -> Result<Copied> {
    if from.engine() != Engine::Postgres {
        bail!("the source of a server backup is a server database");
    }
    let mut raw = super::key::connect(
        out,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_CREATE,
    )?;
    super::schema::migrations()
        .to_latest(&mut raw)
        .map_err(|e| anyhow::anyhow!("cannot make {}: {e}", out.display()))?;
    raw.pragma_update(None, "foreign_keys", "OFF")?;
    let mut dst = Connection::sqlite(raw);
    let order = tables_in_order(&dst)?;
    let src = &from.conn;
    src.execute_batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
    let r = (|| -> Result<Copied> {
        let tx = dst.transaction()?;
        let triggers: Vec<String> = tx
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<super::db::Result<_>>()?;
        let names: Vec<&str> = triggers.iter().map(String::as_str).collect();
        let aside = super::kept::set_aside(&tx, &names)?;
        let mut copied = Copied::default();
        for t in &order {
            let cols = columns(&tx, t)?;
            tx.execute_batch(&format!("DELETE FROM {t}"))?;
            let n =
                copy_table(src, &tx, t, &cols, 30_000).with_context(|| format!("copying {t}"))?;
            copied.tables.push((t.clone(), n));
        }
        super::kept::restore(&tx, &aside)?;
        tx.commit()?;
        Ok(copied)
    })();
    let _ = src.execute_batch("COMMIT");
    let copied = r?;
    let drift = super::kept::check(&dst)?;
    if !drift.is_empty() {
        bail!("the copy's kept values differ from its rows: {drift:?}");
    }
    let ok: String = dst.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" {
        bail!("integrity check failed: {ok}");
    }
    if let Some(c) = dst.as_sqlite() {
        c.pragma_update(None, "foreign_keys", "ON")?;
        let bad: i64 = c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })?;
        if bad > 0 {
            bail!("the copy has {bad} rows naming rows it lacks");
        }
    }
    Ok(copied)
}

/// Rows read from the source a page at a time: a server answers a statement with all its rows
/// at once, so reading `shifts` whole at city size (4.7 million rows) held gigabytes.
const PAGE: i64 = 5_000;

/// Rows in batches of one multi-row INSERT each, of at most `params` parameters (PostgreSQL
/// takes 65535, SQLite 32766), read from `src` a page at a time (`PAGE`): by `id` where the
/// table has one, else in the order of all its columns (these tables are small: counts, kept
/// values, per-person settings). The caller holds one snapshot of the source (a transaction,
/// or a file nobody writes), so the pages make one consistent copy.
fn copy_table(
    src: &Connection,
    dst: &Connection,
    t: &str,
    cols: &[String],
    params: usize,
) -> Result<u64> {
    copy_table_paged(src, dst, t, cols, params, PAGE)
}

fn copy_table_paged(
    src: &Connection,
    dst: &Connection,
    t: &str,
    cols: &[String],
    params: usize,
    page: i64,
) -> Result<u64> {
    let list = cols.join(", ");
    let id_at = cols.iter().position(|c| c == "id");
    let sql = match id_at {
        Some(_) => format!("SELECT {list} FROM {t} WHERE id > ?1 ORDER BY id LIMIT ?2"),
        None => {
            let all: Vec<String> = (1..=cols.len()).map(|i| i.to_string()).collect();
            format!(
                "SELECT {list} FROM {t} ORDER BY {} LIMIT ?2 OFFSET ?1",
                all.join(", ")
            )
        }
    };
    let per = (params / cols.len()).clamp(1, 500);
    let mut batch: Vec<Value> = Vec::with_capacity(per * cols.len());
    let mut n = 0u64;
    let flush = |batch: &mut Vec<Value>| -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let rows = batch.len() / cols.len();
        let mut sql = format!("INSERT INTO {t}({list}) VALUES ");
        for r in 0..rows {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for c in 0..cols.len() {
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("?{}", r * cols.len() + c + 1));
            }
            sql.push(')');
        }
        dst.execute(&sql, Values(batch))?;
        batch.clear();
        Ok(())
    };
    // After: the last id copied, or the rows copied so far (the offset).
    let mut after = match id_at {
        Some(_) => i64::MIN,
        None => 0,
    };
    loop {
        let mut st = src.prepare_cached(&sql)?;
        let mut rows = st.query(super::db::params![after, page])?;
        let mut got = 0i64;
        while let Some(r) = rows.next()? {
            for i in 0..cols.len() {
                batch.push(r.get::<_, Value>(i)?);
            }
            if let Some(i) = id_at {
                after = r.get(i)?;
            }
            got += 1;
            n += 1;
            if batch.len() >= per * cols.len() {
                flush(&mut batch)?;
            }
        }
        if id_at.is_none() {
            after += got;
        }
        if got < page {
            break;
        }
    }
    flush(&mut batch)?;
    Ok(n)
}

/// Owned values as positional parameters.
struct Values<'a>(&'a [Value]);

impl Params for Values<'_> {
    fn args(&self) -> super::db::Args<'_> {
        super::db::Args::Pos(self.0.iter().map(|v| v as &dyn ToSql).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::db::params;

    fn conn() -> Connection {
        let c = Connection::sqlite(rusqlite::Connection::open_in_memory().unwrap());
        c.execute_batch(
            "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);
             CREATE TABLE k(name TEXT, n INTEGER);",
        )
        .unwrap();
        c
    }

    fn rows(c: &Connection, sql: &str) -> Vec<(Value, Value)> {
        c.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<super::super::db::Result<_>>()
            .unwrap()
    }

    /// Pages of 3 rows, batches of 2: every row arrives once, whether the table is read by
    /// id (with gaps in the ids) or by all its columns (rows alike in every column included).
    #[test]
    fn a_table_read_in_pages_arrives_whole_and_once() {
        let (src, dst) = (conn(), conn());
        for id in [1, 2, 5, 6, 7, 9, 10, 40, 41, 100] {
            src.execute(
                "INSERT INTO t VALUES (?1, ?2)",
                params![id, format!("v{id}")],
            )
            .unwrap();
        }
        for (name, n) in [
            ("a", 1),
            ("b", 2),
            ("a", 1),
            ("c", 0),
            ("b", 1),
            ("d", 9),
            ("a", 1),
        ] {
            src.execute("INSERT INTO k VALUES (?1, ?2)", params![name, n])
                .unwrap();
        }
        for (t, cols) in [("t", ["id", "v"]), ("k", ["name", "n"])] {
            let cols: Vec<String> = cols.iter().map(|c| c.to_string()).collect();
            let n = copy_table_paged(&src, &dst, t, &cols, 4, 3).unwrap();
            let sql = format!("SELECT {} FROM {t} ORDER BY 1, 2", cols.join(", "));
            assert_eq!(n as usize, rows(&src, &sql).len(), "{t}");
            assert_eq!(rows(&dst, &sql), rows(&src, &sql), "{t}");
        }
        // A page exactly full, then an empty one: nothing twice.
        let (src, dst) = (conn(), conn());
        for id in 1..=6 {
            src.execute("INSERT INTO t VALUES (?1, 'x')", [id]).unwrap();
        }
        let cols = vec!["id".to_string(), "v".to_string()];
        assert_eq!(copy_table_paged(&src, &dst, "t", &cols, 4, 3).unwrap(), 6);
        assert_eq!(rows(&dst, "SELECT id, v FROM t").len(), 6);
    }
}
