//! The schedule: plan, move, cancel a shift, and copy a day's pattern to the following days.
//! Every shift goes through `check_shift` (checks.rs), the same checks as reassign.

use super::{Exec, Outcome, Person, PersonRef, R, Refusal};
use crate::domain::Ts;
use crate::domain::time::{day_start, local_day};
use crate::store::db::{OptionalExtension, params};
use serde_json::json;

/// A shift as stored, for the commands that change one.
struct ShiftRow {
    person: i64,
    post: i64,
    start: Ts,
    end: Ts,
    status: String,
}

type Done = (Outcome, String, serde_json::Value);

impl Exec<'_> {
    fn shift_row(&self, id: i64) -> R<ShiftRow> {
        self.tx
            .prepare_cached(
                "SELECT person_id, post_id, planned_start, planned_end, status FROM shifts WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok(ShiftRow {
                    person: r.get(0)?,
                    post: r.get(1)?,
                    start: r.get(2)?,
                    end: r.get(3)?,
                    status: r.get(4)?,
                })
            })
            .optional()?
            .ok_or(Refusal::UnknownShift(id))
    }

    /// A planned shift that may still change (not started, done or cancelled).
    fn planned_shift(&self, id: i64) -> R<(ShiftRow, Person)> {
        let s = self.shift_row(id)?;
        let p = self.person(&PersonRef::id(s.person))?;
        match s.status.as_str() {
            "planned" => Ok((s, p)),
            "active" => Err(Refusal::ShiftStarted(p.name)),
            _ => Err(Refusal::ShiftClosed {
                id,
                status: s.status,
            }),
        }
    }

    pub(super) fn shift_plan(
        &self,
        pr: &PersonRef,
        post_id: i64,
        (start, end): (Ts, Ts),
        replaces: Option<i64>,
        ovr: Option<String>,
    ) -> R<Done> {
        let p = self.person(pr)?;
        let post = self.open_post(post_id)?;
        // A handover: the other person's planned shift is cancelled in the same step.
        let replaced = match replaces {
            Some(id) => {
                let (old, who) = self.planned_shift(id)?;
                if old.person == p.id {
                    return Err(Refusal::Overlap {
                        name: p.name,
                        start: old.start,
                        end: old.end,
                    });
                }
                self.before_shift(id)?;
                self.exec("UPDATE shifts SET status = 'cancelled' WHERE id = ?1", [id])?;
                Some((id, who))
            }
            None => None,
        };
        let overruled = self.check_shift(&p, (start, end), None, &ovr)?;
        self.exec(
            "INSERT INTO shifts(person_id, post_id, planned_start, planned_end, status) VALUES (?1, ?2, ?3, ?4, 'planned')",
            params![p.id, post_id, start, end],
        )?;
        let id = self.tx.last_insert_rowid()?;
        self.created_shift(id);
        let overridden = !overruled.as_array().is_none_or(|a| a.is_empty());
        let details = json!({"person_id": p.id, "shift_id": id, "post_id": post_id, "start": start, "end": end,
            "replaces_shift_id": replaces, "replaces_person_id": replaced.as_ref().map(|r| r.1.id),
            "override": ovr, "overridden": overruled});
        Ok((
            Outcome::ShiftPlanned {
                name: p.name,
                post,
                start,
                end,
                overridden,
                replaced: replaced.map(|r| r.1.name),
            },
            format!("shift:{id}"),
            details,
        ))
    }

    pub(super) fn shift_move(
        &self,
        id: i64,
        post_id: Option<i64>,
        start: Option<Ts>,
        end: Option<Ts>,
        ovr: Option<String>,
    ) -> R<Done> {
        let row = self.shift_row(id)?;
        if row.status == "active" {
            // A started shift: only its post and end can change, through the same gate as
            // reassigning it.
            let p = self.person_by_id(row.person)?;
            let a = self.active(p.id)?.ok_or(Refusal::UnknownShift(id))?;
            if start.is_some_and(|s| s != a.start) {
                return Err(Refusal::ShiftStarted(p.name));
            }
            let post = match post_id.filter(|p| *p != row.post) {
                Some(p) => self.open_post(p)?,
                None => self.post(row.post)?,
            };
            let post_id = post_id.unwrap_or(row.post);
            let (e, overruled) = self.move_running(&p, &a, post_id, end, &ovr)?;
            let details = json!({"person_id": p.id, "shift_id": id, "post_id": post_id, "from_post_id": row.post,
                "start": a.start, "end": e, "from_start": a.start, "from_end": row.end,
                "override": ovr, "overridden": overruled});
            return Ok((
                Outcome::ShiftMoved {
                    name: p.name,
                    post,
                    start: a.start,
                    end: e,
                },
                format!("shift:{id}"),
                details,
            ));
        }
        let (old, p) = self.planned_shift(id)?;
        let post = match post_id.filter(|p| *p != old.post) {
            Some(p) => self.open_post(p)?,
            None => self.post(old.post)?,
        };
        let post_id = post_id.unwrap_or(old.post);
        // A new start alone keeps the shift's length.
        let s = start.unwrap_or(old.start);
        let e = end.unwrap_or(old.end + (s - old.start));
        let overruled = self.check_shift(&p, (s, e), Some(id), &ovr)?;
        self.before_shift(id)?;
        self.exec(
            "UPDATE shifts SET post_id = ?2, planned_start = ?3, planned_end = ?4 WHERE id = ?1",
            params![id, post_id, s, e],
        )?;
        let details = json!({"person_id": p.id, "shift_id": id, "post_id": post_id, "from_post_id": old.post,
            "start": s, "end": e, "from_start": old.start, "from_end": old.end,
            "override": ovr, "overridden": overruled});
        Ok((
            Outcome::ShiftMoved {
                name: p.name,
                post,
                start: s,
                end: e,
            },
            format!("shift:{id}"),
            details,
        ))
    }

    pub(super) fn shift_cancel(&self, id: i64, reason: &str) -> R<Done> {
        let (old, p) = self.planned_shift(id)?;
        let post = self.post(old.post)?;
        self.before_shift(id)?;
        self.exec("UPDATE shifts SET status = 'cancelled' WHERE id = ?1", [id])?;
        let details = json!({"person_id": p.id, "shift_id": id, "post_id": old.post,
            "start": old.start, "end": old.end, "reason": reason.trim()});
        Ok((
            Outcome::ShiftCancelled {
                name: p.name,
                post,
                start: old.start,
            },
            format!("shift:{id}"),
            details,
        ))
    }

    /// Each shift of the source day (optionally one post's) is planned again on each of the
    /// next `days` days at the same local times, for the same person and post. A copy that
    /// would not pass `check_shift` (already planned, resting, over a rule, in the past) is
    /// skipped and counted by reason; overriding is for one shift at a time, not for a batch.
    pub(super) fn shift_copy_day(&self, day: Ts, days: u32, post: Option<i64>) -> R<Done> {
        if !(1..=14).contains(&days) {
            return Err(Refusal::BadDays(days));
        }
        if let Some(p) = post {
            self.post(p)?;
        }
        let tz = self.cfg.tz;
        let d = local_day(day, tz);
        let d0 = day_start(d, tz);
        let source: Vec<(i64, i64, i64, Ts, Ts)> = self
            .tx
            .prepare_cached(
                "SELECT id, person_id, post_id, planned_start, planned_end FROM shifts
                 WHERE planned_start >= ?1 AND planned_start < ?2 AND status <> 'cancelled'
                   AND (?3 IS NULL OR post_id = ?3)
                   AND post_id NOT IN (SELECT id FROM posts WHERE closed_at IS NOT NULL)
                 ORDER BY planned_start, post_id, id",
            )?
            .query_map(params![d0, day_start(d + 1, tz), post], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<crate::store::db::Result<_>>()?;
        let mut created = Vec::new();
        let mut skipped: std::collections::BTreeMap<&'static str, usize> = Default::default();
        for k in 1..=days as i64 {
            let dk = day_start(d + k, tz);
            for (_, person, post_id, s, e) in &source {
                let (ns, ne) = (dk + (s - d0), dk + (s - d0) + (e - s));
                let p = match self.person(&PersonRef::id(*person)) {
                    Ok(p) => p,
                    Err(_) => {
                        *skipped.entry("retired").or_default() += 1;
                        continue;
                    }
                };
                match self.check_shift(&p, (ns, ne), None, &None) {
                    Ok(_) => {
                        self.exec(
                            "INSERT INTO shifts(person_id, post_id, planned_start, planned_end, status) VALUES (?1, ?2, ?3, ?4, 'planned')",
                            params![p.id, post_id, ns, ne],
                        )?;
                        created.push(self.tx.last_insert_rowid()?);
                        self.created_shift(self.tx.last_insert_rowid()?);
                    }
                    Err(r) => {
                        let why = match r {
                            Refusal::Overlap { .. } => "already_planned",
                            Refusal::InForcedRest { .. } => "forced_rest",
                            Refusal::RestDay { .. } => "rest_day",
                            Refusal::BreaksRules { .. } => "rules",
                            Refusal::TimeOrder => "past",
                            Refusal::Busy | Refusal::Offline | Refusal::Storage(_) => {
                                return Err(r);
                            }
                            _ => "other",
                        };
                        *skipped.entry(why).or_default() += 1;
                    }
                }
            }
        }
        let n_skipped: usize = skipped.values().sum();
        if created.is_empty() {
            return Err(Refusal::NothingToCopy { skipped: n_skipped });
        }
        let details = json!({"day": d0, "days": days, "post_id": post, "source_shifts": source.len(),
            "created_shift_ids": created, "skipped": skipped});
        Ok((
            Outcome::DayCopied {
                day: d0,
                days,
                copied: created.len(),
                skipped: n_skipped,
            },
            match post {
                Some(p) => format!("post:{p}"),
                None => "schedule".into(),
            },
            details,
        ))
    }
}
