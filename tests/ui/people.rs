//! The roster, a person's record and the party screen as a user sees them, driven through the
//! console's own action path (keys in, buffer out), with insta snapshots.

use crate::support::ui::{NOW, console, press, screen};

use frontline::app::Action;
use frontline::app::keys::Screen;
use frontline::app::screens::ScreenData;
use frontline::console::Console;
use frontline::i18n::Lang;
use unicode_width::UnicodeWidthStr;

fn roster_total(c: &Console) -> usize {
    match &c.app.data {
        ScreenData::Roster(p) => p.total,
        d => panic!("not the roster: {d:?}"),
    }
}

fn assert_full_width(s: &str, w: usize, rows: usize) {
    for line in s.lines().skip(1).take(rows) {
        assert_eq!(UnicodeWidthStr::width(line), w, "{line}");
    }
}

#[test]
fn roster_in_english_at_80x24_shows_state_as_symbol_and_word() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "R");
    assert_eq!(c.app.screen, Screen::Roster);
    let s = screen(&c);
    assert!(s.contains("Roster · by name (303)"), "{s}");
    assert!(s.contains("● on duty") && s.contains("○ off duty"), "{s}");
    assert_full_width(&s, 80, 21);
    insta::assert_snapshot!(s);
}

#[test]
fn roster_in_chinese_at_80x24_and_wide() {
    let (_d, mut c) = console(Lang::Zh, 80, 24);
    press(&mut c, "R");
    let s = screen(&c);
    assert!(
        s.contains("花名册 · 按 姓名") && s.contains("● 在岗"),
        "{s}"
    );
    assert_full_width(&s, 80, 21);
    insta::assert_snapshot!("roster_zh_80x24", s);
    c.handle(Action::Event(crossterm::event::Event::Resize(120, 40)))
        .unwrap();
    let s = screen(&c);
    assert!(s.contains("双报到") && s.contains("岗位"), "{s}");
    assert_full_width(&s, 120, 37);
    insta::assert_snapshot!("roster_zh_120x40", s);
}

#[test]
fn s_cycles_the_sort_and_the_title_says_which() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "Rs");
    assert!(screen(&c).contains("Roster · by staff code"));
    press(&mut c, "ssss");
    assert!(screen(&c).contains("Roster · by party status"));
    let first = match &c.app.data {
        ScreenData::Roster(p) => p.rows[0].party_status,
        d => panic!("{d:?}"),
    };
    assert_eq!(first, "member");
    press(&mut c, "s");
    let s = screen(&c);
    assert!(s.contains("Roster · by status now"), "{s}");
    let line = s.lines().find(|l| l.contains('▶')).unwrap();
    assert!(line.contains("● on duty"), "on duty first: {line}");
    press(&mut c, "s");
    assert!(screen(&c).contains("Roster · by name"));
}

#[test]
fn any_persons_record_in_two_keys_and_esc_goes_back() {
    let (_d, mut c) = console(Lang::En, 120, 40);
    // Search first: the staff code finds one person.
    press(&mut c, "R/FL000042\n");
    assert_eq!(roster_total(&c), 1);
    press(&mut c, "\n");
    assert_eq!(c.app.screen, Screen::Person);
    let s = screen(&c);
    assert!(s.contains("Person record · FL000042"), "{s}");
    for section in [
        "Frontline record",
        "Shifts",
        "Rest",
        "Health reports",
        "Nucleic-acid tests",
        "Family-support cases",
        "Care visits",
        "Talks",
        "Trainings",
        "Nominations & honours",
    ] {
        assert!(s.contains(section), "{section}: {s}");
    }
    insta::assert_snapshot!("person_en_120x40", s);
    press(&mut c, "\u{1b}");
    assert_eq!(c.app.screen, Screen::Roster);
    // And straight from the roster: R, Enter.
    press(&mut c, "\u{1b}H");
    press(&mut c, "R\n");
    assert_eq!(c.app.screen, Screen::Person);
}

#[test]
fn person_record_in_chinese_at_80x24_scrolls() {
    let (_d, mut c) = console(Lang::Zh, 80, 24);
    press(&mut c, "R\n");
    let s = screen(&c);
    assert!(s.contains("个人档案") && s.contains("一线实绩"), "{s}");
    assert_full_width(&s, 80, 21);
    insta::assert_snapshot!("person_zh_80x24", s);
    press(&mut c, "G");
    let s = screen(&c);
    assert!(
        s.contains("推荐与表彰"),
        "the last section at the bottom: {s}"
    );
}

#[test]
fn party_screen_lists_the_development_list_and_the_exemplary_models() {
    let (_d, mut c) = console(Lang::Zh, 120, 40);
    press(&mut c, "T");
    assert_eq!(c.app.screen, Screen::Party);
    let s = screen(&c);
    assert!(
        s.contains("发展党员") && s.contains("已推荐") && s.contains("火线发展对象"),
        "{s}"
    );
    assert_full_width(&s, 120, 37);
    insta::assert_snapshot!("party_dev_zh_120x40", s);
    press(&mut c, "\t");
    let s = screen(&c);
    assert!(
        s.contains("[选树先进典型]") && s.contains("先进事迹"),
        "{s}"
    );
    insta::assert_snapshot!("party_honours_zh_120x40", s);
}

#[test]
fn party_steps_from_the_console_write_and_say_so() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "T");
    // The first row is recommended (recommended sort first): a admits them.
    let (id, name) = match &c.app.data {
        ScreenData::Party(p) => (p.rows[0].id, p.rows[0].name.clone()),
        d => panic!("{d:?}"),
    };
    press(&mut c, "a");
    assert!(
        c.app.status.text.contains(&format!("{name} admitted")),
        "{}",
        c.app.status.text
    );
    let row = c.store.roster_row(NOW, id).unwrap().unwrap();
    assert_eq!(row.party_status, "member");
    // Honours tab: a nominated one is approved with a.
    press(&mut c, "\ta");
    assert!(
        c.app.status.text.contains("approved"),
        "{}",
        c.app.status.text
    );
    insta::assert_snapshot!("party_honours_en_100x30", screen(&c));
}

#[test]
fn adding_and_retiring_from_the_roster() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "R");
    let before = roster_total(&c);
    press(&mut c, "n");
    insta::assert_snapshot!("person_add_form", screen(&c));
    press(
        &mut c,
        "林晓\tvolunteer\t荔湾区志愿者协会\t\t13800138000\tapplicant\n",
    );
    assert!(
        c.app.status.text.contains("林晓 added as FL"),
        "{}",
        c.app.status.text
    );
    assert_eq!(roster_total(&c), before + 1);
    // A bad phone stays in the form, with the reason.
    press(&mut c, "n某人\tcadre\t\t\t12\t\n");
    let s = screen(&c);
    assert!(s.contains("bad phone number '12'"), "{s}");
    press(&mut c, "\u{1b}");
    // Retire the person just added: found by name, x, Enter, and a second key (y).
    press(&mut c, "/林晓\n");
    press(&mut c, "x\n");
    let s = screen(&c);
    assert!(
        s.contains("Retire FL") && s.contains("from the roster? Their planned"),
        "{s}"
    );
    assert!(
        !s.contains("– retired"),
        "nothing written before the second key:\n{s}"
    );
    press(&mut c, "y");
    assert!(
        c.app.status.text.contains("retired from the roster"),
        "{}",
        c.app.status.text
    );
    let s = screen(&c);
    assert!(s.contains("– retired"), "{s}");
    // x on a retired person offers to reinstate.
    press(&mut c, "x");
    let s = screen(&c);
    assert!(
        s.contains("Back on the roster · FL") && s.contains("林晓"),
        "{s}"
    );
    insta::assert_snapshot!("person_reinstate_form", s);
    press(&mut c, "\n");
    assert!(
        c.app.status.text.contains("back on the roster"),
        "{}",
        c.app.status.text
    );
}

#[test]
fn the_record_keeps_its_scroll_when_the_data_changes() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "R\njjj");
    let top = screen(&c).lines().nth(2).unwrap().to_string();
    assert!(
        !top.contains(" off duty") && !top.contains(" on duty"),
        "scrolled: {top}"
    );
    c.refresh().unwrap();
    assert_eq!(screen(&c).lines().nth(2).unwrap(), top);
    press(&mut c, "g");
    assert!(screen(&c).lines().nth(2).unwrap().contains("FL0000"));
}

#[test]
fn a_step_on_the_party_screen_keeps_the_person_selected_and_j_still_scrolls() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "T");
    let candidate = |c: &Console| match &c.app.data {
        ScreenData::Party(p) => p
            .rows
            .iter()
            .position(|r| {
                r.development
                    .as_ref()
                    .is_some_and(|d| d.status == frontline::domain::DevStatus::Candidate)
            })
            .unwrap(),
        d => panic!("{d:?}"),
    };
    let i = candidate(&c);
    for _ in 0..i {
        press(&mut c, "j");
    }
    let id = match &c.app.data {
        ScreenData::Party(p) => p.rows[i].id,
        d => panic!("{d:?}"),
    };
    press(&mut c, "a");
    assert!(
        c.app.status.text.contains("recommended"),
        "{}",
        c.app.status.text
    );
    let sel = c.app.list().selected;
    match &c.app.data {
        ScreenData::Party(p) => assert_eq!(p.rows[sel].id, id, "still on the same person"),
        d => panic!("{d:?}"),
    }
    // Scrolling one row at a time past the bottom still moves on.
    let page = 25;
    for _ in 0..page + 3 {
        press(&mut c, "j");
    }
    assert_eq!(c.app.list().selected, sel + page + 3);
}

/// A name several people share is never resolved to one of them in the
/// check-in form; the form says how many match and lists them, and Enter takes only the one
/// highlighted (a choice, not a guess); a text left unpicked is refused.
#[test]
fn check_in_lookup_shows_every_match_and_refuses_to_guess() {
    use frontline::domain::Ts;
    use frontline::store::commands::{Command, Ctx, PeopleCommand};
    let (_d, mut c) = console(Lang::En, 120, 30);
    for code in ["TWIN01", "TWIN02", "TWIN03"] {
        c.store
            .execute(
                &Command::People(PeopleCommand::Add {
                    staff_code: code.into(),
                    name: "范杰邦".into(),
                    category: "cadre".into(),
                    source_unit: String::new(),
                    community: String::new(),
                    party_status: "none".into(),
                    phone: String::new(),
                }),
                &Ctx {
                    operator: "t".into(),
                    now: NOW as Ts,
                },
            )
            .unwrap();
    }
    press(&mut c, "i范杰邦");
    let s = screen(&c);
    assert!(s.contains("3 fit: pick one with ↑↓ and Enter"), "{s}");
    assert!(s.contains("TWIN01") && s.contains("TWIN03"), "{s}");
    assert!(!s.contains("→ 范杰邦"), "{s}");
    press(&mut c, "\t1\n");
    let s = screen(&c);
    assert!(s.contains("“范杰邦” — 3 fit"), "{s}");
    // A staff code names one.
    press(&mut c, "\u{1b}iTWIN02");
    let s = screen(&c);
    assert!(s.contains("→ 范杰邦 (TWIN02"), "{s}");
}
