//! Console state and the one `update` through which every key, tick and result passes.
//! No SQL and no drawing here: reads are asked for as `Effect::Refresh`/`Lookup`, writes as
//! `Effect::Execute(Command)`; the console performs them and feeds the results back. Which
//! store queries a screen reads is named once in the screen registry (`screens::SCREENS`),
//! and run by the console.

mod act;
mod alerts;
pub mod care;
pub mod confirm;
pub mod desk;
pub mod form;
mod form_care;
mod form_input;
mod form_org;
mod form_people;
mod form_shifts;
mod form_supplies;
pub mod gate;
pub mod header;
mod health_import;
pub mod keymap;
pub mod keys;
pub mod layout;
mod mouse;
mod nav;
pub mod palette;
pub mod paperwork;
pub mod picker;
pub mod roster;
pub mod schedule;
pub mod screens;
pub mod setup;
mod supplies;
#[cfg(test)]
mod tests;
pub mod theme;
mod undo;
mod windows;

use crate::domain::Ts;
use crate::domain::rules::RestRules;
use crate::i18n::Lang;
use crate::i18n::{self, t};
use crate::store::commands::{Command, Outcome, Refusal};
use crate::store::queries::Home;
use chrono_tz::Tz;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind};
use form::{FieldKind, Form, FormKind, Prefill};
use keys::{KeyAction, Panel, Screen};
use screens::ScreenData;
use tui_input::InputRequest;
use tui_input::backend::crossterm::EventHandler;

/// Where the cursor is in one list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListState {
    pub selected: usize,
    pub offset: usize,
    pub filter: String,
}

impl ListState {
    /// The selected row's place in the window read from the store (its rows start at
    /// `offset`); `None` when the selection is above it.
    pub fn in_window(&self) -> Option<usize> {
        self.selected.checked_sub(self.offset)
    }
}

#[derive(Debug, Clone)]
pub enum Mode {
    Normal,
    Filter(tui_input::Input),
    Help,
    Form(Box<Form>),
    Palette(Box<palette::Palette>),
    /// A command that cannot be taken back, waiting for `y`/`Enter` (`Esc` cancels).
    Confirm(Box<confirm::Confirm>),
    /// A one-line prompt: a name to sign in with, a note for the desk's log.
    Prompt(Box<desk::Prompt>),
    /// A read-only detail view (an audit entry in words); any key closes it.
    Detail(Box<Detail>),
}

/// What a detail view shows: its title and its lines, already in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub title: String,
    pub lines: Vec<String>,
}

/// Inputs to `update`.
#[derive(Debug, Clone)]
pub enum Action {
    Event(Event),
    Tick(Ts),
    Refreshed(Box<Home>, Box<ScreenData>),
    LookedUp {
        person: crate::store::person_ref::Pick,
        post: Option<Option<String>>,
    },
    /// What a picker field's text fits (`Effect::Pick`): at most a few rows, and how many.
    Picked {
        field: form::FieldKind,
        text: String,
        choices: Vec<crate::store::pick::Choice>,
        total: usize,
    },
    Done(Result<Outcome, Refusal>),
    /// What the duty gate said to a command tried and rolled back (`Effect::Trial`).
    Tried(Command, Result<Outcome, Refusal>),
    /// The store would take this command: ask the second key (`Effect::Ask`).
    Ask(Command, String),
    /// The console's file work (import preview, report, export) came back.
    Paper(paperwork::PaperResult),
    /// `u` found nothing of this desk's; the last action to undo is this other desk's.
    UndoElsewhere(Box<crate::store::queries::AuditRow>),
    /// Other desks' new actions, in words (seen through the change watch).
    OthersActed(Vec<String>),
}

/// What the console must do after an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Quit,
    Refresh,
    Lookup {
        person: String,
        post: Option<i64>,
    },
    /// Every open row of `kind` that a picker field's text fits (`Action::Picked`).
    Pick {
        field: form::FieldKind,
        kind: crate::store::pick::PickKind,
        text: String,
    },
    Execute(Command),
    /// Run the command in a transaction that is rolled back, for what the gate would say
    /// (nothing written, no audit row); the answer comes back as `Action::Tried`.
    Trial(Command),
    /// Ask a second key before `Command`, if the store would take it (tried, rolled back);
    /// its refusal is shown at once instead (`Action::Done`).
    Ask(Command, String),
    /// Ring the terminal bell (a new alert).
    Bell,
    /// File work: import preview, daily report, export (see `paperwork`).
    Paper(paperwork::PaperEffect),
}

#[derive(Debug, Clone)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub lang: Lang,
    pub tz: Tz,
    pub operator: String,
    /// The desk's shift: who signed in, other desks' actions (`app::desk`).
    pub desk: desk::DeskState,
    pub rules: RestRules,
    pub now: Ts,
    pub frozen: bool,
    /// The database server is lost: the panels show what was read at this time (the header
    /// says "reconnecting…" and the panels are dimmed until it is reached again).
    pub stale_since: Option<Ts>,
    pub size: (u16, u16),
    pub screen: Screen,
    /// The screens under the current one, most recent last: `Esc` pops (see `nav`).
    pub nav: Vec<Screen>,
    pub focus: Panel,
    /// The home panels' lists, by `Panel::index`.
    pub lists: [ListState; 4],
    /// Each full screen's list.
    pub screen_lists: std::collections::HashMap<Screen, ListState>,
    /// What the current full screen shows.
    pub data: ScreenData,
    pub mode: Mode,
    pub home: Home,
    pub status: Status,
    /// Where the schedule, slot and call-up screens are (day, slot, shift to fill).
    pub sched: schedule::SchedState,
    /// The health and care screens' community, views and fast entry.
    pub care: care::CareState,
    /// The keys in force: `BINDINGS` with the config file's `[keys]` applied.
    pub keymap: keymap::Keymap,
    /// The theme by name; the painter reads its styles as `app.theme.alert` (`ui::theme`).
    pub theme: theme::ThemeName,
    /// The post's name in the header (config `post_name`), else the catalogue's.
    pub post_name: Option<String>,
    /// Palette commands run lately, and one waiting for its screen's rows.
    pub palette: palette::PaletteMemory,
    /// Alerts (`ui::alerts`): what was seen at the last refresh, and the flash.
    pub alerts: alerts::AlertState,
    /// Clicks and the wheel act (off with `--no-mouse` or `mouse = false`).
    pub mouse_on: bool,
    /// The roster import form's preview.
    pub paper: paperwork::PaperState,
    /// The roster's sort, the open person record, the party screen's tab.
    pub people: roster::PeopleState,
    /// The audit entry `U` will ask about once its person's name is looked up.
    pub undo_pick: Option<Box<crate::store::queries::AuditRow>>,
    /// The job running off the console's loop, shown as a gauge in the footer.
    pub job: Option<paperwork::JobGauge>,
    /// The Setup screen's tab; whether the first-run checklist opened itself.
    pub setup: setup::SetupState,
    /// The resting board shows every rest (`false`: forced rest only, as the header counts).
    pub resting_all: bool,
    /// The family-support case whose detail view is open.
    pub case_open: Option<i64>,
}

/// Smallest terminal the console draws in.
pub const MIN_SIZE: (u16, u16) = (80, 24);

impl App {
    pub fn new(
        lang: Lang,
        tz: Tz,
        operator: String,
        rules: RestRules,
        now: Ts,
        size: (u16, u16),
    ) -> App {
        App {
            lang,
            tz,
            desk: desk::DeskState {
                login: operator.clone(),
                ..Default::default()
            },
            operator,
            rules,
            now,
            frozen: false,
            stale_since: None,
            size,
            screen: Screen::Home,
            nav: Vec::new(),
            focus: Panel::OnDuty,
            lists: Default::default(),
            screen_lists: Default::default(),
            data: ScreenData::None,
            mode: Mode::Normal,
            home: Home::default(),
            status: Status {
                text: t!(lang, "ready").to_string(),
                error: false,
            },
            sched: Default::default(),
            care: Default::default(),
            keymap: Default::default(),
            theme: Default::default(),
            post_name: None,
            palette: Default::default(),
            alerts: Default::default(),
            mouse_on: true,
            paper: Default::default(),
            people: Default::default(),
            undo_pick: None,
            job: None,
            setup: Default::default(),
            resting_all: false,
            case_open: None,
        }
    }

    /// Rows the lower home panels need: the longer of family support and supplies (as last
    /// read), so their height follows their content.
    pub fn lower_need(&self) -> usize {
        self.home.cases.total.max(self.home.supplies.total)
    }

    /// A refusal in the footer belongs to the form or action it answered: `Esc` clears it.
    pub(super) fn clear_stale_error(&mut self) {
        if self.status.error {
            self.status = Status {
                text: t!(self.lang, "ready").to_string(),
                error: false,
            };
        }
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_SIZE.0 || self.size.1 < MIN_SIZE.1
    }

    /// The person on the selected row of the focused panel, if it lists people.
    pub fn selected_person(&self) -> Option<(i64, Option<i64>, Option<String>)> {
        if self.screen != Screen::Home {
            return self.screen_selected_person();
        }
        let i = self.lists[self.focus.index()].in_window()?;
        match self.focus {
            Panel::OnDuty => self
                .home
                .on_duty
                .rows
                .get(i)
                .map(|r| (r.id, Some(r.post_id), None)),
            Panel::Overdue => self.home.overdue.rows.get(i).map(|r| {
                (
                    r.id,
                    None,
                    Some(i18n::breaches_all(self.lang, &r.breaches)).filter(|s| !s.is_empty()),
                )
            }),
            Panel::Cases => self
                .home
                .cases
                .rows
                .get(i)
                .map(|r| (r.person_id, None, None)),
            Panel::Supplies => None,
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Tick(now) => {
                self.now = now;
                vec![]
            }
            Action::Refreshed(home, data) => {
                let item = self.selected_item().map(|r| r.id);
                let person = self.people.keep.take();
                let pages_before = Panel::ALL.map(|p| self.page(p));
                self.home = *home;
                self.data = *data;
                self.keep_item_selected(item);
                self.keep_person_selected(person);
                let mut effects = self.clamp_all();
                // The lower panels' totals moved the split: read the windows the new heights
                // show (once; the next read has the same totals).
                if Panel::ALL.map(|p| self.page(p)) != pages_before && effects.is_empty() {
                    effects.push(Effect::Refresh);
                }
                let mut effects = self.care_refreshed(effects);
                effects.extend(self.note_alerts());
                effects.extend(self.palette_refreshed());
                effects.extend(self.first_run_refreshed());
                // Fresh rows: the gate is asked again (someone else's write may change it).
                self.sched.gate = None;
                effects.extend(self.pick_gate_effect());
                // Someone else's write may change the gate's answer to the form on screen.
                if let Mode::Form(f) = &mut self.mode
                    && f.gate.take().is_some()
                {
                    effects.extend(self.gate_effect());
                }
                effects
            }
            Action::LookedUp { person, post } => {
                if let Some(row) = self.undo_pick.take() {
                    return self.undo_looked_up(&row, person.one.map(|p| p.name));
                }
                if let Mode::Form(f) = &mut self.mode {
                    f.person = person.one;
                    f.person_matches = (person.many, person.total);
                    f.person_looked_up = true;
                    f.post_name = post;
                    f.adopt_picked_person();
                    f.sync_end_reason();
                }
                self.gate_effect()
            }
            Action::Picked {
                field,
                text,
                choices,
                total,
            } => self.picked(field, text, choices, total),
            Action::Done(result) => self.done(result),
            Action::Tried(cmd, result) => self.tried(cmd, result),
            Action::Ask(cmd, question) => self.ask(cmd, question),
            Action::Paper(r) => self.paper_result(r),
            Action::UndoElsewhere(row) => self.undo_elsewhere(&row),
            Action::OthersActed(lines) => {
                self.others_acted(lines);
                vec![]
            }
            Action::Event(Event::Resize(w, h)) => {
                self.size = (w, h);
                self.clamp_all();
                vec![Effect::Refresh]
            }
            Action::Event(Event::Key(k)) if k.kind != KeyEventKind::Release => self.key(k),
            Action::Event(Event::Paste(text)) => self.paste(&text),
            Action::Event(Event::Mouse(m)) => self.mouse(m),
            Action::Event(_) => vec![],
        }
    }

    fn done(&mut self, result: Result<Outcome, Refusal>) -> Vec<Effect> {
        match result {
            Ok(o) => {
                self.alerts.quiet = matches!(o, Outcome::Undone { .. });
                self.status = Status {
                    text: i18n::outcome(self.lang, &o, self.tz),
                    error: false,
                };
                self.desk_done(&o);
                self.care_done();
                self.people.keep = self.people_selected_id();
                self.mode = Mode::Normal;
                // A person picked from the call-up list: back to where the gap was.
                if self.screen == Screen::Callup {
                    self.back();
                }
            }
            Err(r) => {
                let msg = i18n::ux::form_message(self.lang, &i18n::refusal(self.lang, &r, self.tz));
                if let Mode::Form(f) = &mut self.mode {
                    f.error = Some(msg.clone());
                    // A rule or rest blocks: the override field is where the answer goes.
                    if matches!(
                        r,
                        Refusal::InForcedRest { .. }
                            | Refusal::BreaksRules { .. }
                            | Refusal::RestDay { .. }
                    ) && let Some(i) =
                        f.fields.iter().position(|x| x.kind == FieldKind::Override)
                    {
                        f.focus = i;
                    }
                    // Ending a forced rest early: the reason field is where the answer goes.
                    if matches!(r, Refusal::EndForcedRestReason { .. }) {
                        f.focus = match f.fields.iter().position(|x| x.kind == FieldKind::EndReason)
                        {
                            Some(i) => i,
                            None => {
                                f.fields.push(form::Field {
                                    kind: FieldKind::EndReason,
                                    input: Default::default(),
                                    replace: false,
                                    picked: None,
                                });
                                f.fields.len() - 1
                            }
                        };
                    }
                }
                self.status = Status {
                    text: msg,
                    error: true,
                };
            }
        }
        vec![Effect::Refresh]
    }

    fn key(&mut self, k: KeyEvent) -> Vec<Effect> {
        // Too small to show what a key would act on: nothing reaches a hidden widget or form;
        // only quitting works (a resize brings everything back as it was).
        if self.too_small() {
            let ctrl_c = k
                .modifiers
                .contains(crossterm::event::KeyModifiers::CONTROL)
                && k.code == KeyCode::Char('c');
            return if ctrl_c || k.code == KeyCode::Char('q') {
                vec![Effect::Quit]
            } else {
                vec![]
            };
        }
        match &mut self.mode {
            Mode::Help | Mode::Detail(_) => {
                self.mode = Mode::Normal;
                vec![]
            }
            Mode::Filter(input) => {
                let mut value = None;
                match k.code {
                    KeyCode::Enter => self.mode = Mode::Normal,
                    KeyCode::Esc => {
                        value = Some(String::new());
                        self.mode = Mode::Normal;
                    }
                    _ => {
                        input.handle_event(&Event::Key(k));
                        value = Some(input.value().to_string());
                    }
                }
                let l = self.list_mut();
                if let Some(v) = value {
                    l.filter = v;
                }
                l.selected = 0;
                l.offset = 0;
                vec![Effect::Refresh]
            }
            Mode::Form(_) => self.form_key(k),
            Mode::Palette(_) => self.palette_key(k),
            Mode::Confirm(_) => self.confirm_key(k),
            Mode::Prompt(_) => self.prompt_key(k),
            Mode::Normal => match self.keymap.lookup(&k, self.screen, self.focus) {
                Some(a) => self.act(a),
                None => vec![],
            },
        }
    }

    fn paste(&mut self, text: &str) -> Vec<Effect> {
        if self.too_small() {
            return vec![];
        }
        let clean: String = text.chars().filter(|c| !c.is_control()).take(500).collect();
        let input = match &mut self.mode {
            Mode::Filter(i) => i,
            Mode::Form(f) => {
                // Pasted over a picked row: a new pick.
                let field = &mut f.fields[f.focus];
                if field.picked.take().is_some() {
                    field.input = Default::default();
                }
                &mut f.fields[f.focus].input
            }
            _ => return vec![],
        };
        for c in clean.chars() {
            input.handle(InputRequest::InsertChar(c));
        }
        match &mut self.mode {
            Mode::Filter(i) => {
                let v = i.value().to_string();
                self.list_mut().filter = v;
                vec![Effect::Refresh]
            }
            _ => {
                let mut e = self.lookup_effect();
                e.extend(self.pick_effect());
                e
            }
        }
    }
}
