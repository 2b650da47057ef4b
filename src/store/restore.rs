//! `restore`: the live database is never harmed by a bad file. The candidate is checked
//! completely on a private copy first — a regular SQLite file, a schema version this build
//! knows, `integrity_check`, and its tables, columns, indexes, triggers and views compared with
//! what this build's migrations create at that version — then the copy's triggers and views
//! are rebuilt from this build's definitions (never taken from the file), the copy is
//! migrated and checked again, and only then is it copied over the live database in one
//! SQLite transaction (the backup API: other consoles see the old or the new, never half).
//! Any failure before that leaves the live file untouched and says why.

use super::{Store, create_private, schema};
use anyhow::{Context, Result, anyhow, bail};
use rusqlite::{Connection, OpenFlags};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a schema is made of, as compared: tables with their columns (name, declared type),
/// index names per table, trigger names, view names.
#[derive(Debug, PartialEq)]
struct Shape {
    tables: BTreeMap<String, Vec<(String, String)>>,
    indexes: BTreeMap<String, String>,
    triggers: Vec<String>,
    views: Vec<String>,
}

fn shape(conn: &Connection) -> rusqlite::Result<Shape> {
    let names = |kind: &str| -> rusqlite::Result<Vec<(String, String)>> {
        let mut st = conn.prepare(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = ?1 AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )?;
        st.query_map([kind], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect()
    };
    let mut tables = BTreeMap::new();
    for (t, _) in names("table")? {
        let mut st = conn.prepare("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid")?;
        let cols = st
            .query_map([&t], |r| {
                Ok((r.get(0)?, r.get::<_, String>(1)?.to_uppercase()))
            })?
            .collect::<rusqlite::Result<_>>()?;
        tables.insert(t, cols);
    }
    Ok(Shape {
        tables,
        indexes: names("index")?.into_iter().collect(),
        triggers: names("trigger")?.into_iter().map(|(n, _)| n).collect(),
        views: names("view")?.into_iter().map(|(n, _)| n).collect(),
    })
}

/// The first difference between the file's shape and this build's, in words.
fn differ(file: &Shape, ours: &Shape) -> Option<String> {
    let extra = |a: &dyn Fn(&str) -> bool, b: Vec<&String>| b.into_iter().find(|n| !a(n)).cloned();
    if let Some(t) = extra(
        &|n| ours.tables.contains_key(n),
        file.tables.keys().collect(),
    ) {
        return Some(format!("it has a table '{t}' that Frontline does not make"));
    }
    if let Some(t) = extra(
        &|n| file.tables.contains_key(n),
        ours.tables.keys().collect(),
    ) {
        return Some(format!("its table '{t}' is missing"));
    }
    for (t, cols) in &file.tables {
        if cols != &ours.tables[t] {
            return Some(format!(
                "the columns of its table '{t}' differ from Frontline's"
            ));
        }
    }
    if let Some(i) = extra(
        &|n| ours.indexes.contains_key(n),
        file.indexes.keys().collect(),
    ) {
        return Some(format!(
            "it has an index '{i}' that Frontline does not make"
        ));
    }
    if let Some(i) = extra(
        &|n| file.indexes.contains_key(n),
        ours.indexes.keys().collect(),
    ) {
        return Some(format!("its index '{i}' is missing"));
    }
    for (i, t) in &file.indexes {
        if &ours.indexes[i] != t {
            return Some(format!("its index '{i}' is on another table"));
        }
    }
    if let Some(v) = file.views.iter().find(|v| !ours.views.contains(v)) {
        return Some(format!("it has a view '{v}' that Frontline does not make"));
    }
    if let Some(t) = file.triggers.iter().find(|t| !ours.triggers.contains(t)) {
        return Some(format!(
            "it has a trigger '{t}' that Frontline does not make"
        ));
    }
    None
}

/// An empty database made by this build's migrations, up to `version`.
fn reference(version: usize) -> Result<Connection> {
    let mut c = Connection::open_in_memory()?;
    schema::migrations()
        .to_version(&mut c, version)
        .map_err(|e| anyhow!("cannot build schema {version}: {e}"))?;
    Ok(c)
}

/// Drop the copy's triggers and views and create this build's (`ours`) in their place.
fn rebuild_triggers(copy: &Connection, ours: &Connection) -> Result<()> {
    let objects = |c: &Connection| -> rusqlite::Result<Vec<(String, String, Option<String>)>> {
        let mut st = c.prepare(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY type = 'trigger'",
        )?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect()
    };
    for (kind, name, _) in objects(copy)? {
        let kind = if kind == "view" { "VIEW" } else { "TRIGGER" };
        copy.execute_batch(&format!(
            "DROP {kind} IF EXISTS \"{}\"",
            name.replace('"', "\"\"")
        ))?;
    }
    for (_, _, sql) in objects(ours)? {
        if let Some(sql) = sql {
            copy.execute_batch(&sql)?;
        }
    }
    Ok(())
}

fn integrity(conn: &Connection) -> Result<()> {
    let mut st = conn.prepare("PRAGMA integrity_check")?;
    let lines: Vec<String> = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if lines != ["ok"] {
        bail!("the integrity check failed: {}", lines.join("; "));
    }
    Ok(())
}

/// Check `file` as far as it can be read in place: a regular, non-empty file.
fn check_file(file: &Path) -> Result<()> {
    let meta = std::fs::metadata(file).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => anyhow!("no file at {}", file.display()),
        _ => anyhow!("cannot read {}: {e}", file.display()),
    })?;
    if meta.is_dir() {
        bail!("{} is a folder, not a backup file", file.display());
    }
    if !meta.is_file() {
        bail!("{} is not a regular file", file.display());
    }
    if meta.len() == 0 {
        bail!("{} is empty, not a Frontline backup", file.display());
    }
    Ok(())
}

/// Copy `file` into the private file `work`, check it completely, rebuild its triggers and
/// views from this build's definitions, migrate it to this build's schema and check it again.
pub(super) fn prepare(file: &Path, work: &Path) -> Result<Connection> {
    check_file(file)?;
    let src = super::key::connect(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| anyhow!("{e:#}"))?;
    create_private(work)?;
    let mut copy = super::key::connect(
        work,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
    )?;
    super::backup::copy(&src, &mut copy)
        .with_context(|| format!("cannot read {}", file.display()))?;
    drop(src);
    let version: i64 = copy.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > schema::LATEST as i64 {
        bail!(
            "it was written by a newer Frontline (schema {version}, this build knows {})",
            schema::LATEST
        );
    }
    if version < 1 {
        bail!("it is not a Frontline database (no schema version)");
    }
    integrity(&copy)?;
    let ours = reference(version as usize)?;
    if let Some(why) = differ(&shape(&copy)?, &shape(&ours)?) {
        bail!("it is not a Frontline database of schema {version}: {why}");
    }
    // Never the file's triggers: one fired during a restore could rewrite every row.
    rebuild_triggers(&copy, &ours)?;
    schema::migrations()
        .to_latest(&mut copy)
        .map_err(|e| anyhow!("it cannot be brought to this build's schema: {e}"))?;
    let latest = reference(schema::LATEST)?;
    rebuild_triggers(&copy, &latest)?;
    if let Some(why) = differ(&shape(&copy)?, &shape(&latest)?) {
        bail!("after migration it still differs from this build's schema: {why}");
    }
    Ok(copy)
}

impl Store {
    /// Replace the database's content with `file`'s once it has passed every check (see the
    /// module), keeping a copy of the current content beside the database. The restore is
    /// recorded in the audit log. On `Err` the live database is unchanged.
    pub fn restore_from(&mut self, file: &Path, operator: &str, now: i64) -> Result<PathBuf> {
        if self.engine() != super::db::Engine::Sqlite {
            return Err(anyhow!(
                "a server database that holds a post is never restored over; nothing was changed: create a new empty database and restore {} there with `frontline --db postgres://…/NEW restore`, then point the desks at it",
                file.display()
            ));
        }
        let work = self
            .path()
            .with_extension(format!("restore-{now}-{}.tmp", std::process::id()));
        let _ = std::fs::remove_file(&work);
        let r = self.restore_checked(file, &work, operator, now);
        let _ = std::fs::remove_file(&work);
        for ext in ["-wal", "-shm", "-journal"] {
            let mut p = work.clone().into_os_string();
            p.push(ext);
            let _ = std::fs::remove_file(p);
        }
        r.map_err(|e| {
            anyhow!(
                "{} was not restored: {e:#}; the database is unchanged",
                file.display()
            )
        })
    }

    fn restore_checked(
        &mut self,
        file: &Path,
        work: &Path,
        operator: &str,
        now: i64,
    ) -> Result<PathBuf> {
        let copy = prepare(file, work)?;
        let safety = self
            .path()
            .with_extension(format!("before-restore-{now}.db"));
        self.backup_to(&safety)
            .context("cannot save the current content first")?;
        copy.execute(
            "INSERT INTO audit_log(at, operator, action, target, details) VALUES (?1, ?2, 'restore', 'database', ?3)",
            rusqlite::params![now, operator, serde_json::json!({"from": file, "previous_saved_as": safety}).to_string()],
        )?;
        // One write transaction on the live file: readers see the old content or the new.
        super::backup::copy(&copy, self.sqlite_mut()?).map_err(|e| {
            anyhow!(
                "cannot write the database: {e:#}; the current content is also saved in {}",
                safety.display()
            )
        })?;
        Ok(safety)
    }
}
