//! The console's file work for `I` (import preview), `D` (daily report) and `E` (export):
//! read or write a file beside the database, and say in the footer what happened. Each runs
//! as a job (`jobs.rs`), on the job's own connection.

use crate::app::keys::{Panel, Screen};
use crate::app::paperwork::{PaperEffect, PaperResult};
use crate::app::screens::ScreenData;
use crate::console::Console;
use crate::export::{self, ExportFormat, OrderedRow};
use crate::i18n::{import as msg, t};
use crate::store::queries::Window;
use anyhow::Result;
use std::collections::BTreeSet;

fn to_values<T: serde::Serialize>(rows: &[T]) -> Vec<OrderedRow> {
    rows.iter().map(OrderedRow::of).collect()
}

/// A full screen's rows, serialised (the export's input). `None`: no list here.
pub fn screen_rows(data: &ScreenData) -> Option<Vec<OrderedRow>> {
    data.rows()
}

/// "~/x.csv" → "$HOME/x.csv".
fn expand(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => path.into(),
    }
}

impl Console {
    pub(crate) fn paper(&mut self, p: PaperEffect) -> PaperResult {
        let lang = self.app.lang;
        match p {
            PaperEffect::PreviewImport(path) => self.preview_import(path),
            PaperEffect::PreviewHealth(path) => self.preview_health(path),
            PaperEffect::CompletePath(typed) => {
                let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
                PaperResult::Completed {
                    completion: crate::path_complete::complete(&typed, home.as_deref()),
                    typed,
                }
            }
            PaperEffect::DailyReport => PaperResult::Wrote(
                self.write_report()
                    .map(|p| format!("{} {p}", t!(lang, "rep.written")))
                    .map_err(|e| format!("{e:#}")),
            ),
            PaperEffect::Handover => PaperResult::Wrote(
                self.write_handover()
                    .map(|p| format!("{} {p}", t!(lang, "rep.handover_written")))
                    .map_err(|e| format!("{e:#}")),
            ),
            PaperEffect::Export => PaperResult::Wrote(match self.export_list() {
                Ok(Some(p)) => Ok(format!("{} {p}", t!(lang, "rep.exported"))),
                Ok(None) => Err(t!(lang, "rep.nothing_to_export").to_string()),
                Err(e) => Err(format!("{e:#}")),
            }),
        }
    }

    fn preview_import(&mut self, path: String) -> PaperResult {
        let lang = self.app.lang;
        let fail = |summary: String| PaperResult::Previewed {
            path: path.clone(),
            summary,
            rows: None,
        };
        let sheet = match crate::import::read_file(&expand(&path)) {
            Ok(s) => s,
            Err(e) => return fail(msg::file_error(lang, &e)),
        };
        // Cancelled (`Esc` on the job's gauge): stop here, the result is dropped.
        if self.cancelled() {
            return fail(String::new());
        }
        let names = match self.store.community_names() {
            Ok(n) => n,
            Err(e) => return fail(format!("{e:#}")),
        };
        let (good, errors) = match crate::import::validate(&sheet, &names) {
            Ok(v) => v,
            Err(e) => return fail(msg::file_error(lang, &e)),
        };
        let bad = errors.iter().map(|e| e.line).collect::<BTreeSet<_>>().len();
        if self.cancelled() {
            return fail(String::new());
        }
        let plan = match self.store.import_plan(&good) {
            Ok(c) => msg::plan(lang, &c, bad),
            Err(r) => return fail(crate::i18n::refusal(lang, &r, self.store.cfg.tz)),
        };
        if bad > 0 {
            let first: Vec<String> = errors
                .iter()
                .take(3)
                .map(|e| msg::row_error(lang, e))
                .collect();
            let fix = crate::i18n::notes::roster_fix(lang);
            return fail(format!("{}; {fix}. {plan}", first.join("; ")));
        }
        let c = self.store.import_plan(&good).unwrap_or_default();
        let summary = crate::i18n::notes::roster_preview(lang, c.new, c.updated, c.unchanged);
        PaperResult::Previewed {
            path: path.clone(),
            summary,
            rows: Some(good),
        }
    }

    /// Today's report as XLSX and Markdown in `reports/` beside the database; the XLSX path.
    /// The handover sheet of this desk's shift, as XLSX and Markdown in `reports/`.
    fn write_handover(&self) -> Result<String> {
        let (now, tz, lang) = (self.app.now, self.store.cfg.tz, self.app.lang);
        let since = crate::app::desk::handover_since(&self.store, &self.app)?;
        let h = self.store.handover(since, now)?;
        let stamp = crate::domain::time::to_local(now, tz).format("%Y-%m-%d-%H%M");
        let dir = self
            .store
            .path()
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."))
            .join("reports");
        let stem = crate::i18n::notes::handover_stem(lang, &stamp.to_string());
        let xlsx = dir.join(format!("{stem}.xlsx"));
        if self.cancelled() {
            anyhow::bail!("cancelled");
        }
        use crate::files::{Existing, write_private};
        crate::files::own_dir(&dir)?;
        crate::report::handover::xlsx(lang, tz, &h, &xlsx, Existing::Replace)?;
        write_private(
            &dir.join(format!("{stem}.md")),
            crate::report::handover::md(lang, tz, &h).as_bytes(),
            Existing::Replace,
        )?;
        Ok(xlsx.display().to_string())
    }

    fn write_report(&self) -> Result<String> {
        let now = self.app.now;
        let tz = self.store.cfg.tz;
        let r = crate::report::daily(&self.store, self.app.lang, now, now)?;
        let date = crate::domain::time::to_local(now, tz).format("%Y-%m-%d");
        let dir = self
            .store
            .path()
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."))
            .join("reports");
        let stem = crate::i18n::notes::report_stem(self.app.lang, &date.to_string());
        let xlsx = dir.join(format!("{stem}.xlsx"));
        // Cancelled while the report was read: no file is written.
        if self.cancelled() {
            anyhow::bail!("cancelled");
        }
        // Today's report replaces this morning's; private, never through a link.
        use crate::files::{Existing, write_private};
        crate::files::own_dir(&dir)?;
        r.xlsx(&xlsx, Existing::Replace)?;
        write_private(
            &dir.join(format!("{stem}.md")),
            r.markdown().as_bytes(),
            Existing::Replace,
        )?;
        Ok(xlsx.display().to_string())
    }

    /// The current list, every row (not only the visible ones), as XLSX and CSV in `exports/`
    /// beside the database; the XLSX path.
    fn export_list(&self) -> Result<Option<String>> {
        let app = &self.app;
        let all = Window {
            offset: 0,
            limit: None,
            filter: app.list().filter,
        };
        let (stem, title, rows) = if app.screen == Screen::Home {
            let s = &self.store;
            let rows = match app.focus {
                Panel::OnDuty => to_values(&s.on_duty(app.now, &all)?.rows),
                Panel::Overdue => to_values(&s.overdue(app.now, &all)?.rows),
                Panel::Cases => to_values(&s.cases(&all)?.rows),
                Panel::Supplies => to_values(&s.supplies(app.now, &all)?.rows),
            };
            let key = app.focus.title_key();
            let stem = key.name().split('.').next_back().unwrap_or("list");
            (stem, t(app.lang, key), rows)
        } else {
            match screen_rows(&self.screen_data(&all)?) {
                Some(r) => (app.screen.name(), app.screen.title(app.lang), r),
                None => return Ok(None),
            }
        };
        let table = export::rows_table(stem, title, &rows, self.store.cfg.tz);
        let xlsx = export::beside_db(
            self.store.path(),
            "exports",
            stem,
            "xlsx",
            app.now,
            self.store.cfg.tz,
        );
        let replace = crate::files::Existing::Replace;
        // Cancelled while the rows were read: no file is written.
        if self.cancelled() {
            anyhow::bail!("cancelled");
        }
        if let Some(dir) = xlsx.parent() {
            crate::files::own_dir(dir)?;
        }
        export::write(&table, ExportFormat::Xlsx, &xlsx, replace)?;
        export::write(
            &table,
            ExportFormat::Csv,
            &xlsx.with_extension("csv"),
            replace,
        )?;
        let n = rows.len();
        Ok(Some(crate::i18n::notes::exported(app.lang, &xlsx, n)))
    }
}
