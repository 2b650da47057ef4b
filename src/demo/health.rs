//! Demo data for health, family support and care: yesterday's and today's health reports (some
//! missing, a few unwell), nucleic-acid tests (some overdue, one positive among those already
//! sent to rest), medical follow-up per community, family situations, care visits paid from
//! party dues, talks, trainings and volunteer insurance.
//!
//! Its own random stream (seeded from the demo seed), so the rest of the demo data is the same
//! with or without it.

use crate::domain::Ts;
use crate::domain::health::{is_unwell, report_deadline};
use crate::domain::time::{day_start, local_day};
use crate::store::StoreConfig;
use crate::store::db::{Transaction, params};
use anyhow::Result;
use fake::Fake;
use fake::faker::name::raw::Name;
use fake::locales::ZH_CN;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const H: i64 = 3600;
const D: i64 = 86_400;

const SYMPTOMS: [&str; 5] = ["咳嗽", "乏力", "咽痛", "头痛", "腹泻"];
const VISITORS: [&str; 6] = [
    "街道党工委书记",
    "区委组织部",
    "社区党委",
    "区总工会",
    "团区委",
    "区妇联",
];
const VISIT_NOTES: [&str; 5] = [
    "送去慰问金和防暑用品",
    "看望住院的家属",
    "上门看望独居老人",
    "送去生活物资",
    "转达组织关心，了解实际困难",
];
const TALKERS: [&str; 4] = ["社区党委书记", "街道党工委", "带班领导", "心理咨询师"];
const TALK_NOTES: [&str; 4] = [
    "情绪稳定，工作积极",
    "连续值守较累，已安排轮休",
    "家中老人无人照看，已转帮扶",
    "睡眠不足，建议心理疏导",
];
const FAMILY_NOTES: [&str; 5] = [
    "",
    "配偶同为一线人员",
    "父母年迈，身体欠佳",
    "孩子在读小学，放学无人接",
    "",
];

fn pick<'a, T>(rng: &mut ChaCha8Rng, xs: &'a [T]) -> &'a T {
    &xs[rng.random_range(0..xs.len())]
}

/// Fill the health and care tables inside the demo generator's transaction.
pub fn generate(tx: &Transaction, seed: u64, now: Ts, days: u32, cfg: &StoreConfig) -> Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x4845_414c_5448);
    let tz = cfg.tz;
    let today = local_day(now, tz);
    let first = day_start(today - days as i64, tz);
    let people: Vec<(i64, String, Option<i64>)> = {
        let mut st = tx.prepare("SELECT id, category, community_id FROM people ORDER BY id")?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<crate::store::db::Result<_>>()?
    };
    let resting: Option<i64> = tx.query_row(
        "SELECT min(person_id) FROM rest_periods WHERE kind = 'forced' AND start_at <= ?1 AND end_at > ?1",
        [now],
        |r| r.get(0),
    )?;
    let sites: Vec<String> = {
        let mut st = tx.prepare("SELECT name FROM posts WHERE kind = 'sampling' ORDER BY id")?;
        st.query_map([], |r| r.get(0))?
            .collect::<crate::store::db::Result<_>>()?
    };
    let communities: Vec<i64> = {
        let mut st = tx.prepare("SELECT id FROM communities ORDER BY id")?;
        st.query_map([], |r| r.get(0))?
            .collect::<crate::store::db::Result<_>>()?
    };

    let mut report = tx.prepare(
        "INSERT INTO health_reports(person_id, day, temp_dc, symptoms, fit, unwell, note, reported_at, via_phone)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut test = tx.prepare(
        "INSERT INTO nucleic_tests(person_id, tested_at, result, site, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut talk = tx.prepare(
        "INSERT INTO talks(person_id, talked_at, by_whom, note) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut training = tx.prepare(
        "INSERT INTO trainings(person_id, kind, trained_at, note) VALUES (?1, ?2, ?3, '')",
    )?;
    let mut insurance = tx.prepare(
        "INSERT INTO insurance(person_id, policy, valid_from, valid_until, recorded_at) VALUES (?1, ?2, ?3, ?4, ?3)",
    )?;
    let mut family = tx.prepare(
        "INSERT OR IGNORE INTO family_situations(person_id, dependents, elderly, children, notes, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let site = |rng: &mut ChaCha8Rng| -> String {
        if sites.is_empty() {
            "社区核酸采样点".to_string()
        } else {
            pick(rng, &sites).clone()
        }
    };
    for (id, category, _) in &people {
        let id = *id;
        // Health reports: yesterday nearly everyone; today those who have reported by now.
        for day in [today - 1, today] {
            let deadline = report_deadline(day, &cfg.rules.health_report_due, tz);
            let due = deadline - day_start(day, tz);
            let at = if rng.random_bool(0.93) {
                day_start(day, tz) + rng.random_range((due - 7 * H / 2).max(0)..=due)
            } else {
                // Late, or not at all (about half of these never report).
                deadline + rng.random_range(-3 * H..5 * H)
            };
            if at > now || rng.random_bool(0.02) {
                continue;
            }
            let (temp, fit, symptoms) = if rng.random_bool(0.025) {
                if rng.random_bool(0.5) {
                    (rng.random_range(374..=386), false, "")
                } else {
                    (
                        rng.random_range(362..=370),
                        false,
                        *pick(&mut rng, &SYMPTOMS),
                    )
                }
            } else {
                (rng.random_range(360..=370), true, "")
            };
            let phone = rng.random_bool(0.12);
            report.execute(params![
                id,
                day,
                temp,
                symptoms,
                fit,
                is_unwell(Some(temp), fit, symptoms),
                "",
                at,
                phone
            ])?;
        }
        // Tests: most within the interval, some overdue, a few never tested.
        if !rng.random_bool(0.02) {
            let last = now - rng.random_range(2 * H..56 * H);
            let earlier = last - rng.random_range(44 * H..52 * H);
            let s = site(&mut rng);
            test.execute(params![id, earlier, "negative", s, earlier + 12 * H])?;
            let pending = now - last < 10 * H && rng.random_bool(0.6);
            let (result, recorded) = if pending {
                ("pending", last)
            } else {
                ("negative", (last + 12 * H).min(now))
            };
            test.execute(params![id, last, result, s, recorded])?;
        }
        // Talks: most within the interval, some overdue, some never.
        if rng.random_bool(0.88) {
            let at = now - rng.random_range(H..9 * D);
            talk.execute(params![
                id,
                at,
                pick(&mut rng, &TALKERS),
                pick(&mut rng, &TALK_NOTES)
            ])?;
        }
        if rng.random_bool(0.85) {
            training.execute(params![id, "self_protection", rng.random_range(first..now)])?;
        }
        if rng.random_bool(0.65) {
            training.execute(params![id, "psychological", rng.random_range(first..now)])?;
        }
        if category == "volunteer" && rng.random_bool(0.85) {
            let from = first - rng.random_range(0..30 * D);
            let until = if rng.random_bool(0.06) {
                // Lapsed: ended a day or more ago, a day after it began at the least (a demo of
                // one day starts its policies just before then).
                (now - rng.random_range(D..5 * D)).max(from + D)
            } else {
                from + 180 * D
            };
            insurance.execute(params![id, format!("GZVOL{id:07}"), from, until])?;
        }
        if rng.random_bool(0.12) {
            family.execute(params![
                id,
                rng.random_range(0..=4),
                rng.random_range(0..=2),
                rng.random_range(0..=2),
                pick(&mut rng, &FAMILY_NOTES),
                first
            ])?;
        }
    }
    tx.execute(
        "INSERT INTO health_daily(day, reported, unwell)
         SELECT day, count(*), sum(unwell) FROM health_reports GROUP BY day",
        [],
    )?;
    // People with a family case have their family situation on record.
    tx.execute(
        "INSERT OR IGNORE INTO family_situations(person_id, dependents, elderly, children, notes, updated_at)
         SELECT DISTINCT person_id, 2, 1, 1, '', opened_at FROM family_cases",
        [],
    )?;
    // One positive result, among those already sent to rest: off duty, out of service, alert.
    if let Some(p) = resting {
        let at = now - 14 * H;
        test.execute(params![p, at, "positive", site(&mut rng), now - H])?;
        let test_id = tx.last_insert_rowid()?;
        tx.execute(
            "INSERT INTO out_of_service(person_id, reason, start_at, test_id) VALUES (?1, 'health', ?2, ?3)",
            params![p, now - H, test_id],
        )?;
        tx.execute(
            "INSERT INTO alerts(kind, person_id, ref_id, raised_at) VALUES ('positive_test', ?1, ?2, ?3)",
            params![p, test_id, now - H],
        )?;
    }
    // Medical follow-up: one or two medical workers per community, from it when possible.
    let medical: Vec<(i64, Option<i64>)> = people
        .iter()
        .filter(|p| p.1 == "medical")
        .map(|p| (p.0, p.2))
        .collect();
    if !medical.is_empty() {
        for c in &communities {
            let local: Vec<i64> = medical
                .iter()
                .filter(|m| m.1 == Some(*c))
                .map(|m| m.0)
                .collect();
            let n = if rng.random_bool(0.3) { 2 } else { 1 };
            for k in 0..n {
                let m = if local.len() > k {
                    local[k]
                } else {
                    pick(&mut rng, &medical).0
                };
                tx.execute(
                    "INSERT OR IGNORE INTO medical_assignments(person_id, community_id, since) VALUES (?1, ?2, ?3)",
                    params![m, c, first],
                )?;
            }
        }
    }
    // Care visits over the period, paid from retained party dues.
    let n_visits = (people.len() / 40).max(8);
    for _ in 0..n_visits {
        let (p, _, _) = &people[rng.random_range(0..people.len())];
        let at = now - rng.random_range(H..(days as i64 * D).max(2 * H));
        let fen = *pick(&mut rng, &[20_000, 30_000, 50_000, 50_000, 80_000, 100_000]);
        tx.execute(
            "INSERT INTO care_visits(person_id, visited_at, to_family, visitors, note, dues_fen, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?2)",
            params![
                p,
                at,
                rng.random_bool(0.35),
                format!("{} {}", pick(&mut rng, &VISITORS), {
                    let n: String = Name(ZH_CN).fake_with_rng(&mut rng);
                    n
                }),
                pick(&mut rng, &VISIT_NOTES),
                fen
            ],
        )?;
    }
    Ok(())
}
