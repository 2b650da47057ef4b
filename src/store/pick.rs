//! What a user types in a "who / where / what" field, and every row it may mean, with what
//! tells them apart. One lookup per kind — person, post, community, depot, item, street — used
//! by the console's pickers and by `frontline do` options.
//!
//! A text matches a row by: `#id`; a code (staff code, item code); the name (a substring); the
//! pinyin initials of the name (`dbx` for 多宝西); for people, the tail of the phone (4 or more
//! digits). Bare digits are also tried as an id. Closed rows and retired people are offered
//! only when `open_only` is false (editing or closing them). More than one match is a choice
//! for the user, never a guess.
//!
//! People are many (100 000 at city size): their initials and reversed phone digits are stored
//! and indexed (`migrations/0015_pick.sql`), filled here by `fill_people` (SQL knows no pinyin).
//! The organisation's tables are small: they are read whole and matched in Rust.

use super::person_ref::{Candidate, id_form, lookup as person_lookup};
use crate::domain::Ts;
use crate::domain::org::OrgKind;
use crate::domain::text::{initials, phone_reversed};
use crate::store::db::{Connection, params};
use serde::Serialize;

/// At most this many choices are listed; the total says how many there were.
pub const MAX_CHOICES: usize = 8;

/// Fewer digits than this are not taken as a phone tail.
pub const PHONE_TAIL: usize = 4;

/// What a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PickKind {
    Person,
    Org(OrgKind),
}

impl PickKind {
    pub const POST: PickKind = PickKind::Org(OrgKind::Post);
    pub const COMMUNITY: PickKind = PickKind::Org(OrgKind::Community);
    pub const DEPOT: PickKind = PickKind::Org(OrgKind::Depot);
    pub const ITEM: PickKind = PickKind::Org(OrgKind::Item);
    pub const STREET: PickKind = PickKind::Org(OrgKind::Street);
}

/// One row a text may mean.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    pub id: i64,
    /// The name the field shows once picked (an item's Chinese name).
    pub name: String,
    pub detail: Detail,
}

/// What tells rows of one name apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Detail {
    Person(Candidate),
    Post {
        /// sampling, checkpoint, sealed, command or other (stored value).
        post_kind: String,
        community: String,
        closed: bool,
    },
    Community {
        street: String,
        closed: bool,
    },
    Depot {
        /// The post whose cabinet it is; `None`: the command-post store.
        post: Option<String>,
        closed: bool,
    },
    Item {
        code: String,
        name_en: String,
        unit_zh: String,
        unit_en: String,
        closed: bool,
    },
    Street {
        closed: bool,
    },
}

impl Choice {
    pub fn closed(&self) -> bool {
        match &self.detail {
            Detail::Person(c) => c.state == "retired",
            Detail::Post { closed, .. }
            | Detail::Community { closed, .. }
            | Detail::Depot { closed, .. }
            | Detail::Item { closed, .. }
            | Detail::Street { closed } => *closed,
        }
    }

    /// The text that names this row exactly, for a command (`#42`; an item by its code).
    pub fn key(&self) -> String {
        match &self.detail {
            Detail::Item { code, .. } => code.clone(),
            _ => id_form(self.id),
        }
    }
}

/// How well a text matches (lower is better): exact forms first.
fn rank(t: &str, name: &str, codes: &[&str]) -> Option<u8> {
    let lower = t.to_lowercase();
    if name == t || codes.iter().any(|c| c.eq_ignore_ascii_case(t)) {
        return Some(0);
    }
    if name.starts_with(t) {
        return Some(1);
    }
    let ini = initials(name);
    if !lower.is_empty() && lower.is_ascii() && ini.starts_with(&lower) {
        return Some(2);
    }
    if codes
        .iter()
        .any(|c| !c.is_empty() && c.to_lowercase().starts_with(&lower))
    {
        return Some(2);
    }
    if name.contains(t) || name.to_lowercase().contains(&lower) {
        return Some(3);
    }
    if lower.is_ascii() && lower.len() >= 2 && ini.contains(&lower) {
        return Some(4);
    }
    None
}

/// Every row of `kind` that `text` may mean, best first: at most `limit`, and how many.
pub fn pick(
    conn: &Connection,
    kind: PickKind,
    text: &str,
    now: Ts,
    open_only: bool,
    limit: usize,
) -> crate::store::db::Result<(Vec<Choice>, usize)> {
    let t = text.trim();
    if t.is_empty() {
        return Ok((Vec::new(), 0));
    }
    match kind {
        PickKind::Person => pick_people(conn, t, now, open_only, limit),
        PickKind::Org(k) => pick_org(conn, k, t, open_only, limit),
    }
}

fn pick_org(
    conn: &Connection,
    kind: OrgKind,
    t: &str,
    open_only: bool,
    limit: usize,
) -> crate::store::db::Result<(Vec<Choice>, usize)> {
    let id_only = t
        .strip_prefix('#')
        .map(|n| n.trim().parse::<i64>().unwrap_or(-1));
    let bare_id = t.parse::<i64>().ok();
    let sql = match kind {
        OrgKind::Post => {
            "SELECT p.id, p.name, p.kind, c.name, NULL, NULL, p.closed_at IS NOT NULL
             FROM posts p JOIN communities c ON c.id = p.community_id"
        }
        OrgKind::Community => {
            "SELECT c.id, c.name, s.name, NULL, NULL, NULL, c.closed_at IS NOT NULL
             FROM communities c JOIN streets s ON s.id = c.street_id"
        }
        OrgKind::Depot => {
            "SELECT d.id, d.name, p.name, NULL, NULL, NULL, d.closed_at IS NOT NULL
             FROM depots d LEFT JOIN posts p ON p.id = d.post_id"
        }
        OrgKind::Item => {
            "SELECT id, name_zh, code, name_en, unit_zh, unit_en, closed_at IS NOT NULL
             FROM supply_items"
        }
        OrgKind::Street => {
            "SELECT id, name, NULL, NULL, NULL, NULL, closed_at IS NOT NULL FROM streets"
        }
    };
    let mut st = conn.prepare_cached(sql)?;
    let mut rows = st.query_map([], |r| {
        let id: i64 = r.get(0)?;
        let name: String = r.get(1)?;
        let a: Option<String> = r.get(2)?;
        let b: Option<String> = r.get(3)?;
        let closed: bool = r.get(6)?;
        let detail = match kind {
            OrgKind::Post => Detail::Post {
                post_kind: a.unwrap_or_default(),
                community: b.unwrap_or_default(),
                closed,
            },
            OrgKind::Community => Detail::Community {
                street: a.unwrap_or_default(),
                closed,
            },
            OrgKind::Depot => Detail::Depot { post: a, closed },
            OrgKind::Item => Detail::Item {
                code: a.unwrap_or_default(),
                name_en: b.unwrap_or_default(),
                unit_zh: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                unit_en: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                closed,
            },
            OrgKind::Street => Detail::Street { closed },
        };
        Ok(Choice { id, name, detail })
    })?;
    let mut found: Vec<(u8, Choice)> = Vec::new();
    for c in &mut rows {
        let c = c?;
        if open_only && c.closed() {
            continue;
        }
        let r = match id_only {
            Some(id) => (c.id == id).then_some(0),
            None => {
                let codes: Vec<&str> = match &c.detail {
                    Detail::Item { code, name_en, .. } => vec![code.as_str(), name_en.as_str()],
                    _ => vec![],
                };
                rank(t, &c.name, &codes)
                    .or_else(|| (bare_id == Some(c.id)).then_some(5))
                    .or_else(|| match &c.detail {
                        Detail::Item { name_en, .. } => name_en
                            .to_lowercase()
                            .contains(&t.to_lowercase())
                            .then_some(3),
                        _ => None,
                    })
            }
        };
        if let Some(r) = r {
            found.push((r, c));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
    let total = found.len();
    Ok((
        found.into_iter().take(limit).map(|(_, c)| c).collect(),
        total,
    ))
}

/// The smallest text above every text that starts with `prefix` (an index range's end).
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

fn pick_people(
    conn: &Connection,
    t: &str,
    now: Ts,
    open_only: bool,
    limit: usize,
) -> crate::store::db::Result<(Vec<Choice>, usize)> {
    // Ids first, each from an index, best kinds of match first; then the rows.
    let mut ids: Vec<i64> = Vec::new();
    let mut push = |v: Vec<i64>| {
        for id in v {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    };
    // Enough ids to count "many" without reading a city: the count is capped here.
    const CAP: i64 = 500;
    let q = |sql: &str, p: &[&dyn crate::store::db::ToSql]| -> crate::store::db::Result<Vec<i64>> {
        conn.prepare_cached(sql)?
            .query_map(p, |r| r.get(0))?
            .collect()
    };
    let live = if open_only {
        " AND retired_at IS NULL"
    } else {
        ""
    };
    if let Some(n) = t.strip_prefix('#') {
        if let Ok(id) = n.trim().parse::<i64>() {
            push(q(
                &format!("SELECT id FROM people WHERE id = ?1{live}"),
                &[&id],
            )?);
        }
    } else {
        let lower = t.to_lowercase();
        push(q(
            &format!(
                "SELECT id FROM people WHERE (staff_code = ?1 OR name = ?1){live} ORDER BY id LIMIT {CAP}"
            ),
            &[&t],
        )?);
        if t.chars().all(|c| c.is_ascii_digit()) {
            if let Ok(id) = t.parse::<i64>() {
                push(q(
                    &format!("SELECT id FROM people WHERE id = ?1{live}"),
                    &[&id],
                )?);
            }
            if t.len() >= PHONE_TAIL {
                let rev: String = t.chars().rev().collect();
                push(q(
                    &format!(
                        "SELECT id FROM people WHERE phone_reversed >= ?1 AND phone_reversed < ?2{live} ORDER BY id LIMIT {CAP}"
                    ),
                    &[&rev, &prefix_end(&rev)],
                )?);
            }
        }
        push(q(
            &format!(
                "SELECT id FROM people WHERE name >= ?1 AND name < ?2{live} ORDER BY name, id LIMIT {CAP}"
            ),
            &[&t, &prefix_end(t)],
        )?);
        if lower.chars().all(|c| c.is_ascii_alphanumeric()) {
            push(q(
                &format!(
                    "SELECT id FROM people WHERE name_initials >= ?1 AND name_initials < ?2{live} ORDER BY name_initials, id LIMIT {CAP}"
                ),
                &[&lower, &prefix_end(&lower)],
            )?);
        }
        // A staff code's start, once it has a digit (`FL0001`; a bare `f` is initials).
        if lower.chars().all(|c| c.is_ascii_alphanumeric()) && t.chars().any(|c| c.is_ascii_digit())
        {
            let up = t.to_uppercase();
            push(q(
                &format!(
                    "SELECT id FROM people WHERE staff_code >= ?1 AND staff_code < ?2{live} ORDER BY staff_code LIMIT {CAP}"
                ),
                &[&up, &prefix_end(&up)],
            )?);
        }
        // A part of a name that is not its start: read the name index whole, no table rows
        // (about 6 ms for 100 000 people); retired people from their own small index.
        if t.chars().count() >= 2 && !t.is_ascii() {
            let live = if open_only {
                " AND id NOT IN (SELECT id FROM people WHERE retired_at IS NOT NULL)"
            } else {
                ""
            };
            push(q(
                &format!(
                    "SELECT id FROM people INDEXED BY people_name WHERE instr(name, ?1) > 1{live} LIMIT {CAP}"
                ),
                &[&t],
            )?);
        }
    }
    let total = ids.len();
    let mut out = Vec::new();
    for id in ids.into_iter().take(limit) {
        if let Some(c) = person_lookup(conn, &id_form(id), now, 1)?.0.pop() {
            out.push(Choice {
                id,
                name: c.name.clone(),
                detail: Detail::Person(c),
            });
        }
    }
    Ok((out, total))
}

/// Fill the initials and reversed phone of every person marked to fill (added, renamed, a new
/// phone, or from before migration 14). Run by the executor before each commit and when the
/// store opens.
pub fn fill_people(conn: &Connection) -> crate::store::db::Result<usize> {
    let todo: Vec<(i64, String, String)> = conn
        .prepare_cached(
            "SELECT id, name, phone FROM people WHERE name_initials IS NULL OR phone_reversed IS NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<crate::store::db::Result<_>>()?;
    let mut st = conn.prepare_cached(
        "UPDATE people SET name_initials = ?2, phone_reversed = ?3 WHERE id = ?1",
    )?;
    for (id, name, phone) in &todo {
        st.execute(params![id, initials(name), phone_reversed(phone)])?;
    }
    Ok(todo.len())
}

/// The one row `text` names for a command: the exact forms (`#id`, a code, the whole name,
/// bare digits as an id) if any row has them, else every match; one is taken, none or several refused (the caller
/// says which, with the candidates).
pub fn resolve(
    conn: &Connection,
    kind: PickKind,
    text: &str,
    now: Ts,
    open_only: bool,
) -> crate::store::db::Result<Resolved> {
    let (rows, _) = pick(conn, kind, text, now, open_only, usize::MAX)?;
    let exact: Vec<&Choice> = rows
        .iter()
        .filter(|c| {
            let t = text.trim();
            c.name == t
                || t.strip_prefix('#').and_then(|n| n.trim().parse().ok()) == Some(c.id)
                // Bare digits name an id too (older scripts), as one more exact candidate.
                || (t.bytes().all(|b| b.is_ascii_digit()) && t.parse().ok() == Some(c.id))
                || match &c.detail {
                    Detail::Item { code, .. } => code.eq_ignore_ascii_case(t),
                    Detail::Person(p) => p.staff_code == t,
                    _ => false,
                }
        })
        .collect();
    let mut set: Vec<Choice> = if exact.is_empty() {
        rows
    } else {
        exact.into_iter().cloned().collect()
    };
    // An open row wins over closed namesakes (a post re-made after closing the old one).
    if set.len() > 1 && set.iter().filter(|c| !c.closed()).count() == 1 {
        set.retain(|c| !c.closed());
    }
    let n = set.len();
    Ok(match set.len() {
        0 => Resolved::None,
        1 => Resolved::One(set.pop().expect("one")),
        _ => {
            set.truncate(MAX_CHOICES);
            Resolved::Many {
                choices: set,
                total: n,
            }
        }
    })
}

/// The one row a text names, or why not.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    One(Choice),
    None,
    Many { choices: Vec<Choice>, total: usize },
}

impl crate::store::Store {
    /// Every row of `kind` that `text` may mean (see the module), at most `limit`, and how
    /// many. `open_only`: not closed posts, not retired people (for new work).
    pub fn pick(
        &self,
        kind: PickKind,
        text: &str,
        now: Ts,
        open_only: bool,
        limit: usize,
    ) -> anyhow::Result<(Vec<Choice>, usize)> {
        Ok(pick(&self.conn, kind, text, now, open_only, limit)?)
    }

    /// The one row `text` names (see `resolve`).
    pub fn resolve_pick(
        &self,
        kind: PickKind,
        text: &str,
        now: Ts,
        open_only: bool,
    ) -> anyhow::Result<Resolved> {
        Ok(resolve(&self.conn, kind, text, now, open_only)?)
    }
}
