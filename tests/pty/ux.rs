//! End to end in a pseudo-terminal: the command palette, the mouse (SGR 1006 clicks and the
//! wheel), `--no-mouse`, a keymap from the config file, and refusal of a bad config file.

use crate::support::pty::*;
use std::ops::{Deref, DerefMut};
use std::process::Command;
use std::thread;
use std::time::Duration;

/// The shared fixture, with consoles that take extra arguments and environment.
struct Fx(Fixture);

impl Deref for Fx {
    type Target = Fixture;
    fn deref(&self) -> &Fixture {
        &self.0
    }
}

impl Fx {
    fn console(&self, extra: &[&str], cols: u16, rows: u16) -> Ux {
        self.console_env(extra, &[], cols, rows)
    }

    fn console_env(&self, extra: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Ux {
        let db = self.db().display().to_string();
        let mut args = vec!["--db", db.as_str(), "--lang", "en", "--operator", "pty"];
        args.extend_from_slice(extra);
        Ux(Pty::spawn_with(self.dir.path(), &args, env, cols, rows))
    }
}

/// The shared pty, with this file's shorthand: waits use the common timeout.
struct Ux(Pty);

impl Deref for Ux {
    type Target = Pty;
    fn deref(&self) -> &Pty {
        &self.0
    }
}

impl DerefMut for Ux {
    fn deref_mut(&mut self) -> &mut Pty {
        &mut self.0
    }
}

impl Ux {
    fn wait_until(&self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) -> String {
        self.0.wait_until(what, TIMEOUT, pred)
    }

    fn wait_for(&self, text: &str) -> String {
        self.0.wait_for(text, TIMEOUT)
    }

    fn wait_for_panels(&self) {
        self.wait_until("the home panels with data", |s| {
            let c = s.contents();
            c.contains("On duty (") && c.contains("Supply stock") && c.contains('▶')
        });
    }

    /// The screen row (0-based) that holds the `▶` marker within columns `x..x+w`.
    fn marker_row(&self, x: u16, w: u16) -> Option<u16> {
        let seen = self.0.seen.lock().unwrap();
        let s = seen.parser.screen();
        (0..s.size().0.get())
            .find(|&y| (x..x + w).any(|c| s.cell(y, c).is_some_and(|c| c.contents() == "▶")))
    }

    /// `q`, then wait for the exit and for the pty to drain: what the console wrote on its way
    /// out (leaving the alternate screen, mouse reporting off) is then all in `raw()`.
    fn quit(&mut self) {
        self.send(b"q");
        self.wait_exit_code(TIMEOUT);
    }
}

/// A left click at 0-based (x, y), as an xterm in SGR 1006 mode sends it (1-based).
fn click(x: u16, y: u16) -> Vec<u8> {
    format!("\x1b[<0;{};{}M\x1b[<0;{};{}m", x + 1, y + 1, x + 1, y + 1).into_bytes()
}

#[test]
fn palette_finds_actions_by_words_and_pinyin_initials_and_runs_them() {
    let fx = Fx(Fixture::new());
    let mut c = fx.console(&[], 120, 40);
    c.wait_for_panels();
    // Pinyin initials of 强制休息 find "forced rest" in the English interface too.
    c.send(b":");
    c.wait_for("Command palette");
    c.send(b"qzxx");
    // Only what matches is listed: one line, forced rest.
    c.wait_until("forced rest, alone, for qzxx", |s| {
        let t = s.contents();
        t.contains("> qzxx") && t.contains("▶  forced rest") && t.contains("Esc closes  1 ")
    });
    // Enter runs it as `f` would: the forced-rest form, for the selected person.
    c.send(b"\r");
    let s = c.wait_for("Forced rest");
    assert!(!s.contains("Command palette"), "{s}");
    c.send(b"\x1b");
    c.wait_until("the form closed", |s| !s.contents().contains("Forced rest"));
    // English words; Enter goes to the screen.
    c.send(b":audit");
    c.wait_for("> audit");
    c.send(b"\r");
    c.wait_until("the audit screen", |s| {
        let t = s.contents();
        t.contains("Audit log") || t.contains("audit log (")
    });
    // Recent first: the last command tops the list, marked ↺; Esc closes without running.
    c.send(b":");
    let s = c.wait_for("▶↺ go to audit log");
    assert!(s.contains(" ↺ forced rest · home"), "{s}");
    c.send(b"\x1b");
    c.wait_until("the palette closed", |s| {
        !s.contents().contains("Command palette")
    });
    c.quit();
    // The recent commands outlive the session (kept beside the database).
    let mut c = fx.console(&[], 120, 40);
    c.wait_for_panels();
    c.send(b":");
    c.wait_for("▶↺ go to audit log");
    c.send(b"\x1b");
    c.wait_until("the palette closed", |s| {
        !s.contents().contains("Command palette")
    });
    c.quit();
}

#[test]
fn a_click_selects_the_row_under_it_and_focuses_its_panel_and_the_wheel_scrolls() {
    let fx = Fx(Fixture::new());
    let mut c = fx.console(&[], 120, 40);
    c.wait_for_panels();
    let raw = c.raw();
    assert!(
        contains(&raw, b"\x1b[?1006h"),
        "mouse reporting (SGR) is switched on"
    );
    // On duty is the top-left panel: header line 0, border 1, column titles 2, rows from 3.
    assert_eq!(c.marker_row(0, 60), Some(3));
    c.send(&click(10, 6));
    c.wait_until("the 4th row selected", |s| {
        s.cell(6, 1).is_some_and(|c| c.contents() == "▶")
    });
    // A click in the Overdue panel (top right) moves the focus and the selection there.
    c.send(&click(70, 4));
    // Only the focused panel shows ▶.
    c.wait_until(
        "the overdue panel focused, 2nd row, and no ▶ left in On duty",
        |s| {
            s.cell(4, 61).is_some_and(|c| c.contents() == "▶")
                && (0..40).all(|y| s.cell(y, 1).is_none_or(|c| c.contents() != "▶"))
        },
    );
    // Three rows per wheel notch.
    c.send(b"\x1b[<65;70;10M");
    c.wait_until("the wheel moved the selection 3 rows down", |s| {
        s.cell(7, 61).is_some_and(|c| c.contents() == "▶")
    });
    c.quit();
    let raw = c.raw();
    assert!(
        contains(&raw, b"\x1b[?1006l"),
        "mouse reporting is switched off on the way out"
    );
}

/// A click on the header's ⚠resting count, at the column the real terminal shows it, opens the
/// resting board.
#[test]
fn a_click_on_the_resting_count_opens_the_resting_board() {
    let fx = Fx(Fixture::new());
    let mut c = fx.console(&[], 120, 40);
    c.wait_for_panels();
    let head = c.screen().lines().next().unwrap_or_default().to_string();
    let at = head
        .find("⚠resting")
        .unwrap_or_else(|| panic!("no ⚠resting in {head}"));
    let x = unicode_width::UnicodeWidthStr::width(&head[..at]) as u16;
    c.send(&click(x + 2, 0));
    c.wait_for("Resting · forced rest only (");
    c.quit();
}

#[test]
fn no_mouse_leaves_the_mouse_to_the_terminal() {
    let fx = Fx(Fixture::new());
    let mut c = fx.console(&["--no-mouse"], 100, 30);
    c.wait_for_panels();
    c.send(&click(10, 6));
    thread::sleep(Duration::from_millis(300));
    assert_eq!(
        c.marker_row(0, 50),
        Some(3),
        "a click does nothing:\n{}",
        c.screen()
    );
    assert!(!contains(&c.raw(), b"\x1b[?1006h"));
    c.quit();
}

#[test]
fn a_key_rebound_in_the_config_file_works_and_shows_in_the_footer() {
    let fx = Fx(Fixture::new());
    std::fs::write(
        fx.dir.path().join("config.toml"),
        "post_name = \"白鹤洞街指挥部\"\n[keys]\nforce_rest = \"F\"\n",
    )
    .unwrap();
    let mut c = fx.console(&[], 180, 40);
    c.wait_for_panels();
    let s = c.wait_for(" F  forced rest");
    assert!(s.contains("白鹤洞街指挥部"), "{s}");
    c.send(b"f");
    thread::sleep(Duration::from_millis(300));
    assert!(!c.screen().contains("Reason"), "f no longer opens it");
    c.send(b"F");
    c.wait_for("Forced rest");
    c.send(b"\x1b");
    c.wait_until("the form closed", |s| !s.contents().contains("Forced rest"));
    c.quit();
}

/// Any SGR sequence that sets a colour (foreground or background, 8, 16, 256 or RGB).
fn sets_colour(raw: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(raw);
    for seq in text.split("\x1b[").skip(1) {
        let Some(end) = seq.find(|c: char| c.is_ascii_alphabetic()) else {
            continue;
        };
        if &seq[end..end + 1] != "m" {
            continue;
        }
        for p in seq[..end].split(';') {
            if let Ok(n) = p.parse::<u32>()
                && ((30..=37).contains(&n)
                    || (40..=47).contains(&n)
                    || (90..=97).contains(&n)
                    || (100..=107).contains(&n)
                    || n == 38
                    || n == 48)
            {
                return Some(seq[..=end].to_string());
            }
        }
    }
    None
}

#[test]
fn no_color_draws_without_a_single_colour_and_keeps_every_mark() {
    let fx = Fx(Fixture::new());
    let mut c = fx.console_env(&[], &[("NO_COLOR", "1")], 100, 30);
    c.wait_for_panels();
    c.send(b"N");
    let s = c.wait_for("alerts (");
    assert!(
        s.contains("\u{23f1} rest rule") || s.contains("rest rule"),
        "{s}"
    );
    c.send(b"H");
    c.wait_until("the home screen with its marks", |s| {
        let t = s.contents();
        ["\u{26a0}overdue", "\u{25bc}LOW", "\u{25b6}", "Supply stock"]
            .iter()
            .all(|m| t.contains(m))
    });
    c.quit();
    assert_eq!(sets_colour(&c.raw()), None, "NO_COLOR output sets a colour");
    // The same console with colours does set some: the check can fail.
    let mut c = fx.console(&[], 100, 30);
    c.wait_for_panels();
    c.quit();
    assert!(sets_colour(&c.raw()).is_some());
}

impl Fx {
    /// `frontline do …` on the fixture's database, as another dispatcher would.
    fn run_do(&self, args: &[&str]) {
        let db = self.db().display().to_string();
        let out = Command::new(BIN)
            .env_clear()
            .envs(child_env(self.dir.path(), NOW))
            .args(["--db", &db, "do"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_new_alert_from_another_console_flashes_and_rings_the_bell_once() {
    let fx = Fx(Fixture::new());
    let mut c = fx.console(&[], 160, 40);
    c.wait_for_panels();
    assert!(
        !contains(&c.raw(), b"\x07"),
        "no bell for what was there at the start"
    );
    fx.run_do(&["test", "--person", "7", "--result", "positive"]);
    c.wait_for("\u{1f514} NEW: POSITIVE");
    thread::sleep(Duration::from_millis(300));
    let bells = c.raw().iter().filter(|b| **b == 0x07).count();
    assert_eq!(bells, 1);
    c.quit();
    // bell = false: the header still flashes, the terminal stays quiet.
    std::fs::write(fx.dir.path().join("config.toml"), "bell = false\n").unwrap();
    let mut c = fx.console(&[], 160, 40);
    c.wait_for_panels();
    fx.run_do(&["test", "--person", "8", "--result", "positive"]);
    c.wait_for("\u{1f514} NEW: POSITIVE");
    thread::sleep(Duration::from_millis(300));
    assert!(!contains(&c.raw(), b"\x07"));
    c.quit();
}
