//! The supplies (P) and logistics requests (L) screens as a user sees them, driven through the
//! console's own action path over a demo database: the list with its cover and runs-out date,
//! the gauge and charts of the selected item, and stock moved in a few keys.

use crate::support::ui::{console, press, screen};

use frontline::app::screens::ScreenData;
use frontline::console::Console;
use frontline::i18n::Lang;
use unicode_width::UnicodeWidthStr;

/// (code, on hand, days of cover) of the selected item on the supplies screen.
fn selected(c: &Console) -> (String, i64, Option<f64>) {
    let r = c.app.selected_item().expect("an item is selected");
    (r.code.clone(), r.on_hand, r.days_of_cover)
}

#[test]
fn supplies_screen_shows_what_runs_out_first_with_its_charts() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "P");
    let s = screen(&c);
    for want in [
        "supplies (9)",
        "▼LOW",
        "Out",
        "Runs out 06-1",
        "Stock, last 28 days",
        "Used per day, last 14 days",
        "Tomorrow:",
        "By depot",
        " v  receive ",
        " x  issue ",
    ] {
        assert!(s.contains(want), "{want:?} missing:\n{s}");
    }
    // The first row is the item that runs out first, and it is low.
    let ScreenData::Supplies(data) = &c.app.data else {
        panic!("not the supplies screen")
    };
    let first = &data.items.rows[0].row;
    assert!(first.low);
    let earliest = data.items.rows.iter().filter_map(|l| l.row.runs_out).min();
    assert_eq!(first.runs_out, earliest);
    // Charts are drawn: block characters of the sparkline, bars and gauge.
    assert!(
        s.contains('█') && s.chars().any(|ch| "▁▂▃▄▅▆▇".contains(ch)),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn supplies_screen_in_chinese_lines_up_and_follows_the_selection() {
    let (_d, mut c) = console(Lang::Zh, 120, 40);
    press(&mut c, "Pj");
    let s = screen(&c);
    assert!(
        s.contains("防护物资 (9)") && s.contains("用尽") && s.contains("明日计划"),
        "{s}"
    );
    let (code, _, _) = selected(&c);
    assert!(
        s.contains(&format!("· {code} ")),
        "detail is of {code}:\n{s}"
    );
    for line in s.lines().skip(1).take(37) {
        assert_eq!(UnicodeWidthStr::width(line), 120, "{line}");
    }
    insta::assert_snapshot!(s);
}

#[test]
fn issuing_from_the_supplies_screen_takes_a_few_keys_and_cover_drops() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "P");
    let (code, on_hand, cover) = selected(&c);
    press(&mut c, "x");
    let form = screen(&c);
    assert!(
        form.contains("Issue stock") && form.contains(&format!("  {code}")),
        "{form}"
    );
    insta::assert_snapshot!("issue_form", form);
    press(&mut c, "20\t3\n");
    let s = screen(&c);
    assert!(s.contains("✓ Issued 20 "), "{s}");
    let (code2, after, cover2) = selected(&c);
    assert_eq!((code2.as_str(), after), (code.as_str(), on_hand - 20));
    assert!(cover2.unwrap() < cover.unwrap());
    assert!(s.contains(&format!("{:.1}d", cover2.unwrap())), "{s}");
    let audit = c.store.audit(1).unwrap();
    assert_eq!(
        (audit[0].action.as_str(), audit[0].operator.as_str()),
        ("stock_issue", "snap")
    );
}

#[test]
fn an_adjustment_without_a_reason_is_refused_in_the_form_and_nothing_changes() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "P");
    let (_, on_hand, _) = selected(&c);
    let audit = c.store.audit(1).unwrap()[0].id;
    press(&mut c, "a-5\n");
    let s = screen(&c);
    assert!(s.contains("a reason is required"), "{s}");
    // The form says what the change would do at the store before anything is written.
    let store = on_hand - cabinet(&c);
    assert!(
        s.contains(&format!("on hand {store} → {}", store - 5)),
        "{s}"
    );
    assert_eq!(selected(&c).1, on_hand);
    assert_eq!(c.store.audit(1).unwrap()[0].id, audit, "nothing written");
    press(&mut c, "\t过期报损\n");
    assert!(screen(&c).contains("✓ Adjusted"));
    assert_eq!(selected(&c).1, on_hand - 5);
}

/// What the selected item holds outside the command-post store.
fn cabinet(c: &Console) -> i64 {
    let ScreenData::Supplies(s) = &c.app.data else {
        return 0;
    };
    let id = c.app.selected_item().unwrap().id;
    s.items.rows.iter().find(|l| l.row.id == id).map_or(0, |l| {
        l.depots
            .iter()
            .filter(|d| d.depot_id != 1)
            .map(|d| d.on_hand)
            .sum()
    })
}

#[test]
fn receiving_from_the_home_supplies_panel_raises_its_stock() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "4");
    let s = screen(&c);
    assert!(
        s.contains(" v  receive ") || s.contains("Supply stock"),
        "{s}"
    );
    let item = c.app.home.supplies.rows[0].clone();
    press(&mut c, "v500\n");
    let s = screen(&c);
    assert!(s.contains("✓ Received 500 "), "{s}");
    let after = c
        .app
        .home
        .supplies
        .rows
        .iter()
        .find(|r| r.id == item.id)
        .unwrap();
    assert_eq!(after.on_hand, item.on_hand + 500);
}

#[test]
fn requests_screen_lists_by_time_needed_and_arranges_in_a_few_keys() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "L");
    let ScreenData::Requests(p) = &c.app.data else {
        panic!("not the requests screen")
    };
    let total = p.total;
    assert!(p.rows.windows(2).all(|w| w[0].needed_by <= w[1].needed_by));
    let s = screen(&c);
    assert!(s.contains(&format!("logistics requests ({total})")), "{s}");
    insta::assert_snapshot!(s);
    let open = p.rows.iter().position(|r| r.status == "open").unwrap();
    for _ in 0..open {
        press(&mut c, "j");
    }
    let id = c.app.selected_request().unwrap().id;
    press(&mut c, "a街道食堂配送\n");
    let s = screen(&c);
    assert!(
        s.contains(&format!("✓ Request #{id} (")) && s.contains("arranged"),
        "{s}"
    );
    press(&mut c, "d\n");
    assert!(screen(&c).contains("done"));
    let ScreenData::Requests(p) = &c.app.data else {
        panic!()
    };
    assert_eq!(p.total, total - 1);
    assert!(p.rows.iter().all(|r| r.id != id));
}

#[test]
fn help_on_the_supplies_screen_lists_its_keys() {
    let (_d, mut c) = console(Lang::Zh, 80, 24);
    press(&mut c, "P?");
    let s = screen(&c);
    for word in ["入库", "发放", "调拨", "盘点调整", "后勤保障"] {
        assert!(s.contains(word), "{word} missing:\n{s}");
    }
}

#[test]
fn the_selection_stays_on_the_item_when_receiving_re_sorts_the_list() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "P");
    let (code, on_hand, _) = selected(&c);
    assert_eq!(c.app.list().selected, 0);
    press(&mut c, "v5000\n");
    // Plenty of cover now: the item sorts further down, and the cursor went with it.
    let (code2, after, _) = selected(&c);
    assert_eq!((code2.as_str(), after), (code.as_str(), on_hand + 5000));
    assert!(c.app.list().selected > 0);
    let s = screen(&c);
    assert!(
        s.contains(&format!("· {code} ")),
        "the detail still shows {code}:\n{s}"
    );
}
