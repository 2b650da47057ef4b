//! End-to-end: the real binary in a pseudo-terminal, its screen read back through `vt100`.

use crate::support::pty::*;
use std::process::Command;
use std::time::Duration;

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

/// With a form open and the terminal made too small, keys reach nothing hidden;
/// `x` then `q` quits (it used to type "xq" into the form's Start field).
#[test]
fn too_small_with_a_form_open_freezes_it_and_q_quits() {
    let fx = Fixture::new();
    let mut pty = fx.console(100, 30);
    pty.wait_for_panels();
    pty.send(b"r");
    pty.wait_for("Reassign", TIMEOUT);
    pty.resize(60, 15);
    pty.wait_for("Terminal too small", TIMEOUT);
    pty.send(b"x");
    std::thread::sleep(Duration::from_millis(300));
    // Back to full size: the form is as it was, nothing typed into it.
    pty.resize(100, 30);
    let s = pty.wait_for("Reassign", TIMEOUT);
    assert!(!s.contains("▶ x"), "{s}");
    pty.resize(60, 15);
    pty.wait_for("Terminal too small", TIMEOUT);
    pty.send(b"q");
    assert!(pty.wait_exit(TIMEOUT), "q did not quit while too small");
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
        // Ended by a signal: 128 + its number, as a shell expects (SIGTERM once ended with 0).
        let code = pty.wait_exit_code(TIMEOUT);
        let want = match sig {
            "TERM" => 143,
            "HUP" => 129,
            _ => 130,
        };
        assert_eq!(code, want, "exit code after SIG{sig}");
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

/// The line the list's highlight (▶) is on.
fn highlight_row(screen: &str) -> Option<usize> {
    screen.lines().position(|l| l.contains('▶'))
}

fn people_and_imports(fx: &Fixture) -> (i64, i64) {
    (
        fx.int("SELECT count(*) FROM people"),
        fx.int("SELECT count(*) FROM audit_log WHERE action = 'import_roster'"),
    )
}

/// A large roster import runs as a job: while it is checked, another process's write appears;
/// while it is written, the selection moves; `Esc` cancels it and nothing of it is written.
#[test]
fn a_large_import_runs_off_the_loop_and_esc_cancels_it_writing_nothing() {
    let fx = Fixture::new();
    let rows = 60_000;
    let mut csv = String::from("姓名,工号,类别,单位,社区,政治面貌,电话,备注\n");
    for i in 0..rows {
        csv += &format!("导入{i},BJ{i:06},医务人员,测试医院,白鹤洞东社区,群众,138{i:08},\n");
    }
    let file = fx.dir.path().join("big.csv");
    std::fs::write(&file, csv).unwrap();
    let before = people_and_imports(&fx);
    let status = fx.status();
    let id = status["on_duty"][0]["id"].as_i64().unwrap();

    let mut pty = fx.console(120, 40);
    let n = on_duty_count(&pty.wait_for_panels()).unwrap();
    pty.send(b"I");
    pty.wait_for("Import roster", TIMEOUT);
    pty.send(file.display().to_string().as_bytes());
    pty.send(b"\r");
    pty.wait_for("checking · Esc cancels", TIMEOUT);
    // Another process writes while the file is being checked: the panel shows it, the job's
    // gauge still up.
    let db = fx.db().display().to_string();
    fx.cli(&["--db", &db, "do", "check-out", "--person", &id.to_string()]);
    let want = format!("On duty ({})", n - 1);
    pty.wait_until("the write shown while the check runs", TIMEOUT, |s| {
        let s = s.contents();
        s.contains(&want) && s.contains("checking · Esc cancels")
    });
    pty.wait_for(
        &format!("Enter imports: {rows} new"),
        Duration::from_secs(60),
    );

    // Enter writes it: the form closes, the gauge counts rows, keys still move the list.
    pty.send(b"\r");
    let screen = pty.wait_until("the import's row count", TIMEOUT, |s| {
        s.contents()
            .contains(&format!("/{} · Esc cancels", "60 000"))
    });
    let at = highlight_row(&screen).expect("a highlighted row");
    pty.send(b"\x1b[B");
    pty.wait_until(
        "the highlight one row down, the import running",
        TIMEOUT,
        |s| {
            let s = s.contents();
            highlight_row(&s) == Some(at + 1) && s.contains("Esc cancels")
        },
    );
    pty.send(b"\x1b");
    pty.wait_for("cancelled; nothing was written", Duration::from_secs(30));
    assert_eq!(
        people_and_imports(&fx),
        before,
        "a cancelled import wrote people or an audit row"
    );
    pty.send(b"q");
    assert!(
        pty.wait_exit(TIMEOUT),
        "the console did not exit with success"
    );
}

/// A key pressed after a write is drawn at once, not at the loop's next one-second tick (the
/// input was once polled with a no-op waker after each burst of events, and every later key
/// waited for the clock).
#[test]
fn keys_after_a_write_are_drawn_at_once_not_at_the_next_tick() {
    let fx = Fixture::new();
    let mut pty = fx.console(120, 40);
    pty.wait_for_panels();
    pty.send(b"2f");
    pty.wait_for("Forced rest", TIMEOUT);
    pty.send(b"\r");
    pty.wait_for("in forced rest until", TIMEOUT);
    let mut took = Vec::new();
    for _ in 0..5 {
        for (key, shows) in [(&b"R"[..], "╔ Roster · "), (&b"H"[..], "Overdue for rest")] {
            let t = std::time::Instant::now();
            pty.send(key);
            pty.wait_for(shows, TIMEOUT);
            took.push(t.elapsed());
        }
    }
    took.sort();
    // The median of ten: a machine under load may slow a few (the fault slowed about half of
    // them to the tick, 0.9 to 1 s).
    assert!(took[5] < Duration::from_millis(500), "{took:?}");
    pty.send(b"q");
    assert!(pty.wait_exit(TIMEOUT));
}
