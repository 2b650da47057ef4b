//! Deterministic synthetic data: Liwan-district streets and communities, posts, people with
//! Chinese names, shift histories in which some people really are overdue for rest, family
//! cases, and stock movements with real burn rates (at least one item low).
//! Same seed + same `now` → the same database. Bulk-loaded in one transaction, indexes after.

pub mod data;
pub mod health;
pub mod org;
pub mod people;
pub mod shifts;
pub mod supplies;

use crate::domain::rules::{Duty, first_breach};
use crate::domain::time::{day_start, local_day};
use crate::domain::{Interval, Ts};
use crate::store::db::params;
use crate::store::{Store, StoreConfig, kept};
use anyhow::{Result, bail};
use data::*;
use fake::Fake;
use fake::faker::name::raw::Name;
use fake::locales::ZH_CN;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct DemoSpec {
    pub people: usize,
    pub days: u32,
    pub seed: u64,
    pub now: Ts,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DemoStats {
    pub people: usize,
    pub posts: usize,
    pub shifts: usize,
    pub on_duty: usize,
    pub overdue: usize,
    pub forced_rest: usize,
    pub cases: usize,
    pub movements: usize,
    pub requests: usize,
    pub seconds: f64,
}

/// Liwan district's 22 streets (荔湾区街道).
fn pick<'a, T>(rng: &mut ChaCha8Rng, xs: &'a [T]) -> &'a T {
    &xs[rng.random_range(0..xs.len())]
}

/// Duty pattern of one person: hours per shift, start hour, days on, days off.
#[derive(Clone, Copy)]
struct Pattern {
    hours: i64,
    start_hour: i64,
    on: i64,
    off: i64,
    offset: i64,
    /// Overloaded people work long and stay late: they are the ones overdue.
    overloaded: bool,
}

/// Fill an empty database at `path` with demo data.
/// Demo data on a server: made in a SQLite file of its own (the bulk load sets triggers aside,
/// which only SQLite's schema allows), then moved there as `frontline migrate` moves a post.
fn generate_on_server(url: &Path, spec: &DemoSpec, cfg: &StoreConfig) -> Result<DemoStats> {
    let dir = tempfile_dir()?;
    let file = dir.join("demo.db");
    let r = (|| {
        let stats = generate(&file, spec, cfg)?;
        let src = Store::open_read(&file, cfg.clone())?;
        crate::store::transfer::copy_to_server(&src, &url.to_string_lossy())?;
        Ok(stats)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    r
}

/// A private folder of its own under the system's temporary folder.
fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "frontline-demo-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    crate::files::private_dir(&dir)?;
    Ok(dir)
}

pub fn generate(path: &Path, spec: &DemoSpec, cfg: &StoreConfig) -> Result<DemoStats> {
    if crate::store::server::is_server(path) {
        return generate_on_server(path, spec, cfg);
    }
    let started = std::time::Instant::now();
    if spec.people == 0 || spec.people > 1_000_000 {
        bail!("--people must be between 1 and 1000000");
    }
    if spec.days == 0 || spec.days > 400 {
        bail!("--days must be between 1 and 400");
    }
    let mut store = Store::open(path, cfg.clone())?;
    let existing: i64 = store
        .conn
        .query_row("SELECT count(*) FROM people", [], |r| r.get(0))?;
    if existing > 0 {
        bail!(
            "{} already holds {existing} people; demo data goes into a new file",
            path.display()
        );
    }
    let tz = cfg.tz;
    let now = spec.now;
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let mut stats = DemoStats {
        people: spec.people,
        ..Default::default()
    };
    // Streets, communities, posts and the cabinet: through the executor (`org::make`).
    let org::Made {
        communities,
        posts,
        hq_community: _,
    } = org::make(&mut store, spec, &mut rng)?;
    let conn = &mut store.conn;
    conn.pragma_update(None, "synchronous", "OFF")?;
    conn.pragma_update(None, "cache_size", -200_000)?;
    // Bulk load without the indexes and the triggers of kept values: the indexes are made
    // again after the load, the kept values recounted and their triggers put back.
    let indexes = kept::set_aside(conn, LOAD_INDEXES)?;
    let sort_indexes = kept::set_aside(conn, people::SORT_INDEXES)?;
    let triggers = kept::set_aside(conn, &kept::trigger_names())?;
    let tx = conn.transaction()?;

    stats.posts = posts.len() + 1;

    // People and their shifts.
    let today = local_day(now, tz);
    let first_day = today - spec.days as i64;
    let mut ins_person = tx.prepare(
        "INSERT INTO people(id, staff_code, name, category, source_unit, community_id, party_status, phone)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut ins_shift = tx.prepare(
        "INSERT INTO shifts(person_id, post_id, planned_start, planned_end, actual_start, actual_end, status, breach_at, breach_rule)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut ins_rest = tx.prepare(
        "INSERT INTO rest_periods(person_id, kind, start_at, end_at, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut hist: Vec<Interval> = Vec::new();
    let mut total_shift_hours = 0.0;
    for pid in 1..=spec.people as i64 {
        let roll: f64 = rng.random();
        let (category, units): (&str, &[&str]) = match roll {
            r if r < 0.15 => ("medical", &UNITS_MEDICAL),
            r if r < 0.40 => ("cadre", &UNITS_CADRE),
            r if r < 0.68 => ("community", &UNITS_COMMUNITY),
            _ => ("volunteer", &UNITS_VOLUNTEER),
        };
        let party = match rng.random::<f64>() {
            r if r < 0.38 => "member",
            r if r < 0.46 => "activist",
            r if r < 0.53 => "applicant",
            _ => "none",
        };
        let name: String = Name(ZH_CN).fake_with_rng(&mut rng);
        let (post, post_community) = posts[rng.random_range(0..posts.len())];
        let home = if rng.random_bool(0.6) {
            post_community
        } else {
            pick(&mut rng, &communities).0
        };
        let phone = format!("13{:09}", rng.random_range(0..1_000_000_000u64));
        ins_person.execute(params![
            pid,
            format!("FL{pid:06}"),
            name,
            category,
            pick(&mut rng, units),
            home,
            party,
            phone
        ])?;

        let kind: f64 = rng.random();
        let pat = if kind < 0.06 {
            Pattern {
                hours: rng.random_range(12..=14),
                start_hour: *pick(&mut rng, &[7, 19]),
                on: 99,
                off: 0,
                offset: 0,
                overloaded: true,
            }
        } else if kind < 0.25 {
            Pattern {
                hours: 12,
                start_hour: *pick(&mut rng, &[8, 20]),
                on: 6,
                off: 1,
                offset: rng.random_range(0..7),
                overloaded: false,
            }
        } else {
            Pattern {
                hours: 8,
                start_hour: *pick(&mut rng, &[0, 8, 16]),
                on: 5,
                off: 2,
                offset: rng.random_range(0..7),
                overloaded: false,
            }
        };
        // A few of the overloaded have already been sent to rest by the dispatcher.
        let forced = pat.overloaded && rng.random_bool(0.15);
        hist.clear();
        let mut active: Option<(Ts, i64)> = None;
        for day in first_day..=today + 1 {
            if pat.off > 0 && (day + pat.offset).rem_euclid(pat.on + pat.off) >= pat.on {
                continue;
            }
            let ps = day_start(day, tz) + pat.start_hour * 3600;
            let pe = ps + pat.hours * 3600;
            if forced && ps + 20 * 3600 > now {
                continue;
            }
            let jitter_s = rng.random_range(-15..=10) * 60;
            let overrun = if pat.overloaded {
                rng.random_range(0..=150) * 60
            } else {
                rng.random_range(-10..=20) * 60
            };
            let (as_, ae) = (ps + jitter_s, pe + overrun);
            let shift_post = if rng.random_bool(0.9) {
                post
            } else {
                posts[rng.random_range(0..posts.len())].0
            };
            if ps > now {
                ins_shift.execute(params![
                    pid,
                    shift_post,
                    ps,
                    pe,
                    None::<i64>,
                    None::<i64>,
                    "planned",
                    None::<i64>,
                    None::<&str>
                ])?;
            } else if ae <= now {
                ins_shift.execute(params![
                    pid,
                    shift_post,
                    ps,
                    pe,
                    as_,
                    ae,
                    "done",
                    None::<i64>,
                    None::<&str>
                ])?;
                hist.push(Interval::new(as_, ae));
                total_shift_hours += (ae - as_) as f64 / 3600.0;
                stats.shifts += 1;
            } else if as_ <= now {
                active = Some((as_, shift_post));
                let duty = Duty {
                    history: &hist,
                    current_start: Some(as_),
                };
                let fb = first_breach(&duty, &cfg.rules, tz);
                if fb.is_some_and(|(t, _)| t <= now) {
                    stats.overdue += 1;
                }
                ins_shift.execute(params![
                    pid,
                    shift_post,
                    ps,
                    pe,
                    as_,
                    None::<i64>,
                    "active",
                    fb.map(|b| b.0),
                    fb.map(|b| b.1.as_str())
                ])?;
                stats.shifts += 1;
            } else {
                // Due, not yet arrived.
                ins_shift.execute(params![
                    pid,
                    shift_post,
                    ps,
                    pe,
                    None::<i64>,
                    None::<i64>,
                    "planned",
                    None::<i64>,
                    None::<&str>
                ])?;
            }
            if hist.len() > 16 {
                hist.drain(..hist.len() - 16);
            }
        }
        if active.is_some() {
            stats.on_duty += 1;
        }
        if forced {
            let start = now - rng.random_range(2..=10) * 3600;
            ins_rest.execute(params![
                pid,
                "forced",
                start,
                start + (cfg.rules.forced_rest_hours * 3600.0) as i64,
                "连续值守超时，强制休息"
            ])?;
            stats.forced_rest += 1;
        } else if !pat.overloaded && rng.random_bool(0.05) {
            let start = day_start(today, tz);
            ins_rest.execute(params![
                pid,
                *pick(&mut rng, &["rotation", "swapped", "compensatory"]),
                start,
                start + 86_400,
                ""
            ])?;
        }
    }
    drop((ins_person, ins_shift, ins_rest));

    // Family-support cases.
    let n_cases = (spec.people / 30).max(5);
    for _ in 0..n_cases {
        let person = rng.random_range(1..=spec.people as i64);
        let (cat, summary) = *pick(&mut rng, &CASES);
        let opened = now - rng.random_range(1..=(spec.days as i64 * 24).max(2)) * 3600;
        let status = *pick(
            &mut rng,
            &[
                "open",
                "open",
                "assigned",
                "in_progress",
                "resolved",
                "resolved",
            ],
        );
        let org =
            (status != "open").then(|| *pick(&mut rng, &["party", "union", "youth", "women"]));
        let helper: Option<String> = org.map(|_| Name(ZH_CN).fake_with_rng(&mut rng));
        let resolved =
            (status == "resolved").then(|| (opened + rng.random_range(3600..=86_400 * 3)).min(now));
        tx.execute(
            "INSERT INTO family_cases(person_id, category, urgency, summary, organisation, helper, status, opened_at, resolved_at, outcome)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![person, cat, rng.random_range(1..=3), summary, org, helper, status, opened, resolved,
                resolved.map(|_| "已协调解决")],
        )?;
        stats.cases += 1;
    }

    // Supplies: one command-post depot; daily issues proportional to shifts worked.
    tx.execute(
        // OR REPLACE: a new database already holds the standard catalogue and a store.
        "INSERT OR REPLACE INTO depots(id, name) VALUES (1, '荔湾区防疫指挥部仓库')",
        [],
    )?;
    let shifts_per_day = (total_shift_hours / 9.0 / spec.days.max(1) as f64).max(1.0);
    let mut ins_mv = tx.prepare(
        "INSERT INTO stock_movements(item_id, depot_id, kind, quantity, at, post_id, reason) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (ix, (code, zh, en, uzh, uen, cat, per_shift, reorder, target_cover)) in
        ITEMS.iter().enumerate()
    {
        let item = ix as i64 + 1;
        tx.execute(
            "INSERT OR REPLACE INTO supply_items(id, code, name_zh, name_en, unit_zh, unit_en, category, reorder_level) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![item, code, zh, en, uzh, uen, cat, reorder],
        )?;
        let base = (shifts_per_day * per_shift).max(1.0);
        let low = *target_cover < 3.0;
        let mut on_hand: i64 = 0;
        let mut daily: Vec<(i64, i64, i64)> = Vec::new();
        for day in first_day..today {
            let t0 = day_start(day, tz);
            let mut received = 0;
            // Restock when under a week of cover (at 07:00, before the day's first issue at
            // 08:00: stock never goes below zero); low items stop being restocked near the end.
            if (on_hand as f64) < base * 7.0 && !(low && day >= today - 6) {
                let q = (base * 10.0).ceil() as i64;
                ins_mv.execute(params![
                    item,
                    "receive",
                    q,
                    t0 + 7 * 3600,
                    None::<i64>,
                    "区物资保障组调拨"
                ])?;
                on_hand += q;
                received += q;
                stats.movements += 1;
            }
            let want = (base * rng.random_range(0.7..1.3)).round() as i64;
            let mut issued = 0;
            for part in 0..3 {
                let q = (want / 3 + if part == 0 { want % 3 } else { 0 }).min(on_hand);
                if q <= 0 {
                    continue;
                }
                let post_id = posts[rng.random_range(0..posts.len())].0;
                ins_mv.execute(params![
                    item,
                    "issue",
                    -q,
                    t0 + (8 + part * 4) * 3600,
                    post_id,
                    ""
                ])?;
                on_hand -= q;
                issued += q;
                stats.movements += 1;
            }
            daily.push((day, received, issued));
        }
        // Make sure low items really are low at `now` (expiry write-off), others not.
        let burn = crate::domain::stock::burn_rate(
            &daily
                .iter()
                .rev()
                .take(7)
                .rev()
                .map(|d| d.2 as f64)
                .collect::<Vec<_>>(),
        );
        let target = (burn * target_cover).round() as i64;
        if low && on_hand > target {
            let q = on_hand - target;
            ins_mv.execute(params![
                item,
                "adjust",
                -q,
                now - 3600,
                None::<i64>,
                "过期报损"
            ])?;
            on_hand -= q;
            stats.movements += 1;
        } else if !low && on_hand < target {
            let q = target - on_hand;
            ins_mv.execute(params![
                item,
                "receive",
                q,
                day_start(today, tz) + 3600,
                None::<i64>,
                "区物资保障组调拨"
            ])?;
            on_hand += q;
            stats.movements += 1;
        }
        tx.execute(
            "INSERT INTO stock(item_id, depot_id, on_hand) VALUES (?1, 1, ?2)",
            params![item, on_hand],
        )?;
        for (day, r, i) in daily {
            tx.execute(
                "INSERT INTO stock_daily(item_id, day, received, issued) VALUES (?1, ?2, ?3, ?4)",
                params![item, day, r, i],
            )?;
        }
    }
    drop(ins_mv);
    stats.requests = supplies::generate(&tx, spec, tz)?;
    health::generate(&tx, spec.seed, now, spec.days, cfg)?;
    tx.execute(
        "INSERT INTO audit_log(at, operator, action, target, details) VALUES (?1, 'demo', 'demo_generate', 'database', ?2)",
        params![now, json!({"people": spec.people, "days": spec.days, "seed": spec.seed}).to_string()],
    )?;
    Store::stamp_rules(&tx, &cfg.rules)?;
    tx.commit()?;
    kept::restore(conn, &indexes)?;
    kept::recount_all(conn)?;
    kept::restore(conn, &triggers)?;
    shifts::after_load(conn, spec, cfg)?;
    people::after_load(conn, spec, cfg)?;
    kept::restore(conn, &sort_indexes)?;
    // Each person's pinyin initials and phone tail, for the pickers.
    let tx = conn.transaction()?;
    crate::store::pick::fill_people(&tx)?;
    tx.commit()?;
    // Statistics for the planner, but not SQLite's per-value samples (sqlite_stat4): with
    // them, every statement whose plan looked at a bound value is compiled again each time it
    // is bound, which was a fifth of a refresh at city size. Nor statistics of tables that
    // are small only because the demo is new (the audit log has one row): the planner would
    // keep scanning them as they grow. A site's own database has no statistics at all unless
    // someone runs ANALYZE.
    conn.execute_batch(
        "ANALYZE;
         DELETE FROM sqlite_stat4;
         DELETE FROM sqlite_stat1 WHERE tbl IN
           (SELECT tbl FROM sqlite_stat1 GROUP BY tbl HAVING max(CAST(stat AS INTEGER)) < 10000);
         ANALYZE sqlite_schema;",
    )?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    stats.seconds = started.elapsed().as_secs_f64();
    Ok(stats)
}

/// The indexes dropped for the bulk load and made again after it (the roster's sort indexes
/// wait until the people's demo rows are in: `people::SORT_INDEXES`).
const LOAD_INDEXES: &[&str] = &[
    "people_name",
    "shifts_person_start",
    "shifts_one_active",
    "shifts_active_since",
    "shifts_active_breach",
    "rest_person_end",
    "cases_pending",
    "audit_at",
    "shifts_day",
    "people_community_rested",
    "people_rested",
    "rest_person_start",
    "rest_end",
];
