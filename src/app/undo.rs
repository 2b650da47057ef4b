//! Undo is per desk. `u` reverses only what this console did; anyone's action is
//! undone from the audit screen (`U` on its entry), which names whose action it is and asks a
//! second key. The command names the entry's operator (`Command::UndoEntry { of }`), so the
//! store knows the user saw whose work they reverse.

use super::screens::ScreenData;
use super::{App, Effect, Status};
use crate::i18n::{t, ux::action_words};
use crate::store::commands::Command;
use crate::store::queries::AuditRow;

impl App {
    /// `U` on the audit screen: the selected entry. Its person is looked up first, so the
    /// question can name them (`undo_looked_up` asks).
    pub(super) fn undo_selected_entry(&mut self) -> Vec<Effect> {
        let ScreenData::Audit(page) = &self.data else {
            return vec![];
        };
        let Some(row) = self
            .selected_in_window()
            .and_then(|i| page.rows.get(i))
            .cloned()
        else {
            return vec![];
        };
        match person_of(&row) {
            Some(id) => {
                self.undo_pick = Some(Box::new(row));
                vec![Effect::Lookup {
                    person: crate::store::person_ref::id_form(id),
                    post: None,
                }]
            }
            None => self.ask_undo(&row, None),
        }
    }

    /// `Enter` on the audit screen: the selected entry in words, in a detail view.
    pub(super) fn open_audit_detail(&mut self) {
        let ScreenData::Audit(page) = &self.data else {
            return;
        };
        let Some(row) = self.selected_in_window().and_then(|i| page.rows.get(i)) else {
            return;
        };
        let title = format!(
            "{} {}",
            crate::app::screens::Screen::Audit.title(self.lang),
            row.id
        );
        let lines = crate::i18n::audit::detail(self.lang, self.tz, row);
        self.mode = super::Mode::Detail(Box::new(super::Detail { title, lines }));
    }

    /// The entry's person, looked up (`None`: no longer on the roster, shown by id).
    pub(super) fn undo_looked_up(&mut self, row: &AuditRow, name: Option<String>) -> Vec<Effect> {
        let name = name.or_else(|| person_of(row).map(crate::store::person_ref::id_form));
        self.ask_undo(row, name)
    }

    fn ask_undo(&mut self, row: &AuditRow, name: Option<String>) -> Vec<Effect> {
        let l = self.lang;
        let when = {
            let (at, now) = (
                crate::domain::time::to_local(row.at, self.tz),
                crate::domain::time::to_local(self.now, self.tz),
            );
            at.format(if at.date_naive() == now.date_naive() {
                "%H:%M"
            } else {
                "%m-%d %H:%M"
            })
            .to_string()
        };
        let q = match &name {
            Some(_) => t!(l, "confirm.undo_entry"),
            None => t!(l, "confirm.undo_entry_plain"),
        }
        .replace("{who}", &row.operator)
        .replace("{what}", &action_words(l, &row.action))
        .replace("{name}", name.as_deref().unwrap_or(""))
        .replace("{when}", &when);
        let cmd = Command::UndoEntry {
            id: row.id,
            of: row.operator.clone(),
        };
        vec![Effect::Ask(cmd, q)]
    }

    /// `u` found nothing of this desk's to undo, and the last action that could be undone is
    /// another desk's: say so, and where it can be undone.
    pub(super) fn undo_elsewhere(&mut self, row: &AuditRow) -> Vec<Effect> {
        let l = self.lang;
        let key = self
            .keymap
            .bindings
            .iter()
            .find(|b| b.action == super::keys::KeyAction::Go(super::keys::Screen::Audit))
            .map_or("A", |b| b.label.as_str());
        self.status = Status {
            text: t!(l, "undo.elsewhere")
                .replace("{id}", &row.id.to_string())
                .replace("{who}", &row.operator)
                .replace("{what}", &action_words(l, &row.action))
                .replace("{screen}", crate::app::screens::Screen::Audit.title(l))
                .replace("{key}", key),
            error: true,
        };
        vec![Effect::Refresh]
    }
}

/// The person an entry acted on: its details' `person_id`, else a `person:N` target.
fn person_of(row: &AuditRow) -> Option<i64> {
    row.details["person_id"].as_i64().or_else(|| {
        row.target
            .strip_prefix("person:")
            .and_then(|n| n.parse().ok())
    })
}
