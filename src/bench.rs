//! `frontline bench`: builds (or reuses) a database of a given size and prints the figures the
//! SPEC sets targets for, measured in this process against an off-screen 160×48 terminal.

use crate::app::Action;
use crate::config::Lang;
use crate::console::Console;
use crate::domain::Ts;
use crate::store::commands::{Command, PersonRef};
use crate::store::queries::Window;
use crate::store::{Store, StoreConfig};
use anyhow::Result;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Serialize)]
pub struct Percentiles {
    pub p50: f64,
    pub p99: f64,
    pub max: f64,
    pub samples: usize,
}

#[derive(Debug, Serialize)]
pub struct Figures {
    pub people: usize,
    pub days: u32,
    pub shifts: i64,
    pub generate_s: Option<f64>,
    pub first_frame_ms: f64,
    pub refresh_ms: Percentiles,
    pub action_ms: Percentiles,
    pub status_ms: Option<f64>,
    pub idle_check_us: f64,
    pub peak_rss_mb: Option<f64>,
    /// The schedule screen, call-up list and planning (issue 3).
    pub schedule: Option<crate::bench_shifts::ScheduleFigures>,
}

fn pct(mut v: Vec<f64>) -> Percentiles {
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    Percentiles {
        p50: at(0.5),
        p99: at(0.99),
        max: *v.last().unwrap_or(&0.0),
        samples: v.len(),
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// Peak resident memory of this process (Linux), in MB.
pub fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = s
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// Measure against the existing database `db` (which the action benchmark modifies).
pub fn run(
    db: &Path,
    people: usize,
    days: u32,
    now: Ts,
    cfg: &StoreConfig,
    exe: Option<&Path>,
) -> Result<Figures> {
    // First frame: open, query, draw — what the console does before its first paint.
    let t0 = Instant::now();
    let store = Store::open(db, cfg.clone())?;
    let mut console = Console::new(store, Lang::Zh, "bench".into(), (160, 48))?;
    console.app.now = now;
    console.refresh()?;
    let mut term = Terminal::new(TestBackend::new(160, 48))?;
    term.draw(|f| crate::ui::render(f, &console.app))?;
    let first_frame_ms = ms(t0);
    let shifts: i64 = console
        .store
        .conn
        .query_row("SELECT count(*) FROM shifts", [], |r| r.get(0))?;

    let mut refresh = Vec::new();
    for _ in 0..300 {
        let t = Instant::now();
        console.refresh()?;
        term.draw(|f| crate::ui::render(f, &console.app))?;
        refresh.push(ms(t));
    }

    let schedule = Some(crate::bench_shifts::measure(&mut console.store, now)?);

    // Actions: forced rest on people on duty, each committed, re-queried and redrawn.
    let targets: Vec<i64> = console
        .store
        .on_duty(
            now,
            &Window {
                offset: 0,
                limit: Some(200),
                filter: String::new(),
            },
        )?
        .rows
        .iter()
        .map(|r| r.id)
        .collect();
    let mut action = Vec::new();
    for id in targets.iter().take(200) {
        let t = Instant::now();
        let cmd = Command::ForceRest {
            person: PersonRef(id.to_string()),
            hours: None,
            reason: "bench".into(),
        };
        let ctx = crate::store::commands::Ctx {
            operator: "bench".into(),
            now,
        };
        let r = console.store.execute(&cmd, &ctx);
        console.handle(Action::Done(r))?;
        term.draw(|f| crate::ui::render(f, &console.app))?;
        action.push(ms(t));
    }

    // What an idle console does four times a second.
    let t = Instant::now();
    for _ in 0..1000 {
        console.store.data_version()?;
    }
    let idle_check_us = t.elapsed().as_secs_f64() * 1e6 / 1000.0;

    let status_ms = match exe {
        Some(exe) => {
            let t = Instant::now();
            let out = std::process::Command::new(exe)
                .args(["--db"])
                .arg(db)
                .args(["status", "--json"])
                .env(
                    "FRONTLINE_NOW",
                    crate::domain::time::to_local(now, cfg.tz).to_rfc3339(),
                )
                .output()?;
            anyhow::ensure!(
                out.status.success(),
                "status failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(ms(t))
        }
        None => None,
    };
    Ok(Figures {
        people,
        days,
        shifts,
        generate_s: None,
        first_frame_ms,
        refresh_ms: pct(refresh),
        action_ms: pct(action),
        status_ms,
        idle_check_us,
        peak_rss_mb: peak_rss_mb(),
        schedule,
    })
}
