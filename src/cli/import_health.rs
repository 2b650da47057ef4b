//! `frontline import health|tests FILE [--map COLUMN=HEADER]… [--skip-invalid] [--dry-run]`
//! Read, check every row by line, match people, then one command to the executor.

use super::import::MAX_ERROR_LINES;
use super::{Env, Global, open_existing, say, warn};
use crate::clock;
use crate::i18n::{self, health_import as msg};
use crate::import::health::{self as h, Kind, LineError};
use crate::import::read_file;
use crate::store::commands::{Command, Ctx};
use anyhow::Result;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct HealthArgs {
    file: PathBuf,
    /// Map a column by hand when the form names it otherwise: `--map 体温=腋下温度`
    /// (the column by its Chinese or English name, then the file's header). Repeatable.
    #[arg(long = "map", value_name = "COLUMN=HEADER")]
    maps: Vec<String>,
    /// Apply a form's mappings kept in the config file (`[[import.health.form]]`, `name = NAME`);
    /// `--map` adds to them and wins.
    #[arg(long, value_name = "NAME")]
    form: Option<String>,
    /// Import the good rows and report the bad ones (unknown or ambiguous people included).
    #[arg(long)]
    skip_invalid: bool,
    /// Only say what would change (new, replaced, unchanged, not found); write nothing.
    #[arg(long)]
    dry_run: bool,
}

/// The command for the rows kept (by plan row) and the count of bad rows skipped.
type MakeCmd = Box<dyn Fn(Vec<bool>, usize) -> Command>;

pub fn run(tests: bool, a: HealthArgs, g: &Global, env: &Env) -> Result<ExitCode> {
    let lang = env.lang;
    let kind = if tests { Kind::Tests } else { Kind::Health };
    let what = if tests { "tests" } else { "health" };
    let fail = |m: String| {
        warn(&format!("error: {m}"));
        Ok(ExitCode::FAILURE)
    };
    let form: &[String] = match &a.form {
        None => &[],
        Some(name) => match env.import_forms.get(name) {
            Some(maps) => maps,
            None => {
                let known: Vec<&str> = env.import_forms.keys().map(String::as_str).collect();
                return fail(crate::i18n::notes::unknown_form(lang, name, &known));
            }
        },
    };
    let mut store = open_existing(g, env)?;
    super::init_logging(store.path());
    let sheet = match read_file(&a.file) {
        Ok(s) => s,
        Err(e) => return fail(i18n::import::file_error(lang, &e)),
    };
    let mut maps = h::form_maps(form, &sheet.header, kind);
    maps.extend(a.maps.iter().cloned());
    let cols = match h::columns(&sheet.header, kind, &maps) {
        Ok(c) => c,
        Err(e) => return fail(msg::header_error(lang, kind, &e)),
    };
    let now = clock::now();
    let tz = store.cfg.tz;
    // Check every value, then match every good row; one list of problems, by line.
    let (mut errors, plan, cmd): (Vec<LineError>, _, MakeCmd) = if tests {
        let (rows, errors) = h::test_rows(&sheet, &cols, now, tz);
        let plan = store.tests_import_plan(&rows, now)?;
        (
            errors,
            plan,
            Box::new(move |keep: Vec<bool>, skipped| Command::ImportTests {
                rows: rows
                    .iter()
                    .zip(&keep)
                    .filter(|x| *x.1)
                    .map(|x| x.0.clone())
                    .collect(),
                skipped,
            }),
        )
    } else {
        let (rows, errors) = h::health_rows(&sheet, &cols, now, tz);
        let plan = store.health_import_plan(&rows, now)?;
        (
            errors,
            plan,
            Box::new(move |keep: Vec<bool>, skipped| Command::ImportHealth {
                rows: rows
                    .iter()
                    .zip(&keep)
                    .filter(|x| *x.1)
                    .map(|x| x.0.clone())
                    .collect(),
                skipped,
            }),
        )
    };
    let keep: Vec<bool> = plan.rows.iter().map(Result::is_ok).collect();
    errors.extend(plan.rows.iter().filter_map(|r| r.as_ref().err().cloned()));
    errors.sort_by_key(|e| e.line);
    for e in errors.iter().take(MAX_ERROR_LINES) {
        warn(&msg::line_error(lang, e));
    }
    if errors.len() > MAX_ERROR_LINES {
        let more = errors.len() - MAX_ERROR_LINES;
        eprintln!("{}", crate::i18n::notes::more_errors(lang, more));
    }
    let bad_rows = errors.iter().map(|e| e.line).collect::<BTreeSet<_>>().len();
    if a.dry_run {
        say(msg::plan(lang, what, &plan.counts, bad_rows));
        return Ok(if bad_rows > 0 && !a.skip_invalid {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        });
    }
    let good = keep.iter().filter(|k| **k).count();
    if bad_rows > 0 && !a.skip_invalid {
        return fail(crate::i18n::notes::bad_rows(lang, bad_rows, good));
    }
    if good == 0 {
        return fail(crate::i18n::notes::no_good_rows(lang));
    }
    let ctx = Ctx {
        operator: env.operator.clone(),
        now,
    };
    match store.execute(&cmd(keep, bad_rows), &ctx) {
        Ok(o) => {
            say(i18n::outcome(lang, &o, tz));
            Ok(ExitCode::SUCCESS)
        }
        Err(r) => fail(i18n::refusal(lang, &r, tz)),
    }
}
