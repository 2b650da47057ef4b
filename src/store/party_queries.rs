//! Party development (发展党员) and exemplary models (选树先进典型):
//! applicants and activists with their frontline record, those flagged for fast-track admission
//! first; and the nominations with their deeds and evidence.

use super::Store;
use super::queries::{Page, Window};
use crate::domain::people::{PersonState, Record};
use crate::domain::{DevStatus, NominationStatus, Ts};
use crate::store::db::{OptionalExtension, named_params};
use anyhow::Result;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DevRow {
    pub status: DevStatus,
    pub note: String,
    pub flagged_at: Ts,
    pub recommended_at: Option<Ts>,
    pub admitted_at: Option<Ts>,
    /// Party status before admission.
    pub was: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartyRow {
    pub id: i64,
    pub name: String,
    pub staff_code: String,
    pub category: crate::domain::Category,
    pub party_status: crate::domain::PartyStatus,
    pub state: PersonState,
    pub development: Option<DevRow>,
    pub record: Record,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NominationRow {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub staff_code: String,
    pub deeds: String,
    /// The record when nominated.
    pub evidence: Record,
    pub status: NominationStatus,
    pub nominated_at: Ts,
    pub nominated_by: String,
    pub approved_at: Option<Ts>,
    pub publicised_at: Option<Ts>,
}

/// Ends inside its WHERE (the join's condition): callers append `AND …`.
pub(crate) const NOMINATION_SELECT: &str =
    "SELECT n.id, n.person_id, pe.name, pe.staff_code, n.deeds, n.evidence, n.status,
  n.nominated_at, n.nominated_by, n.approved_at, n.publicised_at
  FROM nominations n CROSS JOIN people pe WHERE pe.id = n.person_id";

pub(crate) fn nomination_row(r: &crate::store::db::Row) -> crate::store::db::Result<NominationRow> {
    let ev: String = r.get(5)?;
    Ok(NominationRow {
        id: r.get(0)?,
        person_id: r.get(1)?,
        name: r.get(2)?,
        staff_code: r.get(3)?,
        deeds: r.get(4)?,
        evidence: serde_json::from_str(&ev).unwrap_or_default(),
        status: r.get(6)?,
        nominated_at: r.get(7)?,
        nominated_by: r.get(8)?,
        approved_at: r.get(9)?,
        publicised_at: r.get(10)?,
    })
}

fn dev_row(r: &crate::store::db::Row, at: usize) -> crate::store::db::Result<Option<DevRow>> {
    Ok(match r.get::<_, Option<DevStatus>>(at)? {
        Some(status) => Some(DevRow {
            status,
            note: r.get(at + 1)?,
            flagged_at: r.get(at + 2)?,
            recommended_at: r.get(at + 3)?,
            admitted_at: r.get(at + 4)?,
            was: r.get(at + 5)?,
        }),
        None => None,
    })
}

impl Store {
    pub fn development(&self, person: i64) -> Result<Option<DevRow>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT status, note, flagged_at, recommended_at, admitted_at, was FROM party_development WHERE person_id = ?1",
            )?
            .query_row([person], |r| dev_row(r, 0))
            .optional()?
            .flatten())
    }

    /// Applicants and activists (and anyone on the development list), recommended first, then
    /// candidates, then the rest (activists before applicants), admitted last; by name. Walked
    /// as segments in that order (the flagged are few; the others walk the party-status index),
    /// so a window never sorts the whole list. The record is read for the window's rows only.
    pub fn party_list(&self, now: Ts, w: &Window) -> Result<Page<PartyRow>> {
        let c = &self.conn;
        let filter = if w.filter.trim().is_empty() {
            "true"
        } else {
            "(pe.name LIKE :f ESCAPE '\\' OR pe.staff_code LIKE :f ESCAPE '\\')"
        };
        let dev = |s: &str| {
            format!("pe.id IN (SELECT person_id FROM party_development WHERE status = '{s}')")
        };
        let unflagged = |p: &str| {
            format!(
                "pe.party_status = '{p}' AND pe.id NOT IN (SELECT person_id FROM party_development)"
            )
        };
        let segs = [
            (
                dev("recommended"),
                "pe.party_status = 'applicant', pe.name, pe.id",
            ),
            (
                dev("candidate"),
                "pe.party_status = 'applicant', pe.name, pe.id",
            ),
            (unflagged("activist"), "pe.name, pe.id"),
            (unflagged("applicant"), "pe.name, pe.id"),
            (dev("admitted"), "pe.name, pe.id"),
        ];
        let like = w.like();
        let bind = |sql: &str| -> Vec<(&str, &dyn crate::store::db::ToSql)> {
            if sql.contains(":f") {
                vec![(":f", &like as &dyn crate::store::db::ToSql)]
            } else {
                vec![]
            }
        };
        let lim = w.limit.unwrap_or(usize::MAX);
        let (mut ids, mut total, mut start) = (Vec::<i64>::new(), 0usize, 0usize);
        for (cond, order) in &segs {
            let cond = format!(
                "{cond} AND pe.id NOT IN (SELECT id FROM people WHERE retired_at IS NOT NULL) AND {filter}"
            );
            let sql = format!("SELECT count(*) FROM people pe WHERE {cond}");
            let n: i64 = c
                .prepare_cached(&sql)?
                .query_row(bind(&sql).as_slice(), |r| r.get(0))?;
            let n = n as usize;
            total += n;
            let want = w.offset + ids.len();
            if ids.len() < lim && n > 0 && want < start + n {
                let local = (want - start) as i64;
                let take = (lim - ids.len()).min(start + n - want) as i64;
                let sql = format!(
                    "SELECT pe.id FROM people pe WHERE {cond} ORDER BY {order} LIMIT :lim OFFSET :off"
                );
                let mut names = bind(&sql);
                names.push((":lim", &take));
                names.push((":off", &local));
                let got: Vec<i64> = c
                    .prepare_cached(&sql)?
                    .query_map(names.as_slice(), |r| r.get(0))?
                    .collect::<crate::store::db::Result<_>>()?;
                ids.extend(got);
            }
            start += n;
        }
        let sql = format!(
            "SELECT pe.id, pe.name, pe.staff_code, pe.category, pe.party_status, ({}),
               d.status, d.note, d.flagged_at, d.recommended_at, d.admitted_at, d.was
             FROM people pe LEFT JOIN party_development d ON d.person_id = pe.id WHERE pe.id = :id",
            super::roster_queries::STATE_CASE
        );
        let mut rows = Vec::with_capacity(ids.len());
        for id in ids {
            let mut r =
                c.prepare_cached(&sql)?
                    .query_row(named_params! {":id": id, ":now": now}, |r| {
                        let state: String = r.get(5)?;
                        Ok(PartyRow {
                            id: r.get(0)?,
                            name: r.get(1)?,
                            staff_code: r.get(2)?,
                            category: r.get(3)?,
                            party_status: r.get(4)?,
                            state: PersonState::parse(&state).unwrap_or(PersonState::Off),
                            development: dev_row(r, 6)?,
                            record: Record::default(),
                        })
                    })?;
            r.record = super::roster_queries::record(c, r.id, now, self.cfg.tz)?;
            rows.push(r);
        }
        Ok(Page { rows, total })
    }

    /// Nominations: still to approve first, then approved, then publicised; newest first.
    /// (`CROSS JOIN`: the few nominations lead, each person found by id; left to itself the
    /// planner walked all the people. The join's condition is in WHERE: PostgreSQL's CROSS
    /// JOIN takes no ON.)
    pub fn honours(&self, w: &Window) -> Result<Page<NominationRow>> {
        let c = &self.conn;
        let cond = "(:f = '%%' OR pe.name LIKE :f ESCAPE '\\' OR pe.staff_code LIKE :f ESCAPE '\\' OR n.deeds LIKE :f ESCAPE '\\')";
        let total: i64 = c
            .prepare_cached(&format!(
                "SELECT count(*) FROM nominations n CROSS JOIN people pe WHERE pe.id = n.person_id AND {cond}"
            ))?
            .query_row(named_params! {":f": w.like()}, |r| r.get(0))?;
        let rows = c
            .prepare_cached(&format!(
                "{NOMINATION_SELECT} AND {cond}
                 ORDER BY CASE n.status WHEN 'nominated' THEN 0 WHEN 'approved' THEN 1 ELSE 2 END, n.nominated_at DESC, n.id DESC
                 LIMIT :lim OFFSET :off"
            ))?
            .query_map(
                named_params! {":f": w.like(), ":lim": w.lim(), ":off": w.offset as i64},
                nomination_row,
            )?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(Page {
            rows,
            total: total as usize,
        })
    }
}
