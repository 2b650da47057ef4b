//! Alerts: positive tests, rest rules crossed and low items listed together;
//! each acknowledgement goes through the executor with one audit row; a refused one writes
//! nothing; the console's `N` screen and `a` key; `frontline alerts` and `do alert ack`.

use crate::support::ui::{press, screen};

use crate::support::db::dump_store;
use assert_cmd::Command as Bin;
use frontline::app::Action;
use frontline::console::Console;
use frontline::demo::{DemoSpec, generate};
use frontline::i18n::Lang;
use frontline::store::commands::{Command, Ctx, Outcome, Refusal};
use frontline::store::queries::Window;
use frontline::store::{Store, StoreConfig};

const NOW: i64 = 1_623_283_200;

fn db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let spec = DemoSpec {
        people: 300,
        days: 14,
        seed: 3,
        now: NOW,
    };
    generate(&path, &spec, &StoreConfig::default()).unwrap();
    (dir, path)
}

fn all() -> Window {
    Window {
        offset: 0,
        limit: None,
        filter: String::new(),
    }
}

fn ctx() -> Ctx {
    Ctx {
        operator: "test".into(),
        now: NOW,
    }
}

fn audit_rows(store: &Store) -> i64 {
    store
        .db()
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_list_holds_positive_tests_rest_breaches_and_low_items_and_an_ack_removes_one() {
    let (_d, path) = db();
    let mut store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    let page = store.alert_list(NOW, &all()).unwrap();
    let kinds: Vec<&str> = page.rows.iter().map(|r| r.kind).collect();
    for k in ["positive_test", "rest", "low"] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    // Positive tests first, then rest, then low.
    let first_rest = kinds.iter().position(|k| *k == "rest").unwrap();
    assert!(kinds[..first_rest].iter().all(|k| *k == "positive_test"));
    assert_eq!(*kinds.last().unwrap(), "low");
    assert_eq!(page.total, page.rows.len());

    let rest = page.rows.iter().find(|r| r.kind == "rest").unwrap().clone();
    let before = audit_rows(&store);
    let o = store
        .execute(
            &Command::AlertAck {
                key: rest.key.clone(),
            },
            &ctx(),
        )
        .unwrap();
    assert!(matches!(o, Outcome::AlertAcked { ref name, .. } if *name == rest.name));
    assert_eq!(audit_rows(&store), before + 1);
    let after = store.alert_list(NOW, &all()).unwrap();
    assert_eq!(after.total, page.total - 1);
    assert!(after.rows.iter().all(|r| r.key != rest.key));

    // A low item, and a positive test by its number (the health area's acknowledgement).
    let low = page.rows.iter().find(|r| r.kind == "low").unwrap();
    store
        .execute(
            &Command::AlertAck {
                key: low.key.clone(),
            },
            &ctx(),
        )
        .unwrap();
    let test = page
        .rows
        .iter()
        .find(|r| r.kind == "positive_test")
        .unwrap();
    let id = test.key.trim_start_matches("test:").to_string();
    store
        .execute(&Command::AlertAck { key: id }, &ctx())
        .unwrap();
    let left = store.alert_list(NOW, &all()).unwrap();
    assert_eq!(left.total, page.total - 3);
    assert_eq!(audit_rows(&store), before + 3);
    // The header's count of positive tests went down with it.
    assert!(
        store.home(&Default::default()).unwrap().counts.alerts
            < page
                .rows
                .iter()
                .filter(|r| r.kind == "positive_test")
                .count()
    );
}

#[test]
fn a_refused_ack_writes_nothing() {
    let (_d, path) = db();
    let mut store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    let key = store
        .alert_list(NOW, &all())
        .unwrap()
        .rows
        .iter()
        .find(|r| r.kind == "rest")
        .unwrap()
        .key
        .clone();
    store
        .execute(&Command::AlertAck { key: key.clone() }, &ctx())
        .unwrap();
    let before = dump_store(&store);
    for bad in [
        key.as_str(),
        "rest:999999:1",
        "low:1:yesterday",
        "banana",
        "test:999999",
        "",
    ] {
        let r = store.execute(&Command::AlertAck { key: bad.into() }, &ctx());
        assert!(r.is_err(), "{bad} refused");
        if !bad.starts_with("test:") {
            assert!(matches!(r, Err(Refusal::AlertNotOpen(_))), "{bad}: {r:?}");
        }
        assert_eq!(dump_store(&store), before, "{bad} wrote nothing");
    }
}

#[test]
fn n_opens_the_alerts_screen_and_a_acknowledges_the_selected_one() {
    let (_d, path) = db();
    let store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    let mut c = Console::new(store, Lang::En, "snap".into(), (120, 30)).unwrap();
    c.clock = || NOW;
    c.handle(Action::Tick(NOW)).unwrap();
    c.refresh().unwrap();
    press(&mut c, "N");
    let s = screen(&c);
    assert!(s.contains("alerts (") && s.contains("⚠ positive"), "{s}");
    assert!(
        s.contains("⏱ rest rule") && s.contains(" a  acknowledge"),
        "{s}"
    );
    let total = c.app.data.total();
    let before = audit_rows(&c.store);
    // The first row is a positive test: acknowledging it asks a second key.
    press(&mut c, "a");
    assert!(screen(&c).contains("Acknowledge the positive test of"));
    assert_eq!(
        audit_rows(&c.store),
        before,
        "nothing before the second key"
    );
    press(&mut c, "y");
    assert_eq!(c.app.data.total(), total - 1);
    assert_eq!(audit_rows(&c.store), before + 1);
    assert!(
        screen(&c).contains("acknowledged"),
        "the footer says what was done"
    );
    insta::assert_snapshot!(screen(&c));
}

#[test]
fn cli_lists_alerts_and_acknowledges_one_with_one_line_on_refusal() {
    let (d, path) = db();
    let bin = || {
        let mut b = Bin::cargo_bin("frontline").unwrap();
        b.env_clear()
            .env("HOME", d.path())
            .env("LANG", "C")
            .env("FRONTLINE_NOW", "2021-06-10T08:00:00+08:00")
            .arg("--db")
            .arg(&path);
        b
    };
    let out = bin().args(["alerts", "--json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let total = v["total"].as_u64().unwrap();
    let key = v["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "rest")
        .unwrap()["key"]
        .as_str()
        .unwrap()
        .to_string();
    let text = bin().arg("alerts").output().unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains(&key));
    let ok = bin().args(["do", "alert", "ack", &key]).output().unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("acknowledged"));
    let again = bin().args(["do", "alert", "ack", &key]).output().unwrap();
    assert!(!again.status.success());
    let err = String::from_utf8(again.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: no open alert"), "{err}");
    let v: serde_json::Value =
        serde_json::from_slice(&bin().args(["alerts", "--json"]).output().unwrap().stdout).unwrap();
    assert_eq!(v["total"].as_u64().unwrap(), total - 1);
}

#[test]
fn a_click_on_a_full_screen_selects_that_row_and_the_wheel_scrolls() {
    use crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let (_d, path) = db();
    let store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    let mut c = Console::new(store, Lang::En, "snap".into(), (120, 30)).unwrap();
    c.clock = || NOW;
    c.handle(Action::Tick(NOW)).unwrap();
    c.refresh().unwrap();
    press(&mut c, "N");
    let mouse = |kind, row| {
        Action::Event(Event::Mouse(MouseEvent {
            kind,
            column: 30,
            row,
            modifiers: KeyModifiers::NONE,
        }))
    };
    // Header 0, border 1, column titles 2: the third row is on line 5.
    c.handle(mouse(MouseEventKind::Down(MouseButton::Left), 5))
        .unwrap();
    assert_eq!(c.app.list().selected, 2);
    let line = screen(&c).lines().nth(5).unwrap().to_string();
    assert!(line.contains('▶'), "{line}");
    // A click on the column titles or the border selects nothing new.
    c.handle(mouse(MouseEventKind::Down(MouseButton::Left), 2))
        .unwrap();
    assert_eq!(c.app.list().selected, 2);
    c.handle(mouse(MouseEventKind::ScrollDown, 10)).unwrap();
    assert_eq!(c.app.list().selected, 5);
    c.handle(mouse(MouseEventKind::ScrollUp, 10)).unwrap();
    c.handle(mouse(MouseEventKind::ScrollUp, 10)).unwrap();
    assert_eq!(c.app.list().selected, 0);
    // With the mouse switched off, clicks do nothing.
    c.app.mouse_on = false;
    c.handle(mouse(MouseEventKind::Down(MouseButton::Left), 6))
        .unwrap();
    assert_eq!(c.app.list().selected, 0);
}

/// The rest alerts are the Overdue panel's people, in its order, each with its worst rule;
/// a page of the list is the same rows as the whole list cut at that page, breaches included
/// (only the rows on the page have their history evaluated).
#[test]
fn rest_alerts_match_the_overdue_panel_page_by_page() {
    let (_d, path) = db();
    let mut store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    let mut overdue = store.overdue(NOW, &all()).unwrap().rows;
    assert!(overdue.len() > 3, "the demo has people over a rule");
    // One of them acknowledged: no longer an alert, and every page knows it.
    let acked = overdue.remove(2);
    store
        .execute(
            &Command::AlertAck {
                key: format!("rest:{}:{}", acked.id, acked.since),
            },
            &ctx(),
        )
        .unwrap();
    let whole = store.alert_list(NOW, &all()).unwrap();
    assert_eq!(
        whole.total,
        whole.rows.len(),
        "the counted total is what is listed"
    );
    let rest: Vec<_> = whole.rows.iter().filter(|a| a.kind == "rest").collect();
    assert_eq!(rest.len(), overdue.len());
    for (a, o) in rest.iter().zip(&overdue) {
        assert_eq!((a.id, a.since), (o.id, o.since));
        assert_eq!(a.breach.as_ref(), o.breaches.first(), "{}", a.name);
    }
    for offset in [0, 1, 5, whole.total.saturating_sub(2)] {
        let w = Window {
            offset,
            limit: Some(4),
            filter: String::new(),
        };
        let page = store.alert_list(NOW, &w).unwrap();
        assert_eq!(page.total, whole.total);
        let want: Vec<_> = whole.rows.iter().skip(offset).take(4).cloned().collect();
        assert_eq!(page.rows, want, "page at {offset}");
    }
    // A filter matches the same rows, breaches included, and not the acknowledged one.
    let name = rest[0].name.clone();
    let w = Window {
        offset: 0,
        limit: None,
        filter: name.clone(),
    };
    let found = store.alert_list(NOW, &w).unwrap();
    let want: Vec<_> = whole
        .rows
        .iter()
        .filter(|a| a.name.contains(&name) || a.key.contains(&name))
        .cloned()
        .collect();
    assert_eq!(found.rows, want);
    assert!(
        whole
            .rows
            .iter()
            .all(|a| a.id != acked.id || a.kind != "rest")
    );
}
