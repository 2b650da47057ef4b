//! Deep windows: the console scrolls a panel by asking for rows `offset..offset + height`;
//! whatever shortcut a query takes for deep offsets, the window must be exactly that slice of
//! the whole list, filtered or not.

use frontline::demo::{DemoSpec, generate};
use frontline::store::StoreConfig;
use frontline::store::commands::{Command, Ctx, PersonRef};
use frontline::store::queries::Window;

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
    let mut s = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    // Some audit rows to page through.
    for _ in 0..30 {
        let _ = s.execute(
            &Command::EndRest {
                person: PersonRef("nobody-here".into()),
                reason: None,
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

/// The Overdue count (kept per hour of first breach by triggers, plus the current hour) as
/// time passes equals a full count at every moment, also after a write here or elsewhere.
#[test]
fn the_overdue_count_follows_time_and_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    let spec = DemoSpec {
        people: 400,
        days: 14,
        seed: 3,
        now: NOW,
    };
    generate(&path, &spec, &StoreConfig::default()).unwrap();
    let mut s = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    // Another connection to the same database (either engine): the full counts and a write
    // from elsewhere.
    let other = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    let full = |t: i64| -> usize {
        let c = other.db();
        c.query_row(
            "SELECT count(*) FROM shifts WHERE status = 'active' AND breach_at IS NOT NULL AND breach_at <= ?1",
            [t],
            |r| r.get::<_, i64>(0),
        )
        .unwrap() as usize
    };
    let mut seen = Vec::new();
    for (step, t) in [0, 1, 600, 3600, 3600, 4 * 3600, 9 * 3600, 30 * 3600]
        .into_iter()
        .map(|d| NOW + d)
        .enumerate()
    {
        if step == 3 {
            // A write here: someone overdue is sent to rest.
            let who = s.overdue(t, &Window::all()).unwrap().rows[0].id;
            s.execute(
                &Command::ForceRest {
                    person: PersonRef(who.to_string()),
                    hours: None,
                    reason: "r".into(),
                },
                &Ctx {
                    operator: "t".into(),
                    now: t,
                },
            )
            .unwrap();
        }
        if step == 5 {
            // A write from another connection: everyone's breach moved an hour later.
            other.db().execute(
                "UPDATE shifts SET breach_at = breach_at + 3600 WHERE status = 'active' AND breach_at IS NOT NULL",
                [],
            )
            .unwrap();
        }
        let n = s.overdue(t, &win(0, 5, "")).unwrap().total;
        assert_eq!(n, full(t), "step {step}");
        seen.push(n);
    }
    assert!(
        seen.windows(2).any(|w| w[1] > w[0]),
        "time made more people overdue: {seen:?}"
    );
}
