//! Less paperwork (measure 9) and volunteer hours (measure 7): import, report, hours, export.

use super::{Env, Global};
use anyhow::Result;
use clap::Subcommand;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum PaperCmd {
    /// Import a roster from CSV or XLSX.
    #[command(subcommand)]
    Import(super::import::ImportCmd),
}

pub fn run(cmd: PaperCmd, g: &Global, env: &Env) -> Result<ExitCode> {
    match cmd {
        PaperCmd::Import(c) => super::import::run(c, g, env),
    }
}
