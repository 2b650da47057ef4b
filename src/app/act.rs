//! What each key of the key table does in the console's state: one match over `KeyAction`.

use super::*;
use crate::app::form::{DutyForm, SupplyForm};

impl App {
    /// Carry out one action of the key table (already resolved from the key and the screen).
    pub(super) fn act(&mut self, a: KeyAction) -> Vec<Effect> {
        let ix = self.focus.index();
        let page = self.current_page().max(1);
        let total = self.current_total();
        let sel = self.list().selected;
        let to = |n: usize| n.min(total.saturating_sub(1));
        if let Some(e) = self.person_scroll(a) {
            return e;
        }
        match a {
            KeyAction::Quit => return vec![Effect::Quit],
            KeyAction::Help => self.mode = Mode::Help,
            KeyAction::NextPanel => self.focus = Panel::ALL[(ix + 1) % 4],
            KeyAction::PrevPanel => self.focus = Panel::ALL[(ix + 3) % 4],
            KeyAction::Focus(n) => self.focus = Panel::ALL[n.min(3)],
            KeyAction::Up => self.list_mut().selected = to(sel.saturating_sub(1)),
            KeyAction::Down => self.list_mut().selected = to(sel + 1),
            KeyAction::PageUp => self.list_mut().selected = to(sel.saturating_sub(page)),
            KeyAction::PageDown => self.list_mut().selected = to(sel + page),
            KeyAction::Top => self.list_mut().selected = 0,
            KeyAction::Bottom => self.list_mut().selected = to(usize::MAX),
            KeyAction::Filter => {
                self.mode = Mode::Filter(tui_input::Input::new(self.list().filter));
                return vec![];
            }
            KeyAction::Back => {
                self.clear_stale_error();
                if !self.list().filter.is_empty() {
                    *self.list_mut() = ListState::default();
                    return vec![Effect::Refresh];
                }
                if self.screen != Screen::Home {
                    self.back();
                    return vec![Effect::Refresh];
                }
            }
            KeyAction::Undo => return vec![Effect::Execute(Command::Undo)],
            KeyAction::UndoEntry => return self.undo_selected_entry(),
            KeyAction::Desk(k) => return self.desk_act(k),
            KeyAction::AuditDetail => {
                self.open_audit_detail();
                return vec![];
            }
            KeyAction::Go(s) => {
                self.go_to(s);
                return vec![Effect::Refresh];
            }
            KeyAction::CheckIn => return self.open_form(FormKind::Duty(DutyForm::CheckIn)),
            KeyAction::CheckOut => return self.open_form(FormKind::Duty(DutyForm::CheckOut)),
            KeyAction::Reassign => return self.open_form(FormKind::Duty(DutyForm::Reassign)),
            KeyAction::ForceRest => return self.open_form(FormKind::Duty(DutyForm::ForceRest)),
            KeyAction::EndRest => return self.open_form(FormKind::Duty(DutyForm::EndRest)),
            KeyAction::StockReceive => {
                return self.open_supplies_form(FormKind::Supplies(SupplyForm::StockReceive));
            }
            KeyAction::StockIssue => {
                return self.open_supplies_form(FormKind::Supplies(SupplyForm::StockIssue));
            }
            KeyAction::StockTransfer => {
                return self.open_supplies_form(FormKind::Supplies(SupplyForm::StockTransfer));
            }
            KeyAction::StockAdjust => {
                return self.open_supplies_form(FormKind::Supplies(SupplyForm::StockAdjust));
            }
            KeyAction::RequestOpen => {
                return self.open_supplies_form(FormKind::Supplies(SupplyForm::RequestOpen));
            }
            KeyAction::RequestArrange => {
                return self.open_supplies_form(FormKind::Supplies(SupplyForm::RequestArrange));
            }
            KeyAction::RequestDone => {
                return self.open_supplies_form(FormKind::Supplies(SupplyForm::RequestDone));
            }
            KeyAction::Sched(k) => return self.sched_key(k),
            KeyAction::Care(k) => return self.care_act(k),
            KeyAction::Palette => return self.open_palette(),
            KeyAction::AlertAck => return self.ack_selected_alert(),
            // On the health screen the same key imports health reports or test results.
            KeyAction::ImportRoster if self.screen == Screen::Health => {
                return self.open_health_import();
            }
            KeyAction::ImportRoster => return self.open_import(),
            KeyAction::DailyReport => {
                return vec![Effect::Paper(paperwork::PaperEffect::DailyReport)];
            }
            KeyAction::Export => return vec![Effect::Paper(paperwork::PaperEffect::Export)],
            KeyAction::People(k) => return self.people_act(k),
            KeyAction::Setup(k) => return self.setup_act(k),
            KeyAction::RestingView => {
                self.resting_all = !self.resting_all;
                *self.list_mut() = ListState {
                    filter: self.list().filter,
                    ..Default::default()
                };
                return vec![Effect::Refresh];
            }
        }
        // Scrolling: keep the selection inside the window; re-query only when it moves.
        let l = self.list_mut();
        let old = l.offset;
        if l.selected < l.offset {
            l.offset = l.selected;
        } else if l.selected >= l.offset + page {
            l.offset = l.selected + 1 - page;
        }
        if l.offset != old {
            vec![Effect::Refresh]
        } else {
            self.pick_gate_effect()
        }
    }
}
