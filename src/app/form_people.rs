//! The roster's and party screen's forms: their fields, and the command their answers make.
//! Values are passed on as typed (Chinese or English words); the executor validates them.

use super::form::{FieldKind as F, Form};
use crate::i18n::Lang;
use crate::i18n::t;
use crate::i18n::{Key, key};
use crate::store::commands::{Command, PeopleCommand as P, PersonRef};

/// The roster's and the party screen's forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeopleForm {
    PersonAdd,
    PersonEdit,
    PersonRetire,
    PersonReinstate,
    PartySet,
    Flag,
    Nominate,
}

impl PeopleForm {
    /// The fields of a people form, in order.
    pub fn fields(self) -> &'static [F] {
        match self {
            PeopleForm::PersonAdd => &[
                F::Name,
                F::PersonCategory,
                F::SourceUnit,
                F::PersonCommunity,
                F::PersonPhone,
                F::Party,
                F::StaffCode,
            ],
            PeopleForm::PersonEdit => &[
                F::StaffCode,
                F::Name,
                F::PersonCategory,
                F::SourceUnit,
                F::PersonCommunity,
                F::PersonPhone,
            ],
            PeopleForm::PersonRetire => &[F::RetireReason],
            PeopleForm::PersonReinstate => &[F::RetireReason],
            PeopleForm::PartySet => &[F::Party, F::Branch, F::Residence],
            PeopleForm::Flag => &[F::Note],
            PeopleForm::Nominate => &[F::Deeds],
        }
    }

    pub fn title_key(self) -> Key {
        match self {
            PeopleForm::PersonAdd => key!("form.person_add"),
            PeopleForm::PersonEdit => key!("form.person_edit"),
            PeopleForm::PersonRetire => key!("form.person_retire"),
            PeopleForm::PersonReinstate => key!("form.person_reinstate"),
            PeopleForm::PartySet => key!("form.party"),
            PeopleForm::Flag => key!("form.flag"),
            PeopleForm::Nominate => key!("form.nominate"),
        }
    }
}

impl Form {
    /// The command of a people form.
    pub(super) fn people_command(&self, kind: PeopleForm, lang: Lang) -> Result<Command, String> {
        let v = |k: F| self.value(k).trim().to_string();
        // The person is the row the form was opened on (`about`).
        let person = || -> Result<PersonRef, String> {
            self.about
                .map(PersonRef::id)
                .ok_or_else(|| t!(lang, "field.person").to_string())
        };
        let cmd = || -> Result<P, String> {
            Ok(match kind {
                PeopleForm::PersonAdd => P::Add {
                    staff_code: v(F::StaffCode),
                    name: v(F::Name),
                    category: v(F::PersonCategory),
                    source_unit: v(F::SourceUnit),
                    community: self.pick_arg(lang, F::PersonCommunity)?.unwrap_or_default(),
                    phone: v(F::PersonPhone),
                    party_status: v(F::Party),
                },
                PeopleForm::PersonEdit => P::Edit {
                    person: person()?,
                    staff_code: Some(v(F::StaffCode)).filter(|s| !s.is_empty()),
                    name: Some(v(F::Name)),
                    category: Some(v(F::PersonCategory)),
                    source_unit: Some(v(F::SourceUnit)),
                    community: Some(self.pick_arg(lang, F::PersonCommunity)?.unwrap_or_default()),
                    phone: Some(v(F::PersonPhone)),
                },
                PeopleForm::PersonRetire => P::Retire {
                    person: person()?,
                    reason: v(F::RetireReason),
                },
                PeopleForm::PersonReinstate => P::Reinstate {
                    person: person()?,
                    reason: v(F::RetireReason),
                },
                PeopleForm::PartySet => P::SetParty {
                    person: person()?,
                    status: Some(v(F::Party)),
                    branch: Some(v(F::Branch)),
                    residence: Some(v(F::Residence)),
                },
                PeopleForm::Flag => P::Flag {
                    person: person()?,
                    note: v(F::Note),
                },
                PeopleForm::Nominate => P::Nominate {
                    person: person()?,
                    deeds: v(F::Deeds),
                },
            })
        };
        cmd().map(Command::People)
    }
}
