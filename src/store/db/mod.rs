//! The store's one way to the database, whichever engine holds it: SQLite (a file, the
//! default) or PostgreSQL (a server, several desks). It mirrors rusqlite's API — `prepare_cached`,
//! `query_row`, `query_map`, `execute`, `Row::get` with rusqlite's `FromSql`, parameters as
//! rusqlite's `ToSql` — so a query is written once; where the engines' SQL differs a query
//! asks `Connection::engine`. Nothing above `store` sees this module.

mod params;
pub mod pg;
mod stmt;

pub use params::{Args, Params};
pub use rusqlite::types::{FromSql, ToSql, Value, ValueRef};
pub use rusqlite::{named_params, params};
pub use stmt::{MappedRows, Row, Rows, Statement};

use pg::PgClient;

/// A text of digits only as the id it names (a row picked by its number), else `None`: bound as
/// a parameter of its own (`OR id = ?2`), so no engine is asked to cast a word to a number.
pub fn digits_id(text: &str) -> Option<i64> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Which engine a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// An error from either engine. `NoRows` is "the query had no row" (`optional` turns it into
/// `None`).
#[derive(Debug)]
pub enum Error {
    NoRows,
    Sqlite(rusqlite::Error),
    Pg(pg::PgError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NoRows => f.write_str("query returned no rows"),
            Error::Sqlite(e) => e.fmt(f),
            Error::Pg(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::NoRows => None,
            Error::Sqlite(e) => Some(e),
            Error::Pg(e) => Some(e),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::QueryReturnedNoRows => Error::NoRows,
            e => Error::Sqlite(e),
        }
    }
}

impl From<pg::PgError> for Error {
    fn from(e: pg::PgError) -> Self {
        Error::Pg(e)
    }
}

/// What went wrong, in the terms the executor refuses with, for either engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Another writer holds the database (SQLite's busy/locked).
    Busy,
    DiskFull,
    /// A UNIQUE or PRIMARY KEY constraint.
    Unique,
    /// A CHECK, NOT NULL or FOREIGN KEY constraint.
    Constraint,
    /// The server connection is gone.
    Lost,
    Other,
}

impl Error {
    pub fn kind(&self) -> Kind {
        match self {
            Error::NoRows => Kind::Other,
            Error::Sqlite(e) => match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                    Kind::Busy
                }
                Some(rusqlite::ErrorCode::DiskFull) => Kind::DiskFull,
                Some(rusqlite::ErrorCode::ConstraintViolation) => {
                    let m = e.to_string();
                    if m.contains("UNIQUE") || m.contains("PRIMARY KEY") {
                        Kind::Unique
                    } else {
                        Kind::Constraint
                    }
                }
                _ => Kind::Other,
            },
            Error::Pg(e) if e.lost => Kind::Lost,
            Error::Pg(e) => match e.sqlstate.as_deref() {
                Some("23505") => Kind::Unique,
                Some(s) if s.starts_with("23") => Kind::Constraint,
                Some("53100") => Kind::DiskFull,
                Some("55P03" | "40001" | "40P01") => Kind::Busy,
                _ => Kind::Other,
            },
        }
    }

    /// The table a constraint error names ("UNIQUE constraint failed: nucleic_tests.person_id"
    /// → "nucleic_tests"), "" when it names none.
    pub fn table(&self) -> String {
        match self {
            Error::Pg(e) => e.table.clone().unwrap_or_default(),
            e => e
                .to_string()
                .split_once(": ")
                .map(|(_, cols)| cols.split('.').next().unwrap_or("").trim().to_string())
                .unwrap_or_default(),
        }
    }
}

/// `optional()` on a single-row result, as rusqlite's `OptionalExtension`.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

enum Inner {
    Sqlite(rusqlite::Connection),
    Pg(PgClient),
}

/// A connection to one Frontline database.
pub struct Connection(Inner);

/// How a transaction begins: `Immediate` takes the write lock at once (one writer at a time,
/// so a check made inside it still holds when the write lands); `Deferred` reads first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionBehavior {
    Deferred,
    Immediate,
}

/// The key of the one PostgreSQL advisory lock every write takes (SQLite's write lock).
pub(crate) const WRITE_LOCK: i64 = 0x4652_4f4e_544c_494e; // "FRONTLIN"

impl Connection {
    pub fn sqlite(c: rusqlite::Connection) -> Connection {
        Connection(Inner::Sqlite(c))
    }

    pub fn postgres(c: PgClient) -> Connection {
        Connection(Inner::Pg(c))
    }

    pub fn engine(&self) -> Engine {
        match self.0 {
            Inner::Sqlite(_) => Engine::Sqlite,
            Inner::Pg(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas, backup, migrations).
    pub fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.0 {
            Inner::Sqlite(c) => Some(c),
            Inner::Pg(_) => None,
        }
    }

    pub fn as_sqlite_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match &mut self.0 {
            Inner::Sqlite(c) => Some(c),
            Inner::Pg(_) => None,
        }
    }

    /// A SQLite pragma (tuning: synchronous, cache size); PostgreSQL has none of them, so
    /// there it does nothing.
    pub fn pragma_update<V: ToSql>(&self, schema: Option<&str>, name: &str, v: V) -> Result<()> {
        match &self.0 {
            Inner::Sqlite(c) => Ok(c.pragma_update(schema, name, v)?),
            Inner::Pg(_) => Ok(()),
        }
    }

    /// A statement kept in the connection's cache (compiled once).
    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(match &self.0 {
            Inner::Sqlite(c) => Statement::cached(c.prepare_cached(sql)?),
            Inner::Pg(c) => Statement::pg(c, sql),
        })
    }

    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(match &self.0 {
            Inner::Sqlite(c) => Statement::plain(c.prepare(sql)?),
            Inner::Pg(c) => Statement::pg(c, sql),
        })
    }

    pub fn query_row<T, P, F>(&self, sql: &str, p: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        self.prepare(sql)?.query_row(p, f)
    }

    pub fn execute<P: Params>(&self, sql: &str, p: P) -> Result<usize> {
        self.prepare(sql)?.execute(p)
    }

    /// Several statements with no parameters (the engine's own SQL).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.0 {
            Inner::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Inner::Pg(c) => Ok(c.batch(sql)?),
        }
    }

    /// The id of the row the last INSERT made on this connection.
    pub fn last_insert_rowid(&self) -> Result<i64> {
        match &self.0 {
            Inner::Sqlite(c) => Ok(c.last_insert_rowid()),
            Inner::Pg(c) => {
                let rows = c.query("SELECT lastval()", pg::Args::Pos(Vec::new()))?;
                match rows.first().and_then(|r| r.first()) {
                    Some(Value::Integer(i)) => Ok(*i),
                    _ => Err(Error::NoRows),
                }
            }
        }
    }

    /// The id for a new row of `table` that the caller must know before its INSERT (a staff
    /// code made from it): SQLite's next rowid; PostgreSQL's sequence, taken.
    pub fn next_id(&self, table: &'static str) -> Result<i64> {
        let sql = match self.engine() {
            Engine::Sqlite => format!("SELECT coalesce(max(id), 0) + 1 FROM {table}"),
            Engine::Postgres => format!("SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"),
        };
        self.query_row(&sql, [], |r| r.get(0))
    }

    pub fn transaction(&mut self) -> Result<Transaction<'_>> {
        self.transaction_with_behavior(TransactionBehavior::Deferred)
    }

    /// Begin a transaction; it rolls back when dropped uncommitted.
    pub fn transaction_with_behavior(&mut self, b: TransactionBehavior) -> Result<Transaction<'_>> {
        let begin = match (&self.0, b) {
            (Inner::Sqlite(_), TransactionBehavior::Deferred) => "BEGIN DEFERRED".to_string(),
            (Inner::Sqlite(_), TransactionBehavior::Immediate) => "BEGIN IMMEDIATE".to_string(),
            (Inner::Pg(_), TransactionBehavior::Deferred) => "BEGIN".to_string(),
            (Inner::Pg(_), TransactionBehavior::Immediate) => {
                format!("BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})")
            }
        };
        self.execute_batch(&begin)?;
        Ok(Transaction {
            conn: self,
            open: true,
        })
    }
}

/// An open transaction; everything a `Connection` does, inside it.
pub struct Transaction<'c> {
    conn: &'c Connection,
    open: bool,
}

impl std::ops::Deref for Transaction<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Transaction<'_> {
    /// Commit; a failed commit is rolled back, as rusqlite does.
    pub fn commit(mut self) -> Result<()> {
        self.open = false;
        self.conn.execute_batch("COMMIT").inspect_err(|_| {
            let _ = self.conn.execute_batch("ROLLBACK");
        })
    }

    pub fn rollback(mut self) -> Result<()> {
        self.open = false;
        self.conn.execute_batch("ROLLBACK")
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}
