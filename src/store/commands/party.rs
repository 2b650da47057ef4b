//! Party status and dual registration (双报到), party development from the front line
//! (发展党员: candidate → recommended → admitted) and exemplary models (选树先进典型,
//! nominated → approved → publicised, with the record at nomination as evidence).
//!
//! Admission makes the person a party member (`party_status = 'member'`; the status before is
//! kept in `party_development.was`): the console has no separate probationary status.

use super::people::{Done, PeopleOutcome as O, PeopleRefusal as X, party_of};
use super::{Exec, PersonRef, R, Refusal};
use crate::domain::{DevStatus, NominationStatus, PartyStatus};
use crate::store::db::{OptionalExtension, params};
use crate::store::roster_queries::record;
use serde_json::json;

fn refuse<T>(r: X) -> R<T> {
    Err(Refusal::People(r))
}

fn out(o: O, target: String, details: serde_json::Value) -> R<Done> {
    Ok((super::Outcome::People(o), target, details))
}

impl Exec<'_> {
    fn dev_status(&self, person: i64) -> R<Option<DevStatus>> {
        let s: Option<String> = self
            .tx
            .prepare_cached("SELECT status FROM party_development WHERE person_id = ?1")?
            .query_row([person], |r| r.get(0))
            .optional()?;
        Ok(s.as_deref().and_then(DevStatus::parse))
    }

    pub(super) fn party_set(
        &self,
        person: &PersonRef,
        status: &Option<String>,
        branch: &Option<String>,
        residence: &Option<String>,
    ) -> R<Done> {
        let p = self.person(person)?;
        let (old_status, old_branch, old_res, old_dual): (String, String, Option<i64>, i64) =
            self.tx.query_row(
                "SELECT party_status, party_branch, residence_community_id, dual_registered FROM people WHERE id = ?1",
                [p.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
        let new_status = match status {
            Some(s) => party_of(s)?,
            None => PartyStatus::parse(&old_status).unwrap_or(PartyStatus::None),
        };
        let new_branch = branch
            .as_deref()
            .map_or(old_branch.clone(), |b| b.trim().to_string());
        let new_res = match residence {
            Some(r) => self.community(r)?.map(|c| c.0),
            None => old_res,
        };
        // 双报到: registered with the residence community (a residence given, or noted before).
        let dual = match residence {
            Some(_) => new_res.is_some(),
            None => old_dual != 0,
        };
        if new_status.as_str() == old_status
            && new_branch == old_branch
            && new_res == old_res
            && dual == (old_dual != 0)
        {
            return refuse(X::NothingToChange);
        }
        self.exec(
            "UPDATE people SET party_status = ?2, party_branch = ?3, residence_community_id = ?4, dual_registered = ?5
             WHERE id = ?1",
            params![p.id, new_status.as_str(), new_branch, new_res, dual as i64],
        )?;
        let details = json!({"person_id": p.id,
            "before": {"party_status": old_status, "party_branch": old_branch, "residence_community_id": old_res, "dual_registered": old_dual != 0},
            "after": {"party_status": new_status.as_str(), "party_branch": new_branch, "residence_community_id": new_res, "dual_registered": dual}});
        out(
            O::PartySet {
                name: p.name,
                status: new_status,
                dual,
            },
            format!("person:{}", p.id),
            details,
        )
    }

    pub(super) fn party_flag(&self, person: &PersonRef, note: &str) -> R<Done> {
        let p = self.person(person)?;
        if let Some(status) = self.dev_status(p.id)? {
            return refuse(X::AlreadyFlagged {
                name: p.name,
                status,
            });
        }
        let status: String = self.tx.query_row(
            "SELECT party_status FROM people WHERE id = ?1",
            [p.id],
            |r| r.get(0),
        )?;
        if !matches!(status.as_str(), "applicant" | "activist") {
            return refuse(X::NotApplicant {
                name: p.name,
                status,
            });
        }
        self.exec(
            "INSERT INTO party_development(person_id, status, note, flagged_at) VALUES (?1, 'candidate', ?2, ?3)",
            params![p.id, note.trim(), self.ctx.now],
        )?;
        let rec = record(self.tx, p.id, self.ctx.now, self.cfg.tz)?;
        let details =
            json!({"person_id": p.id, "party_status": status, "note": note.trim(), "record": rec});
        out(
            O::Flagged { name: p.name },
            format!("person:{}", p.id),
            details,
        )
    }

    /// One step along the development list, from `from` to the next status.
    fn party_step(&self, person: &PersonRef, from: DevStatus) -> R<(super::Person, String)> {
        let p = self.person(person)?;
        match self.dev_status(p.id)? {
            None => refuse(X::NotFlagged(p.name)),
            Some(s) if s != from => refuse(X::DevIs {
                name: p.name,
                status: s,
            }),
            Some(_) => {
                let was: String = self.tx.query_row(
                    "SELECT party_status FROM people WHERE id = ?1",
                    [p.id],
                    |r| r.get(0),
                )?;
                Ok((p, was))
            }
        }
    }

    pub(super) fn party_recommend(&self, person: &PersonRef) -> R<Done> {
        let (p, _) = self.party_step(person, DevStatus::Candidate)?;
        self.exec(
            "UPDATE party_development SET status = 'recommended', recommended_at = ?2 WHERE person_id = ?1",
            params![p.id, self.ctx.now],
        )?;
        out(
            O::Recommended { name: p.name },
            format!("person:{}", p.id),
            json!({"person_id": p.id, "from": "candidate", "to": "recommended"}),
        )
    }

    pub(super) fn party_admit(&self, person: &PersonRef) -> R<Done> {
        let (p, was) = self.party_step(person, DevStatus::Recommended)?;
        self.exec(
            "UPDATE party_development SET status = 'admitted', admitted_at = ?2, was = ?3 WHERE person_id = ?1",
            params![p.id, self.ctx.now, was],
        )?;
        self.exec(
            "UPDATE people SET party_status = 'member' WHERE id = ?1",
            [p.id],
        )?;
        out(
            O::Admitted { name: p.name },
            format!("person:{}", p.id),
            json!({"person_id": p.id, "from": "recommended", "to": "admitted", "party_status_before": was}),
        )
    }

    pub(super) fn nominate(&self, person: &PersonRef, deeds: &str) -> R<Done> {
        let deeds = deeds.trim();
        if deeds.is_empty() {
            return refuse(X::DeedsRequired);
        }
        let p = self.any_person(person)?;
        let open: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT id FROM nominations WHERE person_id = ?1 AND status IN ('nominated', 'approved') LIMIT 1",
            )?
            .query_row([p.id], |r| r.get(0))
            .optional()?;
        if let Some(id) = open {
            return refuse(X::AlreadyNominated { name: p.name, id });
        }
        let rec = record(self.tx, p.id, self.ctx.now, self.cfg.tz)?;
        let evidence = serde_json::to_string(&rec).map_err(|e| Refusal::Storage(e.to_string()))?;
        self.exec(
            "INSERT INTO nominations(person_id, deeds, evidence, status, nominated_at, nominated_by)
             VALUES (?1, ?2, ?3, 'nominated', ?4, ?5)",
            params![p.id, deeds, evidence, self.ctx.now, self.ctx.operator],
        )?;
        let id = self.tx.last_insert_rowid()?;
        let details = json!({"nomination_id": id, "person_id": p.id, "evidence": rec});
        out(
            O::Nominated {
                id,
                name: p.name,
                hours: rec.hours,
                duty_days: rec.duty_days,
            },
            format!("nomination:{id}"),
            details,
        )
    }

    pub(super) fn nomination_step(&self, id: i64, to: NominationStatus) -> R<Done> {
        let row: Option<(String, String)> = self
            .tx
            .prepare_cached(
                "SELECT n.status, pe.name FROM nominations n JOIN people pe ON pe.id = n.person_id WHERE n.id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((status, name)) = row else {
            return refuse(X::UnknownNomination(id));
        };
        let status = NominationStatus::parse(&status).unwrap_or(NominationStatus::Nominated);
        let (from, col) = match to {
            NominationStatus::Approved => (NominationStatus::Nominated, "approved_at"),
            _ => (NominationStatus::Approved, "publicised_at"),
        };
        if status != from {
            return refuse(X::NominationIs { id, status });
        }
        self.exec(
            &format!("UPDATE nominations SET status = ?2, {col} = ?3 WHERE id = ?1"),
            params![id, to.as_str(), self.ctx.now],
        )?;
        let o = if to == NominationStatus::Approved {
            O::NominationApproved { id, name }
        } else {
            O::NominationPublicised { id, name }
        };
        out(
            o,
            format!("nomination:{id}"),
            json!({"nomination_id": id, "from": from.as_str(), "to": to.as_str()}),
        )
    }
}
