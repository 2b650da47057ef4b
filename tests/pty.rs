//! End-to-end: the real binary in a pseudo-terminal, its screen read back through `vt100`.

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

    fn status(&self) -> Value {
        self.json(&["status", "--json"])
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
        Pty::spawn_with(home, args, &[], cols, rows)
    }

    fn spawn_with(
        home: &Path,
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
        for (k, v) in child_env(home) {
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

    fn screen(&self) -> String {
        self.seen.lock().unwrap().parser.screen().contents()
    }

    fn raw(&self) -> Vec<u8> {
        self.seen.lock().unwrap().raw.clone()
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

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

#[test]
fn console_shows_four_panels_and_forced_rest_by_keys_is_audited() {
    let fx = Fixture::new();
    let before = fx.status();
    let first = &before["overdue_rest"][0];
    let (id, name) = (
        first["id"].as_i64().unwrap(),
        first["name"].as_str().unwrap().to_string(),
    );

    let mut pty = fx.console(120, 40);
    pty.wait_for_panels();
    // The Overdue panel is the right half of the top row; once focused, its first row is selected.
    pty.send(b"2");
    pty.wait_until("the selection to move to the Overdue panel", TIMEOUT, |s| {
        selected_row(s, 0, 60).is_none() && selected_row(s, 60, 60).is_some()
    });
    let row = selected_row(pty.seen.lock().unwrap().parser.screen(), 60, 60).unwrap();
    assert!(
        row.trim_start().starts_with(&name),
        "selected Overdue row {row:?} is not {name}"
    );
    pty.send(b"f");
    pty.wait_for("Forced rest", TIMEOUT);
    // The form is prefilled with the selected row, the first overdue person, and names them.
    pty.wait_for(&format!("#{id})"), TIMEOUT);
    pty.send(b"\r");
    let screen = pty.wait_for("in forced rest until", TIMEOUT);
    assert!(
        screen.contains(&format!("✓ {name} in forced rest until")),
        "footer names someone else:\n{screen}"
    );
    pty.send(b"q");
    assert!(
        pty.wait_exit(TIMEOUT),
        "the console did not exit with success"
    );

    let audit = fx.json(&["audit", "--json", "--limit", "5"]);
    let newest = &audit[0];
    assert_eq!(newest["action"], "force_rest", "{audit:#}");
    assert_eq!(newest["operator"], "pty-tester", "{audit:#}");
    assert_eq!(newest["target"], format!("person:{id}"), "{audit:#}");
    assert_eq!(newest["details"]["person_id"], id, "{audit:#}");

    let after = fx.status();
    assert!(
        !ids(&after["on_duty"]).contains(&id),
        "{name} (#{id}) is still on duty"
    );
    assert!(
        !ids(&after["overdue_rest"]).contains(&id),
        "{name} (#{id}) is still overdue"
    );
}

#[test]
fn terminal_is_restored_after_quit() {
    let fx = Fixture::new();
    let mut pty = fx.console(120, 40);
    pty.wait_for_panels();
    pty.send(b"q");
    assert!(
        pty.wait_exit(TIMEOUT),
        "the console did not exit with success"
    );
    let raw = pty.raw();
    assert!(
        contains(&raw, b"\x1b[?1049h"),
        "never entered the alternate screen"
    );
    assert!(
        contains(&raw, LEAVE_ALT_SCREEN),
        "did not leave the alternate screen"
    );
    assert!(contains(&raw, SHOW_CURSOR), "did not show the cursor again");
}

#[test]
fn write_from_another_process_appears_within_a_second() {
    let fx = Fixture::new();
    let status = fx.status();
    let id = status["on_duty"][0]["id"].as_i64().unwrap();
    let mut pty = fx.console(120, 40);
    let n = on_duty_count(&pty.wait_for_panels()).unwrap();
    assert_eq!(n, status["on_duty"].as_array().unwrap().len());

    let db = fx.db().display().to_string();
    fx.cli(&["--db", &db, "do", "check-out", "--person", &id.to_string()]);
    let want = format!("On duty ({})", n - 1);
    pty.wait_for(&want, Duration::from_millis(1500));

    pty.send(b"q");
    assert!(
        pty.wait_exit(TIMEOUT),
        "the console did not exit with success"
    );
}

#[test]
fn too_small_terminal_says_so_and_quits_cleanly() {
    let fx = Fixture::new();
    let mut pty = fx.console(60, 15);
    pty.wait_for("Terminal too small", TIMEOUT);
    pty.send(b"q");
    assert!(
        pty.wait_exit(TIMEOUT),
        "the console did not exit with success"
    );
    assert!(
        contains(&pty.raw(), LEAVE_ALT_SCREEN),
        "did not leave the alternate screen"
    );
}

#[test]
fn sigterm_sighup_and_sigint_each_restore_the_terminal() {
    let fx = Fixture::new();
    for sig in ["TERM", "HUP", "INT"] {
        let mut pty = fx.console(120, 40);
        pty.wait_for_panels();
        let pid = pty.child.process_id().expect("child pid");
        let st = Command::new("kill")
            .args([&format!("-{sig}"), &pid.to_string()])
            .status()
            .unwrap();
        assert!(st.success(), "kill -{sig} {pid} failed");
        assert!(
            pty.wait_exit(TIMEOUT),
            "the console did not exit with success after SIG{sig}"
        );
        let raw = pty.raw();
        assert!(
            contains(&raw, LEAVE_ALT_SCREEN),
            "did not leave the alternate screen after SIG{sig}"
        );
        assert!(
            contains(&raw, SHOW_CURSOR),
            "did not show the cursor after SIG{sig}"
        );
    }
}

#[test]
fn a_panic_restores_the_terminal_and_says_what_happened() {
    let fx = Fixture::new();
    let db = fx.db().display().to_string();
    let home = fx.dir.path().to_path_buf();
    let mut pty = Pty::spawn_with(
        &home,
        &["--db", &db, "--lang", "en"],
        &[("FRONTLINE_TEST_PANIC", "1")],
        100,
        30,
    );
    assert!(
        !pty.wait_exit(TIMEOUT),
        "a panic must not exit with success"
    );
    let raw = pty.raw();
    assert!(
        contains(&raw, LEAVE_ALT_SCREEN),
        "did not leave the alternate screen after a panic"
    );
    assert!(
        contains(&raw, SHOW_CURSOR),
        "did not show the cursor after a panic"
    );
    assert!(
        contains(&raw, b"FRONTLINE_TEST_PANIC is set"),
        "the panic message was not shown"
    );
}
