//! The one write path: every change, from the console or `frontline do`, is a `Command` run by
//! `Store::execute`: validate → one IMMEDIATE transaction → audit row. A refusal writes nothing.
//! Each area's handlers live in their own file (`duty.rs`, …) as methods of `Exec`.

mod care;
mod duty;
mod health;
mod welfare;

pub use care::{CareCommand, CareOutcome, CareRefusal};

use super::Store;
use crate::domain::rules::Breach;
use crate::domain::{RuleKind, Ts};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

/// A person as typed: numeric id or staff code.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRef(pub String);

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    CheckIn {
        person: PersonRef,
        post: i64,
        override_reason: Option<String>,
    },
    CheckOut {
        person: PersonRef,
    },
    Reassign {
        person: PersonRef,
        post: i64,
        start: Option<Ts>,
        end: Option<Ts>,
        override_reason: Option<String>,
    },
    ForceRest {
        person: PersonRef,
        hours: Option<f64>,
        reason: String,
    },
    EndRest {
        person: PersonRef,
    },
    /// Health, family support and care (measures 1, 4, 6, 7); see `care.rs`.
    Care(CareCommand),
}

impl Command {
    pub fn name(&self) -> &'static str {
        match self {
            Command::CheckIn { .. } => "check_in",
            Command::CheckOut { .. } => "check_out",
            Command::Reassign { .. } => "reassign",
            Command::ForceRest { .. } => "force_rest",
            Command::EndRest { .. } => "end_rest",
            Command::Care(c) => c.name(),
        }
    }
}

/// Who acts, and when.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub operator: String,
    pub now: Ts,
}

/// What a command did, for the footer and the CLI.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    CheckedIn {
        name: String,
        post: String,
        breach_at: Option<(Ts, RuleKind)>,
        overridden: bool,
    },
    CheckedOut {
        name: String,
        post: String,
        minutes: i64,
    },
    Reassigned {
        name: String,
        post: String,
        start: Ts,
        end: Ts,
        active: bool,
    },
    ForcedRest {
        name: String,
        until: Ts,
        ended_shift: bool,
    },
    RestEnded {
        name: String,
    },
    Care(CareOutcome),
}

/// Why a command was refused. Rendered in the user's language by `i18n`.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    UnknownPerson(String),
    UnknownPost(i64),
    Retired(String),
    AlreadyOnDuty { name: String, post: String },
    NotOnDuty(String),
    InForcedRest { name: String, until: Ts },
    BreaksRules { name: String, breaches: Vec<Breach> },
    NoShift(String),
    ShiftStarted(String),
    TimeOrder,
    Overlap { name: String, start: Ts, end: Ts },
    BadHours(String),
    ReasonRequired,
    NotResting(String),
    Busy,
    Storage(String),
    Care(CareRefusal),
}

impl From<rusqlite::Error> for Refusal {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
                Refusal::Busy
            }
            _ => Refusal::Storage(e.to_string()),
        }
    }
}

impl From<anyhow::Error> for Refusal {
    fn from(e: anyhow::Error) -> Self {
        match e.downcast::<rusqlite::Error>() {
            Ok(e) => e.into(),
            Err(e) => Refusal::Storage(e.to_string()),
        }
    }
}

pub(crate) type R<T> = Result<T, Refusal>;

pub(crate) struct Person {
    pub(crate) id: i64,
    pub(crate) name: String,
}

pub(crate) struct Active {
    pub(crate) shift: i64,
    pub(crate) post: String,
    pub(crate) start: Ts,
}

pub(crate) fn clean(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

impl Store {
    /// Run one command. On `Err` nothing was written.
    pub fn execute(&mut self, cmd: &Command, ctx: &Ctx) -> Result<Outcome, Refusal> {
        let cfg = self.cfg.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let ex = Exec {
            tx: &tx,
            cfg: &cfg,
            ctx,
        };
        let (outcome, target, details) = ex.run(cmd)?;
        tx.execute(
            "INSERT INTO audit_log(at, operator, action, target, details) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![ctx.now, ctx.operator, cmd.name(), target, details.to_string()],
        )?;
        tx.commit()?;
        tracing::info!(action = cmd.name(), %target, "committed");
        Ok(outcome)
    }
}

pub(crate) struct Exec<'a> {
    pub(crate) tx: &'a Transaction<'a>,
    pub(crate) cfg: &'a super::StoreConfig,
    pub(crate) ctx: &'a Ctx,
}

impl Exec<'_> {
    fn run(&self, cmd: &Command) -> R<(Outcome, String, serde_json::Value)> {
        match cmd {
            Command::CheckIn {
                person,
                post,
                override_reason,
            } => self.check_in(person, *post, clean(override_reason)),
            Command::CheckOut { person } => self.check_out(person),
            Command::Reassign {
                person,
                post,
                start,
                end,
                override_reason,
            } => self.reassign(person, *post, *start, *end, clean(override_reason)),
            Command::ForceRest {
                person,
                hours,
                reason,
            } => self.force_rest(person, *hours, reason),
            Command::EndRest { person } => self.end_rest(person),
            Command::Care(c) => self.care(c),
        }
    }

    pub(crate) fn person(&self, r: &PersonRef) -> R<Person> {
        let key = r.0.trim();
        let row = self
            .tx
            .prepare_cached(
                "SELECT id, name, retired_at FROM people
                 WHERE staff_code = ?1 OR (?1 <> '' AND ?1 NOT GLOB '*[^0-9]*' AND id = CAST(?1 AS INTEGER)) LIMIT 1",
            )?
            .query_row([key], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                ))
            })
            .optional()?;
        match row {
            None => Err(Refusal::UnknownPerson(key.to_string())),
            Some((_, name, Some(_))) => Err(Refusal::Retired(name)),
            Some((id, name, None)) => Ok(Person { id, name }),
        }
    }

    pub(crate) fn post(&self, id: i64) -> R<String> {
        self.tx
            .prepare_cached("SELECT name FROM posts WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or(Refusal::UnknownPost(id))
    }
}
