//! The health (M), family-case (C) and care (V) screens as a user sees them, driven through the
//! console's own action path over a demo database; snapshots print each wide character once.

use crate::support::ui::{press, screen};

use frontline::app::Mode;
use frontline::app::form::{CareForm, FormKind, ImportForm};
use frontline::console::Console;
use frontline::i18n::Lang;
use frontline::store::db::Connection;
use unicode_width::UnicodeWidthStr;

/// 2021-06-10T08:00:00+08:00: the demo is made then.
const NOW: i64 = 1_623_283_200;
/// 11:00 the same day, after the 10:00 report deadline: missing reports are flagged.
const LATER: i64 = NOW + 3 * 3600;
const TODAY: i64 = (NOW + 8 * 3600) / 86_400;

fn later() -> i64 {
    LATER
}

fn console(lang: Lang, w: u16, h: u16) -> (tempfile::TempDir, Console) {
    crate::support::ui::console_at(lang, w, h, LATER, later)
}

fn db(c: &Console) -> Connection {
    crate::support::ui::other_connection(c)
}

fn int(c: &Console, sql: &str, p: impl frontline::store::db::Params) -> i64 {
    db(c).query_row(sql, p, |r| r.get(0)).unwrap()
}

fn form_kind(c: &Console) -> Option<FormKind> {
    match &c.app.mode {
        Mode::Form(f) => Some(f.kind),
        _ => None,
    }
}

#[test]
fn health_screen_flags_missing_unwell_positive_and_overdue_tests() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "M");
    let s = screen(&c);
    for word in [
        "health · everyone",
        "✗ MISSING",
        "⚠ POSITIVE #1",
        "a acknowledges",
        "due by 10:00",
    ] {
        assert!(s.contains(word), "{word} missing:\n{s}");
    }
    assert!(s.lines().next().unwrap().contains("⚠POSITIVE 1"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn health_screen_of_one_community_names_its_medics_in_chinese() {
    let (_d, mut c) = console(Lang::Zh, 120, 40);
    press(&mut c, "M]");
    let s = screen(&c);
    assert!(s.contains("随访医务") && !s.contains("全部社区"), "{s}");
    let community: String = db(&c)
        .query_row(
            "SELECT name FROM communities ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(s.contains(&format!("‹ {community} ›")), "{s}");
    insta::assert_snapshot!(s);
    // The unwell view shows only the unwell, each with who follows them up.
    press(&mut c, "[");
    press(&mut c, "mm");
    let s = screen(&c);
    assert!(s.contains("医务/健康 · 仅不适"), "{s}");
    let unwell = int(
        &c,
        "SELECT count(*) FROM health_reports WHERE day = ?1 AND unwell = 1",
        [TODAY],
    );
    assert!(s.contains(&format!("仅不适 ({unwell})")), "{s}");
    assert_eq!(s.matches("⚠ 不适").count() as i64, unwell.min(30), "{s}");
}

#[test]
fn reports_are_entered_in_a_row_next_person_after_each_save() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    let before = int(
        &c,
        "SELECT count(*) FROM health_reports WHERE day = ?1",
        [TODAY],
    );
    // Not-reported view: each saved person leaves the list, the next one is asked for.
    press(&mut c, "Mm");
    let first = match &c.app.data {
        frontline::app::screens::ScreenData::Health(h) => h.rows.rows[0].person_id,
        _ => panic!(),
    };
    press(&mut c, "h");
    assert_eq!(form_kind(&c), Some(FormKind::Care(CareForm::Health)));
    insta::assert_snapshot!("health_report_form", screen(&c));
    press(&mut c, "37.2\n");
    assert_eq!(
        form_kind(&c),
        Some(FormKind::Care(CareForm::Health)),
        "the form opens again"
    );
    press(&mut c, "\n\n36.8\n");
    let after = int(
        &c,
        "SELECT count(*) FROM health_reports WHERE day = ?1",
        [TODAY],
    );
    assert_eq!(after, before + 4);
    let t: i64 = int(
        &c,
        "SELECT temp_dc FROM health_reports WHERE person_id = ?1 AND day = ?2",
        [first, TODAY],
    );
    assert_eq!(t, 372, "typed over the 36.5 default");
    let s = screen(&c);
    assert!(s.contains("health report for 2021-06-10 saved"), "{s}");
    // Four distinct people, reported after the deadline, each with one audit row.
    assert_eq!(
        int(
            &c,
            "SELECT count(DISTINCT person_id) FROM health_reports WHERE day = ?1 AND reported_at = ?2",
            [TODAY, LATER]
        ),
        4
    );
    assert_eq!(
        int(
            &c,
            "SELECT count(*) FROM audit_log WHERE action = 'health_report'",
            []
        ),
        4
    );
    press(&mut c, "\u{1b}");
    assert_eq!(form_kind(&c), None);
}

#[test]
fn in_the_full_list_fast_entry_skips_people_who_already_reported() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "M");
    press(&mut c, "h\n");
    let reported_next = match &c.app.data {
        frontline::app::screens::ScreenData::Health(h) => {
            let l = c.app.list();
            let row = &h.rows.rows[l.selected - l.offset];
            assert!(l.selected > 0);
            row.report.is_some()
        }
        _ => panic!(),
    };
    assert!(
        !reported_next,
        "the form moved to someone who has not reported"
    );
    assert_eq!(form_kind(&c), Some(FormKind::Care(CareForm::Health)));
}

#[test]
fn a_report_taken_by_phone_is_one_key_and_marked() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "Mmp");
    assert!(screen(&c).contains("Health report (by phone)"));
    press(&mut c, "\n");
    assert_eq!(
        int(
            &c,
            "SELECT count(*) FROM health_reports WHERE reported_at = ?1 AND via_phone = 1",
            [LATER]
        ),
        1
    );
    assert!(screen(&c).contains("(by phone)"));
}

#[test]
fn a_positive_result_by_keys_shows_in_the_header_until_acknowledged() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "M");
    assert!(screen(&c).lines().next().unwrap().contains("⚠POSITIVE 1"));
    press(&mut c, "t");
    assert_eq!(form_kind(&c), Some(FormKind::Care(CareForm::Test)));
    press(&mut c, "+\n");
    let s = screen(&c);
    assert!(s.lines().next().unwrap().contains("⚠POSITIVE 2"), "{s}");
    assert!(
        s.contains("POSITIVE; out of service, alert raised")
            || s.contains("POSITIVE; taken off duty"),
        "{s}"
    );
    assert!(s.contains("(+1)"), "two alerts waiting:\n{s}");
    // Acknowledging a positive test asks a second key; Esc leaves it waiting.
    press(&mut c, "a");
    let s = screen(&c);
    assert!(s.contains("Acknowledge the positive test of"), "{s}");
    assert!(s.contains("y or Enter: go ahead · Esc: cancel"), "{s}");
    press(&mut c, "\u{1b}");
    let s = screen(&c);
    assert!(s.lines().next().unwrap().contains("⚠POSITIVE 2"), "{s}");
    assert!(s.contains("Cancelled — nothing written."), "{s}");
    press(&mut c, "ay");
    assert!(screen(&c).lines().next().unwrap().contains("⚠POSITIVE 1"));
    press(&mut c, "a\n");
    let s = screen(&c);
    assert!(!s.lines().next().unwrap().contains("POSITIVE"), "{s}");
    assert!(s.contains("No alerts to acknowledge."), "{s}");
    let audit = c.store.audit(3).unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, ["ack_alert", "ack_alert", "test_result"]);
    assert!(audit.iter().all(|a| a.operator == "snap"));
}

#[test]
fn cases_screen_assigns_and_refuses_to_resolve_without_an_outcome() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "C");
    let s = screen(&c);
    assert!(s.contains("family cases · pending"), "{s}");
    insta::assert_snapshot!("cases_screen", s);
    press(&mut c, "a");
    assert_eq!(form_kind(&c), Some(FormKind::Care(CareForm::CaseAssign)));
    press(&mut c, "union\t李明\n");
    let s = screen(&c);
    assert!(s.contains("assigned to union, 李明"), "{s}");
    assert!(s.lines().nth(3).unwrap().contains("union 李明"), "{s}");
    press(&mut c, "x\n");
    let s = screen(&c);
    assert!(s.contains("✗ resolving a case needs an outcome"), "{s}");
    press(&mut c, "家属已由社区照料\n");
    // Resolving cannot be taken back: a second key, after the store has said it would go.
    let s = screen(&c);
    assert!(s.contains("Resolve case #"), "{s}");
    assert_eq!(c.store.audit(1).unwrap()[0].action, "case_assign");
    press(&mut c, "y");
    let s = screen(&c);
    assert!(s.contains("resolved"), "{s}");
    let audit = c.store.audit(2).unwrap();
    assert_eq!(audit[0].action, "case_resolve");
    assert_eq!(audit[1].action, "case_assign");
}

#[test]
fn a_case_is_opened_from_the_cases_screen() {
    let (_d, mut c) = console(Lang::Zh, 100, 30);
    press(&mut c, "C");
    let open = int(
        &c,
        "SELECT count(*) FROM family_cases WHERE status <> 'resolved'",
        [],
    );
    press(&mut c, "n");
    assert_eq!(form_kind(&c), Some(FormKind::Care(CareForm::CaseOpen)));
    press(&mut c, "5\t老人\t3\t父母年迈需照料\n");
    let s = screen(&c);
    assert!(s.contains("新建帮扶"), "{s}");
    assert_eq!(
        int(
            &c,
            "SELECT count(*) FROM family_cases WHERE status <> 'resolved'",
            []
        ),
        open + 1
    );
    assert_eq!(
        int(
            &c,
            "SELECT urgency FROM family_cases WHERE person_id = 5 AND category = 'eldercare' ORDER BY id DESC LIMIT 1",
            []
        ),
        3
    );
}

#[test]
fn care_screen_shows_flags_and_records_a_visit_from_party_dues() {
    let (_d, mut c) = console(Lang::Zh, 100, 30);
    press(&mut c, "V");
    let s = screen(&c);
    assert!(s.contains("人员关爱") && s.contains("党费支出"), "{s}");
    insta::assert_snapshot!("care_screen", s);
    let spent = int(&c, "SELECT sum(dues_fen) FROM care_visits", []);
    press(&mut c, "v");
    assert_eq!(form_kind(&c), Some(FormKind::Care(CareForm::Visit)));
    press(&mut c, "区委组织部\t500\n");
    let s = screen(&c);
    assert!(s.contains("党费 ¥500.00"), "{s}");
    assert_eq!(
        int(&c, "SELECT sum(dues_fen) FROM care_visits", []),
        spent + 50_000
    );
    press(&mut c, "\t");
    let s = screen(&c);
    assert!(s.contains("慰问记录 ⇆ 人员关爱"), "{s}");
    assert!(s.lines().nth(4).unwrap().contains("区委组织部"), "{s}");
}

#[test]
fn help_on_the_health_screen_lists_its_keys() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "M?");
    let s = screen(&c);
    for word in [
        "health report",
        "report by phone",
        "test result",
        "acknowledge alert",
        "next community",
        "return to service",
    ] {
        assert!(s.contains(word), "{word} missing:\n{s}");
    }
    assert!(
        !s.contains("forced rest"),
        "home keys are not listed here:\n{s}"
    );
}

#[test]
fn chinese_rows_of_the_three_screens_line_up_with_their_borders() {
    for key in ["M", "C", "V"] {
        let (_d, mut c) = console(Lang::Zh, 80, 24);
        press(&mut c, key);
        let s = screen(&c);
        // Every bordered row is exactly 80 columns: wide characters take two cells, never more.
        for line in s
            .lines()
            .filter(|l| l.starts_with('║') || l.starts_with('╔'))
        {
            assert_eq!(UnicodeWidthStr::width(line), 80, "{key}: {line}\n{s}");
        }
    }
}

/// `I` on the health screen previews a form export (matched, unmatched, ambiguous),
/// `Enter` applies it, and the list then shows who has still not reported.
#[test]
fn i_on_the_health_screen_previews_and_imports_a_form_export() {
    let (d, mut c) = console(Lang::En, 120, 30);
    let conn = db(&c);
    let mut st = conn
        .prepare(
            "SELECT p.name, p.staff_code FROM people p WHERE p.retired_at IS NULL
             AND NOT EXISTS(SELECT 1 FROM health_reports h WHERE h.person_id = p.id AND h.day = ?1)
             AND (SELECT count(*) FROM people q WHERE q.name = p.name) = 1 ORDER BY p.id LIMIT 3",
        )
        .unwrap();
    let people: Vec<(String, String)> = st
        .query_map([TODAY], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    drop(st);
    assert_eq!(people.len(), 3);
    let mut csv = String::from("序号,1、姓名,2、工号,3、体温,提交时间,IP\n");
    for (i, (name, code)) in people.iter().enumerate() {
        csv += &format!("{i},{name},{code},36.6,2021-06-10 07:3{i},1.1.1.1\n");
    }
    csv += "9,无此人,,36.6,2021-06-10 07:40,1.1.1.1\n";
    let f = d.path().join("form.csv");
    std::fs::write(&f, csv).unwrap();
    let reported = |c: &Console| {
        int(
            c,
            "SELECT count(*) FROM health_reports WHERE day = ?1",
            [TODAY],
        )
    };
    let before = reported(&c);
    press(&mut c, "M");
    press(&mut c, "I");
    assert_eq!(form_kind(&c), Some(FormKind::Import(ImportForm::Health)));
    press(&mut c, &format!("{}\n", f.display()));
    let s = screen(&c);
    assert!(
        s.contains("matched 3: 3 new · 0 replaced · 0 unchanged")
            && s.contains("unmatched 1 · ambiguous 0 · other bad rows 0")
            && s.contains("line 5: name: no one matches '无此人'")
            && s.contains("Enter imports the matched rows"),
        "{s}"
    );
    assert_eq!(reported(&c), before, "a preview writes nothing");
    press(&mut c, "\n");
    assert_eq!(reported(&c), before + 3);
    let s = screen(&c);
    assert!(
        s.contains("health reports imported: 3 new, 0 replaced, 0 unchanged, 1 bad rows skipped"),
        "{s}"
    );
    assert!(s.contains("not reported"), "{s}");
    for (name, _) in &people {
        assert!(!s.contains(name.as_str()), "{name} reported:\n{s}");
    }
}

/// The console's `I` applies the config file's form whose headers the file has.
#[test]
fn i_applies_the_config_files_form_whose_headers_the_export_has() {
    let (d, mut c) = console(Lang::En, 120, 30);
    let names: Vec<String> = db(&c)
        .prepare(
            "SELECT p.name FROM people p WHERE p.retired_at IS NULL
             AND NOT EXISTS(SELECT 1 FROM health_reports h WHERE h.person_id = p.id AND h.day = ?1)
             AND (SELECT count(*) FROM people q WHERE q.name = p.name) = 1 ORDER BY p.id LIMIT 2",
        )
        .unwrap()
        .query_map([TODAY], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let f = d.path().join("odd.csv");
    let csv = format!(
        "序号,人员姓名,腋下温度\n1,{},36.6\n2,{},36.7\n",
        names[0], names[1]
    );
    std::fs::write(&f, csv).unwrap();
    press(&mut c, "M");
    press(&mut c, "I");
    press(&mut c, &format!("{}\n", f.display()));
    assert!(screen(&c).contains("missing: name"), "{}", screen(&c));
    press(&mut c, "\u{1b}");
    c.import_forms.insert(
        "other".into(),
        vec!["体温=额温".into(), "result=化验结果".into()],
    );
    c.import_forms.insert(
        "问卷星".into(),
        vec!["体温=腋下温度".into(), "姓名=人员姓名".into()],
    );
    press(&mut c, "I");
    press(&mut c, &format!("{}\n", f.display()));
    let s = screen(&c);
    assert!(
        s.contains("form 问卷星's columns · matched 2: 2 new"),
        "{s}"
    );
}

/// The not-reported view shows each person's phone, so the dispatcher can call them,
/// and `/` there finds a person by their phone; at 80×24 and wide, in both languages.
#[test]
fn not_reported_shows_each_phone_and_slash_finds_by_phone() {
    for (lang, w, h, view) in [
        (Lang::En, 80, 24, "not reported"),
        (Lang::Zh, 80, 24, "仅未报"),
        (Lang::En, 140, 40, "not reported"),
        (Lang::Zh, 140, 40, "仅未报"),
    ] {
        let (_d, mut c) = console(lang, w, h);
        press(&mut c, "Mm");
        let s = screen(&c);
        assert!(s.contains(view), "{s}");
        let rows = match &c.app.data {
            frontline::app::screens::ScreenData::Health(h) => h.rows.rows.clone(),
            _ => panic!(),
        };
        let shown = rows.iter().take(5).collect::<Vec<_>>();
        for r in &shown {
            assert!(r.report.is_none());
            let line = s.lines().find(|l| l.contains(r.name.as_str())).unwrap();
            assert!(
                line.contains(&r.phone),
                "{} without {}:\n{s}",
                r.name,
                r.phone
            );
        }
        for line in s.lines().filter(|l| l.starts_with('║')) {
            assert_eq!(UnicodeWidthStr::width(line), w as usize, "{line}\n{s}");
        }
        insta::assert_snapshot!(format!("health_not_reported_{lang:?}_{w}x{h}"), s);
        // Eight digits from the middle of a phone find its owner (and nobody else here).
        let target = rows.iter().find(|r| r.phone.len() == 11).unwrap().clone();
        let part = &target.phone[2..10];
        press(&mut c, &format!("/{part}\n"));
        let s = screen(&c);
        let found = match &c.app.data {
            frontline::app::screens::ScreenData::Health(h) => h.rows.rows.clone(),
            _ => panic!(),
        };
        assert!(!found.is_empty(), "{s}");
        assert!(found.iter().all(|r| r.phone.contains(part)), "{s}");
        assert!(found.iter().any(|r| r.person_id == target.person_id), "{s}");
        assert!(s.contains(&target.phone), "{s}");
    }
}

/// A stored phone is shown escaped, as other stored text: a control sequence in it cannot
/// reach the terminal, and a long one keeps its last digits.
#[test]
fn a_phone_with_a_control_sequence_is_shown_escaped() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "Mm");
    let (id, name) = match &c.app.data {
        frontline::app::screens::ScreenData::Health(h) => {
            (h.rows.rows[0].person_id, h.rows.rows[0].name.clone())
        }
        _ => panic!(),
    };
    db(&c)
        .execute(
            "UPDATE people SET phone = ?2 WHERE id = ?1",
            rusqlite::params![id, "1380013\u{1b}[2J8000"],
        )
        .unwrap();
    c.refresh().unwrap();
    let s = screen(&c);
    let line = s.lines().find(|l| l.contains(name.as_str())).unwrap();
    assert!(line.contains("…3\\u001b[2J8000"), "{line}");
    assert!(!s.contains('\u{1b}'), "{s}");
}

/// Tab in the health import's path field completes the typed path; when several
/// entries match, the common part goes in and the hint line lists them.
#[test]
fn tab_in_the_health_imports_path_field_completes_the_path() {
    let (d, mut c) = console(Lang::En, 120, 30);
    let dir = d.path().join("forms");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("wjx-0610.csv"), "").unwrap();
    std::fs::write(dir.join("wjx-0611.csv"), "").unwrap();
    std::fs::write(dir.join("lab-list.xlsx"), "").unwrap();
    press(&mut c, "M");
    press(&mut c, "I");
    assert_eq!(form_kind(&c), Some(FormKind::Import(ImportForm::Health)));
    assert!(screen(&c).contains("Tab completes the path"));
    let base = format!("{}/", dir.display());
    press(&mut c, &format!("{base}la\t"));
    let s = screen(&c);
    assert!(s.contains(&format!("▶ {base}lab-list.xlsx")), "{s}");
    // Typed over: several match, their common part goes in and each is listed.
    for _ in 0.."lab-list.xlsx".len() {
        press_backspace(&mut c);
    }
    press(&mut c, "w\t");
    let s = screen(&c);
    assert!(s.contains(&format!("▶ {base}wjx-061")), "{s}");
    assert!(s.contains("wjx-0610.csv  wjx-0611.csv"), "{s}");
}

fn press_backspace(c: &mut Console) {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let k = KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE);
    c.handle(frontline::app::Action::Event(Event::Key(k)))
        .unwrap();
}
