//! The real binary in a pseudo-terminal, its screen read back through `vt100`: one harness
//! for every end-to-end test (`use crate::support::pty::*;`).
#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use serde_json::Value;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_frontline");
/// The clock every child sees unless a fixture says otherwise.
pub const NOW: &str = "2021-06-10T08:00:00+08:00";
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The environment every child gets: nothing from the developer's shell leaks in.
pub fn child_env(home: &Path, now: &str) -> Vec<(String, String)> {
    vec![
        ("HOME".into(), home.display().to_string()),
        ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
        ("FRONTLINE_NOW".into(), now.into()),
        ("LANG".into(), "C.UTF-8".into()),
        ("TERM".into(), "xterm-256color".into()),
        // A config file of the test's own (absent unless the test writes one).
        (
            "FRONTLINE_CONFIG".into(),
            home.join("config.toml").display().to_string(),
        ),
    ]
}

/// A temp dir with a demo database in it. Under `FRONTLINE_TEST_ENGINE=postgres` (with
/// `FRONTLINE_TEST_PG`) the database is a server database of the fixture's own, the demo made
/// as a file (`t.db`) and copied into it with `frontline migrate`: `db()` is then its address,
/// which every `--db` of the tests takes as it takes a path.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub now: &'static str,
    /// The fixture's server database (on PostgreSQL runs); dropped with the fixture.
    pub server: Option<super::pg::TestDb>,
}

/// Whether this run's consoles are on PostgreSQL (`FRONTLINE_TEST_ENGINE=postgres`).
pub fn on_postgres() -> bool {
    super::db::Engine::from_env() == super::db::Engine::Postgres
}

/// On a PostgreSQL run, print why a test about the SQLite file alone does not run there and
/// return true (the caller returns); false on SQLite.
pub fn skip_on_postgres(why: &str) -> bool {
    if on_postgres() {
        eprintln!("skipped on PostgreSQL: {why}");
    }
    on_postgres()
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture::at(NOW)
    }

    /// A demo database of 300 people and 14 days, with the clock frozen at `now`.
    pub fn at(now: &'static str) -> Fixture {
        let f = Fixture::empty(now);
        let file = f.file().display().to_string();
        f.cli(&["demo", "--db", &file, "--people", "300", "--days", "14"]);
        if let Some(s) = &f.server {
            f.cli(&["migrate", "--from", &file, "--to", &s.url]);
        }
        f
    }

    /// No database yet (on PostgreSQL an empty server database of its own).
    pub fn empty(now: &'static str) -> Fixture {
        Fixture {
            dir: tempfile::tempdir().unwrap(),
            now,
            server: on_postgres().then(super::pg::TestDb::new),
        }
    }

    /// The database the tests and consoles use: the file, or on PostgreSQL the server's address.
    pub fn db(&self) -> PathBuf {
        match &self.server {
            Some(s) => PathBuf::from(&s.url),
            None => self.file(),
        }
    }

    /// The SQLite file (on PostgreSQL only what the server database was copied from).
    pub fn file(&self) -> PathBuf {
        self.dir.path().join("t.db")
    }

    /// The fixture's database through the store facade (either engine), for a test's reads.
    pub fn store(&self) -> frontline::store::Store {
        frontline::store::Store::open_read(&self.db(), frontline::store::StoreConfig::default())
            .unwrap()
    }

    /// One integer from a query on the fixture's database (either engine).
    pub fn int(&self, sql: &str) -> i64 {
        self.store()
            .db()
            .query_row(sql, [], |r| r.get::<_, i64>(0))
            .unwrap()
    }

    /// Run the binary without a terminal; panics unless it succeeds. Returns stdout.
    pub fn cli(&self, args: &[&str]) -> String {
        let out = Command::new(BIN)
            .env_clear()
            .envs(child_env(self.dir.path(), self.now))
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let db = self.db().display().to_string();
        let mut all = vec!["--db", db.as_str()];
        all.extend_from_slice(args);
        serde_json::from_str(&self.cli(&all)).unwrap()
    }

    pub fn status(&self) -> Value {
        self.json(&["status", "--json"])
    }

    /// The console on this database in a `cols`×`rows` pty.
    pub fn console(&self, cols: u16, rows: u16) -> Pty {
        let db = self.db().display().to_string();
        Pty::spawn_at(
            self.dir.path(),
            self.now,
            &["--db", &db, "--lang", "en", "--operator", "pty-tester"],
            cols,
            rows,
        )
    }
}

/// What the reader thread has seen: the emulated screen and every raw byte.
pub struct Seen {
    pub parser: vt100::Parser,
    pub raw: Vec<u8>,
}

pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    pub seen: Arc<Mutex<Seen>>,
    reader: Option<JoinHandle<()>>,
    // Kept open until the reader is done: closing the master early would hang up the child.
    _master: Box<dyn MasterPty + Send>,
}

impl Pty {
    pub fn spawn(home: &Path, args: &[&str], cols: u16, rows: u16) -> Pty {
        Pty::spawn_with(home, args, &[], cols, rows)
    }

    pub fn spawn_at(home: &Path, now: &str, args: &[&str], cols: u16, rows: u16) -> Pty {
        Pty::spawn_full(home, now, args, &[], cols, rows)
    }

    pub fn spawn_with(
        home: &Path,
        args: &[&str],
        extra_env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Pty {
        Pty::spawn_full(home, NOW, args, extra_env, cols, rows)
    }

    pub fn spawn_full(
        home: &Path,
        now: &str,
        args: &[&str],
        extra_env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(BIN);
        cmd.env_clear();
        for (k, v) in child_env(home, now) {
            cmd.env(k, v);
        }
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        cmd.cwd(home);
        cmd.args(args);
        let child = pair.slave.spawn_command(cmd).unwrap();
        // The child holds its own copy; ours would keep the pty open after it exits (no EOF).
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let nz = |n: u16| NonZeroU16::new(n).unwrap();
        let seen = Arc::new(Mutex::new(Seen {
            parser: vt100::Parser::new(nz(rows), nz(cols), 0),
            raw: Vec::new(),
        }));
        let s = Arc::clone(&seen);
        let handle = thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    // EOF, or EIO once the child has exited (the normal end on Linux).
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut s = s.lock().unwrap();
                        s.parser.process(&buf[..n]);
                        s.raw.extend_from_slice(&buf[..n]);
                    }
                }
            }
        });
        Pty {
            child,
            writer,
            seen,
            reader: Some(handle),
            _master: pair.master,
        }
    }

    pub fn screen(&self) -> String {
        self.seen.lock().unwrap().parser.screen().contents()
    }

    /// Resize the terminal (the console gets SIGWINCH) and the emulated screen with it.
    #[allow(dead_code)]
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let nz = |n: u16| NonZeroU16::new(n).unwrap();
        self.seen
            .lock()
            .unwrap()
            .parser
            .set_size(nz(rows), nz(cols));
    }

    pub fn raw(&self) -> Vec<u8> {
        self.seen.lock().unwrap().raw.clone()
    }

    /// Poll the screen until `pred` holds; panic with the screen if it does not within `timeout`.
    pub fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        pred: impl Fn(&vt100::Screen) -> bool,
    ) -> String {
        let start = Instant::now();
        loop {
            {
                let seen = self.seen.lock().unwrap();
                let screen = seen.parser.screen();
                if pred(screen) {
                    return screen.contents();
                }
            }
            if start.elapsed() > timeout {
                panic!(
                    "waited {timeout:?} for {what}; the screen:\n{}",
                    self.screen()
                );
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_for(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(&format!("{text:?}"), timeout, |s| {
            s.contents().contains(text)
        })
    }

    pub fn wait_for_panels(&self) -> String {
        let titles = [
            "On duty",
            "Overdue for rest",
            "Family support",
            "Supply stock",
        ];
        // Wait for data too: the first frame may be drawn before the panels are filled.
        self.wait_until("the four panel titles", TIMEOUT, |s| {
            let s = s.contents();
            titles.iter().all(|t| s.contains(t)) && on_duty_count(&s).is_some()
        })
    }

    pub fn send(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).unwrap();
        self.writer.flush().unwrap();
    }

    /// Wait for the child to exit, then for the reader to drain the pty. Returns whether it exited 0.
    pub fn wait_exit(&mut self, timeout: Duration) -> bool {
        self.wait_exit_code(timeout) == 0
    }

    /// Wait for the child to exit and the pty to drain; its exit code.
    pub fn wait_exit_code(&mut self, timeout: Duration) -> u32 {
        let start = Instant::now();
        let status = loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                break st;
            }
            if start.elapsed() > timeout {
                let _ = self.child.kill();
                panic!(
                    "the console did not exit within {timeout:?}; the screen:\n{}",
                    self.screen()
                );
            }
            thread::sleep(Duration::from_millis(20));
        };
        let reader = self.reader.take().unwrap();
        while !reader.is_finished() {
            assert!(
                start.elapsed() < timeout * 2,
                "the pty never reached EOF after the child exited"
            );
            thread::sleep(Duration::from_millis(20));
        }
        reader.join().unwrap();
        status.exit_code()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // A failed test must not leave a console running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// N in the "On duty (N)" panel title.
pub fn on_duty_count(screen: &str) -> Option<usize> {
    let rest = &screen[screen.find("On duty (")? + "On duty (".len()..];
    rest[..rest.find(')')?].parse().ok()
}

/// The text after the "▶ " selection marker within columns `start..start + width`, if any.
pub fn selected_row(screen: &vt100::Screen, start: u16, width: u16) -> Option<String> {
    screen
        .rows(start, width)
        .find_map(|r| r.split_once("▶ ").map(|(_, rest)| rest.to_string()))
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

/// Force the first person of `pty`'s On duty panel to rest, by keys, with `reason`; their name.
pub fn force_first_on_duty(pty: &mut Pty, reason: &str) -> String {
    pty.send(b"1");
    pty.wait_until("a selected On duty row", TIMEOUT, |s| {
        selected_row(s, 0, 60).is_some()
    });
    let row = selected_row(pty.seen.lock().unwrap().parser.screen(), 0, 60).unwrap();
    let name = row.split_whitespace().next().unwrap().to_string();
    pty.send(b"f");
    pty.wait_for("Reason (required)", TIMEOUT);
    pty.send(format!("{reason}\r").as_bytes());
    pty.wait_for(&format!("✓ {name} in forced rest until"), TIMEOUT);
    name
}
