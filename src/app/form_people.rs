//! The roster's and party screen's forms: their fields, and the command their answers make.
//! Values are passed on as typed (Chinese or English words); the executor validates them.

use super::form::{FieldKind as F, Form, FormKind};
use crate::i18n::Lang;
use crate::i18n::{Key, key, t};
use crate::store::commands::{Command, PeopleCommand as P, PersonRef};

/// The fields of a people form (`None` for the other forms).
pub fn fields(kind: FormKind) -> Option<&'static [F]> {
    Some(match kind {
        FormKind::PersonAdd => &[
            F::Name,
            F::PersonCategory,
            F::SourceUnit,
            F::PersonCommunity,
            F::PersonPhone,
            F::Party,
            F::StaffCode,
        ],
        FormKind::PersonEdit => &[
            F::StaffCode,
            F::Name,
            F::PersonCategory,
            F::SourceUnit,
            F::PersonCommunity,
            F::PersonPhone,
        ],
        FormKind::PersonRetire => &[F::RetireReason],
        FormKind::PersonReinstate => &[F::RetireReason],
        FormKind::PartySet => &[F::Party, F::Branch, F::Residence],
        FormKind::Flag => &[F::Note],
        FormKind::Nominate => &[F::Deeds],
        _ => return None,
    })
}

pub fn title_key(kind: FormKind) -> Option<Key> {
    Some(match kind {
        FormKind::PersonAdd => key!("form.person_add"),
        FormKind::PersonEdit => key!("form.person_edit"),
        FormKind::PersonRetire => key!("form.person_retire"),
        FormKind::PersonReinstate => key!("form.person_reinstate"),
        FormKind::PartySet => key!("form.party"),
        FormKind::Flag => key!("form.flag"),
        FormKind::Nominate => key!("form.nominate"),
        _ => return None,
    })
}

pub fn label_key(k: F) -> Option<Key> {
    Some(match k {
        F::StaffCode => key!("field.staff_code"),
        F::PersonCategory => key!("field.category_person"),
        F::SourceUnit => key!("field.source_unit"),
        F::PersonCommunity => key!("field.community_person"),
        F::PersonPhone => key!("field.phone_person"),
        F::Branch => key!("field.branch"),
        F::Residence => key!("field.residence"),
        F::Deeds => key!("field.deeds"),
        F::RetireReason => key!("field.retire_reason"),
        _ => return None,
    })
}

impl Form {
    /// The command of a people form, or `None` for the other forms.
    pub(super) fn people_command(&self, lang: Lang) -> Option<Result<Command, String>> {
        fields(self.kind)?;
        let v = |k: F| self.value(k).trim().to_string();
        // The person is the row the form was opened on (`about`).
        let person = || -> Result<PersonRef, String> {
            self.about
                .map(PersonRef::id)
                .ok_or_else(|| t!(lang, "field.person").to_string())
        };
        let cmd = || -> Result<P, String> {
            Ok(match self.kind {
                FormKind::PersonAdd => P::Add {
                    staff_code: v(F::StaffCode),
                    name: v(F::Name),
                    category: v(F::PersonCategory),
                    source_unit: v(F::SourceUnit),
                    community: v(F::PersonCommunity),
                    phone: v(F::PersonPhone),
                    party_status: v(F::Party),
                },
                FormKind::PersonEdit => P::Edit {
                    person: person()?,
                    staff_code: Some(v(F::StaffCode)).filter(|s| !s.is_empty()),
                    name: Some(v(F::Name)),
                    category: Some(v(F::PersonCategory)),
                    source_unit: Some(v(F::SourceUnit)),
                    community: Some(v(F::PersonCommunity)),
                    phone: Some(v(F::PersonPhone)),
                },
                FormKind::PersonRetire => P::Retire {
                    person: person()?,
                    reason: v(F::RetireReason),
                },
                FormKind::PersonReinstate => P::Reinstate {
                    person: person()?,
                    reason: v(F::RetireReason),
                },
                FormKind::PartySet => P::SetParty {
                    person: person()?,
                    status: Some(v(F::Party)),
                    branch: Some(v(F::Branch)),
                    residence: Some(v(F::Residence)),
                },
                FormKind::Flag => P::Flag {
                    person: person()?,
                    note: v(F::Note),
                },
                FormKind::Nominate => P::Nominate {
                    person: person()?,
                    deeds: v(F::Deeds),
                },
                _ => return Err(format!("{:?}", self.kind)),
            })
        };
        Some(cmd().map(Command::People))
    }
}
