//! Roster import: every good row of a file in one transaction — insert the new staff
//! codes, update the changed ones, leave the rest. Re-importing the same file changes nothing.
//! The audit row holds counts only, never names or phone numbers.

use super::{Exec, Outcome, R, Refusal};
use crate::import::RosterRow;
use crate::store::Store;
use crate::store::db::{Connection, params};
use anyhow::Result;
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// What an import would do / did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportCounts {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
}

#[derive(Debug, Clone, PartialEq)]
struct Values {
    name: String,
    category: &'static str,
    source_unit: String,
    community_id: Option<i64>,
    party_status: &'static str,
    phone: String,
}

enum Change {
    New(Values),
    Update(i64, Values),
    Unchanged,
}

fn communities(conn: &Connection) -> crate::store::db::Result<HashMap<String, i64>> {
    let mut st = conn.prepare("SELECT name, id FROM communities ORDER BY id DESC")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    // Descending, so a name used twice resolves to its first (lowest) id.
    rows.collect()
}

fn existing(conn: &Connection) -> crate::store::db::Result<HashMap<String, (i64, Values)>> {
    let mut st = conn.prepare(
        "SELECT staff_code, id, name, category, source_unit, community_id, party_status, phone FROM people",
    )?;
    let rows = st.query_map([], |r| {
        let cat: String = r.get(3)?;
        let party: String = r.get(6)?;
        Ok((
            r.get::<_, String>(0)?,
            (
                r.get(1)?,
                Values {
                    name: r.get(2)?,
                    category: crate::domain::Category::parse(&cat).map_or("", |c| c.as_str()),
                    source_unit: r.get(4)?,
                    community_id: r.get(5)?,
                    party_status: crate::domain::PartyStatus::parse(&party)
                        .map_or("none", |p| p.as_str()),
                    phone: r.get(7)?,
                },
            ),
        ))
    })?;
    rows.collect()
}

fn plan(
    rows: &[RosterRow],
    have: &HashMap<String, (i64, Values)>,
    comm: &HashMap<String, i64>,
) -> R<Vec<Change>> {
    let mut seen = HashSet::with_capacity(rows.len());
    rows.iter()
        .map(|r| {
            if !seen.insert(r.staff_code.as_str()) {
                return Err(Refusal::BadValue {
                    field: "staff_code",
                    value: r.staff_code.clone(),
                });
            }
            let old = have.get(&r.staff_code);
            let community_id = match r.community.as_deref() {
                None => old.and_then(|(_, v)| v.community_id),
                Some("") => None,
                Some(c) => Some(
                    *comm
                        .get(c)
                        .ok_or_else(|| Refusal::UnknownCommunity(c.to_string()))?,
                ),
            };
            let keep = |f: &Option<String>, o: fn(&Values) -> &String| {
                f.clone()
                    .or_else(|| old.map(|(_, v)| o(v).clone()))
                    .unwrap_or_default()
            };
            let v = Values {
                name: r.name.clone(),
                category: r.category.as_str(),
                source_unit: keep(&r.source_unit, |v| &v.source_unit),
                community_id,
                party_status: r
                    .party_status
                    .map(|p| p.as_str())
                    .or(old.map(|(_, v)| v.party_status))
                    .unwrap_or("none"),
                phone: keep(&r.phone, |v| &v.phone),
            };
            Ok(match old {
                None => Change::New(v),
                Some((_, o)) if *o == v => Change::Unchanged,
                Some((id, _)) => Change::Update(*id, v),
            })
        })
        .collect()
}

fn count(changes: &[Change]) -> ImportCounts {
    let mut c = ImportCounts::default();
    for ch in changes {
        match ch {
            Change::New(_) => c.new += 1,
            Change::Update(..) => c.updated += 1,
            Change::Unchanged => c.unchanged += 1,
        }
    }
    c
}

impl Store {
    /// Community names a roster row may name.
    pub fn community_names(&self) -> Result<HashSet<String>> {
        Ok(communities(&self.conn)?.into_keys().collect())
    }

    /// What importing `rows` would do, without writing (`--dry-run`).
    pub fn import_plan(&self, rows: &[RosterRow]) -> Result<ImportCounts, Refusal> {
        let changes = plan(rows, &existing(&self.conn)?, &communities(&self.conn)?)?;
        Ok(count(&changes))
    }
}

impl Exec<'_> {
    pub(super) fn import_roster(
        &self,
        rows: &[RosterRow],
        skipped: usize,
    ) -> R<(Outcome, String, serde_json::Value)> {
        if rows.is_empty() {
            return Err(Refusal::BadValue {
                field: "rows",
                value: "0".into(),
            });
        }
        let changes = plan(rows, &existing(self.tx)?, &communities(self.tx)?)?;
        let mut ins = self.tx.prepare_cached(
            "INSERT INTO people(staff_code, name, category, source_unit, community_id, party_status, phone)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut upd = self.tx.prepare_cached(
            "UPDATE people SET name = ?2, category = ?3, source_unit = ?4, community_id = ?5,
               party_status = ?6, phone = ?7 WHERE id = ?1",
        )?;
        self.rows_total(rows.len());
        for (r, ch) in rows.iter().zip(&changes) {
            self.row_done()?;
            match ch {
                Change::New(v) => {
                    ins.execute(params![
                        r.staff_code,
                        v.name,
                        v.category,
                        v.source_unit,
                        v.community_id,
                        v.party_status,
                        v.phone
                    ])?;
                }
                Change::Update(id, v) => {
                    upd.execute(params![
                        id,
                        v.name,
                        v.category,
                        v.source_unit,
                        v.community_id,
                        v.party_status,
                        v.phone
                    ])?;
                }
                Change::Unchanged => {}
            }
        }
        let c = count(&changes);
        Ok((
            Outcome::RosterImported {
                new: c.new,
                updated: c.updated,
                unchanged: c.unchanged,
                skipped,
            },
            "roster".into(),
            json!({"rows": rows.len(), "new": c.new, "updated": c.updated,
                   "unchanged": c.unchanged, "skipped": skipped}),
        ))
    }
}
