//! One family-support case in full (the case detail view): the case and the family situation,
//! every step taken on it from the audit log with who and when, and its notes.

use super::Store;
use crate::domain::Ts;
use crate::store::db::OptionalExtension;
use anyhow::Result;
use serde::Serialize;

pub use super::care_queries::CaseDetailRow;

/// A step taken on a case: an audit row whose target is the case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseStep {
    pub at: Ts,
    pub operator: String,
    /// The action as stored (`case_open`, `case_assign`, …).
    pub action: String,
    /// What the step recorded: the status it set, an organisation, a reason.
    pub status: Option<String>,
    pub organisation: Option<String>,
    pub reason: Option<String>,
    pub outcome_was: Option<String>,
}

/// A note on a case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseNote {
    pub at: Ts,
    pub operator: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseDetail {
    pub case: CaseDetailRow,
    /// Oldest first.
    pub steps: Vec<CaseStep>,
    /// Oldest first.
    pub notes: Vec<CaseNote>,
}

impl Store {
    /// Case `id` in full, or `None` if there is no such case.
    pub fn case_detail(&self, now: Ts, id: i64) -> Result<Option<CaseDetail>> {
        let c = &self.conn;
        let days = self.cfg.rules.case_overdue_days;
        let case = c
            .prepare_cached(
                "SELECT f.id, pe.id, pe.name, pe.staff_code, f.category, f.urgency, f.status, f.organisation, f.helper,
                   f.opened_at, f.resolved_at, f.summary, f.outcome,
                   fs.dependents, fs.elderly, fs.children, fs.notes, fs.updated_at
                 FROM family_cases f JOIN people pe ON pe.id = f.person_id
                 LEFT JOIN family_situations fs ON fs.person_id = pe.id
                 WHERE f.id = ?1",
            )?
            .query_row([id], |r| super::care_queries::case_row(r, now, days))
            .optional()?;
        let Some(case) = case else {
            return Ok(None);
        };
        let steps = c
            .prepare_cached(
                "SELECT at, operator, action, json_extract(details, '$.status'), json_extract(details, '$.organisation'),
                        json_extract(details, '$.reason'), json_extract(details, '$.outcome_was')
                 FROM audit_log INDEXED BY audit_target WHERE target = ?1 AND action <> 'case_note'
                 ORDER BY id",
            )?
            .query_map([format!("case:{id}")], |r| {
                Ok(CaseStep {
                    at: r.get(0)?,
                    operator: r.get(1)?,
                    action: r.get(2)?,
                    status: r.get(3)?,
                    organisation: r.get(4)?,
                    reason: r.get(5)?,
                    outcome_was: r.get(6)?,
                })
            })?
            .collect::<crate::store::db::Result<_>>()?;
        let notes = c
            .prepare_cached(
                "SELECT at, operator, text FROM case_notes WHERE case_id = ?1 ORDER BY at, id",
            )?
            .query_map([id], |r| {
                Ok(CaseNote {
                    at: r.get(0)?,
                    operator: r.get(1)?,
                    text: r.get(2)?,
                })
            })?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(Some(CaseDetail { case, steps, notes }))
    }
}
