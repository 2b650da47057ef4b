//! Where things live and which apply when no file says: the data and config directories, the
//! database, the rules file or preset, the time zone and the operator's name.

use crate::domain::rules::{DEFAULT_RULES_TOML, RestRules};
use anyhow::{Context, Result, anyhow};
use chrono_tz::Tz;
use std::path::{Path, PathBuf};

pub use crate::files::{data_dir, project_dirs};

/// The database: `--db`, else `$FRONTLINE_DB`, else the data directory.
/// A server address holding a password is refused (`server::NO_PASSWORD_HERE`).
pub fn db_path(flag: Option<&Path>, demo: bool) -> Result<PathBuf> {
    let p = db_path_as_given(flag, demo)?;
    if p.to_str().is_some_and(crate::store::server::has_password) {
        return Err(anyhow!(
            "the database address (--db or $FRONTLINE_DB) {}",
            crate::store::server::NO_PASSWORD_HERE
        ));
    }
    Ok(p)
}

fn db_path_as_given(flag: Option<&Path>, demo: bool) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    if demo {
        return Ok(data_dir()?.join("demo.db"));
    }
    if let Ok(p) = std::env::var("FRONTLINE_DB")
        && !p.is_empty()
    {
        return Ok(PathBuf::from(p));
    }
    Ok(data_dir()?.join("frontline.db"))
}

/// The rules: `--rules FILE` (or a preset's name: spec, eu-wtd, uk-nhs), else `rules.toml` in
/// the config directory, else the shipped defaults. A bad file is refused whole, naming the
/// file, line and field.
pub fn load_rules(flag: Option<&Path>) -> Result<(RestRules, String)> {
    let user = project_dirs().map(|d| d.config_dir().join("rules.toml"));
    let path = match flag {
        Some(p) => Some(p.to_path_buf()),
        None => user.filter(|p| p.exists()),
    };
    // A preset by name (`--rules eu-wtd`) when no file of that name exists.
    if let Some(p) = path.as_ref().filter(|p| !p.exists())
        && let Some(text) = crate::domain::rules_file::preset(&p.to_string_lossy())
    {
        let rules = RestRules::from_toml(text).map_err(|e| anyhow!(e))?;
        return Ok((rules, format!("preset {}", p.display())));
    }
    match path {
        None => Ok((
            RestRules::from_toml(DEFAULT_RULES_TOML).map_err(|e| anyhow!(e))?,
            "built-in".into(),
        )),
        Some(p) => {
            let text = std::fs::read_to_string(&p)
                .with_context(|| format!("cannot read rules file {}", p.display()))?;
            let rules = RestRules::from_toml(&text)
                .map_err(|e| anyhow!("rules file {}: {e}", p.display()))?;
            Ok((rules, p.display().to_string()))
        }
    }
}

/// The local zone: `--tz`, else `$FRONTLINE_TZ`, else Asia/Shanghai.
pub fn zone(flag: Option<&str>) -> Result<Tz> {
    let name = flag
        .map(str::to_string)
        .or_else(|| std::env::var("FRONTLINE_TZ").ok())
        .unwrap_or_else(|| "Asia/Shanghai".into());
    name.parse::<Tz>()
        .map_err(|_| anyhow!("unknown time zone '{name}' (e.g. Asia/Shanghai)"))
}

/// The operator recorded in the audit log: `--operator`, else the login user.
pub fn operator(flag: Option<&str>) -> String {
    flag.map(str::to_string)
        .filter(|s| !s.trim().is_empty())
        .or_else(|| std::env::var("USER").ok().filter(|s| !s.is_empty()))
        .or_else(|| std::env::var("LOGNAME").ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "dispatcher".into())
}
