//! End to end in a pseudo-terminal: a dispatcher opens the health screen and types reports in a
//! row, one after another, with keys only; the database then holds them.

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
/// After the 10:00 deadline, so the not-reported are flagged.
const NOW: &str = "2021-06-10T11:00:00+08:00";
const TIMEOUT: Duration = Duration::from_secs(10);

fn child_env(home: &Path) -> Vec<(String, String)> {
    vec![
        ("HOME".into(), home.display().to_string()),
        ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
        ("FRONTLINE_NOW".into(), NOW.into()),
        ("LANG".into(), "C.UTF-8".into()),
        ("TERM".into(), "xterm-256color".into()),
    ]
}

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().unwrap(),
        };
        let db = f.db().display().to_string();
        f.cli(&["demo", "--db", &db, "--people", "300", "--days", "14"]);
        f
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("t.db")
    }

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

    fn health(&self) -> Value {
        let db = self.db().display().to_string();
        serde_json::from_str(&self.cli(&["--db", &db, "health", "--json"])).unwrap()
    }
}

struct Pty {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    reader: Option<JoinHandle<()>>,
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
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let nz = |n: u16| NonZeroU16::new(n).unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let p = Arc::clone(&parser);
        let handle = thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => p.lock().unwrap().process(&buf[..n]),
                }
            }
        });
        Pty {
            child,
            writer,
            parser,
            reader: Some(handle),
            _master: pair.master,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            if start.elapsed() > TIMEOUT {
                panic!("waited for {text:?}; the screen:\n{s}");
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        let status = loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                break st;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("the console did not exit; the screen:\n{}", self.screen());
            }
            thread::sleep(Duration::from_millis(20));
        };
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        status.success()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Ids of people without a report today, in list order.
fn not_reported(v: &Value) -> Vec<i64> {
    v["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["report"] == "missing")
        .map(|p| p["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn health_reports_are_entered_in_a_row_with_keys() {
    let fx = Fixture::new();
    let before = fx.health();
    let waiting = not_reported(&before);
    let temps = ["36.6", "", "37.1", "", "38.2", "", "36.9", "", "", "36.4"];
    let db = fx.db().display().to_string();
    let mut pty = Pty::spawn(
        fx.dir.path(),
        &["--db", &db, "--lang", "en", "--operator", "pty-nurse"],
        100,
        30,
    );
    pty.wait_for("On duty (");
    pty.send(b"M");
    pty.wait_for("health · everyone");
    pty.send(b"m");
    pty.wait_for("health · not reported");
    pty.send(b"h");
    pty.wait_for("Health report");
    let started = Instant::now();
    for (i, t) in temps.iter().enumerate() {
        // The form names the next person who has not reported, then takes the temperature.
        pty.wait_for(&format!("#{})", waiting[i]));
        pty.send(t.as_bytes());
        pty.send(b"\r");
        pty.wait_for(&format!(
            "reported {}/",
            before["summary"]["reported"].as_u64().unwrap() + i as u64 + 1
        ));
    }
    let took = started.elapsed();
    pty.send(b"\x1b");
    thread::sleep(Duration::from_millis(100));
    pty.send(b"q");
    assert!(pty.wait_exit(), "the console did not exit with success");

    let after = fx.health();
    assert_eq!(
        after["summary"]["reported"].as_u64().unwrap(),
        before["summary"]["reported"].as_u64().unwrap() + temps.len() as u64
    );
    let people = after["people"].as_array().unwrap();
    for (i, t) in temps.iter().enumerate() {
        let p = people.iter().find(|p| p["id"] == waiting[i]).unwrap();
        let want: f64 = if t.is_empty() {
            36.5
        } else {
            t.parse().unwrap()
        };
        assert_eq!(p["temperature"].as_f64(), Some(want), "{p}");
        assert_eq!(p["report"], "late", "{p}");
    }
    let unwell = people.iter().find(|p| p["id"] == waiting[4]).unwrap();
    assert_eq!(unwell["unwell"], true, "38.2 °C is a fever");
    // Ten reports in a row take seconds, not minutes (keys, save, next person).
    assert!(took < Duration::from_secs(8), "{took:?}");
    let audit: Value =
        serde_json::from_str(&fx.cli(&["--db", &db, "audit", "--json", "--limit", "10"])).unwrap();
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["action"] == "health_report" && a["operator"] == "pty-nurse")
    );
}
