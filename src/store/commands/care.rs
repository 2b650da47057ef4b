//! Health, family support and care: the commands, what they report, why
//! they are refused, and the family-case lifecycle (open → assigned → in progress → resolved).
//! Health and welfare handlers live in `health.rs` and `welfare.rs`.
//!
//! Privacy: health and family details go into their tables only. The audit row names the
//! record that changed (ids, workflow status), never its contents.

use super::{Exec, Outcome, PersonRef, R, Refusal};
use crate::domain::{
    AlertKind, CaseCategory, CaseStatus, Organisation, TestResult, TrainingKind, Ts,
};
use crate::store::db::{OptionalExtension, params};
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub enum CareCommand {
    /// 身体状况日报: one report per person and local day; a second one for the day replaces it.
    RecordHealth {
        person: PersonRef,
        /// Local day number; `None` = today.
        day: Option<i64>,
        /// °C; `None` = not measured.
        temperature: Option<f64>,
        symptoms: String,
        fit: bool,
        note: String,
        via_phone: bool,
    },
    /// 核酸检测: a new test, or the result of a known one. `tested_at: None` with a result
    /// applies it to the person's latest pending test (else a test sampled now).
    RecordTest {
        person: PersonRef,
        tested_at: Option<Ts>,
        result: TestResult,
        site: String,
    },
    /// End a person's "out of service: health".
    ReturnToService {
        person: PersonRef,
    },
    /// Acknowledge an alert (`None`: the oldest one not yet acknowledged).
    AckAlert {
        id: Option<i64>,
    },
    /// Assign (or with `end`, release) a medical worker to follow up a community.
    AssignMedic {
        person: PersonRef,
        community: i64,
        end: bool,
    },
    OpenCase {
        person: PersonRef,
        category: CaseCategory,
        urgency: i64,
        summary: String,
    },
    AssignCase {
        case: i64,
        organisation: Organisation,
        helper: String,
    },
    ProgressCase {
        case: i64,
    },
    ResolveCase {
        case: i64,
        outcome: String,
    },
    /// A note on a case (any status), append-only, with the operator and time.
    NoteCase {
        case: i64,
        text: String,
    },
    /// Reopen a resolved case, with the reason: back to assigned (or open, if never assigned).
    ReopenCase {
        case: i64,
        reason: String,
    },
    /// Family situation of a person (replaces the previous one).
    SetFamily {
        person: PersonRef,
        dependents: i64,
        elderly: i64,
        children: i64,
        notes: String,
    },
    /// 慰问: to the worker, or (`to_family`) their family.
    RecordVisit {
        person: PersonRef,
        at: Option<Ts>,
        to_family: bool,
        visitors: String,
        /// Paid from retained party dues, in fen.
        dues_fen: i64,
        note: String,
    },
    /// 谈心谈话.
    RecordTalk {
        person: PersonRef,
        at: Option<Ts>,
        by: String,
        note: String,
    },
    RecordTraining {
        person: PersonRef,
        kind: TrainingKind,
        at: Option<Ts>,
        note: String,
    },
    /// 防疫志愿者专属保险 for a volunteer.
    SetInsurance {
        person: PersonRef,
        policy: String,
        from: Option<Ts>,
        until: Ts,
    },
}

impl CareCommand {
    pub fn name(&self) -> &'static str {
        match self {
            CareCommand::RecordHealth { .. } => "health_report",
            CareCommand::RecordTest { .. } => "test_result",
            CareCommand::ReturnToService { .. } => "return_to_service",
            CareCommand::AckAlert { .. } => "ack_alert",
            CareCommand::AssignMedic { .. } => "assign_medic",
            CareCommand::OpenCase { .. } => "case_open",
            CareCommand::AssignCase { .. } => "case_assign",
            CareCommand::ProgressCase { .. } => "case_progress",
            CareCommand::ResolveCase { .. } => "case_resolve",
            CareCommand::NoteCase { .. } => "case_note",
            CareCommand::ReopenCase { .. } => "case_reopen",
            CareCommand::SetFamily { .. } => "family_situation",
            CareCommand::RecordVisit { .. } => "care_visit",
            CareCommand::RecordTalk { .. } => "talk",
            CareCommand::RecordTraining { .. } => "training",
            CareCommand::SetInsurance { .. } => "insurance",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum CareOutcome {
    HealthRecorded {
        name: String,
        day: i64,
        unwell: bool,
        replaced: bool,
        via_phone: bool,
    },
    TestRecorded {
        name: String,
        tested_at: Ts,
        result: TestResult,
        ended_shift: bool,
        /// A positive result: out of service (health) and an alert raised.
        out_of_service: bool,
    },
    ReturnedToService {
        name: String,
    },
    AlertAcknowledged {
        id: i64,
        kind: AlertKind,
        name: Option<String>,
    },
    MedicAssigned {
        name: String,
        community: String,
        ended: bool,
    },
    CaseOpened {
        id: i64,
        name: String,
    },
    CaseAssigned {
        id: i64,
        organisation: Organisation,
        helper: String,
    },
    CaseInProgress {
        id: i64,
    },
    CaseResolved {
        id: i64,
    },
    CaseNoted {
        id: i64,
    },
    CaseReopened {
        id: i64,
    },
    FamilyRecorded {
        name: String,
    },
    VisitRecorded {
        name: String,
        dues_fen: i64,
        /// Party dues spent on visits so far, this one included.
        total_fen: i64,
    },
    TalkRecorded {
        name: String,
    },
    TrainingRecorded {
        name: String,
        kind: TrainingKind,
    },
    InsuranceRecorded {
        name: String,
        until: Ts,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum CareRefusal {
    /// Outside 34–43 °C.
    BadTemperature(f64),
    /// A report, test, visit, talk or training dated after now.
    FutureDate,
    OutOfService {
        name: String,
        since: Ts,
    },
    NotOutOfService(String),
    UnknownCase(i64),
    CaseResolved(i64),
    CaseNotAssigned(i64),
    /// Only a resolved case can be reopened.
    CaseNotResolved(i64),
    /// A required answer is blank: "outcome", "helper", "summary", "visitors", "by".
    Required(&'static str),
    BadUrgency(i64),
    NoAlert,
    UnknownAlert(i64),
    AlertAlreadyAcknowledged(i64),
    UnknownCommunity(i64),
    NotMedical(String),
    AlreadyMedic {
        name: String,
        community: String,
    },
    NotMedic {
        name: String,
        community: String,
    },
    NotVolunteer(String),
    /// A negative count or amount.
    Negative,
    /// Insurance that ends before it starts.
    BadPeriod,
}

pub(super) fn no(r: CareRefusal) -> Refusal {
    Refusal::Care(r)
}

pub(super) type Done = (Outcome, String, serde_json::Value);

pub(super) fn done(o: CareOutcome, target: String, details: serde_json::Value) -> R<Done> {
    Ok((Outcome::Care(o), target, details))
}

/// A required text: trimmed, not blank.
pub(super) fn required(s: &str, what: &'static str) -> R<String> {
    let t = s.trim();
    if t.is_empty() {
        Err(no(CareRefusal::Required(what)))
    } else {
        Ok(t.to_string())
    }
}

impl Exec<'_> {
    pub(super) fn care(&self, c: &CareCommand) -> R<Done> {
        use CareCommand as C;
        match c {
            C::RecordHealth {
                person,
                day,
                temperature,
                symptoms,
                fit,
                note,
                via_phone,
            } => self.record_health(
                person,
                *day,
                *temperature,
                symptoms,
                *fit,
                note,
                *via_phone,
                None,
            ),
            C::RecordTest {
                person,
                tested_at,
                result,
                site,
            } => self.record_test(person, *tested_at, *result, site),
            C::ReturnToService { person } => self.return_to_service(person),
            C::AckAlert { id } => self.ack_alert(*id),
            C::AssignMedic {
                person,
                community,
                end,
            } => self.assign_medic(person, *community, *end),
            C::OpenCase {
                person,
                category,
                urgency,
                summary,
            } => self.open_case(person, *category, *urgency, summary),
            C::AssignCase {
                case,
                organisation,
                helper,
            } => self.assign_case(*case, *organisation, helper),
            C::ProgressCase { case } => self.progress_case(*case),
            C::ResolveCase { case, outcome } => self.resolve_case(*case, outcome),
            C::NoteCase { case, text } => self.note_case(*case, text),
            C::ReopenCase { case, reason } => self.reopen_case(*case, reason),
            C::SetFamily {
                person,
                dependents,
                elderly,
                children,
                notes,
            } => self.set_family(person, [*dependents, *elderly, *children], notes),
            C::RecordVisit {
                person,
                at,
                to_family,
                visitors,
                dues_fen,
                note,
            } => self.record_visit(person, *at, *to_family, visitors, *dues_fen, note),
            C::RecordTalk {
                person,
                at,
                by,
                note,
            } => self.record_talk(person, *at, by, note),
            C::RecordTraining {
                person,
                kind,
                at,
                note,
            } => self.record_training(person, *kind, *at, note),
            C::SetInsurance {
                person,
                policy,
                from,
                until,
            } => self.set_insurance(person, policy, *from, *until),
        }
    }

    /// A time given for something that happened: not after now (default now).
    pub(super) fn past(&self, at: Option<Ts>) -> R<Ts> {
        let now = self.ctx.now;
        match at {
            Some(t) if t > now => Err(no(CareRefusal::FutureDate)),
            Some(t) => Ok(t),
            None => Ok(now),
        }
    }

    /// (person id, status) of a case.
    fn case(&self, id: i64) -> R<(i64, CaseStatus)> {
        let row: Option<(i64, String)> = self
            .tx
            .prepare_cached("SELECT person_id, status FROM family_cases WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (person, status) = row.ok_or(no(CareRefusal::UnknownCase(id)))?;
        let status = CaseStatus::parse(&status).unwrap_or(CaseStatus::Open);
        if status == CaseStatus::Resolved {
            return Err(no(CareRefusal::CaseResolved(id)));
        }
        Ok((person, status))
    }

    fn open_case(
        &self,
        pr: &PersonRef,
        category: CaseCategory,
        urgency: i64,
        summary: &str,
    ) -> R<Done> {
        if !(1..=3).contains(&urgency) {
            return Err(no(CareRefusal::BadUrgency(urgency)));
        }
        let summary = required(summary, "summary")?;
        let p = self.person(pr)?;
        self.exec(
            "INSERT INTO family_cases(person_id, category, urgency, summary, status, opened_at)
             VALUES (?1, ?2, ?3, ?4, 'open', ?5)",
            params![p.id, category.as_str(), urgency, summary, self.ctx.now],
        )?;
        let id = self.tx.last_insert_rowid()?;
        done(
            CareOutcome::CaseOpened { id, name: p.name },
            format!("case:{id}"),
            json!({"case_id": id, "person_id": p.id, "status": "open"}),
        )
    }

    fn assign_case(&self, id: i64, org: Organisation, helper: &str) -> R<Done> {
        let (person, _) = self.case(id)?;
        let helper = required(helper, "helper")?;
        self.exec(
            "UPDATE family_cases SET status = 'assigned', organisation = ?2, helper = ?3 WHERE id = ?1",
            params![id, org.as_str(), helper],
        )?;
        done(
            CareOutcome::CaseAssigned {
                id,
                organisation: org,
                helper,
            },
            format!("case:{id}"),
            json!({"case_id": id, "person_id": person, "status": "assigned", "organisation": org.as_str()}),
        )
    }

    fn progress_case(&self, id: i64) -> R<Done> {
        let (person, status) = self.case(id)?;
        if status == CaseStatus::Open {
            return Err(no(CareRefusal::CaseNotAssigned(id)));
        }
        self.exec(
            "UPDATE family_cases SET status = 'in_progress' WHERE id = ?1",
            [id],
        )?;
        done(
            CareOutcome::CaseInProgress { id },
            format!("case:{id}"),
            json!({"case_id": id, "person_id": person, "status": "in_progress"}),
        )
    }

    fn resolve_case(&self, id: i64, outcome: &str) -> R<Done> {
        let (person, _) = self.case(id)?;
        let outcome = required(outcome, "outcome")?;
        self.exec(
            "UPDATE family_cases SET status = 'resolved', resolved_at = ?2, outcome = ?3 WHERE id = ?1",
            params![id, self.ctx.now, outcome],
        )?;
        done(
            CareOutcome::CaseResolved { id },
            format!("case:{id}"),
            json!({"case_id": id, "person_id": person, "status": "resolved"}),
        )
    }

    fn note_case(&self, id: i64, text: &str) -> R<Done> {
        let person: i64 = self
            .tx
            .prepare_cached("SELECT person_id FROM family_cases WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or(no(CareRefusal::UnknownCase(id)))?;
        let text = required(text, "case_note")?;
        self.exec(
            "INSERT INTO case_notes(case_id, at, operator, text) VALUES (?1, ?2, ?3, ?4)",
            params![id, self.ctx.now, self.ctx.operator, text],
        )?;
        done(
            CareOutcome::CaseNoted { id },
            format!("case:{id}"),
            json!({"case_id": id, "person_id": person, "note": text}),
        )
    }

    fn reopen_case(&self, id: i64, reason: &str) -> R<Done> {
        let row: Option<(i64, String, Option<String>, Option<String>)> = self
            .tx
            .prepare_cached(
                "SELECT person_id, status, helper, outcome FROM family_cases WHERE id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let (person, status, helper, outcome) = row.ok_or(no(CareRefusal::UnknownCase(id)))?;
        if status != "resolved" {
            return Err(no(CareRefusal::CaseNotResolved(id)));
        }
        let reason = required(reason, "reopen_reason")?;
        let back = if helper.is_some() { "assigned" } else { "open" };
        self.exec(
            "UPDATE family_cases SET status = ?2, resolved_at = NULL, outcome = NULL WHERE id = ?1",
            params![id, back],
        )?;
        done(
            CareOutcome::CaseReopened { id },
            format!("case:{id}"),
            json!({"case_id": id, "person_id": person, "status": back, "reason": reason,
                   "outcome_was": outcome}),
        )
    }
}
