//! Demo data for people, party and honours: dual registration (双报到) with a branch and a
//! residence community for the registered members, activists and applicants flagged for
//! fast-track admission (some recommended, a few admitted), and nominations of exemplary
//! workers with their record as evidence. Deterministic: its own generator, seeded from the
//! demo's seed. Set-based updates and prepared statements keep city size fast.

use super::DemoSpec;
use crate::store::StoreConfig;
use crate::store::db::{Connection, params};
use crate::store::roster_queries::record;
use anyhow::Result;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The roster's sort indexes, dropped for the bulk load and made again (by `demo`) after this
/// area's rows are in (and after the kept values are recounted: the status sort's two carry
/// `duty_rank` and `rest_until`).
pub const SORT_INDEXES: &[&str] = &[
    "people_sort_category",
    "people_sort_unit",
    "people_sort_community",
    "people_sort_party",
    "people_rank_rest",
    "people_resting",
];

const NOTES: [&str; 6] = [
    "封控区连续值守，表现突出",
    "主动请缨到核酸采样点",
    "带病坚持上岗",
    "组织居民有序核酸检测",
    "夜间卡口值守无差错",
    "协助转运隔离人员",
];

const DEEDS: [&str; 8] = [
    "连续14天坚守封控区卡口，累计值守超过150小时",
    "带领志愿队完成全社区三轮核酸采样",
    "发现密接者及时上报，阻断一条传播链",
    "放弃休假主动请缨到核酸采样点",
    "为封控区独居老人送药送菜40余次",
    "高温下连续值守，中暑后仍坚持返岗",
    "协调物资保障，确保采样点防护物资不断供",
    "夜间转运隔离人员30余批次零差错",
];

/// After the bulk load and the other areas' demo rows: this area's rows, then the indexes.
pub fn after_load(conn: &mut Connection, spec: &DemoSpec, cfg: &StoreConfig) -> Result<()> {
    let tx = conn.transaction()?;
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed ^ 0x5045_4f50_4c45);
    let now = spec.now;
    // 双报到: the registered members' work-unit branch and residence community.
    tx.execute_batch(
        "UPDATE people SET party_branch = CASE WHEN source_unit = '' THEN '社区党委' ELSE source_unit || '党支部' END,
           residence_community_id = community_id
         WHERE dual_registered = 1 AND party_status = 'member'",
    )?;
    // Party development: some of the activists and applicants, flagged for fast track.
    let pool: Vec<(i64, String)> = tx
        .prepare(
            "SELECT id, party_status FROM people WHERE party_status IN ('activist', 'applicant')
             AND retired_at IS NULL ORDER BY id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::store::db::Result<_>>()?;
    let n_flag = (spec.people / 40).clamp(4, 2000);
    let step = (pool.len() / n_flag.max(1)).max(1);
    {
        let mut ins = tx.prepare(
            "INSERT INTO party_development(person_id, status, note, flagged_at, recommended_at, admitted_at, was)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut admit = tx.prepare("UPDATE people SET party_status = 'member' WHERE id = ?1")?;
        for (k, (id, was)) in pool.iter().step_by(step).take(n_flag).enumerate() {
            let flagged = now - rng.random_range(3..=20) * 86_400;
            let note = NOTES[rng.random_range(0..NOTES.len())];
            let (status, rec, adm) = match k % 6 {
                0 | 1 => ("recommended", Some(flagged + 2 * 86_400), None),
                2 if k % 12 == 2 => (
                    "admitted",
                    Some(flagged + 2 * 86_400),
                    Some(flagged + 5 * 86_400),
                ),
                _ => ("candidate", None, None),
            };
            let was = adm.map(|_| was.as_str());
            ins.execute(params![id, status, note, flagged, rec, adm, was])?;
            if adm.is_some() {
                admit.execute([id])?;
            }
        }
    }
    // Exemplary models: people drawn at random, with their record when nominated.
    let n_nom = (spec.people / 100).clamp(3, 300);
    let total: i64 = tx.query_row("SELECT count(*) FROM people", [], |r| r.get(0))?;
    {
        let mut ins = tx.prepare(
            "INSERT INTO nominations(person_id, deeds, evidence, status, nominated_at, nominated_by, approved_at, publicised_at)
             VALUES (?1, ?2, ?3, ?4, ?5, '区委组织部', ?6, ?7)",
        )?;
        let mut seen = std::collections::HashSet::new();
        for k in 0..n_nom {
            let id = rng.random_range(1..=total);
            if !seen.insert(id) {
                continue;
            }
            let at = now - rng.random_range(3..=40) * 3600;
            let rec = record(&tx, id, at, cfg.tz)?;
            if rec.shifts == 0 {
                continue;
            }
            let (status, approved, publicised) = match k % 3 {
                0 => ("nominated", None, None),
                1 => ("approved", Some(at + (now - at) / 3), None),
                _ => (
                    "publicised",
                    Some(at + (now - at) / 3),
                    Some(at + 2 * (now - at) / 3),
                ),
            };
            let deeds = DEEDS[rng.random_range(0..DEEDS.len())];
            ins.execute(params![
                id,
                deeds,
                serde_json::to_string(&rec)?,
                status,
                at,
                approved,
                publicised
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}
