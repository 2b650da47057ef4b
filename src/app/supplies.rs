//! Supplies and logistics actions: which item or request the selected row names, and the forms
//! its keys open (prefilled from that row, so receiving or issuing is a few keys).

use super::form::{Form, FormKind, Prefill};
use super::keys::{Panel, Screen};
use super::screens::ScreenData;
use super::{App, Effect, Mode, Status};
use crate::app::form::SupplyForm;
use crate::i18n::t;
use crate::store::queries::SupplyRow;
use crate::store::supplies_queries::RequestRow;

impl App {
    /// The item on the selected row: of the supplies screen, or of the home Supplies panel.
    pub fn selected_item(&self) -> Option<&SupplyRow> {
        let i = self.selected_in_window()?;
        match (&self.screen, &self.data) {
            (Screen::Supplies, ScreenData::Supplies(s)) => s.items.rows.get(i).map(|l| &l.row),
            (Screen::Home, _) if self.focus == Panel::Supplies => self.home.supplies.rows.get(i),
            _ => None,
        }
    }

    /// The request on the selected row of the requests screen.
    pub fn selected_request(&self) -> Option<&RequestRow> {
        let i = self.selected_in_window()?;
        match (&self.screen, &self.data) {
            (Screen::Requests, ScreenData::Requests(p)) => p.rows.get(i),
            _ => None,
        }
    }

    pub(super) fn open_supplies_form(&mut self, kind: FormKind) -> Vec<Effect> {
        let needs_request = matches!(
            kind,
            FormKind::Supplies(SupplyForm::RequestArrange)
                | FormKind::Supplies(SupplyForm::RequestDone)
        );
        let request = self.selected_request().map(|r| r.id);
        if needs_request && request.is_none() {
            self.status = Status {
                text: t!(self.lang, "needs_request_row").to_string(),
                error: true,
            };
            return vec![];
        }
        let pre = Prefill {
            item: self.selected_item().map(|r| r.code.clone()),
            request,
            ..Default::default()
        };
        self.mode = Mode::Form(Box::new(Form::new(kind, &pre)));
        let mut e = self.lookup_effect();
        e.extend(self.prefill_picks());
        e
    }

    /// Stock lists re-sort as cover changes: after a refresh the selection stays on the item it
    /// was on (when that item is still in the loaded rows), so the next key acts on it again.
    pub(super) fn keep_item_selected(&mut self, item: Option<i64>) {
        let Some(id) = item else {
            return;
        };
        let at = match (&self.screen, &self.data) {
            (Screen::Supplies, ScreenData::Supplies(s)) => {
                s.items.rows.iter().position(|l| l.row.id == id)
            }
            (Screen::Home, _) if self.focus == Panel::Supplies => {
                self.home.supplies.rows.iter().position(|r| r.id == id)
            }
            _ => None,
        };
        if let Some(i) = at {
            let l = self.list_mut();
            l.selected = l.offset + i;
        }
    }
}
