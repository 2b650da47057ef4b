//! Family situation and care: visits paid from party dues, talks,
//! trainings, volunteer insurance.

use super::care::{CareOutcome, CareRefusal, Done, done, no, required};
use super::{Exec, PersonRef, R};
use crate::domain::{TrainingKind, Ts};
use crate::store::db::params;
use serde_json::json;

impl Exec<'_> {
    pub(super) fn set_family(&self, pr: &PersonRef, counts: [i64; 3], notes: &str) -> R<Done> {
        if counts.iter().any(|n| *n < 0) {
            return Err(no(CareRefusal::Negative));
        }
        let p = self.person(pr)?;
        self.exec(
            "INSERT INTO family_situations(person_id, dependents, elderly, children, notes, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(person_id) DO UPDATE SET dependents = excluded.dependents, elderly = excluded.elderly,
               children = excluded.children, notes = excluded.notes, updated_at = excluded.updated_at",
            params![p.id, counts[0], counts[1], counts[2], notes.trim(), self.ctx.now],
        )?;
        done(
            CareOutcome::FamilyRecorded { name: p.name },
            format!("person:{}", p.id),
            json!({"person_id": p.id}),
        )
    }

    pub(super) fn record_visit(
        &self,
        pr: &PersonRef,
        at: Option<Ts>,
        to_family: bool,
        visitors: &str,
        dues_fen: i64,
        note: &str,
    ) -> R<Done> {
        if dues_fen < 0 {
            return Err(no(CareRefusal::Negative));
        }
        let visitors = required(visitors, "visitors")?;
        let at = self.past(at)?;
        let p = self.person(pr)?;
        self.exec(
            "INSERT INTO care_visits(person_id, visited_at, to_family, visitors, note, dues_fen, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![p.id, at, to_family, visitors, note.trim(), dues_fen, self.ctx.now],
        )?;
        let id = self.tx.last_insert_rowid()?;
        let total_fen: i64 = self.tx.query_row(
            "SELECT coalesce(sum(dues_fen), 0) FROM care_visits",
            [],
            |r| r.get(0),
        )?;
        done(
            CareOutcome::VisitRecorded {
                name: p.name,
                dues_fen,
                total_fen,
            },
            format!("person:{}", p.id),
            // The spending of party dues is accountable: the amount is recorded, the note not.
            json!({"person_id": p.id, "visit_id": id, "dues_fen": dues_fen}),
        )
    }

    pub(super) fn record_talk(
        &self,
        pr: &PersonRef,
        at: Option<Ts>,
        by: &str,
        note: &str,
    ) -> R<Done> {
        let by = required(by, "by")?;
        let at = self.past(at)?;
        let p = self.person(pr)?;
        self.exec(
            "INSERT INTO talks(person_id, talked_at, by_whom, note) VALUES (?1, ?2, ?3, ?4)",
            params![p.id, at, by, note.trim()],
        )?;
        done(
            CareOutcome::TalkRecorded { name: p.name },
            format!("person:{}", p.id),
            json!({"person_id": p.id, "talk_id": self.tx.last_insert_rowid()?}),
        )
    }

    pub(super) fn record_training(
        &self,
        pr: &PersonRef,
        kind: TrainingKind,
        at: Option<Ts>,
        note: &str,
    ) -> R<Done> {
        let at = self.past(at)?;
        let p = self.person(pr)?;
        self.exec(
            "INSERT INTO trainings(person_id, kind, trained_at, note) VALUES (?1, ?2, ?3, ?4)",
            params![p.id, kind.as_str(), at, note.trim()],
        )?;
        done(
            CareOutcome::TrainingRecorded { name: p.name, kind },
            format!("person:{}", p.id),
            json!({"person_id": p.id, "training_id": self.tx.last_insert_rowid()?, "kind": kind.as_str()}),
        )
    }

    pub(super) fn set_insurance(
        &self,
        pr: &PersonRef,
        policy: &str,
        from: Option<Ts>,
        until: Ts,
    ) -> R<Done> {
        let p = self.person(pr)?;
        let from = from.unwrap_or(self.ctx.now);
        if until <= from {
            return Err(no(CareRefusal::BadPeriod));
        }
        let category: String = self
            .tx
            .prepare_cached("SELECT category FROM people WHERE id = ?1")?
            .query_row([p.id], |r| r.get(0))?;
        if category != "volunteer" {
            return Err(no(CareRefusal::NotVolunteer(p.name)));
        }
        self.exec(
            "INSERT INTO insurance(person_id, policy, valid_from, valid_until, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![p.id, policy.trim(), from, until, self.ctx.now],
        )?;
        done(
            CareOutcome::InsuranceRecorded {
                name: p.name,
                until,
            },
            format!("person:{}", p.id),
            json!({"person_id": p.id, "insurance_id": self.tx.last_insert_rowid()?, "from": from, "until": until}),
        )
    }
}
