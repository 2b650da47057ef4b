//! `frontline bench` at a small size: it builds its database, measures, prints every figure the
//! SPEC sets a target for, and leaves nothing behind but the database it may reuse. (The
//! figures themselves are machine-dependent; docs/performance.md has them at the three sizes.)

use crate::support::cli::Env;

#[test]
fn bench_prints_every_figure_and_cleans_up_its_working_copy() {
    let e = Env::empty();
    // The database the bench builds and reuses lives in the temporary folder: this test's own
    // (`TMPDIR`), so two checkouts testing on one machine do not share it.
    let tmp = tempfile::tempdir().unwrap();
    let run = |env: &Env, samples: &str| -> serde_json::Value {
        let o = env
            .cmd()
            .env("TMPDIR", tmp.path())
            .args([
                "bench",
                "--people",
                "60",
                "--days",
                "3",
                "--samples",
                samples,
                "--json",
            ])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "bench failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        serde_json::from_slice(&o.stdout).expect("JSON")
    };
    // A few samples of each figure: the figures are printed all the same (the default, 100,
    // is for the machine being measured, not for the test of the command).
    let v = run(&e, "4");
    assert_eq!(v["refresh_ms"]["samples"], 12, "three times --samples: {v}");
    assert_eq!(v["stock_action_ms"]["samples"], 4, "{v}");
    assert_eq!(
        (v["people"].as_u64(), v["days"].as_u64()),
        (Some(60), Some(3))
    );
    assert!(v["shifts"].as_i64().unwrap() > 0, "{v}");
    // Built on the first run (on a server too: the file is built, then copied in).
    assert!(
        v["generate_s"].as_f64().unwrap() > 0.0,
        "built on the first run: {v}"
    );
    for k in [
        "first_frame_ms",
        "status_ms",
        "peak_rss_mb",
        "peak_rss_backup_mb",
    ] {
        assert!(v[k].as_f64().unwrap() > 0.0, "{k}: {v}");
    }
    for k in [
        "refresh_ms",
        "action_ms",
        "action_write_ms",
        "action_show_ms",
        "roster_page_ms",
    ] {
        let p = &v[k];
        assert!(p["samples"].as_u64().unwrap() > 0, "{k}: {p}");
        assert!(p["p50"].as_f64().unwrap() > 0.0, "{k}: {p}");
        assert!(p["p99"].as_f64() >= p["p50"].as_f64(), "{k}: {p}");
    }
    // Every screen read and drawn, by name, each reached by its keys (the bench fails if a
    // key leads elsewhere); the roster once per sort column.
    let screens = v["screens_ms"].as_object().expect("screens_ms");
    for name in [
        "home.on_duty",
        "home.overdue",
        "home.cases",
        "home.supplies",
        "roster.name",
        "roster.status",
        "person",
        "schedule",
        "slot",
        "callup",
        "callup.everyone",
        "ledger",
        "watch",
        "health",
        "cases",
        "care",
        "care.visits",
        "alerts",
        "party",
        "party.honours",
        "audit",
        "supplies",
        "requests",
    ] {
        let p = &screens[name];
        assert!(p["p50"].as_f64().unwrap() > 0.0, "{name}: {p}");
        assert!(p["p99"].as_f64() >= p["p50"].as_f64(), "{name}: {p}");
    }
    // Every screen a key opens is measured, those added to the registry after the tour too.
    for d in &frontline::app::screens::SCREENS {
        if d.open.is_some() {
            assert!(
                screens.keys().any(|k| k.split('.').next() == Some(d.name)),
                "{} not measured: {screens:?}",
                d.name
            );
        }
    }
    assert_eq!(
        screens.keys().filter(|k| k.starts_with("roster.")).count(),
        7,
        "one figure per roster sort: {screens:?}"
    );
    // The bare commit the actions stand on, measured in the same run.
    let floor = &v["commit_floor_ms"];
    assert!(floor["p50"].as_f64().unwrap() > 0.0, "{floor}");
    assert!(floor["p99"].as_f64() >= floor["p50"].as_f64(), "{floor}");
    assert_eq!(floor["samples"], v["action_ms"]["samples"], "{v}");
    // A day's health reports of everyone, imported.
    assert!(v["health_import"]["rows"].as_u64().unwrap() >= 60, "{v}");
    assert!(
        v["health_import"]["import_ms"].as_f64().unwrap() > 0.0,
        "{v}"
    );
    // No freeze while a job runs: the longest gap between two frames, per job.
    for job in ["import_roster", "export_shifts", "daily_report", "backup"] {
        let ms = v["job_frame_gap_ms"][job].as_f64();
        assert!(ms.is_some_and(|ms| ms > 0.0), "{job}: {v}");
    }
    // The action is split into its write and what follows; each is part of the whole.
    assert!(v["action_write_ms"]["p50"].as_f64() <= v["action_ms"]["max"].as_f64());
    // What is left: the reusable database, not the working copy or the daily backup's copy.
    // On a server the reusable database is the server's: nothing of it is in the home.
    let mut left: Vec<String> = std::fs::read_dir(e.dir.path())
        .unwrap()
        .flatten()
        .map(|f| f.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("x.") || n == "backups")
        .collect();
    left.sort();
    let want: &[&str] = if e.on_server() { &[] } else { &["x.db"] };
    assert_eq!(left, want, "{left:?}");
    // A second run reuses it (on a server, the built file, copied into an empty database:
    // a server database that holds a post is never the working copy).
    let again = if e.on_server() {
        run(&Env::empty(), "2")
    } else {
        run(&e, "2")
    };
    assert!(again["generate_s"].is_null(), "{again}");
}
