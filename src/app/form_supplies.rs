//! The supplies and logistics forms: which fields each asks, which may stay blank, how the
//! fields are labelled in that form, and how the answers become a `Command`.

use super::form::{FieldKind, Form, FormKind};
use crate::domain::time::parse_time;
use crate::domain::{RequestKind, Ts};
use crate::i18n::Lang;
use crate::i18n::{Key, key, t};
use crate::store::commands::{Adjustment, Command, PersonRef};
use chrono_tz::Tz;

/// The supplies and logistics forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupplyForm {
    StockReceive,
    StockIssue,
    StockTransfer,
    StockAdjust,
    RequestOpen,
    RequestArrange,
    RequestDone,
}

impl SupplyForm {
    pub fn title_key(self) -> Key {
        match self {
            SupplyForm::StockReceive => key!("form.stock_receive"),
            SupplyForm::StockIssue => key!("form.stock_issue"),
            SupplyForm::StockTransfer => key!("form.stock_transfer"),
            SupplyForm::StockAdjust => key!("form.stock_adjust"),
            SupplyForm::RequestOpen => key!("form.request_open"),
            SupplyForm::RequestArrange => key!("form.request_arrange"),
            SupplyForm::RequestDone => key!("form.request_done"),
        }
    }

    /// Fields in the order the form asks them.
    pub fn fields(self) -> &'static [FieldKind] {
        use FieldKind as F;
        match self {
            SupplyForm::StockReceive => &[F::Item, F::Depot, F::Quantity, F::Supplier],
            SupplyForm::StockIssue => &[F::Item, F::Depot, F::Quantity, F::Post, F::Person],
            SupplyForm::StockTransfer => &[F::Item, F::Depot, F::ToDepot, F::Quantity],
            SupplyForm::StockAdjust => &[F::Item, F::Depot, F::Change, F::Reason],
            SupplyForm::RequestOpen => &[
                F::Kind,
                F::Post,
                F::Person,
                F::Quantity,
                F::NeededBy,
                F::Note,
            ],
            SupplyForm::RequestArrange => &[F::Request, F::Note],
            SupplyForm::RequestDone => &[F::Request],
        }
    }
}

/// Fields that may stay blank: a new form starts on the first empty field that is not one.
pub(super) fn optional(kind: FormKind, field: FieldKind) -> bool {
    use FieldKind as F;
    let FormKind::Supplies(kind) = kind else {
        return false;
    };
    match field {
        F::Depot | F::Supplier | F::Note | F::Person => true,
        F::Post => kind == SupplyForm::StockIssue,
        _ => false,
    }
}

impl Form {
    /// The label of a field in this form (a person is optional when issuing stock, a depot is
    /// the one stock leaves in a transfer, …).
    pub fn label_key(&self, field: FieldKind) -> Key {
        use FieldKind as F;
        match (self.kind, field) {
            (FormKind::Supplies(SupplyForm::StockIssue), F::Post) => key!("field.issue_post"),
            (FormKind::Supplies(SupplyForm::StockIssue), F::Person) => {
                key!("field.person_optional")
            }
            (FormKind::Supplies(SupplyForm::StockTransfer), F::Depot) => key!("field.from_depot"),
            (FormKind::Supplies(SupplyForm::RequestOpen), F::Post) => key!("field.requester_post"),
            (FormKind::Supplies(SupplyForm::RequestOpen), F::Person) => {
                key!("field.requester_person")
            }
            (FormKind::Supplies(SupplyForm::RequestArrange), F::Note) => key!("field.arrangement"),
            _ => field.label_key(),
        }
    }

    pub(super) fn supplies_command(
        &self,
        kind: SupplyForm,
        lang: Lang,
        now: Ts,
        tz: Tz,
    ) -> Result<Command, String> {
        use FieldKind as F;
        let text = |k: FieldKind| self.value(k).trim().to_string();
        let opt = |k: FieldKind| Some(text(k)).filter(|s| !s.is_empty());
        let bad = |k: FieldKind| format!("{}: {}", t(lang, self.label_key(k)), text(k));
        let int = |k: FieldKind| text(k).parse::<i64>().map_err(|_| bad(k));
        let required = |k: FieldKind| opt(k).ok_or_else(|| t(lang, self.label_key(k)).to_string());
        // A person typed by name resolves to the one the lookup found, else the one picked.
        let person = match &self.person {
            Some(hit) => Some(crate::store::person_ref::id_form(hit.id)),
            None => self.pick_arg(lang, F::Person)?,
        }
        .map(PersonRef);
        let post = || -> Result<Option<i64>, String> { self.pick_id(lang, F::Post) };
        let item = || self.pick_required(lang, F::Item);
        let depot = || self.pick_arg(lang, F::Depot);
        Ok(match kind {
            SupplyForm::StockReceive => Command::StockReceive {
                item: item()?,
                depot: depot()?,
                quantity: int(F::Quantity)?,
                from: opt(F::Supplier),
            },
            SupplyForm::StockIssue => Command::StockIssue {
                item: item()?,
                depot: depot()?,
                quantity: int(F::Quantity)?,
                post: post()?,
                person,
            },
            SupplyForm::StockTransfer => Command::StockTransfer {
                item: item()?,
                from: depot()?,
                to: self.pick_required(lang, F::ToDepot)?,
                quantity: int(F::Quantity)?,
            },
            SupplyForm::StockAdjust => {
                let c = text(F::Change);
                let change = match c.strip_prefix('=') {
                    Some(n) => Adjustment::To(n.trim().parse().map_err(|_| bad(F::Change))?),
                    None => Adjustment::By(
                        c.trim_start_matches('+')
                            .parse()
                            .map_err(|_| bad(F::Change))?,
                    ),
                };
                Command::StockAdjust {
                    item: item()?,
                    depot: depot()?,
                    change,
                    reason: text(F::Reason),
                }
            }
            SupplyForm::RequestOpen => Command::RequestOpen {
                kind: RequestKind::from_input(&text(F::Kind))
                    .ok_or_else(|| format!("{}: {}", t!(lang, "form.no_kind"), text(F::Kind)))?,
                post: post()?,
                person,
                quantity: int(F::Quantity)?,
                needed_by: parse_time(&required(F::NeededBy)?, now, tz)?,
                note: opt(F::Note),
            },
            SupplyForm::RequestArrange => Command::RequestArrange {
                id: int(F::Request)?,
                note: opt(F::Note),
            },
            SupplyForm::RequestDone => Command::RequestDone {
                id: int(F::Request)?,
            },
        })
    }
}
