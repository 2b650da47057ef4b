//! Notifications: when a refresh shows more people over a rest rule, more unacknowledged
//! alerts (a positive test) or more low items than the last one did, the header flashes for a
//! few seconds and the terminal bell rings once (unless switched off in the config).

use super::{App, Effect};

/// For how many refreshes (one at least every 5 s) the header flashes after a new alert.
pub const FLASH_REFRESHES: u8 = 2;

#[derive(Debug, Clone, Default)]
pub struct AlertState {
    /// (overdue, positive tests, low items) at the last refresh; None before the first.
    pub seen: Option<[usize; 3]>,
    /// Refreshes left to flash.
    pub flash: u8,
    /// i18n key of what is new ("alert.overdue" …), for the flash.
    pub what: Option<crate::i18n::Key>,
    /// Ring the terminal bell on a new alert.
    pub bell: bool,
    /// This desk just undid an action: a rise at the next refresh is its own doing (someone
    /// brought back over a rule), not news — counted, not flashed.
    pub quiet: bool,
}

impl App {
    /// Compare the header counts with the last refresh; a rise is a new alert.
    pub(super) fn note_alerts(&mut self) -> Vec<Effect> {
        let c = &self.home.counts;
        let now = [c.overdue, c.alerts, c.low_items];
        let before = self.alerts.seen.replace(now);
        self.alerts.flash = self.alerts.flash.saturating_sub(1);
        let Some(before) = before else {
            return vec![];
        };
        if std::mem::take(&mut self.alerts.quiet) {
            return vec![];
        }
        let keys = [
            crate::key!("alert.overdue"),
            crate::key!("alert.positive"),
            crate::key!("alert.low"),
        ];
        let Some(i) = (0..3).find(|&i| now[i] > before[i]) else {
            return vec![];
        };
        self.alerts.what = Some(keys[i]);
        self.alerts.flash = FLASH_REFRESHES;
        if self.alerts.bell {
            vec![Effect::Bell]
        } else {
            vec![]
        }
    }

    /// `a` on the alerts screen: acknowledge the selected alert through the executor.
    pub(super) fn ack_selected_alert(&mut self) -> Vec<Effect> {
        let crate::app::screens::ScreenData::Alerts(p) = &self.data else {
            return vec![];
        };
        let row = self
            .selected_in_window()
            .and_then(|i| p.rows.get(i))
            .cloned();
        match row.as_ref() {
            // A positive test asks a second key; rest and stock alerts come back if still true.
            Some(r) if r.kind == "positive_test" => {
                let q = super::confirm::ack_question(self, &r.name);
                let cmd = crate::store::commands::Command::AlertAck { key: r.key.clone() };
                vec![Effect::Ask(cmd, q)]
            }
            Some(r) => vec![Effect::Execute(crate::store::commands::Command::AlertAck {
                key: r.key.clone(),
            })],
            None => vec![],
        }
    }

    /// Whether the header shows the new-alert flash now.
    pub fn flashing(&self) -> bool {
        self.alerts.flash > 0
    }
}
