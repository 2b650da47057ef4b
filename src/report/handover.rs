//! The handover sheet (交接班) as a file: Markdown, or a one-sheet XLSX to print or send.

use crate::i18n::Lang;
use crate::i18n::handover::{lines, markdown, title};
use crate::store::handover_queries::Handover;
use anyhow::{Context, Result};
use chrono_tz::Tz;
use rust_xlsxwriter::{Format, Workbook};
use std::path::Path;

pub fn md(lang: Lang, tz: Tz, h: &Handover) -> String {
    markdown(lang, tz, h)
}

/// One sheet: the title, then each section's heading (bold) and its lines.
pub fn xlsx(
    lang: Lang,
    tz: Tz,
    h: &Handover,
    path: &Path,
    existing: crate::files::Existing,
) -> Result<()> {
    crate::files::prepare(path, existing)?;
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(crate::i18n::t(lang, crate::key!("handover.sheet")))?;
    ws.set_column_width(0, 100.0)?;
    ws.write_string_with_format(0, 0, title(lang, tz, h), &bold)?;
    for (i, l) in lines(lang, tz, h).iter().enumerate() {
        let r = i as u32 + 2;
        if l.heading {
            ws.write_string_with_format(r, 0, &l.text, &bold)?;
        } else {
            ws.write_string(r, 0, l.text.trim())?;
        }
    }
    let bytes = wb
        .save_to_buffer()
        .with_context(|| format!("cannot write {}", path.display()))?;
    crate::files::write_private(path, &bytes, existing)
}

/// The sheet as JSON: the store's figures and the lines in words.
pub fn json(lang: Lang, tz: Tz, h: &Handover) -> serde_json::Value {
    serde_json::json!({
        "title": title(lang, tz, h),
        "lines": lines(lang, tz, h),
        "handover": h,
    })
}
