//! Files Frontline writes (exports, reports, backups, the log, the config): private to the
//! user — created 0600, folders it creates 0700 — never through a symbolic link, and never
//! replacing an existing file unless asked (`--force`). A replacement is written beside the
//! file and renamed over it, so a reader sees the old file or the new, never half of one.

use anyhow::{Result, anyhow, bail};
use std::io::Write;
use std::path::Path;

pub fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("org", "frontline", "frontline")
}

/// Data directory (created 0700 on first use by the store).
pub fn data_dir() -> Result<std::path::PathBuf> {
    project_dirs()
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| anyhow!("no home directory; pass --db PATH"))
}

/// What to do when the file is already there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Existing {
    /// Refuse, naming `--force`.
    Refuse,
    /// Replace it (the console's own files in `reports/`, `exports/`; `--force`).
    Replace,
}

impl Existing {
    pub fn force(force: bool) -> Existing {
        if force {
            Existing::Replace
        } else {
            Existing::Refuse
        }
    }
}

/// Create `dir` and its missing parents 0700 (existing folders are left as they are).
pub fn private_dir(dir: &Path) -> Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
        .map_err(|e| anyhow!("cannot create {}: {e}", dir.display()))
}

/// A folder of Frontline's own output (`reports/`, `exports/`, `backups/`): created, or an
/// existing one made 0700 (it was 0755 in older builds). A link is refused.
pub fn own_dir(dir: &Path) -> Result<()> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => bail!(
            "{} is a symbolic link; Frontline does not write through links",
            dir.display()
        ),
        Ok(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                    .map_err(|e| anyhow!("cannot secure {}: {e}", dir.display()))?;
            }
            Ok(())
        }
        Err(_) => private_dir(dir),
    }
}

/// Refuse a symbolic link (dangling or not) at `path`; say whether a file is there.
fn check_target(path: &Path, existing: Existing) -> Result<bool> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => bail!(
            "{} is a symbolic link; Frontline does not write through links",
            path.display()
        ),
        Ok(m) if m.is_dir() => bail!("{} is a folder", path.display()),
        Ok(_) if existing == Existing::Refuse => bail!(
            "{} already exists; add --force to replace it",
            path.display()
        ),
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(anyhow!("cannot write {}: {e}", path.display())),
    }
}

/// A new file, 0600, that did not exist (O_EXCL: a link planted there is not followed).
pub fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// Check `path` may be written (no link; an existing file only with `Replace`) and make its
/// folder; for writers that create the file themselves (SQLite).
pub fn prepare(path: &Path, existing: Existing) -> Result<bool> {
    if let Some(dir) = path.parent() {
        private_dir(dir)?;
    }
    check_target(path, existing)
}

/// Write `bytes` to `path` privately (see the module).
pub fn write_private(path: &Path, bytes: &[u8], existing: Existing) -> Result<()> {
    write_private_with(path, existing, |f| Ok(f.write_all(bytes)?))
}

/// Write `path` privately (see the module) through `fill`, which writes the file's whole
/// content (a writer that streams: an export of millions of rows). If `fill` fails nothing is
/// left behind: a new file is removed, a replaced one is still the old file.
pub fn write_private_with(
    path: &Path,
    existing: Existing,
    fill: impl FnOnce(&mut std::fs::File) -> Result<()>,
) -> Result<()> {
    let there = prepare(path, existing)?;
    let err = |e: std::io::Error| anyhow!("cannot write {}: {e}", path.display());
    let write = |at: &Path, f: &mut std::fs::File| -> Result<()> {
        let r = fill(f).and_then(|_| f.sync_all().map_err(err));
        if r.is_err() {
            let _ = std::fs::remove_file(at);
        }
        r
    };
    if !there {
        let mut f = create_new(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                anyhow!("{} appeared while writing; not replaced", path.display())
            }
            _ => err(e),
        })?;
        return write(path, &mut f);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let mut f = create_new(&tmp).map_err(err)?;
    write(&tmp, &mut f)?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })
}

/// Make an existing file of ours 0600 (the log, the config), or create it so; a link is left
/// alone and refused.
pub fn ensure_private(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => bail!(
            "{} is a symbolic link; Frontline does not write through links",
            path.display()
        ),
        Ok(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
            }
            Ok(())
        }
        Err(_) => match create_new(path) {
            Ok(_) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(anyhow!("cannot create {}: {e}", path.display())),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that fails half way (a full disk, a table a sheet cannot hold) leaves no half
    /// file: a new one is not there, a replaced one is the old file still.
    #[test]
    fn a_failed_write_leaves_nothing_half_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let half = |f: &mut std::fs::File| -> Result<()> {
            f.write_all(b"id,name\n1,")?;
            bail!("the disk is full")
        };
        let err = write_private_with(&path, Existing::Refuse, half).unwrap_err();
        assert_eq!(err.to_string(), "the disk is full");
        assert!(!path.exists(), "no new file");
        write_private(&path, b"old\n", Existing::Refuse).unwrap();
        assert!(write_private_with(&path, Existing::Replace, half).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left: {left:?}");
        write_private_with(&path, Existing::Replace, |f| Ok(f.write_all(b"new\n")?)).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
    }
}
