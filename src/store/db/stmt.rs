//! Statements, their rows and a row's values, over either engine, in rusqlite's shapes.

use super::params::{Args, Params};
use super::pg::PgClient;
use super::{Error, Result};
use rusqlite::types::{FromSql, FromSqlError, Value, ValueRef};

/// One row of a result: a value is read by its column's place, as `FromSql` reads it.
pub enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Pg(&'a [Value]),
}

/// A column's place (rusqlite's `RowIndex`, by number only: names differ between engines).
pub trait ColumnIndex: Copy {
    fn idx(self) -> usize;
}

impl ColumnIndex for usize {
    fn idx(self) -> usize {
        self
    }
}

impl Row<'_> {
    pub fn get<I: ColumnIndex, T: FromSql>(&self, i: I) -> Result<T> {
        let i = i.idx();
        match self {
            Row::Sqlite(r) => Ok(r.get(i)?),
            Row::Pg(v) => {
                let v = v
                    .get(i)
                    .ok_or(Error::Sqlite(rusqlite::Error::InvalidColumnIndex(i)))?;
                T::column_result(ValueRef::from(v)).map_err(|e| Error::conversion(i, e))
            }
        }
    }

    pub fn get_ref<I: ColumnIndex>(&self, i: I) -> Result<ValueRef<'_>> {
        let i = i.idx();
        match self {
            Row::Sqlite(r) => Ok(r.get_ref(i)?),
            Row::Pg(v) => v
                .get(i)
                .map(ValueRef::from)
                .ok_or(Error::Sqlite(rusqlite::Error::InvalidColumnIndex(i))),
        }
    }
}

enum Either<'s, 'c> {
    Sqlite(&'s mut rusqlite::Statement<'c>),
    Pg(&'c PgClient, &'s str),
}

enum Inner<'c> {
    Cached(rusqlite::CachedStatement<'c>),
    Plain(rusqlite::Statement<'c>),
    /// The client, the statement, and its column names once asked for.
    Pg(&'c PgClient, String, std::cell::OnceCell<Vec<String>>),
}

/// A prepared statement (cached per connection where the engine keeps a cache).
pub struct Statement<'c>(Inner<'c>);

impl<'c> Statement<'c> {
    pub(super) fn cached(s: rusqlite::CachedStatement<'c>) -> Self {
        Statement(Inner::Cached(s))
    }

    pub(super) fn plain(s: rusqlite::Statement<'c>) -> Self {
        Statement(Inner::Plain(s))
    }

    pub(super) fn pg(c: &'c PgClient, sql: &str) -> Self {
        Statement(Inner::Pg(c, sql.to_string(), Default::default()))
    }

    fn split(&mut self) -> Either<'_, 'c> {
        match &mut self.0 {
            Inner::Cached(s) => Either::Sqlite(s),
            Inner::Plain(s) => Either::Sqlite(s),
            Inner::Pg(c, sql, _) => Either::Pg(c, sql),
        }
    }

    /// The result's column names. On PostgreSQL the server describes the statement (once per
    /// `Statement`); if it cannot, the names are empty and running the statement says why.
    pub fn column_names(&self) -> Vec<&str> {
        match &self.0 {
            Inner::Cached(s) => s.column_names(),
            Inner::Plain(s) => s.column_names(),
            Inner::Pg(c, sql, names) => names
                .get_or_init(|| c.columns(sql).unwrap_or_default())
                .iter()
                .map(String::as_str)
                .collect(),
        }
    }

    /// Rows changed.
    pub fn execute<P: Params>(&mut self, p: P) -> Result<usize> {
        let a = p.args();
        match self.split() {
            Either::Sqlite(s) => Ok(match &a {
                Args::Pos(v) => s.execute(&v[..])?,
                Args::Named(v) => s.execute(&v[..])?,
            }),
            Either::Pg(c, sql) => Ok(c.execute(sql, a.owned()?)? as usize),
        }
    }

    pub fn query<P: Params>(&mut self, p: P) -> Result<Rows<'_>> {
        let a = p.args();
        Ok(Rows(match self.split() {
            Either::Sqlite(s) => RowsInner::Sqlite(match &a {
                Args::Pos(v) => s.query(&v[..])?,
                Args::Named(v) => s.query(&v[..])?,
            }),
            Either::Pg(c, sql) => RowsInner::Pg(c.query(sql, a.owned()?)?.into_iter(), None),
        }))
    }

    pub fn query_map<T, P, F>(&mut self, p: P, f: F) -> Result<MappedRows<'_, F>>
    where
        P: Params,
        F: FnMut(&Row<'_>) -> Result<T>,
    {
        Ok(MappedRows {
            rows: self.query(p)?,
            f,
        })
    }

    /// The first row; `Error::NoRows` when there is none.
    pub fn query_row<T, P, F>(&mut self, p: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        let mut rows = self.query(p)?;
        match rows.next()? {
            Some(r) => f(&r),
            None => Err(Error::NoRows),
        }
    }

    pub fn exists<P: Params>(&mut self, p: P) -> Result<bool> {
        Ok(self.query(p)?.next()?.is_some())
    }
}

enum RowsInner<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Pg(std::vec::IntoIter<Vec<Value>>, Option<Vec<Value>>),
}

/// The rows of a query, read one at a time.
pub struct Rows<'s>(RowsInner<'s>);

impl Rows<'_> {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match &mut self.0 {
            RowsInner::Sqlite(r) => Ok(r.next()?.map(Row::Sqlite)),
            RowsInner::Pg(it, cur) => {
                *cur = it.next();
                Ok(cur.as_deref().map(Row::Pg))
            }
        }
    }
}

/// Rows mapped by a function, as an iterator of results.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F: FnMut(&Row<'_>) -> Result<T>> Iterator for MappedRows<'_, F> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        match self.rows.next() {
            Ok(Some(r)) => Some((self.f)(&r)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

impl Error {
    fn conversion(i: usize, e: FromSqlError) -> Error {
        Error::Sqlite(match e {
            FromSqlError::InvalidType => {
                rusqlite::Error::InvalidColumnType(i, String::new(), rusqlite::types::Type::Null)
            }
            FromSqlError::OutOfRange(v) => rusqlite::Error::IntegralValueOutOfRange(i, v),
            e => rusqlite::Error::FromSqlConversionFailure(
                i,
                rusqlite::types::Type::Null,
                Box::new(e),
            ),
        })
    }
}
