//! `I` on the health screen: a path, `Enter` previews what the import would do
//! (matched, unmatched, ambiguous, positives), a second `Enter` on the same path applies it;
//! the list then shows who has still not reported.

use super::form::{FieldKind, FormKind, Prefill};
use super::paperwork::PaperEffect;
use super::{App, Effect, Mode};
use crate::app::form::ImportForm;
use crate::store::commands::Command;
use crate::store::health_queries::HealthView;

impl App {
    pub(crate) fn open_health_import(&mut self) -> Vec<Effect> {
        self.paper.health = None;
        self.open_prefilled(FormKind::Import(ImportForm::Health), &Prefill::default())
    }

    /// `Enter`: preview a new path; apply one already previewed.
    pub(crate) fn health_import_enter(&mut self) -> Vec<Effect> {
        let Mode::Form(f) = &self.mode else {
            return vec![];
        };
        let path = f.value(FieldKind::FilePath).trim().to_string();
        if path.is_empty() {
            return vec![];
        }
        match &self.paper.health {
            Some((p, cmd)) if *p == path => {
                let cmd = cmd.clone();
                self.paper.health = None;
                let mut effects = vec![Effect::Execute(cmd.clone())];
                // Afterwards: who has still not reported, to call them.
                if matches!(cmd, Command::ImportHealth { .. }) {
                    self.care.health_view = HealthView::Missing;
                    effects.extend(self.restart_list());
                }
                effects
            }
            _ => vec![Effect::Paper(PaperEffect::PreviewHealth(path))],
        }
    }

    pub(crate) fn health_previewed(
        &mut self,
        path: String,
        summary: String,
        cmd: Option<Command>,
    ) -> Vec<Effect> {
        if let Mode::Form(f) = &mut self.mode {
            if cmd.is_some() {
                f.context = Some(summary);
                f.error = None;
            } else {
                f.context = None;
                f.error = Some(summary);
            }
        }
        self.paper.health = cmd.map(|c| (path, c));
        vec![]
    }
}
