//! The domain's word-valued enums as SQLite values: written as their stored word (`ToSql`),
//! read back with `FromSql`. A word the enum does not know (a database written by a newer
//! version, or edited by hand) is a read error naming the value and the enum, never a panic and
//! never a silent default.

use crate::domain::{
    AlertKind, CaseCategory, CaseStatus, Category, DevStatus, NominationStatus, Organisation,
    PartyStatus, PostKind, RequestKind, RequestStatus, RestKind, RuleKind, ShiftStatus, TestResult,
    TrainingKind,
};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// A stored word the enum has no variant for.
#[derive(Debug)]
pub struct UnknownWord {
    pub what: &'static str,
    pub word: String,
}

impl std::fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "unknown {} {:?} in the database (written by a newer version?)",
            self.what, self.word
        )
    }
}

impl std::error::Error for UnknownWord {}

macro_rules! sql_word {
    ($($name:ident = $what:literal),+ $(,)?) => {$(
        impl FromSql for $name {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                let word = v.as_str()?;
                $name::parse(word).ok_or_else(|| {
                    FromSqlError::Other(Box::new(UnknownWord { what: $what, word: word.into() }))
                })
            }
        }
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }
    )+};
}

sql_word!(
    Category = "category",
    PartyStatus = "party status",
    DevStatus = "development status",
    NominationStatus = "nomination status",
    RestKind = "rest kind",
    PostKind = "post kind",
    ShiftStatus = "shift status",
    CaseCategory = "case category",
    CaseStatus = "case status",
    Organisation = "organisation",
    RuleKind = "rule",
    TestResult = "test result",
    TrainingKind = "training kind",
    AlertKind = "alert kind",
    RequestKind = "request kind",
    RequestStatus = "request status",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_word_reads_and_writes_back() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        let s: CaseStatus = c
            .query_row("SELECT ?1", [CaseStatus::InProgress], |r| r.get(0))
            .unwrap();
        assert_eq!(s, CaseStatus::InProgress);
        let w: String = c
            .query_row("SELECT ?1", [RequestKind::HeatRelief], |r| r.get(0))
            .unwrap();
        assert_eq!(w, "heat_relief");
    }

    #[test]
    fn an_unknown_word_is_a_clear_error_not_a_panic() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        let e = c
            .query_row("SELECT 'teleported'", [], |r| r.get::<_, ShiftStatus>(0))
            .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains(r#"unknown shift status "teleported""#),
            "{msg}"
        );
    }
}
