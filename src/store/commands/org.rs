//! The organisation: streets (街道), communities (社区), posts (点位), depots (仓库)
//! and supply items (物资) — added, edited and closed through the executor, never deleted
//! (they have history). Names are accepted wherever ids are: `#12` is an id; `白鹤洞街/白鹤洞东社区`
//! names a community within its street (a post within its community the same way); a bare name
//! is refused, listing the candidates, when it names more than one. A closed post takes no new
//! shifts (`open_post`); the workbook import is in `org_import.rs`.

use super::{Exec, R, Refusal};
use crate::domain::org;
use crate::domain::people::valid_name;
use crate::store::db::{OptionalExtension, params};
use serde_json::json;

pub use crate::domain::org::{OrgFields, OrgKind};

/// Where each kind lives in the schema.
pub(crate) trait OrgTable {
    fn table(self) -> &'static str;
    /// The column naming the parent row.
    fn parent_col(self) -> &'static str;
}

impl OrgTable for OrgKind {
    fn table(self) -> &'static str {
        match self {
            OrgKind::Street => "streets",
            OrgKind::Community => "communities",
            OrgKind::Post => "posts",
            OrgKind::Depot => "depots",
            OrgKind::Item => "supply_items",
        }
    }
    fn parent_col(self) -> &'static str {
        match self {
            OrgKind::Community => "street_id",
            OrgKind::Post => "community_id",
            OrgKind::Depot => "post_id",
            _ => "NULL",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum OrgCommand {
    Add {
        kind: OrgKind,
        fields: OrgFields,
    },
    Edit {
        kind: OrgKind,
        target: String,
        fields: OrgFields,
    },
    Close {
        kind: OrgKind,
        target: String,
    },
    /// The good rows of an organisation workbook (`frontline import org`).
    Import {
        rows: crate::import::org::OrgRows,
        skipped: usize,
    },
}

impl OrgCommand {
    pub fn name(&self) -> &'static str {
        use OrgKind::*;
        match self {
            OrgCommand::Add { kind, .. } => match kind {
                Street => "org_street_add",
                Community => "org_community_add",
                Post => "org_post_add",
                Depot => "org_depot_add",
                Item => "org_item_add",
            },
            OrgCommand::Edit { kind, .. } => match kind {
                Street => "org_street_edit",
                Community => "org_community_edit",
                Post => "org_post_edit",
                Depot => "org_depot_edit",
                Item => "org_item_edit",
            },
            OrgCommand::Close { kind, .. } => match kind {
                Street => "org_street_close",
                Community => "org_community_close",
                Post => "org_post_close",
                Depot => "org_depot_close",
                Item => "org_item_close",
            },
            OrgCommand::Import { .. } => "import_org",
        }
    }
}

/// Per kind: rows added, updated, unchanged.
pub type OrgCounts = std::collections::BTreeMap<OrgKind, (usize, usize, usize)>;

#[derive(Debug, Clone, PartialEq)]
pub enum OrgOutcome {
    Added {
        kind: OrgKind,
        id: i64,
        name: String,
    },
    Edited {
        kind: OrgKind,
        name: String,
        changed: Vec<&'static str>,
    },
    Closed {
        kind: OrgKind,
        name: String,
        cancelled: usize,
    },
    Imported {
        counts: OrgCounts,
        skipped: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum OrgRefusal {
    Unknown {
        kind: OrgKind,
        text: String,
    },
    /// A name that fits several rows: none is guessed (each as `parent/name #id`).
    Ambiguous {
        kind: OrgKind,
        text: String,
        candidates: Vec<String>,
    },
    Duplicate {
        kind: OrgKind,
        name: String,
    },
    Required {
        kind: OrgKind,
        field: &'static str,
    },
    BadName(String),
    BadCode(String),
    BadKind(String),
    BadHeadcount {
        value: String,
        why: &'static str,
    },
    BadPattern(org::PatternError),
    BadReorder(String),
    NothingToChange,
    Closed {
        kind: OrgKind,
        name: String,
    },
    /// Closing a post while people are on duty there: who they are.
    OnDuty {
        post: String,
        people: Vec<String>,
    },
    /// Closing a street or community that still has open communities or posts.
    StillOpen {
        kind: OrgKind,
        name: String,
        children: usize,
    },
    /// Closing a depot that still holds stock.
    HoldsStock {
        name: String,
        on_hand: i64,
    },
}

pub(super) type Done = (super::Outcome, String, serde_json::Value);

pub(crate) fn refuse<T>(r: OrgRefusal) -> R<T> {
    Err(Refusal::Org(r))
}

/// One row found by `resolve`.
pub(crate) struct Found {
    pub id: i64,
    pub name: String,
    pub closed: bool,
}

impl Exec<'_> {
    pub(super) fn org(&self, c: &OrgCommand) -> R<Done> {
        match c {
            OrgCommand::Add { kind, fields } => {
                let (id, name) = self.org_add(*kind, fields)?;
                Ok((
                    super::Outcome::Org(OrgOutcome::Added {
                        kind: *kind,
                        id,
                        name: name.clone(),
                    }),
                    format!("{}:{id}", kind.as_str()),
                    json!({"id": id}),
                ))
            }
            OrgCommand::Edit {
                kind,
                target,
                fields,
            } => {
                let f = self.resolve(*kind, target)?;
                let changed = self.org_update(*kind, f.id, fields)?;
                if changed.is_empty() {
                    return refuse(OrgRefusal::NothingToChange);
                }
                let name = self.org_name(*kind, f.id)?;
                Ok((
                    super::Outcome::Org(OrgOutcome::Edited {
                        kind: *kind,
                        name,
                        changed: changed.clone(),
                    }),
                    format!("{}:{}", kind.as_str(), f.id),
                    json!({"id": f.id, "changed": changed}),
                ))
            }
            OrgCommand::Close { kind, target } => self.org_close(*kind, target),
            OrgCommand::Import { rows, skipped } => self.import_org(rows, *skipped),
        }
    }

    /// A post that takes new shifts: known and not closed.
    pub(crate) fn open_post(&self, id: i64) -> R<String> {
        let row: Option<(String, Option<i64>)> = self
            .tx
            .prepare_cached("SELECT name, closed_at FROM posts WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match row {
            None => Err(Refusal::UnknownPost(id)),
            Some((name, Some(_))) => refuse(OrgRefusal::Closed {
                kind: OrgKind::Post,
                name,
            }),
            Some((name, None)) => Ok(name),
        }
    }

    /// The one row `text` names (see `resolve_in`).
    pub(crate) fn resolve(&self, kind: OrgKind, text: &str) -> R<Found> {
        super::org_close::resolve_in(self.tx, kind, text)
    }

    fn org_name(&self, kind: OrgKind, id: i64) -> R<String> {
        let col = if kind == OrgKind::Item {
            "name_zh"
        } else {
            "name"
        };
        Ok(self
            .tx
            .prepare_cached(&format!("SELECT {col} FROM {} WHERE id = ?1", kind.table()))?
            .query_row([id], |r| r.get(0))?)
    }

    /// The row named `name` within `parent` (any state), for duplicates and imports.
    pub(crate) fn find_within(
        &self,
        kind: OrgKind,
        parent: Option<i64>,
        name: &str,
    ) -> R<Option<i64>> {
        let sql = match kind {
            OrgKind::Item => {
                "SELECT id FROM supply_items WHERE code = upper(?1) AND ?2 IS NULL".to_string()
            }
            OrgKind::Street | OrgKind::Depot => format!(
                "SELECT id FROM {} WHERE name = ?1 AND ?2 IS NULL ORDER BY closed_at IS NOT NULL, id LIMIT 1",
                kind.table()
            ),
            _ => format!(
                "SELECT id FROM {} WHERE name = ?1 AND {} IS NOT DISTINCT FROM ?2
                 ORDER BY closed_at IS NOT NULL, id LIMIT 1",
                kind.table(),
                kind.parent_col()
            ),
        };
        let parent = if matches!(kind, OrgKind::Community | OrgKind::Post) {
            parent
        } else {
            None
        };
        Ok(self
            .tx
            .prepare_cached(&sql)?
            .query_row(params![name, parent], |r| r.get(0))
            .optional()?)
    }

    fn org_add(&self, kind: OrgKind, f: &OrgFields) -> R<(i64, String)> {
        let name = match kind {
            OrgKind::Item => f.name.clone().unwrap_or_default(),
            _ => f.name.clone().unwrap_or_default(),
        };
        let name = name.trim().to_string();
        if name.is_empty() {
            return refuse(OrgRefusal::Required {
                kind,
                field: "name",
            });
        }
        if !valid_name(&name) {
            return refuse(OrgRefusal::BadName(name));
        }
        let parent = self.parent_of(kind, f.parent.as_deref(), true)?;
        if kind == OrgKind::Item {
            let code = item_code(f.code.as_deref().unwrap_or(""))?;
            if self.find_within(kind, None, &code)?.is_some() {
                return refuse(OrgRefusal::Duplicate { kind, name: code });
            }
            let unit = f.unit.as_deref().map(str::trim).filter(|u| !u.is_empty());
            let Some(unit) = unit else {
                return refuse(OrgRefusal::Required {
                    kind,
                    field: "unit",
                });
            };
            let reorder = reorder(f.reorder.as_deref().unwrap_or("0"))?;
            let name_en = f
                .name_en
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .unwrap_or(&name);
            let unit_en = f
                .unit_en
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .unwrap_or(unit);
            self.exec(
                "INSERT INTO supply_items(code, name_zh, name_en, unit_zh, unit_en, category, reorder_level) VALUES (?1, ?2, ?3, ?4, ?5, 'other', ?6)",
                params![code, name, name_en, unit, unit_en, reorder],
            )?;
            return Ok((self.tx.last_insert_rowid()?, name));
        }
        if self.find_within(kind, parent, &name)?.is_some() {
            return refuse(OrgRefusal::Duplicate { kind, name });
        }
        match kind {
            OrgKind::Street => {
                self.exec("INSERT INTO streets(name) VALUES (?1)", [&name])?;
            }
            OrgKind::Community => {
                self.exec(
                    "INSERT INTO communities(street_id, name) VALUES (?1, ?2)",
                    params![parent, name],
                )?;
            }
            OrgKind::Post => {
                let k = match f.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
                    None => {
                        return refuse(OrgRefusal::Required {
                            kind,
                            field: "kind",
                        });
                    }
                    Some(k) => org::post_kind(k)
                        .ok_or_else(|| Refusal::Org(OrgRefusal::BadKind(k.to_string())))?,
                };
                let h = match f.headcount.as_deref() {
                    None => {
                        return refuse(OrgRefusal::Required {
                            kind,
                            field: "headcount",
                        });
                    }
                    Some(h) => headcount(h)?,
                };
                let pattern = pattern(f.pattern.as_deref().unwrap_or(""))?;
                self.exec(
                    "INSERT INTO posts(community_id, name, kind, required_per_shift, shift_pattern) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![parent, name, k, h, pattern],
                )?;
            }
            OrgKind::Depot => {
                self.exec(
                    "INSERT INTO depots(name, post_id) VALUES (?1, ?2)",
                    params![name, parent],
                )?;
            }
            OrgKind::Item => unreachable!(),
        }
        Ok((self.tx.last_insert_rowid()?, name))
    }

    /// The parent a row needs: required for a community (street) and a post (community),
    /// optional for a depot (a post's cabinet, or none: a command-post store). A closed parent
    /// takes no new children.
    fn parent_of(&self, kind: OrgKind, text: Option<&str>, adding: bool) -> R<Option<i64>> {
        let Some(pk) = kind.parent() else {
            return Ok(None);
        };
        let text = text.map(str::trim);
        match text {
            None | Some("") if kind == OrgKind::Depot => Ok(None),
            None | Some("") if adding => refuse(OrgRefusal::Required {
                kind,
                field: pk.as_str(),
            }),
            None | Some("") => Ok(None),
            Some(t) => {
                let p = self.resolve(pk, t)?;
                if p.closed {
                    return refuse(OrgRefusal::Closed {
                        kind: pk,
                        name: p.name,
                    });
                }
                Ok(Some(p.id))
            }
        }
    }

    /// Apply what `f` gives to row `id`; the columns that changed.
    pub(crate) fn org_update(&self, kind: OrgKind, id: i64, f: &OrgFields) -> R<Vec<&'static str>> {
        let mut sets: Vec<(&'static str, rusqlite::types::Value)> = Vec::new();
        use rusqlite::types::Value as V;
        if let Some(n) = f.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            if !valid_name(n) {
                return refuse(OrgRefusal::BadName(n.to_string()));
            }
            sets.push((
                if kind == OrgKind::Item {
                    "name_zh"
                } else {
                    "name"
                },
                V::Text(n.to_string()),
            ));
        }
        if let Some(p) = f.parent.as_deref()
            && kind.parent().is_some()
            && !(p.trim().is_empty() && kind != OrgKind::Depot)
        {
            let v = self.parent_of(kind, Some(p), false)?;
            sets.push((kind.parent_col(), v.map_or(V::Null, V::Integer)));
        }
        if kind == OrgKind::Post {
            if let Some(k) = f.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
                let k = org::post_kind(k)
                    .ok_or_else(|| Refusal::Org(OrgRefusal::BadKind(k.to_string())))?;
                sets.push(("kind", V::Text(k.into())));
            }
            if let Some(h) = f.headcount.as_deref() {
                sets.push(("required_per_shift", V::Integer(headcount(h)?)));
            }
            if let Some(p) = f.pattern.as_deref() {
                sets.push(("shift_pattern", V::Text(pattern(p)?)));
            }
        }
        if kind == OrgKind::Item {
            if let Some(c) = f.code.as_deref().filter(|c| !c.trim().is_empty()) {
                let c = item_code(c)?;
                if self.find_within(kind, None, &c)?.is_some_and(|o| o != id) {
                    return refuse(OrgRefusal::Duplicate { kind, name: c });
                }
                sets.push(("code", V::Text(c)));
            }
            for (col, v) in [
                ("name_en", &f.name_en),
                ("unit_zh", &f.unit),
                ("unit_en", &f.unit_en),
            ] {
                if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                    sets.push((col, V::Text(v.to_string())));
                }
            }
            if let Some(r) = f.reorder.as_deref() {
                sets.push(("reorder_level", V::Integer(reorder(r)?)));
            }
        }
        // A new name (or parent) must not repeat a sibling's name.
        if kind != OrgKind::Item
            && sets
                .iter()
                .any(|(c, _)| *c == "name" || *c == kind.parent_col())
        {
            let name = match sets.iter().find(|(c, _)| *c == "name") {
                Some((_, V::Text(n))) => n.clone(),
                _ => self.org_name(kind, id)?,
            };
            let parent: Option<i64> = match sets.iter().find(|(c, _)| *c == kind.parent_col()) {
                Some((_, V::Integer(p))) => Some(*p),
                Some(_) => None,
                None => self.tx.query_row(
                    &format!(
                        "SELECT {} FROM {} WHERE id = ?1",
                        kind.parent_col(),
                        kind.table()
                    ),
                    [id],
                    |r| r.get(0),
                )?,
            };
            if self
                .find_within(kind, parent, &name)?
                .is_some_and(|o| o != id)
            {
                return refuse(OrgRefusal::Duplicate { kind, name });
            }
        }
        let mut changed = Vec::new();
        for (col, v) in sets {
            let n = self.exec(
                &format!(
                    "UPDATE {} SET {col} = ?2 WHERE id = ?1 AND {col} IS DISTINCT FROM ?2",
                    kind.table()
                ),
                params![id, v],
            )?;
            if n > 0 {
                changed.push(col);
            }
        }
        Ok(changed)
    }
}

pub(crate) fn headcount(h: &str) -> R<i64> {
    org::headcount(h).map_err(|why| {
        Refusal::Org(OrgRefusal::BadHeadcount {
            value: h.trim().to_string(),
            why,
        })
    })
}

pub(crate) fn pattern(p: &str) -> R<String> {
    org::shift_pattern(p)
        .map(|(_, t)| t)
        .map_err(|e| Refusal::Org(OrgRefusal::BadPattern(e)))
}

pub(crate) fn reorder(r: &str) -> R<i64> {
    let t = r.trim();
    if t.is_empty() {
        return Ok(0);
    }
    match t.parse::<f64>() {
        Ok(f) if f >= 0.0 && f.fract() == 0.0 && f < 1e12 => Ok(f as i64),
        _ => refuse(OrgRefusal::BadReorder(t.to_string())),
    }
}

pub(crate) fn item_code(c: &str) -> R<String> {
    let c = c.trim().to_uppercase();
    if c.is_empty() {
        return refuse(OrgRefusal::Required {
            kind: OrgKind::Item,
            field: "code",
        });
    }
    if c.chars().count() > 20
        || c.chars()
            .any(|ch| ch.is_whitespace() || ch.is_control() || ch == '#')
    {
        return refuse(OrgRefusal::BadCode(c));
    }
    Ok(c)
}
