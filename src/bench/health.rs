//! `frontline bench`: a district's day of health reports imported — a form export of
//! everyone on the roster, read, checked, matched and written as `frontline import health`
//! does, in the benchmark's working copy.

use crate::domain::Ts;
use crate::domain::time::to_local;
use crate::import::health::{Kind, columns, health_rows};
use crate::store::Store;
use crate::store::commands::{Command, Ctx};
use anyhow::{Result, ensure};
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Serialize)]
pub struct HealthImportFigures {
    /// Rows in the file (everyone not retired).
    pub rows: usize,
    /// Read, check, match and write, in ms (target < 5 000 at 20 000 people).
    pub import_ms: f64,
}

/// At most `limit` reports (the first people by id).
pub fn health_import(
    store: &mut Store,
    now: Ts,
    dir: &Path,
    limit: usize,
) -> Result<HealthImportFigures> {
    let tz = store.cfg.tz;
    let day = to_local(now - 3600, tz).format("%Y-%m-%d").to_string();
    let mut csv = String::from(
        "序号,提交答卷时间,来源,1、姓名,2、工号,3、手机号,4、体温(℃),5、是否有症状,6、身体状况,7、备注\n",
    );
    {
        let mut st = store
            .conn
            .prepare("SELECT name, staff_code, phone FROM people WHERE retired_at IS NULL ORDER BY id LIMIT ?1")?;
        let mut rows = st.query([limit as i64])?;
        let mut i = 0;
        while let Some(r) = rows.next()? {
            let (name, code, phone): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            i += 1;
            csv += &format!(
                "{i},{day} 00:{:02}:00,手机,{name},{code},{phone},36.{},否,良好,\n",
                i % 60,
                i % 9
            );
        }
    }
    let file = dir.join("bench-health-import.csv");
    std::fs::write(&file, csv)?;
    let t = Instant::now();
    let sheet = crate::import::read_file(&file).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let cols = columns(&sheet.header, Kind::Health, &[]).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let (rows, errors) = health_rows(&sheet, &cols, now, tz);
    let plan = store.health_import_plan(&rows, now)?;
    ensure!(
        errors.is_empty() && plan.rows.iter().all(Result::is_ok),
        "the benchmark's health import has bad rows"
    );
    let n = rows.len();
    let res = store.execute(
        &Command::ImportHealth { rows, skipped: 0 },
        &Ctx {
            operator: "bench".into(),
            now,
        },
    );
    let import_ms = t.elapsed().as_secs_f64() * 1000.0;
    let _ = std::fs::remove_file(&file);
    ensure!(
        res.is_ok(),
        "health import refused in the benchmark: {res:?}"
    );
    Ok(HealthImportFigures { rows: n, import_ms })
}
