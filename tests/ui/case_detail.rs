//! Case detail (`C`, `Enter`): the full summary, the family situation, every step with who and
//! when, notes (`n`, audited) and reopening a resolved case with a reason (`r`, audited).

use crate::support::ui::{console, press, screen};
use frontline::i18n::Lang;

/// Type `text` into the open form (letters through the same key path as a user).
fn typed(c: &mut frontline::console::Console, text: &str) {
    press(c, text);
}

#[test]
fn enter_opens_the_case_with_its_whole_summary_and_family() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "C");
    let frontline::app::screens::ScreenData::Cases(p, _) = &c.app.data else {
        panic!("cases screen");
    };
    let first = p.rows[0].clone();
    press(&mut c, "\n");
    let s = screen(&c);
    assert!(
        s.contains(&format!("Family-support case #{}", first.id)),
        "{s}"
    );
    // The summary in full, however long (wrapped, never cut at 80 columns).
    let flat: String = s
        .lines()
        .map(|l| l.trim_matches(|c| c == '║' || c == ' '))
        .collect();
    let words: String = first.summary.split_whitespace().collect();
    assert!(
        flat.replace(' ', "").contains(&words),
        "{} in:\n{s}",
        first.summary
    );
    assert!(
        s.contains("Family:") && s.contains("History:") && s.contains("Notes:"),
        "{s}"
    );
    assert!(s.contains("opened"), "{s}");
    // Esc goes back to the list.
    press(&mut c, "\u{1b}");
    assert!(
        screen(&c).contains("family cases · pending"),
        "{}",
        screen(&c)
    );
}

#[test]
fn a_note_and_a_reopen_are_steps_with_who_and_when() {
    let (_d, mut c) = console(Lang::En, 120, 40);
    press(&mut c, "C\n");
    let id = c.app.case_open.unwrap();
    // A note: `n`, the text, Enter.
    press(&mut c, "n");
    assert!(screen(&c).contains("A note on the case"), "{}", screen(&c));
    // The case is filled in from the view: the cursor is on the note.
    typed(&mut c, "called the school");
    press(&mut c, "\n");
    let s = screen(&c);
    assert!(s.contains(&format!("note added to case #{id}")), "{s}");
    assert!(s.contains("snap  called the school"), "{s}");
    // Reopening an unresolved case is refused, in words, nothing written.
    press(&mut c, "r");
    typed(&mut c, "again");
    press(&mut c, "\n");
    let s = screen(&c);
    assert!(s.contains("only a resolved case can be reopened"), "{s}");
    press(&mut c, "\u{1b}");
    // Resolve, then reopen with a reason: both in the history with the operator.
    press(&mut c, "x");
    typed(&mut c, "school found");
    press(&mut c, "\n");
    press(&mut c, "y");
    let s = screen(&c);
    assert!(s.contains("snap  resolved"), "{s}");
    press(&mut c, "r");
    typed(&mut c, "the school fell through");
    press(&mut c, "\n");
    let s = screen(&c);
    assert!(s.contains(&format!("case #{id} reopened")), "{s}");
    assert!(
        s.contains("snap  reopened · reason: the school fell through · Outcome: school found"),
        "{s}"
    );
    let audit = c.store.audit(2).unwrap();
    assert_eq!(audit[0].action, "case_reopen");
    assert_eq!(audit[0].operator, "snap");
}

#[test]
fn case_english_80x24() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "C\n");
    insta::assert_snapshot!(screen(&c));
}

#[test]
fn case_chinese_80x24() {
    let (_d, mut c) = console(Lang::Zh, 80, 24);
    press(&mut c, "C\n");
    let s = screen(&c);
    assert!(s.contains("帮扶详情") && s.contains("办理经过"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn case_english_160x48() {
    let (_d, mut c) = console(Lang::En, 160, 48);
    press(&mut c, "C\n");
    insta::assert_snapshot!(screen(&c));
}

#[test]
fn case_chinese_160x48() {
    let (_d, mut c) = console(Lang::Zh, 160, 48);
    press(&mut c, "C\n");
    insta::assert_snapshot!(screen(&c));
}
