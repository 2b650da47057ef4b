//! Roster import: read a CSV or XLSX sheet as people already keep it, check every
//! row, and hand the good rows to the executor as one `Command::ImportRoster`.
//!
//! `read` turns a file into a header and lines of text (no database); `validate` maps the
//! columns (Chinese office names or English ones, any order, extra columns ignored) and checks
//! each value, naming the line and the field of every problem.

pub mod health;
pub mod health_values;
pub mod org;
pub mod read;
pub mod template;
pub mod validate;

pub use read::{Sheet, read_file};
pub use validate::{RowError, validate};

use crate::domain::{Category, PartyStatus};

/// One good row of a roster, as the executor takes it. Optional fields are `None` when the
/// file has no such column: an update then keeps what the database has.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterRow {
    /// Line in the file (1 = the header), for reports.
    pub line: usize,
    pub staff_code: String,
    pub name: String,
    pub category: Category,
    pub source_unit: Option<String>,
    /// Community name (must exist: see `Store::community_ids`); `Some("")` = none.
    pub community: Option<String>,
    pub party_status: Option<PartyStatus>,
    pub phone: Option<String>,
}

/// A file that cannot be read as a roster at all (as opposed to bad rows in it).
#[derive(Debug, Clone, PartialEq)]
pub enum FileError {
    Io(String),
    /// Neither CSV (UTF-8 text) nor XLSX.
    NotSheet,
    /// No header, or a header and no rows.
    Empty,
    /// Required columns missing from the header (their canonical names).
    MissingColumns(Vec<&'static str>),
    /// The XLSX could not be read (damaged, no sheet).
    Xlsx(String),
    /// A CSV record could not be parsed (line, reason).
    Csv(usize, String),
    /// A quote opened on this line is never closed: the rest of the file would be one cell.
    OpenQuote(usize),
    /// Beyond what a roster can be (see `read::LIMITS`): refused before it is read into memory.
    TooBig(Bound),
}

/// Which limit a file passed, and where.
#[derive(Debug, Clone, PartialEq)]
pub enum Bound {
    /// The file itself, in bytes.
    FileSize(u64),
    /// The XLSX's parts, unpacked (at least this many bytes).
    Unpacked(u64),
    /// A row number (1-based) beyond the row limit, declared or found.
    Row(u64),
    /// A column number (1-based) beyond the column limit, declared or found.
    Column(u64),
    /// More cells than the limit.
    Cells,
    /// More parts in the XLSX than a workbook has.
    Parts(usize),
}
