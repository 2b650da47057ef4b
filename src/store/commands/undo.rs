//! Undo: the operator's last action is reversed by a compensating write, itself audited.
//! Commands record before-images of the rows they change (and the ids of rows they create) in
//! their audit row; undo puts the images back and neutralises the created rows (a shift is
//! cancelled, a rest shortened to nothing) — nothing is deleted. An action that recorded no
//! images cannot be undone, and neither can one whose target a later action has changed.

use super::{Exec, Outcome, R, Refusal};
use crate::store::db::{OptionalExtension, params};
use serde_json::{Value, json};

/// Actions whose handlers record a before-image of every row they change (duty.rs, shifts.rs,
/// rest.rs, and the rest cuts and ledger entries they cause in checks.rs). Any other action
/// cannot be undone.
pub(crate) const UNDOABLE: &[&str] = &[
    "check_in",
    "check_out",
    "reassign",
    "force_rest",
    "end_rest",
    "shift_plan",
    "shift_move",
    "shift_cancel",
    "shift_copy_day",
    "rest",
];

/// Planning actions touch only planned shifts; once one of them has been started (a check-in,
/// audited against the person, not the shift), putting the plan back would undo real work.
const PLANNING: &[&str] = &["shift_plan", "shift_move", "shift_cancel", "shift_copy_day"];

const SHIFT_COLS: &str =
    "status, post_id, planned_start, planned_end, actual_start, actual_end, breach_at, breach_rule";

/// A shift's before-image from a row that holds, from column `at` on, its id and then
/// `SHIFT_COLS` in that order.
pub(crate) fn shift_image(
    r: &crate::store::db::Row<'_>,
    at: usize,
) -> crate::store::db::Result<Value> {
    Ok(
        json!({"id": r.get::<_, i64>(at)?, "status": r.get::<_, String>(at + 1)?,
        "post_id": r.get::<_, i64>(at + 2)?,
        "planned_start": r.get::<_, i64>(at + 3)?, "planned_end": r.get::<_, i64>(at + 4)?,
        "actual_start": r.get::<_, Option<i64>>(at + 5)?, "actual_end": r.get::<_, Option<i64>>(at + 6)?,
        "breach_at": r.get::<_, Option<i64>>(at + 7)?, "breach_rule": r.get::<_, Option<String>>(at + 8)?}),
    )
}

impl Exec<'_> {
    /// Keep the row as it is now, before this command changes it (once per row).
    pub(crate) fn before_shift(&self, id: i64) -> R<()> {
        if self.undo.borrow().shifts.iter().any(|v| v["id"] == id) {
            return Ok(());
        }
        let v = self.tx.query_row(
            &format!("SELECT id, {SHIFT_COLS} FROM shifts WHERE id = ?1"),
            [id],
            |r| shift_image(r, 0),
        )?;
        self.keep_shift(v);
        Ok(())
    }

    /// Keep a before-image the caller read with the row (`shift_image`), once per row: a
    /// statement fewer than `before_shift` (on a server, a round trip fewer).
    pub(crate) fn keep_shift(&self, v: Value) {
        let mut undo = self.undo.borrow_mut();
        if !undo.shifts.iter().any(|k| k["id"] == v["id"]) {
            undo.shifts.push(v);
        }
    }

    pub(crate) fn before_rest(&self, id: i64) -> R<()> {
        if self.undo.borrow().rests.iter().any(|v| v["id"] == id) {
            return Ok(());
        }
        let v = self.tx.query_row("SELECT id, start_at, end_at FROM rest_periods WHERE id = ?1", [id], |r| {
            Ok(json!({"id": r.get::<_, i64>(0)?, "start_at": r.get::<_, i64>(1)?, "end_at": r.get::<_, i64>(2)?}))
        })?;
        self.undo.borrow_mut().rests.push(v);
        Ok(())
    }

    pub(crate) fn created_shift(&self, id: i64) {
        self.undo.borrow_mut().new_shifts.push(id);
    }

    pub(crate) fn created_ledger(&self, id: i64) {
        self.undo.borrow_mut().new_ledger.push(id);
    }

    pub(crate) fn created_rest(&self, id: i64) {
        self.undo.borrow_mut().new_rests.push(id);
    }

    pub(super) fn undo_last(&self) -> R<(Outcome, String, Value)> {
        let last: Option<(i64, String, String, String)> = self
            .tx
            .prepare_cached(
                "SELECT id, action, target, details FROM audit_log
                 WHERE operator = ?1 AND action <> 'undo'
                   AND coalesce(json_extract(details, '$.desk'), '') = ?2
                   AND id NOT IN (SELECT CAST(json_extract(details, '$.undoes') AS BIGINT) FROM audit_log WHERE action = 'undo')
                 ORDER BY id DESC LIMIT 1",
            )?
            .query_row(params![&self.ctx.operator, self.desk], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((id, action, target, details)) = last else {
            return Err(Refusal::NothingToUndo);
        };
        self.undo_row(id, action, target, details)
    }

    /// Undo one audit entry, whoever's and from whatever desk — once `of` names whose it is
    /// (the confirmation that this is someone else's work being reversed).
    pub(super) fn undo_entry(&self, id: i64, of: &str) -> R<(Outcome, String, Value)> {
        let row: Option<(String, String, String, String, bool)> = self
            .tx
            .prepare_cached(
                "SELECT operator, action, target, details,
                        EXISTS(SELECT 1 FROM audit_log u WHERE u.action = 'undo' AND CAST(json_extract(u.details, '$.undoes') AS BIGINT) = a.id)
                 FROM audit_log a WHERE id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .optional()?;
        let Some((operator, action, target, details, undone)) = row else {
            return Err(Refusal::NothingToUndo);
        };
        if action == "undo" || undone {
            return Err(Refusal::CannotUndo {
                action,
                later: Some("undo".into()),
            });
        }
        if of.trim() != operator {
            return Err(Refusal::UndoWhose {
                id,
                operator,
                action,
                target: self.target_name(id, &target)?,
            });
        }
        self.undo_row(id, action, target, details)
    }

    /// The entry's target by name (resolved like the audit screen's), else as stored.
    fn target_name(&self, id: i64, target: &str) -> R<String> {
        let name: Option<String> = self.tx.query_row(
            &format!(
                "SELECT {} FROM audit_log WHERE id = ?1",
                crate::store::audit_queries::TARGET_NAME
            ),
            [id],
            |r| r.get(0),
        )?;
        Ok(name.unwrap_or_else(|| target.to_string()))
    }

    fn undo_row(
        &self,
        id: i64,
        action: String,
        target: String,
        details: String,
    ) -> R<(Outcome, String, Value)> {
        let details: Value = serde_json::from_str(&details).unwrap_or(Value::Null);
        let Some(undo) = details.get("undo") else {
            return Err(Refusal::CannotUndo {
                action,
                later: None,
            });
        };
        // Someone (anyone) acted on the same target since: undoing would overwrite their work.
        let later: Option<String> = self
            .tx
            .prepare_cached(
                "SELECT action FROM audit_log WHERE id > ?1 AND target = ?2 AND action <> 'undo'
                   AND id NOT IN (SELECT CAST(json_extract(details, '$.undoes') AS BIGINT) FROM audit_log WHERE action = 'undo')
                 ORDER BY id LIMIT 1",
            )?
            .query_row(params![id, target], |r| r.get(0))
            .optional()?;
        if later.is_some() {
            return Err(Refusal::CannotUndo { action, later });
        }
        let list = |k: &str| undo[k].as_array().cloned().unwrap_or_default();
        if PLANNING.contains(&action.as_str()) {
            let touched = list("new_shifts")
                .into_iter()
                .chain(list("shifts").into_iter().map(|v| v["id"].clone()));
            for id in touched {
                let started: bool = self.tx.query_row(
                    "SELECT actual_start IS NOT NULL FROM shifts WHERE id = ?1",
                    [id.as_i64()],
                    |r| r.get(0),
                )?;
                if started {
                    return Err(Refusal::CannotUndo {
                        action,
                        later: Some("check_in".into()),
                    });
                }
            }
        }
        for id in list("new_shifts") {
            self.exec(
                "UPDATE shifts SET status = 'cancelled', breach_at = NULL, breach_rule = NULL WHERE id = ?1",
                [id.as_i64()],
            )?;
        }
        for id in list("new_rests") {
            self.exec(
                "UPDATE rest_periods SET end_at = start_at WHERE id = ?1",
                [id.as_i64()],
            )?;
        }
        // Leave owed is never erased: an entry is balanced by its opposite.
        for id in list("new_ledger") {
            self.exec(
                "INSERT INTO comp_ledger(person_id, at, minutes, kind, rest_id, note)
                 SELECT person_id, ?2, -minutes, 'adjust', rest_id, 'undo' FROM comp_ledger WHERE id = ?1",
                params![id.as_i64(), self.ctx.now],
            )?;
        }
        for v in list("rests") {
            self.exec(
                "UPDATE rest_periods SET start_at = ?2, end_at = ?3 WHERE id = ?1",
                params![
                    v["id"].as_i64(),
                    v["start_at"].as_i64(),
                    v["end_at"].as_i64()
                ],
            )?;
        }
        // What each shift and rest is now, to tell what the undo adds.
        let back: Vec<i64> = list("shifts")
            .iter()
            .filter_map(|v| v["id"].as_i64())
            .collect();
        let rests: Vec<i64> = list("rests")
            .iter()
            .filter_map(|v| v["id"].as_i64())
            .collect();
        let was = self.undo_spans(&back, &rests)?;
        // Shifts last: putting one back on duty must not meet the one it replaced.
        for v in list("shifts") {
            self.exec(
                &format!("UPDATE shifts SET ({SHIFT_COLS}) = (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) WHERE id = ?1"),
                params![
                    v["id"].as_i64(),
                    v["status"].as_str(),
                    v["post_id"].as_i64(),
                    v["planned_start"].as_i64(),
                    v["planned_end"].as_i64(),
                    v["actual_start"].as_i64(),
                    v["actual_end"].as_i64(),
                    v["breach_at"].as_i64(),
                    v["breach_rule"].as_str()
                ],
            )?;
        }
        // What comes back on duty or on the plan, or grows, passes the duty gate again.
        self.undo_gate(&back, &rests, &was)?;
        Ok((
            Outcome::Undone {
                action,
                target: self.target_name(id, &target)?,
                audit_id: id,
            },
            target,
            json!({"undoes": id}),
        ))
    }
}
