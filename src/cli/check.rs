//! `frontline check`: every value the schema keeps by trigger against its real count, each
//! difference in words; `--repair` recounts them through the executor (one audit row).

use super::Global;
use super::env::{Env, init_logging, open_existing, open_read, say, warn};
use crate::clock;
use crate::i18n;
use crate::store::commands::{Command, Ctx};
use crate::store::kept;
use anyhow::{Result, anyhow};
use std::process::ExitCode;

pub(super) fn run(g: &Global, env: &Env, repair: bool, json: bool) -> Result<ExitCode> {
    let mut store = if repair {
        open_existing(g, env)?
    } else {
        open_read(g, env)?
    };
    let tz = store.cfg.tz;
    let values = kept::KEPT.len();
    let found = kept::check(&store.conn)?;
    let mut fixed = None;
    if repair && !found.is_empty() {
        init_logging(store.path());
        let ctx = Ctx {
            operator: env.operator.clone(),
            now: clock::now(),
        };
        match store.execute(&Command::RepairKept, &ctx) {
            Ok(o) => fixed = Some(o),
            Err(r) => return Err(anyhow!(i18n::refusal(env.lang, &r, tz))),
        }
    }
    let left = if fixed.is_some() {
        kept::check(&store.conn)?
    } else {
        found.clone()
    };
    if json {
        say(serde_json::to_string_pretty(&serde_json::json!({
            "values": values,
            "ok": left.is_empty(),
            "drift": found,
            "repaired": fixed.is_some(),
            "left": if fixed.is_some() { serde_json::json!(left) } else { serde_json::json!(null) },
        }))?);
    } else {
        for d in &found {
            say(i18n::check::drift(env.lang, d, tz));
        }
        if let Some(o) = &fixed {
            say(i18n::outcome(env.lang, o, tz));
        }
        let line = i18n::check::summary(env.lang, values, left.len());
        if left.is_empty() {
            say(line);
        } else {
            if fixed.is_some() {
                for d in &left {
                    warn(&i18n::check::drift(env.lang, d, tz));
                }
            }
            warn(&line);
        }
    }
    Ok(if left.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
