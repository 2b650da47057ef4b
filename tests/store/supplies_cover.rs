//! Burn rate, days of cover and the runs-out date on fixed histories (no movements, one day, a
//! spike, another window, exactly at the threshold), the demand forecast from tomorrow's planned
//! shifts, the stock chart, and what a new database starts with.

use crate::support::supplies::*;

#[test]
fn no_movements_means_no_burn_and_nothing_on_hand_is_low() {
    let mut db = Db::empty();
    let mask = db.item("MASK");
    assert_eq!(mask.on_hand, 0);
    assert_eq!(
        (mask.burn_per_day, mask.days_of_cover, mask.runs_out),
        (0.0, None, None)
    );
    assert!(mask.low, "nothing on hand is low");
    db.run(receive("MASK", 1000)).unwrap();
    let mask = db.item("MASK");
    assert_eq!((mask.on_hand, mask.days_of_cover), (1000, None));
    assert!(!mask.low, "stock that nobody uses lasts");
}

#[test]
fn one_day_of_history_is_that_days_use() {
    let mut db = Db::empty();
    db.run_at(NOW - DAY, receive("MASK", 1000)).unwrap();
    db.run_at(NOW - DAY + 3600, issue("MASK", 40, 1)).unwrap();
    let m = db.item("MASK");
    assert!(approx(m.burn_per_day, 40.0), "{m:?}");
    assert!(approx(m.days_of_cover.unwrap(), 24.0));
    assert_eq!(m.runs_out, Some(NOW + 24 * DAY));
    // Today's issue counts from tomorrow: cover shrinks by the stock, not by the rate.
    db.run(issue("MASK", 200, 1)).unwrap();
    let m = db.item("MASK");
    assert!(approx(m.days_of_cover.unwrap(), 19.0));
    let tomorrow = db.item_at(NOW + DAY, "MASK");
    // Two days: 40 on day 1 (weight 1), 200 on day 2 (weight 2) → 440 / 3.
    assert!(approx(tomorrow.burn_per_day, 440.0 / 3.0), "{tomorrow:?}");
}

/// Ten a day for `days - 1` days, then `last` yesterday.
fn history(db: &mut Db, days: i64, last: i64) {
    db.run_at(NOW - days * DAY, receive("N95", 5000)).unwrap();
    for d in (2..=days).rev() {
        db.run_at(NOW - d * DAY + 3600, issue("N95", 10, 1))
            .unwrap();
    }
    db.run_at(NOW - DAY + 3600, issue("N95", last, 1)).unwrap();
}

#[test]
fn a_spike_weighs_by_how_recent_it_is_and_the_window_is_configurable() {
    let mut db = Db::empty();
    history(&mut db, 14, 100);
    let n = db.item("N95");
    // Seven days: 10·(1+…+6) + 100·7 = 910 over 28.
    assert!(approx(n.burn_per_day, 32.5), "{n:?}");
    assert!(approx(n.days_of_cover.unwrap(), n.on_hand as f64 / 32.5));
    db.store.cfg.rules.supplies.burn_window_days = 14;
    // Fourteen days: 10·(1+…+13) + 100·14 = 2310 over 105.
    assert!(approx(db.item("N95").burn_per_day, 22.0));
    db.store.cfg.rules.supplies.burn_window_days = 1;
    assert!(approx(db.item("N95").burn_per_day, 100.0));
}

#[test]
fn an_item_is_low_under_the_threshold_not_at_it_and_the_header_counts_it() {
    let mut db = Db::empty();
    db.run_at(NOW - DAY, receive("GOWN", 400)).unwrap();
    db.run_at(NOW - DAY + 60, issue("GOWN", 100, 1)).unwrap();
    let g = db.item("GOWN");
    assert!(approx(g.days_of_cover.unwrap(), 3.0) && !g.low, "{g:?}");
    let low_before = db
        .store
        .supplies(NOW, &Window::all())
        .unwrap()
        .rows
        .iter()
        .filter(|r| r.low)
        .count();
    db.run(issue("GOWN", 1, 1)).unwrap();
    let g = db.item("GOWN");
    assert!(g.low, "2.99 days is under 3");
    let page = db.store.supplies(NOW, &Window::all()).unwrap();
    assert_eq!(page.rows.iter().filter(|r| r.low).count(), low_before + 1);
    // Low items first, least cover first among them: the gown (2.99 d) before the empty items.
    assert_eq!(page.rows[0].code, "GOWN");
}

#[test]
fn tomorrows_planned_shifts_make_the_demand_forecast() {
    let db = Db::demo();
    let s = db.store.supplies_screen(NOW, &Window::all(), 0).unwrap();
    // Counted independently: planned shifts starting on 2021-06-11 (local) at sealed posts.
    let sealed = db.one(
        "SELECT count(*) FROM shifts s JOIN posts p ON p.id = s.post_id
         WHERE s.status = 'planned' AND p.kind = 'sealed'
           AND s.planned_start >= ?1 AND s.planned_start < ?1 + 86400",
        [NOW + 16 * 3600],
    );
    assert!(sealed > 0);
    let suit = s.items.rows.iter().find(|l| l.row.code == "SUIT").unwrap();
    // One protective suit per person per shift at sealed-zone posts, nowhere else.
    assert!(
        approx(suit.need_tomorrow, sealed as f64),
        "{} vs {sealed}",
        suit.need_tomorrow
    );
    let all: i64 = s.shifts_tomorrow.iter().map(|(_, n)| n).sum();
    let mask = s.items.rows.iter().find(|l| l.row.code == "MASK").unwrap();
    assert!(approx(mask.need_tomorrow, 2.0 * all as f64));
}

#[test]
fn the_stock_chart_is_worked_back_from_todays_stock() {
    let mut db = Db::demo();
    db.run(issue("MASK", 25, 3)).unwrap();
    db.run(receive("MASK", 7)).unwrap();
    let s = db.store.supplies_screen(NOW, &Window::all(), 28).unwrap();
    let mask = s.items.rows.iter().find(|l| l.row.code == "MASK").unwrap();
    let h = &mask.history;
    assert_eq!(h.len(), 28);
    assert_eq!(h.last().unwrap().level, mask.row.on_hand);
    for w in h.windows(2) {
        assert_eq!(
            w[1].level - w[0].level,
            w[1].received - w[1].issued + w[1].adjusted,
            "{w:?}"
        );
    }
    // The day totals agree with the movements themselves on each of the last 14 days.
    let issued_14: i64 = h.iter().rev().take(14).map(|d| d.issued).sum();
    let moved = db.one(
        "SELECT -sum(quantity) FROM stock_movements m JOIN supply_items i ON i.id = m.item_id
         WHERE i.code = 'MASK' AND m.kind = 'issue' AND m.at >= ?1",
        [NOW - 8 * 3600 - 13 * DAY],
    );
    assert_eq!(issued_14, moved);
    assert_eq!(mask.depots.len(), 2, "store and cabinet");
}

#[test]
fn a_new_database_has_the_standard_catalogue_and_a_store() {
    let db = Db::empty();
    let codes: Vec<String> = db
        .store
        .supplies(NOW, &Window::all())
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.code)
        .collect();
    for c in [
        "MASK", "N95", "SUIT", "GOWN", "GLOVE", "GOGGLE", "SHIELD", "DISINF", "THERMO",
    ] {
        assert!(codes.iter().any(|x| x == c), "{c} missing: {codes:?}");
    }
    let depots = db.store.depots().unwrap();
    assert_eq!(depots.len(), 1);
    assert_eq!(depots[0].post_id, None);
}
