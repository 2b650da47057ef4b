//! Checks shared by every command that puts a person on a shift or a rest: overlapping shifts,
//! forced rest and rest days in the way, the rest rules over the planned duty, and the
//! compensatory-leave ledger (补休) that a rest day cut short feeds.

use super::{Exec, Person, R, Refusal, Store};
use crate::domain::shift_check::MAX_SHIFT_SECS;
use crate::domain::{RestKind, Ts};
use rusqlite::{OptionalExtension, params};
use serde_json::json;

/// A rest period found in the way.
pub(crate) struct RestHit {
    pub(crate) id: i64,
    pub(crate) person: i64,
    pub(crate) kind: RestKind,
    pub(crate) start: Ts,
    pub(crate) end: Ts,
}

impl Exec<'_> {
    /// Another shift of the person (not cancelled, not `except`) overlapping `[start, end)`:
    /// its worked or planned span. A running shift counts to its planned end, or now if later.
    pub(super) fn clash(
        &self,
        person: i64,
        start: Ts,
        end: Ts,
        except: Option<i64>,
    ) -> R<Option<(Ts, Ts)>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT s, e FROM (
                   SELECT coalesce(actual_start, planned_start) AS s,
                          CASE status WHEN 'active' THEN max(planned_end, ?5) ELSE coalesce(actual_end, planned_end) END AS e
                   FROM shifts WHERE person_id = ?1 AND id <> ?4 AND status IN ('planned','active','done')
                     AND (status = 'active' OR (planned_start < ?3 + 3600 AND planned_start > ?2 - 2 * 86400)))
                 WHERE s < ?3 AND e > ?2 ORDER BY s LIMIT 1",
            )?
            .query_row(
                params![person, start, end, except.unwrap_or(-1), self.ctx.now],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// A forced rest overlapping `[start, end)`: its end.
    pub(super) fn forced_overlapping(&self, person: i64, start: Ts, end: Ts) -> R<Option<Ts>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT max(end_at) FROM rest_periods
                 WHERE person_id = ?1 AND kind = 'forced' AND end_at > ?2 AND start_at < ?3",
            )?
            .query_row(params![person, start, end], |r| r.get(0))?)
    }

    /// A rest of any kind (`forced` false: any but forced rest) overlapping `[start, end)`.
    pub(super) fn rest_overlapping(
        &self,
        person: i64,
        start: Ts,
        end: Ts,
        forced: bool,
    ) -> R<Option<RestHit>> {
        let row: Option<(i64, String, Ts, Ts)> = self
            .tx
            .prepare_cached(
                "SELECT id, kind, start_at, end_at FROM rest_periods
                 WHERE person_id = ?1 AND end_at > ?2 AND start_at < ?3 AND end_at > start_at
                   AND (?4 OR kind <> 'forced')
                 ORDER BY start_at LIMIT 1",
            )?
            .query_row(params![person, start, end, forced], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        Ok(row.map(|(id, kind, start, end)| RestHit {
            id,
            person,
            kind: RestKind::parse(&kind).unwrap_or(RestKind::Rotation),
            start,
            end,
        }))
    }

    /// Everything that stands between a person and a planned shift `[start, end)`, checked
    /// before anything is written: times in order and not past, no longer than 24 h, no other
    /// shift of theirs overlapping, then forced rest, a rest day and the rest rules (over the
    /// duty as planned), which an override reason may overrule. Returns what was overruled.
    pub(super) fn check_shift(
        &self,
        p: &Person,
        (start, end): (Ts, Ts),
        except: Option<i64>,
        ovr: &Option<String>,
    ) -> R<serde_json::Value> {
        if end <= start || end <= self.ctx.now {
            return Err(Refusal::TimeOrder);
        }
        if end - start > MAX_SHIFT_SECS {
            return Err(Refusal::ShiftTooLong((end - start) as f64 / 3600.0));
        }
        if let Some((s, e)) = self.clash(p.id, start, end, except)? {
            return Err(Refusal::Overlap {
                name: p.name.clone(),
                start: s,
                end: e,
            });
        }
        let mut overruled = Vec::new();
        if let Some(until) = self.forced_overlapping(p.id, start, end)? {
            if ovr.is_none() {
                return Err(Refusal::InForcedRest {
                    name: p.name.clone(),
                    until,
                });
            }
            overruled.push(json!({"forced_rest_until": until}));
        }
        if let Some(r) = self.rest_overlapping(p.id, start, end, false)? {
            if ovr.is_none() {
                return Err(Refusal::RestDay {
                    name: p.name.clone(),
                    kind: r.kind,
                    until: r.end,
                });
            }
            overruled.push(json!({"rest": r.kind.as_str(), "rest_until": r.end}));
        }
        let breaches =
            Store::shift_breaches(self.tx, self.cfg, p.id, (start, end), except, self.ctx.now)?;
        if !breaches.is_empty() {
            if ovr.is_none() {
                return Err(Refusal::BreaksRules {
                    name: p.name.clone(),
                    breaches,
                });
            }
            for b in &breaches {
                overruled
                    .push(json!({"rule": b.rule.as_str(), "over_by_minutes": b.over_by_minutes}));
            }
        }
        Ok(serde_json::Value::Array(overruled))
    }

    /// Minutes of compensatory leave the ledger owes the person.
    pub(super) fn owed(&self, person: i64) -> R<i64> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT coalesce(max(minutes), 0) FROM comp_balance WHERE person_id = ?1",
            )?
            .query_row([person], |r| r.get(0))?)
    }

    /// Append to the ledger (the balance follows by trigger). Zero minutes write nothing.
    pub(super) fn ledger(
        &self,
        person: i64,
        minutes: i64,
        kind: &str,
        rest: Option<i64>,
        note: &str,
    ) -> R<()> {
        if minutes != 0 {
            self.exec(
                "INSERT INTO comp_ledger(person_id, at, minutes, kind, rest_id, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![person, self.ctx.now, minutes, kind, rest, note],
            )?;
            self.created_ledger(self.tx.last_insert_rowid());
        }
        Ok(())
    }

    /// End a rest day (or compensatory rest) at `at`, before its time: what it still had to
    /// run is owed as compensatory leave — `worked_rest` when duty cut it, `refund` otherwise.
    /// Returns the minutes credited.
    pub(super) fn cut_rest(&self, r: &RestHit, at: Ts, worked: bool) -> R<i64> {
        let new_end = at.max(r.start);
        self.before_rest(r.id)?;
        self.exec(
            "UPDATE rest_periods SET end_at = ?2 WHERE id = ?1",
            params![r.id, new_end],
        )?;
        if r.kind == RestKind::Forced {
            return Ok(0);
        }
        let minutes = (r.end - new_end).max(0) / 60;
        let kind = if worked { "worked_rest" } else { "refund" };
        self.ledger(r.person, minutes, kind, Some(r.id), r.kind.as_str())?;
        Ok(minutes)
    }
}
