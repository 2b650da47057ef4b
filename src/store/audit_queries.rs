//! The audit log (操作记录) as the audit screen and `frontline audit` read it: newest first,
//! filterable; deep windows seek by id.

use super::Store;
use super::queries::{Page, Window, count};
use crate::domain::Ts;
use crate::store::db::params;
use anyhow::Result;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: Ts,
    pub operator: String,
    pub action: String,
    pub target: String,
    pub details: serde_json::Value,
    /// The target by name, resolved by the store (a person's or post's name, an item's Chinese
    /// name; a shift, case, request or nomination by its person's name); `None` when the target
    /// is not a row (`database`, `org`) or no longer exists.
    pub name: Option<String>,
    /// The same in English where it differs (an item's English name).
    pub name_en: Option<String>,
}

/// `text` (an SQL expression) as a BIGINT id when it is 1 to 18 digits, else NULL: both
/// engines take it for any text (a bare `CAST` makes SQLite's 0 of `rules` or `desk:NAME` a
/// PostgreSQL error; the guard is a CASE on the row's value, which PostgreSQL does not fold).
macro_rules! digits_id {
    ($text:literal) => {
        concat!(
            "CAST(CASE WHEN length(",
            $text,
            ") BETWEEN 1 AND 18 AND ltrim(",
            $text,
            ", '0123456789') = '' THEN ",
            $text,
            " END AS BIGINT)"
        )
    };
}

/// The target's name, resolved in SQL from `target` (`kind:id`).
pub(crate) const TARGET_NAME: &str = concat!("(SELECT CASE substr(t.target, 1, max(instr(t.target, ':') - 1, 0))
  WHEN 'person' THEN (SELECT name FROM people WHERE id = t.tid)
  WHEN 'post' THEN (SELECT name FROM posts WHERE id = t.tid)
  WHEN 'street' THEN (SELECT name FROM streets WHERE id = t.tid)
  WHEN 'community' THEN (SELECT name FROM communities WHERE id = t.tid)
  WHEN 'depot' THEN (SELECT name FROM depots WHERE id = t.tid)
  WHEN 'item' THEN (SELECT name_zh FROM supply_items WHERE id = t.tid)
  WHEN 'shift' THEN (SELECT p.name FROM shifts s JOIN people p ON p.id = s.person_id WHERE s.id = t.tid)
  WHEN 'case' THEN (SELECT p.name FROM family_cases c JOIN people p ON p.id = c.person_id WHERE c.id = t.tid)
  WHEN 'nomination' THEN (SELECT p.name FROM nominations n JOIN people p ON p.id = n.person_id WHERE n.id = t.tid)
  WHEN 'request' THEN (SELECT coalesce(p.name, po.name) FROM logistics_requests r LEFT JOIN people p ON p.id = r.person_id LEFT JOIN posts po ON po.id = r.post_id WHERE r.id = t.tid)
  WHEN 'alert' THEN (SELECT p.name FROM alerts al JOIN people p ON p.id = al.person_id WHERE al.id = t.tid)
  END FROM (SELECT audit_log.target AS target, ",
    digits_id!("substr(audit_log.target, instr(audit_log.target, ':') + 1)"),
    " AS tid) t)"
);

const ITEM_NAME_EN: &str = concat!(
    "(CASE WHEN audit_log.target LIKE 'item:%' THEN (SELECT name_en FROM supply_items WHERE id = ",
    digits_id!("substr(audit_log.target, 6)"),
    ") END)"
);

fn cols() -> String {
    format!("id, at, operator, action, target, details, {TARGET_NAME}, {ITEM_NAME_EN}")
}

fn audit_row(r: &crate::store::db::Row) -> crate::store::db::Result<AuditRow> {
    let d: String = r.get(5)?;
    Ok(AuditRow {
        id: r.get(0)?,
        at: r.get(1)?,
        operator: r.get(2)?,
        action: r.get(3)?,
        target: r.get(4)?,
        details: serde_json::from_str(&d).unwrap_or(serde_json::Value::String(d)),
        name: r.get(6)?,
        name_en: r.get(7)?,
    })
}

impl Store {
    /// A window of the audit log, newest first, filtered on action, operator, target, detail,
    /// or the target's name or staff code (a person's, or the person of a shift or case).
    pub fn audit_page(&self, w: &Window) -> Result<Page<AuditRow>> {
        let c = &self.conn;
        let filtered = !w.filter.trim().is_empty();
        let cond = format!(
            "(?1 = '%%' OR action LIKE ?1 ESCAPE '\\' OR operator LIKE ?1 ESCAPE '\\' OR target LIKE ?1 ESCAPE '\\' OR details LIKE ?1 ESCAPE '\\' OR {TARGET_NAME} LIKE ?1 ESCAPE '\\' OR (target LIKE 'person:%' AND {} IN (SELECT id FROM people WHERE staff_code LIKE ?1 ESCAPE '\\')))",
            digits_id!("substr(target, 8)")
        );
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
                "SELECT {} FROM audit_log WHERE {cond} ORDER BY id DESC LIMIT ?2 OFFSET ?3",
                cols()
            ))?
            .query_map(params![w.like(), w.lim(), w.offset as i64], audit_row)?
            .collect::<crate::store::db::Result<_>>()?
        } else {
            // Keyset: ids run 1..=total with no gaps (append-only), so row `offset` from the
            // newest is id `total - offset` — a seek, however deep the window.
            c.prepare_cached(&format!(
                "SELECT {} FROM audit_log WHERE id <= ?1 ORDER BY id DESC LIMIT ?2",
                cols()
            ))?
            .query_map(params![total as i64 - w.offset as i64, w.lim()], audit_row)?
            .collect::<crate::store::db::Result<_>>()?
        };
        Ok(Page { rows, total })
    }

    /// The audit log from `since` on, oldest first (the handover's actions).
    pub fn audit_since(&self, since: Ts) -> Result<Vec<AuditRow>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {} FROM audit_log WHERE at >= ?1 ORDER BY id",
            cols()
        ))?;
        let rows = st
            .query_map([since], audit_row)?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(rows)
    }

    /// The entries after `id`, oldest first (at most 100: a console's news, not a replay).
    pub fn audit_after(&self, id: i64) -> Result<Vec<AuditRow>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {} FROM audit_log WHERE id > ?1 ORDER BY id LIMIT 100",
            cols()
        ))?;
        let rows = st
            .query_map([id], audit_row)?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(rows)
    }

    /// The audit log, newest first.
    pub fn audit(&self, limit: usize) -> Result<Vec<AuditRow>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {} FROM audit_log ORDER BY id DESC LIMIT ?1",
            cols()
        ))?;
        let rows = st
            .query_map([limit as i64], audit_row)?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(rows)
    }
}
