//! The Overdue panel keeps the finished shifts it evaluates in memory between refreshes (a city
//! has 15 000 overdue people and the history reads were a quarter of a refresh). What it shows
//! must still be what a fresh read of the database says, after writes from this process and
//! from any other: every write has an audit row, and the cache is dropped by reading them.

use frontline::demo::{DemoSpec, generate};
use frontline::store::commands::{Command, Ctx, PersonRef};
use frontline::store::queries::{OverdueRow, Window};
use frontline::store::{Store, StoreConfig};
use rusqlite::{Connection, params};

const NOW: i64 = 1_623_283_200;

fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    let spec = DemoSpec {
        people: 300,
        days: 14,
        seed: 5,
        now: NOW,
    };
    generate(&path, &spec, &StoreConfig::default()).unwrap();
    (dir, path)
}

fn overdue(s: &Store) -> Vec<OverdueRow> {
    s.overdue(
        NOW,
        &Window {
            offset: 0,
            limit: Some(40),
            filter: String::new(),
        },
    )
    .unwrap()
    .rows
}

/// What a console that has never read the panel before shows.
fn fresh(path: &std::path::Path) -> Vec<OverdueRow> {
    overdue(&crate::support::db::open(path, StoreConfig::default()).unwrap())
}

/// Another process gives `person` a 20-hour shift that ended an hour before the running one
/// began, with the audit row every write has.
fn long_shift_before(path: &std::path::Path, row: &OverdueRow, target: &str) {
    // Another connection to the same database (either engine).
    let other = crate::support::db::open(path, StoreConfig::default()).unwrap();
    let c = other.db();
    let (post, end) = (1, row.since - 3600);
    c.execute(
        "INSERT INTO shifts(person_id, post_id, planned_start, planned_end, status, actual_start, actual_end)
         VALUES (?1, ?2, ?3, ?4, 'done', ?3, ?4)",
        params![row.id, post, end - 20 * 3600, end],
    )
    .unwrap();
    c.execute(
        "INSERT INTO audit_log(at, operator, action, target, details) VALUES (?1, 'other', 'correction', ?2, '{}')",
        params![NOW, target],
    )
    .unwrap();
}

#[test]
fn a_history_written_by_another_process_shows_at_the_next_read() {
    for target in ["person", "database"] {
        let (_dir, path) = demo();
        let console = crate::support::db::open(&path, StoreConfig::default()).unwrap();
        let before = overdue(&console);
        assert!(before.len() >= 2, "the demo has people overdue");
        let row = &before[1];
        let target = match target {
            "person" => format!("person:{}", row.id),
            t => t.to_string(),
        };
        long_shift_before(&path, row, &target);
        let after = overdue(&console);
        assert_eq!(after, fresh(&path), "target {target}");
        let shown = |rows: &[OverdueRow]| {
            rows.iter()
                .find(|r| r.id == row.id)
                .map(|r| r.breaches.clone())
        };
        assert_ne!(
            shown(&after),
            shown(&before),
            "20 more hours the day before changes what {} has broken",
            row.name
        );
    }
}

#[test]
fn this_process_own_actions_show_at_the_next_read() {
    let (_dir, path) = demo();
    let mut console = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    let before = overdue(&console);
    let ctx = Ctx {
        operator: "t".into(),
        now: NOW,
    };
    // Forced rest takes the first overdue person off the list; the rest move up one.
    console
        .execute(
            &Command::ForceRest {
                person: PersonRef(before[0].id.to_string()),
                hours: None,
                reason: "超时".into(),
            },
            &ctx,
        )
        .unwrap();
    let after = overdue(&console);
    assert_eq!(after, fresh(&path));
    assert_eq!(after[..before.len() - 1], before[1..]);
}

#[test]
fn a_restored_backup_shows_at_the_next_read_even_when_it_reuses_the_last_audit_id() {
    // Backup and restore copy SQLite files; a PostgreSQL database has neither yet.
    if crate::support::db::Engine::from_env() == crate::support::db::Engine::Postgres {
        return;
    }
    let (dir, path) = demo();
    let backup = dir.path().join("b.db");
    crate::support::db::open(&path, StoreConfig::default())
        .unwrap()
        .backup_to(&backup)
        .unwrap();
    let console = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    let before = overdue(&console);
    let row = &before[1];
    // A correction after the backup, seen by the console…
    long_shift_before(&path, row, &format!("person:{}", row.id));
    let corrected = overdue(&console);
    assert_ne!(corrected, before);
    // …then the backup restored: its audit row takes the id the correction had.
    let mut other = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    other.restore_from(&backup, "other", NOW).unwrap();
    let last: (i64, String) = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT id, action FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let after = overdue(&console);
    assert_eq!(
        after,
        fresh(&path),
        "after the restore (last audit row {last:?})"
    );
    assert_eq!(after, before, "the backup's content is back");
}

/// The running shifts' breaches under changed rest rules: a store opened for the console
/// leaves the recount due; a cancelled recount writes nothing and stays due; a finished one
/// writes exactly what opening the store the ordinary way writes, and is not due again.
#[test]
fn a_rules_recount_is_due_after_the_rules_change_and_a_cancelled_one_writes_nothing() {
    use frontline::domain::rules::RestRules;
    use frontline::store::Recount;
    use frontline::store::progress::Progress;
    let (_d, path) = demo();
    let tighter = StoreConfig {
        rules: RestRules {
            max_continuous_hours: 9.0,
            ..RestRules::default()
        },
        ..StoreConfig::default()
    };
    let eager_dir = tempfile::tempdir().unwrap();
    let eager = eager_dir.path().join("eager.db");
    std::fs::copy(&path, &eager).unwrap();
    // Opened the ordinary way, it recounts; on PostgreSQL both files are first copied into
    // server databases of their own (`support::db::open`) and every step runs there.
    let eager = crate::support::db::open(&eager, tighter.clone()).unwrap();
    let path = match crate::support::db::Engine::from_env() {
        crate::support::db::Engine::Sqlite => path,
        _ => crate::support::db::open(&path, StoreConfig::default())
            .unwrap()
            .source()
            .to_path_buf(),
    };
    let breaches = |s: &Store| -> Vec<(i64, Option<i64>)> {
        s.db()
            .prepare("SELECT id, breach_at FROM shifts WHERE status = 'active' ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<frontline::store::db::Result<_>>()
            .unwrap()
    };
    // Its own rules, not due: a look that writes nothing.
    let look = Store::open_read(&path, StoreConfig::default()).unwrap();
    let old = breaches(&look);
    let dump = || crate::support::db::dump_store(&look);
    let before = dump();
    let mut s = Store::open_deferring_recount(&path, tighter.clone()).unwrap();
    assert!(s.rules_recount_due().unwrap());
    assert_eq!(before, dump(), "opening recounted");
    let p = std::sync::Arc::new(Progress::default());
    p.cancel();
    s.set_progress(Some(p));
    assert_eq!(s.recount_rules().unwrap(), Recount::Cancelled);
    assert_eq!(before, dump(), "a cancelled recount wrote");
    assert!(s.rules_recount_due().unwrap());
    let p = std::sync::Arc::new(Progress::default());
    s.set_progress(Some(std::sync::Arc::clone(&p)));
    let running: i64 = s
        .db()
        .query_row(
            "SELECT count(*) FROM shifts WHERE status = 'active'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // On a server the other desks hear of a recount within the second, though it writes no
    // audit row (on a file they see its `data_version` change).
    let (told, heard) = std::sync::mpsc::channel();
    let listening = s.listen(move |h| told.send(h).is_ok()).unwrap();
    assert_eq!(s.recount_rules().unwrap(), Recount::Done(running as usize));
    if listening.is_some() {
        assert_eq!(
            heard.recv_timeout(std::time::Duration::from_secs(1)),
            Ok(frontline::store::db::pg::listen::Heard::Notified)
        );
    }
    assert_eq!(
        p.get(),
        (running as u64, running as u64),
        "each shift a step"
    );
    assert!(!s.rules_recount_due().unwrap());
    assert_eq!(s.recount_rules().unwrap(), Recount::NotDue);
    assert_eq!(breaches(&s), breaches(&eager));
    assert_ne!(breaches(&s), old, "nine hours move the breaches");
}
