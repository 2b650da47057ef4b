//! Benchmark figures of the schedule screen: the coverage of a day, the call-up list of
//! a post, the watch list, and planning a shift from the call-up list — what a dispatcher
//! waits for on the schedule screen, at the size being measured.

use super::{Percentiles, pct};
use crate::domain::Ts;
use crate::store::Store;
use crate::store::commands::{Command, Ctx, PersonRef};
use crate::store::queries::Window;
use crate::store::shift_queries::CallupQuery;
use anyhow::Result;
use serde::Serialize;
use std::time::Instant;

#[derive(Debug, Serialize)]
pub struct ScheduleFigures {
    /// Coverage of today and its summary (the schedule screen's refresh), 40 rows.
    pub coverage_ms: Percentiles,
    /// The call-up list of a post for the next 8 hours, 40 rows.
    pub callup_ms: Percentiles,
    /// The same with everyone listed and marked (the reassign picker).
    pub picker_ms: Percentiles,
    /// The watch list (broken or breaking within the warning horizon), 40 rows.
    pub watch_ms: Percentiles,
    /// A shift planned for the first person on the call-up list, committed.
    pub plan_ms: Percentiles,
}

fn timed<T>(v: &mut Vec<f64>, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let t = Instant::now();
    let r = f()?;
    v.push(t.elapsed().as_secs_f64() * 1000.0);
    Ok(r)
}

pub fn measure(store: &mut Store, now: Ts) -> Result<ScheduleFigures> {
    let w = Window {
        offset: 0,
        limit: Some(40),
        filter: String::new(),
    };
    let posts: Vec<i64> = store
        .conn
        .prepare("SELECT id FROM posts ORDER BY id LIMIT 20")?
        .query_map([], |r| r.get(0))?
        .collect::<crate::store::db::Result<_>>()?;
    let (mut coverage, mut callup, mut picker, mut watch, mut plan) =
        (vec![], vec![], vec![], vec![], vec![]);
    for _ in 0..20 {
        timed(&mut coverage, || store.coverage_full(now, false, &w))?;
        timed(&mut watch, || store.watch(now, 2 * 3600, &w))?;
    }
    let ctx = Ctx {
        operator: "bench".into(),
        now,
    };
    for post in posts {
        let q = CallupQuery {
            post,
            start: now + 3600,
            end: now + 9 * 3600,
            now,
            everyone: false,
        };
        let page = timed(&mut callup, || store.callup(&q, &w))?;
        timed(&mut picker, || {
            store.callup(
                &CallupQuery {
                    everyone: true,
                    ..q.clone()
                },
                &w,
            )
        })?;
        if let Some(first) = page.rows.first() {
            let cmd = Command::ShiftPlan {
                person: PersonRef::id(first.id),
                post,
                start: q.start,
                end: q.end,
                replaces: None,
                override_reason: None,
            };
            let t = Instant::now();
            if store.execute(&cmd, &ctx).is_ok() {
                plan.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
    }
    Ok(ScheduleFigures {
        coverage_ms: pct(coverage),
        callup_ms: pct(callup),
        picker_ms: pct(picker),
        watch_ms: pct(watch),
        plan_ms: pct(plan),
    })
}
