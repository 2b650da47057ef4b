//! Opening a connection: the encryption key (SQLCipher, cargo feature `encryption`) applied
//! before anything else is read, and SQLite's open errors turned into one plain sentence.
//!
//! The key is process-wide: it is set once from `--key-file`, `$FRONTLINE_KEY_FILE` or
//! `$FRONTLINE_KEY` and used for every connection the process opens (the database, backups,
//! restores), so a backup of an encrypted database is encrypted with the same key.

use anyhow::{Result, anyhow, bail};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::Path;
use std::sync::OnceLock;

static KEY: OnceLock<Option<String>> = OnceLock::new();

/// Whether this build can encrypt (the `encryption` feature links SQLCipher).
pub const AVAILABLE: bool = cfg!(feature = "encryption");

/// Where the key comes from: `--key-file`, else `$FRONTLINE_KEY_FILE`, else `$FRONTLINE_KEY`
/// (the key itself), else none.
pub fn resolve(key_file: Option<&Path>) -> Result<Option<String>> {
    let file = key_file
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("FRONTLINE_KEY_FILE").map(Into::into));
    let key = match file {
        Some(f) => Some(read_key_file(&f)?),
        None => std::env::var("FRONTLINE_KEY").ok(),
    };
    // Read once; then out of the environment, where /proc/PID/environ and any child process
    // would show it.
    if std::env::var_os("FRONTLINE_KEY").is_some() {
        scrub_env("FRONTLINE_KEY");
    }
    match key {
        Some(k) if k.is_empty() => bail!("the database key is empty"),
        Some(_) if !AVAILABLE => bail!(
            "this Frontline was built without encryption; rebuild it with `cargo build --release --features encryption` to use a key"
        ),
        k => Ok(k),
    }
}

/// Remove `name` from the environment, and on Linux also blank the bytes the process started
/// with: `/proc/PID/environ` shows that first copy, which `remove_var` alone leaves in place.
/// Called at start-up from the main thread, before any other thread runs.
fn scrub_env(name: &str) {
    #[cfg(target_os = "linux")]
    let original: Vec<(*mut u8, usize)> = {
        unsafe extern "C" {
            static environ: *const *mut std::ffi::c_char;
        }
        let prefix = format!("{name}=");
        let mut found = vec![];
        // SAFETY: `environ` is the C library's NUL-terminated array of NUL-terminated strings;
        // no other thread runs yet, so nothing changes it while it is read.
        unsafe {
            let mut p = environ;
            while !p.is_null() && !(*p).is_null() {
                let entry = std::ffi::CStr::from_ptr(*p);
                if entry.to_bytes().starts_with(prefix.as_bytes()) {
                    found.push(((*p).cast::<u8>(), entry.to_bytes().len()));
                }
                p = p.add(1);
            }
        }
        found
    };
    // SAFETY: as above, single-threaded at start-up.
    unsafe { std::env::remove_var(name) };
    #[cfg(target_os = "linux")]
    for (p, len) in original {
        // SAFETY: the entry is no longer in `environ` (removed above) and lives in the start-up
        // block or the C library's own copy; it is overwritten in place, its length kept.
        unsafe { std::ptr::write_bytes(p, 0, len) };
    }
}

fn read_key_file(f: &Path) -> Result<String> {
    let text = std::fs::read_to_string(f)
        .map_err(|e| anyhow!("cannot read key file {}: {e}", f.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(f)?.permissions().mode();
        if mode & 0o077 != 0 {
            bail!(
                "key file {} can be read by other users; `chmod 600` it first",
                f.display()
            );
        }
    }
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}

/// Set the process-wide key (once; later calls are ignored).
pub fn set(key: Option<String>) {
    let _ = KEY.set(key);
}

fn key() -> Option<&'static str> {
    KEY.get().and_then(|k| k.as_deref())
}

/// The key in force, for a child process of ours that must open the same database (`bench`):
/// given to that child alone, never put back in this process's environment.
pub(crate) fn for_child() -> Option<&'static str> {
    key()
}

/// Open `path` with `flags`, apply the key, and check the file can be read, with a plain
/// message for each way that fails.
pub(crate) fn connect(path: &Path, flags: OpenFlags) -> Result<Connection> {
    // Always a path: this SQLite reads a name starting `file:` as a URI whatever the flags
    // (`file:m.db?mode=memory` kept nothing), so such a relative name is given as `./file:…`.
    let dotted;
    let path = if path.to_string_lossy().starts_with("file:") {
        dotted = Path::new(".").join(path);
        dotted.as_path()
    } else {
        path
    };
    let conn = Connection::open_with_flags(path, flags).map_err(|e| explain(path, &e))?;
    if let Some(k) = key() {
        // SQLCipher writes its own diagnostics to stderr, over the console; we say it in one line.
        conn.execute_batch("PRAGMA cipher_log_level = NONE")
            .map_err(|e| explain(path, &e))?;
        conn.pragma_update(None, "key", k)
            .map_err(|e| explain(path, &e))?;
    }
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| explain(path, &e))?;
    Ok(conn)
}

/// The file (or its folder, where the -wal file goes) may not be written by this user.
pub(crate) fn read_only(path: &Path) -> anyhow::Error {
    anyhow!(
        "{} is read-only: Frontline writes every action to it; let this user write the file and its folder",
        path.display()
    )
}

fn disk_full(path: &Path) -> anyhow::Error {
    anyhow!(
        "the disk holding {} is full: free some space and try again",
        path.display()
    )
}

/// Whether the folder of `path` has no room for a small file (the cause behind SQLite's
/// "disk I/O error" on a full disk).
fn no_space(path: &Path) -> bool {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let probe = dir.join(format!(".frontline-space-{}", std::process::id()));
    let r = std::fs::File::create(&probe).and_then(|mut f| {
        f.write_all(&[0u8; 65536])?;
        f.sync_all()
    });
    let _ = std::fs::remove_file(&probe);
    matches!(r, Err(e) if e.kind() == std::io::ErrorKind::StorageFull)
}

/// One sentence for an SQLite error met while opening or first writing `path`.
pub(crate) fn explain(path: &Path, e: &rusqlite::Error) -> anyhow::Error {
    let p = path.display();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) if key().is_some() => {
            anyhow!("cannot open {p}: wrong key (or not a Frontline database)")
        }
        Some(ErrorCode::NotADatabase) if AVAILABLE => anyhow!(
            "{p} is not a Frontline database, or it is encrypted: give its key with --key-file"
        ),
        Some(ErrorCode::NotADatabase) => anyhow!("{p} is not a Frontline database ({e})"),
        Some(ErrorCode::ReadOnly) => read_only(path),
        Some(ErrorCode::DiskFull) => disk_full(path),
        // SQLite says "disk I/O error" when the -wal or -shm file cannot grow on a full disk.
        Some(ErrorCode::SystemIoFailure) if no_space(path) => disk_full(path),
        Some(ErrorCode::CannotOpen) => anyhow!(
            "cannot open {p}: check that it exists and that this user may read and write it and its folder"
        ),
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            anyhow!("{p} is locked by another program for longer than 5 s; try again in a moment")
        }
        _ => anyhow!("cannot open {p}: {e}"),
    }
}

#[cfg(test)]
mod disk_tests {
    use super::*;

    #[test]
    fn a_full_disk_is_named_as_a_full_disk() {
        let e = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        let m = explain(Path::new("/data/f.db"), &e).to_string();
        assert_eq!(
            m,
            "the disk holding /data/f.db is full: free some space and try again"
        );
        // An I/O error with room on the disk stays an I/O error.
        let e = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR),
            None,
        );
        let dir = std::env::temp_dir().join("f.db");
        assert!(!explain(&dir, &e).to_string().contains("full"));
    }
}
