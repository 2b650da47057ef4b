//! Reads for going live: what a new database holds, the names an organisation
//! workbook may refer to, and posts by name for the command line.

use super::Store;
use anyhow::Result;

impl Store {
    /// (supply items, depots) — what a new database starts with.
    pub fn catalogue_counts(&self) -> Result<(i64, i64)> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM supply_items), (SELECT count(*) FROM depots)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Names already in the database, for checking a workbook's references before writing.
    pub fn org_known(&self) -> Result<crate::import::org::Known> {
        let mut k = crate::import::org::Known::default();
        let mut st = self.conn.prepare("SELECT name FROM streets")?;
        for n in st.query_map([], |r| r.get::<_, String>(0))? {
            k.streets.insert(n?);
        }
        for (table, map) in [("communities", &mut k.communities), ("posts", &mut k.posts)] {
            let mut st = self.conn.prepare(&format!("SELECT name FROM {table}"))?;
            for n in st.query_map([], |r| r.get::<_, String>(0))? {
                *map.entry(n?).or_default() += 1;
            }
        }
        Ok(k)
    }

    /// Every post: (id, name, community, kind, required per shift, pattern, closed).
    pub fn org_posts(&self) -> Result<Vec<OrgPost>> {
        let mut st = self.conn.prepare(
            "SELECT p.id, p.name, c.name, p.kind, p.required_per_shift, p.shift_pattern, p.closed_at IS NOT NULL
             FROM posts p JOIN communities c ON c.id = p.community_id ORDER BY p.id",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok(OrgPost {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    community: r.get(2)?,
                    kind: r.get(3)?,
                    required: r.get(4)?,
                    pattern: r.get(5)?,
                    closed: r.get(6)?,
                })
            })?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(rows)
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct OrgPost {
    pub id: i64,
    pub name: String,
    pub community: String,
    pub kind: String,
    pub required: i64,
    pub pattern: String,
    pub closed: bool,
}

impl Store {
    /// The id of the one open-or-closed row `text` names (a name, `parent/name`, `#id`, bare
    /// digits as an id), for command-line flags that take a post (`--post 白鹤洞东社区卡口`).
    pub fn org_id(
        &self,
        kind: crate::store::commands::OrgKind,
        text: &str,
    ) -> Result<i64, crate::store::commands::Refusal> {
        if text.contains('/') {
            return Ok(super::commands::org_resolve(&self.conn, kind, text)?.id);
        }
        let key = self.org_key(kind, text)?;
        Ok(match key.strip_prefix('#').and_then(|n| n.parse().ok()) {
            Some(id) => id,
            // An item's key is its code.
            None => super::commands::org_resolve(&self.conn, kind, &key)?.id,
        })
    }

    /// The text that names exactly the one row `text` names, for a command-line option that
    /// takes a post, community, depot or item (`#7`; an item's code): by name, a part of it,
    /// pinyin initials, code or `#id`, exact forms first (see `store::pick`); `parent/name`
    /// as the organisation commands read it. None or several: refused, the candidates listed.
    pub fn org_key(
        &self,
        kind: crate::store::commands::OrgKind,
        text: &str,
    ) -> Result<String, crate::store::commands::Refusal> {
        use super::commands::{OrgKind, OrgRefusal, Refusal};
        use super::pick::{Detail, PickKind, Resolved, resolve};
        if text.contains('/') {
            let id = super::commands::org_resolve(&self.conn, kind, text)?.id;
            return Ok(format!("#{id}"));
        }
        match resolve(&self.conn, PickKind::Org(kind), text, 0, false)? {
            Resolved::One(c) => Ok(c.key()),
            // Said as the commands themselves say it.
            Resolved::None => Err(match kind {
                OrgKind::Item => Refusal::UnknownItem(text.trim().to_string()),
                OrgKind::Depot => Refusal::UnknownDepot(text.trim().to_string()),
                OrgKind::Community => Refusal::UnknownCommunity(text.trim().to_string()),
                _ => Refusal::Org(OrgRefusal::Unknown {
                    kind,
                    text: text.trim().to_string(),
                }),
            }),
            Resolved::Many { choices, .. } => Err(Refusal::Org(OrgRefusal::Ambiguous {
                kind,
                text: text.trim().to_string(),
                candidates: choices
                    .iter()
                    .map(|c| {
                        let parent = match &c.detail {
                            Detail::Post { community, .. } => Some(community.as_str()),
                            Detail::Community { street, .. } => Some(street.as_str()),
                            Detail::Depot { post, .. } => post.as_deref(),
                            _ => None,
                        };
                        match (&c.detail, parent) {
                            (Detail::Item { code, .. }, _) => {
                                format!("{code} {} #{}", c.name, c.id)
                            }
                            (_, Some(p)) => format!("{p}/{} #{}", c.name, c.id),
                            (_, None) => format!("{} #{}", c.name, c.id),
                        }
                    })
                    .collect(),
            })),
        }
    }
}

/// The organisation as its workbook holds it: per kind (the import's sheets, in order), each
/// open row's cells in the import's columns (`import::org::columns`). A parent is its name, or
/// its path (`街道/社区`, `街道/社区/点位`) where the name alone is shared; a post's kind is the
/// Chinese word the template offers. Closed rows are left out: importing the workbook into
/// another database gives the open organisation, which is what a post works with.
pub type OrgSheets = Vec<(crate::domain::org::OrgKind, Vec<Vec<String>>)>;

impl Store {
    pub fn org_workbook(&self) -> Result<OrgSheets> {
        use crate::domain::org::{OrgKind, POST_KINDS};
        let c = &self.conn;
        let rows = |sql: &str, n: usize| -> Result<Vec<Vec<String>>> {
            let mut st = c.prepare(sql)?;
            let out = st
                .query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            Ok(match r.get_ref(i)? {
                                rusqlite::types::ValueRef::Null => String::new(),
                                rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                                v => v.as_str().map(str::to_string).unwrap_or_default(),
                            })
                        })
                        .collect::<crate::store::db::Result<Vec<String>>>()
                })?
                .collect::<crate::store::db::Result<_>>()?;
            Ok(out)
        };
        // A community by its name, or street/name where another open community shares it.
        const COMMUNITY: &str = "CASE WHEN (SELECT count(*) FROM communities o
              WHERE o.name = c.name AND o.closed_at IS NULL) > 1
            THEN s.name || '/' || c.name ELSE c.name END";
        let mut posts = rows(
            &format!(
                "SELECT p.name, p.kind, {COMMUNITY}, p.required_per_shift, p.shift_pattern
                 FROM posts p JOIN communities c ON c.id = p.community_id
                 JOIN streets s ON s.id = c.street_id
                 WHERE p.closed_at IS NULL ORDER BY p.id"
            ),
            5,
        )?;
        for r in &mut posts {
            if let Some((_, zh)) = POST_KINDS.iter().find(|(code, _)| *code == r[1]) {
                r[1] = (*zh).to_string();
            }
        }
        Ok(vec![
            (
                OrgKind::Street,
                rows(
                    "SELECT name FROM streets WHERE closed_at IS NULL ORDER BY id",
                    1,
                )?,
            ),
            (
                OrgKind::Community,
                rows(
                    "SELECT c.name, s.name FROM communities c JOIN streets s ON s.id = c.street_id
                     WHERE c.closed_at IS NULL ORDER BY c.id",
                    2,
                )?,
            ),
            (OrgKind::Post, posts),
            (
                OrgKind::Depot,
                rows(
                    "SELECT d.name, CASE WHEN p.id IS NULL THEN ''
                           WHEN (SELECT count(*) FROM posts o WHERE o.name = p.name
                                 AND o.closed_at IS NULL) > 1
                           THEN s.name || '/' || c.name || '/' || p.name ELSE p.name END
                         FROM depots d LEFT JOIN posts p ON p.id = d.post_id
                         LEFT JOIN communities c ON c.id = p.community_id
                         LEFT JOIN streets s ON s.id = c.street_id
                         WHERE d.closed_at IS NULL ORDER BY d.id",
                    2,
                )?,
            ),
            (
                OrgKind::Item,
                rows(
                    "SELECT code, name_zh, name_en, unit_zh, unit_en, reorder_level
                     FROM supply_items WHERE closed_at IS NULL ORDER BY id",
                    6,
                )?,
            ),
        ])
    }
}
