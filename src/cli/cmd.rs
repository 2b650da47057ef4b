//! The subcommands of `frontline`, as clap reads them; `run` in mod.rs carries them out.

use super::*;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Create an empty Frontline database (the supply catalogue and one store; no streets,
    /// communities, posts or people). Refuses a path that already exists.
    Init,
    /// The posts (点位): id, name, community, kind, headcount per shift, shift pattern, closed.
    Posts {
        #[arg(long)]
        json: bool,
        /// Closed posts too.
        #[arg(long)]
        all: bool,
    },
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
        /// Rows per panel, most urgent first (the counts are always complete).
        #[arg(long, default_value_t = 200)]
        limit: usize,
        /// Every row of every panel.
        #[arg(long, conflicts_with = "limit")]
        all: bool,
    },
    /// Run a console action without the console (same validation, same audit row).
    // Boxed: the actions' arguments are the largest of all subcommands.
    #[command(subcommand)]
    Do(Box<DoCmd>),
    /// Measure first frame, refresh, action and status times at a given size (JSON).
    /// The database is built on first use and reused; actions modify it (forced rest).
    Bench {
        #[arg(long, default_value_t = 500)]
        people: usize,
        #[arg(long, default_value_t = 30)]
        days: u32,
        /// How many times each figure is measured (more: steadier percentiles, longer run).
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u16).range(2..=10_000))]
        samples: u16,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
    },
    /// (for the durability test) Run a stream of actions, printing `ack <audit id>` per commit.
    #[command(hide = true)]
    Soak {
        #[arg(long, default_value_t = 1_000_000)]
        count: usize,
    },
    /// (for `bench`) Draw the console's first frame off-screen, then refresh; print timings.
    #[command(hide = true)]
    BenchFrame {
        #[arg(long, default_value_t = 0)]
        refreshes: usize,
        /// Also run the console's daily backup (as at start) and keep refreshing until it ends.
        #[arg(long)]
        with_backup: bool,
    },
    /// Write a consistent copy of the database (safe while consoles write).
    Backup {
        /// The new file (must not exist).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Replace the database's content with a backup, after checking it (the current content
    /// is kept beside the database first). On a server (--db postgres://…): into an empty
    /// database only, then every kept count checked there.
    Restore {
        /// A backup made by `frontline backup` or the automatic daily backup.
        file: PathBuf,
    },
    /// A PostgreSQL server for several desks: `pg init` sets a database up.
    #[command(subcommand)]
    Pg(server::PgCmd),
    /// Move a post's SQLite file onto an empty PostgreSQL database (every row, the audit log
    /// too), then check every kept count there.
    Migrate {
        /// The post's database file.
        #[arg(long, value_name = "PATH")]
        from: PathBuf,
        /// postgres://USER@HOST/DB (the administrator; its password from password_file or ~/.pgpass).
        #[arg(long, value_name = "URL")]
        to: String,
    },
    /// Every count the database keeps by trigger against a real count of its rows; each
    /// difference in words, exit status 1 if any.
    Check {
        /// Recount the kept values that differ (one audit row).
        #[arg(long)]
        repair: bool,
        #[arg(long)]
        json: bool,
    },
    /// The handover sheet (交接班): the desk's log, every action in words, new alerts, forced
    /// rests begun and ending, cases, low stock, the next shift change. Since the operator's
    /// last sign-in (else anyone's, else 12 hours ago). md and json to stdout without --out;
    /// xlsx needs --out.
    Handover {
        /// The shift's start: YYYY-MM-DD HH:MM, MM-DD HH:MM or HH:MM.
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
        #[arg(long, default_value = "md", value_name = "md|xlsx|json")]
        format: String,
        /// The file (md and json: default stdout). An existing file is replaced only with --force.
        #[arg(long, value_name = "FILE")]
        out: Option<std::path::PathBuf>,
        #[arg(long)]
        force: bool,
    },
    /// The audit log, newest first.
    Audit {
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Supplies: on hand, use per day, days of cover, runs-out date, tomorrow's need; low first.
    Stock {
        #[arg(long)]
        json: bool,
        /// Burn-rate window in days (default from the rules file, 7).
        #[arg(long, value_name = "DAYS")]
        window: Option<u32>,
        /// Add each item's last DAYS days (received, issued, adjusted, level) to the JSON.
        #[arg(long, value_name = "DAYS", default_value_t = 0)]
        history: usize,
    },
    /// Logistics requests (meals, lodging, heat relief, night duty, transport) by time needed.
    Requests {
        #[arg(long)]
        json: bool,
        /// Include the ones already done.
        #[arg(long)]
        all: bool,
    },
    /// Rest rules: who breaks one now or soon (check); the rules in force and presets (show).
    #[command(subcommand)]
    Rules(shifts::RulesCmd),
    /// Coverage of a day: each post's shift slots, required headcount against assigned.
    Schedule {
        /// YYYY-MM-DD or MM-DD (default today).
        #[arg(long)]
        date: Option<String>,
        /// Only the slots that are short.
        #[arg(long)]
        gaps: bool,
        #[arg(long)]
        json: bool,
    },
    /// Who can go to a post (令行禁止、有呼必应): not on duty, not resting, no rule broken;
    /// the post's community first, then most rested.
    Callup {
        #[arg(long)]
        post: i64,
        /// Start of the shift to fill (default now).
        #[arg(long)]
        start: Option<String>,
        /// End (default start + 8 h).
        #[arg(long)]
        end: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Everyone, with why they cannot go, not only those who can.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
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
    /// Compensatory leave owed (补休), most first; or one person's ledger.
    Ledger {
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// One person (id or staff code): every entry and the balance.
        #[arg(long)]
        person: Option<String>,
    },
    /// Care: talks, trainings, volunteer insurance, visits and party-dues spending.
    Care {
        #[arg(long)]
        json: bool,
    },
    /// The config file: where it is, what is in force, or write a documented one.
    #[command(subcommand)]
    Config(configure::ConfigCmd),
    /// Print a shell completion script: bash, zsh or fish.
    Completions {
        #[arg(value_enum)]
        shell: configure::Shell,
    },
    /// Print the manual page (roff), generated from these definitions.
    Man,
    /// Open alerts to acknowledge: positive tests, rest rules crossed, low items.
    Alerts {
        #[arg(long)]
        json: bool,
    },
    /// Import, daily report, volunteer hours, export.
    #[command(flatten)]
    Paper(paperwork::PaperCmd),
    /// The roster (花名册): everyone, searchable and sortable, with their state now.
    People(people::PeopleArgs),
    /// One person's full frontline record (个人档案).
    Person(people::PersonArgs),
    /// Party development (发展党员): applicants and activists with their frontline record.
    Party(people::ListArgs),
    /// Exemplary models (选树先进典型): nominations with deeds, evidence and status.
    Honours(people::ListArgs),
}
