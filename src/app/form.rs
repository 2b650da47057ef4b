//! Small forms that ask only what an action needs, and turn the answers into a `Command`.
//! Parsing errors stay in the form; nothing reaches the store until the answers make sense.

use crate::config::Lang;
use crate::domain::Ts;
use crate::domain::time::parse_time;
use crate::i18n::t;
use crate::store::commands::{Command, PersonRef};
use crate::store::queries::PersonHit;
use chrono_tz::Tz;
use tui_input::Input;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    CheckIn,
    CheckOut,
    Reassign,
    ForceRest,
    EndRest,
    PlanShift,
    MoveShift,
    CancelShift,
    CopyDay,
    Rest,
    Convert,
    LedgerAdjust,
}

impl FormKind {
    pub fn title_key(self) -> &'static str {
        match self {
            FormKind::CheckIn => "form.check_in",
            FormKind::CheckOut => "form.check_out",
            FormKind::Reassign => "form.reassign",
            FormKind::ForceRest => "form.force_rest",
            FormKind::EndRest => "form.end_rest",
            FormKind::PlanShift => "form.plan_shift",
            FormKind::MoveShift => "form.move_shift",
            FormKind::CancelShift => "form.cancel_shift",
            FormKind::CopyDay => "form.copy_day",
            FormKind::Rest => "form.rest",
            FormKind::Convert => "form.convert",
            FormKind::LedgerAdjust => "form.ledger_adjust",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Person,
    Post,
    Start,
    End,
    Hours,
    Reason,
    Override,
    /// A shift's start or end, required (the plan form); `Start`/`End` may be left blank.
    ShiftStart,
    ShiftEnd,
    /// A post, or blank for every post.
    AnyPost,
    Date,
    Days,
    RestKind,
    Note,
    Name,
    Community,
    Party,
    Unit,
    Phone,
    Dual,
}

impl FieldKind {
    pub fn label_key(self) -> &'static str {
        match self {
            FieldKind::Person => "field.person",
            FieldKind::Post => "field.post",
            FieldKind::Start => "field.start",
            FieldKind::End => "field.end",
            FieldKind::Hours => "field.hours",
            FieldKind::Reason => "field.reason",
            FieldKind::Override => "field.override",
            FieldKind::ShiftStart => "field.shift_start",
            FieldKind::ShiftEnd => "field.shift_end",
            FieldKind::AnyPost => "field.any_post",
            FieldKind::Date => "field.date",
            FieldKind::Days => "field.days",
            FieldKind::RestKind => "field.rest_kind",
            FieldKind::Note => "field.note",
            FieldKind::Name => "field.name",
            FieldKind::Community => "field.community",
            FieldKind::Party => "field.party",
            FieldKind::Unit => "field.unit",
            FieldKind::Phone => "field.phone",
            FieldKind::Dual => "field.dual",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub kind: FieldKind,
    pub input: Input,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Why the last submit did not go through (a parse error or the store's refusal).
    pub error: Option<String>,
    /// Who the person field currently names, as looked up in the store.
    pub person: Option<PersonHit>,
    pub person_looked_up: bool,
    /// The post the post field names, if it exists.
    pub post_name: Option<Option<String>>,
    /// The shift a move or cancel is about, or that a plan replaces (not shown as a field).
    pub shift: Option<i64>,
    /// What the form is about, after its title (e.g. whose shift is being cancelled).
    pub subject: Option<String>,
}

/// Values to start a form with, taken from the selected row.
#[derive(Debug, Clone, Default)]
pub struct Prefill {
    pub person: Option<String>,
    pub post: Option<i64>,
    pub hours: Option<f64>,
    pub reason: Option<String>,
    /// Other fields' starting text, by kind (the schedule's forms).
    pub text: Vec<(FieldKind, String)>,
    pub shift: Option<i64>,
    pub subject: Option<String>,
}

impl Form {
    pub fn new(kind: FormKind, pre: &Prefill) -> Form {
        use FieldKind as F;
        let kinds: &[FieldKind] = match kind {
            FormKind::CheckIn => &[F::Person, F::Post, F::Override],
            FormKind::CheckOut => &[F::Person],
            FormKind::Reassign => &[F::Person, F::Post, F::Start, F::End, F::Override],
            FormKind::ForceRest => &[F::Person, F::Hours, F::Reason],
            FormKind::EndRest => &[F::Person],
            k => super::form_shifts::fields(k),
        };
        let fields = kinds
            .iter()
            .map(|k| {
                let v = match k {
                    F::Person => pre.person.clone(),
                    F::Post => pre.post.map(|p| p.to_string()),
                    F::Hours => pre.hours.map(|h| format!("{h}")),
                    F::Reason => pre.reason.clone(),
                    _ => pre
                        .text
                        .iter()
                        .find(|(f, _)| f == k)
                        .map(|(_, v)| v.clone()),
                };
                Field {
                    kind: *k,
                    input: Input::new(v.unwrap_or_default()),
                }
            })
            .collect::<Vec<_>>();
        // Start on the first empty field, so a prefilled form needs only Enter.
        let focus = fields
            .iter()
            .position(|f| f.input.value().is_empty() && f.kind != F::Override)
            .unwrap_or(0);
        Form {
            kind,
            fields,
            focus,
            error: None,
            person: None,
            person_looked_up: false,
            post_name: None,
            shift: pre.shift,
            subject: pre.subject.clone(),
        }
    }

    pub fn value(&self, k: FieldKind) -> &str {
        self.fields
            .iter()
            .find(|f| f.kind == k)
            .map_or("", |f| f.input.value())
    }

    pub fn focused(&self) -> FieldKind {
        self.fields[self.focus].kind
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }

    pub fn prev(&mut self) {
        self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
    }

    /// Turn the answers into a command, or say (in `lang`) what is wrong.
    pub fn to_command(&self, lang: Lang, now: Ts, tz: Tz) -> Result<Command, String> {
        use FieldKind as F;
        if let Some(cmd) = self.shift_command(lang, now, tz) {
            return cmd;
        }
        let raw = self.value(F::Person).trim();
        if raw.is_empty() {
            return Err(t(lang, "field.person").to_string());
        }
        // A name typed in the form resolves to the person the lookup found.
        let person = PersonRef(match &self.person {
            Some(hit) => hit.id.to_string(),
            None => raw.to_string(),
        });
        let post = || -> Result<i64, String> {
            self.value(F::Post)
                .trim()
                .parse::<i64>()
                .map_err(|_| format!("{}: {}", t(lang, "field.post"), self.value(F::Post)))
        };
        let time = |k: FieldKind| -> Result<Option<Ts>, String> {
            let v = self.value(k).trim();
            if v.is_empty() {
                Ok(None)
            } else {
                parse_time(v, now, tz).map(Some)
            }
        };
        let ovr = Some(self.value(F::Override).trim().to_string()).filter(|s| !s.is_empty());
        Ok(match self.kind {
            FormKind::CheckIn => Command::CheckIn {
                person,
                post: post()?,
                override_reason: ovr,
            },
            FormKind::CheckOut => Command::CheckOut { person },
            FormKind::Reassign => Command::Reassign {
                person,
                post: post()?,
                start: time(F::Start)?,
                end: time(F::End)?,
                override_reason: ovr,
            },
            FormKind::ForceRest => {
                let h = self.value(F::Hours).trim();
                let hours = if h.is_empty() {
                    None
                } else {
                    Some(
                        h.parse::<f64>()
                            .map_err(|_| format!("{}: {h}", t(lang, "field.hours")))?,
                    )
                };
                Command::ForceRest {
                    person,
                    hours,
                    reason: self.value(F::Reason).to_string(),
                }
            }
            FormKind::EndRest => Command::EndRest { person },
            _ => unreachable!("the schedule's forms are built by shift_command"),
        })
    }
}
