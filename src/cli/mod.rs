//! The command line: clap definitions and the scriptable subcommands. Each `do` action builds
//! the same `Command` the console builds and runs it through the same executor.

mod actions;
mod alerts;
mod care;
mod check;
mod cmd;
mod configure;
mod env;
pub use env::Env;
use env::{init_logging, open_existing, open_read, say, warn};
mod examples;
pub use crate::settings::UiOptions;
mod import;
mod import_health;
mod json;
mod org;
mod paperwork;
mod people;
mod report;
mod server;
mod shifts;
mod supplies;

use crate::clock;
use crate::demo::{self, DemoSpec};
use crate::domain::time::parse_time;
use crate::i18n;
use crate::settings::paths;
use crate::store::Store;
pub use actions::DoCmd;
use anyhow::{Result, anyhow};
use clap::{Args, Parser, Subcommand};
pub use cmd::Cmd;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "frontline",
    version,
    about = "Frontline — dispatch console for frontline anti-epidemic workers (一线关爱调度台)",
    long_about = "Frontline — a full-screen dispatch console for an epidemic-response command post.\n\
    With no command it opens the console. Every console action is also `frontline do …`.",
    after_help = "Examples:\n  frontline --demo                      open the console on demo data\n  \
    frontline demo --db /tmp/d.db --people 500\n  frontline --db /tmp/d.db status --json\n  \
    frontline --db /tmp/d.db do force-rest --person FL000042 --reason \"14 h on duty\"\n  \
    FRONTLINE_NOW=2021-06-10T08:00:00+08:00 frontline --demo"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Database file (else $FRONTLINE_DB, else the platform data directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Open the console on a separate demo database, filled on first use.
    #[arg(long)]
    pub demo: bool,
    /// Language of the interface: zh or en (default: from the locale).
    #[arg(long, global = true, value_name = "zh|en")]
    pub lang: Option<String>,
    /// Operator name recorded in the audit log (default: the login user).
    #[arg(long, global = true, value_name = "NAME")]
    pub operator: Option<String>,
    /// Rest-rules file (default: rules.toml in the config directory, else built-in).
    #[arg(long, global = true, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Local time zone for display and day boundaries (default Asia/Shanghai).
    #[arg(long, global = true, value_name = "ZONE")]
    pub tz: Option<String>,
    /// File holding the database key (builds with the `encryption` feature; else
    /// $FRONTLINE_KEY_FILE, else $FRONTLINE_KEY).
    #[arg(long, global = true, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// Config file (else $FRONTLINE_CONFIG, else config.toml in the platform config directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Colours: default, high-contrast or monochrome (NO_COLOR=1 means monochrome).
    #[arg(long, global = true, value_name = "THEME")]
    pub theme: Option<String>,
    /// Leave the mouse to the terminal (text selection) instead of clicks and the wheel.
    #[arg(long)]
    pub no_mouse: bool,
}

/// A row named by an option, once its name is resolved (`#7`; bare digits too).
pub(crate) fn id_arg(s: &str) -> Result<i64, String> {
    let t = s.trim();
    t.strip_prefix('#')
        .unwrap_or(t)
        .trim()
        .parse()
        .map_err(|_| format!("not a row id: {t}"))
}

pub fn main() -> ExitCode {
    use clap::FromArgMatches;
    let args = person_id_args(std::env::args_os());
    let cli = match Cli::from_arg_matches(&examples::command().get_matches_from(args)) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // One line per problem (a config file can have several, each with its line).
            for line in format!("{e:#}").lines().filter(|l| !l.trim().is_empty()) {
                warn(&format!("error: {line}"));
            }
            ExitCode::FAILURE
        }
    }
}

/// `--person-id 42` (or `--person-id=42`) is `--person #42`: the explicit id form, spelled as a
/// flag for scripts, for every command that takes `--person`. Anything after `--` is left alone.
pub fn person_id_args(
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> Vec<std::ffi::OsString> {
    let mut out = Vec::new();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.to_str() {
            Some("--") => {
                out.push(a);
                out.extend(it.by_ref());
            }
            Some("--person-id") => {
                out.push("--person".into());
                match it.next() {
                    Some(v) => {
                        let mut id = std::ffi::OsString::from("#");
                        id.push(v);
                        out.push(id);
                    }
                    None => out.push("#".into()),
                }
            }
            Some(s) if s.starts_with("--person-id=") => {
                out.push(format!("--person=#{}", &s["--person-id=".len()..]).into());
            }
            _ => out.push(a),
        }
    }
    out
}

fn run(cli: Cli) -> Result<ExitCode> {
    let g = &cli.global;
    match cli.command {
        Some(Cmd::Config(c)) => {
            configure::config(g, c)?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Cmd::Completions { shell }) => {
            configure::completions(shell);
            return Ok(ExitCode::SUCCESS);
        }
        Some(Cmd::Man) => {
            configure::man()?;
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    crate::store::key::set(crate::store::key::resolve(g.key_file.as_deref())?);
    let settings = crate::settings::load(&crate::settings::path(g.config.as_deref())?)?;
    // The config file's `database` when neither `--db` nor `$FRONTLINE_DB` names one (never
    // for `--demo`, whose data stays apart).
    let with_config_db;
    let g = if g.db.is_none()
        && !g.demo
        && std::env::var_os("FRONTLINE_DB").is_none_or(|v| v.is_empty())
        && settings.database.is_some()
    {
        with_config_db = Global {
            db: settings.database.clone(),
            ..g.clone()
        };
        &with_config_db
    } else {
        g
    };
    // `password_file`: read now, for the server this run opens (`migrate`: its --to).
    let to = match &cli.command {
        Some(Cmd::Migrate { to, .. }) => Some(to.as_str()),
        _ => None,
    };
    server::use_password_file(&settings, g, to)?;
    let env = Env::resolve_with(g, &settings)?;
    let ui = UiOptions::resolve(g.theme.as_deref(), g.no_mouse, &settings)?;
    match cli.command {
        Some(Cmd::Config(_) | Cmd::Completions { .. } | Cmd::Man) => unreachable!(),
        None => {
            let path = paths::db_path(g.db.as_deref(), g.demo)?;
            if g.demo && !path.exists() {
                let spec = DemoSpec {
                    people: 600,
                    days: 30,
                    seed: 1,
                    now: clock::now(),
                };
                demo::generate(&path, &spec, &env.store_cfg)?;
            }
            // The rules recount, when due, is one of the console's jobs.
            let store = Store::open_deferring_recount(&path, env.store_cfg.clone())?;
            init_logging(&path);
            // Today's backup runs as one of the console's jobs.
            let signal = crate::console::run(store, env.lang, env.operator, &ui)?;
            // Stopped by a signal: 128 + its number (SIGTERM → 143), as a shell expects.
            Ok(match signal {
                0 => ExitCode::SUCCESS,
                s => ExitCode::from((128 + s).clamp(0, 255) as u8),
            })
        }
        Some(Cmd::Init) => org::init(g, &env),
        Some(Cmd::Posts { json, all }) => org::posts(&open_read(g, &env)?, json, all, env.lang),
        Some(Cmd::Demo { people, days, seed }) => {
            let path = paths::db_path(g.db.as_deref(), g.db.is_none())?;
            let spec = DemoSpec {
                people,
                days,
                seed,
                now: clock::now(),
            };
            let stats = demo::generate(&path, &spec, &env.store_cfg)?;
            say(serde_json::to_string(
                &serde_json::json!({"db": path, "stats": stats}),
            )?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Status { json, limit, all }) => {
            let store = open_read(g, &env)?;
            let v = json::status(&store, env.lang, clock::now(), (!all).then_some(limit))?;
            if json {
                say(serde_json::to_string_pretty(&v)?);
            } else {
                say(json::status_text(&v).trim_end().to_string());
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Bench {
            people,
            days,
            samples,
            json,
        }) => {
            let f = crate::bench::main(
                g.db.clone(),
                people,
                days,
                samples.into(),
                clock::now(),
                &env.store_cfg,
            )?;
            say(if json {
                serde_json::to_string_pretty(&f)?
            } else {
                crate::bench::text(&f)
            });
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Soak { count }) => {
            crate::bench::soak::run(open_existing(g, &env)?, clock::now(), count)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::BenchFrame {
            refreshes,
            with_backup,
        }) => {
            let path = paths::db_path(g.db.as_deref(), g.demo)?;
            let store = Store::open(&path, env.store_cfg.clone())?;
            let backup = with_backup.then(|| {
                crate::store::backup::spawn_daily(
                    path.clone(),
                    env.store_cfg.clone(),
                    clock::now(),
                    7,
                )
            });
            say(serde_json::to_string(&crate::bench::frame(
                store,
                clock::now(),
                refreshes,
                backup,
            )?)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Backup { out }) => {
            let store = open_existing(g, &env)?;
            store.backup_to(&out)?;
            say(format!("backup written to {}", out.display()));
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Restore { file }) if server::is_server_db(g)? => server::restore(&file, g, &env),
        Some(Cmd::Restore { file }) => {
            let mut store = open_existing(g, &env)?;
            let saved = store.restore_from(&file, &env.operator, clock::now())?;
            say(format!(
                "restored from {}; the previous content is in {}",
                file.display(),
                saved.display()
            ));
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Handover {
            since,
            format,
            out,
            force,
        }) => report::handover(since, &format, out, force, g, &env),
        Some(Cmd::Audit { json, limit }) => {
            let store = open_read(g, &env)?;
            let rows = store.audit(limit)?;
            if json {
                say(serde_json::to_string_pretty(&rows)?);
            } else {
                // In words: who did what to whom, then the details that matter.
                let (l, tz) = (env.lang, store.cfg.tz);
                for r in rows {
                    let at = crate::domain::time::fmt_full(r.at, tz);
                    let what = crate::i18n::audit::describe(l, tz, &r);
                    let more = crate::i18n::audit::summary(l, tz, &r);
                    let sep = if more.is_empty() { "" } else { " — " };
                    say(format!("{:>6}  {at}  {what}{sep}{more}", r.id));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Stock {
            json,
            window,
            history,
        }) => {
            let mut store = open_read(g, &env)?;
            if let Some(w) = window {
                if w == 0 || w > crate::domain::stock::MAX_WINDOW_DAYS {
                    return Err(anyhow!(
                        "--window must be between 1 and {} days",
                        crate::domain::stock::MAX_WINDOW_DAYS
                    ));
                }
                store.cfg.rules.supplies.burn_window_days = w;
            }
            let v = supplies::stock_json(&store, env.lang, clock::now(), history.min(400))?;
            if json {
                say(serde_json::to_string_pretty(&v)?);
            } else {
                for line in supplies::stock_text(&v, env.lang) {
                    say(line);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Requests { json, all }) => {
            let store = open_read(g, &env)?;
            let v = supplies::requests_json(&store, env.lang, clock::now(), all)?;
            if json {
                say(serde_json::to_string_pretty(&v)?);
            } else {
                for line in supplies::requests_text(&v, env.lang) {
                    say(line);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Rules(r)) => {
            let store = open_read(g, &env)?;
            shifts::rules(&store, r, env.lang, clock::now(), &env.rules_source)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Schedule { date, gaps, json }) => {
            let store = open_read(g, &env)?;
            let now = clock::now();
            let day = match date {
                Some(d) => {
                    crate::domain::time::parse_day(&d, now, store.cfg.tz).map_err(|e| anyhow!(e))?
                }
                None => now,
            };
            shifts::schedule(&store, day, gaps, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Callup {
            post,
            start,
            end,
            limit,
            all,
            json,
        }) => {
            let store = open_read(g, &env)?;
            let now = clock::now();
            let tz = store.cfg.tz;
            let t = |s: &str| parse_time(s, now, tz).map_err(|e| anyhow!(e));
            let start = start.as_deref().map(t).transpose()?.unwrap_or(now);
            let end = end
                .as_deref()
                .map(t)
                .transpose()?
                .unwrap_or(start + 8 * 3600);
            if end <= start {
                return Err(anyhow!("--end must come after --start"));
            }
            let q = crate::store::shift_queries::CallupQuery {
                post,
                start,
                end,
                now,
                everyone: all,
            };
            shifts::callup(&store, &q, limit, json, env.lang)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Ledger {
            json,
            limit,
            person,
        }) => {
            let store = open_read(g, &env)?;
            let person = match person {
                Some(p) => Some(
                    store
                        .resolve_person(&p, clock::now())
                        .map_err(|r| anyhow!(i18n::refusal(env.lang, &r, store.cfg.tz)))?,
                ),
                None => None,
            };
            shifts::ledger(&store, person, limit, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Health {
            date,
            community,
            json,
        }) => {
            let store = open_read(g, &env)?;
            care::health(
                &store,
                env.lang,
                clock::now(),
                date.as_deref(),
                community,
                json,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Cases { all, json }) => {
            let store = open_read(g, &env)?;
            care::cases(&store, env.lang, clock::now(), all, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Alerts { json }) => {
            let store = open_read(g, &env)?;
            alerts::list(&store, env.lang, clock::now(), json)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Care { json }) => {
            let store = open_read(g, &env)?;
            care::care(&store, env.lang, clock::now(), json)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Paper(p)) => paperwork::run(p, g, &env),
        Some(Cmd::People(a)) => {
            people::people(&open_read(g, &env)?, a, env.lang, clock::now())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Person(a)) => {
            people::person(&open_read(g, &env)?, a, env.lang, clock::now())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Party(a)) => {
            people::party(&open_read(g, &env)?, a, env.lang, clock::now())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Honours(a)) => {
            people::honours(&open_read(g, &env)?, a, env.lang)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Do(d)) => actions::run(*d, g, &env),
        Some(Cmd::Check { repair, json }) => check::run(g, &env, repair, json),
        Some(Cmd::Pg(c)) => server::pg(c, g),
        Some(Cmd::Migrate { from, to }) => server::migrate(&from, &to, &env),
    }
}
