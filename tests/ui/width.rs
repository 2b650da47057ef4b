//! Using the width: the footer drops whole items and never cuts one, and the focused panel's
//! own keys are always in it; at 160 columns the home panels' growing columns are not cut, and
//! no list screen cuts a cell ("…") while its row has blank room at the table's right end (at
//! 120, while all its rows have).

use crate::support::ui::{console, press, screen};
use frontline::i18n::Lang;

/// The footer's items as (key, description).
fn footer_items(s: &str) -> Vec<(String, String)> {
    let line = s.lines().last().unwrap();
    line.split("   ")
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .map(|i| {
            let (k, d) = i.split_once("  ").unwrap_or((i, ""));
            (k.trim().to_string(), d.trim().to_string())
        })
        .collect()
}

fn every_item_is_whole(c: &frontline::console::Console, s: &str) {
    let descs: Vec<&str> = c
        .app
        .keymap
        .bindings
        .iter()
        .map(|b| b.desc.text(c.app.lang))
        .collect();
    let items = footer_items(s);
    assert!(items.len() >= 3, "{s}");
    for (k, d) in items {
        assert!(descs.contains(&d.as_str()), "item '{k}' cut to '{d}':\n{s}");
    }
}

#[test]
fn at_80_columns_the_footer_never_cuts_an_item_on_any_screen() {
    for lang in [Lang::En, Lang::Zh] {
        let (_d, mut c) = console(lang, 80, 24);
        for keys in [
            "", "4", "P", "L", "S", "W", "C", "V", "N", "R", "T", "M", "A", "X", "C\n",
        ] {
            press(&mut c, "H");
            press(&mut c, keys);
            let s = screen(&c);
            every_item_is_whole(&c, &s);
        }
    }
}

#[test]
fn the_focused_panels_keys_are_in_the_footer_at_80_columns() {
    for lang in [Lang::En, Lang::Zh] {
        let (_d, mut c) = console(lang, 80, 24);
        press(&mut c, "4");
        let keys: Vec<String> = footer_items(&screen(&c)).into_iter().map(|i| i.0).collect();
        assert!(
            keys.contains(&"v".into()) && keys.contains(&"x".into()),
            "{keys:?}"
        );
        press(&mut c, "2");
        let keys: Vec<String> = footer_items(&screen(&c)).into_iter().map(|i| i.0).collect();
        assert!(
            keys.contains(&"f".into()) && keys.contains(&"o".into()),
            "{keys:?}"
        );
    }
}

#[test]
fn at_160_columns_the_home_panels_words_are_not_cut() {
    for lang in [Lang::En, Lang::Zh] {
        let (_d, c) = console(lang, 160, 48);
        let s = screen(&c);
        // The lower panels: no word of theirs ends in "…".
        let lower: Vec<&str> = s
            .lines()
            .skip_while(|l| !l.contains("┌ 3") && !l.contains("╔ 3"))
            .collect();
        assert!(lower.len() > 4, "{s}");
        for l in &lower[..lower.len() - 2] {
            assert!(!l.contains('…'), "cut at 160 columns: {l}\n{s}");
        }
        // And the upper panels are taller than the lower ones hold rows for.
        let top = s
            .lines()
            .position(|l| l.contains("┌ 3 ") || l.contains("╔ 3 "))
            .unwrap();
        assert!(top > 30, "{s}");
    }
}

/// Where a table row of `line` is cut ("…") with `spare` or more blank columns at the right
/// end of its box: each stretch between two vertical borders is one box's row.
fn cut_beside_space(line: &str, spare: usize) -> Option<String> {
    let boxes: Vec<&str> = line.split(['│', '║', '┃']).collect();
    // The stretches with a border on both sides.
    boxes
        .iter()
        .skip(1)
        .take(boxes.len().saturating_sub(2))
        .find(|b| {
            let blank = b.len() - b.trim_end_matches(' ').len();
            b.contains('…') && blank >= spare
        })
        .map(|b| b.to_string())
}

/// Every list screen reachable by a key, by the keys from home (`Tab` for each tab of the
/// care, party and setup screens).
const LIST_SCREENS: &[&str] = &[
    "",
    "A",
    "P",
    "L",
    "S",
    "S\n",
    "B",
    "W",
    "M",
    "C",
    "C\n",
    "V",
    "V\t",
    "V\t\t",
    "V\t\t\t",
    "N",
    "R",
    "R\n",
    "T",
    "T\t",
    "O",
    "O\t",
    "O\t\t",
    "O\t\t\t",
    "O\t\t\t\t",
    "Y",
    "X",
];

#[test]
fn at_160_columns_no_list_cuts_a_cell_beside_empty_space() {
    let mut bad = vec![];
    for lang in [Lang::En, Lang::Zh] {
        let (_d, mut c) = console(lang, 160, 48);
        for keys in LIST_SCREENS {
            press(&mut c, "H");
            press(&mut c, keys);
            let s = screen(&c);
            for l in s.lines() {
                if let Some(b) = cut_beside_space(l, 6) {
                    bad.push(format!("{lang:?} {keys:?}: {b}"));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "cut beside empty space:\n{}",
        bad.join("\n")
    );
}

/// At 120 columns a row may be cut where the table is full (the roster's unit and post), but
/// no table cuts a cell while every one of its rows leaves blank room at its right end.
#[test]
fn at_120_columns_no_table_cuts_a_cell_while_all_its_rows_end_blank() {
    use std::collections::BTreeMap;
    let mut bad = vec![];
    for lang in [Lang::En, Lang::Zh] {
        let (_d, mut c) = console(lang, 120, 40);
        for keys in LIST_SCREENS {
            press(&mut c, "H");
            press(&mut c, keys);
            let s = screen(&c);
            // Each box by the column it starts at: (least blank at a row's end, a cut row).
            let mut boxes: BTreeMap<usize, (usize, Option<String>)> = BTreeMap::new();
            for l in s.lines() {
                let parts: Vec<&str> = l.split(['│', '║', '┃']).collect();
                let mut x = 0;
                for (i, b) in parts.iter().enumerate() {
                    x += unicode_width::UnicodeWidthStr::width(*b) + 1;
                    if i == 0 || i + 1 == parts.len() || b.trim().is_empty() {
                        continue;
                    }
                    let blank = b.len() - b.trim_end_matches(' ').len();
                    let e = boxes.entry(x).or_insert((usize::MAX, None));
                    e.0 = e.0.min(blank);
                    if b.contains('…') {
                        e.1 = Some(b.to_string());
                    }
                }
            }
            for (least, cut) in boxes.into_values() {
                if let (true, Some(b)) = (least >= 6, cut) {
                    bad.push(format!("{lang:?} {keys:?}: {b}"));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "cut beside a blank column:\n{}",
        bad.join("\n")
    );
}

/// What the footer line says while the database server is lost, and when a write is refused
/// meanwhile, is read whole at 80 columns in both languages (the line is "✗ " and the text): the
/// part that matters, that nothing is written, was cut off in English.
#[test]
fn the_server_lost_lines_fit_80_columns() {
    use frontline::store::commands::Refusal;
    use unicode_width::UnicodeWidthStr;
    for lang in [Lang::En, Lang::Zh] {
        let lost = frontline::i18n::t(lang, frontline::key!("server.lost"));
        let refused = frontline::i18n::refusal(lang, &Refusal::Offline, chrono_tz::Asia::Shanghai);
        for said in [lost.to_string(), refused] {
            assert!(
                2 + said.width() <= 80,
                "{lang:?}: {said} ({} columns)",
                said.width()
            );
        }
    }
}
