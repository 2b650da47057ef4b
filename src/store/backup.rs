//! Backups with SQLite's online backup API: a consistent copy while consoles keep writing.
//! `restore` refuses a file that fails the integrity check, is not a Frontline database, or
//! was written by a newer Frontline.

use super::{Store, StoreConfig, create_private, schema};
use anyhow::{Context, Result, anyhow, bail};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// Copy every page in one step: one read transaction, so the copy is a single snapshot even
/// while other connections commit.
fn copy(from: &Connection, to: &mut Connection) -> Result<()> {
    let b = Backup::new(from, to)?;
    match b.step(-1)? {
        StepResult::Done => Ok(()),
        other => bail!("backup did not complete ({other:?}); try again"),
    }
}

/// `PRAGMA integrity_check`, or `quick_check` (the b-trees but not each index against its
/// table: 4 s instead of 20 s of a core for the 480 MB city database).
fn integrity(conn: &Connection, quick: bool) -> Result<()> {
    let mut st = conn.prepare(if quick {
        "PRAGMA quick_check"
    } else {
        "PRAGMA integrity_check"
    })?;
    let lines: Vec<String> = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if lines != ["ok"] {
        bail!("integrity check failed: {}", lines.join("; "));
    }
    Ok(())
}

impl Store {
    /// Write a consistent copy of the database to `out` (a new file, created 0600).
    pub fn backup_to(&self, out: &Path) -> Result<()> {
        self.backup_checked(out, false)
    }

    fn backup_checked(&self, out: &Path, quick: bool) -> Result<()> {
        if out.exists() {
            bail!("{} already exists; choose a new file", out.display());
        }
        create_private(out)?;
        let mut dst = super::key::connect(
            out,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
        .with_context(|| format!("cannot write {}", out.display()))?;
        let r = copy(&self.conn, &mut dst).and_then(|_| integrity(&dst, quick));
        if r.is_err() {
            drop(dst);
            let _ = std::fs::remove_file(out);
        }
        r
    }

    /// Today's automatic backup into `<db dir>/backups/`, once a day, keeping the newest `keep`.
    /// Returns the new file, or `None` when today's exists.
    pub fn auto_backup(&self, day: &str, keep: usize) -> Result<Option<PathBuf>> {
        let dir = self
            .path()
            .parent()
            .unwrap_or(Path::new("."))
            .join("backups");
        let stem = self
            .path()
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("frontline")
            .to_string();
        let file = dir.join(format!("{stem}-{day}.db"));
        if file.exists() {
            return Ok(None);
        }
        if !dir.exists() {
            std::fs::create_dir_all(&dir)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
            }
        }
        // Inside a console: the quick check, so the dispatcher's half of the two cores is not
        // taken for long (`frontline backup` runs the full one).
        self.backup_checked(&file, true)?;
        let prefix = format!("{stem}-");
        let mut old: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                n.starts_with(&prefix) && n.ends_with(".db") && !n.contains("before-restore")
            })
            .collect();
        old.sort();
        while old.len() > keep {
            let p = old.remove(0);
            let _ = std::fs::remove_file(&p);
        }
        Ok(Some(file))
    }

    /// Replace the database's content with `file`'s, after checking it, keeping a copy of the
    /// current content beside it. The restore is recorded in the audit log.
    pub fn restore_from(&mut self, file: &Path, operator: &str, now: i64) -> Result<PathBuf> {
        let src = check_restorable(file)?;
        let safety = self
            .path()
            .with_extension(format!("before-restore-{now}.db"));
        self.backup_to(&safety)?;
        copy(&src, &mut self.conn)?;
        schema::migrations()
            .to_latest(&mut self.conn)
            .map_err(|e| anyhow!("restored, but cannot migrate: {e}"))?;
        self.conn.execute(
            "INSERT INTO audit_log(at, operator, action, target, details) VALUES (?1, ?2, 'restore', 'database', ?3)",
            rusqlite::params![now, operator, serde_json::json!({"from": file, "previous_saved_as": safety}).to_string()],
        )?;
        Ok(safety)
    }
}

/// Open `file` read-only and check it is a sound Frontline database this build can read.
pub fn check_restorable(file: &Path) -> Result<Connection> {
    if !file.exists() {
        bail!("no file at {}", file.display());
    }
    let conn = super::key::connect(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| super::key::explain(file, &e))?;
    if version > schema::LATEST as i64 {
        bail!(
            "{} was written by a newer Frontline (schema {version}); refusing to restore it",
            file.display()
        );
    }
    integrity(&conn, false).with_context(|| format!("{} is damaged", file.display()))?;
    let has_audit: bool = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE name = 'audit_log'",
        [],
        |r| r.get::<_, i64>(0),
    )? == 1;
    if !has_audit {
        bail!("{} is not a Frontline database", file.display());
    }
    Ok(conn)
}

/// The automatic daily backup, on its own connection and thread so the console's first frame
/// does not wait for it. Failures are logged, never shown as a crash.
pub fn spawn_daily(
    path: PathBuf,
    cfg: StoreConfig,
    now: i64,
    keep: usize,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let day = crate::domain::time::to_local(now, cfg.tz)
            .format("%Y-%m-%d")
            .to_string();
        // A page cache of 2 MB, not the console's 32: the copy reads every page once, and the
        // console's memory stays in its budget (100 MB at city size) while it runs.
        let backup = Store::open(&path, cfg).and_then(|s| {
            s.conn.pragma_update(None, "cache_size", -2000)?;
            s.auto_backup(&day, keep)
        });
        match backup {
            Ok(Some(f)) => tracing::info!(file = %f.display(), "daily backup written"),
            Ok(None) => {}
            Err(e) => tracing::warn!("daily backup failed: {e:#}"),
        }
    })
}
