//! `frontline pg init` (set a PostgreSQL database up for several desks) and `frontline migrate`
//! (move a post's SQLite file onto it).

use super::Global;
use super::env::{Env, say, warn};
use crate::settings::Settings;
use crate::store::{Store, kept, server, transfer};
use anyhow::{Context, Result, anyhow, bail};
use clap::Subcommand;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum PgCmd {
    /// Set a database up for several desks, as an administrator with CREATEROLE (the user in
    /// --db, who owns the database): the schema if the database is empty; an owner role
    /// (NOLOGIN) that owns every table and function of it, with the administrator made its
    /// member; and the consoles' login role, which may read and write the post's tables but
    /// never change the schema or change or delete a row of the audit log. Running it again
    /// changes nothing that is right already.
    Init {
        /// The role that owns the schema (no login; its members may change the schema).
        #[arg(long, default_value = "frontline_owner", value_name = "NAME")]
        owner_role: String,
        /// The consoles' login role.
        #[arg(long, default_value = "frontline_desk", value_name = "NAME")]
        desk_role: String,
        /// A file whose first line is the consoles' role's password (never on the command line).
        #[arg(long, value_name = "FILE")]
        desk_password_file: Option<PathBuf>,
    },
}

/// `password_file`: read at start when this run opens a server (`to`, else the database
/// `--db`, `$FRONTLINE_DB` or `database =` names): a bad file stops the run with one line
/// naming it. A run on a database file leaves it unread.
pub(super) fn use_password_file(s: &Settings, g: &Global, to: Option<&str>) -> Result<()> {
    let Some(file) = &s.password_file else {
        return Ok(());
    };
    let db = match to {
        Some(t) => PathBuf::from(t),
        None => crate::settings::paths::db_path(g.db.as_deref(), g.demo)?,
    };
    match db.to_str() {
        Some(url) if server::is_server(&db) => {
            crate::store::db::pg::use_password_file(file, url).map_err(|e| anyhow!(e))
        }
        _ => Ok(()),
    }
}

fn server_url(g: &Global) -> Result<String> {
    let db = crate::settings::paths::db_path(g.db.as_deref(), false)?;
    match db.to_str() {
        Some(s) if server::is_server(&db) => Ok(s.to_string()),
        _ => bail!("`pg` needs --db postgres://USER@HOST/DB (the user who owns the database)"),
    }
}

pub(super) fn pg(cmd: PgCmd, g: &Global) -> Result<ExitCode> {
    match cmd {
        PgCmd::Init {
            owner_role,
            desk_role,
            desk_password_file,
        } => {
            let url = server_url(g)?;
            let password = match desk_password_file {
                Some(f) => Some(first_line(&f)?),
                None => None,
            };
            let roles = server::Roles {
                owner: &owner_role,
                desk: &desk_role,
                desk_password: password.as_deref(),
            };
            let done = server::init(&url, &roles)?;
            let a = server::Address::parse(&url)?;
            let now = |b: bool, yes: &'static str, no: &'static str| if b { yes } else { no };
            say(format!(
                "{a}: Frontline schema {}; owner role {owner_role} {}, owns the schema; role {desk_role} {}{}",
                now(done.created, "created", "already there"),
                now(done.owner_created, "created", "was there"),
                now(done.role_created, "created", "granted again"),
                now(
                    password.is_some(),
                    ", password set",
                    " (no password set: use --desk-password-file, or the server's own authentication)"
                ),
            ));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn first_line(f: &Path) -> Result<String> {
    let meta = std::fs::metadata(f).with_context(|| format!("cannot read {}", f.display()))?;
    if meta.len() > 4096 {
        bail!("{} is not a password file (over 4 KB)", f.display());
    }
    let text =
        std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?;
    Ok(text
        .lines()
        .next()
        .unwrap_or("")
        .trim_end_matches('\r')
        .to_string())
}

/// `frontline migrate --from post.db --to postgres://…`: every row into an empty server
/// database, then every kept value checked there.
pub(super) fn migrate(from: &Path, to: &str, env: &Env) -> Result<ExitCode> {
    if !server::is_server(Path::new(to)) {
        bail!("--to must be a postgres://USER@HOST/DB address");
    }
    if server::has_password(to) {
        bail!("--to {}", server::NO_PASSWORD_HERE);
    }
    if server::is_server(from) || std::fs::symlink_metadata(from).is_err() {
        bail!(
            "--from must be an existing Frontline database file ({} is not)",
            from.display()
        );
    }
    let src = Store::open_read(from, env.store_cfg.clone())?;
    let copied = transfer::copy_to_server(&src, to)?;
    let dst = Store::open_read(Path::new(to), env.store_cfg.clone())
        .map_err(|e| anyhow!("copied, but cannot open the copy: {e:#}"))?;
    let drift = kept::check(&dst.conn).map_err(|e| anyhow!("copied, but cannot check it: {e}"))?;
    let a = server::Address::parse(to)?;
    say(format!(
        "{} rows in {} tables copied from {} to {a}",
        copied.rows(),
        copied.tables.len(),
        from.display()
    ));
    if drift.is_empty() {
        say("every kept count matches its rows".to_string());
        Ok(ExitCode::SUCCESS)
    } else {
        for d in &drift {
            warn(&format!("kept value differs after the copy: {d:?}"));
        }
        Ok(ExitCode::FAILURE)
    }
}

/// Whether this run's database is a server address.
pub(super) fn is_server_db(g: &Global) -> Result<bool> {
    Ok(server::is_server(&crate::settings::paths::db_path(
        g.db.as_deref(),
        g.demo,
    )?))
}

/// `frontline --db postgres://… restore BACKUP`: into an empty server database only, then every
/// kept value checked there, as after `migrate`.
pub(super) fn restore(file: &Path, g: &Global, env: &Env) -> Result<ExitCode> {
    let url = server_url(g)?;
    let a = server::Address::parse(&url)?;
    let copied = transfer::restore_to_server(file, &url, &env.operator, crate::clock::now())?;
    let dst = Store::open_read(Path::new(&url), env.store_cfg.clone())
        .map_err(|e| anyhow!("restored, but cannot open {a}: {e:#}"))?;
    let drift =
        kept::check(&dst.conn).map_err(|e| anyhow!("restored, but cannot check it: {e}"))?;
    say(format!(
        "restored from {} into {a} ({} rows in {} tables); set the desks' roles up with `frontline pg init`",
        file.display(),
        copied.rows(),
        copied.tables.len(),
    ));
    for d in &drift {
        warn(&format!("kept value differs after the restore: {d:?}"));
    }
    Ok(if drift.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
