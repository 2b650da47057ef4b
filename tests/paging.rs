//! Deep windows: the console scrolls a panel by asking for rows `offset..offset + height`;
//! whatever shortcut a query takes for deep offsets, the window must be exactly that slice of
//! the whole list, filtered or not.

use frontline::demo::{DemoSpec, generate};
use frontline::store::commands::{Command, Ctx, PersonRef};
use frontline::store::queries::Window;
use frontline::store::{Store, StoreConfig};

const NOW: i64 = 1_623_283_200;

fn win(offset: usize, limit: usize, filter: &str) -> Window {
    Window {
        offset,
        limit: Some(limit),
        filter: filter.into(),
    }
}

fn all(filter: &str) -> Window {
    Window {
        filter: filter.into(),
        ..Window::all()
    }
}

#[test]
fn every_window_is_the_matching_slice_of_the_whole_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    let spec = DemoSpec {
        people: 600,
        days: 14,
        seed: 9,
        now: NOW,
    };
    generate(&path, &spec, &StoreConfig::default()).unwrap();
    let mut s = Store::open(&path, StoreConfig::default()).unwrap();
    // Some audit rows to page through.
    for _ in 0..30 {
        let _ = s.execute(
            &Command::EndRest {
                person: PersonRef("nobody-here".into()),
            },
            &Ctx {
                operator: "t".into(),
                now: NOW,
            },
        );
        s.execute(
            &Command::StockReceive {
                item: "MASK".into(),
                depot: None,
                quantity: 1,
                from: None,
            },
            &Ctx {
                operator: "t".into(),
                now: NOW,
            },
        )
        .unwrap();
    }
    for filter in ["", "社区"] {
        let on = s.on_duty(NOW, &all(filter)).unwrap();
        let ov = s.overdue(NOW, &all(filter)).unwrap();
        let au = s.audit_page(&all(filter)).unwrap();
        assert!(
            on.rows.len() > 50 && ov.rows.len() > 10,
            "{filter:?}: enough rows to page"
        );
        assert_eq!(on.total, on.rows.len());
        assert_eq!(ov.total, ov.rows.len());
        assert_eq!(au.total, au.rows.len());
        for offset in [0, 1, 7, 33, on.rows.len() - 3, on.rows.len() + 5] {
            let page = s.on_duty(NOW, &win(offset, 10, filter)).unwrap();
            let want: Vec<_> = on.rows.iter().skip(offset).take(10).cloned().collect();
            assert_eq!(page.rows, want, "on duty {filter:?} at {offset}");
        }
        for offset in [0, 4, ov.rows.len() - 2] {
            let page = s.overdue(NOW, &win(offset, 5, filter)).unwrap();
            let ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
            let want: Vec<i64> = ov.rows.iter().skip(offset).take(5).map(|r| r.id).collect();
            assert_eq!(ids, want, "overdue {filter:?} at {offset}");
        }
        for offset in [0, 3, 29] {
            let page = s.audit_page(&win(offset, 4, filter)).unwrap();
            let want: Vec<_> = au.rows.iter().skip(offset).take(4).cloned().collect();
            assert_eq!(page.rows, want, "audit {filter:?} at {offset}");
        }
    }
}
