//! Files to text cells: CSV (UTF-8 with or without BOM, or GBK/GB18030) and XLSX (the first
//! sheet).

use super::FileError;
use calamine::{Data, Reader, Xlsx};
use std::path::Path;

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
pub fn read_file(path: &Path) -> Result<Sheet, FileError> {
    let bytes =
        std::fs::read(path).map_err(|e| FileError::Io(format!("{}: {e}", path.display())))?;
    read_bytes(&bytes)
}

pub fn read_bytes(bytes: &[u8]) -> Result<Sheet, FileError> {
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
        let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
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

fn read_xlsx(bytes: &[u8]) -> Result<Sheet, FileError> {
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| FileError::Xlsx(e.to_string()))?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| FileError::Xlsx("the workbook has no sheet".into()))?
        .map_err(|e| FileError::Xlsx(e.to_string()))?;
    let (row0, _) = range.start().unwrap_or((0, 0));
    let mut sheet = Sheet::default();
    let mut first = true;
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let line = row0 as usize + i + 1;
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
