//! One structure, three renderings: headed tables to Markdown, CSV and XLSX (and JSON for
//! exports). Numbers stay numbers in XLSX and JSON.

use anyhow::{Context, Result};
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use serde::Serialize;
use std::path::Path;

/// One cell: text, a whole number or a decimal (shown with one decimal place).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    Int(i64),
    Num(f64),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            // Up to two decimals, at least one: 10.5, 3.25, 13.0.
            Cell::Num(f) => {
                let mut s = format!("{f:.2}");
                if s.ends_with('0') {
                    s.pop();
                }
                s
            }
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}
impl From<i64> for Cell {
    fn from(i: i64) -> Cell {
        Cell::Int(i)
    }
}
impl From<usize> for Cell {
    fn from(i: usize) -> Cell {
        Cell::Int(i as i64)
    }
}
impl From<f64> for Cell {
    fn from(f: f64) -> Cell {
        Cell::Num((f * 10.0).round() / 10.0)
    }
}

/// A titled table: a report section, or an exported list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Stable key (sheet order, tests).
    pub key: String,
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn md_escape(s: &str) -> String {
    crate::domain::text::md_cell(s)
}

/// Markdown: a `## title` and a pipe table per table; `empty` where a table has no rows.
pub fn markdown(title: &str, lead: &[String], tables: &[Table], empty: &str) -> String {
    use crate::domain::text::field;
    let mut s = format!("# {}\n\n", field(title));
    for l in lead {
        s += &format!("{}  \n", field(l));
    }
    for t in tables {
        s += &format!("\n## {}\n\n", field(&t.title));
        if t.rows.is_empty() {
            s += &format!("{empty}\n");
            continue;
        }
        s += &format!(
            "| {} |\n",
            t.headers
                .iter()
                .map(|h| md_escape(h))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        s += &format!(
            "|{}|\n",
            t.headers
                .iter()
                .map(|_| "---")
                .collect::<Vec<_>>()
                .join("|")
        );
        for r in &t.rows {
            s += &format!(
                "| {} |\n",
                r.iter()
                    .map(|c| md_escape(&c.text()))
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
        }
    }
    s
}

/// How every CSV Frontline writes is written (rows of different lengths allowed).
pub(crate) fn csv_builder() -> csv::WriterBuilder {
    let mut b = csv::WriterBuilder::new();
    b.flexible(true);
    b
}

/// A row's CSV fields: stored text never reaches a spreadsheet as a formula or a raw control
/// character.
pub(crate) fn csv_fields(cells: impl IntoIterator<Item = Cell>) -> impl Iterator<Item = String> {
    use crate::domain::text::csv_cell;
    cells.into_iter().map(|c| match c {
        Cell::Text(s) => csv_cell(&s).into_owned(),
        c => c.text(),
    })
}

/// CSV: one table as header + rows; several as blocks, each led by its title, a blank line
/// between.
pub fn csv(tables: &[Table]) -> Result<String> {
    let many = tables.len() > 1;
    let mut blocks = vec![];
    for t in tables {
        let mut w = csv_builder().from_writer(vec![]);
        if many {
            w.write_record(csv_fields([Cell::Text(t.title.clone())]))?;
        }
        w.write_record(csv_fields(t.headers.iter().map(|h| Cell::Text(h.clone()))))?;
        for r in &t.rows {
            w.write_record(csv_fields(r.iter().cloned()))?;
        }
        blocks.push(String::from_utf8(w.into_inner()?)?);
    }
    Ok(blocks.join("\n"))
}

/// One row as a JSON object keyed by header.
pub(crate) fn json_object(headers: &[String], row: &[Cell]) -> serde_json::Value {
    headers
        .iter()
        .cloned()
        .zip(
            row.iter()
                .map(|c| serde_json::to_value(c).unwrap_or_default()),
        )
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// JSON: one table as an array of objects keyed by header; several as {key: [...]}.
pub fn json(tables: &[Table]) -> serde_json::Value {
    let rows = |t: &Table| -> serde_json::Value {
        t.rows
            .iter()
            .map(|r| json_object(&t.headers, r))
            .collect::<Vec<serde_json::Value>>()
            .into()
    };
    if let [t] = tables {
        rows(t)
    } else {
        tables
            .iter()
            .map(|t| (t.key.clone(), rows(t)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    }
}

/// A sheet name Excel accepts: no `[]:*?/\`, at most 31 characters, unique.
fn sheet_name(title: &str, used: &mut Vec<String>) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let mut name = clean.clone();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{clean}{n}");
        n += 1;
    }
    used.push(name.clone());
    name
}

/// Column widths in cells (CJK counts double) of the headers and `rows`.
pub(crate) fn widths(headers: &[String], rows: &[Vec<Cell>]) -> Vec<usize> {
    let mut w: Vec<usize> = headers
        .iter()
        .map(|h| unicode_width::UnicodeWidthStr::width(h.as_str()))
        .collect();
    for row in rows {
        widen(&mut w, row);
    }
    w
}

/// `widths` grown to fit one more row.
pub(crate) fn widen(widths: &mut [usize], row: &[Cell]) {
    for (c, cell) in row.iter().enumerate() {
        let w = unicode_width::UnicodeWidthStr::width(cell.text().as_str());
        if let Some(m) = widths.get_mut(c) {
            *m = (*m).max(w);
        }
    }
}

/// A new constant-memory sheet (rows go to a temporary file as they are written): named from
/// `title`, columns `widths` wide, the header row bold and frozen.
pub(crate) fn xlsx_sheet<'w>(
    wb: &'w mut Workbook,
    title: &str,
    headers: &[String],
    widths: &[usize],
    used: &mut Vec<String>,
) -> Result<&'w mut Worksheet> {
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(sheet_name(title, used))?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64 + 2.0).min(60.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
    }
    Ok(ws)
}

/// Row `r` of a sheet: numbers written as numbers, decimals shown with one or two places.
pub(crate) fn xlsx_row(ws: &mut Worksheet, r: u32, row: &[Cell]) -> Result<()> {
    let dec = Format::new().set_num_format("0.0#");
    for (c, cell) in row.iter().enumerate() {
        let col = c as u16;
        match cell {
            Cell::Text(s) => {
                ws.write_string(r, col, s)?;
            }
            Cell::Int(i) => {
                ws.write_number(r, col, *i as f64)?;
            }
            Cell::Num(f) => {
                ws.write_number_with_format(r, col, *f, &dec)?;
            }
        }
    }
    Ok(())
}

/// XLSX: one sheet per table (`xlsx_sheet`), column widths from the content. The sheets are in
/// constant-memory mode, so a 100 000-row export does not hold a second copy of the table; the
/// widths are therefore measured before the first row is written.
/// Written privately (see `files`); an existing file only with `Existing::Replace`.
pub fn xlsx(tables: &[Table], path: &Path, existing: crate::files::Existing) -> Result<()> {
    crate::files::prepare(path, existing)?;
    let mut wb = Workbook::new();
    let mut used = vec![];
    for t in tables {
        let widths = widths(&t.headers, &t.rows);
        let ws = xlsx_sheet(&mut wb, &t.title, &t.headers, &widths, &mut used)?;
        for (r, row) in t.rows.iter().enumerate() {
            xlsx_row(ws, r as u32 + 1, row)?;
        }
    }
    let bytes = wb
        .save_to_buffer()
        .with_context(|| format!("cannot write {}", path.display()))?;
    crate::files::write_private(path, &bytes, existing)
}
