//! Pickers: every form field that takes a person, post, community, depot or item. As the user
//! types, the store's matches come back (`Effect::Pick` → `Action::Picked`) and show under the
//! field; `Up`/`Down` move the highlight, `Enter` takes it. The field then shows the name and
//! the form keeps the row behind it (`Field::picked`). A prefilled row is shown by its name and
//! typed over, not appended to. No SQL here: the lookups go out as effects.

use super::form::{FieldKind, Form};
use super::{App, Effect, Mode};
use crate::i18n::{Lang, t};
use crate::store::pick::{Choice, PickKind};

/// What the store answered for one field's text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Picker {
    /// The field the choices are for.
    pub field: Option<FieldKind>,
    /// The text they answer (a later text waits for its own answer).
    pub text: String,
    pub choices: Vec<Choice>,
    /// How many rows the text fits (at least `choices.len()`).
    pub total: usize,
    /// The highlighted choice.
    pub at: usize,
}

/// The kind of row a field takes, if it is a picker.
pub fn pick_kind(k: FieldKind) -> Option<PickKind> {
    use FieldKind as F;
    match k {
        F::Person => Some(PickKind::Person),
        F::Post | F::AnyPost => Some(PickKind::POST),
        F::Item => Some(PickKind::ITEM),
        F::Depot | F::ToDepot => Some(PickKind::DEPOT),
        F::Community | F::PersonCommunity | F::OrgCommunity => Some(PickKind::COMMUNITY),
        // The Setup screen's parents: a community's street, a depot's post.
        F::OrgStreet => Some(PickKind::STREET),
        F::OrgPost => Some(PickKind::POST),
        _ => None,
    }
}

/// The name a picked row shows (an item's in the user's language).
pub fn shown_name(lang: Lang, c: &Choice) -> String {
    match (&c.detail, lang) {
        (crate::store::pick::Detail::Item { name_en, .. }, Lang::En) if !name_en.is_empty() => {
            name_en.clone()
        }
        _ => c.name.clone(),
    }
}

/// The text that names a prefilled row exactly (`#7`), for its picker to look up.
pub fn id_text(id: i64) -> String {
    format!("#{id}")
}

impl Form {
    /// The store's answer for a field's current text, if it has come.
    pub fn picker_for(&self, k: FieldKind) -> Option<&Picker> {
        self.pickers
            .iter()
            .find(|p| p.field == Some(k) && p.text == self.value(k))
    }

    /// Forget a field's answer (its text changed or a row was taken).
    pub fn forget_pick(&mut self, k: FieldKind) {
        self.pickers.retain(|p| p.field != Some(k));
    }

    fn set_picker(&mut self, p: Picker) {
        if let Some(k) = p.field {
            self.forget_pick(k);
        }
        self.pickers.push(p);
    }

    /// The highlighted choices can be moved through (the focused field's text fits several).
    pub fn choosing(&self) -> bool {
        let k = self.focused();
        pick_kind(k).is_some()
            && self.fields[self.focus].picked.is_none()
            && self.picker_for(k).is_some_and(|p| p.choices.len() > 1)
    }

    /// What a picker field names for a command: `Ok(None)` when blank; the picked row's key
    /// (`#id`, an item's code); the one row the text fits; else what is missing, in words.
    /// Before the store has answered, the text as typed (the executor reads exact names).
    pub fn pick_arg(&self, lang: Lang, k: FieldKind) -> Result<Option<String>, String> {
        let Some(field) = self.fields.iter().find(|f| f.kind == k) else {
            return Ok(None);
        };
        if let Some((_, key)) = &field.picked {
            return Ok(Some(key.clone()));
        }
        let text = field.input.value().trim();
        if text.is_empty() {
            return Ok(None);
        }
        let label = t(lang, self.label_key(k));
        let exact = |c: &&Choice| {
            c.name == text
                || match &c.detail {
                    crate::store::pick::Detail::Item { code, .. } => {
                        code.eq_ignore_ascii_case(text)
                    }
                    crate::store::pick::Detail::Person(p) => p.staff_code == text,
                    _ => false,
                }
        };
        match self.picker_for(k) {
            Some(p) if p.total == 1 && p.choices.len() == 1 => Ok(Some(p.choices[0].key())),
            // The one row named exactly wins over rows that only contain the text.
            Some(p) if p.choices.iter().filter(exact).count() == 1 => {
                Ok(p.choices.iter().find(exact).map(Choice::key))
            }
            Some(p) if p.total == 0 => {
                Err(format!("{label}: “{text}” — {}", t!(lang, "pick.none")))
            }
            Some(p) => Err(format!(
                "{label}: “{text}” — {} {}",
                p.total,
                t!(lang, "pick.many")
            )),
            None => Ok(Some(text.to_string())),
        }
    }

    /// `pick_arg`, required: blank says what is missing.
    pub fn pick_required(&self, lang: Lang, k: FieldKind) -> Result<String, String> {
        self.pick_arg(lang, k)?.ok_or_else(|| {
            format!(
                "{}: {}",
                t(lang, self.label_key(k)),
                t!(lang, "pick.missing")
            )
        })
    }

    /// `pick_arg` as a row id (`#7`, `7`).
    pub fn pick_id(&self, lang: Lang, k: FieldKind) -> Result<Option<i64>, String> {
        match self.pick_arg(lang, k)? {
            None => Ok(None),
            Some(s) => {
                let n = s.trim().trim_start_matches('#').trim();
                n.parse::<i64>().map(Some).map_err(|_| {
                    format!(
                        "{}: “{}” — {}",
                        t(lang, self.label_key(k)),
                        s.trim(),
                        t!(lang, "pick.none")
                    )
                })
            }
        }
    }

    /// `pick_id`, required.
    pub fn pick_id_required(&self, lang: Lang, k: FieldKind) -> Result<i64, String> {
        self.pick_id(lang, k)?.ok_or_else(|| {
            format!(
                "{}: {}",
                t(lang, self.label_key(k)),
                t!(lang, "pick.missing")
            )
        })
    }

    /// The one person the person field's text fits (by initials or phone tail) is who the
    /// form names, when the exact lookup found no one.
    pub fn adopt_picked_person(&mut self) {
        if self.person.is_some() {
            return;
        }
        let Some(p) = self.picker_for(FieldKind::Person) else {
            return;
        };
        if p.total != 1 {
            return;
        }
        let Some(crate::store::pick::Detail::Person(c)) = p.choices.first().map(|c| &c.detail)
        else {
            return;
        };
        self.person = Some(crate::store::queries::PersonHit {
            id: c.id,
            name: c.name.clone(),
            staff_code: c.staff_code.clone(),
            status: if c.state == "off" {
                "available".into()
            } else {
                c.state.clone()
            },
        });
        self.person_matches = Default::default();
        self.sync_end_reason();
    }

    /// The focused field's text fits exactly one row: take it (on leaving the field).
    pub fn take_single(&mut self, lang: Lang) -> bool {
        let k = self.focused();
        if self.fields[self.focus].picked.is_some() {
            return false;
        }
        let one = self
            .picker_for(k)
            .filter(|p| p.total == 1)
            .and_then(|p| p.choices.first().cloned());
        match one {
            Some(c) => {
                self.take(lang, k, &c);
                true
            }
            None => false,
        }
    }

    /// Take a choice into its field: the name shown, the row kept.
    fn take(&mut self, lang: Lang, k: FieldKind, c: &Choice) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.kind == k) {
            f.input = tui_input::Input::new(shown_name(lang, c));
            f.picked = Some((c.id, c.key()));
            f.replace = false;
        }
        self.forget_pick(k);
    }
}

impl App {
    /// Ask the store what the focused field's text fits (a picker field), or forget the last
    /// answer when the text is blank.
    pub(super) fn pick_effect(&mut self) -> Vec<Effect> {
        let Mode::Form(f) = &mut self.mode else {
            return vec![];
        };
        let k = f.focused();
        let Some(kind) = pick_kind(k) else {
            return vec![];
        };
        let text = f.value(k).to_string();
        if text.trim().is_empty() {
            f.forget_pick(k);
            return vec![];
        }
        vec![Effect::Pick {
            field: k,
            kind,
            text,
        }]
    }

    /// The lookups a new form needs for its prefilled picker fields (shown by name once found).
    pub(super) fn prefill_picks(&self) -> Vec<Effect> {
        let Mode::Form(f) = &self.mode else {
            return vec![];
        };
        f.fields
            .iter()
            .filter_map(|fd| {
                let kind = pick_kind(fd.kind)?;
                let text = match &fd.picked {
                    Some((id, _)) => id_text(*id),
                    None if f.prefill_texts.contains(&fd.kind) => fd.input.value().to_string(),
                    None => return None,
                };
                Some(Effect::Pick {
                    field: fd.kind,
                    kind,
                    text,
                })
            })
            .collect()
    }

    /// The store's answer for a field's text.
    pub(super) fn picked(
        &mut self,
        field: FieldKind,
        text: String,
        choices: Vec<Choice>,
        total: usize,
    ) -> Vec<Effect> {
        let Mode::Form(f) = &mut self.mode else {
            return vec![];
        };
        let Some(fd) = f.fields.iter_mut().find(|x| x.kind == field) else {
            return vec![];
        };
        // A prefilled row: shown by its name (the row was kept from the start).
        if let Some((id, _)) = &fd.picked
            && text == id_text(*id)
        {
            if let Some(c) = choices.iter().find(|c| c.id == *id) {
                fd.input = tui_input::Input::new(shown_name(self.lang, c));
            }
            return vec![];
        }
        if fd.input.value() != text {
            return vec![];
        }
        // A prefilled text (an item's code) that names exactly one row: taken.
        if let Some(i) = f.prefill_texts.iter().position(|k| *k == field) {
            f.prefill_texts.remove(i);
            if total == 1
                && let Some(c) = choices.first()
            {
                f.take(self.lang, field, c);
                return self.gate_effect();
            }
        }
        f.set_picker(Picker {
            field: Some(field),
            text,
            choices,
            total,
            at: 0,
        });
        f.adopt_picked_person();
        self.gate_effect()
    }

    /// `Up`/`Down` while the focused field's text fits several rows: move the highlight.
    pub(super) fn pick_move(&mut self, down: bool) {
        if let Mode::Form(f) = &mut self.mode {
            let k = f.focused();
            if let Some(p) = f.pickers.iter_mut().find(|p| p.field == Some(k)) {
                let n = p.choices.len();
                if n > 0 {
                    p.at = if down {
                        (p.at + 1) % n
                    } else {
                        (p.at + n - 1) % n
                    };
                }
            }
        }
    }

    /// `Enter` while choosing: take the highlighted row and go on to the next field.
    pub(super) fn pick_take(&mut self) -> Vec<Effect> {
        let Mode::Form(f) = &mut self.mode else {
            return vec![];
        };
        let k = f.focused();
        let Some(c) = f.picker_for(k).and_then(|p| p.choices.get(p.at)).cloned() else {
            return vec![];
        };
        f.take(self.lang, k, &c);
        if f.focus + 1 < f.fields.len() {
            f.next();
        }
        if matches!(k, FieldKind::Person | FieldKind::Post) {
            return self.lookup_effect();
        }
        self.gate_effect()
    }
}
