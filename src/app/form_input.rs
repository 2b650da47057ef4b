//! Forms in the console: opening one prefilled from the selected row, typing into it, the
//! person lookup as you type, and turning it into a command on Enter.

use super::*;
use crate::app::form::{DutyForm, ImportForm};

impl App {
    pub(super) fn open_form(&mut self, kind: FormKind) -> Vec<Effect> {
        let sel = self.selected_person();
        let needs_row = matches!(
            kind,
            FormKind::Duty(DutyForm::ForceRest)
                | FormKind::Duty(DutyForm::CheckOut)
                | FormKind::Duty(DutyForm::Reassign)
        );
        let pre = Prefill {
            person: sel
                .as_ref()
                .filter(|_| kind != FormKind::Duty(DutyForm::CheckIn))
                .map(|s| s.0.to_string()),
            post: sel.as_ref().and_then(|s| s.1),
            hours: (kind == FormKind::Duty(DutyForm::ForceRest))
                .then_some(self.rules.forced_rest_hours),
            reason: sel
                .as_ref()
                .and_then(|s| s.2.clone())
                .filter(|_| kind == FormKind::Duty(DutyForm::ForceRest)),
            ..Default::default()
        };
        if needs_row
            && pre.person.is_none()
            && (self.screen != Screen::Home
                || !matches!(self.focus, Panel::OnDuty | Panel::Overdue))
        {
            self.status = Status {
                text: t!(self.lang, "needs_person_row").to_string(),
                error: true,
            };
            return vec![];
        }
        self.open_prefilled(kind, &pre)
    }

    /// Open a form with these starting values, and look up who and where it names.
    pub(crate) fn open_prefilled(&mut self, kind: FormKind, pre: &Prefill) -> Vec<Effect> {
        self.mode = Mode::Form(Box::new(Form::new(kind, pre)));
        self.lookup_effect()
    }

    pub(super) fn lookup_effect(&self) -> Vec<Effect> {
        match &self.mode {
            Mode::Form(f) => vec![Effect::Lookup {
                person: f.value(FieldKind::Person).to_string(),
                post: f.value(FieldKind::Post).trim().parse().ok(),
            }],
            _ => vec![],
        }
    }

    pub(super) fn form_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let Mode::Form(f) = &mut self.mode else {
            return vec![];
        };
        match k.code {
            KeyCode::Esc => {
                self.mode = Mode::Normal;
                self.clear_stale_error();
                vec![]
            }
            // The import forms' one field: Tab completes the path (no other field to go to).
            KeyCode::Tab if f.focused() == FieldKind::FilePath => {
                let typed = f.value(FieldKind::FilePath).to_string();
                vec![Effect::Paper(paperwork::PaperEffect::CompletePath(typed))]
            }
            KeyCode::Tab | KeyCode::Down => {
                f.next();
                vec![]
            }
            KeyCode::BackTab | KeyCode::Up => {
                f.prev();
                vec![]
            }
            KeyCode::Enter if f.kind == FormKind::Import(ImportForm::Roster) => self.import_enter(),
            KeyCode::Enter if f.kind == FormKind::Import(ImportForm::Health) => {
                self.health_import_enter()
            }
            KeyCode::Enter => match f.to_command(self.lang, self.now, self.tz) {
                Ok(cmd) => self.submit(cmd),
                Err(e) => {
                    f.error = Some(crate::i18n::ux::form_message(self.lang, &e));
                    vec![]
                }
            },
            _ => {
                // A default is typed over, not appended to.
                let field = &mut f.fields[f.focus];
                if std::mem::take(&mut field.replace) && matches!(k.code, KeyCode::Char(_)) {
                    field.input = tui_input::Input::default();
                }
                let changed = f.fields[f.focus]
                    .input
                    .handle_event(&Event::Key(k))
                    .is_some_and(|c| c.value);
                if changed {
                    f.error = None;
                    f.path_candidates.clear();
                    if matches!(f.focused(), FieldKind::Person | FieldKind::Post) {
                        // The lookup's answer asks the gate again.
                        return self.lookup_effect();
                    }
                    return self.gate_effect();
                }
                vec![]
            }
        }
    }
}
