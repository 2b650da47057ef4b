//! `frontline import roster FILE [--skip-invalid] [--dry-run]`.

use super::{Env, Global, open_existing, say, warn};
use crate::clock;
use crate::i18n::{self, import as msg};
use crate::import::{read_file, validate};
use crate::store::commands::{Command, Ctx};
use anyhow::Result;
use clap::Subcommand;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum ImportCmd {
    /// Import people from a CSV or XLSX roster (columns 姓名 工号 类别 单位 社区 政治面貌 电话,
    /// or name staff_code category unit community party_status phone; any order). Every row is
    /// checked first; nothing is written while any row is bad, unless --skip-invalid.
    /// Matching is on the staff code: new codes are added, changed rows updated.
    Roster {
        file: PathBuf,
        /// Import the good rows and report the bad ones.
        #[arg(long)]
        skip_invalid: bool,
        /// Only say what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Import the organisation (streets, communities, posts, depots, items) from an XLSX with
    /// sheets 街道 社区 点位 仓库 物资 (or streets communities posts depots items), or from CSV
    /// files named after those sheets (or the folder holding them). Every row is checked first.
    Org {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Import the good rows and report the bad ones.
        #[arg(long)]
        skip_invalid: bool,
        /// Only say what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write an empty workbook to fill: org (the organisation) or roster (people).
    Template {
        #[arg(value_parser = ["org", "roster"])]
        what: String,
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        /// Replace --out if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Import daily health reports from a form export (问卷星, 腾讯问卷, 金数据 …; CSV or XLSX):
    /// columns 提交时间 姓名 工号 手机号 体温 是否有症状 身体状况 备注 (or English), any order,
    /// question numbers allowed, other columns ignored. Each row is matched by staff code, else
    /// phone, else name; a second report of a person's day replaces the first.
    Health(super::import_health::HealthArgs),
    /// Import a lab's nucleic-acid results (姓名, 证件号/工号/手机号, 采样时间, 检测结果,
    /// 采样点). A positive takes the person off duty exactly as `do test --result positive`.
    Tests(super::import_health::HealthArgs),
}

/// Row errors printed before the rest are only counted.
pub const MAX_ERROR_LINES: usize = 100;

pub fn run(cmd: ImportCmd, g: &Global, env: &Env) -> Result<ExitCode> {
    let (file, skip_invalid, dry_run) = match cmd {
        ImportCmd::Roster {
            file,
            skip_invalid,
            dry_run,
        } => (file, skip_invalid, dry_run),
        ImportCmd::Org {
            files,
            skip_invalid,
            dry_run,
        } => return super::org::import_org(&files, skip_invalid, dry_run, g, env),
        ImportCmd::Template { what, out, force } => {
            return super::org::template(&what, &out, force, env);
        }
        ImportCmd::Health(a) => return super::import_health::run(false, a, g, env),
        ImportCmd::Tests(a) => return super::import_health::run(true, a, g, env),
    };
    let lang = env.lang;
    let fail = |m: String| {
        warn(&format!("error: {m}"));
        Ok(ExitCode::FAILURE)
    };
    let mut store = open_existing(g, env)?;
    super::init_logging(store.path());
    let sheet = match read_file(&file) {
        Ok(s) => s,
        Err(e) => return fail(msg::file_error(lang, &e)),
    };
    let (good, errors) = match validate(&sheet, &store.community_names()?) {
        Ok(v) => v,
        Err(e) => return fail(msg::file_error(lang, &e)),
    };
    // The first errors are enough to fix a file; the rest is a count, not a flood.
    for e in errors.iter().take(MAX_ERROR_LINES) {
        warn(&msg::row_error(lang, e));
    }
    if errors.len() > MAX_ERROR_LINES {
        let more = errors.len() - MAX_ERROR_LINES;
        eprintln!("{}", crate::i18n::notes::more_errors(lang, more));
    }
    let bad_rows = errors.iter().map(|e| e.line).collect::<BTreeSet<_>>().len();
    let tz = store.cfg.tz;
    if dry_run {
        match store.import_plan(&good) {
            Ok(c) => say(msg::plan(lang, &c, bad_rows)),
            Err(r) => return fail(i18n::refusal(lang, &r, tz)),
        }
        return Ok(if bad_rows > 0 && !skip_invalid {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        });
    }
    if bad_rows > 0 && !skip_invalid {
        return fail(crate::i18n::notes::bad_rows(lang, bad_rows, good.len()));
    }
    if good.is_empty() {
        return fail(crate::i18n::notes::no_good_rows(lang));
    }
    let cmd = Command::ImportRoster {
        rows: good,
        skipped: bad_rows,
    };
    let ctx = Ctx {
        operator: env.operator.clone(),
        now: clock::now(),
    };
    match store.execute(&cmd, &ctx) {
        Ok(o) => {
            say(i18n::outcome(lang, &o, tz));
            Ok(ExitCode::SUCCESS)
        }
        Err(r) => fail(i18n::refusal(lang, &r, tz)),
    }
}
