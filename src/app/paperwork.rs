//! Less paperwork from the console: `I` imports a roster (a dry-run summary
//! first, `Enter` again to import), `D` writes today's daily report, `E` exports the current
//! list. The console does the file work (`Effect::Paper`); results come back as
//! `Action::Paper`.

use super::form::{FieldKind, FormKind, Prefill};
use super::{App, Effect, Mode, Status};
use crate::app::form::ImportForm;
use crate::import::RosterRow;
use crate::store::commands::Command;

/// File work the console performs for the app.
#[derive(Debug, Clone, PartialEq)]
pub enum PaperEffect {
    /// Read and check a roster file; answer with `PaperResult::Previewed`.
    PreviewImport(String),
    /// Read, check and match a health form export or lab list (`PaperResult::PreviewedHealth`).
    PreviewHealth(String),
    /// Complete the path field's text against the file system (`PaperResult::Completed`).
    CompletePath(String),
    /// Write today's daily report beside the database.
    DailyReport,
    /// Write the handover sheet (Markdown and XLSX) beside the database.
    Handover,
    /// Write the current screen's whole list beside the database.
    Export,
}

/// What the console's file work came to.
#[derive(Debug, Clone, PartialEq)]
pub enum PaperResult {
    /// `rows`: `Some` when the file can be imported as it is.
    Previewed {
        path: String,
        summary: String,
        rows: Option<Vec<RosterRow>>,
    },
    /// A file written (its path) or why not.
    Wrote(Result<String, String>),
    /// The path field's text `typed`, completed.
    Completed {
        typed: String,
        completion: crate::path_complete::Completion,
    },
    /// `cmd`: the import to run on `Enter`, when the file can be imported as it is (boxed: a
    /// `Command` is larger than every other result).
    PreviewedHealth {
        path: String,
        summary: String,
        cmd: Option<Box<Command>>,
    },
}

/// A job the console runs off its loop (an import, export, report, backup), for the footer's
/// gauge: what it is doing and how far it is (`total` 0: no count known).
#[derive(Debug, Clone, PartialEq)]
pub struct JobGauge {
    /// Catalogue key of what it is doing (`job.import` …).
    pub what: crate::i18n::Key,
    pub done: u64,
    pub total: u64,
}

/// The import form's last preview: which file, and its good rows.
#[derive(Debug, Clone, Default)]
pub struct PaperState {
    pub previewed: Option<(String, Vec<RosterRow>)>,
    /// The health import form's last preview: which file, and the command it would run.
    pub health: Option<(String, Command)>,
}

impl App {
    pub(crate) fn open_import(&mut self) -> Vec<Effect> {
        self.paper.previewed = None;
        self.open_prefilled(FormKind::Import(ImportForm::Roster), &Prefill::default())
    }

    /// `Enter` in the import form: preview a new path; import one already previewed.
    pub(crate) fn import_enter(&mut self) -> Vec<Effect> {
        let Mode::Form(f) = &self.mode else {
            return vec![];
        };
        let path = f.value(FieldKind::FilePath).trim().to_string();
        if path.is_empty() {
            return vec![];
        }
        match &self.paper.previewed {
            Some((p, rows)) if *p == path => vec![Effect::Execute(Command::ImportRoster {
                rows: rows.clone(),
                skipped: 0,
            })],
            _ => vec![Effect::Paper(PaperEffect::PreviewImport(path))],
        }
    }

    pub(crate) fn paper_result(&mut self, r: PaperResult) -> Vec<Effect> {
        match r {
            PaperResult::Previewed {
                path,
                summary,
                rows,
            } => {
                if let Mode::Form(f) = &mut self.mode {
                    // A file that cannot be imported: its problems, wrapped, as an error.
                    if rows.is_some() {
                        f.context = Some(summary);
                        f.error = None;
                    } else {
                        f.context = None;
                        f.error = Some(summary);
                    }
                }
                self.paper.previewed = rows.map(|r| (path, r));
            }
            PaperResult::PreviewedHealth { path, summary, cmd } => {
                return self.health_previewed(path, summary, cmd.map(|c| *c));
            }
            PaperResult::Completed { typed, completion } => {
                // Only onto the text it was asked for (not if typed over meanwhile).
                if let Mode::Form(f) = &mut self.mode
                    && let Some(field) = f.fields.iter_mut().find(|x| x.kind == FieldKind::FilePath)
                    && field.input.value() == typed
                {
                    field.input = tui_input::Input::new(completion.text);
                    field.replace = false;
                    f.path_candidates = completion.candidates;
                }
            }
            PaperResult::Wrote(r) => {
                self.status = match r {
                    Ok(text) => Status { text, error: false },
                    Err(text) => Status { text, error: true },
                };
            }
        }
        vec![]
    }
}
