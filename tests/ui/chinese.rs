//! The Chinese interface speaks Chinese: every screen (and the help overlay, the palette, the
//! forms' refusals and outcomes driven here) is rendered in Chinese and scanned for what a
//! user should never read there — internal identifiers (`snake_case`, `--flags`, `key:id`)
//! and English words the catalogue did not translate.

use crate::support::ui::{console, press, screen};
use frontline::app::keys::Screen;
use frontline::i18n::Lang;

/// ASCII words that are fine in the Chinese interface: units, codes, formats, proper names.
const ALLOWED: &[&str] = &[
    "N95",
    "HH",
    "MM",
    "YYYY",
    "DD",
    "RFC",
    "Esc",
    "Enter",
    "Tab",
    "PgUp",
    "PgDn",
    "Home",
    "End",
    "Tab",
    "id",
    "xlsx",
    "csv",
    "md",
    "json",
    "ok",
    "Frontline",
    // The operator's name the tests sign in with, and the demo's (its rows' operator).
    "snap",
    "demo",
];

/// What in `text` a Chinese reader should not see, one finding a line.
pub fn findings(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        // A command to type is shown as it is typed ("脚本: frontline import roster …").
        let line = match line.find("frontline ") {
            Some(i) => &line[..i],
            None => line,
        };
        // Tokens: runs of ASCII letters, digits, `_`, `-`, `:`.
        let mut tok = String::new();
        let flush = |tok: &mut String, out: &mut Vec<String>| {
            let t = std::mem::take(tok);
            let t = t.trim_matches(|c| c == ':' || c == '-');
            if t.is_empty() {
                return;
            }
            let letters = t.chars().filter(char::is_ascii_alphabetic).count();
            let snake = t.contains('_') && letters > 0;
            let flag = line.contains(&format!("--{t}"));
            let keyed = t.split_once(':').is_some_and(|(a, b)| {
                a.chars().all(|c| c.is_ascii_lowercase())
                    && !a.is_empty()
                    && b.chars().next().is_some_and(|c| c.is_ascii_digit())
            });
            // An English word: three letters or more, lower case after the first, not a
            // staff code (FL000123) or an allowed word.
            let word = letters >= 3
                && t.chars().all(|c| c.is_ascii_alphabetic())
                && t.chars().skip(1).all(|c| c.is_ascii_lowercase())
                && !ALLOWED.contains(&t);
            if snake || flag || keyed || word {
                out.push(format!("'{t}' in: {}", line.trim()));
            }
        };
        for c in line.chars() {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':') {
                tok.push(c);
            } else {
                flush(&mut tok, &mut out);
            }
        }
        flush(&mut tok, &mut out);
    }
    out
}

/// Screens whose words are the other helper's (the audit screen in words, undo messages):
/// listed as known until that branch lands.
const KNOWN: &[Screen] = &[Screen::Audit];

#[test]
fn the_scanner_finds_identifiers_and_english() {
    let f =
        findings("已撤销操作 #3（check_in，person:31）\n--lang zh\n库存 in stock 12 件 FL000012");
    assert_eq!(f.len(), 4, "{f:?}");
    assert!(findings("强制休息 +13h08 · N95 口罩 · 6月10日 08:00").is_empty());
}

#[test]
fn every_screen_in_chinese_has_no_identifiers_or_english() {
    let mut all = Vec::new();
    for (w, h) in [(80, 24), (160, 48)] {
        let (_d, mut c) = console(Lang::Zh, w, h);
        for s in Screen::ALL {
            if KNOWN.contains(&s) {
                continue;
            }
            press(&mut c, "H");
            match s {
                Screen::Slot => press(&mut c, "S\n"),
                Screen::Callup => press(&mut c, "Sa"),
                Screen::Person => press(&mut c, "R\n"),
                Screen::Case => press(&mut c, "C\n"),
                _ => {
                    c.app.go_to(s);
                    c.refresh().unwrap();
                }
            }
            let text = screen(&c);
            for f in findings(&text) {
                all.push(format!("{s:?} {w}x{h}: {f}"));
            }
            // The help overlay of the screen.
            press(&mut c, "?");
            for f in findings(&screen(&c)) {
                all.push(format!("{s:?} help {w}x{h}: {f}"));
            }
            press(&mut c, "\u{1b}");
        }
    }
    all.dedup();
    assert!(
        all.is_empty(),
        "{} findings:\n{}",
        all.len(),
        all.join("\n")
    );
}

/// Type `keys` at home and return the status line (the outcome or refusal in words).
fn said(c: &mut frontline::console::Console, keys: &str) -> String {
    press(c, "\u{1b}\u{1b}H");
    press(c, keys);
    let s = screen(c);
    let lines: Vec<&str> = s.lines().collect();
    // The form's error line if a form is still open, and the status line.
    let form_err = lines
        .iter()
        .find(|l| l.contains('✗') && l.contains('║'))
        .copied();
    format!("{}\n{}", form_err.unwrap_or(""), lines[lines.len() - 2])
}

#[test]
fn outcomes_and_refusals_in_chinese_have_no_identifiers_or_english() {
    let (_d, mut c) = console(Lang::Zh, 120, 40);
    let mut all = Vec::new();
    for keys in [
        // Forced rest of the worst overdue person (outcome), then their check-in (refusal).
        "2f\n",
        "i127\t1\n",
        // A post that does not exist; a time nobody can read; a pasted page.
        "i127\t999\n",
        "Sn\t\t\t明天早上\n",
        // Stock issued beyond what is on hand; a request with nothing in it.
        "Px\t\t99999999\n",
        "Ln\n",
        // A case: a note, a reopen of an open case (refused), resolving without an outcome.
        "C\n\n",
        "C\nn记录\n",
        "C\nr原因\n",
        "C\nx\n",
        // Acknowledge an alert; the roster's retire without a reason.
        "Na",
        "Rx\n",
        // The resting board: end the selected rest without a reason.
        "Xe\n",
        // Undo of this desk's check-in (its message is the desk helper's: known below).
        "i21\t1\nu",
    ] {
        let text = said(&mut c, keys);
        for f in findings(&text) {
            all.push(format!("{keys:?}: {f}"));
        }
    }
    all.dedup();
    // Undo messages name the action as stored ("已撤销操作 #3（check_in，person:31）"): they
    // are the other helper's item (the audit and undo in words). Known until it lands; any
    // other finding fails.
    let (known, rest): (Vec<String>, Vec<String>) = all
        .into_iter()
        .partition(|f| f.starts_with("\"i21\\t1\\nu\""));
    if !known.is_empty() {
        eprintln!(
            "known (undo messages, the desk helper's item):\n{}",
            known.join("\n")
        );
    }
    assert!(
        rest.is_empty(),
        "{} findings:\n{}",
        rest.len(),
        rest.join("\n")
    );
}
