//! `frontline alerts [--json]` and `frontline do alert ack KEY`.

use super::say;
use crate::domain::Ts;
use crate::domain::time::fmt_full;
use crate::i18n::Lang;
use crate::i18n::{self, t};
use crate::store::Store;
use crate::store::commands::Command;
use crate::store::queries::Window;
use anyhow::Result;
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum AlertCmd {
    /// Acknowledge an alert by the key `frontline alerts` shows (a positive test's number too).
    Ack {
        /// test:ID, rest:PERSON:SINCE, low:ITEM:DAY, or a positive test's number.
        key: String,
    },
}

pub fn build(c: AlertCmd) -> Command {
    match c {
        AlertCmd::Ack { key } => Command::AlertAck { key },
    }
}

pub fn list(store: &Store, lang: Lang, now: Ts, json: bool) -> Result<()> {
    let all = Window {
        offset: 0,
        limit: None,
        filter: String::new(),
    };
    let page = store.alert_list(now, &all)?;
    if json {
        let rows: Vec<serde_json::Value> = page
            .rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "key": r.key,
                    "kind": r.kind,
                    "id": r.id,
                    "name": r.name,
                    "name_en": r.name_en,
                    "since": fmt_full(r.since, store.cfg.tz),
                    "detail": r.breach.as_ref().map(|b| i18n::breach(lang, b)),
                    "days_of_cover": r.cover,
                    "on_hand": r.on_hand,
                })
            })
            .collect();
        say(serde_json::to_string_pretty(
            &serde_json::json!({"total": page.total, "alerts": rows}),
        )?);
        return Ok(());
    }
    if page.rows.is_empty() {
        say(t!(lang, "empty").to_string());
    }
    for r in &page.rows {
        let name = crate::i18n::notes::name_in(lang, &r.name, &r.name_en);
        let detail = r
            .breach
            .as_ref()
            .map(|b| i18n::breach(lang, b))
            .or(r.cover.map(|c| format!("{c:.1}{}", t!(lang, "days"))))
            .unwrap_or_default();
        say(format!(
            "{:<24} {:<10} {}  {}",
            r.key,
            crate::i18n::words::alert_kind(lang, r.kind),
            name,
            detail
        ));
    }
    Ok(())
}
