//! The demo's organisation — streets, communities, posts and the first sealed-zone post's
//! cabinet — imported through the executor as a post's own workbook is (`OrgCommand::Import`,
//! one audit row), so the demo cannot hold an organisation a real post could not make. The
//! catalogue's items and the command-post store are the ones every new database starts with.

use super::DemoSpec;
use super::data::{COMMUNITY_SUFFIX, POST_KINDS, STREETS};
use crate::import::org::{OrgRow, OrgRows};
use crate::store::Store;
use crate::store::commands::{Command, Ctx, OrgCommand, OrgFields, OrgKind};
use anyhow::{Result, anyhow};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;

/// The name of the demo's command-post community and duty room.
pub const HQ_COMMUNITY: &str = "荔湾区防疫指挥部";
pub const HQ_POST: &str = "指挥部值班室";

/// What the rest of the demo needs: the communities (id, name) and the posts (id, community
/// id) in the order they were made, and the command post's community.
pub struct Made {
    pub communities: Vec<(i64, String)>,
    pub posts: Vec<(i64, i64)>,
    pub hq_community: i64,
}

fn row(kind: OrgKind, line: usize, fields: OrgFields) -> OrgRow {
    OrgRow {
        kind,
        sheet: "demo".into(),
        line,
        fields,
    }
}

/// Plan the organisation (the same draws from `rng` as the rows it replaces), import it, and
/// read back the ids it was given.
pub fn make(store: &mut Store, spec: &DemoSpec, rng: &mut ChaCha8Rng) -> Result<Made> {
    let n_posts = (spec.people / 20).clamp(6, STREETS.len() * COMMUNITY_SUFFIX.len() * 2);
    let n_streets = (n_posts / 3).clamp(3, STREETS.len());
    let mut rows = Vec::new();
    // (street, community) in order.
    let mut communities: Vec<(&str, String)> = Vec::new();
    for street in STREETS.iter().take(n_streets) {
        rows.push(row(
            OrgKind::Street,
            rows.len() + 2,
            OrgFields {
                name: Some(street.to_string()),
                ..Default::default()
            },
        ));
        let stem: String = street.chars().take(street.chars().count() - 1).collect();
        for suffix in COMMUNITY_SUFFIX
            .iter()
            .take(rng.random_range(3..=COMMUNITY_SUFFIX.len()))
        {
            communities.push((street, format!("{stem}{suffix}社区")));
        }
    }
    let community = |line: usize, street: &str, name: &str| {
        row(
            OrgKind::Community,
            line,
            OrgFields {
                name: Some(name.to_string()),
                parent: Some(street.to_string()),
                ..Default::default()
            },
        )
    };
    for (street, name) in &communities {
        rows.push(community(rows.len() + 2, street, name));
    }
    rows.push(community(rows.len() + 2, STREETS[0], HQ_COMMUNITY));
    // A real post keeps at most 500 people a shift (`domain::org::headcount`).
    let required = (spec.people as f64 / n_posts as f64 / 3.5)
        .round()
        .clamp(2.0, 500.0) as i64;
    let mut names: HashSet<(usize, String)> = HashSet::new();
    let mut cabinet: Option<String> = None;
    let post = |line: usize, path: String, name: String, kind: &str, required: i64| {
        row(
            OrgKind::Post,
            line,
            OrgFields {
                name: Some(name),
                parent: Some(path),
                kind: Some(kind.to_string()),
                headcount: Some(required.to_string()),
                ..Default::default()
            },
        )
    };
    for k in 0..n_posts {
        let ci = k % communities.len();
        let (street, cname) = &communities[ci];
        let (kind, label) = POST_KINDS[(k / communities.len() + k) % POST_KINDS.len()];
        // Two posts of one kind in one community are told apart by a number.
        let mut name = format!("{cname}{label}");
        let mut n = 2;
        while !names.insert((ci, name.clone())) {
            name = format!("{cname}{label}{n}");
            n += 1;
        }
        let path = format!("{street}/{cname}");
        if kind == "sealed" && cabinet.is_none() {
            cabinet = Some(format!("{path}/{name}"));
        }
        rows.push(post(rows.len() + 2, path, name, kind, required));
    }
    rows.push(post(
        rows.len() + 2,
        format!("{}/{HQ_COMMUNITY}", STREETS[0]),
        HQ_POST.to_string(),
        "command",
        2,
    ));
    // The first sealed-zone post's cabinet (filled by `supplies::cabinet`).
    if let Some(path) = cabinet {
        let name = path.rsplit('/').next().unwrap_or_default();
        rows.push(row(
            OrgKind::Depot,
            rows.len() + 2,
            OrgFields {
                name: Some(format!("{name}物资柜")),
                parent: Some(path.clone()),
                ..Default::default()
            },
        ));
    }
    let cmd = Command::Org(OrgCommand::Import {
        rows: OrgRows { rows },
        skipped: 0,
    });
    let ctx = Ctx {
        operator: "demo".into(),
        now: spec.now,
    };
    store
        .execute(&cmd, &ctx)
        .map_err(|r| anyhow!("the demo's organisation was refused: {r:?}"))?;
    read_back(store)
}

fn read_back(store: &Store) -> Result<Made> {
    let c = &store.conn;
    let hq_community: i64 = c.query_row(
        "SELECT id FROM communities WHERE name = ?1",
        [HQ_COMMUNITY],
        |r| r.get(0),
    )?;
    let communities = c
        .prepare("SELECT id, name FROM communities WHERE id != ?1 ORDER BY id")?
        .query_map([hq_community], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::store::db::Result<Vec<_>>>()?;
    let posts = c
        .prepare("SELECT id, community_id FROM posts WHERE community_id != ?1 ORDER BY id")?
        .query_map([hq_community], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::store::db::Result<Vec<_>>>()?;
    Ok(Made {
        communities,
        posts,
        hq_community,
    })
}
