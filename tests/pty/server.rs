//! Two consoles on one PostgreSQL database, each on its own connection (two desks of a post):
//! what one writes by keys shows on the other within a second.
//!
//! The consoles run with their fallback poll at 10 s (`FRONTLINE_WATCH_POLL_MS`): a write
//! shown within a second was shown by the audit trigger's notification (`LISTEN`).

use crate::support::pg::TestDb;
use crate::support::pty::*;
use std::time::Duration;

/// The consoles' fallback poll, long enough that only a notification shows a write in time.
const SLOW_POLL: (&str, &str) = ("FRONTLINE_WATCH_POLL_MS", "10000");

#[test]
#[ignore = "PostgreSQL half skipped: needs FRONTLINE_TEST_PG (CI sets it)"]
fn on_postgres_two_consoles_see_each_others_writes_within_a_second() {
    let fx = Fixture::new();
    let server = TestDb::new();
    let file = fx.file().display().to_string();
    fx.cli(&["migrate", "--from", &file, "--to", &server.url]);
    let desk = |who: &str| {
        Pty::spawn_full(
            fx.dir.path(),
            fx.now,
            &["--db", &server.url, "--lang", "en", "--operator", who],
            &[SLOW_POLL],
            120,
            40,
        )
    };
    let (mut a, mut b) = (desk("desk-a"), desk("desk-b"));
    let n = on_duty_count(&a.wait_for_panels()).unwrap();
    assert_eq!(on_duty_count(&b.wait_for_panels()), Some(n));

    force_first_on_duty(&mut a, "轮换 two desks");
    b.wait_for(&format!("On duty ({})", n - 1), Duration::from_secs(1));
    force_first_on_duty(&mut b, "轮换 two desks");
    a.wait_for(&format!("On duty ({})", n - 2), Duration::from_secs(1));
    // A script's writes reach both within a second, each (the 5 s re-read cannot explain
    // three in a row).
    for k in 3..6 {
        check_out_first(&fx, &server.url);
        for p in [&a, &b] {
            p.wait_for(&format!("On duty ({})", n - k), Duration::from_secs(1));
        }
    }
    assert_eq!(
        server.int("SELECT count(*) FROM audit_log WHERE action = 'force_rest'"),
        2
    );
    a.send(b"q");
    b.send(b"q");
    assert!(a.wait_exit(TIMEOUT) && b.wait_exit(TIMEOUT));
}

/// `frontline do check-out` of the first person on duty, by a script of its own.
fn check_out_first(fx: &Fixture, url: &str) {
    let status: serde_json::Value =
        serde_json::from_str(&fx.cli(&["--db", url, "status", "--json"])).unwrap();
    let id = status["on_duty"][0]["id"].as_i64().unwrap();
    fx.cli(&["--db", url, "do", "check-out", "--person", &id.to_string()]);
}

/// A PostgreSQL cluster of the test's own (the one the test stops and starts again): Debian's
/// binaries, trust on 127.0.0.1, a free port. Stopped and removed when dropped.
struct OwnServer {
    dir: tempfile::TempDir,
    bin: std::path::PathBuf,
    port: u16,
}

impl OwnServer {
    fn new() -> OwnServer {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL's binaries in /usr/lib/postgresql")
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .filter(|b| b.join("initdb").exists())
            .max()
            .expect("initdb");
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let s = OwnServer { dir, bin, port };
        if root() {
            let ok = std::process::Command::new("chown")
                .args(["-R", "postgres"])
                .arg(s.dir.path())
                .status()
                .unwrap();
            assert!(ok.success());
        }
        let data = s.data();
        let out = s
            .tool("initdb")
            .args(["-D", &data, "--auth=trust", "-U", "postgres", "--no-sync"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(s.try_start(), "the server did not start");
        s
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    /// One of PostgreSQL's programs, as the `postgres` user when the test runs as root
    /// (initdb and the server refuse root).
    fn tool(&self, name: &str) -> std::process::Command {
        let exe = self.bin.join(name);
        if root() {
            let mut c = std::process::Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            std::process::Command::new(exe)
        }
    }

    fn try_start(&self) -> bool {
        let opts = format!(
            "-F -c listen_addresses=127.0.0.1 -p {} -k {}",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("log").display().to_string();
        self.tool("pg_ctl")
            .args(["-D", &self.data(), "-l", &log, "-w", "-o", &opts, "start"])
            .output()
            .is_ok_and(|o| o.status.success())
    }

    fn stop(&self) {
        let out = self
            .tool("pg_ctl")
            .args(["-D", &self.data(), "-m", "fast", "-w", "stop"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl stop: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `kill -9` of the postmaster (its backends end when they see it gone).
    fn kill_9(&self) {
        let pid = std::fs::read_to_string(self.dir.path().join("data/postmaster.pid")).unwrap();
        let pid = pid.lines().next().unwrap().trim().to_string();
        let ok = std::process::Command::new("kill")
            .args(["-9", &pid])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// Start again, also after `kill_9`, when the old backends may hold the shared memory for
    /// a moment.
    fn start(&self) {
        for _ in 0..50 {
            if self.try_start() {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("the server did not start again");
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

fn root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        let _ = self
            .tool("pg_ctl")
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .output();
    }
}

#[test]
#[ignore = "PostgreSQL half skipped: needs FRONTLINE_TEST_PG (CI sets it)"]
fn on_postgres_a_console_outlives_its_server_stopping_and_carries_on_when_it_is_back() {
    let fx = Fixture::new();
    let server = OwnServer::new();
    let file = fx.file().display().to_string();
    fx.cli(&["migrate", "--from", &file, "--to", &server.url()]);
    let mut pty = Pty::spawn_full(
        fx.dir.path(),
        fx.now,
        &[
            "--db",
            &server.url(),
            "--lang",
            "en",
            "--operator",
            "desk-a",
        ],
        &[SLOW_POLL],
        120,
        40,
    );
    let n = on_duty_count(&pty.wait_for_panels()).unwrap();
    server.stop();
    // The listener hears the server go: the header says so within a second or two.
    pty.wait_until(
        "the header's reconnecting mark",
        Duration::from_secs(3),
        |s| {
            s.rows(0, 120)
                .next()
                .is_some_and(|h| h.contains("⚠ reconnecting… panels as of"))
        },
    );
    // The panels keep what was last read.
    assert_eq!(on_duty_count(&pty.screen()), Some(n));
    // A write is refused with one clear line, and nothing is written.
    pty.send(b"1");
    pty.send(b"f");
    pty.wait_for("Reason (required)", TIMEOUT);
    pty.send("轮换 offline\r".as_bytes());
    pty.wait_for("nothing was written", Duration::from_secs(5));
    pty.send(b"\x1b");
    server.start();
    // A script writes at once, before the console listens again: the read made once the
    // listener is back shows it (the fallback poll is 10 s away).
    check_out_first(&fx, &server.url());
    pty.wait_for("reached again", Duration::from_secs(5));
    pty.wait_for(&format!("On duty ({})", n - 1), Duration::from_secs(1));
    assert!(
        !pty.screen()
            .lines()
            .next()
            .unwrap()
            .contains("reconnecting")
    );
    // Another script's write after the gap shows by its notification.
    check_out_first(&fx, &server.url());
    pty.wait_for(&format!("On duty ({})", n - 2), Duration::from_secs(1));
    force_first_on_duty(&mut pty, "轮换 back");
    pty.wait_for(&format!("On duty ({})", n - 3), Duration::from_millis(1500));
    pty.send(b"q");
    assert!(pty.wait_exit(TIMEOUT));
    let offline = fx.cli(&["--db", &server.url(), "audit", "--json", "--limit", "1000"]);
    assert!(
        !offline.contains("轮换 offline"),
        "a refused write was written"
    );
}

/// The server killed (`kill -9` of its postmaster) while a script writes, three times: every
/// action the script was told had committed is there once the server is back, and every kept
/// count still equals its rows.
#[test]
#[ignore = "PostgreSQL half skipped: needs FRONTLINE_TEST_PG (CI sets it)"]
fn on_postgres_kill_9_of_the_server_loses_no_acknowledged_write() {
    use std::io::{BufRead, BufReader};
    let fx = Fixture::new();
    let server = OwnServer::new();
    let file = fx.file().display().to_string();
    fx.cli(&["migrate", "--from", &file, "--to", &server.url()]);
    let mut acked: Vec<i64> = Vec::new();
    for _ in 0..3 {
        let mut child = std::process::Command::new(BIN)
            .env_clear()
            .envs(child_env(fx.dir.path(), fx.now))
            .current_dir(fx.dir.path())
            .args(["--db", &server.url(), "soak"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(out)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("ack ").and_then(|n| n.parse::<i64>().ok()))
                .collect::<Vec<i64>>()
        });
        std::thread::sleep(Duration::from_millis(800));
        server.kill_9();
        // The script meets a dead server: it may end, or keep being refused; stop it.
        std::thread::sleep(Duration::from_millis(300));
        let _ = child.kill();
        child.wait().unwrap();
        acked.extend(reader.join().unwrap());
        server.start();
        let ids = fx.cli(&[
            "--db",
            &server.url(),
            "audit",
            "--json",
            "--limit",
            "100000",
        ]);
        let ids: Vec<i64> = serde_json::from_str::<serde_json::Value>(&ids)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        for a in &acked {
            assert!(
                ids.contains(a),
                "acknowledged audit row {a} lost after kill -9"
            );
        }
    }
    assert!(
        acked.len() > 20,
        "too few acknowledged writes to prove anything: {}",
        acked.len()
    );
    let checked = fx.cli(&["--db", &server.url(), "check"]);
    assert!(checked.contains("agree"), "{checked}");
    eprintln!(
        "server kill -9 survived 3 times, {} acknowledged actions checked",
        acked.len()
    );
}
