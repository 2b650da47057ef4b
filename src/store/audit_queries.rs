//! The audit log (操作记录) as the audit screen and `frontline audit` read it: newest first,
//! filterable; deep windows seek by id.

use super::Store;
use super::queries::{Page, Window, count};
use crate::domain::Ts;
use anyhow::Result;
use rusqlite::params;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: Ts,
    pub operator: String,
    pub action: String,
    pub target: String,
    pub details: serde_json::Value,
}

fn audit_row(r: &rusqlite::Row) -> rusqlite::Result<AuditRow> {
    let d: String = r.get(5)?;
    Ok(AuditRow {
        id: r.get(0)?,
        at: r.get(1)?,
        operator: r.get(2)?,
        action: r.get(3)?,
        target: r.get(4)?,
        details: serde_json::from_str(&d).unwrap_or(serde_json::Value::String(d)),
    })
}

impl Store {
    /// A window of the audit log, newest first, filtered on action, operator, target or detail.
    pub fn audit_page(&self, w: &Window) -> Result<Page<AuditRow>> {
        let c = &self.conn;
        let filtered = !w.filter.trim().is_empty();
        let cond = "(?1 = '%%' OR action LIKE ?1 ESCAPE '\\' OR operator LIKE ?1 ESCAPE '\\' OR target LIKE ?1 ESCAPE '\\' OR details LIKE ?1 ESCAPE '\\')";
        let total = if filtered {
            count(
                c,
                &format!("SELECT count(*) FROM audit_log WHERE {cond}"),
                [w.like()],
            )?
        } else {
            // The newest id is the row count: the log is append-only.
            count(c, "SELECT coalesce(max(id), 0) FROM audit_log", [])?
        };
        let rows = if filtered {
            c.prepare_cached(&format!(
                "SELECT id, at, operator, action, target, details FROM audit_log WHERE {cond} ORDER BY id DESC LIMIT ?2 OFFSET ?3"
            ))?
            .query_map(params![w.like(), w.lim(), w.offset as i64], audit_row)?
            .collect::<rusqlite::Result<_>>()?
        } else {
            // Keyset: ids run 1..=total with no gaps (append-only), so row `offset` from the
            // newest is id `total - offset` — a seek, however deep the window.
            c.prepare_cached(
                "SELECT id, at, operator, action, target, details FROM audit_log WHERE id <= ?1 ORDER BY id DESC LIMIT ?2",
            )?
            .query_map(params![total as i64 - w.offset as i64, w.lim()], audit_row)?
            .collect::<rusqlite::Result<_>>()?
        };
        Ok(Page { rows, total })
    }

    /// The audit log, newest first.
    pub fn audit(&self, limit: usize) -> Result<Vec<AuditRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, at, operator, action, target, details FROM audit_log ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = st
            .query_map([limit as i64], audit_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
