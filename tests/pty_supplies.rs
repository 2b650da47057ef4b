//! End to end: issuing stock with keys in the real console, in a pseudo-terminal, and seeing
//! the item's days of cover change on screen; then the same figures from `frontline stock`.

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

/// The supplies list's row of `name` (the left panel, without the detail beside it).
fn row_of(screen: &str, name: &str) -> Option<String> {
    screen
        .lines()
        .filter(|l| l.starts_with('║'))
        .map(|l| l.split("║│").next().unwrap_or(l))
        .find(|l| l.contains(name))
        .map(str::to_string)
}

fn cover_text(item: &Value) -> String {
    format!("{:.1}d", item["days_of_cover"].as_f64().unwrap())
}

#[test]
fn issuing_stock_with_keys_changes_the_days_of_cover_on_screen() {
    let fx = Fixture::new();
    let before = fx.json(&["stock", "--json"]);
    // The item that runs out first is listed (and selected) first.
    let first = &before["items"][0];
    let (code, name) = (
        first["code"].as_str().unwrap().to_string(),
        first["name"].as_str().unwrap().to_string(),
    );
    assert_eq!(first["low"], true, "{before:#}");
    let cover_before = cover_text(first);

    let mut pty = fx.console(120, 40);
    pty.wait_for("Supply stock", TIMEOUT);
    pty.send(b"P");
    let screen = pty.wait_for("Stock, last 28 days", TIMEOUT);
    let row = row_of(&screen, &name).unwrap();
    assert!(
        row.contains("▶") && row.contains(&cover_before) && row.contains("▼LOW"),
        "{row}"
    );
    assert!(screen.contains("⚠low"), "the header alerts:\n{screen}");

    pty.send(b"x");
    pty.wait_for("Issue stock", TIMEOUT);
    pty.wait_for(&format!("→ {name}"), TIMEOUT);
    pty.send(b"50\t3\r");
    let screen = pty.wait_for("✓ Issued 50 ", TIMEOUT);

    let after = fx.json(&["stock", "--json"]);
    let item = after["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code.as_str())
        .unwrap();
    assert_eq!(item["on_hand"], first["on_hand"].as_i64().unwrap() - 50);
    let cover_after = cover_text(item);
    assert_ne!(cover_after, cover_before);
    let row = row_of(&screen, &name).unwrap();
    assert!(
        row.contains(&cover_after),
        "cover on screen is not {cover_after}: {row}"
    );
    assert!(
        row.contains(&format!("{} ", item["on_hand"])),
        "on hand on screen is not {}: {row}",
        item["on_hand"]
    );

    pty.send(b"q");
    assert!(
        pty.wait_exit(TIMEOUT),
        "the console did not exit with success"
    );
    let audit = fx.json(&["audit", "--json", "--limit", "1"]);
    assert_eq!(audit[0]["action"], "stock_issue", "{audit:#}");
    assert_eq!(audit[0]["operator"], "pty-tester", "{audit:#}");
    assert_eq!(audit[0]["details"]["quantity"], 50, "{audit:#}");
}
