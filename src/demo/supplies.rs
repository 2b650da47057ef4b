//! Demo data for supplies and logistics beyond the stock history `demo/mod.rs` writes: a sealed-zone
//! post's own cabinet (a second depot) stocked from the command-post store by transfers, and
//! logistics requests (就餐 住宿 防暑 值夜 交通) in every state. It draws from its own random
//! stream and moves no stock out of the district, so everything else the demo makes — burn
//! rates, days of cover, the home panels — stays as it was.

use super::DemoSpec;
use crate::domain::time::{day_start, local_day};
use crate::domain::{RequestKind, Ts};
use crate::store::db::{Connection, OptionalExtension, params};
use anyhow::Result;
use chrono_tz::Tz;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// Share of the store's stock of an item moved into the cabinet (item code, share, at most).
const CABINET: [(&str, f64, i64); 6] = [
    ("MASK", 0.05, 400),
    ("N95", 0.2, 60),
    ("SUIT", 0.2, 40),
    ("GLOVE", 0.05, 200),
    ("SHIELD", 0.05, 40),
    ("DISINF", 0.1, 20),
];

/// (kind, quantity range, what is asked for).
const REQUESTS: [(RequestKind, (i64, i64), &[&str]); 5] = [
    (
        RequestKind::Meals,
        (12, 80),
        &["午餐盒饭", "夜班宵夜", "清真餐 3 份"],
    ),
    (
        RequestKind::Lodging,
        (2, 16),
        &["就近酒店安排轮休住宿", "外援医务人员驻地床位"],
    ),
    (
        RequestKind::HeatRelief,
        (20, 120),
        &["凉茶、藿香正气水", "冰袋、遮阳伞", "防暑降温药品"],
    ),
    (
        RequestKind::NightDuty,
        (2, 12),
        &["值夜人员照明和饮水", "夜间值守帐篷、折叠床"],
    ),
    (
        RequestKind::Transport,
        (1, 4),
        &["接送下班人员返回驻地", "转运采样箱", "夜班通勤车"],
    ),
];

const ARRANGED: [&str; 4] = [
    "街道食堂配送",
    "区后勤保障组已派车",
    "协调附近酒店",
    "志愿者送达",
];

/// Write the cabinet, its transfers and the requests; fix up the day totals of today and of
/// adjustments (the main generator writes whole past days only). Returns requests written.
pub(crate) fn generate(tx: &Connection, spec: &DemoSpec, tz: Tz) -> Result<usize> {
    let now = spec.now;
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed ^ 0x5u64.rotate_left(40));
    cabinet(tx, now)?;
    day_totals(tx, now, tz)?;

    let posts: Vec<i64> = {
        let mut st = tx.prepare("SELECT id FROM posts WHERE kind <> 'command' ORDER BY id")?;
        st.query_map([], |r| r.get(0))?
            .collect::<crate::store::db::Result<_>>()?
    };
    let n = (spec.people / 40).clamp(6, 60);
    let mut ins = tx.prepare(
        "INSERT INTO logistics_requests(kind, post_id, person_id, quantity, needed_by, note, status,
           opened_at, arranged_at, arrangement, done_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for _ in 0..n {
        let (kind, (lo, hi), notes) = &REQUESTS[rng.random_range(0..REQUESTS.len())];
        let post = posts[rng.random_range(0..posts.len())];
        let person = rng
            .random_bool(0.3)
            .then(|| rng.random_range(1..=spec.people as i64));
        // Needed from six hours ago to two days ahead, on the half hour.
        let needed_by: Ts = (now + rng.random_range(-12..=96) * 1800) / 1800 * 1800;
        let opened = (needed_by - rng.random_range(2..=24) * 3600).min(now - 600);
        let status = if needed_by < now - 3 * 3600 {
            *pick(&mut rng, &["done", "done", "arranged"])
        } else {
            *pick(&mut rng, &["open", "open", "open", "arranged"])
        };
        let arranged_at = (status != "open").then(|| opened + (now - opened) / 3);
        let arrangement = arranged_at.map(|_| *pick(&mut rng, &ARRANGED));
        let done_at = (status == "done").then(|| needed_by.min(now));
        ins.execute(params![
            kind.as_str(),
            post,
            person,
            rng.random_range(*lo..=*hi),
            needed_by,
            *pick(&mut rng, notes),
            status,
            opened,
            arranged_at,
            arrangement,
            done_at
        ])?;
    }
    Ok(n)
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, xs: &'a [T]) -> &'a T {
    &xs[rng.random_range(0..xs.len())]
}

/// A cabinet at the first sealed-zone post, filled from the store an hour before `now`.
fn cabinet(tx: &Connection, now: Ts) -> Result<()> {
    let post: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, name FROM posts WHERE kind = 'sealed' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((post, name)) = post else {
        return Ok(());
    };
    // The cabinet was made with the organisation (`demo::org`), as depot 2 (the store is 1).
    let cabinet: Option<i64> = tx
        .query_row("SELECT id FROM depots WHERE post_id = ?1", [post], |r| {
            r.get(0)
        })
        .optional()?;
    if cabinet != Some(2) {
        anyhow::bail!("the demo's cabinet at {name} is not depot 2");
    }
    let at = now - 3600;
    for (code, share, most) in CABINET {
        let row: Option<(i64, i64)> = tx
            .query_row(
                "SELECT i.id, s.on_hand FROM supply_items i JOIN stock s ON s.item_id = i.id AND s.depot_id = 1
                 WHERE i.code = ?1",
                [code],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((item, on_hand)) = row else {
            continue;
        };
        let q = ((on_hand as f64 * share) as i64).min(most);
        if q <= 0 {
            continue;
        }
        let reason = format!("荔湾区防疫指挥部仓库 → {name}物资柜");
        for (depot, kind, delta) in [(1, "transfer_out", -q), (2, "transfer_in", q)] {
            tx.execute(
                "INSERT INTO stock_movements(item_id, depot_id, kind, quantity, at, post_id, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![item, depot, kind, delta, at, (depot == 1).then_some(post), reason],
            )?;
            // (An upsert would check the negative candidate row against on_hand >= 0.)
            if depot == 1 {
                tx.execute(
                    "UPDATE stock SET on_hand = on_hand + ?3 WHERE item_id = ?1 AND depot_id = ?2",
                    params![item, depot, delta],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO stock(item_id, depot_id, on_hand) VALUES (?1, ?2, ?3)",
                    params![item, depot, delta],
                )?;
            }
        }
    }
    Ok(())
}

/// The day totals the executor would have kept: today's receipts and issues, and every
/// adjustment on its day.
fn day_totals(tx: &Connection, now: Ts, tz: Tz) -> Result<()> {
    let today = local_day(now, tz);
    let mut totals: BTreeMap<(i64, i64), (i64, i64, i64)> = BTreeMap::new();
    {
        let mut st = tx.prepare(
            "SELECT item_id, kind, quantity, at FROM stock_movements
             WHERE kind = 'adjust' OR (at >= ?1 AND kind IN ('receive', 'issue'))",
        )?;
        let rows = st.query_map([day_start(today, tz)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Ts>(3)?,
            ))
        })?;
        for row in rows {
            let (item, kind, q, at) = row?;
            let t = totals.entry((item, local_day(at, tz))).or_default();
            match kind.as_str() {
                "receive" => t.0 += q,
                "issue" => t.1 -= q,
                _ => t.2 += q,
            }
        }
    }
    for ((item, day), (received, issued, adjusted)) in totals {
        if day >= today {
            tx.execute(
                "INSERT OR REPLACE INTO stock_daily(item_id, day, received, issued, adjusted) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![item, day, received, issued, adjusted],
            )?;
        } else {
            tx.execute(
                "INSERT INTO stock_daily(item_id, day, adjusted) VALUES (?1, ?2, ?3)
                 ON CONFLICT(item_id, day) DO UPDATE SET adjusted = excluded.adjusted",
                params![item, day, adjusted],
            )?;
        }
    }
    Ok(())
}
