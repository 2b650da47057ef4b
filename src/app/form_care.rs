//! The health, family-support and care forms: their fields, their defaults, and how the answers
//! become a `CareCommand`. Answers are read forgivingly (codes, English or Chinese words,
//! numbers); anything unreadable stays in the form with the field named.

use super::form::{Field, FieldKind, Form, FormKind, Prefill};
use crate::domain::care::{parse_day, parse_when, parse_yuan};
use crate::domain::{CaseCategory, Organisation, TestResult, TrainingKind, Ts};
use crate::i18n::Lang;
use crate::i18n::{Key, key, t, words};
use crate::store::commands::{CareCommand, Command, PersonRef};
use chrono_tz::Tz;
use tui_input::Input;

use FieldKind as F;

/// The health, family-support and care forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CareForm {
    Health,
    HealthPhone,
    Test,
    Return,
    Medic,
    CaseOpen,
    CaseAssign,
    CaseProgress,
    CaseResolve,
    CaseNote,
    CaseReopen,
    Family,
    Visit,
    Talk,
    Training,
    Insurance,
}

impl CareForm {
    /// The fields of a care form, in order.
    pub fn fields(self) -> &'static [FieldKind] {
        match self {
            CareForm::Health | CareForm::HealthPhone => {
                &[F::Person, F::Temp, F::Fit, F::Symptoms, F::Note, F::Day]
            }
            CareForm::Test => &[F::Person, F::Result, F::TestedAt, F::Site],
            CareForm::Return => &[F::Person],
            CareForm::Medic => &[F::Person, F::Community, F::EndAssignment],
            CareForm::CaseOpen => &[F::Person, F::CaseCategory, F::Urgency, F::Summary],
            CareForm::CaseAssign => &[F::Case, F::Org, F::Helper],
            CareForm::CaseProgress => &[F::Case],
            CareForm::CaseResolve => &[F::Case, F::Outcome],
            CareForm::CaseNote => &[F::Case, F::Note],
            CareForm::CaseReopen => &[F::Case, F::Reason],
            CareForm::Family => &[F::Person, F::Dependents, F::Elderly, F::Children, F::Notes],
            CareForm::Visit => &[
                F::Person,
                F::Visitors,
                F::Amount,
                F::ToFamily,
                F::When,
                F::Note,
            ],
            CareForm::Talk => &[F::Person, F::By, F::When, F::Note],
            CareForm::Training => &[F::Person, F::TrainingKind, F::When],
            CareForm::Insurance => &[F::Person, F::Policy, F::From, F::Until],
        }
    }

    pub fn title_key(self) -> Key {
        match self {
            CareForm::Health => key!("form.health"),
            CareForm::HealthPhone => key!("form.health_phone"),
            CareForm::Test => key!("form.test"),
            CareForm::Return => key!("form.return"),
            CareForm::Medic => key!("form.medic"),
            CareForm::CaseOpen => key!("form.case_open"),
            CareForm::CaseAssign => key!("form.case_assign"),
            CareForm::CaseProgress => key!("form.case_progress"),
            CareForm::CaseResolve => key!("form.case_resolve"),
            CareForm::CaseNote => key!("form.case_note"),
            CareForm::CaseReopen => key!("form.case_reopen"),
            CareForm::Family => key!("form.family"),
            CareForm::Visit => key!("form.visit"),
            CareForm::Talk => key!("form.talk"),
            CareForm::Training => key!("form.training"),
            CareForm::Insurance => key!("form.insurance"),
        }
    }
}

/// Fill a care form's fields from the selection and the defaults. A default (not taken from
/// the selection) is replaced by the first character typed into it, so a dispatcher types
/// "37.2" over "36.5" without deleting first.
pub fn fill(kind: FormKind, fields: &mut [Field], pre: &Prefill) {
    for f in fields.iter_mut() {
        if let Some((_, v)) = pre.extra.iter().find(|(k, _)| *k == f.kind) {
            f.input = Input::new(v.clone());
            continue;
        }
        let (v, replace) = match (kind, f.kind) {
            (_, F::Case) => (pre.case.map(|c| c.to_string()), false),
            (_, F::Community) => (pre.community.map(|c| c.to_string()), false),
            (FormKind::Care(CareForm::Health) | FormKind::Care(CareForm::HealthPhone), F::Temp) => {
                (Some("36.5".into()), true)
            }
            (_, F::Fit) => (Some("y".into()), true),
            (FormKind::Care(CareForm::Test), F::Result) => (Some("n".into()), true),
            (_, F::EndAssignment) | (_, F::ToFamily) => (Some("n".into()), true),
            (_, F::Urgency) => (Some("2".into()), true),
            (_, F::TrainingKind) => (Some("s".into()), true),
            _ => (None, false),
        };
        if let Some(v) = v {
            f.input = Input::new(v);
            f.replace = replace;
        }
    }
}

fn yes(s: &str, default: bool) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "" => Some(default),
        "y" | "yes" | "1" | "true" | "是" | "好" | "良好" => Some(true),
        "n" | "no" | "0" | "false" | "否" | "不" | "不适" => Some(false),
        _ => None,
    }
}

/// An enum value typed as its number (1-based), code, English or Chinese label, or a prefix.
fn choose<T: Copy + std::fmt::Display>(
    s: &str,
    all: &[T],
    label: crate::i18n::Family,
) -> Option<T> {
    let s = s.trim().to_lowercase();
    if s.is_empty() {
        return None;
    }
    if let Ok(n) = s.parse::<usize>() {
        return all.get(n.checked_sub(1)?).copied();
    }
    let s = s.replace('-', "_");
    all.iter().copied().find(|v| {
        let code = v.to_string();
        let [en, zh] = crate::i18n::both(label, &code);
        let en = en.to_lowercase();
        code.starts_with(&s) || en.starts_with(&s) || zh.starts_with(&s) || s.starts_with(zh)
    })
}

fn result(s: &str) -> Option<TestResult> {
    match s.trim().to_lowercase().as_str() {
        "p" | "pending" | "待" | "待出" => Some(TestResult::Pending),
        "n" | "-" | "neg" | "negative" | "阴" | "阴性" => Some(TestResult::Negative),
        "+" | "pos" | "positive" | "阳" | "阳性" => Some(TestResult::Positive),
        _ => None,
    }
}

fn training(s: &str) -> Option<TrainingKind> {
    match s.trim().to_lowercase().as_str() {
        "s" | "1" => Some(TrainingKind::SelfProtection),
        "p" | "2" => Some(TrainingKind::Psychological),
        other => choose(other, TrainingKind::ALL, words::training),
    }
}

impl Form {
    /// The command a care form asks for.
    pub fn care_command(
        &self,
        kind: CareForm,
        lang: Lang,
        now: Ts,
        tz: Tz,
    ) -> Result<Command, String> {
        self.build_care(kind, lang, now, tz).map(Command::Care)
    }

    fn bad(&self, lang: Lang, k: FieldKind) -> String {
        format!("{}: {}", t(lang, k.label_key()), self.value(k))
    }

    fn build_care(
        &self,
        kind: CareForm,
        lang: Lang,
        now: Ts,
        tz: Tz,
    ) -> Result<CareCommand, String> {
        let v = |k: FieldKind| self.value(k).trim().to_string();
        let bad = |k: FieldKind| self.bad(lang, k);
        let person = || -> Result<PersonRef, String> {
            // A name typed in the form resolves to the person the lookup found, else the one
            // picked.
            Ok(PersonRef(match &self.person {
                Some(hit) => crate::store::person_ref::id_form(hit.id),
                None => self.pick_required(lang, F::Person)?,
            }))
        };
        let int = |k: FieldKind| -> Result<i64, String> {
            let s = v(k);
            if s.is_empty() {
                Ok(0)
            } else {
                s.parse().map_err(|_| bad(k))
            }
        };
        let when = |k: FieldKind| -> Result<Option<Ts>, String> {
            let s = v(k);
            if s.is_empty() {
                Ok(None)
            } else {
                parse_when(&s, now, tz).map(Some).map_err(|_| bad(k))
            }
        };
        let case = || -> Result<i64, String> {
            v(F::Case)
                .trim_start_matches('#')
                .parse()
                .map_err(|_| bad(F::Case))
        };
        Ok(match kind {
            CareForm::Health | CareForm::HealthPhone => {
                let temp = v(F::Temp);
                CareCommand::RecordHealth {
                    person: person()?,
                    day: Some(parse_day(&v(F::Day), now, tz).map_err(|_| bad(F::Day))?),
                    temperature: if temp.is_empty() {
                        None
                    } else {
                        Some(
                            temp.trim_end_matches(['°', 'C', 'c'])
                                .parse()
                                .map_err(|_| bad(F::Temp))?,
                        )
                    },
                    symptoms: v(F::Symptoms),
                    fit: yes(&v(F::Fit), true).ok_or_else(|| bad(F::Fit))?,
                    note: v(F::Note),
                    via_phone: kind == CareForm::HealthPhone,
                }
            }
            CareForm::Test => CareCommand::RecordTest {
                person: person()?,
                tested_at: when(F::TestedAt)?,
                result: result(&v(F::Result)).ok_or_else(|| bad(F::Result))?,
                site: v(F::Site),
            },
            CareForm::Return => CareCommand::ReturnToService { person: person()? },
            CareForm::Medic => CareCommand::AssignMedic {
                person: person()?,
                community: self.pick_id_required(lang, F::Community)?,
                end: yes(&v(F::EndAssignment), false).ok_or_else(|| bad(F::EndAssignment))?,
            },
            CareForm::CaseOpen => CareCommand::OpenCase {
                person: person()?,
                category: choose(&v(F::CaseCategory), CaseCategory::ALL, words::case)
                    .ok_or_else(|| bad(F::CaseCategory))?,
                urgency: int(F::Urgency)?,
                summary: v(F::Summary),
            },
            CareForm::CaseAssign => CareCommand::AssignCase {
                case: case()?,
                organisation: choose(&v(F::Org), Organisation::ALL, words::org)
                    .ok_or_else(|| bad(F::Org))?,
                helper: v(F::Helper),
            },
            CareForm::CaseProgress => CareCommand::ProgressCase { case: case()? },
            CareForm::CaseResolve => CareCommand::ResolveCase {
                case: case()?,
                outcome: v(F::Outcome),
            },
            CareForm::CaseNote => CareCommand::NoteCase {
                case: case()?,
                text: v(F::Note),
            },
            CareForm::CaseReopen => CareCommand::ReopenCase {
                case: case()?,
                reason: v(F::Reason),
            },
            CareForm::Family => CareCommand::SetFamily {
                person: person()?,
                dependents: int(F::Dependents)?,
                elderly: int(F::Elderly)?,
                children: int(F::Children)?,
                notes: v(F::Notes),
            },
            CareForm::Visit => CareCommand::RecordVisit {
                person: person()?,
                at: when(F::When)?,
                to_family: yes(&v(F::ToFamily), false).ok_or_else(|| bad(F::ToFamily))?,
                visitors: v(F::Visitors),
                dues_fen: parse_yuan(&v(F::Amount)).map_err(|_| bad(F::Amount))?,
                note: v(F::Note),
            },
            CareForm::Talk => CareCommand::RecordTalk {
                person: person()?,
                at: when(F::When)?,
                by: v(F::By),
                note: v(F::Note),
            },
            CareForm::Training => CareCommand::RecordTraining {
                person: person()?,
                kind: training(&v(F::TrainingKind)).ok_or_else(|| bad(F::TrainingKind))?,
                at: when(F::When)?,
                note: String::new(),
            },
            CareForm::Insurance => {
                let until = v(F::Until);
                CareCommand::SetInsurance {
                    person: person()?,
                    policy: v(F::Policy),
                    from: when(F::From)?,
                    until: parse_when(&until, now, tz).map_err(|_| bad(F::Until))?,
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_in_either_language() {
        assert_eq!(
            choose("2", CaseCategory::ALL, words::case),
            Some(CaseCategory::Eldercare)
        );
        assert_eq!(
            choose("elder", CaseCategory::ALL, words::case),
            Some(CaseCategory::Eldercare)
        );
        assert_eq!(
            choose("老人", CaseCategory::ALL, words::case),
            Some(CaseCategory::Eldercare)
        );
        assert_eq!(
            choose("工会", Organisation::ALL, words::org),
            Some(Organisation::Union)
        );
        assert_eq!(
            choose("women", Organisation::ALL, words::org),
            Some(Organisation::Women)
        );
        assert_eq!(choose("9", Organisation::ALL, words::org), None);
        assert_eq!(choose("", Organisation::ALL, words::org), None);
        assert_eq!(result("+"), Some(TestResult::Positive));
        assert_eq!(result("阴性"), Some(TestResult::Negative));
        assert_eq!(training("心理"), Some(TrainingKind::Psychological));
        assert_eq!(yes("", true), Some(true));
        assert_eq!(yes("否", true), Some(false));
        assert_eq!(yes("maybe", true), None);
    }
}
