//! Small forms that ask only what an action needs, and turn the answers into a `Command`.
//! Parsing errors stay in the form; nothing reaches the store until the answers make sense.

use super::form_care;
use crate::domain::Ts;
use crate::domain::time::parse_time;
use crate::i18n::Lang;
use crate::i18n::{Key, key, t};
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
    StockReceive,
    StockIssue,
    StockTransfer,
    StockAdjust,
    RequestOpen,
    RequestArrange,
    RequestDone,
    PlanShift,
    MoveShift,
    CancelShift,
    CopyDay,
    Rest,
    Convert,
    LedgerAdjust,
    // Health, family support and care (see `form_care`).
    Health,
    HealthPhone,
    Test,
    Return,
    Medic,
    CaseOpen,
    CaseAssign,
    CaseProgress,
    CaseResolve,
    Family,
    Visit,
    Talk,
    Training,
    Insurance,
    /// Import a roster file (see `app::paperwork`).
    ImportRoster,
    /// Import health reports or test results (see `app::health_import`).
    ImportHealth,
    // The roster and the party screen (see `form_people`).
    PersonAdd,
    PersonEdit,
    PersonRetire,
    PersonReinstate,
    PartySet,
    Flag,
    Nominate,
}

impl FormKind {
    pub fn title_key(self) -> Key {
        match self {
            FormKind::CheckIn => key!("form.check_in"),
            FormKind::CheckOut => key!("form.check_out"),
            FormKind::Reassign => key!("form.reassign"),
            FormKind::ForceRest => key!("form.force_rest"),
            FormKind::EndRest => key!("form.end_rest"),
            FormKind::StockReceive => key!("form.stock_receive"),
            FormKind::StockIssue => key!("form.stock_issue"),
            FormKind::StockTransfer => key!("form.stock_transfer"),
            FormKind::StockAdjust => key!("form.stock_adjust"),
            FormKind::RequestOpen => key!("form.request_open"),
            FormKind::RequestArrange => key!("form.request_arrange"),
            FormKind::RequestDone => key!("form.request_done"),
            FormKind::PlanShift => key!("form.plan_shift"),
            FormKind::MoveShift => key!("form.move_shift"),
            FormKind::CancelShift => key!("form.cancel_shift"),
            FormKind::CopyDay => key!("form.copy_day"),
            FormKind::Rest => key!("form.rest"),
            FormKind::Convert => key!("form.convert"),
            FormKind::LedgerAdjust => key!("form.ledger_adjust"),
            FormKind::ImportRoster => key!("form.import"),
            FormKind::ImportHealth => key!("form.import_health"),
            k => super::form_people::title_key(k).unwrap_or_else(|| form_care::title_key(k)),
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
    Item,
    Depot,
    ToDepot,
    Quantity,
    Change,
    Supplier,
    Kind,
    NeededBy,
    Note,
    Request,
    /// A shift's start or end, required (the plan form); `Start`/`End` may be left blank.
    ShiftStart,
    ShiftEnd,
    /// A post, or blank for every post.
    AnyPost,
    Date,
    Days,
    RestKind,
    Name,
    Community,
    Party,
    Unit,
    Phone,
    Dual,
    // Health, family support and care (see `form_care`).
    Temp,
    Fit,
    Symptoms,
    Day,
    Result,
    TestedAt,
    Site,
    EndAssignment,
    Case,
    CaseCategory,
    Urgency,
    Summary,
    Org,
    Helper,
    Outcome,
    Dependents,
    Elderly,
    Children,
    Notes,
    When,
    Visitors,
    Amount,
    ToFamily,
    By,
    TrainingKind,
    Policy,
    From,
    Until,
    /// A file to read (roster import).
    FilePath,
    // The roster and the party screen (see `form_people`).
    StaffCode,
    PersonCategory,
    SourceUnit,
    PersonCommunity,
    PersonPhone,
    Branch,
    Residence,
    Deeds,
    RetireReason,
    /// Why a forced rest ends early (asked only when the person is in forced rest).
    EndReason,
}

impl FieldKind {
    pub fn label_key(self) -> Key {
        match self {
            FieldKind::Person => key!("field.person"),
            FieldKind::Post => key!("field.post"),
            FieldKind::Start => key!("field.start"),
            FieldKind::End => key!("field.end"),
            FieldKind::Hours => key!("field.hours"),
            FieldKind::Reason => key!("field.reason"),
            FieldKind::Override => key!("field.override"),
            FieldKind::Item => key!("field.item"),
            FieldKind::Depot => key!("field.depot"),
            FieldKind::ToDepot => key!("field.to_depot"),
            FieldKind::Quantity => key!("field.quantity"),
            FieldKind::Change => key!("field.change"),
            FieldKind::Supplier => key!("field.supplier"),
            FieldKind::Kind => key!("field.kind"),
            FieldKind::NeededBy => key!("field.needed_by"),
            FieldKind::Note => key!("field.note"),
            FieldKind::Request => key!("field.request"),
            FieldKind::ShiftStart => key!("field.shift_start"),
            FieldKind::ShiftEnd => key!("field.shift_end"),
            FieldKind::AnyPost => key!("field.any_post"),
            FieldKind::Date => key!("field.date"),
            FieldKind::Days => key!("field.days"),
            FieldKind::RestKind => key!("field.rest_kind"),
            FieldKind::Name => key!("field.name"),
            FieldKind::Community => key!("field.community"),
            FieldKind::Party => key!("field.party"),
            FieldKind::Unit => key!("field.unit"),
            FieldKind::Phone => key!("field.phone"),
            FieldKind::Dual => key!("field.dual"),
            FieldKind::FilePath => key!("field.import_path"),
            FieldKind::EndReason => key!("field.end_reason"),
            k => super::form_people::label_key(k).unwrap_or_else(|| form_care::label_key(k)),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub kind: FieldKind,
    pub input: Input,
    /// A default: the first character typed replaces it.
    pub replace: bool,
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
    /// When the text may mean several people: some of them and how many (never guessed).
    pub person_matches: (Vec<crate::store::person_ref::Candidate>, usize),
    /// The post the post field names, if it exists.
    pub post_name: Option<Option<String>>,
    /// The shift a move or cancel is about, or that a plan replaces (not shown as a field).
    pub shift: Option<i64>,
    /// A line above the fields saying what the form is about (the selected case, the day).
    pub context: Option<String>,
    /// What the form is about, after its title (e.g. whose shift is being cancelled).
    pub subject: Option<String>,
    /// The person a form is about when it has no person field (the roster's forms: a retired
    /// person is in no picker, so the row's id is kept instead).
    pub about: Option<i64>,
    /// What the duty gate would say to the command on screen now (check-in, reassign, plan,
    /// move): asked of the store as a trial, never written.
    pub gate: Option<super::gate::Gate>,
    /// The path field's last completion, when several entries matched (raw names).
    pub path_candidates: Vec<String>,
}

/// Values to start a form with, taken from the selected row.
#[derive(Debug, Clone, Default)]
pub struct Prefill {
    pub person: Option<String>,
    pub post: Option<i64>,
    pub hours: Option<f64>,
    pub reason: Option<String>,
    /// Item code, depot, request id (supplies and logistics forms).
    pub item: Option<String>,
    pub depot: Option<String>,
    pub request: Option<i64>,
    /// Other fields' starting text, by kind (the schedule's forms).
    pub text: Vec<(FieldKind, String)>,
    pub shift: Option<i64>,
    pub case: Option<i64>,
    pub community: Option<i64>,
    /// Further values for named fields.
    pub extra: Vec<(FieldKind, String)>,
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
            FormKind::ImportRoster | FormKind::ImportHealth => &[F::FilePath],
            FormKind::StockReceive
            | FormKind::StockIssue
            | FormKind::StockTransfer
            | FormKind::StockAdjust
            | FormKind::RequestOpen
            | FormKind::RequestArrange
            | FormKind::RequestDone => super::form_supplies::fields(kind),
            k => match super::form_people::fields(k).or_else(|| form_care::fields(k)) {
                Some(f) => f,
                None => super::form_shifts::fields(k),
            },
        };
        let fields = kinds
            .iter()
            .map(|k| {
                let v = match k {
                    F::Person => pre.person.clone(),
                    F::Post => pre.post.map(|p| p.to_string()),
                    F::Hours => pre.hours.map(|h| format!("{h}")),
                    F::Reason => pre.reason.clone(),
                    F::Item => pre.item.clone(),
                    F::Depot => pre.depot.clone(),
                    F::Request => pre.request.map(|r| r.to_string()),
                    _ => pre
                        .text
                        .iter()
                        .find(|(f, _)| f == k)
                        .map(|(_, v)| v.clone()),
                };
                Field {
                    kind: *k,
                    input: Input::new(v.unwrap_or_default()),
                    replace: false,
                }
            })
            .collect::<Vec<_>>();
        let mut fields = fields;
        form_care::fill(kind, &mut fields, pre);
        // Start on the first field to type in (empty, or a default to type over), so a
        // prefilled form needs only Enter.
        let focus = fields
            .iter()
            .position(|f| {
                f.replace
                    || (f.input.value().is_empty()
                        && f.kind != F::Override
                        && !super::form_supplies::optional(kind, f.kind))
            })
            .or_else(|| {
                fields
                    .iter()
                    .position(|f| f.input.value().is_empty() && f.kind != F::Override)
            })
            .unwrap_or(0);
        Form {
            kind,
            fields,
            focus,
            error: None,
            person: None,
            person_looked_up: false,
            person_matches: Default::default(),
            post_name: None,
            shift: pre.shift,
            context: None,
            subject: pre.subject.clone(),
            about: None,
            gate: None,
            path_candidates: vec![],
        }
    }

    pub fn value(&self, k: FieldKind) -> &str {
        self.fields
            .iter()
            .find(|f| f.kind == k)
            .map_or("", |f| f.input.value())
    }

    /// The end-rest form asks why only when the person is in forced rest.
    pub fn sync_end_reason(&mut self) {
        if self.kind != FormKind::EndRest {
            return;
        }
        let forced = self
            .person
            .as_ref()
            .is_some_and(|p| p.status == "forced_rest");
        let at = self
            .fields
            .iter()
            .position(|f| f.kind == FieldKind::EndReason);
        match at {
            None if forced => self.fields.push(Field {
                kind: FieldKind::EndReason,
                input: Input::default(),
                replace: false,
            }),
            Some(i) if !forced && self.fields[i].input.value().is_empty() => {
                self.fields.remove(i);
                self.focus = self.focus.min(self.fields.len() - 1);
            }
            _ => {}
        }
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
        if super::form_supplies::is_supplies(self.kind) {
            return self.supplies_command(lang, now, tz);
        }
        if let Some(cmd) = self.shift_command(lang, now, tz) {
            return cmd;
        }
        if let Some(r) = self.care_command(lang, now, tz) {
            return r;
        }
        if let Some(r) = self.people_command(lang) {
            return r;
        }
        let raw = self.value(F::Person).trim();
        if raw.is_empty() {
            return Err(t!(lang, "field.person").to_string());
        }
        // A name typed in the form resolves to the person the lookup found.
        let person = PersonRef(match &self.person {
            Some(hit) => crate::store::person_ref::id_form(hit.id),
            None => raw.to_string(),
        });
        let post = || -> Result<i64, String> {
            self.value(F::Post)
                .trim()
                .parse::<i64>()
                .map_err(|_| format!("{}: {}", t!(lang, "field.post"), self.value(F::Post)))
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
                            .map_err(|_| format!("{}: {h}", t!(lang, "field.hours")))?,
                    )
                };
                Command::ForceRest {
                    person,
                    hours,
                    reason: self.value(F::Reason).to_string(),
                }
            }
            FormKind::EndRest => Command::EndRest {
                person,
                reason: Some(self.value(F::EndReason).trim().to_string()).filter(|s| !s.is_empty()),
            },
            FormKind::StockReceive
            | FormKind::StockIssue
            | FormKind::StockTransfer
            | FormKind::StockAdjust
            | FormKind::RequestOpen
            | FormKind::RequestArrange
            | FormKind::RequestDone => return self.supplies_command(lang, now, tz),
            // The schedule's forms are turned into commands by `shift_command` above.
            _ => return Err(format!("{:?}", self.kind)),
        })
    }
}
