//! A Frontline database on a PostgreSQL server (`--db postgres://user@host/db`): telling a
//! server address from a file path, opening it, creating the schema in an empty database and
//! refusing one of another program or a newer version, and bringing an older one up to this
//! build's. The SQL of the schema is `pg/0019_base.sql` (schema 19) and then one file per later
//! migration (`MIGRATIONS`), numbered as the SQLite migrations are (`schema::LATEST`). A
//! released file is never edited: a fix is a new migration, on both engines.

use super::db::{Connection, OptionalExtension, pg::PgClient};
use super::schema;
use anyhow::{Result, anyhow, bail};
use std::path::{Path, PathBuf};

/// The PostgreSQL schema at version 19.
pub const BASE: &str = include_str!("pg/0019_base.sql");

/// The PostgreSQL migrations after the base, each as (the version it makes, its SQL); the last
/// makes `schema::LATEST` (a test checks). SQLite's migration of the same number may change
/// something else or nothing: each engine's SQL is its own.
pub const MIGRATIONS: &[(i64, &str)] = &[
    (20, include_str!("pg/0020_kept_at_commit.sql")),
    (21, include_str!("pg/0021_one_people_write.sql")),
];

/// The key of the advisory lock every write takes (`db::WRITE_LOCK`): an upgrade holds it, so
/// no desk writes while the schema changes.
const WRITE_LOCK: i64 = super::db::WRITE_LOCK;

/// Whether `--db` names a server (`postgres://…` or `postgresql://…`) rather than a file.
pub fn is_server(db: &Path) -> bool {
    db.to_str()
        .is_some_and(|s| s.starts_with("postgres://") || s.starts_with("postgresql://"))
}

/// Why a server address may not hold a password: it would show in shell history, the process
/// list and the config file.
pub const NO_PASSWORD_HERE: &str = "must not hold a password (it would show in shell history and the process list): put it in the file that the config's password_file names, or in ~/.pgpass";

/// Whether a server address carries a password (`user:secret@` or `?password=`).
pub fn has_password(url: &str) -> bool {
    if !is_server(Path::new(url)) {
        return false;
    }
    let rest = url.split_once("://").map_or("", |x| x.1);
    let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
    let userinfo = before_query.rsplit_once('@').map_or("", |x| x.0);
    userinfo.contains(':')
        || query
            .split('&')
            .any(|kv| kv.trim().to_ascii_lowercase().starts_with("password="))
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

/// Open a server database. `migrate`: an empty database gets the schema (the `init`, `demo`
/// and first-open case) and an older one is brought up to this build's (`upgrade`); otherwise
/// either is refused.
pub(super) fn open(url: &str, migrate: bool) -> Result<Connection> {
    let a = Address::parse(url)?;
    let client = PgClient::connect(url).map_err(|e| anyhow!("cannot open {a}: {e}"))?;
    let c = Connection::postgres(client);
    match version(&c).map_err(|e| anyhow!("cannot read {a}: {e}"))? {
        Version::Empty if migrate => install(&c).map_err(|e| anyhow!("cannot set up {a}: {e}"))?,
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
        Version::Is(v) if v < BASE_VERSION => bail!(
            "{a} has schema {v} and this build has {}; no PostgreSQL migration exists from {v}",
            schema::LATEST
        ),
        Version::Is(v) if v < schema::LATEST as i64 && migrate => upgrade(&c, &a, v)?,
        Version::Is(v) if v < schema::LATEST as i64 => bail!(
            "{a} has schema {v} and this build has {}; a read-only command does not upgrade it: open the console, run a `frontline do` command or `frontline pg init` first",
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

/// The version the base script makes.
const BASE_VERSION: i64 = 19;

/// The schema and its version, to run inside a transaction: the base, every later migration,
/// the version.
pub(super) fn schema_sql() -> String {
    let mut sql = format!("{BASE}\n");
    for (_, m) in MIGRATIONS {
        sql += m;
        sql += "\n";
    }
    sql += &format!(
        "CREATE TABLE frontline_schema(version bigint NOT NULL);\n\
         INSERT INTO frontline_schema VALUES ({});",
        schema::LATEST
    );
    sql
}

/// Bring a server database at schema `seen` up to this build's, in one transaction under the
/// write lock: no desk writes meanwhile, and a failure changes nothing. The version is read
/// again under the lock (another desk of this build may have upgraded it meanwhile). The new
/// objects belong to the schema's owner (`pg init`'s owner role, which the administrator is a
/// member of); a user who is not refuses with the way to do it.
fn upgrade(c: &Connection, a: &Address, seen: i64) -> Result<()> {
    c.execute_batch(&format!(
        "BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"
    ))?;
    let r = (|| -> Result<()> {
        let now = match version(c)? {
            Version::Is(v) => v,
            _ => seen,
        };
        if now >= schema::LATEST as i64 {
            return Ok(());
        }
        let (owner, me, member): (String, String, bool) = c.query_row(
            "SELECT tableowner::text, current_user::text, pg_has_role(current_user, tableowner, 'MEMBER')
             FROM pg_tables WHERE schemaname = 'public' AND tablename = 'frontline_schema'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        if !member {
            bail!(
                "{a} has schema {now} and this build has {}; {me} may not change it: its administrator upgrades it with `frontline pg init --db postgres://ADMIN@…` (nothing was changed)",
                schema::LATEST
            );
        }
        if owner != me {
            c.execute_batch(&format!(
                "SET LOCAL ROLE \"{}\"",
                owner.replace('"', "\"\"")
            ))?;
        }
        for (v, sql) in MIGRATIONS.iter().filter(|m| m.0 > now) {
            c.execute_batch(sql)
                .map_err(|e| anyhow!("migration {v} failed: {e}; nothing was changed"))?;
        }
        c.execute(
            "UPDATE frontline_schema SET version = ?1",
            [schema::LATEST as i64],
        )?;
        tracing::info!(from = now, to = schema::LATEST, "server schema upgraded");
        Ok(())
    })();
    match r {
        Ok(()) => c
            .execute_batch("COMMIT")
            .map_err(|e| anyhow!("cannot upgrade {a}: {e}")),
        Err(e) => {
            let _ = c.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// The schema in one transaction, then its version: a failure leaves the database empty.
fn install(c: &Connection) -> super::db::Result<()> {
    c.execute_batch(&format!("BEGIN;\n{}\nCOMMIT;", schema_sql()))
        .inspect_err(|_| {
            let _ = c.execute_batch("ROLLBACK");
        })
}

/// The owner role's ownership and the consoles' role's grants, run by the administrator after
/// the schema (`:"owner_role"`, `:"desk_role"` are the roles' quoted names, `:'owner_role'` the
/// owner's as a literal).
const ROLES: &str = include_str!("pg/roles.sql");

/// The roles `pg init` makes: who owns the schema (NOLOGIN) and who the consoles log in as.
#[derive(Debug, Clone, PartialEq)]
pub struct Roles<'a> {
    pub owner: &'a str,
    pub desk: &'a str,
    /// The consoles' role's password (read from a file by the caller, never the command line).
    pub desk_password: Option<&'a str>,
}

/// What `pg init` did.
#[derive(Debug, Clone, PartialEq)]
pub struct SetUp {
    /// The schema was created now (else it was there).
    pub created: bool,
    /// The owner role was created now (else it existed; it owns the schema either way).
    pub owner_created: bool,
    /// The consoles' role was created now (else it existed and was granted again).
    pub role_created: bool,
}

fn role_name(what: &str, name: &str) -> Result<()> {
    let ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
    if name.is_empty()
        || name.len() > 63
        || !name.chars().all(ok)
        || name.starts_with(|c: char| c.is_ascii_digit())
        || name.starts_with("pg_")
    {
        bail!(
            "the {what} role's name is 1 to 63 lower-case letters, digits and _, not starting with a digit or pg_"
        );
    }
    Ok(())
}

/// `frontline pg init`, run by an administrator with CREATEROLE: the schema (if the database
/// is empty), the owner role (NOLOGIN) that then owns every object of it, the administrator
/// made a member of the owner (to migrate and to change the schema later), and the consoles'
/// role (LOGIN) with its grants and password, all in one transaction: a failure writes
/// nothing. Running it again on a set-up database does the same again and changes nothing that
/// is right already (idempotent). Refused before anything is written when the administrator
/// may not create roles.
pub fn init(url: &str, roles: &Roles) -> Result<SetUp> {
    let a = Address::parse(url)?;
    role_name("owner", roles.owner)?;
    role_name("desk", roles.desk)?;
    if roles.owner == roles.desk {
        bail!("the owner role and the desk role must be two roles");
    }
    if let Some(p) = roles.desk_password
        && (p.is_empty() || p.len() > 200 || p.chars().any(char::is_control))
    {
        bail!("the password file must hold one line of 1 to 200 printable characters");
    }
    let probe =
        Connection::postgres(PgClient::connect(url).map_err(|e| anyhow!("cannot open {a}: {e}"))?);
    let (me, may): (String, bool) = probe.query_row(
        "SELECT current_user::text, rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if !may {
        bail!(
            "{me} may not create roles; nothing was changed: run `pg init` as a user with CREATEROLE who owns the database (a superuser can `ALTER ROLE {me} CREATEROLE`)"
        );
    }
    if me == roles.owner || me == roles.desk {
        bail!(
            "{me} runs `pg init`, so it can be neither the owner role nor the desk role; nothing was changed"
        );
    }
    // An empty database gets the schema in the same transaction as the roles, so a failure
    // leaves it empty; any other is opened as a desk's open does it (another program's tables,
    // a newer schema: refused; an older one: upgraded first, in its own transaction).
    let created = matches!(version(&probe)?, Version::Empty);
    let c = if created {
        probe
    } else {
        drop(probe);
        open(url, true)?
    };
    let exists = |name: &str| -> Result<bool> {
        Ok(c.query_row(
            "SELECT EXISTS(SELECT 1 FROM pg_roles WHERE rolname = ?1)",
            [name],
            |r| r.get(0),
        )?)
    };
    let (owner_there, desk_there) = (exists(roles.owner)?, exists(roles.desk)?);
    if desk_there {
        // (pg_has_role fails on a role that does not exist)
        let member = if owner_there {
            "pg_has_role(rolname, ?2, 'USAGE')"
        } else {
            "?2 IS NULL"
        };
        let unsafe_desk: bool = c.query_row(
            &format!("SELECT rolsuper OR {member} FROM pg_roles WHERE rolname = ?1"),
            [roles.desk, roles.owner],
            |r| r.get(0),
        )?;
        if unsafe_desk {
            bail!(
                "the role {} is a superuser or a member of {}: as the desks' role it could change the schema and the audit log; nothing was changed: choose another --desk-role",
                roles.desk,
                roles.owner
            );
        }
    }
    let (owner, desk) = (
        format!("\"{}\"", roles.owner),
        format!("\"{}\"", roles.desk),
    );
    let mut sql = String::from("BEGIN;\n");
    if !owner_there {
        sql += &format!("CREATE ROLE {owner} NOLOGIN;\n");
    }
    sql += &format!("GRANT {owner} TO CURRENT_USER;\n");
    if !desk_there {
        sql += &format!("CREATE ROLE {desk} LOGIN;\n");
    }
    if let Some(p) = roles.desk_password {
        sql += &format!("ALTER ROLE {desk} PASSWORD '{}';\n", p.replace('\'', "''"));
    }
    if created {
        sql += &schema_sql();
        sql += "\n";
    }
    sql += &ROLES
        .replace(":\"desk_role\"", &desk)
        .replace(":\"owner_role\"", &owner)
        .replace(":'owner_role'", &format!("'{}'", roles.owner));
    sql += "\nCOMMIT;";
    c.execute_batch(&sql)
        .inspect_err(|_| {
            let _ = c.execute_batch("ROLLBACK");
        })
        // the statement never reaches the message: it may hold the password
        .map_err(|e| {
            anyhow!(
                "cannot set up {a} (schema and roles {}, {}): {e}; nothing was changed",
                roles.owner,
                roles.desk
            )
        })?;
    Ok(SetUp {
        created,
        owner_created: !owner_there,
        role_created: !desk_there,
    })
}

/// A connection to a server database that holds nothing yet (no Frontline schema, no table):
/// where a backup is restored. A set-up database is refused with the way to do it instead.
pub(super) fn open_empty(url: &str) -> Result<Connection> {
    let a = Address::parse(url)?;
    let c =
        Connection::postgres(PgClient::connect(url).map_err(|e| anyhow!("cannot open {a}: {e}"))?);
    let how = "a backup is restored into a new, empty database: create one on the server (`createdb NEW`), run `frontline --db postgres://USER@HOST/NEW restore BACKUP`, then `frontline pg init` there and point the desks at it";
    match version(&c).map_err(|e| anyhow!("cannot read {a}: {e}"))? {
        Version::Empty => Ok(c),
        Version::Is(_) => {
            bail!("{a} already holds a Frontline database; nothing was changed: {how}")
        }
        Version::Foreign => {
            bail!("{a} holds tables of another program; nothing was changed: {how}")
        }
    }
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

    /// FNV-1a, 64 bits: enough to notice an edit (as `schema`'s test).
    fn fnv(s: &str) -> u64 {
        s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    }

    #[test]
    fn the_server_migrations_follow_the_base_one_by_one_to_this_builds_version() {
        let versions: Vec<i64> = MIGRATIONS.iter().map(|m| m.0).collect();
        let want: Vec<i64> = (BASE_VERSION + 1..=schema::LATEST as i64).collect();
        assert_eq!(
            versions, want,
            "each SQLite migration after 19 has its PostgreSQL twin in MIGRATIONS"
        );
    }

    #[test]
    fn released_server_scripts_are_never_edited() {
        // A new migration adds its line; a changed one means servers already ran the old text.
        const RELEASED: &[u64] = &[0x794f796d328df90e, 0x3f530880e1154b71, 0x0812e366c8e4a99c];
        let now: Vec<u64> = std::iter::once(BASE)
            .chain(MIGRATIONS.iter().map(|m| m.1))
            .map(fnv)
            .collect();
        assert_eq!(
            now.len(),
            RELEASED.len(),
            "a new server migration adds its checksum to RELEASED: {now:#018x?}"
        );
        for (i, (n, r)) in now.iter().zip(RELEASED).enumerate() {
            assert_eq!(
                n, r,
                "server script {i} (0 = the base) is {n:#018x}: changed after release? a fix is a new migration"
            );
        }
    }

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
        assert!(has_password("postgres://desk:s@h/db"));
        assert!(has_password("postgresql://desk:@h:5433/db"));
        assert!(has_password(
            "postgres://desk@h/db?sslmode=disable&Password=s"
        ));
        assert!(!has_password("postgres://desk@h/db?sslmode=disable"));
        assert!(!has_password("postgres://h/db"));
        assert!(!has_password("/srv/a:b@c.db"));
    }
}
