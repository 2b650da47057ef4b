//! Duty: check in, check out, reassign, forced rest, end rest.

use super::{Active, Exec, Outcome, Person, PersonRef, R, Refusal, Store};
use crate::domain::rules::{Duty, first_breach};
use crate::domain::{RestKind, RuleKind, Ts};
use crate::store::db::{OptionalExtension, params};
use serde_json::json;

impl Exec<'_> {
    pub(super) fn active(&self, person: i64) -> R<Option<Active>> {
        Ok(self
            .tx
            .prepare_cached(
                // The name, then the shift's id and `undo::SHIFT_COLS` (its before-image).
                "SELECT p.name, s.id, s.status, s.post_id, s.planned_start, s.planned_end, s.actual_start,
                        s.actual_end, s.breach_at, s.breach_rule
                 FROM shifts s JOIN posts p ON p.id = s.post_id
                 WHERE s.person_id = ?1 AND s.status = 'active'",
            )?
            .query_row([person], |r| {
                Ok(Active {
                    shift: r.get(1)?,
                    post: r.get(0)?,
                    start: r.get(6)?,
                    post_id: r.get(3)?,
                    image: super::undo::shift_image(r, 1)?,
                })
            })
            .optional()?)
    }

    /// When a duty starting at `start` would first break a rule if it went on: kept with the
    /// running shift so the Overdue panel is an index range.
    fn first_breach_from(&self, person: i64, start: Ts) -> R<Option<(Ts, RuleKind)>> {
        let hist = Store::history(
            self.tx,
            person,
            start,
            self.cfg.rules.lookback_secs(),
            self.cfg.tz,
        )?;
        let duty = Duty {
            history: &hist,
            current_start: Some(start),
        };
        Ok(first_breach(&duty, &self.cfg.rules, self.cfg.tz))
    }

    /// The duty gate for a person starting duty now, for `[start, end)` as planned (`except`:
    /// the planned shift being started): out of service blocks; forced rest and the rest
    /// rules over the whole span (and the person's later planned shifts) block unless an
    /// override reason overrules them. The same evaluation as planning a shift
    /// (`check_shift`). Returns the first-breach prediction and what was overruled.
    fn guard(
        &self,
        p: &Person,
        (start, end): (Ts, Ts),
        except: Option<i64>,
        ovr: &Option<String>,
    ) -> R<(Option<(Ts, RuleKind)>, serde_json::Value)> {
        // Out of service (health) blocks any duty; no override: it ends only by hand.
        if let Some(since) = self.out_of_service(p.id)? {
            return Err(Refusal::Care(super::CareRefusal::OutOfService {
                name: p.name.clone(),
                since,
            }));
        }
        if let Some((s, e)) = self.clash(p.id, start, end, except)? {
            return Err(Refusal::Overlap {
                name: p.name.clone(),
                start: s,
                end: e,
            });
        }
        let mut blocked = Vec::new();
        if let Some(until) = self.forced_overlapping(p.id, start, end)? {
            if ovr.is_none() {
                return Err(Refusal::InForcedRest {
                    name: p.name.clone(),
                    until,
                });
            }
            blocked.push(json!({"forced_rest_until": until}));
            // Overruled now: the rest ends here, so nobody is resting and on duty at once.
            let ids: Vec<i64> = self
                .tx
                .prepare_cached(
                    "SELECT id FROM rest_periods WHERE person_id = ?1 AND kind = 'forced' AND start_at <= ?2 AND end_at > ?2",
                )?
                .query_map(params![p.id, start], |r| r.get(0))?
                .collect::<crate::store::db::Result<_>>()?;
            for id in ids {
                self.before_rest(id)?;
                self.exec(
                    "UPDATE rest_periods SET end_at = max(?2, start_at) WHERE id = ?1",
                    params![id, start],
                )?;
            }
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
                blocked
                    .push(json!({"rule": b.rule.as_str(), "over_by_minutes": b.over_by_minutes}));
            }
        }
        let fb = self.first_breach_from(p.id, start)?;
        Ok((fb, serde_json::Value::Array(blocked)))
    }

    /// Where an unplanned check-in's shift is planned to end: 8 h from now, or earlier so
    /// that the rest before the person's next planned shift stays whole (when that leaves at
    /// least an hour), and never past that shift's start.
    fn unplanned_end(&self, person: i64) -> R<Ts> {
        let now = self.ctx.now;
        let next: Option<Ts> = self
            .tx
            .prepare_cached(
                "SELECT min(planned_start) FROM shifts WHERE person_id = ?1 AND status = 'planned'
                 AND planned_start > ?2",
            )?
            .query_row(params![person, now], |r| r.get(0))?;
        let end = now + 8 * 3600;
        let min_rest = (self.cfg.rules.min_rest_between_hours * 3600.0).round() as i64;
        Ok(match next {
            Some(n) if n - min_rest >= now + 3600 => end.min(n - min_rest),
            // The rest cannot stay whole: stop at the next shift, and the gate names the rest
            // that would be cut short.
            Some(n) => end.min(n),
            None => end,
        })
    }

    /// A running shift moves to `post_id` and/or gets a new planned end; nothing else about it
    /// changes. Ending it later passes the same gate as planning the longer shift
    /// (`check_shift` over its actual start to the new end). Returns the end and what was
    /// overruled.
    pub(super) fn move_running(
        &self,
        p: &Person,
        a: &Active,
        post_id: i64,
        end: Option<Ts>,
        ovr: &Option<String>,
    ) -> R<(Ts, serde_json::Value)> {
        let planned_end: Ts = self.tx.query_row(
            "SELECT planned_end FROM shifts WHERE id = ?1",
            [a.shift],
            |r| r.get(0),
        )?;
        let new_end = end.unwrap_or(planned_end);
        // A new end must be ahead; no end given keeps the shift's own, even if already past.
        if end.is_some() && new_end <= a.start.max(self.ctx.now) {
            return Err(Refusal::TimeOrder);
        }
        let overruled = if new_end > planned_end {
            self.check_shift(p, (a.start, new_end), Some(a.shift), ovr)?
        } else {
            json!([])
        };
        self.before_shift(a.shift)?;
        self.exec(
            "UPDATE shifts SET post_id = ?2, planned_end = ?3 WHERE id = ?1",
            params![a.shift, post_id, new_end],
        )?;
        Ok((new_end, overruled))
    }

    pub(super) fn check_in(
        &self,
        pr: &PersonRef,
        post_id: i64,
        ovr: Option<String>,
    ) -> R<(Outcome, String, serde_json::Value)> {
        let p = self.person(pr)?;
        let post = self.open_post(post_id)?;
        if let Some(a) = self.active(p.id)? {
            return Err(Refusal::AlreadyOnDuty {
                name: p.name,
                post: a.post,
            });
        }
        let now = self.ctx.now;
        // A planned shift for this person starting within the next 2 h (or already due) is the
        // one being started; otherwise an unplanned 8 h shift.
        let planned: Option<(i64, Ts)> = self
            .tx
            .prepare_cached(
                "SELECT id, planned_end FROM shifts WHERE person_id = ?1 AND status = 'planned'
                 AND planned_start <= ?2 + 7200 AND planned_end > ?2 ORDER BY planned_start LIMIT 1",
            )?
            .query_row(params![p.id, now], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let end = match planned {
            Some((_, e)) => e,
            None => self.unplanned_end(p.id)?,
        };
        let (fb, blocked) = self.guard(&p, (now, end), planned.map(|x| x.0), &ovr)?;
        // A rest day (轮休/调休/补休) now: calling the person in needs a reason, unless the shift
        // being started was planned over it (with one). Either way the rest ends here and what
        // it still had to run is owed in the compensatory-leave ledger.
        let rest = self.rest_overlapping(p.id, now, now + 1, false)?;
        if let Some(r) = rest.as_ref().filter(|_| planned.is_none() && ovr.is_none()) {
            return Err(Refusal::RestDay {
                name: p.name,
                kind: r.kind,
                until: r.end,
            });
        }
        let rest_day = match &rest {
            Some(r) => Some((r.kind, self.cut_rest(r, now, true)?)),
            None => None,
        };
        let shift = match planned {
            Some((id, _)) => {
                self.before_shift(id)?;
                self.exec(
                    "UPDATE shifts SET status = 'active', post_id = ?2, actual_start = ?3, breach_at = ?4, breach_rule = ?5 WHERE id = ?1",
                    params![id, post_id, now, fb.map(|b| b.0), fb.map(|b| b.1.as_str())],
                )?;
                id
            }
            None => {
                self.exec(
                    "INSERT INTO shifts(person_id, post_id, planned_start, planned_end, actual_start, status, breach_at, breach_rule)
                     VALUES (?1, ?2, ?3, ?4, ?3, 'active', ?5, ?6)",
                    params![p.id, post_id, now, end, fb.map(|b| b.0), fb.map(|b| b.1.as_str())],
                )?;
                let id = self.tx.last_insert_rowid()?;
                self.created_shift(id);
                id
            }
        };
        let mut details = json!({"person_id": p.id, "post_id": post_id, "shift_id": shift,
            "override": ovr, "overridden": blocked});
        if let (Some(r), Some((_, minutes))) = (&rest, rest_day) {
            details["rest_cut"] =
                json!({"rest_id": r.id, "kind": r.kind.as_str(), "owed_minutes": minutes});
        }
        let overridden = ovr.is_some()
            && (!details["overridden"].as_array().unwrap().is_empty()
                || (rest.is_some() && planned.is_none()));
        Ok((
            Outcome::CheckedIn {
                name: p.name,
                post,
                breach_at: fb,
                overridden,
                rest_day,
            },
            format!("person:{}", p.id),
            details,
        ))
    }

    pub(super) fn end_active(&self, a: &Active) -> R<()> {
        let end = self.ctx.now.max(a.start);
        self.keep_shift(a.image.clone());
        self.exec(
            "UPDATE shifts SET status = 'done', actual_end = ?2, breach_at = NULL, breach_rule = NULL WHERE id = ?1",
            params![a.shift, end],
        )?;
        Ok(())
    }

    pub(super) fn check_out(&self, pr: &PersonRef) -> R<(Outcome, String, serde_json::Value)> {
        let p = self.person(pr)?;
        let a = self
            .active(p.id)?
            .ok_or_else(|| Refusal::NotOnDuty(p.name.clone()))?;
        self.end_active(&a)?;
        let minutes = (self.ctx.now - a.start).max(0) / 60;
        let details = json!({"person_id": p.id, "shift_id": a.shift, "minutes": minutes});
        Ok((
            Outcome::CheckedOut {
                name: p.name,
                post: a.post,
                minutes,
            },
            format!("person:{}", p.id),
            details,
        ))
    }

    pub(super) fn reassign(
        &self,
        pr: &PersonRef,
        post_id: i64,
        start: Option<Ts>,
        end: Option<Ts>,
        ovr: Option<String>,
    ) -> R<(Outcome, String, serde_json::Value)> {
        let p = self.person(pr)?;
        let post = self.open_post(post_id)?;
        let now = self.ctx.now;
        if let Some(a) = self.active(p.id)? {
            // The current shift moves to the new post; only its planned end can change.
            if start.is_some_and(|s| s != a.start) {
                return Err(Refusal::ShiftStarted(p.name));
            }
            let (new_end, overruled) = self.move_running(&p, &a, post_id, end, &ovr)?;
            let details = json!({"person_id": p.id, "shift_id": a.shift, "post_id": post_id,
                "from_post_id": a.post_id, "end": new_end, "override": ovr, "overridden": overruled});
            let o = Outcome::Reassigned {
                name: p.name,
                post,
                start: a.start,
                end: new_end,
                active: true,
            };
            return Ok((o, format!("person:{}", p.id), details));
        }
        let next: Option<(i64, Ts, Ts, i64)> = self
            .tx
            .prepare_cached(
                "SELECT id, planned_start, planned_end, post_id FROM shifts WHERE person_id = ?1 AND status = 'planned'
                 AND planned_end > ?2 ORDER BY planned_start LIMIT 1",
            )?
            .query_row(params![p.id, now], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((shift, old_start, old_end, old_post)) = next else {
            return Err(Refusal::NoShift(p.name));
        };
        let (s, e) = (start.unwrap_or(old_start), end.unwrap_or(old_end));
        let blocked = self.check_shift(&p, (s, e), Some(shift), &ovr)?;
        self.before_shift(shift)?;
        self.exec(
            "UPDATE shifts SET post_id = ?2, planned_start = ?3, planned_end = ?4 WHERE id = ?1",
            params![shift, post_id, s, e],
        )?;
        let details = json!({"person_id": p.id, "shift_id": shift, "post_id": post_id, "from_post_id": old_post,
            "start": s, "end": e, "from_start": old_start, "from_end": old_end, "override": ovr, "overridden": blocked});
        Ok((
            Outcome::Reassigned {
                name: p.name,
                post,
                start: s,
                end: e,
                active: false,
            },
            format!("person:{}", p.id),
            details,
        ))
    }

    pub(super) fn force_rest(
        &self,
        pr: &PersonRef,
        hours: Option<f64>,
        reason: &str,
    ) -> R<(Outcome, String, serde_json::Value)> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Refusal::ReasonRequired);
        }
        let hours = hours.unwrap_or(self.cfg.rules.forced_rest_hours);
        // At most two weeks.
        if !(hours.is_finite() && hours * 60.0 >= 1.0 && hours <= 24.0 * 14.0) {
            return Err(Refusal::BadHours(format!("{hours}")));
        }
        // A forced rest is a rest: never shorter than the rules' minimum (default: the rest
        // between shifts), so it cannot take someone off the Overdue panel for half an hour.
        let min = self.cfg.rules.min_forced_rest();
        if hours * 3600.0 < (min * 3600.0).round() {
            return Err(Refusal::ForcedRestTooShort { min_hours: min });
        }
        let p = self.person(pr)?;
        let now = self.ctx.now;
        let until = now + (hours * 3600.0).round() as i64;
        let active = self.active(p.id)?;
        // The running shift ends now (as `end_active` ends it) and the planned shifts inside the
        // rest are cancelled (nobody is scheduled while resting), in one statement that returns
        // each planned one's before-image (the id, then `undo::SHIFT_COLS`; only the status
        // changes, and it was 'planned'): on a server one round trip where an update each took
        // one. `?4` is the running shift's id, or 0 (no shift has it) when there is none.
        let (running, end) = match &active {
            Some(a) => {
                self.keep_shift(a.image.clone());
                (a.shift, now.max(a.start))
            }
            None => (0, now),
        };
        let planned: Vec<(i64, serde_json::Value)> = self
            .tx
            .prepare_cached(
                "UPDATE shifts SET
                   status = CASE WHEN id = ?4 THEN 'done' ELSE 'cancelled' END,
                   actual_end = CASE WHEN id = ?4 THEN ?5 ELSE actual_end END,
                   breach_at = CASE WHEN id = ?4 THEN NULL ELSE breach_at END,
                   breach_rule = CASE WHEN id = ?4 THEN NULL ELSE breach_rule END
                 WHERE id = ?4
                    OR (person_id = ?1 AND status = 'planned' AND planned_start < ?3 AND planned_end > ?2)
                 RETURNING id, 'planned', post_id, planned_start, planned_end, actual_start, actual_end, breach_at, breach_rule",
            )?
            .query_map(params![p.id, now, until, running, end], |r| {
                Ok((r.get(0)?, super::undo::shift_image(r, 0)?))
            })?
            .filter(|row| !matches!(row, Ok((id, _)) if *id == running))
            .collect::<crate::store::db::Result<_>>()?;
        for (_, image) in planned.iter() {
            self.keep_shift(image.clone());
        }
        let cancelled = planned.len();
        // Its id returned by the insert (on a server, a round trip fewer than `lastval()`).
        let rest_id: i64 = self
            .tx
            .prepare_cached(
                "INSERT INTO rest_periods(person_id, kind, start_at, end_at, reason) VALUES (?1, ?2, ?3, ?4, ?5)
                 RETURNING id",
            )?
            .query_row(
                params![p.id, RestKind::Forced.as_str(), now, until, reason],
                |r| r.get(0),
            )?;
        self.created_rest(rest_id);
        let details = json!({"person_id": p.id, "rest_id": rest_id, "hours": hours, "until": until,
            "reason": reason, "ended_shift_id": active.as_ref().map(|a| a.shift), "cancelled_planned": cancelled});
        Ok((
            Outcome::ForcedRest {
                name: p.name,
                until,
                ended_shift: active.is_some(),
            },
            format!("person:{}", p.id),
            details,
        ))
    }

    pub(super) fn end_rest(
        &self,
        pr: &PersonRef,
        reason: Option<String>,
    ) -> R<(Outcome, String, serde_json::Value)> {
        let p = self.person(pr)?;
        let now = self.ctx.now;
        let rest: Option<(i64, Ts, Ts, String)> = self
            .tx
            .prepare_cached(
                "SELECT id, start_at, end_at, kind FROM rest_periods WHERE person_id = ?1
                 AND start_at <= ?2 AND end_at > ?2 ORDER BY kind = 'forced' DESC, end_at DESC LIMIT 1",
            )?
            .query_row(params![p.id, now], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((id, start, end, kind)) = rest else {
            return Err(Refusal::NotResting(p.name));
        };
        // A forced rest is ended early only with a written reason (the audit row keeps it).
        if kind == RestKind::Forced.as_str() && reason.is_none() {
            return Err(Refusal::EndForcedRestReason {
                name: p.name,
                until: end,
            });
        }
        let new_end = now.max(start);
        // A rest day or compensatory rest ended early: the rest not taken is owed (补休).
        let hit = super::checks::RestHit {
            id,
            person: p.id,
            kind: RestKind::parse(&kind).unwrap_or(RestKind::Forced),
            start,
            end,
        };
        let owed = self.cut_rest(&hit, now, false)?;
        let details = json!({"person_id": p.id, "rest_id": id, "kind": kind, "was_until": end, "ended_at": new_end,
            "owed_minutes": owed, "reason": reason});
        Ok((
            Outcome::RestEnded { name: p.name },
            format!("person:{}", p.id),
            details,
        ))
    }
}
