//! End to end, the schedule: the real binary in a pseudo-terminal, a dispatcher finds tomorrow's
//! gaps, fills one from the call-up list with keys, and sees the gap close; the database (read
//! by `frontline schedule --json` and `audit --json`) agrees. Harness copied from `pty.rs`.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use serde_json::Value;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_frontline");
const NOW: &str = "2021-06-10T08:00:00+08:00";
const TIMEOUT: Duration = Duration::from_secs(10);

/// The environment every child gets: nothing from the developer's shell leaks in.
fn child_env(home: &Path) -> Vec<(String, String)> {
    vec![
        ("HOME".into(), home.display().to_string()),
        ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
        ("FRONTLINE_NOW".into(), NOW.into()),
        ("LANG".into(), "C.UTF-8".into()),
        ("TERM".into(), "xterm-256color".into()),
    ]
}

/// A temp dir with a demo database in it.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let f = Fixture { dir };
        let db = f.db().display().to_string();
        f.cli(&["demo", "--db", &db, "--people", "300", "--days", "14"]);
        f
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("t.db")
    }

    /// Run the binary without a terminal; panics unless it succeeds. Returns stdout.
    fn cli(&self, args: &[&str]) -> String {
        let out = Command::new(BIN)
            .env_clear()
            .envs(child_env(self.dir.path()))
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

    fn json(&self, args: &[&str]) -> Value {
        let db = self.db().display().to_string();
        let mut all = vec!["--db", db.as_str()];
        all.extend_from_slice(args);
        serde_json::from_str(&self.cli(&all)).unwrap()
    }

    /// The console on this database in a `cols`×`rows` pty.
    fn console(&self, cols: u16, rows: u16) -> Pty {
        let db = self.db().display().to_string();
        Pty::spawn(
            self.dir.path(),
            &["--db", &db, "--lang", "en", "--operator", "pty-tester"],
            cols,
            rows,
        )
    }
}

/// What the reader thread has seen: the emulated screen and every raw byte.
struct Seen {
    parser: vt100::Parser,
    raw: Vec<u8>,
}

struct Pty {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    seen: Arc<Mutex<Seen>>,
    reader: Option<JoinHandle<()>>,
    // Kept open until the reader is done: closing the master early would hang up the child.
    _master: Box<dyn MasterPty + Send>,
}

impl Pty {
    fn spawn(home: &Path, args: &[&str], cols: u16, rows: u16) -> Pty {
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
        for (k, v) in child_env(home) {
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

    fn screen(&self) -> String {
        self.seen.lock().unwrap().parser.screen().contents()
    }

    /// Poll the screen until `pred` holds; panic with the screen if it does not within `timeout`.
    fn wait_until(
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

    fn wait_for(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(&format!("{text:?}"), timeout, |s| {
            s.contents().contains(text)
        })
    }

    fn wait_for_panels(&self) -> String {
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

    fn send(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).unwrap();
        self.writer.flush().unwrap();
    }

    /// Wait for the child to exit, then for the reader to drain the pty. Returns whether it exited 0.
    fn wait_exit(&mut self, timeout: Duration) -> bool {
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
        status.success()
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
fn on_duty_count(screen: &str) -> Option<usize> {
    let rest = &screen[screen.find("On duty (")? + "On duty (".len()..];
    rest[..rest.find(')')?].parse().ok()
}

/// The text after the "▶ " selection marker within columns `start..start + width`, if any.
fn selected_row(screen: &vt100::Screen, start: u16, width: u16) -> Option<String> {
    screen
        .rows(start, width)
        .find_map(|r| r.split_once("▶ ").map(|(_, rest)| rest.to_string()))
}

/// (assigned, short_by) of a post's slot starting at `start` (RFC 3339) tomorrow.
fn slot(fx: &Fixture, post: i64, start: &str) -> (i64, i64) {
    let v = fx.json(&["schedule", "--date", "2021-06-11", "--json"]);
    let s = v["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["post_id"] == post && s["start"] == start)
        .unwrap_or_else(|| panic!("no slot {post} {start}: {v:#}"));
    (
        s["assigned"].as_i64().unwrap(),
        s["short_by"].as_i64().unwrap(),
    )
}

#[test]
fn a_gap_in_tomorrows_schedule_is_filled_from_the_call_up_list_with_keys() {
    let fx = Fixture::new();
    // The first short slot of tomorrow, as the gaps-only view lists it.
    let v = fx.json(&["schedule", "--date", "2021-06-11", "--gaps", "--json"]);
    let first = &v["slots"][0];
    let post = first["post_id"].as_i64().unwrap();
    let start = first["start"].as_str().unwrap().to_string();
    let name = first["post"].as_str().unwrap().to_string();
    let (assigned, short) = slot(&fx, post, &start);
    assert!(short > 0);

    let mut pty = fx.console(120, 40);
    pty.wait_for_panels();
    pty.send(b"S");
    pty.wait_for("Schedule & coverage · 2021-06-10", TIMEOUT);
    pty.send(b"]");
    pty.wait_for("2021-06-11 Fri", TIMEOUT);
    pty.send(b"v");
    pty.wait_for("gaps only", TIMEOUT);
    // The selected row is that slot, marked short with a symbol and a word.
    pty.wait_until("the first gap selected", TIMEOUT, |s| {
        selected_row(s, 0, 120)
            .is_some_and(|r| r.contains(&name) && r.contains(&format!("▼ short {short}")))
    });
    pty.send(b"a");
    pty.wait_for("who can go", TIMEOUT);
    let row = pty.wait_until("a candidate selected", TIMEOUT, |s| {
        selected_row(s, 0, 120).is_some_and(|r| r.contains("✓ can go"))
    });
    let picked = selected_row(pty.seen.lock().unwrap().parser.screen(), 0, 120)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    assert!(row.contains(&picked));
    pty.send(b"\r");
    let screen = pty.wait_for("planned at", TIMEOUT);
    assert!(
        screen.contains(&format!("✓ {picked} planned at {name}")),
        "footer names someone else:\n{screen}"
    );
    // Back on the schedule, gaps only: the slot is one short fewer (or gone, if it is full).
    assert!(screen.contains("gaps only"), "{screen}");
    if short > 1 {
        pty.wait_until("the gap to shrink", TIMEOUT, |s| {
            selected_row(s, 0, 120)
                .is_some_and(|r| r.contains(&name) && r.contains(&format!("▼ short {}", short - 1)))
        });
    }
    pty.send(b"q");
    assert!(
        pty.wait_exit(TIMEOUT),
        "the console did not exit with success"
    );

    assert_eq!(slot(&fx, post, &start), (assigned + 1, short - 1));
    let audit = fx.json(&["audit", "--json", "--limit", "1"]);
    assert_eq!(audit[0]["action"], "shift_plan", "{audit:#}");
    assert_eq!(audit[0]["operator"], "pty-tester", "{audit:#}");
    assert_eq!(audit[0]["details"]["post_id"], post, "{audit:#}");
}
