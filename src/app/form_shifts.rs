//! The schedule's forms: which fields each asks, and the command its answers make. Parsing
//! errors stay in the form; the executor decides everything else.

use super::form::{FieldKind as F, Form};
use crate::domain::time::{parse_day, parse_time};
use crate::domain::{RestKind, Ts};
use crate::i18n::Lang;
use crate::i18n::t;
use crate::i18n::{Key, key};
use crate::store::commands::{Command, PersonRef};
use chrono_tz::Tz;

/// The schedule's forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftForm {
    PlanShift,
    MoveShift,
    CancelShift,
    CopyDay,
    Rest,
    Convert,
    LedgerAdjust,
}

impl ShiftForm {
    pub fn title_key(self) -> Key {
        match self {
            ShiftForm::PlanShift => key!("form.plan_shift"),
            ShiftForm::MoveShift => key!("form.move_shift"),
            ShiftForm::CancelShift => key!("form.cancel_shift"),
            ShiftForm::CopyDay => key!("form.copy_day"),
            ShiftForm::Rest => key!("form.rest"),
            ShiftForm::Convert => key!("form.convert"),
            ShiftForm::LedgerAdjust => key!("form.ledger_adjust"),
        }
    }

    /// The fields of each schedule form, in order.
    pub fn fields(self) -> &'static [F] {
        match self {
            ShiftForm::PlanShift => &[F::Person, F::Post, F::ShiftStart, F::ShiftEnd, F::Override],
            ShiftForm::MoveShift => &[F::Post, F::Start, F::End, F::Override],
            ShiftForm::CancelShift => &[F::Note],
            ShiftForm::CopyDay => &[F::Date, F::Days, F::AnyPost],
            ShiftForm::Rest => &[F::Person, F::RestKind, F::ShiftStart, F::Hours, F::Note],
            ShiftForm::Convert => &[
                F::Name,
                F::Community,
                F::Party,
                F::Dual,
                F::Unit,
                F::Phone,
                F::Note,
            ],
            ShiftForm::LedgerAdjust => &[F::Person, F::Hours, F::Reason],
        }
    }
}

/// A rest kind as typed: the English word or the Chinese term (forced rest has its own form).
pub fn parse_rest_kind(s: &str) -> Option<RestKind> {
    match s.trim() {
        "轮休" | "r" => Some(RestKind::Rotation),
        "调休" | "s" => Some(RestKind::Swapped),
        "补休" | "c" => Some(RestKind::Compensatory),
        x => RestKind::parse(&x.to_lowercase()).filter(|k| *k != RestKind::Forced),
    }
}

/// 政治面貌 as typed: the stored word or the Chinese term.
fn parse_party(s: &str) -> String {
    match s.trim() {
        "党员" | "中共党员" => "member".into(),
        "积极分子" | "入党积极分子" => "activist".into(),
        "申请人" | "入党申请人" => "applicant".into(),
        "" | "群众" | "无" => "none".into(),
        x => x.to_lowercase(),
    }
}

impl Form {
    /// The command of a schedule form.
    pub(super) fn shift_command(
        &self,
        kind: ShiftForm,
        lang: Lang,
        now: Ts,
        tz: Tz,
    ) -> Result<Command, String> {
        let v = |k: F| self.value(k).trim().to_string();
        let bad = |k: F| format!("{}: {}", t(lang, k.label_key()), self.value(k));
        let need = |k: F| -> Result<String, String> {
            let x = v(k);
            if x.is_empty() {
                Err(t(lang, k.label_key()).to_string())
            } else {
                Ok(x)
            }
        };
        let time = |k: F| -> Result<Ts, String> { parse_time(&need(k)?, now, tz) };
        let opt_time = |k: F| -> Result<Option<Ts>, String> {
            let x = v(k);
            if x.is_empty() {
                Ok(None)
            } else {
                parse_time(&x, now, tz).map(Some)
            }
        };
        let hours =
            || -> Result<f64, String> { need(F::Hours)?.parse::<f64>().map_err(|_| bad(F::Hours)) };
        // A name typed in the person field resolves to the person the lookup found.
        let person = || -> Result<PersonRef, String> {
            Ok(PersonRef(match &self.person {
                Some(hit) => crate::store::person_ref::id_form(hit.id),
                None => self.pick_required(lang, F::Person)?,
            }))
        };
        let ovr = Some(v(F::Override)).filter(|s| !s.is_empty());
        let shift = || self.shift.ok_or_else(|| "no shift selected".to_string());
        Ok(match kind {
            ShiftForm::PlanShift => Command::ShiftPlan {
                person: person()?,
                post: self.pick_id_required(lang, F::Post)?,
                start: time(F::ShiftStart)?,
                end: time(F::ShiftEnd)?,
                replaces: self.shift,
                override_reason: ovr,
            },
            ShiftForm::MoveShift => Command::ShiftMove {
                shift: shift()?,
                post: Some(self.pick_id_required(lang, F::Post)?),
                start: opt_time(F::Start)?,
                end: opt_time(F::End)?,
                override_reason: ovr,
            },
            ShiftForm::CancelShift => Command::ShiftCancel {
                shift: shift()?,
                reason: v(F::Note),
            },
            ShiftForm::CopyDay => Command::ShiftCopyDay {
                day: parse_day(&need(F::Date)?, now, tz)?,
                days: need(F::Days)?.parse::<u32>().map_err(|_| bad(F::Days))?,
                post: self.pick_id(lang, F::AnyPost)?,
            },
            ShiftForm::Rest => Command::Rest {
                person: person()?,
                kind: parse_rest_kind(&need(F::RestKind)?).ok_or_else(|| bad(F::RestKind))?,
                start: time(F::ShiftStart)?,
                hours: hours()?,
                reason: v(F::Note),
            },
            ShiftForm::Convert => Command::Convert {
                name: need(F::Name)?,
                community: self.pick_required(lang, F::Community)?,
                party_status: parse_party(&v(F::Party)),
                source_unit: v(F::Unit),
                phone: v(F::Phone),
                dual_registered: matches!(
                    v(F::Dual).to_lowercase().as_str(),
                    "y" | "yes" | "是" | "1" | "true"
                ),
                note: v(F::Note),
            },
            ShiftForm::LedgerAdjust => Command::LedgerAdjust {
                person: person()?,
                hours: hours()?,
                reason: v(F::Reason),
            },
        })
    }
}
