//! What the executor answers: `Outcome` when a command was done, `Refusal` when it was not
//! (and nothing was written). Both are rendered in the user's language by `i18n`.

use super::{CareOutcome, CareRefusal, OrgOutcome, OrgRefusal, PeopleOutcome, PeopleRefusal};
use crate::domain::rules::Breach;
use crate::domain::stock::ItemLabel;
use crate::domain::{RequestKind, RequestStatus, RestKind, RuleKind, Ts};

/// What a command did, for the footer and the CLI.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Kept values recounted: (value, rows that differed), only the values that did.
    KeptRepaired {
        fixed: Vec<(&'static str, usize)>,
    },
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
    Care(CareOutcome),
    AlertAcked {
        key: String,
        name: String,
    },
    RosterImported {
        new: usize,
        updated: usize,
        unchanged: usize,
        skipped: usize,
    },
    People(PeopleOutcome),
    Org(OrgOutcome),
    /// The desk's shift: signed in or out, a note written.
    Desk(super::DeskOutcome),
    /// Health reports or test results imported (`what`: "health" or "tests").
    HealthImported {
        what: &'static str,
        counts: super::HealthImportCounts,
    },
}

/// Why a command was refused. Rendered in the user's language by `i18n`.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The user cancelled a long command (`Esc` on its gauge); nothing was written.
    Cancelled,
    UnknownPerson(String),
    /// The text names several people; nothing is guessed (`total` may exceed the list).
    AmbiguousPerson {
        text: String,
        candidates: Vec<crate::store::person_ref::Candidate>,
        total: usize,
    },
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
    /// A forced rest ended early without a reason.
    EndForcedRestReason {
        name: String,
        until: Ts,
    },
    NothingToUndo,
    /// Undoing an entry by id must name whose action it is (`--of OPERATOR`).
    UndoWhose {
        id: i64,
        operator: String,
        action: String,
        target: String,
    },
    /// The action cannot be undone (`action`), or a later action changed the same target.
    CannotUndo {
        action: String,
        later: Option<String>,
    },
    UnknownItem(String),
    UnknownDepot(String),
    /// A quantity that is zero, negative or absurd, as typed.
    BadQuantity(String),
    /// The item's label is boxed: five strings would make every `Refusal` (and every `R<T>`)
    /// twice as large for one rare refusal.
    NotEnoughStock {
        item: Box<ItemLabel>,
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
    /// The database server cannot be reached: nothing was written (it connects again by
    /// itself at the next action or refresh).
    Offline,
    Storage(String),
    /// A row like this one is already recorded (a UNIQUE constraint): the table.
    AlreadyRecorded(String),
    /// A value the database does not accept (a CHECK constraint): the table.
    OutOfRange(String),
    /// The disk holding the database is full.
    DiskFull,
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
    Care(CareRefusal),
    /// No open alert has this key (unknown, malformed, or already acknowledged).
    AlertNotOpen(String),
    /// A forced rest shorter than the rules' minimum.
    ForcedRestTooShort {
        min_hours: f64,
    },
    /// Undoing would put the person over a rest rule (or into a forced rest) that the action
    /// being undone did not: the undo cannot carry an override reason, so it is refused.
    UndoBreaksRules {
        name: String,
        breaches: Vec<Breach>,
    },
    People(PeopleRefusal),
    Org(OrgRefusal),
}

impl From<crate::store::db::Error> for Refusal {
    fn from(e: crate::store::db::Error) -> Self {
        use crate::store::db::Kind;
        match e.kind() {
            Kind::Busy => Refusal::Busy,
            Kind::DiskFull => Refusal::DiskFull,
            // "UNIQUE constraint failed: nucleic_tests.person_id, …" → the table.
            Kind::Unique => Refusal::AlreadyRecorded(e.table()),
            Kind::Constraint => Refusal::OutOfRange(e.table()),
            Kind::Lost => Refusal::Offline,
            Kind::Other => Refusal::Storage(e.to_string()),
        }
    }
}

impl From<rusqlite::Error> for Refusal {
    fn from(e: rusqlite::Error) -> Self {
        crate::store::db::Error::from(e).into()
    }
}

impl From<anyhow::Error> for Refusal {
    fn from(e: anyhow::Error) -> Self {
        match e.downcast::<crate::store::db::Error>() {
            Ok(e) => e.into(),
            Err(e) => match e.downcast::<rusqlite::Error>() {
                Ok(e) => e.into(),
                Err(e) => Refusal::Storage(e.to_string()),
            },
        }
    }
}
