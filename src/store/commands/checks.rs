//! Checks shared by every command that puts a person on a shift or a rest: overlapping shifts,
//! forced rest and rest days in the way, the rest rules over the planned duty, and the
//! compensatory-leave ledger (补休) that a rest day cut short feeds.

use super::{Exec, Person, R, Refusal, Store};
use crate::domain::shift_check::MAX_SHIFT_SECS;
use crate::domain::{RestKind, Ts};
use crate::store::db::{OptionalExtension, params};
use serde_json::json;

/// Shifts' duty spans and forced rests' spans as they were before an undo.
#[derive(Default)]
pub(crate) struct UndoSpans {
    shifts: Vec<(i64, Option<(Ts, Ts)>)>,
    rests: Vec<(i64, Option<(Ts, Ts)>)>,
}

/// A rest period found in the way.
pub(crate) struct RestHit {
    pub(crate) id: i64,
    pub(crate) person: i64,
    pub(crate) kind: RestKind,
    pub(crate) start: Ts,
    pub(crate) end: Ts,
}

impl Exec<'_> {
    /// A person known by their row id (a shift's or a rest's person), never by typed text.
    pub(super) fn person_by_id(&self, id: i64) -> R<Person> {
        let row: Option<(String, Option<i64>)> = self
            .tx
            .prepare_cached("SELECT name, retired_at FROM people WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match row {
            None => Err(Refusal::UnknownPerson(format!("#{id}"))),
            Some((name, Some(_))) => Err(Refusal::Retired(name)),
            Some((name, None)) => Ok(Person { id, name }),
        }
    }

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
                     AND (status = 'active' OR (planned_start < ?3 + 3600 AND planned_start > ?2 - 2 * 86400))) AS d
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
                   AND (?4 <> 0 OR kind <> 'forced')
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

    /// A shift's duty as the gate sees it (planned or running, not over), and a forced rest's
    /// span still to run: the state before an undo, so that only what it adds is checked.
    pub(super) fn undo_spans(&self, shifts: &[i64], rests: &[i64]) -> R<UndoSpans> {
        let mut out = UndoSpans::default();
        for &id in shifts {
            out.shifts
                .push((id, self.duty_span(id)?.map(|(_, s, e)| (s, e))));
        }
        for &id in rests {
            out.rests
                .push((id, self.forced_span(id)?.map(|(_, s, e)| (s, e))));
        }
        Ok(out)
    }

    fn duty_span(&self, id: i64) -> R<Option<(i64, Ts, Ts)>> {
        let now = self.ctx.now;
        let row: Option<(i64, String, Ts, Ts, Option<Ts>)> = self
            .tx
            .prepare_cached(
                "SELECT person_id, status, planned_start, planned_end, actual_start FROM shifts
                 WHERE id = ?1 AND status IN ('planned', 'active')",
            )?
            .query_row([id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .optional()?;
        Ok(
            row.and_then(|(person, status, ps, pe, a_s)| match status.as_str() {
                "active" => Some((person, a_s.unwrap_or(ps), pe.max(now))),
                _ if pe <= now => None,
                _ => Some((person, ps, pe)),
            }),
        )
    }

    fn forced_span(&self, id: i64) -> R<Option<(i64, Ts, Ts)>> {
        let now = self.ctx.now;
        Ok(self
            .tx
            .prepare_cached(
                "SELECT person_id, max(start_at, ?2), end_at FROM rest_periods
                 WHERE id = ?1 AND kind = 'forced' AND end_at > ?2",
            )?
            .query_row(params![id, now], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?)
    }

    /// After an undo has put rows back: every shift it returned to the plan or to duty (or
    /// made longer), and every forced rest it restored, must pass the duty gate as it stands
    /// now (other actions may have happened in between). An undo carries no override reason,
    /// so a breach refuses it, and the refusal rolls the whole undo back.
    pub(super) fn undo_gate(&self, shifts: &[i64], rests: &[i64], was: &UndoSpans) -> R<()> {
        let now = self.ctx.now;
        let grew =
            |before: Option<(Ts, Ts)>, s: Ts, e: Ts| before.is_none_or(|(bs, be)| s < bs || e > be);
        for &id in shifts {
            let Some((person, s, e)) = self.duty_span(id)? else {
                continue;
            };
            let before = was.shifts.iter().find(|x| x.0 == id).and_then(|x| x.1);
            if !grew(before, s, e) {
                continue;
            }
            let p = self.person_by_id(person)?;
            if let Some(until) = self.forced_overlapping(person, s.max(now), e)? {
                return Err(Refusal::InForcedRest {
                    name: p.name,
                    until,
                });
            }
            let mut breaches =
                Store::shift_breaches(self.tx, self.cfg, person, (s, e), Some(id), now)?;
            if !breaches.is_empty() {
                breaches.truncate(4);
                return Err(Refusal::UndoBreaksRules {
                    name: p.name,
                    breaches,
                });
            }
        }
        for &id in rests {
            let Some((person, s, e)) = self.forced_span(id)? else {
                continue;
            };
            let before = was.rests.iter().find(|x| x.0 == id).and_then(|x| x.1);
            if !grew(before, s, e) {
                continue;
            }
            if let Some((cs, ce)) = self.clash(person, s, e, None)? {
                let p = self.person_by_id(person)?;
                return Err(Refusal::Overlap {
                    name: p.name,
                    start: cs,
                    end: ce,
                });
            }
        }
        Ok(())
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
            self.created_ledger(self.tx.last_insert_rowid()?);
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
