//! What every subcommand needs: the settings resolved from flags, environment and config file,
//! the database opened for scripts, the log file, and printing that survives a closed pipe.

use super::Global;
use crate::clock;
use crate::i18n::Lang;
use crate::settings::paths;
use crate::store::{Store, StoreConfig};
use anyhow::{Result, anyhow};

/// Everything a subcommand needs, resolved from flags and environment.
pub struct Env {
    pub lang: Lang,
    pub operator: String,
    pub store_cfg: StoreConfig,
    /// Where the rules came from (a file, a preset or built-in).
    pub rules_source: String,
    /// The config file's column mappings per form (`[[import.health.form]]`).
    pub import_forms: std::collections::BTreeMap<String, Vec<String>>,
}

impl Env {
    /// Flags first, then the environment, then the config file, then the defaults.
    pub(super) fn resolve_with(g: &Global, s: &crate::settings::Settings) -> Result<Env> {
        let lang = match &g.lang {
            Some(l) => {
                Lang::parse(l).ok_or_else(|| anyhow!("--lang must be zh or en, not '{l}'"))?
            }
            None => s.language.unwrap_or_else(Lang::from_env),
        };
        clock::frozen().map_err(|e| anyhow!(e))?;
        let (mut rules, rules_source) =
            paths::load_rules(g.rules.as_deref().or(s.rules.as_deref()))?;
        s.thresholds.apply(&mut rules);
        let env_tz = std::env::var("FRONTLINE_TZ").ok().filter(|z| !z.is_empty());
        let tz = paths::zone(
            g.tz.as_deref()
                .or(env_tz.as_deref())
                .or(s.time_zone.as_deref()),
        )?;
        Ok(Env {
            lang,
            operator: paths::operator(g.operator.as_deref()),
            store_cfg: StoreConfig { rules, tz },
            rules_source,
            import_forms: s.import_forms.clone(),
        })
    }
}

/// Print a line to stdout; a closed pipe (`| head`) ends the output quietly instead of panicking.
/// Everything the command line prints to stdout: stored text can hold escape sequences
/// (a name that retitles the terminal), so every control, invisible or bidirectional character
/// but newline and tab goes out as `\uXXXX` (JSON's own escape: JSON output stays valid).
pub(super) fn say(line: String) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", crate::domain::text::terminal(&line));
}

/// The same for one line on stderr (errors, refusals, import row errors).
pub(super) fn warn(line: &str) {
    eprintln!("{}", crate::domain::text::field(line));
}

pub(super) fn init_logging(db: &std::path::Path) {
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if !dir.exists() {
        return;
    }
    // The log names people and actions: 0600, and never written through a link.
    if crate::files::ensure_private(&dir.join("frontline.log")).is_err() {
        return;
    }
    let appender = tracing_appender::rolling::never(dir, "frontline.log");
    let filter = tracing_subscriber::EnvFilter::try_from_env("FRONTLINE_LOG")
        .unwrap_or_else(|_| "info".into());
    let _ = tracing_subscriber::fmt()
        .with_writer(appender)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init();
}

/// A read-only command: an existing database of this build's schema, never migrated.
pub(super) fn open_read(g: &Global, env: &Env) -> Result<Store> {
    let path = paths::db_path(g.db.as_deref(), g.demo)?;
    if !crate::store::server::is_server(&path) && !path.exists() {
        return Err(anyhow!(
            "no database at {} (create one with `frontline init --db PATH`, or `frontline demo --db PATH` for demo data)",
            path.display()
        ));
    }
    Store::open_read(&path, env.store_cfg.clone())
}

/// Scripts act on an existing database: a typo in --db must not create an empty one.
pub(super) fn open_existing(g: &Global, env: &Env) -> Result<Store> {
    let path = paths::db_path(g.db.as_deref(), g.demo)?;
    if !crate::store::server::is_server(&path) && !path.exists() {
        return Err(anyhow!(
            "no database at {} (create one with `frontline init --db PATH`, or `frontline demo --db PATH` for demo data)",
            path.display()
        ));
    }
    // An empty server database is to a command what a missing file is: refused (with
    // `open_read`'s reason: no schema yet, or another program's tables), never set up here.
    let url = path.to_str().unwrap_or_default();
    if crate::store::server::is_server(&path) && !crate::store::server::is_set_up(url)? {
        Store::open_read(&path, env.store_cfg.clone())?;
    }
    Store::open(&path, env.store_cfg.clone())
}
