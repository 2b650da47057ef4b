//! Demo data for shifts, rest and call-up: the compensatory-leave ledger (rest days that were worked, and
//! compensatory rest taken), rest days that do not overlap shifts, required headcounts that
//! leave some slots short and some over, residents converted on the spot (就地转化) and dual
//! registration (双报到). Deterministic: its own generator, seeded from the demo's seed.

use super::DemoSpec;
use crate::domain::Ts;
use crate::domain::time::{day_start, local_day};
use crate::store::StoreConfig;
use crate::store::db::{Connection, OptionalExtension, Transaction, params};
use anyhow::Result;
use fake::Fake;
use fake::faker::name::raw::Name;
use fake::locales::ZH_CN;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// After the bulk load, its indexes and the kept values' recount: this area's demo rows.
pub fn after_load(conn: &mut Connection, spec: &DemoSpec, cfg: &StoreConfig) -> Result<()> {
    let tx = conn.transaction()?;
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed ^ 0x5348_4946_5453);
    settle_rest_days(&tx, spec.now)?;
    worked_rest_days(&tx, &mut rng, spec, cfg)?;
    required_headcounts(&tx, spec.now, cfg)?;
    converted_residents(&tx, &mut rng, spec)?;
    tx.commit()?;
    Ok(())
}

fn ledger(
    tx: &Transaction,
    person: i64,
    at: Ts,
    minutes: i64,
    kind: &str,
    rest: Option<i64>,
    note: &str,
) -> Result<()> {
    if minutes != 0 {
        tx.execute(
            "INSERT INTO comp_ledger(person_id, at, minutes, kind, rest_id, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![person, at, minutes, kind, rest, note],
        ).map_err(|e| anyhow::anyhow!("{e} {person} {at} {minutes} {kind}"))?;
    }
    Ok(())
}

/// The generator's rest days cover whole days without looking at the shifts. Make them what
/// the console would have made: a rest starts after a night shift that runs into it; a rest
/// day that was worked ends when duty began and is owed (补休); planned shifts inside a rest
/// are cancelled (the gaps the schedule shows); compensatory rest is taken from hours owed.
fn settle_rest_days(tx: &Transaction, now: Ts) -> Result<()> {
    let rests: Vec<(i64, i64, String, Ts, Ts)> = tx
        .prepare("SELECT id, person_id, kind, start_at, end_at FROM rest_periods WHERE kind <> 'forced' ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<crate::store::db::Result<_>>()?;
    for (id, person, kind, mut start, end) in rests {
        // A shift that began before the rest and runs into it: the rest starts at its end.
        let tail: Option<Ts> = tx
            .query_row(
                "SELECT max(CASE status WHEN 'active' THEN max(planned_end, ?3) ELSE coalesce(actual_end, planned_end) END)
                 FROM shifts WHERE person_id = ?1 AND status IN ('planned','active','done')
                   AND planned_start < ?2 AND planned_start > ?2 - 86400 AND coalesce(actual_start, planned_start) < ?2",
                params![person, start, now],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        if let Some(t) = tail.filter(|t| *t > start) {
            start = t.min(end);
        }
        let worked: Option<Ts> = tx
            .query_row(
                "SELECT min(actual_start) FROM shifts WHERE person_id = ?1 AND status IN ('active','done')
                   AND actual_start >= ?2 AND actual_start < ?3",
                params![person, start, end],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let new_end = worked.unwrap_or(end);
        tx.execute(
            "UPDATE rest_periods SET start_at = ?2, end_at = ?3 WHERE id = ?1",
            params![id, start, new_end],
        )?;
        tx.execute(
            "UPDATE shifts SET status = 'cancelled' WHERE person_id = ?1 AND status = 'planned'
               AND planned_start < ?3 AND planned_end > ?2",
            params![person, start, new_end],
        )?;
        if kind == "compensatory" {
            ledger(
                tx,
                person,
                start - 10 * 86_400,
                1440,
                "adjust",
                None,
                "五一假期值守未休",
            )?;
            ledger(
                tx,
                person,
                start,
                -((new_end - start) / 60),
                "taken",
                Some(id),
                "",
            )?;
        } else if let Some(w) = worked {
            ledger(
                tx,
                person,
                w,
                (end - w) / 60,
                "worked_rest",
                Some(id),
                &kind,
            )?;
        }
    }
    Ok(())
}

/// Some people worked a rest day in the last two weeks: a rotation rest day cut short where
/// duty began, owed as compensatory leave; some have taken part of it back on a free day.
fn worked_rest_days(
    tx: &Transaction,
    rng: &mut ChaCha8Rng,
    spec: &DemoSpec,
    cfg: &StoreConfig,
) -> Result<()> {
    let tz = cfg.tz;
    let today = local_day(spec.now, tz);
    let people: i64 = tx.query_row("SELECT count(*) FROM people", [], |r| r.get(0))?;
    let mut pick_shift = tx.prepare(
        "SELECT id, actual_start FROM shifts WHERE person_id = ?1 AND status = 'done'
           AND planned_start >= ?2 AND planned_start < ?3 ORDER BY planned_start LIMIT 1",
    )?;
    let mut prev_end = tx.prepare(
        "SELECT max(actual_end) FROM shifts WHERE person_id = ?1 AND status = 'done' AND actual_end > ?2 AND actual_start < ?2",
    )?;
    let mut busy_day = tx.prepare(
        "SELECT 1 FROM shifts WHERE person_id = ?1 AND status <> 'cancelled' AND planned_start < ?3 AND planned_end > ?2 - 3600
         UNION ALL SELECT 1 FROM rest_periods WHERE person_id = ?1 AND start_at < ?3 AND end_at > ?2 LIMIT 1",
    )?;
    for person in 1..=people {
        if !rng.random_bool(0.06) {
            continue;
        }
        let d = today - rng.random_range(3..=13);
        let (d0, d1) = (day_start(d, tz), day_start(d + 1, tz));
        let Some((_, worked_at)) = pick_shift
            .query_row(params![person, d0, d1], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Ts>(1)?))
            })
            .optional()?
        else {
            continue;
        };
        let start = prev_end
            .query_row(params![person, d0], |r| r.get::<_, Option<Ts>>(0))?
            .unwrap_or(d0)
            .max(d0);
        if worked_at <= start {
            continue;
        }
        let kind = if rng.random_bool(0.7) {
            "rotation"
        } else {
            "swapped"
        };
        tx.execute(
            "INSERT INTO rest_periods(person_id, kind, start_at, end_at, reason) VALUES (?1, ?2, ?3, ?4, '')",
            params![person, kind, start, worked_at],
        )?;
        let rest = tx.last_insert_rowid()?;
        let owed = (d1 - worked_at) / 60;
        ledger(tx, person, worked_at, owed, "worked_rest", Some(rest), kind)?;
        // Part of it taken back on a free day since.
        if rng.random_bool(0.35) {
            for back in d + 1..today {
                let (b0, b1) = (day_start(back, tz), day_start(back + 1, tz));
                if busy_day.exists(params![person, b0, b1])? {
                    continue;
                }
                let len = (owed / 60).min(8) * 3600;
                if len == 0 {
                    break;
                }
                tx.execute(
                    "INSERT INTO rest_periods(person_id, kind, start_at, end_at, reason) VALUES (?1, 'compensatory', ?2, ?3, '补休')",
                    params![person, b0 + 8 * 3600, b0 + 8 * 3600 + len],
                )?;
                let id = tx.last_insert_rowid()?;
                ledger(
                    tx,
                    person,
                    b0 + 8 * 3600,
                    -(len / 60),
                    "taken",
                    Some(id),
                    "补休",
                )?;
                break;
            }
        }
    }
    Ok(())
}

/// Each post needs about as many people per shift as its usual slot holds today, so that
/// some slots are short and some over, as on a real day.
fn required_headcounts(tx: &Transaction, now: Ts, cfg: &StoreConfig) -> Result<()> {
    let d = local_day(now, cfg.tz);
    let mut sizes: std::collections::BTreeMap<i64, Vec<i64>> = Default::default();
    let mut st = tx.prepare(
        "SELECT post_id, count(*) FROM shifts WHERE planned_start >= ?1 AND planned_start < ?2
           AND status <> 'cancelled' GROUP BY post_id, planned_start",
    )?;
    for r in st.query_map(
        params![day_start(d, cfg.tz), day_start(d + 1, cfg.tz)],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
    )? {
        let (post, n) = r?;
        sizes.entry(post).or_default().push(n);
    }
    for (post, mut v) in sizes {
        v.sort_unstable();
        // The upper median: most slots are full or one short; the thin ones stand out.
        let req = v[v.len() / 2].max(1);
        tx.execute(
            "UPDATE posts SET required_per_shift = ?2 WHERE id = ?1 AND kind <> 'command'",
            params![post, req],
        )?;
    }
    Ok(())
}

/// Residents of sealed zones added on the spot as community staff (就地转化), most of them
/// party members registered with their residence community (双报到); and dual registration
/// noted for some of the party members already on the roster.
fn converted_residents(tx: &Transaction, rng: &mut ChaCha8Rng, spec: &DemoSpec) -> Result<()> {
    let sealed: Vec<i64> = tx
        .prepare("SELECT community_id FROM posts WHERE kind = 'sealed' ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<crate::store::db::Result<_>>()?;
    let next: i64 = tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM people", [], |r| {
        r.get(0)
    })?;
    let n = (spec.people / 100).clamp(3, 500) as i64;
    const UNITS: [&str; 5] = [
        "荔湾区税务局",
        "广州供电局",
        "中国移动荔湾分公司",
        "荔湾区法院",
        "广州市第一中学",
    ];
    for k in 0..n {
        let id = next + k;
        let Some(community) = sealed
            .get(rng.random_range(0..sealed.len().max(1)))
            .copied()
        else {
            break;
        };
        let name: String = Name(ZH_CN).fake_with_rng(rng);
        let member = rng.random_bool(0.75);
        tx.execute(
            "INSERT INTO people(id, staff_code, name, category, source_unit, community_id, party_status, phone,
                                note, dual_registered, converted_at)
             VALUES (?1, ?2, ?3, 'community', ?4, ?5, ?6, ?7, '封控区居民，就地转化为社区工作人员', ?8, ?9)",
            params![
                id,
                format!("FL{id:06}"),
                name,
                UNITS[rng.random_range(0..UNITS.len())],
                community,
                if member { "member" } else { "none" },
                format!("13{:09}", rng.random_range(0..1_000_000_000u64)),
                member as i64,
                spec.now - rng.random_range(1..=72) * 3600
            ],
        )?;
    }
    let members: Vec<i64> = tx
        .prepare("SELECT id FROM people WHERE party_status = 'member' AND category IN ('cadre','medical') ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<crate::store::db::Result<_>>()?;
    let mut up = tx.prepare("UPDATE people SET dual_registered = 1 WHERE id = ?1")?;
    for id in members {
        if rng.random_bool(0.4) {
            up.execute([id])?;
        }
    }
    Ok(())
}
