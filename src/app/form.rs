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

pub use super::form_care::CareForm;
pub use super::form_org::OrgForm;
pub use super::form_people::PeopleForm;
pub use super::form_shifts::ShiftForm;
pub use super::form_supplies::SupplyForm;

/// Every form, by area: each area's forms are an enum in its own file, with its fields, title
/// and command (`form_care`, `form_people`, `form_shifts`, `form_supplies`); the duty and import
/// forms are here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Duty(DutyForm),
    Supplies(SupplyForm),
    Shifts(ShiftForm),
    /// Health, family support and care.
    Care(CareForm),
    /// The roster and the party screen.
    People(PeopleForm),
    Import(ImportForm),
    /// The Setup screen's organisation forms (see `form_org`).
    Org(OrgForm),
}

/// The home screen's duty forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DutyForm {
    CheckIn,
    CheckOut,
    Reassign,
    ForceRest,
    EndRest,
}

/// File imports: a roster file (`app::paperwork`), health reports or test results
/// (`app::health_import`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportForm {
    Roster,
    Health,
}

impl DutyForm {
    fn title_key(self) -> Key {
        match self {
            DutyForm::CheckIn => key!("form.check_in"),
            DutyForm::CheckOut => key!("form.check_out"),
            DutyForm::Reassign => key!("form.reassign"),
            DutyForm::ForceRest => key!("form.force_rest"),
            DutyForm::EndRest => key!("form.end_rest"),
        }
    }

    fn fields(self) -> &'static [FieldKind] {
        use FieldKind as F;
        match self {
            DutyForm::CheckIn => &[F::Person, F::Post, F::Override],
            DutyForm::CheckOut => &[F::Person],
            DutyForm::Reassign => &[F::Person, F::Post, F::Start, F::End, F::Override],
            DutyForm::ForceRest => &[F::Person, F::Hours, F::Reason],
            DutyForm::EndRest => &[F::Person],
        }
    }
}

impl FormKind {
    pub fn title_key(self) -> Key {
        match self {
            FormKind::Duty(k) => k.title_key(),
            FormKind::Supplies(k) => k.title_key(),
            FormKind::Shifts(k) => k.title_key(),
            FormKind::Care(k) => k.title_key(),
            FormKind::People(k) => k.title_key(),
            FormKind::Org(k) => k.title_key(),
            FormKind::Import(ImportForm::Roster) => key!("form.import"),
            FormKind::Import(ImportForm::Health) => key!("form.import_health"),
        }
    }

    /// The fields the form asks, in order.
    pub fn fields(self) -> &'static [FieldKind] {
        match self {
            FormKind::Duty(k) => k.fields(),
            FormKind::Supplies(k) => k.fields(),
            FormKind::Shifts(k) => k.fields(),
            FormKind::Care(k) => k.fields(),
            FormKind::People(k) => k.fields(),
            FormKind::Org(k) => k.fields(),
            FormKind::Import(_) => &[FieldKind::FilePath],
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
    // The Setup screen's organisation forms (see `form_org`). The parent fields are pickers;
    // their text, when typed, is a name the executor resolves.
    OrgName,
    OrgStreet,
    OrgCommunity,
    OrgPost,
    PostKind,
    Headcount,
    ShiftPattern,
    ItemCode,
    ItemNameEn,
    ItemUnit,
    Reorder,
}

impl FieldKind {
    pub fn label_key(self) -> Key {
        use FieldKind as F;
        match self {
            F::Person => key!("field.person"),
            F::Post => key!("field.post"),
            F::Start => key!("field.start"),
            F::End => key!("field.end"),
            F::Hours => key!("field.hours"),
            F::Reason => key!("field.reason"),
            F::Override => key!("field.override"),
            F::Item => key!("field.item"),
            F::Depot => key!("field.depot"),
            F::ToDepot => key!("field.to_depot"),
            F::Quantity => key!("field.quantity"),
            F::Change => key!("field.change"),
            F::Supplier => key!("field.supplier"),
            F::Kind => key!("field.kind"),
            F::NeededBy => key!("field.needed_by"),
            F::Note => key!("field.note"),
            F::Request => key!("field.request"),
            F::ShiftStart => key!("field.shift_start"),
            F::ShiftEnd => key!("field.shift_end"),
            F::AnyPost => key!("field.any_post"),
            F::Date => key!("field.date"),
            F::Days => key!("field.days"),
            F::RestKind => key!("field.rest_kind"),
            F::Name => key!("field.name"),
            F::Community => key!("field.community"),
            F::Party => key!("field.party"),
            F::Unit => key!("field.unit"),
            F::Phone => key!("field.phone"),
            F::Dual => key!("field.dual"),
            F::FilePath => key!("field.import_path"),
            F::EndReason => key!("field.end_reason"),
            // Health, family support and care.
            F::Temp => key!("field.temp"),
            F::Fit => key!("field.fit"),
            F::Symptoms => key!("field.symptoms"),
            F::Day => key!("field.day"),
            F::Result => key!("field.result"),
            F::TestedAt => key!("field.tested_at"),
            F::Site => key!("field.site"),
            F::EndAssignment => key!("field.end_assignment"),
            F::Case => key!("field.case"),
            F::CaseCategory => key!("field.category"),
            F::Urgency => key!("field.urgency"),
            F::Summary => key!("field.summary"),
            F::Org => key!("field.org"),
            F::Helper => key!("field.helper"),
            F::Outcome => key!("field.outcome"),
            F::Dependents => key!("field.dependents"),
            F::Elderly => key!("field.elderly"),
            F::Children => key!("field.children"),
            F::Notes => key!("field.note"),
            F::When => key!("field.when"),
            F::Visitors => key!("field.visitors"),
            F::Amount => key!("field.amount"),
            F::ToFamily => key!("field.to_family"),
            F::By => key!("field.by"),
            F::TrainingKind => key!("field.training"),
            F::Policy => key!("field.policy"),
            F::From => key!("field.from"),
            F::Until => key!("field.until"),
            // The roster and the party screen.
            F::StaffCode => key!("field.staff_code"),
            F::PersonCategory => key!("field.category_person"),
            F::SourceUnit => key!("field.source_unit"),
            F::PersonCommunity => key!("field.community_person"),
            F::PersonPhone => key!("field.phone_person"),
            F::Branch => key!("field.branch"),
            F::Residence => key!("field.residence"),
            F::Deeds => key!("field.deeds"),
            F::RetireReason => key!("field.retire_reason"),
            // The Setup screen.
            F::OrgName => key!("field.org_name"),
            F::OrgStreet => key!("field.org_street"),
            F::OrgCommunity => key!("field.org_community"),
            F::OrgPost => key!("field.org_post"),
            F::PostKind => key!("field.post_kind"),
            F::Headcount => key!("field.headcount"),
            F::ShiftPattern => key!("field.shift_pattern"),
            F::ItemCode => key!("field.item_code"),
            F::ItemNameEn => key!("field.item_name_en"),
            F::ItemUnit => key!("field.item_unit"),
            F::Reorder => key!("field.reorder"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub kind: FieldKind,
    pub input: Input,
    /// A default: the first character typed replaces it.
    pub replace: bool,
    /// A picker field's row (id, and the text a command names it by): taken from the list or
    /// prefilled. The field shows its name; typing starts a new pick (`app::picker`).
    pub picked: Option<(i64, String)>,
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
    /// Each picker field's last matches (`app::picker`).
    pub pickers: Vec<super::picker::Picker>,
    /// Picker fields prefilled with a text (an item's code, a depot's name): taken when the
    /// store finds exactly one row for it.
    pub prefill_texts: Vec<FieldKind>,
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
        let kinds = kind.fields();
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
                    picked: None,
                }
            })
            .collect::<Vec<_>>();
        let mut fields = fields;
        form_care::fill(kind, &mut fields, pre);
        // A prefilled row is kept by id (shown by name once looked up); a prefilled text is
        // looked up and taken if it names exactly one row.
        let mut prefill_texts = Vec::new();
        for f in fields.iter_mut() {
            if super::picker::pick_kind(f.kind).is_none() {
                continue;
            }
            let v = f.input.value().trim().to_string();
            if v.is_empty() {
                continue;
            }
            let id = match (f.kind, v.strip_prefix('#')) {
                (_, Some(n)) => n.trim().parse::<i64>().ok(),
                (F::Post | F::AnyPost | F::Community | F::Person, None) => v.parse::<i64>().ok(),
                _ => None,
            };
            match id {
                Some(id) => {
                    f.picked = Some((id, super::picker::id_text(id)));
                    f.input = Input::new(super::picker::id_text(id));
                }
                None => prefill_texts.push(f.kind),
            }
        }
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
            pickers: Vec::new(),
            prefill_texts,
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
        if self.kind != FormKind::Duty(DutyForm::EndRest) {
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
                picked: None,
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
        match self.kind {
            FormKind::Duty(k) => self.duty_command(k, lang, now, tz),
            FormKind::Supplies(k) => self.supplies_command(k, lang, now, tz),
            FormKind::Shifts(k) => self.shift_command(k, lang, now, tz),
            FormKind::Care(k) => self.care_command(k, lang, now, tz),
            FormKind::People(k) => self.people_command(k, lang),
            FormKind::Org(k) => self.org_command(k, lang),
            // The import forms read a file on Enter (`App::import_enter`), no command of theirs.
            FormKind::Import(_) => Err(t(lang, self.kind.title_key()).to_string()),
        }
    }

    /// The command of a duty form.
    fn duty_command(&self, k: DutyForm, lang: Lang, now: Ts, tz: Tz) -> Result<Command, String> {
        use FieldKind as F;
        // The person the lookup found for the exact text, else the one picked.
        let person = PersonRef(match &self.person {
            Some(hit) => crate::store::person_ref::id_form(hit.id),
            None => self.pick_required(lang, F::Person)?,
        });
        let post = || -> Result<i64, String> { self.pick_id_required(lang, F::Post) };
        let time = |k: FieldKind| -> Result<Option<Ts>, String> {
            let v = self.value(k).trim();
            if v.is_empty() {
                Ok(None)
            } else {
                parse_time(v, now, tz).map(Some)
            }
        };
        let ovr = Some(self.value(F::Override).trim().to_string()).filter(|s| !s.is_empty());
        Ok(match k {
            DutyForm::CheckIn => Command::CheckIn {
                person,
                post: post()?,
                override_reason: ovr,
            },
            DutyForm::CheckOut => Command::CheckOut { person },
            DutyForm::Reassign => Command::Reassign {
                person,
                post: post()?,
                start: time(F::Start)?,
                end: time(F::End)?,
                override_reason: ovr,
            },
            DutyForm::ForceRest => {
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
            DutyForm::EndRest => Command::EndRest {
                person,
                reason: Some(self.value(F::EndReason).trim().to_string()).filter(|s| !s.is_empty()),
            },
        })
    }
}
