//! The command line: clap definitions and the scriptable subcommands. Each `do` action builds
//! the same `Command` the console builds and runs it through the same executor.

mod care;
mod json;

use crate::clock;
use crate::config::{self, Lang};
use crate::demo::{self, DemoSpec};
use crate::domain::time::parse_time;
use crate::i18n;
use crate::store::commands::{Command, Ctx, PersonRef};
use crate::store::{Store, StoreConfig};
use anyhow::{Result, anyhow};
use clap::{Args, Parser, Subcommand};
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
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Fill a database with deterministic synthetic data.
    Demo {
        #[arg(long, default_value_t = 600)]
        people: usize,
        #[arg(long, default_value_t = 30)]
        days: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Print the four home panels (on_duty, overdue_rest, family_cases, supplies).
    Status {
        /// As one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Run a console action without the console (same validation, same audit row).
    #[command(subcommand)]
    Do(DoCmd),
    /// Measure first frame, refresh, action and status times at a given size (JSON).
    /// The database is built on first use and reused; actions modify it (forced rest).
    Bench {
        #[arg(long, default_value_t = 500)]
        people: usize,
        #[arg(long, default_value_t = 30)]
        days: u32,
    },
    /// The audit log, newest first.
    Audit {
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Daily health reports (身体状况日报): who reported, who did not, who is unwell, tests.
    Health {
        /// Day (YYYY-MM-DD or MM-DD; default today).
        #[arg(long)]
        date: Option<String>,
        /// Only this community (id).
        #[arg(long)]
        community: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Family-support cases (家事心事急难事), most urgent then oldest first.
    Cases {
        /// Resolved cases too.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Care: talks, trainings, volunteer insurance, visits and party-dues spending.
    Care {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum DoCmd {
    /// Put a person on duty at a post, now.
    CheckIn {
        #[arg(long)]
        person: String,
        #[arg(long)]
        post: i64,
        /// Written reason to overrule forced rest or a rest rule (kept in the audit log).
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
    },
    /// End a person's current shift, now.
    CheckOut {
        #[arg(long)]
        person: String,
    },
    /// Move a person's current or next shift to another post and/or times.
    Reassign {
        #[arg(long)]
        person: String,
        #[arg(long)]
        post: i64,
        /// New start (HH:MM, MM-DD HH:MM, YYYY-MM-DD HH:MM or RFC 3339; local time).
        #[arg(long)]
        start: Option<String>,
        /// New end.
        #[arg(long)]
        end: Option<String>,
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
    },
    /// Send a person to forced rest (强制休息); ends their current shift.
    ForceRest {
        #[arg(long)]
        person: String,
        /// Length in hours (default from the rules, 24).
        #[arg(long, allow_negative_numbers = true)]
        hours: Option<f64>,
        #[arg(long)]
        reason: String,
    },
    /// End a person's rest now.
    EndRest {
        #[arg(long)]
        person: String,
    },
    /// Record a daily health report (身体状况日报); a second one for the day replaces it.
    Health(care::HealthArgs),
    /// Record a nucleic-acid test or its result; a positive one takes the person off duty.
    Test(care::TestArgs),
    /// Family-support cases: open, assign, progress, resolve.
    #[command(subcommand)]
    Case(care::CaseCmd),
    /// Record a person's family situation (dependents, elderly, children, notes).
    Family(care::FamilyArgs),
    /// Record a care visit (慰问), with the amount paid from party dues.
    Visit(care::VisitArgs),
    /// Record a heart-to-heart talk (谈心谈话).
    Talk(care::TalkArgs),
    /// Record a training (self-protection or psychological).
    Training(care::TrainingArgs),
    /// Record a volunteer's insurance (防疫志愿者专属保险).
    Insurance(care::InsuranceArgs),
    /// Assign (or --end) a medical worker to follow up a community.
    Medic(care::MedicArgs),
    /// Acknowledge an alert (default: the oldest one).
    AckAlert(care::AckArgs),
    /// End a person's "out of service: health".
    ReturnToService(care::PersonArgs),
}

/// Everything a subcommand needs, resolved from flags and environment.
pub struct Env {
    pub lang: Lang,
    pub operator: String,
    pub store_cfg: StoreConfig,
}

impl Env {
    fn resolve(g: &Global) -> Result<Env> {
        let lang = match &g.lang {
            Some(l) => {
                Lang::parse(l).ok_or_else(|| anyhow!("--lang must be zh or en, not '{l}'"))?
            }
            None => Lang::from_env(),
        };
        clock::frozen().map_err(|e| anyhow!(e))?;
        let (rules, _) = config::load_rules(g.rules.as_deref())?;
        let tz = config::zone(g.tz.as_deref())?;
        Ok(Env {
            lang,
            operator: config::operator(g.operator.as_deref()),
            store_cfg: StoreConfig { rules, tz },
        })
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let msg = format!("{e:#}").replace('\n', " ");
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// Print a line to stdout; a closed pipe (`| head`) ends the output quietly instead of panicking.
fn say(line: String) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
}

fn init_logging(db: &std::path::Path) {
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if !dir.exists() {
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

fn run(cli: Cli) -> Result<ExitCode> {
    let env = Env::resolve(&cli.global)?;
    let g = &cli.global;
    match cli.command {
        None => {
            let path = config::db_path(g.db.as_deref(), g.demo)?;
            if g.demo && !path.exists() {
                let spec = DemoSpec {
                    people: 600,
                    days: 30,
                    seed: 1,
                    now: clock::now(),
                };
                demo::generate(&path, &spec, &env.store_cfg)?;
            }
            let store = Store::open(&path, env.store_cfg.clone())?;
            init_logging(&path);
            crate::console::run(store, env.lang, env.operator)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Demo { people, days, seed }) => {
            let path = config::db_path(g.db.as_deref(), g.db.is_none())?;
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
        Some(Cmd::Status { json }) => {
            let store = open_existing(g, &env)?;
            let v = json::status(&store, env.lang, clock::now())?;
            if json {
                say(serde_json::to_string_pretty(&v)?);
            } else {
                say(json::status_text(&v).trim_end().to_string());
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Bench { people, days }) => {
            let path = match g.db.clone() {
                Some(p) => p,
                None => std::env::temp_dir().join(format!("frontline-bench-{people}x{days}.db")),
            };
            // A fresh copy per run: the action benchmark writes to it.
            let work = path.with_extension("run.db");
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", work.display()));
            }
            let now = clock::now();
            let mut generated = None;
            if !path.exists() {
                generated = Some(
                    demo::generate(
                        &path,
                        &DemoSpec {
                            people,
                            days,
                            seed: 1,
                            now,
                        },
                        &env.store_cfg,
                    )?
                    .seconds,
                );
            }
            Store::open(&path, env.store_cfg.clone())?.checkpoint()?;
            std::fs::copy(&path, &work)?;
            let exe = std::env::current_exe().ok();
            let mut f =
                crate::bench::run(&work, people, days, now, &env.store_cfg, exe.as_deref())?;
            f.generate_s = generated;
            say(serde_json::to_string_pretty(&f)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Audit { json, limit }) => {
            let store = open_existing(g, &env)?;
            let rows = store.audit(limit)?;
            if json {
                say(serde_json::to_string_pretty(&rows)?);
            } else {
                for r in rows {
                    let at = crate::domain::time::fmt_full(r.at, store.cfg.tz);
                    say(format!(
                        "{:>6}  {at}  {:<12} {:<12} {:<14} {}",
                        r.id, r.operator, r.action, r.target, r.details
                    ));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Health {
            date,
            community,
            json,
        }) => {
            let store = open_existing(g, &env)?;
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
            let store = open_existing(g, &env)?;
            care::cases(&store, env.lang, clock::now(), all, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Care { json }) => {
            let store = open_existing(g, &env)?;
            care::care(&store, env.lang, clock::now(), json)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Do(d)) => {
            let mut store = open_existing(g, &env)?;
            init_logging(store.path());
            let now = clock::now();
            let tz = store.cfg.tz;
            let cmd = match build_command(d, now, tz) {
                Ok(c) => c,
                Err(msg) => {
                    eprintln!("error: {msg}");
                    return Ok(ExitCode::from(2));
                }
            };
            match store.execute(
                &cmd,
                &Ctx {
                    operator: env.operator.clone(),
                    now,
                },
            ) {
                Ok(o) => {
                    say(i18n::outcome(env.lang, &o, tz));
                    Ok(ExitCode::SUCCESS)
                }
                Err(r) => {
                    eprintln!("error: {}", i18n::refusal(env.lang, &r, tz));
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}

/// Scripts act on an existing database: a typo in --db must not create an empty one.
fn open_existing(g: &Global, env: &Env) -> Result<Store> {
    let path = config::db_path(g.db.as_deref(), g.demo)?;
    if !path.exists() {
        return Err(anyhow!(
            "no database at {} (create one with `frontline demo --db PATH` or open the console)",
            path.display()
        ));
    }
    Store::open(&path, env.store_cfg.clone())
}

fn build_command(d: DoCmd, now: i64, tz: chrono_tz::Tz) -> Result<Command, String> {
    let time = |s: Option<String>| s.map(|s| parse_time(&s, now, tz)).transpose();
    Ok(match d {
        DoCmd::CheckIn {
            person,
            post,
            override_reason,
        } => Command::CheckIn {
            person: PersonRef(person),
            post,
            override_reason,
        },
        DoCmd::CheckOut { person } => Command::CheckOut {
            person: PersonRef(person),
        },
        DoCmd::Reassign {
            person,
            post,
            start,
            end,
            override_reason,
        } => Command::Reassign {
            person: PersonRef(person),
            post,
            start: time(start)?,
            end: time(end)?,
            override_reason,
        },
        DoCmd::ForceRest {
            person,
            hours,
            reason,
        } => Command::ForceRest {
            person: PersonRef(person),
            hours,
            reason,
        },
        DoCmd::EndRest { person } => Command::EndRest {
            person: PersonRef(person),
        },
        DoCmd::Health(a) => care::build(care::CareDo::Health(a), now, tz)?,
        DoCmd::Test(a) => care::build(care::CareDo::Test(a), now, tz)?,
        DoCmd::Case(a) => care::build(care::CareDo::Case(a), now, tz)?,
        DoCmd::Family(a) => care::build(care::CareDo::Family(a), now, tz)?,
        DoCmd::Visit(a) => care::build(care::CareDo::Visit(a), now, tz)?,
        DoCmd::Talk(a) => care::build(care::CareDo::Talk(a), now, tz)?,
        DoCmd::Training(a) => care::build(care::CareDo::Training(a), now, tz)?,
        DoCmd::Insurance(a) => care::build(care::CareDo::Insurance(a), now, tz)?,
        DoCmd::Medic(a) => care::build(care::CareDo::Medic(a), now, tz)?,
        DoCmd::AckAlert(a) => care::build(care::CareDo::AckAlert(a), now, tz)?,
        DoCmd::ReturnToService(a) => care::build(care::CareDo::ReturnToService(a), now, tz)?,
    })
}
