//! Keys are data: one table drives the handler, the footer hints and the `?` overlay (with
//! the keys that open screens, which come from the screen registry; see `keymap`).

use crate::i18n::{Key, key};
use crossterm::event::KeyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Panel {
    OnDuty,
    Overdue,
    Cases,
    Supplies,
}

impl Panel {
    pub const ALL: [Panel; 4] = [Panel::OnDuty, Panel::Overdue, Panel::Cases, Panel::Supplies];
    pub fn index(self) -> usize {
        Panel::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
    pub fn title_key(self) -> Key {
        match self {
            Panel::OnDuty => key!("panel.on_duty"),
            Panel::Overdue => key!("panel.overdue"),
            Panel::Cases => key!("panel.cases"),
            Panel::Supplies => key!("panel.supplies"),
        }
    }
}

pub use super::screens::Screen;

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAction {
    Quit,
    Help,
    NextPanel,
    PrevPanel,
    Focus(usize),
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Filter,
    Back,
    CheckIn,
    CheckOut,
    Reassign,
    ForceRest,
    EndRest,
    Go(Screen),
    Undo,
    /// Undo the selected audit entry, whoever's it is, after naming it (audit screen).
    UndoEntry,
    /// Sign in or out at the desk, a note in the desk's log (see `app::desk`).
    Desk(super::desk::DeskKey),
    /// The selected audit entry in words: what changed, before → after (audit screen).
    AuditDetail,
    StockReceive,
    StockIssue,
    StockTransfer,
    StockAdjust,
    RequestOpen,
    RequestArrange,
    RequestDone,
    /// Keys of the schedule, slot, call-up, ledger and watch screens (app/schedule.rs).
    Sched(SchedKey),
    /// Health, family-support and care actions (see `app::care`).
    Care(CareKey),
    /// The command palette (`:`).
    Palette,
    /// Acknowledge the selected alert (alerts screen).
    AlertAck,
    /// Import a roster file (`I`), write today's daily report (`D`), export the list (`E`).
    ImportRoster,
    DailyReport,
    Export,
    /// Roster, person record and party screen actions (see `app::roster`).
    People(PeopleKey),
    /// The Setup screen and the first-run checklist (see `app::setup`).
    Setup(SetupKey),
    /// The resting board: forced rest only, or every rest.
    RestingView,
}

pub use super::setup::SetupKey;

pub use super::roster::PeopleKey;

pub use super::schedule::SchedKey;

/// A key as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum K {
    Ch(char),
    Code(KeyCode),
}

pub struct Binding {
    pub keys: &'static [K],
    /// How the key is written in hints and help.
    pub label: &'static str,
    pub action: KeyAction,
    /// i18n key of the description.
    pub desc: Key,
    /// Screens where it applies; empty = every screen.
    pub screens: &'static [Screen],
    /// On the home screen, panels where it applies; empty = every panel.
    pub panels: &'static [Panel],
    /// Shown in the footer (the help overlay shows all).
    pub hint: bool,
}

pub use super::care::CareKey;
use super::desk::DeskKey as DK;
use CareKey as CK;
use KeyAction as A;
use Panel as P;
use PeopleKey as PK;
use SchedKey as SK;
use Screen as S;

#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    Binding { keys: &[K::Ch('q')], label: "q", action: A::Quit, desc: key!("key.quit"), screens: &[], panels: &[], hint: true },
    Binding { keys: &[K::Ch('?')], label: "?", action: A::Help, desc: key!("key.help"), screens: &[], panels: &[], hint: true },
    Binding { keys: &[K::Code(KeyCode::Tab)], label: "Tab", action: A::NextPanel, desc: key!("key.next_panel"), screens: &[S::Home], panels: &[], hint: true },
    Binding { keys: &[K::Code(KeyCode::BackTab)], label: "S-Tab", action: A::PrevPanel, desc: key!("key.prev_panel"), screens: &[S::Home], panels: &[], hint: false },
    Binding { keys: &[K::Ch('1')], label: "1", action: A::Focus(0), desc: key!("key.focus"), screens: &[S::Home], panels: &[], hint: false },
    Binding { keys: &[K::Ch('2')], label: "2", action: A::Focus(1), desc: key!("key.focus"), screens: &[S::Home], panels: &[], hint: false },
    Binding { keys: &[K::Ch('3')], label: "3", action: A::Focus(2), desc: key!("key.focus"), screens: &[S::Home], panels: &[], hint: false },
    Binding { keys: &[K::Ch('4')], label: "4", action: A::Focus(3), desc: key!("key.focus"), screens: &[S::Home], panels: &[], hint: false },
    Binding { keys: &[K::Code(KeyCode::Up), K::Ch('k')], label: "↑/k", action: A::Up, desc: key!("key.up"), screens: &[], panels: &[], hint: false },
    Binding { keys: &[K::Code(KeyCode::Down), K::Ch('j')], label: "↓/j", action: A::Down, desc: key!("key.down"), screens: &[], panels: &[], hint: false },
    Binding { keys: &[K::Code(KeyCode::PageUp)], label: "PgUp", action: A::PageUp, desc: key!("key.page_up"), screens: &[], panels: &[], hint: false },
    Binding { keys: &[K::Code(KeyCode::PageDown)], label: "PgDn", action: A::PageDown, desc: key!("key.page_down"), screens: &[], panels: &[], hint: false },
    Binding { keys: &[K::Code(KeyCode::Home), K::Ch('g')], label: "Home/g", action: A::Top, desc: key!("key.top"), screens: &[], panels: &[], hint: false },
    Binding { keys: &[K::Code(KeyCode::End), K::Ch('G')], label: "End/G", action: A::Bottom, desc: key!("key.bottom"), screens: &[], panels: &[], hint: false },
    Binding { keys: &[K::Ch('/')], label: "/", action: A::Filter, desc: key!("key.filter"), screens: &[], panels: &[], hint: true },
    Binding { keys: &[K::Code(KeyCode::Esc)], label: "Esc", action: A::Back, desc: key!("key.back"), screens: &[], panels: &[], hint: false },
    Binding { keys: &[K::Ch('f')], label: "f", action: A::ForceRest, desc: key!("key.force_rest"), screens: &[S::Home], panels: &[P::OnDuty, P::Overdue], hint: true },
    Binding { keys: &[K::Ch('o')], label: "o", action: A::CheckOut, desc: key!("key.check_out"), screens: &[S::Home], panels: &[P::OnDuty, P::Overdue], hint: true },
    Binding { keys: &[K::Ch('r')], label: "r", action: A::Reassign, desc: key!("key.reassign"), screens: &[S::Home], panels: &[P::OnDuty, P::Overdue], hint: true },
    Binding { keys: &[K::Ch('u')], label: "u", action: A::Undo, desc: key!("key.undo"), screens: &[], panels: &[], hint: true },
    Binding { keys: &[K::Ch('w')], label: "w", action: A::Desk(DK::Sheet), desc: key!("key.handover_sheet"), screens: &[S::Handover], panels: &[], hint: true },
    Binding { keys: &[K::Ch('n')], label: "n", action: A::Desk(DK::Note), desc: key!("key.desk_note"), screens: &[S::Handover], panels: &[], hint: true },
    Binding { keys: &[K::Ch('i')], label: "i", action: A::Desk(DK::SignIn), desc: key!("key.desk_sign_in"), screens: &[S::Handover], panels: &[], hint: true },
    Binding { keys: &[K::Ch('o')], label: "o", action: A::Desk(DK::SignOut), desc: key!("key.desk_sign_out"), screens: &[S::Handover], panels: &[], hint: true },
    Binding { keys: &[K::Code(KeyCode::Enter)], label: "Enter", action: A::AuditDetail, desc: key!("key.entry_detail"), screens: &[S::Audit], panels: &[], hint: true },
    Binding { keys: &[K::Ch('U')], label: "U", action: A::UndoEntry, desc: key!("key.undo_entry"), screens: &[S::Audit], panels: &[], hint: true },
    Binding { keys: &[K::Ch('i')], label: "i", action: A::CheckIn, desc: key!("key.check_in"), screens: &[S::Home], panels: &[], hint: true },
    Binding { keys: &[K::Ch('e')], label: "e", action: A::EndRest, desc: key!("key.end_rest"), screens: &[S::Home], panels: &[], hint: true },
    Binding { keys: &[K::Ch('v')], label: "v", action: A::StockReceive, desc: key!("key.stock_receive"), screens: &[S::Supplies], panels: &[], hint: true },
    Binding { keys: &[K::Ch('x')], label: "x", action: A::StockIssue, desc: key!("key.stock_issue"), screens: &[S::Supplies], panels: &[], hint: true },
    Binding { keys: &[K::Ch('t')], label: "t", action: A::StockTransfer, desc: key!("key.stock_transfer"), screens: &[S::Supplies], panels: &[], hint: true },
    Binding { keys: &[K::Ch('a')], label: "a", action: A::StockAdjust, desc: key!("key.stock_adjust"), screens: &[S::Supplies], panels: &[], hint: true },
    Binding { keys: &[K::Ch('v')], label: "v", action: A::StockReceive, desc: key!("key.stock_receive"), screens: &[S::Home], panels: &[P::Supplies], hint: true },
    Binding { keys: &[K::Ch('x')], label: "x", action: A::StockIssue, desc: key!("key.stock_issue"), screens: &[S::Home], panels: &[P::Supplies], hint: true },
    Binding { keys: &[K::Ch('n')], label: "n", action: A::RequestOpen, desc: key!("key.request_open"), screens: &[S::Requests], panels: &[], hint: true },
    Binding { keys: &[K::Ch('a')], label: "a", action: A::RequestArrange, desc: key!("key.request_arrange"), screens: &[S::Requests], panels: &[], hint: true },
    Binding { keys: &[K::Ch('d')], label: "d", action: A::RequestDone, desc: key!("key.request_done"), screens: &[S::Requests], panels: &[], hint: true },
    Binding { keys: &[K::Code(KeyCode::Enter)], label: "Enter", action: A::Sched(SK::OpenSlot), desc: key!("key.open_slot"), screens: &[S::Schedule], panels: &[], hint: true },
    Binding { keys: &[K::Ch('a')], label: "a", action: A::Sched(SK::Callup), desc: key!("key.callup"), screens: &[S::Schedule, S::Slot], panels: &[], hint: true },
    Binding { keys: &[K::Ch('n')], label: "n", action: A::Sched(SK::Plan), desc: key!("key.plan"), screens: &[S::Schedule, S::Slot], panels: &[], hint: true },
    Binding { keys: &[K::Ch('r')], label: "r", action: A::Sched(SK::Replace), desc: key!("key.replace"), screens: &[S::Slot], panels: &[], hint: true },
    Binding { keys: &[K::Ch('m')], label: "m", action: A::Sched(SK::Move), desc: key!("key.move"), screens: &[S::Slot], panels: &[], hint: true },
    Binding { keys: &[K::Ch('x')], label: "x", action: A::Sched(SK::Cancel), desc: key!("key.cancel_shift"), screens: &[S::Slot], panels: &[], hint: true },
    Binding { keys: &[K::Ch('c')], label: "c", action: A::Sched(SK::CopyDay), desc: key!("key.copy_day"), screens: &[S::Schedule], panels: &[], hint: true },
    Binding { keys: &[K::Ch('[')], label: "[", action: A::Sched(SK::PrevDay), desc: key!("key.prev_day"), screens: &[S::Schedule], panels: &[], hint: true },
    Binding { keys: &[K::Ch(']')], label: "]", action: A::Sched(SK::NextDay), desc: key!("key.next_day"), screens: &[S::Schedule], panels: &[], hint: true },
    Binding { keys: &[K::Ch('t')], label: "t", action: A::Sched(SK::Today), desc: key!("key.today"), screens: &[S::Schedule], panels: &[], hint: false },
    Binding { keys: &[K::Ch('v')], label: "v", action: A::Sched(SK::Toggle), desc: key!("key.gaps_only"), screens: &[S::Schedule], panels: &[], hint: true },
    Binding { keys: &[K::Ch('v')], label: "v", action: A::Sched(SK::Toggle), desc: key!("key.everyone"), screens: &[S::Callup], panels: &[], hint: true },
    Binding { keys: &[K::Code(KeyCode::Enter)], label: "Enter", action: A::Sched(SK::Assign), desc: key!("key.assign"), screens: &[S::Callup], panels: &[], hint: true },
    Binding { keys: &[K::Ch('s')], label: "s", action: A::Sched(SK::Rest), desc: key!("key.rest"), screens: &[S::Schedule, S::Slot, S::Ledger], panels: &[], hint: true },
    Binding { keys: &[K::Ch('z')], label: "z", action: A::Sched(SK::Convert), desc: key!("key.convert"), screens: &[S::Schedule], panels: &[], hint: true },
    Binding { keys: &[K::Ch('a')], label: "a", action: A::Sched(SK::Adjust), desc: key!("key.adjust"), screens: &[S::Ledger], panels: &[], hint: true },
    Binding { keys: &[K::Ch('f')], label: "f", action: A::ForceRest, desc: key!("key.force_rest"), screens: &[S::Watch], panels: &[], hint: true },
    Binding { keys: &[K::Ch('o')], label: "o", action: A::CheckOut, desc: key!("key.check_out"), screens: &[S::Watch], panels: &[], hint: true },
    Binding { keys: &[K::Ch('h')], label: "h", action: A::Care(CK::HealthReport), desc: key!("key.health_report"), screens: &[S::Health], panels: &[], hint: true },
    Binding { keys: &[K::Ch('p')], label: "p", action: A::Care(CK::PhoneReport), desc: key!("key.phone_report"), screens: &[S::Health], panels: &[], hint: true },
    Binding { keys: &[K::Ch('t')], label: "t", action: A::Care(CK::Test), desc: key!("key.test"), screens: &[S::Health], panels: &[], hint: true },
    Binding { keys: &[K::Ch('a')], label: "a", action: A::Care(CK::Ack), desc: key!("key.ack"), screens: &[S::Health], panels: &[], hint: true },
    Binding { keys: &[K::Ch('m')], label: "m", action: A::Care(CK::HealthView), desc: key!("key.health_view"), screens: &[S::Health], panels: &[], hint: true },
    Binding { keys: &[K::Ch(']')], label: "]", action: A::Care(CK::NextCommunity), desc: key!("key.next_community"), screens: &[S::Health], panels: &[], hint: true },
    Binding { keys: &[K::Ch('[')], label: "[", action: A::Care(CK::PrevCommunity), desc: key!("key.prev_community"), screens: &[S::Health], panels: &[], hint: false },
    Binding { keys: &[K::Ch('d')], label: "d", action: A::Care(CK::Medic), desc: key!("key.medic"), screens: &[S::Health], panels: &[], hint: false },
    Binding { keys: &[K::Ch('r')], label: "r", action: A::Care(CK::Return), desc: key!("key.return"), screens: &[S::Health], panels: &[], hint: false },
    Binding { keys: &[K::Ch('n')], label: "n", action: A::Care(CK::CaseOpen), desc: key!("key.case_open"), screens: &[S::Cases], panels: &[], hint: true },
    Binding { keys: &[K::Code(KeyCode::Enter)], label: "Enter", action: A::Care(CK::CaseDetail), desc: key!("key.case_detail"), screens: &[S::Cases], panels: &[], hint: true },
    Binding { keys: &[K::Ch('a')], label: "a", action: A::Care(CK::CaseAssign), desc: key!("key.case_assign"), screens: &[S::Cases, S::Case], panels: &[], hint: true },
    Binding { keys: &[K::Ch('p')], label: "p", action: A::Care(CK::CaseProgress), desc: key!("key.case_progress"), screens: &[S::Cases, S::Case], panels: &[], hint: true },
    Binding { keys: &[K::Ch('x')], label: "x", action: A::Care(CK::CaseResolve), desc: key!("key.case_resolve"), screens: &[S::Cases, S::Case], panels: &[], hint: true },
    Binding { keys: &[K::Ch('n')], label: "n", action: A::Care(CK::CaseNote), desc: key!("key.case_note"), screens: &[S::Case], panels: &[], hint: true },
    Binding { keys: &[K::Ch('r')], label: "r", action: A::Care(CK::CaseReopen), desc: key!("key.case_reopen"), screens: &[S::Case], panels: &[], hint: true },
    Binding { keys: &[K::Ch('s')], label: "s", action: A::Care(CK::Family), desc: key!("key.family"), screens: &[S::Cases, S::Care], panels: &[], hint: true },
    Binding { keys: &[K::Code(KeyCode::Tab)], label: "Tab", action: A::Care(CK::NextTab), desc: key!("key.next_tab"), screens: &[S::Care], panels: &[], hint: true },
    Binding { keys: &[K::Ch('v')], label: "v", action: A::Care(CK::Visit), desc: key!("key.visit"), screens: &[S::Care], panels: &[], hint: true },
    Binding { keys: &[K::Ch('t')], label: "t", action: A::Care(CK::Talk), desc: key!("key.talk"), screens: &[S::Care], panels: &[], hint: true },
    Binding { keys: &[K::Ch('l')], label: "l", action: A::Care(CK::Training), desc: key!("key.training"), screens: &[S::Care], panels: &[], hint: true },
    Binding { keys: &[K::Ch('i')], label: "i", action: A::Care(CK::Insurance), desc: key!("key.insurance"), screens: &[S::Care], panels: &[], hint: true },
    Binding { keys: &[K::Ch('m')], label: "m", action: A::Care(CK::CareView), desc: key!("key.care_view"), screens: &[S::Care], panels: &[], hint: true },
    Binding { keys: &[K::Ch(':')], label: ":", action: A::Palette, desc: key!("key.palette"), screens: &[], panels: &[], hint: true },
    Binding { keys: &[K::Ch('a')], label: "a", action: A::AlertAck, desc: key!("key.alert_ack"), screens: &[S::Alerts], panels: &[], hint: true },
    Binding { keys: &[K::Ch('I')], label: "I", action: A::ImportRoster, desc: key!("key.import"), screens: &[], panels: &[], hint: false },
    Binding { keys: &[K::Ch('D')], label: "D", action: A::DailyReport, desc: key!("key.report"), screens: &[], panels: &[], hint: false },
    Binding { keys: &[K::Ch('E')], label: "E", action: A::Export, desc: key!("key.export"), screens: &[], panels: &[], hint: false },
    Binding { keys: &[K::Code(KeyCode::Enter)], label: "Enter", action: A::People(PK::Open), desc: key!("key.open_person"), screens: &[S::Roster, S::Party], panels: &[], hint: true },
    Binding { keys: &[K::Ch('s')], label: "s", action: A::People(PK::Sort), desc: key!("key.sort"), screens: &[S::Roster], panels: &[], hint: true },
    Binding { keys: &[K::Ch('n')], label: "n", action: A::People(PK::Add), desc: key!("key.person_add"), screens: &[S::Roster], panels: &[], hint: true },
    Binding { keys: &[K::Ch('e')], label: "e", action: A::People(PK::Edit), desc: key!("key.person_edit"), screens: &[S::Roster, S::Person], panels: &[], hint: true },
    Binding { keys: &[K::Ch('x')], label: "x", action: A::People(PK::Retire), desc: key!("key.person_retire"), screens: &[S::Roster, S::Person], panels: &[], hint: true },
    Binding { keys: &[K::Ch('p')], label: "p", action: A::People(PK::Party), desc: key!("key.party_set"), screens: &[S::Roster, S::Person, S::Party], panels: &[], hint: true },
    Binding { keys: &[K::Ch('c')], label: "c", action: A::People(PK::Nominate), desc: key!("key.nominate"), screens: &[S::Roster, S::Person, S::Party], panels: &[], hint: true },
    Binding { keys: &[K::Ch('f')], label: "f", action: A::People(PK::Flag), desc: key!("key.flag"), screens: &[S::Person, S::Party], panels: &[], hint: true },
    Binding { keys: &[K::Ch('a')], label: "a", action: A::People(PK::Advance), desc: key!("key.advance"), screens: &[S::Party], panels: &[], hint: true },
    Binding { keys: &[K::Code(KeyCode::Tab)], label: "Tab", action: A::People(PK::Tab), desc: key!("key.party_tab"), screens: &[S::Party], panels: &[], hint: true },
    Binding { keys: &[K::Code(KeyCode::Tab)], label: "Tab", action: A::Setup(SetupKey::NextTab), desc: key!("key.setup_tab"), screens: &[S::Setup], panels: &[], hint: true },
    Binding { keys: &[K::Code(KeyCode::BackTab)], label: "S-Tab", action: A::Setup(SetupKey::PrevTab), desc: key!("key.setup_prev_tab"), screens: &[S::Setup], panels: &[], hint: false },
    Binding { keys: &[K::Ch('a')], label: "a", action: A::Setup(SetupKey::Add), desc: key!("key.setup_add"), screens: &[S::Setup], panels: &[], hint: true },
    Binding { keys: &[K::Ch('e')], label: "e", action: A::Setup(SetupKey::Edit), desc: key!("key.setup_edit"), screens: &[S::Setup], panels: &[], hint: true },
    Binding { keys: &[K::Ch('x')], label: "x", action: A::Setup(SetupKey::Close), desc: key!("key.setup_close"), screens: &[S::Setup], panels: &[], hint: true },
    Binding { keys: &[K::Code(KeyCode::Enter)], label: "Enter", action: A::Setup(SetupKey::Step), desc: key!("key.first_run_step"), screens: &[S::FirstRun], panels: &[], hint: true },
    Binding { keys: &[K::Ch('v')], label: "v", action: A::RestingView, desc: key!("key.rest_view"), screens: &[S::Resting], panels: &[], hint: true },
    Binding { keys: &[K::Ch('e')], label: "e", action: A::EndRest, desc: key!("key.end_this_rest"), screens: &[S::Resting], panels: &[], hint: true },
];

impl Binding {
    pub fn applies(&self, screen: Screen, panel: Panel) -> bool {
        (self.screens.is_empty() || self.screens.contains(&screen))
            && (self.panels.is_empty() || (screen == Screen::Home && self.panels.contains(&panel)))
    }
}
