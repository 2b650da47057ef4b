//! Parameters as the store writes them (`params![…]`, `[id]`, `[]`, `named_params!{…}`, a
//! slice built by hand), seen by both engines: SQLite binds them as rusqlite does, PostgreSQL
//! gets owned values. The shapes are rusqlite's, so a query reads the same on either engine.

use rusqlite::types::{ToSql, ToSqlOutput, Value, ValueRef};

/// Parameters borrowed from the caller, positional or named (`:name`).
pub enum Args<'a> {
    Pos(Vec<&'a dyn ToSql>),
    Named(Vec<(&'a str, &'a dyn ToSql)>),
}

/// Anything a statement can be run with; the same shapes rusqlite's `Params` takes.
pub trait Params {
    fn args(&self) -> Args<'_>;
}

impl Params for [&(dyn ToSql + Send + Sync); 0] {
    fn args(&self) -> Args<'_> {
        Args::Pos(Vec::new())
    }
}

impl Params for () {
    fn args(&self) -> Args<'_> {
        Args::Pos(Vec::new())
    }
}

impl Params for &[&dyn ToSql] {
    fn args(&self) -> Args<'_> {
        Args::Pos(self.to_vec())
    }
}

impl Params for &[(&str, &dyn ToSql)] {
    fn args(&self) -> Args<'_> {
        Args::Named(self.to_vec())
    }
}

impl Params for Vec<&dyn ToSql> {
    fn args(&self) -> Args<'_> {
        Args::Pos(self.clone())
    }
}

macro_rules! arrays {
    ($($n:literal)+) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn args(&self) -> Args<'_> {
                Args::Pos(self.iter().map(|v| v as &dyn ToSql).collect())
            }
        }
        impl<T: ToSql + ?Sized> Params for &[&T; $n] {
            fn args(&self) -> Args<'_> {
                Args::Pos(self.iter().map(|v| v as &dyn ToSql).collect())
            }
        }
    )+};
}
arrays!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

impl Args<'_> {
    /// Owned values for PostgreSQL.
    pub(super) fn owned(&self) -> Result<super::pg::Args, rusqlite::Error> {
        Ok(match self {
            Args::Pos(v) => {
                super::pg::Args::Pos(v.iter().map(|p| value(*p)).collect::<Result<_, _>>()?)
            }
            Args::Named(v) => super::pg::Args::Named(
                v.iter()
                    .map(|(n, p)| Ok((n.to_string(), value(*p)?)))
                    .collect::<Result<_, rusqlite::Error>>()?,
            ),
        })
    }
}

/// A parameter as an owned value (what rusqlite would bind).
pub(super) fn value(p: &dyn ToSql) -> rusqlite::Result<Value> {
    Ok(match p.to_sql()? {
        ToSqlOutput::Borrowed(v) => owned(v),
        ToSqlOutput::Owned(v) => v,
        _ => {
            return Err(rusqlite::Error::ToSqlConversionFailure(
                "a value kind the store does not use".into(),
            ));
        }
    })
}

fn owned(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}
