//! libpq's password file, which the `postgres` crate does not read (rust-postgres#729):
//! `$PGPASSFILE`, else `~/.pgpass`; lines `host:port:db:user:password`, `*` for any value, `\:`
//! and `\\` escapes, `#` comments; the first matching line wins. Like libpq, a file that its
//! group or others may read is ignored, with a warning.

use std::path::{Path, PathBuf};

/// What a connection is looking for a password for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wanted<'a> {
    pub host: &'a str,
    pub port: u16,
    pub db: &'a str,
    pub user: &'a str,
}

/// One field of a line: its unescaped text, or `*`.
#[derive(Debug, PartialEq, Eq)]
enum Field {
    Any,
    Is(String),
}

impl Field {
    fn matches(&self, s: &str) -> bool {
        match self {
            Field::Any => true,
            Field::Is(f) => f == s,
        }
    }
}

/// A line's four keys and its password; `None` for comments and short lines.
fn parse_line(line: &str) -> Option<([Field; 4], String)> {
    if line.starts_with('#') {
        return None;
    }
    let mut fields = Vec::with_capacity(4);
    let (mut text, mut raw) = (String::new(), String::new());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if fields.len() < 4 && c == ':' {
            let field = if raw == "*" {
                Field::Any
            } else {
                Field::Is(std::mem::take(&mut text))
            };
            fields.push(field);
            text.clear();
            raw.clear();
            continue;
        }
        raw.push(c);
        if c == '\\' {
            // a trailing lone backslash is kept as itself
            let e = chars.next().unwrap_or('\\');
            raw.push(e);
            text.push(e);
        } else {
            text.push(c);
        }
    }
    let fields: [Field; 4] = fields.try_into().ok()?;
    Some((fields, text))
}

/// The password of the first line matching `w` in a password file's text.
pub(crate) fn lookup(contents: &str, w: Wanted) -> Option<String> {
    let port = w.port.to_string();
    contents
        .lines()
        .filter_map(|l| parse_line(l.trim_end_matches('\r')))
        .find_map(|(f, pw)| {
            let hit = f[0].matches(w.host)
                && f[1].matches(&port)
                && f[2].matches(w.db)
                && f[3].matches(w.user);
            hit.then_some(pw)
        })
}

/// `$PGPASSFILE`, else `~/.pgpass`.
pub(crate) fn default_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PGPASSFILE").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("HOME").map(|h| Path::new(&h).join(".pgpass"))
}

/// The password for `w` from the file at `path`: none when the file is missing, is not a plain
/// file, or may be read by its group or others (then a warning says so, as libpq does).
pub(crate) fn from_file(path: &Path, w: Wanted) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        tracing::warn!(
            "password file {} is not a plain file; ignored",
            path.display()
        );
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            tracing::warn!(
                "password file {} has group or world access; permissions should be u=rw (0600) \
                 or less; ignored",
                path.display()
            );
            return None;
        }
    }
    match std::fs::read_to_string(path) {
        Ok(text) => lookup(&text, w),
        Err(e) => {
            tracing::warn!("password file {} unreadable: {e}", path.display());
            None
        }
    }
}

/// The largest `password_file` read: a password is one short line.
const PASSWORD_FILE_MAX: u64 = 4096;

/// The `password_file` setting's password, and the server user it is for: (host, port, user).
type Configured = (String, u16, String, String);
static CONFIGURED: std::sync::Mutex<Vec<Configured>> = std::sync::Mutex::new(Vec::new());

/// `password_file = "/path"`: read once at start. Its first line is the password of the user of
/// the database address this process opens (`url`), on that host and port; it wins over
/// `~/.pgpass` for that user there, and is never used for another user or server. The file
/// must be a plain file of this user's own that no one else may read (0600, as for pgpass), of
/// at most 4 KB. The error names the file and what is wrong, never its content.
pub fn use_password_file(path: &Path, url: &str) -> Result<(), String> {
    let bad = |what: &str| format!("password_file {}: {what}", path.display());
    let meta = std::fs::metadata(path).map_err(|e| bad(&format!("cannot read it ({e})")))?;
    if !meta.is_file() {
        return Err(bad("is not a plain file"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc_geteuid() };
        if meta.uid() != me {
            return Err(bad("belongs to another user; it must be your own"));
        }
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(bad(
                "may be read by others; make it yours only (chmod 600) and try again",
            ));
        }
    }
    if meta.len() > PASSWORD_FILE_MAX {
        return Err(bad("is over 4 KB; it holds one line, the password"));
    }
    let text = std::fs::read_to_string(path).map_err(|_| bad("is not readable UTF-8 text"))?;
    let pw = text.lines().next().unwrap_or("").trim_end_matches('\r');
    if pw.is_empty() || pw.chars().any(char::is_control) {
        return Err(bad("its first line must be the password (not empty)"));
    }
    let cfg: postgres::Config = url
        .parse()
        .map_err(|_| "the database address is not a valid postgres:// address".to_string())?;
    let host = match cfg.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        _ => "localhost".to_owned(),
    };
    let port = cfg.get_ports().first().copied().unwrap_or(5432);
    let user = cfg
        .get_user()
        .map(str::to_owned)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("LOGNAME").ok())
        .unwrap_or_default();
    let mut all = CONFIGURED.lock().unwrap_or_else(|p| p.into_inner());
    all.retain(|c| (c.0.as_str(), c.1, c.2.as_str()) != (host.as_str(), port, user.as_str()));
    all.push((host, port, user, pw.to_owned()));
    Ok(())
}

/// The `password_file` password for `w` (its database aside), if one was read for it.
pub(crate) fn configured(w: Wanted) -> Option<String> {
    let all = CONFIGURED.lock().unwrap_or_else(|p| p.into_inner());
    all.iter()
        .find(|c| c.0 == w.host && c.1 == w.port && c.2 == w.user)
        .map(|c| c.3.clone())
}

#[cfg(unix)]
unsafe extern "C" {
    #[link_name = "geteuid"]
    fn libc_geteuid() -> u32;
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: Wanted = Wanted {
        host: "db.post",
        port: 5432,
        db: "frontline",
        user: "desk",
    };

    #[test]
    fn the_first_matching_line_wins_and_stars_match_anything() {
        let file = "# comment: *:*:*:*:nope\n\
                    other:5432:frontline:desk:wrong-host\n\
                    db.post:5433:frontline:desk:wrong-port\n\
                    db.post:5432:frontline:desk:right\n\
                    *:*:*:*:fallback\n";
        assert_eq!(lookup(file, W).as_deref(), Some("right"));
        let w = Wanted { user: "owner", ..W };
        assert_eq!(lookup(file, w).as_deref(), Some("fallback"));
        assert_eq!(
            lookup("*:5432:*:desk:any-host\r\n", W).as_deref(),
            Some("any-host")
        );
        assert_eq!(lookup("db.post:5432:frontline:desk", W), None);
        assert_eq!(lookup("", W), None);
    }

    #[test]
    fn escaped_colons_and_backslashes_are_literal() {
        // an IPv6 host with escaped colons, a password holding a colon and a backslash
        let w = Wanted { host: "::1", ..W };
        assert_eq!(
            lookup(r"\:\:1:5432:frontline:desk:pa\:ss\\word", w).as_deref(),
            Some(r"pa:ss\word")
        );
        // the password is everything after the fourth colon, colons included
        assert_eq!(lookup("*:*:*:*:a:b:c", W).as_deref(), Some("a:b:c"));
        // an escaped star is a literal star, not a wildcard
        assert_eq!(lookup(r"\*:*:*:*:literal", W), None);
        let w = Wanted { host: "*", ..W };
        assert_eq!(lookup(r"\*:*:*:*:literal", w).as_deref(), Some("literal"));
        // a password may be empty
        assert_eq!(lookup("*:*:*:*:", W).as_deref(), Some(""));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_can_read_is_ignored() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        std::fs::write(&path, "*:*:*:*:secret\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(from_file(&path, W).as_deref(), Some("secret"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        assert_eq!(from_file(&path, W), None);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o604)).unwrap();
        assert_eq!(from_file(&path, W), None);
        assert_eq!(from_file(&dir.path().join("missing"), W), None);
        assert_eq!(from_file(dir.path(), W), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_password_file_is_the_users_own_and_wins_over_pgpass_for_its_address_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("desk.pw");
        let url = "postgres://pwdesk@pwfile.test:5999/frontline";
        std::fs::write(&file, "fr0m-file\nsecond line ignored\n").unwrap();
        let mode = |m: u32| {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(m)).unwrap();
        };
        mode(0o644);
        let e = use_password_file(&file, url).unwrap_err();
        assert!(e.contains("chmod 600") && e.contains("desk.pw"), "{e}");
        mode(0o600);
        use_password_file(&file, url).unwrap();
        let pgpass = dir.path().join("pgpass");
        std::fs::write(&pgpass, "*:*:*:*:from-pgpass\n").unwrap();
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
        let pw = |url: &str| {
            let cfg = super::super::config_with(url, Some(pgpass.clone())).unwrap();
            cfg.get_password()
                .map(|p| String::from_utf8(p.to_vec()).unwrap())
        };
        assert_eq!(pw(url).as_deref(), Some("fr0m-file"));
        // any database of that user on that server; not another user, host or port
        assert_eq!(
            pw("postgres://pwdesk@pwfile.test:5999/other").as_deref(),
            Some("fr0m-file")
        );
        for other in [
            "postgres://admin@pwfile.test:5999/frontline",
            "postgres://pwdesk@elsewhere.test:5999/frontline",
            "postgres://pwdesk@pwfile.test:5432/frontline",
        ] {
            assert_eq!(pw(other).as_deref(), Some("from-pgpass"), "{other}");
        }
        // empty, too big, not a file: refused with the file's name, never its content
        std::fs::write(&file, "\nfr0m-file\n").unwrap();
        let e = use_password_file(&file, url).unwrap_err();
        assert!(e.contains("first line") && !e.contains("fr0m"), "{e}");
        std::fs::write(&file, "x".repeat(5000)).unwrap();
        assert!(use_password_file(&file, url).unwrap_err().contains("4 KB"));
        assert!(
            use_password_file(dir.path(), url)
                .unwrap_err()
                .contains("not a plain file")
        );
        let e = use_password_file(&dir.path().join("missing"), url).unwrap_err();
        assert!(e.contains("cannot read"), "{e}");
    }
}
