//! The one write path: every change, from the console or `frontline do`, is a `Command` run by
//! `Store::execute`: validate → one IMMEDIATE transaction → audit row. A refusal writes nothing.
//! Each area's handlers live in their own file (`duty.rs`, …) as methods of `Exec`.

mod alerts;
mod checks;
mod duty;
mod outcomes;
mod supplies;
mod undo;

pub use supplies::Adjustment;

mod care;
mod health;
mod limits;
mod rest;
mod shifts;
mod welfare;

mod import;
pub use import::ImportCounts;

mod kept;

pub mod health_import;
pub use health_import::HealthImportCounts;

pub use care::{CareCommand, CareOutcome, CareRefusal};

mod desk;
pub use desk::{DeskCommand, DeskOutcome};
mod org;
mod org_close;
mod org_import;
mod party;
mod people;
pub use org::{OrgCommand, OrgCounts, OrgFields, OrgKind, OrgOutcome, OrgRefusal};
pub(crate) use org_close::resolve_in as org_resolve;
pub(crate) use undo::UNDOABLE;

pub use outcomes::{Outcome, Refusal};
pub use people::{PeopleCommand, PeopleOutcome, PeopleRefusal};

use super::Store;
use crate::domain::{RequestKind, RestKind, Ts};
use crate::store::db::{OptionalExtension, Transaction, TransactionBehavior, params};

/// A person as typed: `#42` (an id), a staff code or a name; see `store::person_ref`.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRef(pub String);

impl PersonRef {
    /// The explicit id form, for code that already holds the id.
    pub fn id(id: i64) -> PersonRef {
        PersonRef(crate::store::person_ref::id_form(id))
    }
}

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
    /// End a person's rest now. Ending a forced rest early needs a reason (kept in the audit
    /// row); a rest day needs none.
    EndRest {
        person: PersonRef,
        reason: Option<String>,
    },
    /// Reverse the operator's last action that has not been undone (at this desk).
    Undo,
    /// Reverse one audit entry, any desk's: `of` must name whose action it is.
    UndoEntry {
        id: i64,
        of: String,
    },
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
    /// Health, family support and care; see `care.rs`.
    Care(CareCommand),
    /// Acknowledge an alert by its key (`test:ID`, `rest:PERSON:SINCE`, `low:ITEM:DAY`).
    AlertAck {
        key: String,
    },
    /// Import a roster's good rows; `skipped`: bad rows left out (`--skip-invalid`).
    ImportRoster {
        rows: Vec<crate::import::RosterRow>,
        skipped: usize,
    },
    /// People, party and honours; see `people.rs`.
    People(PeopleCommand),
    /// Streets, communities, posts, depots, items; see `org.rs`.
    Org(OrgCommand),
    /// Health reports from a form export; `skipped`: bad rows left out.
    ImportHealth {
        rows: Vec<crate::import::health::HealthRow>,
        skipped: usize,
    },
    /// A lab's nucleic-acid results; a positive has the console's effects.
    ImportTests {
        rows: Vec<crate::import::health::TestRow>,
        skipped: usize,
    },
    /// The desk's shift: sign in, sign out, a note in the desk's log; see `desk.rs`.
    Desk(DeskCommand),
    /// Recount every value kept by trigger that differs from its real count (`store::kept`);
    /// the audit row counts the rows fixed per value.
    RepairKept,
}

impl Command {
    pub fn name(&self) -> &'static str {
        match self {
            Command::CheckIn { .. } => "check_in",
            Command::CheckOut { .. } => "check_out",
            Command::Reassign { .. } => "reassign",
            Command::ForceRest { .. } => "force_rest",
            Command::EndRest { .. } => "end_rest",
            Command::Undo | Command::UndoEntry { .. } => "undo",
            Command::StockReceive { .. } => "stock_receive",
            Command::StockIssue { .. } => "stock_issue",
            Command::StockTransfer { .. } => "stock_transfer",
            Command::StockAdjust { .. } => "stock_adjust",
            Command::RequestOpen { .. } => "request_open",
            Command::RequestArrange { .. } => "request_arrange",
            Command::RequestDone { .. } => "request_done",
            Command::ShiftPlan { .. } => "shift_plan",
            Command::ShiftMove { .. } => "shift_move",
            Command::ShiftCancel { .. } => "shift_cancel",
            Command::ShiftCopyDay { .. } => "shift_copy_day",
            Command::Rest { .. } => "rest",
            Command::Convert { .. } => "convert",
            Command::LedgerAdjust { .. } => "ledger_adjust",
            Command::Care(c) => c.name(),
            Command::AlertAck { .. } => "alert_ack",
            Command::ImportRoster { .. } => "import_roster",
            Command::People(c) => c.name(),
            Command::Org(c) => c.name(),
            Command::ImportHealth { .. } => "import_health",
            Command::ImportTests { .. } => "import_tests",
            Command::RepairKept => "repair_kept",
            Command::Desk(c) => c.name(),
        }
    }
}

/// Who acts, and when.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub operator: String,
    pub now: Ts,
}

pub(crate) type R<T> = Result<T, Refusal>;

pub(crate) struct Person {
    pub(crate) id: i64,
    pub(crate) name: String,
}

pub(crate) struct Active {
    pub(crate) shift: i64,
    pub(crate) post: String,
    pub(crate) post_id: i64,
    pub(crate) start: Ts,
    /// The shift's before-image as read (`undo::shift_image`), kept if the command changes it.
    pub(crate) image: serde_json::Value,
}

pub(crate) fn clean(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

impl Store {
    /// Run one command. On `Err` nothing was written.
    pub fn execute(&mut self, cmd: &Command, ctx: &Ctx) -> Result<Outcome, Refusal> {
        limits::check(cmd, ctx)?;
        let cfg = self.cfg.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let desk = self.desk.clone();
        let progress = self.progress.clone();
        let ex = Exec {
            desk: desk.as_deref().unwrap_or(""),
            undo: Default::default(),
            health_days: Default::default(),
            tx: &tx,
            cfg: &cfg,
            ctx,
            progress: progress.as_deref(),
        };
        let (outcome, target, mut details) = ex.run(cmd)?;
        // Cancelled after the last row: still nothing written (the transaction is dropped).
        if progress.as_deref().is_some_and(|p| p.is_cancelled()) {
            return Err(Refusal::Cancelled);
        }
        if let (Some(d), true) = (&desk, details.is_object() || details.is_null()) {
            details["desk"] = serde_json::json!(d);
        }
        let undo = ex.undo.take();
        // Only the actions whose every write records its before-image can be undone.
        if undo::UNDOABLE.contains(&cmd.name()) {
            details["undo"] = serde_json::json!({
                "shifts": undo.shifts, "rests": undo.rests, "new_shifts": undo.new_shifts,
                "new_rests": undo.new_rests, "new_ledger": undo.new_ledger,
            });
        }
        // A sign-in is the signed-in name's own act (whoever held the desk before).
        let operator = match cmd {
            Command::Desk(DeskCommand::SignIn { name }) => name.trim(),
            _ => ctx.operator.as_str(),
        };
        // The audit row, and in the same statement whether anyone was added, renamed or given
        // a new phone (`people_pick_stale`): on a server, one round trip for both.
        let stale: bool = tx
            .prepare_cached(
                "INSERT INTO audit_log(at, operator, action, target, details) VALUES (?1, ?2, ?3, ?4, ?5)
                 RETURNING EXISTS(SELECT 1 FROM people WHERE name_initials IS NULL OR phone_reversed IS NULL)",
            )?
            .query_row(
                params![ctx.now, operator, cmd.name(), target, details.to_string()],
                |r| r.get(0),
            )?;
        // Their initials and phone tail indexed before the commit.
        if stale {
            crate::store::pick::fill_people(&tx)?;
        }
        tx.commit()?;
        tracing::info!(action = cmd.name(), %target, "committed");
        Ok(outcome)
    }
}

/// `#42` as the bare id `42` (the id form people type), anything else as it is: the
/// organisation's lookups take bare digits as an id.
pub(crate) fn id_text(s: &str) -> &str {
    let t = s.trim();
    match t.strip_prefix('#').map(str::trim) {
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => n,
        _ => t,
    }
}

impl Store {
    /// What `execute` would answer, without writing: the same handler in a deferred
    /// transaction that is always rolled back, and no audit row. The console's forms and
    /// pickers show this before Enter, so the preview is the gate's own answer.
    pub fn trial(&mut self, cmd: &Command, ctx: &Ctx) -> Result<Outcome, Refusal> {
        limits::check(cmd, ctx)?;
        let cfg = self.cfg.clone();
        let desk = self.desk.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)?;
        let result = {
            let ex = Exec {
                desk: desk.as_deref().unwrap_or(""),
                undo: Default::default(),
                health_days: Default::default(),
                tx: &tx,
                cfg: &cfg,
                ctx,
                progress: None,
            };
            ex.run(cmd).map(|(outcome, _, _)| outcome)
        };
        tx.rollback()?;
        result
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
    new_ledger: Vec<i64>,
}

pub(crate) struct Exec<'a> {
    /// The console's desk, "" from the command line (undo reverses only the same desk's).
    pub(crate) desk: &'a str,
    pub(crate) undo: std::cell::RefCell<UndoLog>,
    /// Each day's health tally as the command's reports change it (reports, unwell), written
    /// once per day when the command ends (`run`): a bulk import of one day's reports moves
    /// one `health_daily` row once, not once per report (on PostgreSQL each update of a row in
    /// one transaction walks all its earlier versions).
    pub(crate) health_days: std::cell::RefCell<std::collections::BTreeMap<i64, (i64, i64)>>,
    pub(crate) tx: &'a Transaction<'a>,
    pub(crate) cfg: &'a super::StoreConfig,
    pub(crate) ctx: &'a Ctx,
    /// Where a long command counts its rows, and whether it was cancelled (`Store::set_progress`).
    pub(crate) progress: Option<&'a crate::store::progress::Progress>,
}

impl Exec<'_> {
    /// One write statement, compiled once per connection (the statement cache): compiling
    /// them on every action was a tenth of an action's time at city size.
    pub(crate) fn exec<P: crate::store::db::Params>(
        &self,
        sql: &str,
        p: P,
    ) -> crate::store::db::Result<usize> {
        self.tx.prepare_cached(sql)?.execute(p)
    }

    /// A long command starts `total` rows (shown in the console's footer gauge).
    pub(crate) fn rows_total(&self, total: usize) {
        if let Some(p) = self.progress {
            p.start(total as u64);
        }
    }

    /// One row done; `Refusal::Cancelled` once the user cancelled (the caller's `?` unwinds
    /// and the transaction is rolled back).
    pub(crate) fn row_done(&self) -> R<()> {
        match self.progress {
            Some(p) if !p.step() => Err(Refusal::Cancelled),
            _ => Ok(()),
        }
    }

    /// The command's handler, then what it left to write once (the days' health tallies).
    fn run(&self, cmd: &Command) -> R<(Outcome, String, serde_json::Value)> {
        let done = self.handle(cmd)?;
        self.write_health_days()?;
        Ok(done)
    }

    fn handle(&self, cmd: &Command) -> R<(Outcome, String, serde_json::Value)> {
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
            Command::EndRest { person, reason } => self.end_rest(person, clean(reason)),
            Command::Undo => self.undo_last(),
            Command::UndoEntry { id, of } => self.undo_entry(*id, of),
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
            Command::Care(c) => self.care(c),
            Command::AlertAck { key } => self.alert_ack(key),
            Command::ImportRoster { rows, skipped } => self.import_roster(rows, *skipped),
            Command::People(c) => self.people(c),
            Command::Org(c) => self.org(c),
            Command::Desk(c) => self.desk(c),
            Command::ImportHealth { rows, skipped } => self.import_health(rows, *skipped),
            Command::ImportTests { rows, skipped } => self.import_tests(rows, *skipped),
            Command::RepairKept => self.repair_kept(),
        }
    }

    /// The one person `r` names (see `store::person_ref`): unknown, several (never guessed)
    /// and retired are refusals.
    pub(crate) fn person(&self, r: &PersonRef) -> R<Person> {
        let c = self.any_candidate(r)?;
        if c.state == "retired" {
            return Err(Refusal::Retired(c.name));
        }
        Ok(Person {
            id: c.id,
            name: c.name,
        })
    }

    /// The one person `r` names, retired too.
    pub(crate) fn any_candidate(&self, r: &PersonRef) -> R<crate::store::person_ref::Candidate> {
        use crate::store::person_ref::{Resolved, resolve};
        match resolve(self.tx, &r.0, self.ctx.now)? {
            Resolved::One(c) => Ok(c),
            Resolved::None => Err(Refusal::UnknownPerson(r.0.trim().to_string())),
            Resolved::Many { candidates, total } => Err(Refusal::AmbiguousPerson {
                text: r.0.trim().to_string(),
                candidates,
                total,
            }),
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
