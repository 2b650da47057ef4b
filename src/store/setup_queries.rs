//! Reads of the Setup screen (基础设置) and the first-run checklist: the organisation's rows of
//! one kind, open ones first and closed ones at the end, with what tells them apart; and the
//! counts the checklist's steps are judged by.

use super::Store;
use super::queries::{Page, Window};
use crate::store::db::params;
use anyhow::Result;

/// The kinds the Setup screen lists, one tab each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum OrgList {
    #[default]
    Streets,
    Communities,
    Posts,
    Depots,
    Items,
    /// The medical workers following up each community (an assignment a row).
    Medics,
}

impl OrgList {
    pub const ALL: [OrgList; 6] = [
        OrgList::Streets,
        OrgList::Communities,
        OrgList::Posts,
        OrgList::Depots,
        OrgList::Items,
        OrgList::Medics,
    ];

    /// The organisation kind its rows are (medics are assignments, not an organisation kind).
    pub fn kind(self) -> Option<crate::store::commands::OrgKind> {
        use crate::store::commands::OrgKind as K;
        Some(match self {
            OrgList::Streets => K::Street,
            OrgList::Communities => K::Community,
            OrgList::Posts => K::Post,
            OrgList::Depots => K::Depot,
            OrgList::Items => K::Item,
            OrgList::Medics => return None,
        })
    }

    /// The rows of this kind, as (id, name, parent, kind, headcount, pattern, code, name_en,
    /// unit, reorder, count, person, path, closed).
    fn sql(self) -> &'static str {
        match self {
            OrgList::Streets => {
                "SELECT s.id, s.name, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                        (SELECT count(*) FROM communities c WHERE c.street_id = s.id AND c.closed_at IS NULL),
                        NULL, NULL, s.closed_at IS NOT NULL AS closed
                 FROM streets s"
            }
            OrgList::Communities => {
                "SELECT c.id, c.name, s.name, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                        (SELECT count(*) FROM posts p WHERE p.community_id = c.id AND p.closed_at IS NULL),
                        NULL, s.name, c.closed_at IS NOT NULL AS closed
                 FROM communities c JOIN streets s ON s.id = c.street_id"
            }
            OrgList::Posts => {
                "SELECT p.id, p.name, c.name, p.kind, p.required_per_shift, p.shift_pattern, NULL, NULL, NULL, NULL,
                        (SELECT count(*) FROM shifts a INDEXED BY shifts_active_post
                          WHERE a.post_id = p.id AND a.status = 'active'),
                        NULL, s.name || '/' || c.name, p.closed_at IS NOT NULL AS closed
                 FROM posts p JOIN communities c ON c.id = p.community_id JOIN streets s ON s.id = c.street_id"
            }
            OrgList::Depots => {
                "SELECT d.id, d.name, p.name, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                        coalesce(k.n, 0), NULL, s.name || '/' || c.name || '/' || p.name, d.closed_at IS NOT NULL AS closed
                 FROM depots d LEFT JOIN posts p ON p.id = d.post_id
                 LEFT JOIN communities c ON c.id = p.community_id LEFT JOIN streets s ON s.id = c.street_id
                 LEFT JOIN (SELECT depot_id, count(*) AS n FROM stock WHERE on_hand > 0
                            GROUP BY depot_id) k ON k.depot_id = d.id"
            }
            OrgList::Items => {
                "SELECT i.id, i.name_zh, NULL, NULL, NULL, NULL, i.code, i.name_en, i.unit_zh, i.reorder_level,
                        (SELECT coalesce(sum(k.on_hand), 0) FROM stock k WHERE k.item_id = i.id),
                        NULL, NULL, i.closed_at IS NOT NULL AS closed
                 FROM supply_items i"
            }
            OrgList::Medics => {
                "SELECT m.id, pe.name, c.name, NULL, NULL, NULL, pe.staff_code, NULL, NULL, NULL,
                        m.community_id, m.person_id, NULL, m.until IS NOT NULL AS closed
                 FROM medical_assignments m JOIN people pe ON pe.id = m.person_id
                 JOIN communities c ON c.id = m.community_id"
            }
        }
    }
}

/// One row of the Setup screen. Which fields are set depends on the tab.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OrgRow {
    pub id: i64,
    pub name: String,
    /// A community's street, a post's community, a depot's post (none: the command-post
    /// store), a medic's community.
    pub parent: Option<String>,
    /// A post's kind (stored value).
    pub kind: Option<String>,
    pub headcount: Option<i64>,
    pub pattern: Option<String>,
    /// An item's code; a medic's staff code.
    pub code: Option<String>,
    pub name_en: Option<String>,
    pub unit: Option<String>,
    pub reorder: Option<i64>,
    /// Open communities of a street, open posts of a community, people on duty at a post,
    /// items a depot holds, an item's stock on hand; a medic's community id.
    pub count: i64,
    /// A medic's person id.
    pub person: Option<i64>,
    /// The parent as the executor reads it without doubt (`街道/社区`, `街道/社区/点位`): what
    /// an edit form starts with, as a parent's name may be shared.
    pub path: Option<String>,
    pub closed: bool,
}

impl Store {
    /// The rows of one Setup tab in window `w`: open first, closed at the end, each in the
    /// order they were added. The filter matches the name, parent and code.
    pub fn org_rows(&self, list: OrgList, w: &Window) -> Result<Page<OrgRow>> {
        let base = format!(
            "{} WHERE ?1 = '%%' OR name LIKE ?1 ESCAPE '\\' OR coalesce(parent, '') LIKE ?1 ESCAPE '\\'
                OR coalesce(code, '') LIKE ?1 ESCAPE '\\'",
            named(list.sql())
        );
        let like = w.like();
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM ({base}) AS b"),
            [&like],
            |r| r.get(0),
        )?;
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT id, name, parent, kind, headcount, pattern, code, name_en, unit, reorder, count, person, path, closed
             FROM ({base}) AS b ORDER BY closed, id LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = st
            .query_map(params![like, w.lim(), w.offset as i64], |r| {
                Ok(OrgRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    parent: r.get(2)?,
                    kind: r.get(3)?,
                    headcount: r.get(4)?,
                    pattern: r.get(5)?,
                    code: r.get(6)?,
                    name_en: r.get(7)?,
                    unit: r.get(8)?,
                    reorder: r.get(9)?,
                    count: r.get(10)?,
                    person: r.get(11)?,
                    path: r.get(12)?,
                    closed: r.get(13)?,
                })
            })?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(Page {
            rows,
            total: total as usize,
        })
    }

    /// What the first-run checklist judges its steps by.
    /// The checklist's counts. A post is planned when a slot from yesterday on holds a shift
    /// that is not cancelled: read from the kept slot counts (a range of their key), not from
    /// the shifts themselves (20 ms at city size).
    pub fn first_run(&self, now: crate::domain::Ts) -> Result<FirstRunCounts> {
        let day_start = now - now.rem_euclid(86_400) - 86_400;
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM streets WHERE closed_at IS NULL),
                    (SELECT count(*) FROM communities WHERE closed_at IS NULL),
                    (SELECT count(*) FROM posts WHERE closed_at IS NULL),
                    (SELECT count(*) FROM (SELECT 1 FROM people WHERE retired_at IS NULL LIMIT 1) AS p),
                    (SELECT count(*) FROM posts p WHERE p.closed_at IS NULL AND p.id NOT IN
                        (SELECT post_id FROM slot_counts WHERE planned_start >= ?1 AND assigned > 0)),
                    (SELECT count(*) FROM supply_items i WHERE i.closed_at IS NULL),
                    (SELECT count(*) FROM supply_items i WHERE i.closed_at IS NULL AND NOT EXISTS
                        (SELECT 1 FROM stock k WHERE k.item_id = i.id AND k.on_hand > 0))",
            [day_start],
            |r| {
                Ok(FirstRunCounts {
                    streets: r.get(0)?,
                    communities: r.get(1)?,
                    posts: r.get(2)?,
                    people: r.get(3)?,
                    posts_unplanned: r.get(4)?,
                    items: r.get(5)?,
                    items_unstocked: r.get(6)?,
                })
            },
        )?)
    }
}

/// The sub-select with its columns named.
fn named(sql: &str) -> String {
    // The fourteen columns of every tab's select, in order.
    let names = [
        "id",
        "name",
        "parent",
        "kind",
        "headcount",
        "pattern",
        "code",
        "name_en",
        "unit",
        "reorder",
        "count",
        "person",
        "path",
        "closed",
    ];
    let cols = names.join(", ");
    format!("WITH t({cols}) AS ({sql}) SELECT * FROM t")
}

/// Open streets, communities, posts; whether anyone is on the roster (1 or 0: a city's roster
/// is not counted on every start); open posts with no shift starting from yesterday on (one
/// range of the `shifts_day` index); open items, and those with no stock anywhere.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct FirstRunCounts {
    pub streets: i64,
    pub communities: i64,
    pub posts: i64,
    pub people: i64,
    pub posts_unplanned: i64,
    pub items: i64,
    pub items_unstocked: i64,
}
