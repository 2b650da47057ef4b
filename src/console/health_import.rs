//! The console's file work for `I` on the health screen: read the file, check every
//! row, match people, and say what `Enter` would do. A file with the lab's columns (采样时间,
//! 检测结果) is a test list; otherwise a health report export.

use crate::app::paperwork::PaperResult;
use crate::console::Console;
use crate::i18n::{health_import as msg, import::file_error};
use crate::import::health::{self as h, Kind, LineError};
use crate::store::commands::Command;
use std::collections::BTreeSet;

impl Console {
    pub(crate) fn preview_health(&mut self, path: String) -> PaperResult {
        let lang = self.app.lang;
        let fail = |summary: String| PaperResult::PreviewedHealth {
            path: path.clone(),
            summary,
            cmd: None,
        };
        let file = match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
            (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
            _ => path.clone().into(),
        };
        let sheet = match crate::import::read_file(&file) {
            Ok(s) => s,
            Err(e) => return fail(file_error(lang, &e)),
        };
        // Cancelled (`Esc` on the job's gauge): stop here, the result is dropped.
        if self.cancelled() {
            return fail(String::new());
        }
        // The config file's form whose mapped headers this file has most of (first by name).
        let mut form: Option<(&String, &Vec<String>)> = None;
        let mut best = 0;
        for (name, maps) in &self.import_forms {
            let n = h::form_maps(maps, &sheet.header, Kind::Health).len()
                + h::form_maps(maps, &sheet.header, Kind::Tests).len();
            if n > best {
                (form, best) = (Some((name, maps)), n);
            }
        }
        let maps = |kind| form.map_or(Vec::new(), |f| h::form_maps(f.1, &sheet.header, kind));
        let (kind, cols) = match h::columns(&sheet.header, Kind::Tests, &maps(Kind::Tests)) {
            Ok(c) => (Kind::Tests, c),
            Err(_) => match h::columns(&sheet.header, Kind::Health, &maps(Kind::Health)) {
                Ok(c) => (Kind::Health, c),
                Err(e) => return fail(msg::header_error(lang, Kind::Health, &e)),
            },
        };
        let form = form.map(|f| f.0.clone());
        let (now, tz) = (self.app.now, self.store.cfg.tz);
        let (mut errors, plan, cmd): (Vec<LineError>, _, Command) = match kind {
            Kind::Tests => {
                let (rows, errors) = h::test_rows(&sheet, &cols, now, tz);
                let plan = match self.store.tests_import_plan(&rows, now) {
                    Ok(p) => p,
                    Err(e) => return fail(format!("{e:#}")),
                };
                let keep = plan.rows.iter().map(Result::is_ok);
                let rows = rows.into_iter().zip(keep).filter(|x| x.1).map(|x| x.0);
                let rows: Vec<_> = rows.collect();
                (errors, plan, Command::ImportTests { rows, skipped: 0 })
            }
            Kind::Health => {
                let (rows, errors) = h::health_rows(&sheet, &cols, now, tz);
                let plan = match self.store.health_import_plan(&rows, now) {
                    Ok(p) => p,
                    Err(e) => return fail(format!("{e:#}")),
                };
                let keep = plan.rows.iter().map(Result::is_ok);
                let rows = rows.into_iter().zip(keep).filter(|x| x.1).map(|x| x.0);
                let rows: Vec<_> = rows.collect();
                (errors, plan, Command::ImportHealth { rows, skipped: 0 })
            }
        };
        errors.extend(plan.rows.iter().filter_map(|r| r.as_ref().err().cloned()));
        errors.sort_by_key(|e| e.line);
        let bad = errors.iter().map(|e| e.line).collect::<BTreeSet<_>>().len();
        let c = plan.counts;
        let matched = c.new + c.replaced + c.unchanged + c.superseded;
        let mut s =
            crate::i18n::notes::health_preview(lang, &c, bad, form.as_deref(), kind == Kind::Tests);
        if let Some(e) = errors.first() {
            s += &format!("\n{}", msg::line_error(lang, e));
        }
        if matched == 0 {
            return fail(s);
        }
        s += crate::i18n::notes::health_go_on(lang);
        let cmd = match cmd {
            Command::ImportHealth { rows, .. } => Command::ImportHealth { rows, skipped: bad },
            Command::ImportTests { rows, .. } => Command::ImportTests { rows, skipped: bad },
            other => other,
        };
        PaperResult::PreviewedHealth {
            path,
            summary: s,
            cmd: Some(Box::new(cmd)),
        }
    }
}
