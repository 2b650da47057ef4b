//! The resting board (`X`, or "resting" in the palette): everyone in forced rest with until
//! when and the shift they are due back for; `v` shows every rest; `e` ends the selected one's.

use crate::support::ui::{console, press, screen};
use frontline::i18n::Lang;

/// The number after a header label ("⚠resting 8").
fn header_count(s: &str, label: &str) -> usize {
    let head = s.lines().next().unwrap();
    let at = head
        .find(label)
        .unwrap_or_else(|| panic!("{label} in {head}"))
        + label.len();
    head[at..]
        .trim_start()
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn the_board_lists_everyone_the_header_counts_in_forced_rest() {
    let (_d, mut c) = console(Lang::En, 120, 40);
    let forced = header_count(&screen(&c), "⚠resting");
    assert!(forced > 0);
    press(&mut c, "X");
    let s = screen(&c);
    assert!(
        s.contains(&format!("Resting · forced rest only ({forced})")),
        "{s}"
    );
    let rows: Vec<&str> = s.lines().filter(|l| l.contains("⚠forced rest")).collect();
    assert_eq!(rows.len(), forced, "{s}");
    // Until, time left and the due-back column are filled on every row.
    for r in &rows {
        assert!(r.contains("06-1") && r.contains('h'), "{r}");
    }
    // `v`: every rest, forced first, the others after.
    press(&mut c, "v");
    let s = screen(&c);
    assert!(s.contains("Resting · every rest ("), "{s}");
    let kinds: Vec<bool> = s
        .lines()
        .filter(|l| l.contains("⚠forced rest") || l.contains("☾"))
        .map(|l| l.contains("⚠forced rest"))
        .collect();
    assert!(kinds.contains(&false), "{s}");
    assert!(kinds.windows(2).all(|w| w[0] || !w[1]), "forced first: {s}");
}

#[test]
fn the_board_is_in_the_palette_and_e_ends_the_selected_rest() {
    let (_d, mut c) = console(Lang::En, 120, 40);
    press(&mut c, ":go to resting\n");
    let s = screen(&c);
    assert!(s.contains("Resting · forced rest only"), "{s}");
    let name = s
        .lines()
        .find(|l| l.contains('▶'))
        .and_then(|l| l.split('▶').nth(1))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_string();
    press(&mut c, "e");
    let s = screen(&c);
    assert!(s.contains("End rest") || s.contains("end rest"), "{s}");
    assert!(s.contains(&name), "{s}");
}

#[test]
fn resting_english_80x24() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "X");
    insta::assert_snapshot!(screen(&c));
}

#[test]
fn resting_chinese_80x24() {
    let (_d, mut c) = console(Lang::Zh, 80, 24);
    press(&mut c, "X");
    let s = screen(&c);
    assert!(s.contains("休息人员 · 仅强制休息"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn resting_english_160x48() {
    let (_d, mut c) = console(Lang::En, 160, 48);
    press(&mut c, "Xv");
    let s = screen(&c);
    // Wide: the due-back post, the phone and the reason have their columns.
    assert!(
        s.contains("Due back") && s.contains("Phone") && s.contains("Reason"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn resting_chinese_160x48() {
    let (_d, mut c) = console(Lang::Zh, 160, 48);
    press(&mut c, "Xv");
    let s = screen(&c);
    assert!(s.contains("返岗班次") && s.contains("轮休"), "{s}");
    insta::assert_snapshot!(s);
}
