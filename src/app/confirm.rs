//! What cannot be taken back asks a second key: acknowledging a positive test, resolving a
//! case, retiring a person, ending a forced rest, undoing another desk's action from the audit
//! screen. `y` or `Enter` goes on, `Esc` (or `n`) cancels and nothing is written. The form the
//! command came from stays underneath, so a refusal still lands in it.

use super::form::{FieldKind, Form, FormKind};
use super::keys::KeyAction;
use super::{App, Effect, Mode, Status};
use crate::app::form::{CareForm, DutyForm, PeopleForm};
use crate::i18n::{self, t};
use crate::store::commands::{CareCommand, Command, PeopleCommand};
use crossterm::event::{KeyCode, KeyEvent};

/// A command waiting for its second key.
#[derive(Debug, Clone)]
pub struct Confirm {
    pub cmd: Command,
    /// The question, in the user's language.
    pub question: String,
    /// The form it came from, shown again on a refusal or after `Esc`.
    pub form: Option<Box<Form>>,
}

/// The keys that ask before acting (the help overlay marks them).
pub fn asks(a: KeyAction) -> bool {
    use super::care::CareKey as CK;
    use super::roster::PeopleKey as PK;
    matches!(
        a,
        KeyAction::EndRest
            | KeyAction::AlertAck
            | KeyAction::UndoEntry
            | KeyAction::Care(CK::Ack)
            | KeyAction::Care(CK::CaseResolve)
            | KeyAction::People(PK::Retire)
            | KeyAction::Setup(super::setup::SetupKey::Close)
    )
}

impl App {
    /// Hold `cmd` until the user says yes (the store has said it would take it).
    pub(super) fn ask(&mut self, cmd: Command, question: String) -> Vec<Effect> {
        let form = match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Form(f) => Some(f),
            _ => None,
        };
        self.status = Status {
            text: keys_line(self.lang).to_string(),
            error: false,
        };
        self.mode = Mode::Confirm(Box::new(Confirm {
            cmd,
            question,
            form,
        }));
        vec![]
    }

    /// Run `cmd` now, or ask first when it cannot be taken back (a form's command).
    pub(super) fn submit(&mut self, cmd: Command) -> Vec<Effect> {
        let question = match &self.mode {
            Mode::Form(f) => form_question(self, f, &cmd),
            _ => None,
        };
        match question {
            Some(q) => vec![Effect::Ask(cmd, q)],
            None => vec![Effect::Execute(cmd)],
        }
    }

    pub(super) fn confirm_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let yes = match k.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => true,
            KeyCode::Esc | KeyCode::Char('n' | 'N') => false,
            _ => return vec![],
        };
        let Mode::Confirm(c) = std::mem::replace(&mut self.mode, Mode::Normal) else {
            return vec![];
        };
        let Confirm { cmd, form, .. } = *c;
        self.mode = form.map_or(Mode::Normal, Mode::Form);
        if yes {
            vec![Effect::Execute(cmd)]
        } else {
            self.status = Status {
                text: t!(self.lang, "confirm.cancelled").to_string(),
                error: false,
            };
            vec![]
        }
    }
}

/// The question a form's command asks, if it cannot be taken back.
fn form_question(app: &App, f: &Form, cmd: &Command) -> Option<String> {
    let l = app.lang;
    let who = f
        .person
        .as_ref()
        .map(|p| format!("{} ({})", p.name, p.staff_code))
        .or_else(|| f.subject.clone())
        .unwrap_or_default();
    let q = match (f.kind, cmd) {
        // The reason field is there only for a forced rest (or after the store asked for it).
        (FormKind::Duty(DutyForm::EndRest), Command::EndRest { .. })
            if f.person.as_ref().is_some_and(|p| p.status == "forced_rest")
                || f.fields.iter().any(|x| x.kind == FieldKind::EndReason) =>
        {
            t!(l, "confirm.end_rest")
        }
        (
            FormKind::Care(CareForm::CaseResolve),
            Command::Care(CareCommand::ResolveCase { case, .. }),
        ) => {
            let what = f
                .context
                .clone()
                .filter(|c| c.starts_with(&format!("#{case} ")))
                .unwrap_or_else(|| format!("#{case}"));
            return Some(t!(l, "confirm.resolve").replace("{what}", &what));
        }
        (
            FormKind::People(PeopleForm::PersonRetire),
            Command::People(PeopleCommand::Retire { .. }),
        ) => t!(l, "confirm.retire"),
        _ => return None,
    };
    Some(q.replace("{what}", &who))
}

/// The question before acknowledging a positive test's alert.
pub(super) fn ack_question(app: &App, name: &str) -> String {
    t!(app.lang, "confirm.ack_test").replace("{what}", name)
}

/// The confirmation box's key line.
pub fn keys_line(lang: crate::i18n::Lang) -> &'static str {
    i18n::t!(lang, "confirm.keys")
}
