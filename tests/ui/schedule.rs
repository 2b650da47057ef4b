//! The schedule and coverage screen, the call-up list, a slot's shifts, the ledger and the
//! watch list as a user sees them, driven through the console's own action path (keys in,
//! buffer out), with insta snapshots.

use crate::support::ui::{console, press, screen};

use frontline::app::keys::Screen;
use frontline::app::screens::ScreenData;
use frontline::console::Console;
use frontline::i18n::Lang;
use unicode_width::UnicodeWidthStr;

/// (post, start, assigned, short by) of the rows the schedule screen shows.
fn slots(c: &Console) -> Vec<(i64, Option<i64>, i64, i64)> {
    match &c.app.data {
        ScreenData::Schedule(p, _) => p
            .rows
            .iter()
            .map(|r| (r.post_id, r.start, r.assigned, r.short_by()))
            .collect(),
        d => panic!("not the schedule: {d:?}"),
    }
}

#[test]
fn schedule_shows_each_slot_against_its_headcount_with_gaps_and_overstaffing_marked() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "S");
    let s = screen(&c);
    assert!(s.contains("Schedule & coverage · 2021-06-10 Thu"), "{s}");
    // Short, over and full each have a symbol and a word, not only a colour.
    assert!(
        s.contains("▼ short") && s.contains("▲ over") && s.contains("✓ full"),
        "{s}"
    );
    assert!(s.contains("Need") && s.contains("Have"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn schedule_in_chinese_at_80x24() {
    let (_d, mut c) = console(Lang::Zh, 80, 24);
    press(&mut c, "S");
    let s = screen(&c);
    assert!(s.contains("排班与到岗") && s.contains("缺岗"), "{s}");
    for line in s.lines().skip(1).take(21) {
        assert_eq!(UnicodeWidthStr::width(line), 80, "{line}");
    }
    insta::assert_snapshot!(s);
}

#[test]
fn gaps_only_and_day_by_day() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "Sv");
    let rows = slots(&c);
    assert!(!rows.is_empty() && rows.iter().all(|r| r.3 > 0), "{rows:?}");
    assert!(screen(&c).contains("gaps only"));
    press(&mut c, "]");
    assert!(screen(&c).contains("2021-06-11 Fri"));
    press(&mut c, "[[");
    assert!(screen(&c).contains("2021-06-09 Wed"));
    press(&mut c, "t");
    assert!(screen(&c).contains("2021-06-10 Thu"));
}

#[test]
fn a_gap_is_filled_from_the_call_up_list_in_two_keys_and_closes() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    // Tomorrow, gaps only: the first short slot.
    press(&mut c, "S]v");
    let (post, start, assigned, short) = slots(&c)[0];
    press(&mut c, "a");
    assert_eq!(c.app.screen, Screen::Callup);
    let s = screen(&c);
    assert!(
        s.contains("Call-up") && s.contains("who can go") && s.contains("✓ can go"),
        "{s}"
    );
    insta::assert_snapshot!("callup_list", s);
    let first = match &c.app.data {
        ScreenData::Callup(p) => p.rows[0].clone(),
        d => panic!("{d:?}"),
    };
    press(&mut c, "\n");
    // Back on the schedule, the slot has one more person, one gap fewer.
    assert_eq!(c.app.screen, Screen::Schedule);
    let s = screen(&c);
    assert!(s.contains(&format!("✓ {} planned at", first.name)), "{s}");
    press(&mut c, "v");
    let after = slots(&c)
        .into_iter()
        .find(|r| r.0 == post && r.1 == start)
        .unwrap();
    assert_eq!((after.2, after.3), (assigned + 1, short - 1));
    let audit = c.store.audit(1).unwrap();
    assert_eq!(audit[0].action, "shift_plan");
    assert_eq!(audit[0].details["person_id"], first.id);
}

#[test]
fn a_slot_lists_its_people_and_one_is_replaced_from_the_picker() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    // Tomorrow's first slot: all planned.
    press(&mut c, "S]\n");
    assert_eq!(c.app.screen, Screen::Slot);
    let s = screen(&c);
    assert!(s.contains("planned"), "{s}");
    insta::assert_snapshot!("slot_shifts", s);
    let (old_shift, old_name) = match &c.app.data {
        ScreenData::Slot(p) => (p.rows[0].shift_id, p.rows[0].name.clone()),
        d => panic!("{d:?}"),
    };
    press(&mut c, "r");
    let s = screen(&c);
    // The picker shows everyone, each with rest status and hours in 7 days; who cannot go is marked.
    assert!(
        s.contains(&format!("replacing {old_name}")) && s.contains("everyone"),
        "{s}"
    );
    assert!(s.contains("Rest status") && s.contains("7 d"), "{s}");
    let pick = match &c.app.data {
        ScreenData::Callup(p) => p
            .rows
            .iter()
            .position(|r| r.status == frontline::store::shift_queries::CandidateStatus::Available)
            .unwrap(),
        d => panic!("{d:?}"),
    };
    for _ in 0..pick {
        press(&mut c, "j");
    }
    press(&mut c, "\n");
    assert_eq!(c.app.screen, Screen::Slot, "back to the slot");
    let s = screen(&c);
    assert!(s.contains(&format!("replacing {old_name}")), "{s}");
    let audit = c.store.audit(1).unwrap();
    assert_eq!(audit[0].details["replaces_shift_id"], old_shift);
}

#[test]
fn someone_who_would_break_a_rule_is_refused_without_an_override_from_the_picker() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    // Tomorrow's first slot, its first (planned) shift, someone else in its place.
    press(&mut c, "S]\nr");
    let pick = match &c.app.data {
        ScreenData::Callup(p) => p
            .rows
            .iter()
            .position(|r| r.status == frontline::store::shift_queries::CandidateStatus::Breaks),
        d => panic!("{d:?}"),
    };
    let pick = pick.expect("someone in the picker would break a rule");
    for _ in 0..pick {
        press(&mut c, "j");
    }
    let before = c.store.audit(1).unwrap()[0].id;
    press(&mut c, "\n");
    let s = screen(&c);
    assert!(
        s.contains("Plan a shift") && s.contains("would break a rule"),
        "{s}"
    );
    // Enter without a reason is refused by the executor; nothing is written.
    press(&mut c, "\n");
    assert!(
        screen(&c).contains("would break rest rules"),
        "{}",
        screen(&c)
    );
    assert_eq!(c.store.audit(1).unwrap()[0].id, before);
    press(&mut c, "short of staff\n");
    let a = c.store.audit(1).unwrap();
    assert_eq!(a[0].action, "shift_plan");
    assert_eq!(a[0].details["override"], "short of staff");
}

#[test]
fn copying_today_forward_from_the_schedule() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "Sc");
    let s = screen(&c);
    assert!(
        s.contains("Copy a day's shifts forward") && s.contains("2021-06-10"),
        "{s}"
    );
    // The form starts on the post (blank: every post); the day and "1 day" are filled in.
    press(&mut c, "\n");
    let s = screen(&c);
    assert!(
        s.contains("✓ 06-10's shifts copied to the next 1 day(s):"),
        "{s}"
    );
    assert_eq!(c.store.audit(1).unwrap()[0].action, "shift_copy_day");
}

#[test]
fn a_resident_is_added_on_the_spot_from_the_schedule() {
    let (_d, mut c) = console(Lang::Zh, 100, 30);
    press(&mut c, "Sz");
    let s = screen(&c);
    assert!(s.contains("就地转化为社区工作人员"), "{s}");
    insta::assert_snapshot!("convert_form", s);
    press(&mut c, "林晓\t\t党员\t是\t荔湾区税务局\t13800000000\n");
    let s = screen(&c);
    assert!(s.contains("林晓 已就地转化为"), "{s}");
    let a = c.store.audit(1).unwrap();
    assert_eq!(
        (a[0].action.as_str(), a[0].details["party_status"].as_str()),
        ("convert", Some("member"))
    );
    assert_eq!(a[0].details["dual_registered"], true);
}

#[test]
fn ledger_lists_who_is_owed_most_and_compensatory_rest_is_taken_from_it() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "B");
    let s = screen(&c);
    assert!(
        s.contains("Compensatory leave owed") && s.contains("Owed"),
        "{s}"
    );
    insta::assert_snapshot!("ledger", s);
    let (id, owed) = match &c.app.data {
        ScreenData::Ledger(p) => (p.rows[0].id, p.rows[0].owed_minutes),
        d => panic!("{d:?}"),
    };
    press(&mut c, "s");
    let s = screen(&c);
    assert!(
        s.contains("Record rest") && s.contains("compensatory"),
        "{s}"
    );
    press(&mut c, "\n");
    let s = screen(&c);
    assert!(
        s.contains("compensatory rest") && s.contains("still owed"),
        "{s}"
    );
    let (balance, _) = c.store.ledger_entries(id).unwrap();
    assert_eq!(balance, owed - (owed / 60).clamp(1, 24) * 60);
}

#[test]
fn watch_lists_the_overdue_first_and_forced_rest_is_two_keys_away() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "W");
    let s = screen(&c);
    assert!(s.contains("Rest watch") && s.contains("✗ +"), "{s}");
    insta::assert_snapshot!("watch", s);
    let name = match &c.app.data {
        ScreenData::Watch(p) => p.rows[0].name.clone(),
        d => panic!("{d:?}"),
    };
    press(&mut c, "f\n");
    assert!(screen(&c).contains(&format!("✓ {name} in forced rest until")));
}
