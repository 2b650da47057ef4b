//! Screens as a user sees them: the console's own action path drives a `Console` over a demo
//! database, and the buffer is printed cell by cell (wide characters once, their continuation
//! cells skipped) for insta snapshots.

use crate::support::ui::{console, press, screen};

use crossterm::event::Event;
use frontline::app::Action;
use frontline::i18n::Lang;
use unicode_width::UnicodeWidthStr;

#[test]
fn home_english_80x24() {
    let (_d, c) = console(Lang::En, 80, 24);
    let s = screen(&c);
    assert!(
        s.contains("On duty")
            && s.contains("Overdue for rest")
            && s.contains("Family support")
            && s.contains("Supply stock")
    );
    insta::assert_snapshot!(s);
}

#[test]
fn home_chinese_80x24() {
    let (_d, c) = console(Lang::Zh, 80, 24);
    let s = screen(&c);
    assert!(
        s.contains("在岗人员")
            && s.contains("超时待休")
            && s.contains("待办家属帮扶")
            && s.contains("防护物资")
    );
    insta::assert_snapshot!(s);
}

#[test]
fn home_english_160x48() {
    let (_d, c) = console(Lang::En, 160, 48);
    insta::assert_snapshot!(screen(&c));
}

#[test]
fn home_chinese_160x48() {
    let (_d, c) = console(Lang::Zh, 160, 48);
    insta::assert_snapshot!(screen(&c));
}

#[test]
fn chinese_rows_line_up_with_their_borders() {
    let (_d, c) = console(Lang::Zh, 80, 24);
    let s = screen(&c);
    // Every body row is exactly 80 columns wide: wide characters take two cells, never more.
    for line in s.lines().skip(1).take(21) {
        assert_eq!(UnicodeWidthStr::width(line.trim_end()), 80, "{line}");
    }
}

#[test]
fn forced_rest_from_overdue_in_two_keys_and_the_person_leaves_both_panels() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    let before_on_duty = c.app.home.counts.on_duty;
    let before_overdue = c.app.home.counts.overdue;
    let name = c.app.home.overdue.rows[0].name.clone();
    let id = c.app.home.overdue.rows[0].id;
    press(&mut c, "2f");
    let form = screen(&c);
    assert!(form.contains("Forced rest"), "{form}");
    insta::assert_snapshot!("forced_rest_form", form);
    press(&mut c, "\n");
    let s = screen(&c);
    assert!(
        s.contains(&format!("✓ {name} in forced rest until 2021-06-11 08:00")),
        "{s}"
    );
    assert_eq!(c.app.home.counts.on_duty, before_on_duty - 1);
    assert_eq!(c.app.home.counts.overdue, before_overdue - 1);
    assert!(c.app.home.on_duty.rows.iter().all(|r| r.id != id));
    assert!(c.app.home.overdue.rows.iter().all(|r| r.id != id));
    let audit = c.store.audit(1).unwrap();
    assert_eq!(audit[0].action, "force_rest");
    assert_eq!(audit[0].operator, "snap");
}

#[test]
fn check_in_of_a_resting_person_is_refused_in_the_form_and_the_override_goes_through() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    let id = c.app.home.overdue.rows[0].id;
    press(&mut c, "2f\n");
    press(&mut c, "i");
    press(&mut c, &format!("{id}\t1\n"));
    let s = screen(&c);
    assert!(s.contains("is in forced rest until"), "{s}");
    assert!(c.app.home.on_duty.rows.iter().all(|r| r.id != id));
    press(&mut c, "urgent cover\n");
    let s = screen(&c);
    assert!(
        s.contains("checked in at") && s.contains("rule overridden"),
        "{s}"
    );
    let audit = c.store.audit(1).unwrap();
    assert_eq!(audit[0].action, "check_in");
    assert_eq!(audit[0].details["override"], "urgent cover");
}

#[test]
fn help_lists_every_key_in_chinese() {
    let (_d, mut c) = console(Lang::Zh, 80, 24);
    press(&mut c, "?");
    let s = screen(&c);
    for word in [
        "按键说明",
        "强制休息",
        "上岗",
        "下岗",
        "调班",
        "结束休息",
        "筛选",
        "退出",
    ] {
        assert!(s.contains(word), "{word} missing:\n{s}");
    }
    insta::assert_snapshot!(s);
}

/// At the smallest size the help spreads over more columns instead of losing keys off the bottom.
#[test]
fn help_on_a_short_terminal_still_lists_every_global_key() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "?");
    let s = screen(&c);
    for label in [
        " q ", " ? ", " u ", " H ", " A ", " P ", " L ", " S ", " B ", " W ", " M ", " C ", " V ",
        " : ", " N ", " I ", " D ", " E ", " R ", " T ",
    ] {
        assert!(s.contains(label), "{label:?} missing:\n{s}");
    }
    assert!(s.contains("press any key") || s.contains("any key"), "{s}");
}

#[test]
fn filter_narrows_the_focused_panel_and_esc_clears_it() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    let total = c.app.home.on_duty.total;
    let name = c.app.home.on_duty.rows[0].name.clone();
    let first: String = name.chars().next().unwrap().to_string();
    press(&mut c, &format!("/{first}\n"));
    assert!(c.app.home.on_duty.total < total);
    assert!(
        c.app
            .home
            .on_duty
            .rows
            .iter()
            .all(|r| r.name.contains(&first)
                || r.post.contains(&first)
                || r.staff_code.contains(&first))
    );
    assert!(screen(&c).contains(&format!("/{first}")));
    press(&mut c, "\u{1b}");
    assert_eq!(c.app.home.on_duty.total, total);
}

#[test]
fn scrolling_past_the_window_fetches_the_next_rows() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    let page = c.app.page(frontline::app::keys::Panel::OnDuty);
    let first = c.app.home.on_duty.rows[0].id;
    for _ in 0..page {
        press(&mut c, "j");
    }
    assert_eq!(c.app.lists[0].selected, page);
    assert_eq!(c.app.lists[0].offset, 1);
    assert!(c.app.home.on_duty.rows.iter().all(|r| r.id != first));
    press(&mut c, "G");
    assert_eq!(c.app.lists[0].selected, c.app.home.on_duty.total - 1);
    assert!(screen(&c).contains("▶"));
}

#[test]
fn a_small_terminal_says_so_plainly() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    c.handle(Action::Event(Event::Resize(60, 20))).unwrap();
    let s = screen(&c);
    assert!(
        s.contains("Terminal too small: need 80×24, have 60×20"),
        "{s}"
    );
    for (w, h) in [(1, 1), (2, 1), (1, 3), (79, 24), (80, 23), (0, 0)] {
        c.handle(Action::Event(Event::Resize(w, h))).unwrap();
        if w > 0 && h > 0 {
            screen(&c);
        }
    }
}

#[test]
fn audit_screen_shows_the_newest_write_first_and_filters() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "2f\n");
    press(&mut c, "A");
    let s = screen(&c);
    // The demo's two rows (its organisation imported, its generation) and the forced rest.
    assert!(s.contains("audit log (3)"), "{s}");
    let first_row = s.lines().nth(3).unwrap();
    // In words: the action's name, the person by name, the reason; no internal names.
    assert!(
        first_row.contains("snap")
            && first_row.contains("forced rest")
            && first_row.contains("reason: "),
        "{s}"
    );
    assert!(
        !s.contains("force_rest") && !s.contains("person:") && !s.contains('{'),
        "{s}"
    );
    press(&mut c, "/demo\n");
    let s = screen(&c);
    assert!(
        s.contains("audit log (2)") && !s.lines().any(|l| l.contains("║▶ 3")),
        "{s}"
    );
    insta::assert_snapshot!(s);
    // Esc clears the filter, a second Esc goes home.
    press(&mut c, "\u{1b}\u{1b}");
    assert!(screen(&c).contains("Overdue for rest"));
}

#[test]
fn u_on_a_forced_rest_of_an_overdue_person_says_why_it_cannot() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    let overdue = c.app.home.counts.overdue;
    press(&mut c, "2f\n");
    assert_eq!(c.app.home.counts.overdue, overdue - 1);
    // Back on duty over the rules needs a reason, which an undo cannot carry.
    press(&mut c, "u");
    let s = screen(&c);
    assert!(s.contains("✗ undoing would put"), "{s}");
    assert_eq!(c.app.home.counts.overdue, overdue - 1);
}

/// Undo is per desk: another desk checks someone in. The console's own `u` has
/// nothing to undo and points to the audit screen; there `U` on the entry names whose check-in
/// of whom it is, `Esc` writes nothing, and the second key undoes it.
#[test]
fn another_desks_check_in_is_undone_from_the_audit_screen_naming_whose_it_is() {
    use frontline::store::commands::{Command, Ctx, PersonRef};
    use frontline::store::{Store, StoreConfig};
    for lang in [Lang::En, Lang::Zh] {
        let zh = lang == Lang::Zh;
        let (_d, mut c) = console(lang, 80, 24);
        let conn = crate::support::ui::other_connection(&c);
        let (who, name): (i64, String) = conn
            .query_row(
                "SELECT id, name FROM people WHERE retired_at IS NULL AND id NOT IN
                   (SELECT person_id FROM shifts WHERE status IN ('active', 'planned'))
                   AND id NOT IN (SELECT person_id FROM rest_periods WHERE end_at > ?1)
                   AND coalesce(last_duty_end, 0) < ?1 - 24 * 3600 ORDER BY id LIMIT 1",
                [crate::support::ui::NOW],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let on_duty = |conn: &frontline::store::db::Connection| -> i64 {
            conn.query_row(
                "SELECT count(*) FROM shifts WHERE person_id = ?1 AND status = 'active'",
                [who],
                |r| r.get(0),
            )
            .unwrap()
        };
        // Another desk, another dispatcher.
        let mut other = Store::open(c.store.source(), StoreConfig::default()).unwrap();
        other.set_desk("console-other".into());
        let ctx = Ctx {
            operator: "王调度".into(),
            now: crate::support::ui::NOW,
        };
        let check_in = Command::CheckIn {
            person: PersonRef::id(who),
            post: 1,
            override_reason: None,
        };
        other.execute(&check_in, &ctx).unwrap();
        let entry = c.store.audit(1).unwrap()[0].id;
        assert_eq!(on_duty(&conn), 1);
        let rows = c.store.audit(1000).unwrap().len();

        // This console did nothing: its `u` says so and where the other desk's action is undone.
        press(&mut c, "u");
        let s = screen(&c);
        let told = if zh {
            format!(
                "✗ 本终端无可撤销操作；#{entry} 是 王调度 在其他终端的上岗签到，请到操作记录（A）撤销"
            )
        } else {
            format!(
                "✗ nothing to undo here; #{entry} 王调度's check-in is another desk's: audit log (A)"
            )
        };
        assert!(s.contains(&told), "{s}");
        assert_eq!(
            (on_duty(&conn), c.store.audit(1000).unwrap().len()),
            (1, rows)
        );

        // The audit screen: the newest entry is selected; `U` asks, naming whose and whom.
        press(&mut c, "AU");
        let s = screen(&c);
        let asked = if zh {
            format!("撤销 王调度 于 08:00 对 {name} 的上岗签到？")
        } else {
            format!("Undo 王调度's check-in of {name} at 08:00?")
        };
        assert!(s.contains(&asked), "{s}");
        insta::assert_snapshot!(
            if zh {
                "undo_entry_confirm_zh_80x24"
            } else {
                "undo_entry_confirm_en_80x24"
            },
            s
        );
        // Esc: nothing written.
        press(&mut c, "\u{1b}");
        assert!(matches!(c.app.mode, frontline::app::Mode::Normal));
        assert_eq!(
            (on_duty(&conn), c.store.audit(1000).unwrap().len()),
            (1, rows)
        );
        let cancelled = if zh {
            "已取消，未写入任何内容。"
        } else {
            "Cancelled — nothing written."
        };
        assert!(screen(&c).contains(cancelled));
        // The help overlay lists the key, marked as asking a second key.
        press(&mut c, "?");
        let s = screen(&c);
        let listed = if zh {
            "U*       撤销此条（任一终端）"
        } else {
            "U*       undo this entry (any desk's)"
        };
        assert!(s.contains(listed), "{s}");
        press(&mut c, "\u{1b}");

        // The second key undoes it, by this console's operator, naming the entry.
        press(&mut c, "Uy");
        assert_eq!(on_duty(&conn), 0);
        let a = &c.store.audit(1).unwrap()[0];
        assert_eq!((a.action.as_str(), a.operator.as_str()), ("undo", "snap"));
        assert_eq!(a.details["undoes"], entry);
        let s = screen(&c);
        let undid = if zh {
            format!("已撤销记录 {entry}：{name} 的上岗签到")
        } else {
            format!("undid entry {entry}: check-in of {name}")
        };
        assert!(s.contains(&undid), "{s}");

        // Undone once only: the entry again is refused on the status line, nothing written.
        let rows = c.store.audit(1000).unwrap().len();
        press(&mut c, "jU");
        let s = screen(&c);
        let status = s.lines().nth(22).unwrap();
        assert!(
            status.starts_with("✗ ")
                && status.contains(if zh { "上岗签到" } else { "check-in" })
                && !status.contains("check_in"),
            "{s}"
        );
        assert!(matches!(c.app.mode, frontline::app::Mode::Normal));
        assert_eq!(c.store.audit(1000).unwrap().len(), rows);
    }
}
