//! `frontline pg init` (set a PostgreSQL database up for several desks) and `frontline migrate`
//! (move a post's SQLite file onto it).

use super::Global;
use super::env::{Env, say, warn};
use crate::store::{Store, kept, server, transfer};
use anyhow::{Context, Result, anyhow, bail};
use clap::Subcommand;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum PgCmd {
    /// Create the schema in an empty database (as the user in --db, who owns it) and the
    /// consoles' role with its grants: it may read and write the post's tables but never
    /// change or delete a row of the audit log. Run again to grant again.
    Init {
        /// The consoles' login role.
        #[arg(long, default_value = "frontline_desk", value_name = "NAME")]
        desk_role: String,
        /// A file whose first line is the consoles' role's password (never on the command line).
        #[arg(long, value_name = "FILE")]
        desk_password_file: Option<PathBuf>,
    },
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
            desk_role,
            desk_password_file,
        } => {
            let url = server_url(g)?;
            let password = match desk_password_file {
                Some(f) => Some(first_line(&f)?),
                None => None,
            };
            let done = server::init(&url, &desk_role, password.as_deref())?;
            let a = server::Address::parse(&url)?;
            say(format!(
                "{a}: {}; role {desk_role} {}{}",
                if done.created {
                    "Frontline schema created"
                } else {
                    "Frontline schema already there"
                },
                if done.role_created {
                    "created"
                } else {
                    "granted again"
                },
                if password.is_some() {
                    ", password set"
                } else {
                    " (no password set: use --desk-password-file, or the server's own authentication)"
                },
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
