//! People on the roster and their party side: the commands,
//! what they report and why they are refused. Add, edit, retire and reinstate are here; party
//! status, dual registration, party development and nominations are in `party.rs`.
//!
//! Nothing is deleted: retiring sets `retired_at` (the person leaves the pickers and the
//! call-up list, stays on the roster marked retired, with every record kept).

use super::{Exec, PersonRef, R, Refusal};
use crate::domain::people::{normalise_phone, valid_name, valid_staff_code};
use crate::domain::{Category, DevStatus, NominationStatus, PartyStatus, Ts};
use crate::store::db::{OptionalExtension, params};
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub enum PeopleCommand {
    /// A new person. An empty staff code gets the next `FL000123`.
    Add {
        staff_code: String,
        name: String,
        category: String,
        source_unit: String,
        /// Name or id; empty = none.
        community: String,
        phone: String,
        party_status: String,
    },
    /// Change what is given (`None` = keep).
    Edit {
        person: PersonRef,
        staff_code: Option<String>,
        name: Option<String>,
        category: Option<String>,
        source_unit: Option<String>,
        community: Option<String>,
        phone: Option<String>,
    },
    /// Take off the roster (history kept); planned shifts are cancelled.
    Retire {
        person: PersonRef,
        reason: String,
    },
    /// Back on the roster.
    Reinstate {
        person: PersonRef,
        reason: String,
    },
    /// Party status and dual registration (双报到); `None` = keep, empty community = none.
    SetParty {
        person: PersonRef,
        status: Option<String>,
        branch: Option<String>,
        residence: Option<String>,
    },
    /// Flag an applicant or activist for fast-track admission (a candidate).
    Flag {
        person: PersonRef,
        note: String,
    },
    /// Candidate → recommended.
    Recommend {
        person: PersonRef,
    },
    /// Recommended → admitted: the person becomes a party member.
    Admit {
        person: PersonRef,
    },
    /// 选树先进典型: deeds in words; the evidence is taken from the record now.
    Nominate {
        person: PersonRef,
        deeds: String,
    },
    NominationApprove {
        id: i64,
    },
    NominationPublicise {
        id: i64,
    },
}

impl PeopleCommand {
    pub fn name(&self) -> &'static str {
        match self {
            PeopleCommand::Add { .. } => "person_add",
            PeopleCommand::Edit { .. } => "person_edit",
            PeopleCommand::Retire { .. } => "person_retire",
            PeopleCommand::Reinstate { .. } => "person_reinstate",
            PeopleCommand::SetParty { .. } => "party_set",
            PeopleCommand::Flag { .. } => "party_flag",
            PeopleCommand::Recommend { .. } => "party_recommend",
            PeopleCommand::Admit { .. } => "party_admit",
            PeopleCommand::Nominate { .. } => "nominate",
            PeopleCommand::NominationApprove { .. } => "nomination_approve",
            PeopleCommand::NominationPublicise { .. } => "nomination_publicise",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum PeopleOutcome {
    Added {
        id: i64,
        name: String,
        staff_code: String,
    },
    Edited {
        name: String,
        staff_code: String,
        changed: Vec<&'static str>,
    },
    Retired {
        name: String,
        staff_code: String,
        cancelled: usize,
    },
    Reinstated {
        name: String,
    },
    PartySet {
        name: String,
        status: PartyStatus,
        dual: bool,
    },
    Flagged {
        name: String,
    },
    Recommended {
        name: String,
    },
    Admitted {
        name: String,
    },
    Nominated {
        id: i64,
        name: String,
        hours: f64,
        duty_days: i64,
    },
    NominationApproved {
        id: i64,
        name: String,
    },
    NominationPublicised {
        id: i64,
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum PeopleRefusal {
    DuplicateCode {
        staff_code: String,
        name: String,
    },
    BadStaffCode(String),
    BadName(String),
    UnknownCategory(String),
    UnknownParty(String),
    BadPhone(String),
    NothingToChange,
    /// Someone on duty is checked out first.
    OnDuty {
        name: String,
        post: String,
    },
    NotRetired(String),
    /// Only applicants and activists are flagged for fast-track admission.
    NotApplicant {
        name: String,
        status: String,
    },
    AlreadyFlagged {
        name: String,
        status: DevStatus,
    },
    NotFlagged(String),
    DevIs {
        name: String,
        status: DevStatus,
    },
    DeedsRequired,
    /// A nomination still in progress (nominated or approved).
    AlreadyNominated {
        name: String,
        id: i64,
    },
    UnknownNomination(i64),
    NominationIs {
        id: i64,
        status: NominationStatus,
    },
}

pub(super) type Done = (super::Outcome, String, serde_json::Value);

fn refuse<T>(r: PeopleRefusal) -> R<T> {
    Err(Refusal::People(r))
}

fn out(o: PeopleOutcome, target: String, details: serde_json::Value) -> R<Done> {
    Ok((super::Outcome::People(o), target, details))
}

/// A person's row as stored, retired or not.
pub(super) struct Row {
    pub(super) id: i64,
    pub(super) name: String,
    pub(super) staff_code: String,
    pub(super) retired_at: Option<Ts>,
}

impl Exec<'_> {
    pub(super) fn people(&self, c: &PeopleCommand) -> R<Done> {
        use PeopleCommand as P;
        match c {
            P::Add { .. } => self.person_add(c),
            P::Edit { .. } => self.person_edit(c),
            P::Retire { person, reason } => self.person_retire(person, reason),
            P::Reinstate { person, reason } => self.person_reinstate(person, reason),
            P::SetParty {
                person,
                status,
                branch,
                residence,
            } => self.party_set(person, status, branch, residence),
            P::Flag { person, note } => self.party_flag(person, note),
            P::Recommend { person } => self.party_recommend(person),
            P::Admit { person } => self.party_admit(person),
            P::Nominate { person, deeds } => self.nominate(person, deeds),
            P::NominationApprove { id } => self.nomination_step(*id, NominationStatus::Approved),
            P::NominationPublicise { id } => {
                self.nomination_step(*id, NominationStatus::Publicised)
            }
        }
    }

    /// Anyone `r` names (see `store::person_ref`), retired too.
    pub(super) fn any_person(&self, r: &PersonRef) -> R<Row> {
        let c = self.any_candidate(r)?;
        let retired_at = self
            .tx
            .prepare_cached("SELECT retired_at FROM people WHERE id = ?1")?
            .query_row([c.id], |r| r.get(0))?;
        Ok(Row {
            id: c.id,
            name: c.name,
            staff_code: c.staff_code,
            retired_at,
        })
    }

    /// A community by name or id; empty = none.
    pub(super) fn community(&self, s: &str) -> R<Option<(i64, String)>> {
        let c = super::id_text(s);
        if c.is_empty() {
            return Ok(None);
        }
        let found: Option<(i64, String)> = self
            .tx
            .prepare_cached(
                "SELECT id, name FROM communities
                 WHERE name = ?1 OR id = ?2 ORDER BY name <> ?1 LIMIT 1",
            )?
            .query_row(params![c, crate::store::db::digits_id(c)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        found
            .map(Some)
            .ok_or_else(|| Refusal::UnknownCommunity(c.to_string()))
    }

    fn code_owner(&self, code: &str, except: i64) -> R<Option<String>> {
        Ok(self
            .tx
            .prepare_cached("SELECT name FROM people WHERE staff_code = ?1 AND id <> ?2")?
            .query_row(params![code, except], |r| r.get(0))
            .optional()?)
    }

    fn check_code(&self, code: &str, except: i64) -> R<()> {
        if !valid_staff_code(code) {
            return refuse(PeopleRefusal::BadStaffCode(code.to_string()));
        }
        if let Some(name) = self.code_owner(code, except)? {
            return refuse(PeopleRefusal::DuplicateCode {
                staff_code: code.to_string(),
                name,
            });
        }
        Ok(())
    }

    fn person_add(&self, c: &PeopleCommand) -> R<Done> {
        let PeopleCommand::Add {
            staff_code,
            name,
            category,
            source_unit,
            community,
            phone,
            party_status,
        } = c
        else {
            unreachable!("person_add takes PeopleCommand::Add");
        };
        let name = name.trim();
        if !valid_name(name) {
            return refuse(PeopleRefusal::BadName(name.to_string()));
        }
        let cat = category_of(category)?;
        let party = party_of(party_status)?;
        let phone = normalise_phone(phone.trim())
            .ok_or_else(|| Refusal::People(PeopleRefusal::BadPhone(phone.trim().to_string())))?;
        let comm = self.community(community)?;
        let id: i64 = self.tx.next_id("people")?;
        let code = match staff_code.trim() {
            "" => {
                let mut code = format!("FL{id:06}");
                let mut n = 1;
                while self.code_owner(&code, -1)?.is_some() {
                    code = format!("FL{id:06}-{n}");
                    n += 1;
                }
                code
            }
            c => {
                self.check_code(c, -1)?;
                c.to_string()
            }
        };
        self.exec(
            "INSERT INTO people(id, staff_code, name, category, source_unit, community_id, party_status, phone)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![id, code, name, cat.as_str(), source_unit.trim(), comm.as_ref().map(|c| c.0),
                party.as_str(), phone],
        )?;
        let details = json!({"person_id": id, "staff_code": code, "category": cat.as_str(),
            "community_id": comm.map(|c| c.0), "party_status": party.as_str()});
        out(
            PeopleOutcome::Added {
                id,
                name: name.to_string(),
                staff_code: code,
            },
            format!("person:{id}"),
            details,
        )
    }

    fn person_edit(&self, c: &PeopleCommand) -> R<Done> {
        let PeopleCommand::Edit {
            person,
            staff_code,
            name,
            category,
            source_unit,
            community,
            phone,
        } = c
        else {
            unreachable!("person_edit takes PeopleCommand::Edit");
        };
        let p = self.any_person(person)?;
        let (old_cat, old_unit, old_comm, old_phone): (String, String, Option<i64>, String) =
            self.tx.query_row(
                "SELECT category, source_unit, community_id, phone FROM people WHERE id = ?1",
                [p.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
        let mut changed: Vec<&'static str> = Vec::new();
        let mut before = json!({});
        let mut after = json!({});
        let mut note = |field: &'static str, old: serde_json::Value, new: serde_json::Value| {
            if old != new {
                changed.push(field);
                before[field] = old;
                after[field] = new;
            }
        };
        let new_code = match staff_code.as_deref().map(str::trim) {
            Some(c) if c != p.staff_code => {
                self.check_code(c, p.id)?;
                c.to_string()
            }
            _ => p.staff_code.clone(),
        };
        note("staff_code", json!(p.staff_code), json!(new_code));
        let new_name = match name.as_deref().map(str::trim) {
            Some(n) if !valid_name(n) => return refuse(PeopleRefusal::BadName(n.to_string())),
            Some(n) => n.to_string(),
            None => p.name.clone(),
        };
        note("name", json!(p.name), json!(new_name));
        let new_cat = match category {
            Some(c) => category_of(c)?.as_str().to_string(),
            None => old_cat.clone(),
        };
        note("category", json!(old_cat), json!(new_cat));
        let new_unit = source_unit
            .as_deref()
            .map_or(old_unit.clone(), |u| u.trim().to_string());
        note("source_unit", json!(old_unit), json!(new_unit));
        let new_comm = match community {
            Some(c) => self.community(c)?.map(|c| c.0),
            None => old_comm,
        };
        note("community_id", json!(old_comm), json!(new_comm));
        let new_phone = match phone {
            Some(ph) => normalise_phone(ph.trim())
                .ok_or_else(|| Refusal::People(PeopleRefusal::BadPhone(ph.trim().to_string())))?,
            None => old_phone.clone(),
        };
        note("phone", json!(old_phone), json!(new_phone));
        if changed.is_empty() {
            return refuse(PeopleRefusal::NothingToChange);
        }
        self.exec(
            "UPDATE people SET staff_code = ?2, name = ?3, category = ?4, source_unit = ?5, community_id = ?6, phone = ?7
             WHERE id = ?1",
            params![p.id, new_code, new_name, new_cat, new_unit, new_comm, new_phone],
        )?;
        let details = json!({"person_id": p.id, "before": before, "after": after});
        out(
            PeopleOutcome::Edited {
                name: new_name,
                staff_code: new_code,
                changed,
            },
            format!("person:{}", p.id),
            details,
        )
    }

    fn person_retire(&self, person: &PersonRef, reason: &str) -> R<Done> {
        let p = self.any_person(person)?;
        if p.retired_at.is_some() {
            return Err(Refusal::Retired(p.name));
        }
        if let Some(a) = self.active(p.id)? {
            return refuse(PeopleRefusal::OnDuty {
                name: p.name,
                post: a.post,
            });
        }
        let now = self.ctx.now;
        // Planned shifts are cancelled (kept, marked), so no slot counts on someone who left.
        let planned: Vec<i64> = self
            .tx
            .prepare_cached(
                "SELECT id FROM shifts WHERE person_id = ?1 AND status = 'planned' AND planned_end > ?2",
            )?
            .query_map(params![p.id, now], |r| r.get(0))?
            .collect::<crate::store::db::Result<_>>()?;
        for id in &planned {
            self.exec("UPDATE shifts SET status = 'cancelled' WHERE id = ?1", [id])?;
        }
        self.exec(
            "UPDATE people SET retired_at = ?2 WHERE id = ?1",
            params![p.id, now],
        )?;
        let details = json!({"person_id": p.id, "staff_code": p.staff_code, "reason": reason.trim(),
            "cancelled_shifts": planned});
        out(
            PeopleOutcome::Retired {
                name: p.name,
                staff_code: p.staff_code,
                cancelled: planned.len(),
            },
            format!("person:{}", p.id),
            details,
        )
    }

    fn person_reinstate(&self, person: &PersonRef, reason: &str) -> R<Done> {
        let p = self.any_person(person)?;
        let Some(was) = p.retired_at else {
            return refuse(PeopleRefusal::NotRetired(p.name));
        };
        self.exec("UPDATE people SET retired_at = NULL WHERE id = ?1", [p.id])?;
        out(
            PeopleOutcome::Reinstated { name: p.name },
            format!("person:{}", p.id),
            json!({"person_id": p.id, "retired_at": was, "reason": reason.trim()}),
        )
    }
}

pub(super) fn category_of(s: &str) -> R<Category> {
    let c = match s.trim() {
        "医务" | "医务人员" | "医护" => "medical",
        "干部" | "机关干部" => "cadre",
        "社区" | "社区工作者" | "社区工作人员" => "community",
        "志愿者" => "volunteer",
        x => x,
    };
    Category::parse(&c.to_lowercase())
        .ok_or_else(|| Refusal::People(PeopleRefusal::UnknownCategory(s.trim().to_string())))
}

pub(super) fn party_of(s: &str) -> R<PartyStatus> {
    let p = match s.trim() {
        "" | "群众" | "无" => "none",
        "党员" | "中共党员" => "member",
        "积极分子" | "入党积极分子" => "activist",
        "申请人" | "入党申请人" => "applicant",
        x => x,
    };
    PartyStatus::parse(&p.to_lowercase())
        .ok_or_else(|| Refusal::People(PeopleRefusal::UnknownParty(s.trim().to_string())))
}
