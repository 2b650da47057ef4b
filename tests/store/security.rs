//! Files Frontline cannot use are refused with one plain line and nothing written: a read-only
//! database, a file that is not SQLite, a truncated one. With the `encryption` feature the
//! database and its backups are unreadable without the key, and a wrong key is said plainly.

use frontline::demo::{DemoSpec, generate};
use frontline::store::StoreConfig;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: i64 = 1_623_283_200;
const BIN: &str = env!("CARGO_BIN_EXE_frontline");

fn demo(path: &Path) {
    generate(
        path,
        &DemoSpec {
            people: 40,
            days: 3,
            seed: 5,
            now: NOW,
        },
        &StoreConfig::default(),
    )
    .unwrap();
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Run the binary as an unprivileged user: root may write any file whatever its mode, so a
/// read-only file is only read-only to somebody else.
fn frontline_unprivileged(home: &Path, args: &[&str]) -> Output {
    let mut c = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
        c
    } else {
        Command::new(BIN)
    };
    c.env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("FRONTLINE_NOW", "2021-06-10T08:00:00+08:00")
        .env("LANG", "C")
        .args(args)
        .output()
        .expect("run frontline (as root this needs setpriv from util-linux)")
}

fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn one_error_line(o: &Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(
        !o.status.success(),
        "should fail; stdout: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn audit_count(p: &Path) -> i64 {
    let c = rusqlite::Connection::open(p).unwrap();
    c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_read_only_database_is_refused_plainly_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ro.db");
    demo(&db);
    let before = std::fs::read(&db).unwrap();
    let audits = audit_count(&db);
    // The file readable by all and writable by nobody else; first in a folder the user may
    // not write (no -wal file possible), then in one it may.
    chmod(&db, 0o444);
    for dir_mode in [0o755, 0o777] {
        chmod(dir.path(), dir_mode);
        let db_s = db.to_str().unwrap();
        for args in [
            vec!["--db", db_s, "status"],
            vec!["--db", db_s, "do", "end-rest", "--person", "FL000001"],
        ] {
            let err = one_error_line(&frontline_unprivileged(dir.path(), &args));
            assert!(err.contains("is read-only"), "{dir_mode:o} {args:?}: {err}");
            assert!(err.contains("ro.db"), "{err}");
        }
    }
    chmod(dir.path(), 0o700);
    chmod(&db, 0o600);
    assert_eq!(std::fs::read(&db).unwrap(), before, "file unchanged");
    assert_eq!(audit_count(&db), audits);
}

#[test]
fn files_that_are_not_databases_are_refused_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.db");
    demo(&good);
    let bytes = std::fs::read(&good).unwrap();
    let cases: Vec<(PathBuf, Vec<u8>, &str)> = vec![
        (
            dir.path().join("text.db"),
            b"name,phone\nli,123\n".repeat(300),
            "not a Frontline database",
        ),
        (
            dir.path().join("truncated.db"),
            bytes[..bytes.len() / 3].to_vec(),
            "truncated.db",
        ),
        (
            dir.path().join("header.db"),
            bytes[..100].to_vec(),
            "header.db",
        ),
    ];
    for (path, content, expect) in cases {
        std::fs::write(&path, &content).unwrap();
        let out = Command::new(BIN)
            .env("HOME", dir.path())
            .env("LANG", "C")
            .args(["--db", path.to_str().unwrap(), "status", "--json"])
            .output()
            .unwrap();
        let err = one_error_line(&out);
        assert!(err.contains(expect), "{}: {err}", path.display());
        assert_eq!(
            std::fs::read(&path).unwrap(),
            content,
            "{} changed",
            path.display()
        );
    }
}

#[cfg(not(feature = "encryption"))]
#[test]
fn a_key_without_the_encryption_feature_is_refused_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plain.db");
    let out = Command::new(BIN)
        .env("HOME", dir.path())
        .env("FRONTLINE_KEY", "secret")
        .args(["--db", db.to_str().unwrap(), "demo", "--people", "10"])
        .output()
        .unwrap();
    let err = one_error_line(&out);
    assert!(err.contains("--features encryption"), "{err}");
    assert!(!db.exists(), "nothing created");
}

#[cfg(feature = "encryption")]
mod encrypted {
    use super::*;

    /// `$FRONTLINE_KEY` is read once and leaves the environment, so
    /// `/proc/PID/environ` of a running Frontline does not show it.
    #[test]
    fn the_key_leaves_the_environment_once_read() {
        use std::io::BufRead;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let db = d.join("env.db");
        let run = |args: &[&str]| {
            Command::new(BIN)
                .env_clear()
                .env("HOME", d)
                .env("LANG", "C")
                .env("FRONTLINE_KEY", "correct horse battery staple")
                .arg("--db")
                .arg(&db)
                .args(args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        };
        assert!(
            run(&["demo", "--people", "20", "--days", "2"])
                .wait()
                .unwrap()
                .success()
        );
        let mut soak = run(&["soak", "--count", "100000"]);
        let mut first = String::new();
        std::io::BufReader::new(soak.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(first.starts_with("ack"), "{first}");
        let environ = std::fs::read(format!("/proc/{}/environ", soak.id())).unwrap();
        let _ = soak.kill();
        let _ = soak.wait();
        let text = String::from_utf8_lossy(&environ);
        assert!(text.contains("HOME="), "{text}");
        assert!(
            !text.contains("FRONTLINE_KEY"),
            "the key is still in the environment"
        );
    }

    fn run(dir: &Path, key_file: Option<&Path>, args: &[&str]) -> Output {
        let mut c = Command::new(BIN);
        c.env_clear()
            .env("HOME", dir)
            .env("FRONTLINE_NOW", "2021-06-10T08:00:00+08:00")
            .env("LANG", "C");
        if let Some(k) = key_file {
            c.arg("--key-file").arg(k);
        }
        c.args(args).output().unwrap()
    }

    fn key_file(dir: &Path, name: &str, key: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, format!("{key}\n")).unwrap();
        chmod(&p, 0o600);
        p
    }

    fn ok(o: &Output) -> String {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).to_string()
    }

    #[test]
    fn an_encrypted_database_needs_its_key_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let db = d.join("enc.db");
        let db_s = db.to_str().unwrap();
        let key = key_file(d, "key", "correct horse battery staple");
        let wrong = key_file(d, "wrong", "not the key");
        ok(&run(
            d,
            Some(&key),
            &["--db", db_s, "demo", "--people", "30", "--days", "3"],
        ));
        let said = ok(&run(
            d,
            Some(&key),
            &[
                "--db",
                db_s,
                "do",
                "stock",
                "receive",
                "--item",
                "SUIT",
                "--quantity",
                "10",
            ],
        ));
        assert!(said.contains("10"), "{said}");
        let status = ok(&run(d, Some(&key), &["--db", db_s, "status", "--json"]));
        assert!(status.contains("on_duty"));

        // On disk nothing is plain SQLite or plain text.
        let bytes = std::fs::read(&db).unwrap();
        assert!(!bytes.starts_with(b"SQLite format 3"));
        assert!(!bytes.windows(8).any(|w| w == b"FL000001"));

        let err = one_error_line(&run(d, Some(&wrong), &["--db", db_s, "status"]));
        assert!(err.contains("wrong key"), "{err}");
        let err = one_error_line(&run(d, None, &["--db", db_s, "status"]));
        assert!(err.contains("--key-file"), "{err}");

        // The backup is encrypted with the same key and restores with it.
        let bak = d.join("enc-backup.db");
        ok(&run(
            d,
            Some(&key),
            &["--db", db_s, "backup", "--out", bak.to_str().unwrap()],
        ));
        assert!(!std::fs::read(&bak).unwrap().starts_with(b"SQLite format 3"));
        let err = one_error_line(&run(
            d,
            Some(&wrong),
            &["--db", db_s, "restore", bak.to_str().unwrap()],
        ));
        assert!(err.contains("wrong key"), "{err}");
        ok(&run(
            d,
            Some(&key),
            &["--db", db_s, "restore", bak.to_str().unwrap()],
        ));
    }

    #[test]
    fn a_key_file_others_can_read_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let key = key_file(dir.path(), "key", "k");
        chmod(&key, 0o644);
        let db = dir.path().join("x.db");
        let err = one_error_line(&run(
            dir.path(),
            Some(&key),
            &["--db", db.to_str().unwrap(), "demo"],
        ));
        assert!(err.contains("chmod 600"), "{err}");
        assert!(!db.exists());
    }
}

/// Only Frontline's own databases are opened. Another program's SQLite file
/// is not changed by a read-only command; a 0-byte file is not silently a new, empty
/// database; `--db` is a path, never an SQLite URI.
#[test]
fn another_programs_file_an_empty_file_and_a_uri_are_not_taken_for_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let mut c = Command::new(BIN);
        c.env("HOME", dir.path())
            .env("FRONTLINE_NOW", "2021-06-10T08:00:00+08:00")
            .env("LANG", "C")
            .env_remove("FRONTLINE_DB")
            .current_dir(dir.path())
            .args(args);
        c.output().unwrap()
    };
    let other = dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes(x); INSERT INTO notes VALUES ('mine')")
        .unwrap();
    let before = std::fs::read(&other).unwrap();
    for args in [vec!["status"], vec!["people"], vec!["do", "undo"]] {
        let mut a = vec!["--db", other.to_str().unwrap()];
        a.extend(args);
        let err = one_error_line(&run(&a));
        assert!(err.contains("another program"), "{err}");
    }
    assert_eq!(
        std::fs::read(&other).unwrap(),
        before,
        "the file was changed"
    );
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let err = one_error_line(&run(&["--db", empty.to_str().unwrap(), "status"]));
    assert!(err.contains("is empty (0 bytes)"), "{err}");
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    // A URI is a file name: the demo goes to a file of that name and stays there.
    let uri = "file:m.db?mode=memory";
    let o = run(&["--db", uri, "demo", "--people", "20", "--days", "2"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.path().join(uri).exists(), "no file named {uri}");
    let o = run(&["--db", uri, "status", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A database constraint is a one-line refusal the user can act on, and an
/// extreme number is refused with its range, never a panic.
#[test]
fn constraint_errors_and_extreme_numbers_are_plain_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    demo(&db);
    let run = |args: &[&str]| {
        Command::new(BIN)
            .env("HOME", dir.path())
            .env("FRONTLINE_NOW", "2021-06-10T08:00:00+08:00")
            .env("LANG", "C")
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
    };
    let test = ["do", "test", "--person", "FL000003", "--result", "negative"];
    let o = run(&test);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let before = audit_count(&db);
    let err = one_error_line(&run(&test));
    assert!(
        err.contains("already recorded: a test result for this person at this time"),
        "{err}"
    );
    assert!(
        !err.contains("UNIQUE") && !err.contains("database error"),
        "{err}"
    );
    assert_eq!(audit_count(&db), before);
    for by in [
        "--by=-9223372036854775808",
        "--by=9223372036854775807",
        "--to=9223372036854775807",
    ] {
        let err = one_error_line(&run(&[
            "do", "stock", "adjust", "--item", "1", by, "--reason", "x",
        ]));
        assert!(
            err.contains("invalid stock change") && err.contains("10000000"),
            "{by}: {err}"
        );
    }
    assert_eq!(audit_count(&db), before);
}

/// Limits for every field, whatever the command: text length and
/// characters, the operator's name, plausible dates, family counts.
#[test]
fn values_past_the_limits_are_refused_and_never_echoed_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    demo(&db);
    let run = |args: &[&str]| {
        Command::new(BIN)
            .env("HOME", dir.path())
            .env("FRONTLINE_NOW", "2021-06-10T08:00:00+08:00")
            .env("LANG", "C")
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
    };
    let before = audit_count(&db);
    let long = "理".repeat(40_000);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "do",
                "force-rest",
                "--person",
                "FL000002",
                "--reason",
                &long,
            ],
            "invalid text",
        ),
        (
            vec![
                "--operator",
                &long,
                "do",
                "force-rest",
                "--person",
                "FL000002",
                "--reason",
                "r",
            ],
            "invalid operator name",
        ),
        (
            vec![
                "--operator",
                "a\u{202e}b",
                "do",
                "force-rest",
                "--person",
                "FL000002",
                "--reason",
                "r",
            ],
            "invalid operator name",
        ),
        (
            vec![
                "do",
                "family",
                "--person",
                "FL000002",
                "--dependents",
                "9223372036854775807",
            ],
            "invalid family count",
        ),
        (
            vec![
                "do",
                "health",
                "--person",
                "FL000002",
                "--temp",
                "36.5",
                "--date",
                "1900-01-01",
            ],
            "invalid date",
        ),
        (
            vec![
                "do",
                "shift",
                "plan",
                "--person",
                "FL000002",
                "--post",
                "1",
                "--start",
                "9999-01-01T08:00",
                "--end",
                "9999-01-01T16:00",
            ],
            "invalid date",
        ),
        (
            vec![
                "do",
                "shift",
                "copy-day",
                "--date",
                "9999-12-30",
                "--days",
                "3",
            ],
            "invalid date",
        ),
    ];
    for (args, want) in cases {
        let o = run(&args);
        let err = one_error_line(&o);
        assert!(err.contains(want), "{:?}: {err}", &args[..2]);
        assert!(err.len() < 400, "echoed whole: {} bytes", err.len());
    }
    assert_eq!(audit_count(&db), before);
}

/// A read-only command never migrates: an older Frontline database is left
/// as it is by `status`, and brought up to date by a command that writes.
#[test]
fn a_read_only_command_does_not_upgrade_an_older_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    {
        let mut c = rusqlite::Connection::open(&db).unwrap();
        frontline::store::schema::migrations()
            .to_version(&mut c, 2)
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let run = |args: &[&str]| {
        Command::new(BIN)
            .env("HOME", dir.path())
            .env("FRONTLINE_NOW", "2021-06-10T08:00:00+08:00")
            .env("LANG", "C")
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
    };
    for args in [
        vec!["status"],
        vec!["people"],
        vec!["audit"],
        vec!["export", "people"],
    ] {
        let err = one_error_line(&run(&args));
        assert!(err.contains("older Frontline (schema 2"), "{args:?}: {err}");
    }
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "a read-only command changed the file"
    );
    let o = run(&["do", "undo"]);
    assert_ne!(o.status.code(), Some(101));
    let o = run(&["status", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
