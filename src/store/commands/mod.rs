//! The one write path: every change, from the console or `frontline do`, is a `Command` run by
//! `Store::execute`: validate → one IMMEDIATE transaction → audit row. A refusal writes nothing.
//! Each area's handlers live in their own file (`duty.rs`, …) as methods of `Exec`.

mod duty;
mod supplies;
mod undo;

pub use supplies::Adjustment;

use super::Store;
use crate::domain::rules::Breach;
use crate::domain::stock::ItemLabel;
use crate::domain::{RequestKind, RequestStatus, RuleKind, Ts};
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
    /// Reverse the operator's last action that has not been undone.
    Undo,
    /// Stock arrives at a depot (from a supplier or the district). Item: code or id; depot: id
    /// or name, `None` = the command-post store.
    StockReceive {
        item: String,
        depot: Option<String>,
        quantity: i64,
        from: Option<String>,
    },
    /// Stock leaves a depot to a post (default: the depot's own post), optionally to a person.
    StockIssue {
        item: String,
        depot: Option<String>,
        quantity: i64,
        post: Option<i64>,
        person: Option<PersonRef>,
    },
    StockTransfer {
        item: String,
        from: Option<String>,
        to: String,
        quantity: i64,
    },
    /// A count correction, damage or expiry; the reason is required.
    StockAdjust {
        item: String,
        depot: Option<String>,
        change: Adjustment,
        reason: String,
    },
    RequestOpen {
        kind: RequestKind,
        post: Option<i64>,
        person: Option<PersonRef>,
        quantity: i64,
        needed_by: Ts,
        note: Option<String>,
    },
    RequestArrange {
        id: i64,
        note: Option<String>,
    },
    RequestDone {
        id: i64,
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
            Command::Undo => "undo",
            Command::StockReceive { .. } => "stock_receive",
            Command::StockIssue { .. } => "stock_issue",
            Command::StockTransfer { .. } => "stock_transfer",
            Command::StockAdjust { .. } => "stock_adjust",
            Command::RequestOpen { .. } => "request_open",
            Command::RequestArrange { .. } => "request_arrange",
            Command::RequestDone { .. } => "request_done",
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
    /// `action` (its audit row `audit_id`) was reversed.
    Undone {
        action: String,
        target: String,
        audit_id: i64,
    },
    /// `on_hand`: at the depot afterwards; `total`: in all depots.
    StockReceived {
        item: ItemLabel,
        quantity: i64,
        depot: String,
        on_hand: i64,
        total: i64,
    },
    StockIssued {
        item: ItemLabel,
        quantity: i64,
        depot: String,
        post: String,
        person: Option<String>,
        on_hand: i64,
        total: i64,
    },
    StockTransferred {
        item: ItemLabel,
        quantity: i64,
        from: String,
        to: String,
        on_hand_from: i64,
        on_hand_to: i64,
    },
    StockAdjusted {
        item: ItemLabel,
        change: i64,
        depot: String,
        on_hand: i64,
        total: i64,
    },
    RequestOpened {
        id: i64,
        kind: RequestKind,
        requester: String,
        quantity: i64,
        needed_by: Ts,
    },
    RequestArranged {
        id: i64,
        kind: RequestKind,
        requester: String,
    },
    RequestDone {
        id: i64,
        kind: RequestKind,
        requester: String,
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
    NothingToUndo,
    /// The action cannot be undone (`action`), or a later action changed the same target.
    CannotUndo {
        action: String,
        later: Option<String>,
    },
    UnknownItem(String),
    UnknownDepot(String),
    /// A quantity that is zero, negative or absurd, as typed.
    BadQuantity(String),
    NotEnoughStock {
        item: ItemLabel,
        depot: String,
        on_hand: i64,
        wanted: i64,
    },
    SameDepot,
    /// An issue from a store that belongs to no post must say which post it goes to.
    PostRequired,
    UnknownRequest(i64),
    RequestIs {
        id: i64,
        status: RequestStatus,
    },
    RequesterRequired,
    NeededByPassed(Ts),
    Busy,
    Storage(String),
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
            undo: Default::default(),
            tx: &tx,
            cfg: &cfg,
            ctx,
        };
        let (outcome, target, mut details) = ex.run(cmd)?;
        let undo = ex.undo.take();
        if !(undo.shifts.is_empty()
            && undo.rests.is_empty()
            && undo.new_shifts.is_empty()
            && undo.new_rests.is_empty())
        {
            details["undo"] = serde_json::json!({
                "shifts": undo.shifts, "rests": undo.rests,
                "new_shifts": undo.new_shifts, "new_rests": undo.new_rests,
            });
        }
        tx.execute(
            "INSERT INTO audit_log(at, operator, action, target, details) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![ctx.now, ctx.operator, cmd.name(), target, details.to_string()],
        )?;
        tx.commit()?;
        tracing::info!(action = cmd.name(), %target, "committed");
        Ok(outcome)
    }
}

/// Before-images of the rows a command changes and the rows it creates, kept in its audit row
/// so `Command::Undo` can put them back (see `undo.rs`).
#[derive(Default)]
pub(crate) struct UndoLog {
    shifts: Vec<serde_json::Value>,
    rests: Vec<serde_json::Value>,
    new_shifts: Vec<i64>,
    new_rests: Vec<i64>,
}

pub(crate) struct Exec<'a> {
    pub(crate) undo: std::cell::RefCell<UndoLog>,
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
            Command::Undo => self.undo_last(),
            Command::StockReceive {
                item,
                depot,
                quantity,
                from,
            } => self.stock_receive(item, depot, *quantity, clean(from)),
            Command::StockIssue {
                item,
                depot,
                quantity,
                post,
                person,
            } => self.stock_issue(item, depot, *quantity, *post, person.as_ref()),
            Command::StockTransfer {
                item,
                from,
                to,
                quantity,
            } => self.stock_transfer(item, from, to, *quantity),
            Command::StockAdjust {
                item,
                depot,
                change,
                reason,
            } => self.stock_adjust(item, depot, *change, reason),
            Command::RequestOpen {
                kind,
                post,
                person,
                quantity,
                needed_by,
                note,
            } => self.request_open(
                *kind,
                *post,
                person.as_ref(),
                *quantity,
                *needed_by,
                clean(note),
            ),
            Command::RequestArrange { id, note } => self.request_arrange(*id, clean(note)),
            Command::RequestDone { id } => self.request_done(*id),
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
