//! The Setup screen (基础设置) and the first-run checklist as a user sees them: tabs, rows,
//! adding, editing and closing through the forms (with the audit row each leaves), a refused
//! close, and the checklist's states on a new database.

use crate::support::ui::{console, empty_console, press, screen};

use frontline::app::Action;
use frontline::app::keys::Screen;
use frontline::app::screens::ScreenData;
use frontline::console::Console;
use frontline::i18n::Lang;
use unicode_width::UnicodeWidthStr;

/// The newest audit row: (action, target).
fn last_audit(c: &Console) -> (String, String) {
    let db = crate::support::ui::other_connection(c);
    db.query_row(
        "SELECT action, target FROM audit_log ORDER BY id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

fn backspace(c: &mut Console, n: usize) {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    for _ in 0..n {
        c.handle(Action::Event(Event::Key(KeyEvent::new(
            KeyCode::Backspace,
            KeyModifiers::NONE,
        ))))
        .unwrap();
    }
}

fn audit_len(c: &Console) -> i64 {
    let db = crate::support::ui::other_connection(c);
    db.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

/// The names on the current Setup tab, in the order shown.
fn names(c: &Console) -> Vec<(String, bool)> {
    match &c.app.data {
        ScreenData::Setup(_, p) => p.rows.iter().map(|r| (r.name.clone(), r.closed)).collect(),
        d => panic!("not the setup screen: {d:?}"),
    }
}

fn full_width(s: &str, w: usize) {
    for line in s.lines().take(22) {
        assert!(UnicodeWidthStr::width(line) <= w, "{line}");
    }
}

#[test]
fn a_new_database_opens_the_checklist_with_every_step_to_go_in_english() {
    let (_d, c) = empty_console(Lang::En, 80, 24);
    assert_eq!(c.app.screen, Screen::FirstRun);
    let s = screen(&c);
    for want in [
        "1 Organisation: streets, communities, posts",
        "3 to go",
        "key: O, then a to add · script: frontline import org",
        "2 Roster: import the people",
        "key: I · script: frontline import roster",
        "3 Shift pattern: plan the first days",
        "4 Stock-take: opening stock per item",
        "9 to go",
    ] {
        assert!(s.contains(want), "{want}\n{s}");
    }
    full_width(&s, 80);
    insta::assert_snapshot!("first_run_en_80x24", s);
}

#[test]
fn a_new_database_opens_the_checklist_in_chinese_at_80x24() {
    let (_d, c) = empty_console(Lang::Zh, 80, 24);
    let s = screen(&c);
    for want in [
        "开通向导",
        "1 组织架构：街道、社区、点位",
        "还差 3 项",
        "2 花名册：导入人员",
        "还差 9 项",
        "按键: O, 再按 a 新增",
    ] {
        assert!(s.contains(want), "{want}\n{s}");
    }
    full_width(&s, 80);
    insta::assert_snapshot!("first_run_zh_80x24", s);
}

#[test]
fn a_live_post_opens_on_the_four_panels_and_the_checklist_is_one_key_away() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    assert_eq!(c.app.screen, Screen::Home);
    press(&mut c, "Z");
    assert_eq!(c.app.screen, Screen::FirstRun);
    let s = screen(&c);
    assert!(s.contains("This post is live"), "{s}");
    assert!(s.contains("1 Organisation") && s.contains("✓ done"), "{s}");
    // Esc goes home.
    press(&mut c, "\u{1b}");
    assert_eq!(c.app.screen, Screen::Home);
}

#[test]
fn organisation_added_from_the_setup_screen_shows_its_rows_audit_and_ticks_the_checklist() {
    let (_d, mut c) = empty_console(Lang::En, 80, 24);
    // Enter on step 1 opens the Setup screen; Esc comes back to the checklist.
    press(&mut c, "\n");
    assert_eq!(c.app.screen, Screen::Setup);
    press(&mut c, "a白鹤洞街\n");
    assert_eq!(names(&c), vec![("白鹤洞街".to_string(), false)]);
    assert_eq!(last_audit(&c).0, "org_street_add");
    press(&mut c, "\ta白鹤洞东社区\t白鹤洞街\n");
    assert_eq!(names(&c), vec![("白鹤洞东社区".to_string(), false)]);
    assert_eq!(last_audit(&c).0, "org_community_add");
    press(&mut c, "\ta白鹤洞东卡口\t白鹤洞东社区\t卡口\t3\t2x12\n");
    let s = screen(&c);
    assert!(s.contains("Setup · Posts (1)"), "{s}");
    assert!(
        s.contains("白鹤洞东卡口") && s.contains("checkpoint") && s.contains("08:00-20:00"),
        "{s}"
    );
    assert!(s.contains("post 白鹤洞东卡口 added"), "{s}");
    assert_eq!(last_audit(&c), ("org_post_add".into(), "post:1".into()));
    full_width(&s, 80);
    insta::assert_snapshot!("setup_posts_en_80x24", s);
    // Back on the checklist, step 1 is done.
    press(&mut c, "\u{1b}");
    assert_eq!(c.app.screen, Screen::FirstRun);
    let s = screen(&c);
    assert!(s.contains("✓ done") && s.contains("1 to go"), "{s}");
}

#[test]
fn a_bad_value_is_refused_in_the_form_with_its_reason_and_nothing_written() {
    let (_d, mut c) = empty_console(Lang::En, 80, 24);
    press(&mut c, "O\t");
    let before = audit_len(&c);
    // A community in a street that does not exist.
    press(&mut c, "a白鹤洞东社区\t没有这条街\n");
    assert!(matches!(c.app.mode, frontline::app::Mode::Form(_)));
    // The street field is a picker: the form says nothing matches before anything is sent.
    let s = screen(&c);
    assert!(
        s.contains("没有这条街") && s.contains("nothing matches"),
        "{s}"
    );
    assert_eq!(audit_len(&c), before);
    press(&mut c, "\u{1b}");
    assert!(names(&c).is_empty());
}

#[test]
fn editing_a_post_changes_its_row_and_leaves_an_edit_audit_row() {
    let (_d, mut c) = empty_console(Lang::En, 80, 24);
    press(
        &mut c,
        "Oa街一\n\ta社区一\t街一\n\ta卡口一\t社区一\tcheckpoint\t3\t2x12\n",
    );
    assert_eq!(names(&c).len(), 1);
    // The edit form starts with the row's values; a new headcount and kind.
    press(&mut c, "e");
    let s = screen(&c);
    // The community as its street and name: a community's name may be shared.
    assert!(
        s.contains("Edit post · 卡口一") && s.contains("街一/社区一"),
        "{s}"
    );
    // Clear the kind and the headcount, and type new ones.
    press(&mut c, "\t\t");
    backspace(&mut c, "checkpoint".len());
    press(&mut c, "sampling\t");
    backspace(&mut c, 1);
    press(&mut c, "5\n");
    let ScreenData::Setup(_, p) = &c.app.data else {
        panic!()
    };
    assert_eq!(p.rows[0].headcount, Some(5));
    assert_eq!(p.rows[0].kind.as_deref(), Some("sampling"));
    assert_eq!(last_audit(&c), ("org_post_edit".into(), "post:1".into()));
    let s = screen(&c);
    assert!(s.contains("sampling") && s.contains("5"), "{s}");
}

#[test]
fn closing_asks_first_then_marks_the_row_closed_at_the_end() {
    let (_d, mut c) = empty_console(Lang::En, 80, 24);
    press(&mut c, "Oa街一\na街二\n");
    assert_eq!(
        names(&c),
        vec![("街一".to_string(), false), ("街二".to_string(), false)]
    );
    let before = audit_len(&c);
    // The first row: a confirmation, and Esc writes nothing.
    press(&mut c, "gx");
    let s = screen(&c);
    assert!(s.contains("Close street 街一?"), "{s}");
    press(&mut c, "\u{1b}");
    assert_eq!(audit_len(&c), before);
    press(&mut c, "xy");
    assert_eq!(last_audit(&c).0, "org_street_close");
    // Closed rows come last, marked.
    assert_eq!(
        names(&c),
        vec![("街二".to_string(), false), ("街一".to_string(), true)]
    );
    let s = screen(&c);
    assert!(s.contains("✕ closed"), "{s}");
    // A closed row is not closed again.
    press(&mut c, "Gx");
    assert!(c.app.status.text.contains("already closed"));
}

#[test]
fn closing_a_post_with_people_on_duty_is_refused_with_who_they_are() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "O\t\t");
    let ScreenData::Setup(_, p) = &c.app.data else {
        panic!()
    };
    let at = p
        .rows
        .iter()
        .position(|r| r.count > 0)
        .expect("a post with people on duty");
    let post = p.rows[at].name.clone();
    for _ in 0..at {
        press(&mut c, "j");
    }
    let before = audit_len(&c);
    press(&mut c, "x");
    assert!(matches!(c.app.mode, frontline::app::Mode::Normal));
    assert!(c.app.status.error);
    let msg = &c.app.status.text;
    assert!(
        msg.contains(&format!("post '{post}' has")) && msg.contains("people on duty:"),
        "{msg}"
    );
    assert_eq!(audit_len(&c), before);
    let s = screen(&c);
    assert!(s.contains("people on duty:"), "{s}");
}

#[test]
fn every_tab_lists_its_rows_with_what_tells_them_apart() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "O");
    let mut seen = vec![];
    for want in [
        ("Streets", "Communities"),
        ("Communities", "Street"),
        ("Posts", "Kind"),
        ("Depots", "Items held"),
        ("Items", "Reorder"),
        ("Medics", "Staff code"),
    ] {
        let s = screen(&c);
        assert!(s.contains(&format!("Setup · {}", want.0)), "{s}");
        assert!(s.contains(want.1), "{s}");
        full_width(&s, 80);
        seen.push(c.app.data.total());
        press(&mut c, "\t");
    }
    // Every kind has rows in the demo.
    assert!(seen.iter().all(|n| *n > 0), "{seen:?}");
    // Back to the first tab.
    assert!(screen(&c).contains("Setup · Streets"));
}

#[test]
fn the_posts_tab_in_chinese_at_80x24_and_wide() {
    let (_d, mut c) = console(Lang::Zh, 80, 24);
    press(&mut c, "O\t\t");
    let s = screen(&c);
    assert!(s.contains("基础设置 · 点位") && s.contains("每班"), "{s}");
    full_width(&s, 80);
    insta::assert_snapshot!("setup_posts_zh_80x24", s);
    c.handle(Action::Event(crossterm::event::Event::Resize(120, 40)))
        .unwrap();
    let s = screen(&c);
    assert!(s.contains("班次") && s.contains("在岗"), "{s}");
    insta::assert_snapshot!("setup_posts_zh_120x40", s);
}

#[test]
fn the_setup_screen_is_in_the_palette_and_the_help() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, ":setup\n");
    assert_eq!(c.app.screen, Screen::Setup);
    press(&mut c, "?");
    let s = screen(&c);
    assert!(s.contains("Setup") && s.contains("First run"), "{s}");
}

#[test]
fn the_checklist_steps_aside_once_the_post_has_people_posts_and_stock() {
    use frontline::store::commands::{Command, Ctx, OrgCommand, OrgFields, OrgKind, PeopleCommand};
    let (_d, mut c) = empty_console(Lang::En, 80, 24);
    assert_eq!(c.app.screen, Screen::FirstRun);
    let ctx = Ctx {
        operator: "script".into(),
        now: crate::support::ui::NOW,
    };
    let org = |kind, name: &str, parent: Option<&str>| {
        Command::Org(OrgCommand::Add {
            kind,
            fields: OrgFields {
                name: Some(name.into()),
                parent: parent.map(str::to_string),
                kind: Some("卡口".into()),
                headcount: Some("2".into()),
                ..Default::default()
            },
        })
    };
    let run = |c: &mut Console, cmd: Command| {
        c.store.execute(&cmd, &ctx).unwrap();
        c.refresh().unwrap();
    };
    run(&mut c, org(OrgKind::Street, "街一", None));
    run(&mut c, org(OrgKind::Community, "社区一", Some("街一")));
    run(&mut c, org(OrgKind::Post, "卡口一", Some("社区一")));
    // A post but nobody yet: still the checklist, step 1 done.
    assert_eq!(c.app.screen, Screen::FirstRun);
    let s = screen(&c);
    assert!(s.contains("✓ done") && s.contains("1 to go"), "{s}");
    run(
        &mut c,
        Command::People(PeopleCommand::Add {
            staff_code: "GZ1".into(),
            name: "林晓".into(),
            category: "volunteer".into(),
            source_unit: String::new(),
            community: "社区一".into(),
            phone: "13800138001".into(),
            party_status: String::new(),
        }),
    );
    assert_eq!(c.app.screen, Screen::FirstRun);
    run(
        &mut c,
        Command::StockReceive {
            item: "MASK".into(),
            depot: None,
            quantity: 100,
            from: None,
        },
    );
    // People, a post and stock: the four panels.
    assert_eq!(c.app.screen, Screen::Home);
    assert!(screen(&c).contains("On duty (0)"));
    // Still one key away.
    press(&mut c, "Z");
    let s = screen(&c);
    assert!(
        s.contains("This post is live") && s.contains("8 to go"),
        "{s}"
    );
}

#[test]
fn the_medics_tab_ends_an_assignment_after_asking() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "O");
    // Back-tab from the first tab is the last one: medics.
    c.handle(Action::Event(crossterm::event::Event::Key(
        crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::BackTab,
            crossterm::event::KeyModifiers::NONE,
        ),
    )))
    .unwrap();
    let s = screen(&c);
    assert!(s.contains("Setup · Medics"), "{s}");
    let first = names(&c)[0].0.clone();
    let open = |c: &Console| -> i64 {
        let db = crate::support::ui::other_connection(c);
        db.query_row(
            "SELECT count(*) FROM medical_assignments WHERE until IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let before = open(&c);
    press(&mut c, "e");
    assert!(c.app.status.text.contains("added (a) or ended (x)"));
    press(&mut c, "x");
    assert!(screen(&c).contains(&format!("Close {first}")));
    press(&mut c, "y");
    assert_eq!(last_audit(&c).0, "assign_medic");
    assert_eq!(open(&c), before - 1);
    // The ended assignment is the last row, marked.
    press(&mut c, "G");
    assert_eq!(names(&c).last().unwrap(), &(first, true));
    assert!(screen(&c).contains("✕ ended"));
}
