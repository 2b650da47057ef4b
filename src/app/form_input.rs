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
        let mut e = self.lookup_effect();
        e.extend(self.prefill_picks());
        e
    }

    /// Who and where the form names: a picked row by its key, else the text as typed.
    pub(super) fn lookup_effect(&self) -> Vec<Effect> {
        match &self.mode {
            Mode::Form(f) => {
                let picked = |k: FieldKind| {
                    f.fields
                        .iter()
                        .find(|x| x.kind == k)
                        .and_then(|x| x.picked.clone())
                };
                vec![Effect::Lookup {
                    person: picked(FieldKind::Person)
                        .map(|p| p.1)
                        .unwrap_or_else(|| f.value(FieldKind::Person).to_string()),
                    post: picked(FieldKind::Post).map(|p| p.0).or_else(|| {
                        f.value(FieldKind::Post)
                            .trim()
                            .trim_start_matches('#')
                            .parse()
                            .ok()
                    }),
                }]
            }
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
            // A text that fits several rows: the arrows move through them, Enter takes one.
            KeyCode::Down if f.choosing() => {
                self.pick_move(true);
                vec![]
            }
            KeyCode::Up if f.choosing() => {
                self.pick_move(false);
                vec![]
            }
            KeyCode::Enter if f.choosing() => self.pick_take(),
            KeyCode::Tab | KeyCode::Down => {
                // Left with a text that fits one row: that row, shown by its name.
                let took = f.take_single(self.lang);
                f.next();
                if took { self.lookup_effect() } else { vec![] }
            }
            KeyCode::BackTab | KeyCode::Up => {
                let took = f.take_single(self.lang);
                f.prev();
                if took { self.lookup_effect() } else { vec![] }
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
                // A picked row's name is typed over (or erased) whole: a new pick starts.
                if field.picked.is_some()
                    && matches!(
                        k.code,
                        KeyCode::Char(_) | KeyCode::Backspace | KeyCode::Delete
                    )
                {
                    field.picked = None;
                    field.input = tui_input::Input::default();
                    let fk = field.kind;
                    f.forget_pick(fk);
                    if !matches!(k.code, KeyCode::Char(_)) {
                        f.error = None;
                        let mut e = self.lookup_effect();
                        e.extend(self.pick_effect());
                        return e;
                    }
                }
                let f = match &mut self.mode {
                    Mode::Form(f) => f,
                    _ => return vec![],
                };
                let changed = f.fields[f.focus]
                    .input
                    .handle_event(&Event::Key(k))
                    .is_some_and(|c| c.value);
                if changed {
                    f.error = None;
                    f.path_candidates.clear();
                    let looks_up = matches!(f.focused(), FieldKind::Person | FieldKind::Post);
                    // The exact lookup first, then the picker's matches (which may name the
                    // one person the exact forms did not); each answer asks the gate again.
                    let mut e = if looks_up {
                        self.lookup_effect()
                    } else {
                        vec![]
                    };
                    e.extend(self.pick_effect());
                    if e.is_empty() {
                        e = self.gate_effect();
                    }
                    return e;
                }
                vec![]
            }
        }
    }
}
