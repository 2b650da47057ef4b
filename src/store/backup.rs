//! Backups with SQLite's online backup API: a consistent copy while consoles keep writing.
//! `restore` is in `restore.rs`.

use super::{Store, StoreConfig};
use anyhow::{Context, Result, bail};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// Copy every page in one step: one read transaction, so the copy is a single snapshot even
/// while other connections commit.
pub(super) fn copy(from: &Connection, to: &mut Connection) -> Result<()> {
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
        // A link (even a dangling one) is refused: SQLite would follow it.
        if std::fs::symlink_metadata(out).is_ok() {
            crate::files::prepare(out, crate::files::Existing::Refuse).map_err(|_| {
                anyhow::anyhow!(
                    "{} already exists (or is a link); choose a new file",
                    out.display()
                )
            })?;
        }
        crate::files::private_dir(out.parent().unwrap_or(Path::new("")))?;
        crate::files::create_new(out)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", out.display()))?;
        if self.engine() == super::db::Engine::Postgres {
            let r = super::transfer::copy_to_file(self, out).map(|_| ());
            if r.is_err() {
                let _ = std::fs::remove_file(out);
            }
            return r.with_context(|| format!("cannot back up to {}", out.display()));
        }
        let mut dst = super::key::connect(
            out,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
        .with_context(|| format!("cannot write {}", out.display()))?;
        let r = copy(self.sqlite()?, &mut dst).and_then(|_| integrity(&dst, quick));
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
