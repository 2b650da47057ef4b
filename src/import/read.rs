//! Files to text cells: CSV (UTF-8 with or without BOM, or GBK/GB18030) and XLSX (the first
//! sheet).

use super::{Bound, FileError};
use calamine::{Data, Reader, Xlsx};
use std::io::Read;
use std::path::Path;

/// What a roster can be; anything beyond is refused before it is read into memory.
pub const MAX_ROWS: u64 = 200_000;
pub const MAX_COLUMNS: u64 = 64;
/// Cells holding something (a sheet of 200 000 people uses well under a tenth of the grid).
pub const MAX_CELLS: u64 = 4_000_000;
/// The file, and an XLSX's parts unpacked, in bytes.
pub const MAX_UNPACKED: u64 = 200_000_000;
/// Parts (files) inside an XLSX; Excel writes about a dozen.
pub const MAX_PARTS: usize = 10_000;

/// A sheet as text: the header cells and each following row with its line number (the
/// header's line is 1 in CSV; XLSX lines are the spreadsheet's row numbers).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
    pub header_line: usize,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Read a roster file, deciding CSV or XLSX by its content (not its name).
/// Only a regular file is read (a FIFO or a device would block or never end), and only up to
/// `MAX_UNPACKED` bytes.
pub fn read_file(path: &Path) -> Result<Sheet, FileError> {
    read_bytes(&read_bounded(path)?)
}

/// A regular file's bytes, up to `MAX_UNPACKED` (refused beyond).
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, FileError> {
    let io = |e: std::io::Error| FileError::Io(format!("{}: {e}", path.display()));
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(FileError::Io(format!(
            "{}: not a regular file",
            path.display()
        )));
    }
    if meta.len() > MAX_UNPACKED {
        return Err(FileError::TooBig(Bound::FileSize(meta.len())));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .map_err(io)?
        .take(MAX_UNPACKED + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    Ok(bytes)
}

/// Whether the bytes are an XLSX (a zip) rather than CSV text.
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_MAGIC)
}

pub fn read_bytes(bytes: &[u8]) -> Result<Sheet, FileError> {
    if bytes.len() as u64 > MAX_UNPACKED {
        return Err(FileError::TooBig(Bound::FileSize(bytes.len() as u64)));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(FileError::Empty);
    }
    let sheet = if bytes.starts_with(ZIP_MAGIC) {
        read_xlsx(bytes)?
    } else {
        if bytes.contains(&0) {
            return Err(FileError::NotSheet);
        }
        // UTF-8 (with or without BOM), else GBK/GB18030 — what Excel on a Chinese Windows
        // writes when it saves "CSV" — if the bytes are valid in it.
        let text: std::borrow::Cow<str> = match std::str::from_utf8(bytes) {
            Ok(t) => t.into(),
            Err(_) => encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .ok_or(FileError::NotSheet)?,
        };
        read_csv(text.trim_start_matches('\u{feff}'))?
    };
    if sheet.header.iter().all(|h| h.trim().is_empty()) || sheet.rows.is_empty() {
        return Err(FileError::Empty);
    }
    Ok(sheet)
}

fn read_csv(text: &str) -> Result<Sheet, FileError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut sheet = Sheet::default();
    let mut first = true;
    let odd_quotes = text.bytes().filter(|b| *b == b'"').count() % 2 == 1;
    // (byte offset, newlines before it)
    let mut seen = (0usize, 0usize);
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            FileError::Csv(line, e.to_string())
        })?;
        // The reader's own line number can count a skipped blank line as the record's;
        // count the newlines before the record's first byte instead (incrementally).
        let line = match rec.position() {
            None => 0,
            Some(p) => {
                let bytes = text.as_bytes();
                let mut b = (p.byte() as usize).min(bytes.len());
                while b < bytes.len() && (bytes[b] == b'\n' || bytes[b] == b'\r') {
                    b += 1;
                }
                if b >= seen.0 {
                    seen.1 += bytes[seen.0..b].iter().filter(|c| **c == b'\n').count();
                    seen.0 = b;
                }
                seen.1 + 1
            }
        };
        if line as u64 > MAX_ROWS {
            return Err(FileError::TooBig(Bound::Row(line as u64)));
        }
        if rec.len() as u64 > MAX_COLUMNS {
            // Trailing empty cells (a row of commas) are not columns.
            let used = (0..rec.len())
                .rev()
                .find(|&i| !rec[i].trim().is_empty())
                .map_or(0, |i| i + 1);
            if used as u64 > MAX_COLUMNS {
                return Err(FileError::TooBig(Bound::Column(used as u64)));
            }
        }
        // A quote never closed swallows the rest of the file into one cell (its line breaks
        // included): say so, rather than "staff code: is empty" for a row that is really many.
        if odd_quotes && rec.iter().any(|c| c.contains('\n')) {
            return Err(FileError::OpenQuote(line));
        }
        let cells: Vec<String> = rec
            .iter()
            .take(MAX_COLUMNS as usize)
            .map(|c| c.trim().to_string())
            .collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if first {
            sheet.header = cells;
            sheet.header_line = line;
            first = false;
        } else {
            sheet.rows.push((line, cells));
        }
    }
    Ok(sheet)
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        // Staff codes and phone numbers typed into Excel arrive as numbers: no ".0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// Unpack every part of the zip into nothing, counting: refuse before calamine reads it when
/// the parts (as declared, or as they really unpack) pass `MAX_UNPACKED`, or are too many.
fn check_zip(bytes: &[u8]) -> Result<(), FileError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| FileError::Xlsx(e.to_string()))?;
    if zip.len() > MAX_PARTS {
        return Err(FileError::TooBig(Bound::Parts(zip.len())));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| FileError::Xlsx(e.to_string()))?;
        total = total.saturating_add(part.size());
        if total > MAX_UNPACKED {
            return Err(FileError::TooBig(Bound::Unpacked(total)));
        }
        let left = MAX_UNPACKED - total + part.size();
        let n = std::io::copy(&mut (&mut part).take(left + 1), &mut std::io::sink())
            .map_err(|e| FileError::Xlsx(e.to_string()))?;
        if n > left {
            return Err(FileError::TooBig(Bound::Unpacked(MAX_UNPACKED + 1)));
        }
        total = total - part.size() + n;
    }
    Ok(())
}

/// The first sheet, cell by cell (never as one dense grid: a single cell at XFD1048576 would
/// ask for 17 billion), within `MAX_ROWS` × `MAX_COLUMNS` and `MAX_CELLS`.
fn read_xlsx(bytes: &[u8]) -> Result<Sheet, FileError> {
    check_zip(bytes)?;
    let mut wb: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| FileError::Xlsx(e.to_string()))?;
    let name = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| FileError::Xlsx("the workbook has no sheet".into()))?;
    read_cells(&mut wb, &name, &mut 0)
}

/// Cells of a sheet that hold no plain value: a formula (at line, column, 1-based) or a merged
/// region (lines and columns, 1-based, inclusive).
#[derive(Debug, Clone, PartialEq)]
pub enum CellMark {
    Formula(usize, usize),
    Merged((usize, usize), (usize, usize)),
}

/// Every sheet of a workbook with its name, each read cell by cell within the same bounds
/// (`MAX_CELLS` counts the cells of all sheets together), and its formulas and merged cells.
pub fn read_xlsx_sheets(bytes: &[u8]) -> Result<Vec<(String, Sheet, Vec<CellMark>)>, FileError> {
    check_zip(bytes)?;
    let mut wb: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| FileError::Xlsx(e.to_string()))?;
    let mut count = 0;
    let mut out = Vec::new();
    for name in wb.sheet_names().to_vec() {
        let sheet = read_cells(&mut wb, &name, &mut count)?;
        let xerr = |e: calamine::XlsxError| FileError::Xlsx(e.to_string());
        let mut marks: Vec<CellMark> = wb
            .merge_cells_by_sheet_name(&name)
            .map_err(xerr)?
            .into_iter()
            .take(MAX_CELLS as usize)
            .map(|d| {
                CellMark::Merged(
                    (d.start.0 as usize + 1, d.end.0 as usize + 1),
                    (d.start.1 as usize + 1, d.end.1 as usize + 1),
                )
            })
            .collect();
        let mut cells = wb.worksheet_cells_reader(&name).map_err(xerr)?;
        while let Some(f) = cells.next_formula().map_err(xerr)? {
            if f.get_value().is_empty() {
                continue;
            }
            count += 1;
            if count > MAX_CELLS {
                return Err(FileError::TooBig(Bound::Cells));
            }
            let (r, c) = f.get_position();
            marks.push(CellMark::Formula(r as usize + 1, c as usize + 1));
        }
        drop(cells);
        out.push((name, sheet, marks));
    }
    Ok(out)
}

fn read_cells(
    wb: &mut Xlsx<std::io::Cursor<&[u8]>>,
    name: &str,
    count: &mut u64,
) -> Result<Sheet, FileError> {
    let mut cells = wb
        .worksheet_cells_reader(name)
        .map_err(|e| FileError::Xlsx(e.to_string()))?;
    let dim = cells.dimensions();
    if dim.end.0 as u64 + 1 > MAX_ROWS {
        return Err(FileError::TooBig(Bound::Row(dim.end.0 as u64 + 1)));
    }
    if dim.end.1 as u64 + 1 > MAX_COLUMNS {
        return Err(FileError::TooBig(Bound::Column(dim.end.1 as u64 + 1)));
    }
    let mut grid: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| FileError::Xlsx(e.to_string()))?
    {
        let (r, c) = cell.get_position();
        if r as u64 + 1 > MAX_ROWS {
            return Err(FileError::TooBig(Bound::Row(r as u64 + 1)));
        }
        if c as u64 + 1 > MAX_COLUMNS {
            return Err(FileError::TooBig(Bound::Column(c as u64 + 1)));
        }
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        *count += 1;
        if *count > MAX_CELLS {
            return Err(FileError::TooBig(Bound::Cells));
        }
        let row = grid.entry(r).or_default();
        if row.len() <= c as usize {
            row.resize(c as usize + 1, String::new());
        }
        row[c as usize] = text;
    }
    let mut sheet = Sheet::default();
    let mut first = true;
    for (r, cells) in grid {
        let line = r as usize + 1;
        if first {
            sheet.header = cells;
            sheet.header_line = line;
            first = false;
        } else {
            sheet.rows.push((line, cells));
        }
    }
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gbk_csv_from_chinese_excel_reads_like_utf8() {
        let text = "姓名,工号,类别\n林晓,GZ1,医务人员\n";
        let (gbk, _, bad) = encoding_rs::GBK.encode(text);
        assert!(!bad);
        assert!(std::str::from_utf8(&gbk).is_err(), "really not UTF-8");
        let s = read_bytes(&gbk).unwrap();
        assert_eq!(s.header, vec!["姓名", "工号", "类别"]);
        assert_eq!(
            s.rows,
            vec![(2, vec!["林晓".into(), "GZ1".into(), "医务人员".into()])]
        );
    }

    #[test]
    fn binary_and_empty_input_are_refused() {
        assert_eq!(read_bytes(b"\x00\x01PKX"), Err(FileError::NotSheet));
        assert_eq!(
            read_bytes(b"\xff\xfe\xfd\xfc\x80"),
            Err(FileError::NotSheet)
        );
        assert_eq!(read_bytes(b""), Err(FileError::Empty));
        assert_eq!(read_bytes(b" \n\n"), Err(FileError::Empty));
        assert_eq!(read_bytes(b"name,staff_code\n"), Err(FileError::Empty));
        assert!(matches!(
            read_bytes(b"PK\x03\x04garbage"),
            Err(FileError::Xlsx(_))
        ));
    }

    #[test]
    fn blank_lines_are_skipped_and_line_numbers_kept() {
        let s = read_bytes("\u{feff}name,code\n\nA,1\n,\nB,2\n".as_bytes()).unwrap();
        assert_eq!(s.header, vec!["name", "code"]);
        assert_eq!(s.rows.iter().map(|r| r.0).collect::<Vec<_>>(), vec![3, 5]);
    }
}

#[cfg(test)]
mod quote_tests {
    use super::*;

    #[test]
    fn an_unbalanced_quote_is_named_by_its_line() {
        let text = "姓名,工号,类别\n王五,GZ2,医务人员\n\"林晓,GZ1,医务人员\n赵六,GZ3,医务人员\n";
        assert_eq!(read_bytes(text.as_bytes()), Err(FileError::OpenQuote(3)));
        // Balanced quotes, a quoted line break, a quote inside a cell: read as before.
        let ok = "姓名,工号,类别\n\"林,晓\",GZ1,医务人员\n\"多\n行\",GZ2,医务人员\n";
        assert_eq!(read_bytes(ok.as_bytes()).unwrap().rows.len(), 2);
    }
}
