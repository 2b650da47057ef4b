//! Never lose a record, never lock out a dispatcher: durability under SIGKILL, many writers on
//! one file, backups and restores, and random input that must never break an invariant.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use frontline::app::Action;
use frontline::console::Console;
use frontline::demo::{DemoSpec, generate};
use frontline::i18n::Lang;
use frontline::store::StoreConfig;
use frontline::store::commands::{Command as Cmd, Ctx, PersonRef, Refusal};
use proptest::prelude::*;
use rusqlite::Connection;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const NOW: i64 = 1_623_283_200;
const NOW_TEXT: &str = "2021-06-10T08:00:00+08:00";
const BIN: &str = env!("CARGO_BIN_EXE_frontline");

mod live;
use live::*;

/// A stream of actions is killed with SIGKILL at random points, again and again; every action
/// it acknowledged is still there with its audit row, and the file is sound. On PostgreSQL the
/// writer killed is the client process, its server connection cut mid-transaction.
#[test]
fn acknowledged_actions_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let db = live(&demo(dir.path(), 300));
    let mut acked: Vec<i64> = Vec::new();
    let mut rng = 0x2545_f491_u64;
    let kills = 15;
    for _ in 0..kills {
        let mut child = cli(dir.path())
            .args(["--db", &db, "soak"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let run_for = Duration::from_millis(80 + rng % 400);
        let out = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(out)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("ack ").and_then(|n| n.parse::<i64>().ok()))
                .collect::<Vec<i64>>()
        });
        std::thread::sleep(run_for);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        acked.extend(reader.join().unwrap());
        let ids = sound_audit_ids(&db);
        for a in &acked {
            assert!(
                ids.binary_search(a).is_ok(),
                "acknowledged audit row {a} lost after kill -9"
            );
        }
    }
    assert!(
        acked.len() > 20,
        "the soak acknowledged too little to prove anything: {}",
        acked.len()
    );
    eprintln!(
        "kill -9 survived {kills} times, {} acknowledged actions checked",
        acked.len()
    );
}

/// Several processes check the same person in at the same moment: exactly one succeeds, the
/// others are told why in one line, and nobody sees "database is locked".
#[test]
fn concurrent_check_ins_of_one_person_let_exactly_one_through() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 200);
    let store = crate::support::db::open(&db, StoreConfig::default()).unwrap();
    let on = store
        .on_duty(NOW, &frontline::store::queries::Window::all())
        .unwrap();
    let person = on.rows[0].id.to_string();
    // The file, or (on PostgreSQL) the server database the test's store was copied into.
    let target = store.source().to_str().unwrap().to_string();
    drop(store);
    cli(dir.path())
        .args(["--db", &target, "do", "check-out", "--person", &person])
        .output()
        .unwrap();
    let children: Vec<_> = (0..6)
        .map(|_| {
            cli(dir.path())
                .args([
                    "--db",
                    &target,
                    "do",
                    "check-in",
                    "--person",
                    &person,
                    "--post",
                    "1",
                    "--override",
                    "race",
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let ok = outs.iter().filter(|o| o.status.success()).count();
    assert_eq!(ok, 1, "exactly one check-in must win");
    for o in outs.iter().filter(|o| !o.status.success()) {
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("already on duty"), "{err}");
        assert!(!err.contains("locked"), "{err}");
    }
}

/// Two writers and a reader on one file for a few seconds: no lock error reaches anyone and
/// every committed write is visible to the other connections.
#[test]
fn two_writers_and_a_reader_share_one_file_without_lock_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 300);
    // Opened before the writers: on PostgreSQL the first open copies the file into the
    // server database that every later open of it shares.
    let reader = crate::support::db::open(&db, StoreConfig::default()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(4);
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let db = db.clone();
            std::thread::spawn(move || {
                let mut s = crate::support::db::open(&db, StoreConfig::default()).unwrap();
                let mut n = 0;
                while Instant::now() < deadline {
                    let on = s
                        .on_duty(
                            NOW,
                            &frontline::store::queries::Window {
                                offset: w * 40,
                                limit: Some(20),
                                filter: String::new(),
                            },
                        )
                        .unwrap();
                    for r in on.rows {
                        let p = PersonRef(r.id.to_string());
                        for cmd in [
                            Cmd::CheckOut { person: p.clone() },
                            Cmd::CheckIn {
                                person: p,
                                post: r.post_id,
                                override_reason: Some("x".into()),
                            },
                        ] {
                            match s.execute(
                                &cmd,
                                &Ctx {
                                    operator: format!("w{w}"),
                                    now: NOW,
                                },
                            ) {
                                Ok(_) => n += 1,
                                Err(Refusal::Busy) => panic!("a writer saw 'database is locked'"),
                                Err(_) => {}
                            }
                        }
                    }
                }
                n
            })
        })
        .collect();
    let mut last = 0;
    while Instant::now() < deadline {
        let v = reader.data_version().unwrap();
        assert!(v >= last);
        last = v;
        std::thread::sleep(Duration::from_millis(50));
    }
    let written: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
    assert!(written > 10);
    let audited: i64 = reader
        .db()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE operator LIKE 'w%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        audited as usize, written,
        "every committed write has its audit row"
    );
    eprintln!("2 writers + 1 reader for 4 s: {written} writes, 0 lock errors");
}

#[test]
fn a_backup_taken_while_writing_is_a_sound_snapshot_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 300);
    // On PostgreSQL the writer writes the server database and the backup (a SQLite file) is
    // taken from it; the restore goes into an empty server database.
    let target = live(&db);
    let writer = {
        let db = db.clone();
        std::thread::spawn(move || {
            let mut s = crate::support::db::open(&db, StoreConfig::default()).unwrap();
            let on = s
                .on_duty(
                    NOW,
                    &frontline::store::queries::Window {
                        offset: 0,
                        limit: Some(60),
                        filter: String::new(),
                    },
                )
                .unwrap();
            for r in on.rows {
                let _ = s.execute(
                    &Cmd::CheckOut {
                        person: PersonRef(r.id.to_string()),
                    },
                    &Ctx {
                        operator: "w".into(),
                        now: NOW,
                    },
                );
            }
        })
    };
    let out = dir.path().join("copy.db");
    let st = cli(dir.path())
        .args(["--db", &target, "backup", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    writer.join().unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    integrity_ok(&out);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // The copy is a prefix of the live log: no gaps, nothing invented.
    let copy = audit_ids(&out);
    let live = sound_audit_ids(&target);
    assert_eq!(copy[..], live[..copy.len()]);
    // Overwriting an existing file is refused.
    let again = cli(dir.path())
        .args(["--db", &target, "backup", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!again.status.success());
    // Restore brings the copy back, audited, and keeps what was there.
    let into = frontline::store::server::is_server(Path::new(&target))
        .then(crate::support::pg::TestDb::new);
    let dest = into.as_ref().map_or(target.clone(), |d| d.url.clone());
    let r = cli(dir.path())
        .args(["--db", &dest, "restore", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let after = sound_audit_ids(&dest);
    assert_eq!(after.len(), copy.len() + 1);
    let action: String = frontline::store::Store::open_read(Path::new(&dest), Default::default())
        .unwrap()
        .db()
        .query_row(
            "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(action, "restore");
}

#[test]
fn restore_refuses_damaged_newer_and_foreign_files_and_changes_nothing() {
    // Backup and restore copy SQLite files; a PostgreSQL database has neither yet.
    if crate::support::db::Engine::from_env() == crate::support::db::Engine::Postgres {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 100);
    let before = audit_ids(&db);
    let good = dir.path().join("good.db");
    crate::support::db::open(&db, StoreConfig::default())
        .unwrap()
        .backup_to(&good)
        .unwrap();
    // Truncated.
    let bytes = std::fs::read(&good).unwrap();
    let truncated = dir.path().join("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    // Newer schema.
    let newer = dir.path().join("newer.db");
    std::fs::copy(&good, &newer).unwrap();
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    // Some other SQLite file.
    let foreign = dir.path().join("foreign.db");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t(x)")
        .unwrap();
    // Not SQLite at all.
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "not a database").unwrap();
    for (file, word) in [
        (&truncated, ""),
        (&newer, "newer"),
        (&foreign, "not a Frontline database"),
        (&text, ""),
    ] {
        let r = cli(dir.path())
            .args([
                "--db",
                db.to_str().unwrap(),
                "restore",
                file.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&r.stderr);
        assert!(!r.status.success(), "{} was restored", file.display());
        assert_ne!(r.status.code(), Some(101), "panic on {}", file.display());
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(word), "{err}");
        assert_eq!(
            audit_ids(&db),
            before,
            "a refused restore changed the database"
        );
    }
}

#[test]
fn the_daily_backup_is_taken_once_a_day_and_only_the_newest_are_kept() {
    // Backups are SQLite files copied from a SQLite file; a PostgreSQL database has none yet.
    if crate::support::db::Engine::from_env() == crate::support::db::Engine::Postgres {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 50);
    let s = crate::support::db::open(&db, StoreConfig::default()).unwrap();
    for day in ["2021-06-08", "2021-06-09", "2021-06-10"] {
        assert!(s.auto_backup(day, 2).unwrap().is_some());
    }
    assert!(
        s.auto_backup("2021-06-10", 2).unwrap().is_none(),
        "a second backup on the same day"
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["r-2021-06-09.db", "r-2021-06-10.db"]);
}

/// Thousands of random keys through the console's own action path: no panic, stock never
/// negative, and nobody both in forced rest and on duty.
#[test]
fn random_keys_never_break_an_invariant() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 150);
    let store = crate::support::db::open(&db, StoreConfig::default()).unwrap();
    // Another connection to the same database (either engine), for the invariants.
    let reader = crate::support::db::open(&db, StoreConfig::default()).unwrap();
    let mut c = Console::new(store, Lang::Zh, "fuzz".into(), (100, 30)).unwrap();
    c.clock = || NOW;
    c.handle(Action::Tick(NOW)).unwrap();
    c.refresh().unwrap();
    // Home keys, every screen's key, the palette, and the screens' own letters.
    let keys: Vec<KeyCode> = "jjjkkfoirieg/GAH?1234xyz0123456789 张PLSBWMCVRTN:IDEansctpdvm[]"
        .chars()
        .map(KeyCode::Char)
        .chain([
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::PageDown,
            KeyCode::PageUp,
            KeyCode::Backspace,
            KeyCode::Down,
            KeyCode::Up,
        ])
        .collect();
    let mut rng = 0x9E37_79B9_7F4A_7C15_u64;
    let steps = 3000;
    for step in 0..steps {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        // Now and then a whole action a dispatcher would type, so writes really happen.
        if rng.is_multiple_of(23) {
            let macros: [&[KeyCode]; 4] = [
                &[KeyCode::Char('2'), KeyCode::Char('f'), KeyCode::Enter],
                &[KeyCode::Char('1'), KeyCode::Char('o'), KeyCode::Enter],
                &[
                    KeyCode::Char('1'),
                    KeyCode::Char('j'),
                    KeyCode::Char('f'),
                    KeyCode::Enter,
                ],
                &[
                    KeyCode::Char('e'),
                    KeyCode::Char('1'),
                    KeyCode::Enter,
                    KeyCode::Esc,
                ],
            ];
            // Esc out of any form, filter or screen first, as a dispatcher would.
            let reset = [KeyCode::Esc, KeyCode::Esc, KeyCode::Esc, KeyCode::Char('H')];
            for k in reset
                .iter()
                .chain(macros[(rng >> 20) as usize % macros.len()])
            {
                c.handle(Action::Event(Event::Key(KeyEvent::new(
                    *k,
                    KeyModifiers::NONE,
                ))))
                .unwrap();
            }
        }
        let ev = if rng.is_multiple_of(97) {
            Event::Resize((rng % 200) as u16, ((rng >> 8) % 70) as u16)
        } else if rng.is_multiple_of(89) {
            Event::Paste("很长的中文粘贴内容".repeat(40))
        } else {
            Event::Key(KeyEvent::new(
                keys[(rng >> 16) as usize % keys.len()],
                KeyModifiers::NONE,
            ))
        };
        let resized = matches!(ev, Event::Resize(..));
        c.handle(Action::Event(ev)).unwrap(); // `q` asks to quit; the test keeps going
        // Draw at whatever size the terminal now claims (down to 0×0): never a panic.
        if resized || step % 7 == 0 {
            let (w, h) = c.app.size;
            let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
            t.draw(|f| frontline::ui::render(f, &c.app)).unwrap();
        }
        if step % 100 == 0 {
            let conn = reader.db();
            let both: i64 = conn
                .query_row(
                    "SELECT count(*) FROM shifts s JOIN rest_periods r ON r.person_id = s.person_id
                     WHERE s.status = 'active' AND r.kind = 'forced' AND r.start_at <= ?1 AND r.end_at > ?1",
                    [NOW],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(both, 0, "someone is resting and on duty after step {step}");
            let negative: i64 = conn
                .query_row("SELECT count(*) FROM stock WHERE on_hand < 0", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(negative, 0);
            store_kept_counts_match(&reader);
        }
    }
    let writes: i64 = reader
        .db()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE operator = 'fuzz'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        writes >= 20,
        "the random keys wrote too little to test anything: {writes}"
    );
    eprintln!("{steps} random steps, {writes} writes, no invariant broken");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any text in a time field is read or refused, never a panic.
    #[test]
    fn time_parser_never_panics(s in "\\PC{0,40}") {
        let _ = frontline::domain::time::parse_time(&s, NOW, chrono_tz::Asia::Shanghai);
    }

    /// A reason is stored verbatim, whatever it holds (SQL included), and a person reference
    /// that names nobody writes nothing.
    #[test]
    fn text_is_stored_verbatim_and_unknown_people_write_nothing(reason in "[\\PC\\t]{1,300}", who in "\\PC{0,30}") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        generate(&path, &DemoSpec { people: 20, days: 3, seed: 2, now: NOW }, &StoreConfig::default()).unwrap();
        let mut s = crate::support::db::open(&path, StoreConfig::default()).unwrap();
        let ctx = Ctx { operator: "prop".into(), now: NOW };
        let before = store_audit_ids(&s);
        let r = s.execute(&Cmd::CheckOut { person: PersonRef(format!("x{who}")) }, &ctx);
        prop_assert!(matches!(r, Err(Refusal::UnknownPerson(_))), "{:?}", r);
        prop_assert_eq!(store_audit_ids(&s), before);
        let r = s.execute(&Cmd::ForceRest { person: PersonRef("1".into()), hours: Some(12.0), reason: reason.clone() }, &ctx);
        if reason.trim().is_empty() {
            prop_assert_eq!(r, Err(Refusal::ReasonRequired));
        } else {
            prop_assert!(r.is_ok(), "{:?}", r);
            let stored: String = s.db()
                .query_row("SELECT reason FROM rest_periods ORDER BY id DESC LIMIT 1", [], |r| r.get(0)).unwrap();
            prop_assert_eq!(stored, reason.trim());
        }
    }
}
