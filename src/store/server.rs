//! A Frontline database on a PostgreSQL server (`--db postgres://user@host/db`): telling a
//! server address from a file path, opening it, creating the schema in an empty database and
//! refusing one of another program or another version. The SQL of the schema is
//! `pg/0019_base.sql`, the same schema version as the SQLite migrations (`schema::LATEST`).

use super::db::{Connection, OptionalExtension, pg::PgClient};
use super::schema;
use anyhow::{Result, anyhow, bail};
use std::path::{Path, PathBuf};

/// The PostgreSQL schema at version 19, the one `LATEST` names today.
pub const BASE: &str = include_str!("pg/0019_base.sql");

/// Whether `--db` names a server (`postgres://…` or `postgresql://…`) rather than a file.
pub fn is_server(db: &Path) -> bool {
    db.to_str()
        .is_some_and(|s| s.starts_with("postgres://") || s.starts_with("postgresql://"))
}

/// The parts of a server address that name the database, never the password.
#[derive(Debug, Clone, PartialEq)]
pub struct Address {
    pub user: String,
    pub host: String,
    pub port: u16,
    pub db: String,
}

impl Address {
    pub fn parse(url: &str) -> Result<Address> {
        let rest = url
            .split_once("://")
            .map(|(_, r)| r)
            .ok_or_else(|| anyhow!("not a postgres:// address"))?;
        let rest = rest.split('?').next().unwrap_or("");
        let (userinfo, hostpart) = rest.rsplit_once('@').unwrap_or(("", rest));
        let user = userinfo.split(':').next().unwrap_or("").to_string();
        let (hostport, db) = hostpart.split_once('/').unwrap_or((hostpart, ""));
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse()
                    .map_err(|_| anyhow!("bad port {p:?} in the database address"))?,
            ),
            None => (hostport, 5432),
        };
        let host = if host.is_empty() { "localhost" } else { host };
        let ok = |s: &str| {
            s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.%[]".contains(c))
        };
        if !ok(host) || !ok(&user) || !ok(db) {
            bail!(
                "the database address may hold only letters, digits and - _ . in its user, host and database"
            );
        }
        Ok(Address {
            user,
            host: host.to_string(),
            port,
            db: if db.is_empty() {
                user_or_postgres(userinfo)
            } else {
                db.to_string()
            },
        })
    }
}

fn user_or_postgres(userinfo: &str) -> String {
    match userinfo.split(':').next() {
        Some(u) if !u.is_empty() => u.to_string(),
        _ => "postgres".to_string(),
    }
}

impl std::fmt::Display for Address {
    /// `user@host:port/db`: what messages and the header show (no password).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.user.is_empty() {
            write!(f, "{}@", self.user)?;
        }
        write!(f, "{}:{}/{}", self.host, self.port, self.db)
    }
}

/// Where this machine keeps the files that sit beside a database file for a SQLite post (the
/// log, exports, reports, the recent-picks list) when the database is on a server: a folder of
/// its own per server and database in the data directory. The path returned is that folder's
/// `frontline.db` name, never created: only its folder and siblings are used.
pub fn local_home(a: &Address) -> Result<PathBuf> {
    let dir = home_folder(a)?;
    crate::files::private_dir(&dir)?;
    Ok(dir.join("frontline.db"))
}

/// The folder `local_home` names (not created).
pub fn home_folder(a: &Address) -> Result<PathBuf> {
    Ok(crate::files::data_dir()?
        .join("servers")
        .join(format!("{}-{}-{}", a.host, a.port, a.db)))
}

/// Open a server database. `create`: an empty database gets the schema (the `init`, `demo`
/// and first-open case); otherwise a database without it is refused.
pub(super) fn open(url: &str, create: bool) -> Result<Connection> {
    let a = Address::parse(url)?;
    let client = PgClient::connect(url).map_err(|e| anyhow!("cannot open {a}: {e}"))?;
    let c = Connection::postgres(client);
    match version(&c).map_err(|e| anyhow!("cannot read {a}: {e}"))? {
        Version::Empty if create => install(&c).map_err(|e| anyhow!("cannot set up {a}: {e}"))?,
        Version::Empty => {
            bail!("{a} holds no Frontline database yet (set it up with `frontline pg init --db …`)")
        }
        Version::Foreign => bail!(
            "{a} holds tables of another program, not a Frontline database; refusing to change it"
        ),
        Version::Is(v) if v > schema::LATEST as i64 => bail!(
            "{a} was written by a newer Frontline (schema {v}, this build knows {}); refusing to open it",
            schema::LATEST
        ),
        Version::Is(v) if v < schema::LATEST as i64 => bail!(
            "{a} has schema {v} and this build has {}; no PostgreSQL migration exists from {v}",
            schema::LATEST
        ),
        Version::Is(_) => {}
    }
    Ok(c)
}

enum Version {
    Empty,
    Foreign,
    Is(i64),
}

fn version(c: &Connection) -> super::db::Result<Version> {
    let ours: bool = c.query_row(
        "SELECT to_regclass('public.frontline_schema') IS NOT NULL",
        [],
        |r| r.get(0),
    )?;
    if ours {
        let v: Option<i64> = c
            .query_row("SELECT version FROM frontline_schema", [], |r| r.get(0))
            .optional()?;
        return Ok(Version::Is(v.unwrap_or(0)));
    }
    let tables: i64 = c.query_row(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
        [],
        |r| r.get(0),
    )?;
    Ok(if tables > 0 {
        Version::Foreign
    } else {
        Version::Empty
    })
}

/// The schema in one transaction, then its version: a failure leaves the database empty.
fn install(c: &Connection) -> super::db::Result<()> {
    c.execute_batch(&format!(
        "BEGIN;\n{BASE}\nCREATE TABLE frontline_schema(version bigint NOT NULL);\n\
         INSERT INTO frontline_schema VALUES ({});\nCOMMIT;",
        schema::LATEST
    ))
    .inspect_err(|_| {
        let _ = c.execute_batch("ROLLBACK");
    })
}

/// Grants of the consoles' role, run by the owner after the schema (`:"desk_role"` is the
/// role's quoted name).
const ROLES: &str = include_str!("pg/roles.sql");

/// What `pg init` did.
#[derive(Debug, Clone, PartialEq)]
pub struct SetUp {
    /// The schema was created now (else it was there).
    pub created: bool,
    /// The consoles' role was created now (else it existed and was granted again).
    pub role_created: bool,
}

/// `frontline pg init`: the schema (if the database is empty), the consoles' role with its
/// grants, and its password when one is given (read from a file by the caller, never from the
/// command line). The user connecting is the owner: it must be allowed to create roles.
pub fn init(url: &str, desk_role: &str, password: Option<&str>) -> Result<SetUp> {
    let a = Address::parse(url)?;
    let ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
    if desk_role.is_empty()
        || desk_role.len() > 63
        || !desk_role.chars().all(ok)
        || desk_role.starts_with(|c: char| c.is_ascii_digit())
    {
        bail!("a role name is 1 to 63 lower-case letters, digits and _, not starting with a digit");
    }
    if let Some(p) = password
        && (p.is_empty() || p.len() > 200 || p.chars().any(char::is_control))
    {
        bail!("the password file must hold one line of 1 to 200 printable characters");
    }
    let created = matches!(
        version(&Connection::postgres(
            PgClient::connect(url).map_err(|e| anyhow!("cannot open {a}: {e}"))?
        ))?,
        Version::Empty
    );
    let c = open(url, true)?;
    let exists: bool = c.query_row(
        "SELECT EXISTS(SELECT 1 FROM pg_roles WHERE rolname = ?1)",
        [desk_role],
        |r| r.get(0),
    )?;
    let quoted = format!("\"{desk_role}\"");
    let mut sql = String::from("BEGIN;\n");
    if !exists {
        sql += &format!("CREATE ROLE {quoted} LOGIN;\n");
    }
    if let Some(p) = password {
        sql += &format!(
            "ALTER ROLE {quoted} PASSWORD '{}';\n",
            p.replace('\'', "''")
        );
    }
    sql += &ROLES.replace(":\"desk_role\"", &quoted);
    sql += "\nCOMMIT;";
    c.execute_batch(&sql)
        .inspect_err(|_| {
            let _ = c.execute_batch("ROLLBACK");
        })
        .map_err(|e| anyhow!("cannot set up the role {desk_role} on {a}: {e}"))?;
    Ok(SetUp {
        created,
        role_created: !exists,
    })
}

/// Whether the server database holds a Frontline schema already.
pub fn is_set_up(url: &str) -> Result<bool> {
    let a = Address::parse(url)?;
    let c =
        Connection::postgres(PgClient::connect(url).map_err(|e| anyhow!("cannot open {a}: {e}"))?);
    Ok(matches!(version(&c)?, Version::Is(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_address_is_told_from_a_file_and_shown_without_its_password() {
        assert!(is_server(Path::new("postgres://desk@db.post/frontline")));
        assert!(is_server(Path::new("postgresql://desk@db.post/frontline")));
        assert!(!is_server(Path::new("post.db")));
        assert!(!is_server(Path::new("./postgres:/x")));
        let a = Address::parse("postgres://desk:secret@10.0.0.5:5433/district?sslmode=disable")
            .unwrap();
        assert_eq!(a.to_string(), "desk@10.0.0.5:5433/district");
        let b = Address::parse("postgres://owner@db.post").unwrap();
        assert_eq!(b.to_string(), "owner@db.post:5432/owner");
        assert!(Address::parse("postgres://x@host:99999/db").is_err());
        assert!(Address::parse("postgres://x@h/db;drop").is_err());
    }
}
