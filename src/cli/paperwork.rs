//! Less paperwork and volunteer hours: import, report, hours, export.

use super::{Env, Global};
use anyhow::Result;
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum PaperCmd {
    /// Import a roster from CSV or XLSX.
    #[command(subcommand)]
    Import(super::import::ImportCmd),
    /// Reports: the daily report (日报).
    #[command(subcommand)]
    Report(super::report::ReportCmd),
    /// Volunteer hours (志愿时) from actual shifts: on-post (frontline posts) and other
    /// (command-post duty) per volunteer, default the last 30 days.
    Hours {
        /// First day (YYYY-MM-DD or MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Last day (default today).
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
        /// Write per person and day for a volunteer-time system: csv (staff_code,name,date,hours).
        #[arg(long, value_name = "csv")]
        export: Option<String>,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Everyone's hours, not only volunteers'.
        #[arg(long)]
        all: bool,
        /// Replace --out if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Export a table: people, shifts, rest_periods, family_cases, stock, requests, audit,
    /// health_reports, tests, visits, talks, trainings, insurance; or org, the organisation
    /// workbook that `import org` reads back (xlsx or json).
    Export {
        table: String,
        #[arg(long, default_value = "csv", value_name = "csv|xlsx|json")]
        format: String,
        /// The file (default: stdout for csv and json; xlsx needs it). Created 0600; an
        /// existing file is replaced only with --force.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace --out if it exists.
        #[arg(long)]
        force: bool,
    },
}

pub fn run(cmd: PaperCmd, g: &Global, env: &Env) -> Result<ExitCode> {
    match cmd {
        PaperCmd::Import(c) => super::import::run(c, g, env),
        PaperCmd::Report(c) => super::report::report(c, g, env),
        PaperCmd::Hours {
            from,
            to,
            json,
            export,
            out,
            all,
            force,
        } => super::report::hours(from, to, json, export, (out, force), all, g, env),
        PaperCmd::Export {
            table,
            format,
            out,
            force,
        } => super::report::export(&table, &format, (out, force), g, env),
    }
}
