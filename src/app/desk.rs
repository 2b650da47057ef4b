//! The desk's shift in the console: who is signed in (the operator of every action), the
//! one-line prompts for signing in and writing in the desk's log, and other desks' actions seen
//! through the change watch (a notice for a few seconds, and a recent-activity list).

use super::{App, Effect, Mode, Status};
use crate::domain::Ts;
use crate::i18n::t;
use crate::store::commands::{Command, DeskCommand, DeskOutcome, Outcome};
use crossterm::event::{Event, KeyCode, KeyEvent};

/// How long another desk's action stays on the notice line.
pub const NOTICE_SECS: i64 = 8;
/// How many of other desks' actions the recent-activity list keeps.
pub const RECENT: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskKey {
    SignIn,
    SignOut,
    Note,
    /// Write the handover sheet (a console job).
    Sheet,
}

/// The desk's state.
#[derive(Debug, Clone, Default)]
pub struct DeskState {
    /// The name the console was opened with (`--operator`): the operator again after a sign-out.
    pub login: String,
    /// Who signed in at this desk, and when (the handover's shift starts there).
    pub signed_in: Option<(String, Ts)>,
    /// Other desks' actions in words, newest first.
    pub activity: Vec<(Ts, String)>,
    /// The newest of them while it is fresh, and the status line it covers: shown on the
    /// status line for a few seconds, or until the status says something new.
    pub notice: Option<(String, Ts, String)>,
}

/// A one-line prompt (a name to sign in with, a note for the log).
#[derive(Debug, Clone)]
pub struct Prompt {
    pub key: DeskKey,
    pub input: tui_input::Input,
}

/// Where this desk's shift began: its sign-in, else the operator's last sign-in (else
/// anyone's), else 12 hours ago.
pub fn handover_since(store: &crate::store::Store, app: &App) -> anyhow::Result<Ts> {
    Ok(match &app.desk.signed_in {
        Some((_, at)) => *at,
        None => store
            .last_sign_in(Some(&app.operator))?
            .map_or(app.now - 12 * 3600, |(at, _)| at),
    })
}

impl App {
    pub(super) fn desk_act(&mut self, k: DeskKey) -> Vec<Effect> {
        match k {
            DeskKey::SignOut => vec![Effect::Execute(Command::Desk(DeskCommand::SignOut))],
            DeskKey::Sheet => vec![Effect::Paper(super::paperwork::PaperEffect::Handover)],
            DeskKey::SignIn | DeskKey::Note => {
                self.mode = Mode::Prompt(Box::new(Prompt {
                    key: k,
                    input: Default::default(),
                }));
                vec![]
            }
        }
    }

    pub(super) fn prompt_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let Mode::Prompt(p) = &mut self.mode else {
            return vec![];
        };
        match k.code {
            KeyCode::Esc => {
                self.mode = Mode::Normal;
                self.status = Status {
                    text: t!(self.lang, "confirm.cancelled").to_string(),
                    error: false,
                };
                vec![]
            }
            KeyCode::Enter => {
                let v = p.input.value().to_string();
                let cmd = match p.key {
                    DeskKey::SignIn => DeskCommand::SignIn { name: v },
                    _ => DeskCommand::Note { text: v },
                };
                vec![Effect::Execute(Command::Desk(cmd))]
            }
            _ => {
                tui_input::backend::crossterm::EventHandler::handle_event(
                    &mut p.input,
                    &Event::Key(k),
                );
                vec![]
            }
        }
    }

    /// A sign-in at this desk makes its name the operator of every later action; a sign-out
    /// gives the desk back to the name it was opened with.
    pub(super) fn desk_done(&mut self, o: &Outcome) {
        match o {
            Outcome::Desk(DeskOutcome::SignedIn { name }) => {
                self.desk.signed_in = Some((name.clone(), self.now));
                self.operator = name.clone();
            }
            Outcome::Desk(DeskOutcome::SignedOut { .. }) => {
                self.desk.signed_in = None;
                self.operator = self.desk.login.clone();
            }
            _ => {}
        }
    }

    /// Other desks' new actions, in words (the console reads them when the data changed).
    pub fn others_acted(&mut self, lines: Vec<String>) {
        for l in lines {
            self.desk.notice = Some((l.clone(), self.now, self.status.text.clone()));
            self.desk.activity.insert(0, (self.now, l));
        }
        self.desk.activity.truncate(RECENT);
    }

    /// The notice line while it is fresh.
    pub fn notice(&self) -> Option<&str> {
        self.desk
            .notice
            .as_ref()
            .filter(|(_, at, under)| self.now - at < NOTICE_SECS && *under == self.status.text)
            .map(|(s, ..)| s.as_str())
    }
}
