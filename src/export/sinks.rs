//! Where an exported table's rows go as they are read: CSV and JSON text to a file or standard
//! output, an XLSX sheet in constant-memory mode. Each writes what `report::render` makes of
//! the same table held whole (`render::csv`, `render::json`, `render::xlsx`), without holding it.

use crate::report::render::{self, Cell};
use anyhow::{Context, Result};
use std::io::Write;

/// What a table export writes into, a row at a time.
pub trait Sink {
    fn headers(&mut self, headers: &[String]) -> Result<()>;
    fn row(&mut self, row: &[Cell]) -> Result<()>;
    /// After the last row.
    fn finish(&mut self) -> Result<()>;
    /// The most rows it can hold, if it has a limit (checked before the first row).
    fn most_rows(&self) -> Option<u64> {
        None
    }
    /// What it is, for the message when a table has more rows than that.
    fn what(&self) -> &'static str {
        "the output"
    }
}

/// Text output: a file (written as is) or standard output (as a terminal is given text:
/// controls and bidirectional characters escaped, see `domain::text::terminal`).
pub enum Out<'a> {
    File(std::io::BufWriter<&'a mut std::fs::File>),
    Stdout(std::io::StdoutLock<'static>),
}

impl Out<'_> {
    fn put(&mut self, s: &str) -> Result<()> {
        match self {
            Out::File(f) => f.write_all(s.as_bytes()).context("cannot write the export"),
            Out::Stdout(o) => o
                .write_all(crate::domain::text::terminal(s).as_bytes())
                .context("cannot write to standard output"),
        }
    }
}

impl Write for Out<'_> {
    /// Bytes as they are, also to standard output: for CSV, whose fields `render::csv_fields`
    /// escapes already (everything `terminal` escapes, and newlines and tabs).
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Out::File(f) => f.write(buf),
            Out::Stdout(o) => o.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Out::File(f) => f.flush(),
            Out::Stdout(o) => o.flush(),
        }
    }
}

/// CSV: the header, then a record per row (as `render::csv` writes one table).
pub struct CsvSink<'a> {
    w: csv::Writer<Out<'a>>,
}

impl<'a> CsvSink<'a> {
    pub fn new(out: Out<'a>) -> Self {
        CsvSink {
            w: render::csv_builder().from_writer(out),
        }
    }
}

impl Sink for CsvSink<'_> {
    fn headers(&mut self, headers: &[String]) -> Result<()> {
        let fields = render::csv_fields(headers.iter().map(|h| Cell::Text(h.clone())));
        Ok(self.w.write_record(fields)?)
    }
    fn row(&mut self, row: &[Cell]) -> Result<()> {
        Ok(self
            .w
            .write_record(render::csv_fields(row.iter().cloned()))?)
    }
    fn finish(&mut self) -> Result<()> {
        self.w.flush().context("cannot write the export")
    }
}

/// JSON: an array of objects keyed by header, as `render::json` gives one table, printed as
/// `serde_json::to_string_pretty` prints the whole array, and a newline.
pub struct JsonSink<'a> {
    out: Out<'a>,
    headers: Vec<String>,
    rows: u64,
}

impl<'a> JsonSink<'a> {
    pub fn new(out: Out<'a>) -> Self {
        JsonSink {
            out,
            headers: Vec::new(),
            rows: 0,
        }
    }
}

impl Sink for JsonSink<'_> {
    fn headers(&mut self, headers: &[String]) -> Result<()> {
        self.headers = headers.to_vec();
        Ok(())
    }
    fn row(&mut self, row: &[Cell]) -> Result<()> {
        // The row printed as the one element of an array, brackets cut: the element's lines
        // exactly as in the whole array.
        let one = serde_json::to_string_pretty(&[render::json_object(&self.headers, row)])?;
        let inner = one
            .strip_prefix("[\n")
            .and_then(|s| s.strip_suffix("\n]"))
            .unwrap_or(&one);
        self.out.put(if self.rows == 0 { "[\n" } else { ",\n" })?;
        self.out.put(inner)?;
        self.rows += 1;
        Ok(())
    }
    fn finish(&mut self) -> Result<()> {
        self.out
            .put(if self.rows == 0 { "[]\n" } else { "\n]\n" })?;
        self.out.flush().context("cannot write the export")
    }
}

/// Rows measured for the column widths before the sheet is started (constant-memory mode
/// writes a row out as it goes, and the widths come first).
const MEASURED: usize = 1_000;

/// XLSX: one sheet, as `render::xlsx` writes a table, its column widths measured on the
/// header and the first `MEASURED` rows.
pub struct XlsxSink {
    wb: rust_xlsxwriter::Workbook,
    title: String,
    headers: Vec<String>,
    widths: Vec<usize>,
    held: Vec<Vec<Cell>>,
    /// The next row of the sheet, once started.
    next: Option<u32>,
}

impl XlsxSink {
    pub fn new(title: &str) -> Self {
        XlsxSink {
            wb: rust_xlsxwriter::Workbook::new(),
            title: title.to_string(),
            headers: Vec::new(),
            widths: Vec::new(),
            held: Vec::new(),
            next: None,
        }
    }

    fn start(&mut self) -> Result<()> {
        let mut used = Vec::new();
        render::xlsx_sheet(
            &mut self.wb,
            &self.title,
            &self.headers,
            &self.widths,
            &mut used,
        )?;
        self.next = Some(1);
        for row in std::mem::take(&mut self.held) {
            self.write(&row)?;
        }
        Ok(())
    }

    fn write(&mut self, row: &[Cell]) -> Result<()> {
        let r = self.next.unwrap_or(1);
        let ws = self.wb.worksheet_from_index(0)?;
        render::xlsx_row(ws, r, row)?;
        self.next = Some(r + 1);
        Ok(())
    }

    /// The workbook into `f` (after `finish`).
    pub fn save(&mut self, f: &mut std::fs::File) -> Result<()> {
        Ok(self.wb.save_to_writer(f)?)
    }
}

impl Sink for XlsxSink {
    fn headers(&mut self, headers: &[String]) -> Result<()> {
        self.headers = headers.to_vec();
        self.widths = render::widths(headers, &[]);
        Ok(())
    }
    fn row(&mut self, row: &[Cell]) -> Result<()> {
        if self.next.is_some() {
            return self.write(row);
        }
        render::widen(&mut self.widths, row);
        self.held.push(row.to_vec());
        if self.held.len() >= MEASURED {
            self.start()?;
        }
        Ok(())
    }
    fn finish(&mut self) -> Result<()> {
        if self.next.is_none() {
            self.start()?;
        }
        Ok(())
    }
    fn most_rows(&self) -> Option<u64> {
        // A sheet's 1 048 576 rows, one of them the header.
        Some(1_048_575)
    }
    fn what(&self) -> &'static str {
        "an XLSX sheet"
    }
}
