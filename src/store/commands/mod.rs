//! The one write path: every change, from the console or `frontline do`, is a `Command` run by
//! `Store::execute`: validate → one IMMEDIATE transaction → audit row. A refusal writes nothing.
//! Each area's handlers live in their own file (`duty.rs`, …) as methods of `Exec`.

mod checks;
mod duty;
mod rest;
mod shifts;

use super::Store;
use crate::domain::rules::Breach;
use crate::domain::{RestKind, RuleKind, Ts};
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
    /// Plan a shift; `replaces` cancels another planned shift in the same step (a handover).
    ShiftPlan {
        person: PersonRef,
        post: i64,
        start: Ts,
        end: Ts,
        replaces: Option<i64>,
        override_reason: Option<String>,
    },
    /// Move a planned shift to another post and/or times.
    ShiftMove {
        shift: i64,
        post: Option<i64>,
        start: Option<Ts>,
        end: Option<Ts>,
        override_reason: Option<String>,
    },
    ShiftCancel {
        shift: i64,
        reason: String,
    },
    /// Copy the shifts of the local day holding `day` to the `days` following days.
    ShiftCopyDay {
        day: Ts,
        days: u32,
        post: Option<i64>,
    },
    /// Rotation (轮休), swapped (调休) or compensatory (补休) rest.
    Rest {
        person: PersonRef,
        kind: RestKind,
        start: Ts,
        hours: f64,
        reason: String,
    },
    /// Add a resident of a sealed zone as community staff (就地转化).
    Convert {
        name: String,
        community: String,
        party_status: String,
        source_unit: String,
        phone: String,
        dual_registered: bool,
        note: String,
    },
    /// Correct the compensatory-leave ledger by hand (e.g. leave that could not be taken).
    LedgerAdjust {
        person: PersonRef,
        hours: f64,
        reason: String,
    },
}

impl Command {
    pub fn name(&self) -> &'static str {
        match self {
            Command::CheckIn { .. } => "check_in",
            Command::CheckOut { .. } => "check_out",
            Command::Reassign { .. } => "reassign",
            Command::ForceRest { .. } => "force_rest",
            Command::EndRest { .. } => "end_rest",
            Command::ShiftPlan { .. } => "shift_plan",
            Command::ShiftMove { .. } => "shift_move",
            Command::ShiftCancel { .. } => "shift_cancel",
            Command::ShiftCopyDay { .. } => "shift_copy_day",
            Command::Rest { .. } => "rest",
            Command::Convert { .. } => "convert",
            Command::LedgerAdjust { .. } => "ledger_adjust",
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
        /// A planned rest day (or compensatory rest) cut short by this check-in: its kind and
        /// the minutes now owed in the compensatory-leave ledger.
        rest_day: Option<(RestKind, i64)>,
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
    ShiftPlanned {
        name: String,
        post: String,
        start: Ts,
        end: Ts,
        overridden: bool,
        /// Who the shift was taken from, when it replaced another.
        replaced: Option<String>,
    },
    ShiftMoved {
        name: String,
        post: String,
        start: Ts,
        end: Ts,
    },
    ShiftCancelled {
        name: String,
        post: String,
        start: Ts,
    },
    DayCopied {
        day: Ts,
        days: u32,
        copied: usize,
        skipped: usize,
    },
    RestRecorded {
        name: String,
        kind: RestKind,
        start: Ts,
        end: Ts,
        /// Compensatory rest: minutes still owed afterwards.
        owed_after: Option<i64>,
    },
    Converted {
        id: i64,
        name: String,
        staff_code: String,
        community: String,
    },
    LedgerAdjusted {
        name: String,
        minutes: i64,
        balance: i64,
    },
}

/// Why a command was refused. Rendered in the user's language by `i18n`.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    UnknownPerson(String),
    UnknownPost(i64),
    Retired(String),
    AlreadyOnDuty {
        name: String,
        post: String,
    },
    NotOnDuty(String),
    InForcedRest {
        name: String,
        until: Ts,
    },
    BreaksRules {
        name: String,
        breaches: Vec<Breach>,
    },
    NoShift(String),
    ShiftStarted(String),
    TimeOrder,
    Overlap {
        name: String,
        start: Ts,
        end: Ts,
    },
    BadHours(String),
    ReasonRequired,
    NotResting(String),
    Busy,
    Storage(String),
    /// A planned rest day (rotation, swapped or compensatory) covers the time.
    RestDay {
        name: String,
        kind: RestKind,
        until: Ts,
    },
    UnknownShift(i64),
    /// The shift is done or cancelled (or active, for a move): it cannot be changed.
    ShiftClosed {
        id: i64,
        status: String,
    },
    ShiftTooLong(f64),
    /// A rest would overlap a shift of the person.
    RestClash {
        name: String,
        start: Ts,
        end: Ts,
    },
    /// A rest would overlap another rest of the person.
    RestOverlap {
        name: String,
        start: Ts,
        end: Ts,
    },
    /// Compensatory rest (or a correction) beyond what the ledger owes.
    NotOwed {
        name: String,
        owed_minutes: i64,
        asked_minutes: i64,
    },
    UnknownCommunity(String),
    BadValue {
        field: &'static str,
        value: String,
    },
    DuplicatePerson {
        name: String,
        staff_code: String,
    },
    BadDays(u32),
    NothingToCopy {
        skipped: usize,
    },
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
            Command::ShiftPlan {
                person,
                post,
                start,
                end,
                replaces,
                override_reason,
            } => self.shift_plan(
                person,
                *post,
                (*start, *end),
                *replaces,
                clean(override_reason),
            ),
            Command::ShiftMove {
                shift,
                post,
                start,
                end,
                override_reason,
            } => self.shift_move(*shift, *post, *start, *end, clean(override_reason)),
            Command::ShiftCancel { shift, reason } => self.shift_cancel(*shift, reason),
            Command::ShiftCopyDay { day, days, post } => self.shift_copy_day(*day, *days, *post),
            Command::Rest {
                person,
                kind,
                start,
                hours,
                reason,
            } => self.rest(person, *kind, *start, *hours, reason),
            Command::Convert { .. } => self.convert(cmd),
            Command::LedgerAdjust {
                person,
                hours,
                reason,
            } => self.ledger_adjust(person, *hours, reason),
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
