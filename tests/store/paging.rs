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

/// Every row of the Overdue panel is the person's running shift as stored (start, first breach,
/// post, name), and the list is every running shift in breach, first breach first; the home
/// screen's totals (read in one statement) are the counts of the rows they stand for.
#[test]
fn the_home_panels_and_totals_are_what_the_rows_say() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.db");
    let spec = DemoSpec {
        people: 500,
        days: 14,
        seed: 5,
        now: NOW,
    };
    generate(&path, &spec, &StoreConfig::default()).unwrap();
    let s = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    let c = s.db();
    let n = |sql: &str, p: &[i64]| -> usize {
        let count = |r: &frontline::store::db::Row| r.get::<_, i64>(0);
        match p {
            [] => c.query_row(sql, [], count),
            [a] => c.query_row(sql, [*a], count),
            _ => unreachable!(),
        }
        .unwrap() as usize
    };
    // Before the health report's deadline (08:00) and after it (13:00).
    for t in [NOW, NOW + 5 * 3600] {
        let ov = s.overdue(t, &Window::all()).unwrap();
        let mut st = c
            .prepare(
                "SELECT pe.id, pe.name, pe.staff_code, po.name, s.actual_start, s.breach_at
                 FROM shifts s JOIN people pe ON pe.id = s.person_id JOIN posts po ON po.id = s.post_id
                 WHERE s.status = 'active' AND s.breach_at IS NOT NULL AND s.breach_at <= ?1
                 ORDER BY s.breach_at, s.person_id",
            )
            .unwrap();
        let want: Vec<(i64, String, String, String, i64, i64)> = st
            .query_map([t], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let got: Vec<(i64, String, String, String, i64, i64)> = ov
            .rows
            .iter()
            .map(|r| {
                (
                    r.id,
                    r.name.clone(),
                    r.staff_code.clone(),
                    r.post.clone(),
                    r.since,
                    r.breach_at,
                )
            })
            .collect();
        assert!(want.len() > 10, "enough people overdue");
        assert_eq!(got, want);
        let page = s.overdue(t, &win(3, 4, "")).unwrap();
        assert_eq!(page.rows, ov.rows[3..7].to_vec());

        let h = s
            .home(&frontline::store::queries::HomeQuery {
                now: t,
                ..Default::default()
            })
            .unwrap();
        let k = &h.counts;
        let today = frontline::domain::time::local_day(t, StoreConfig::default().tz);
        let cut = t - i64::from(StoreConfig::default().rules.case_overdue_days) * 86_400;
        assert_eq!(
            k.on_duty,
            n("SELECT count(*) FROM shifts WHERE status = 'active'", &[])
        );
        assert_eq!(k.overdue, want.len());
        assert_eq!(
            k.forced_rest,
            n("SELECT count(*) FROM people WHERE forced_until > ?1", &[t])
        );
        assert_eq!(
            k.open_cases,
            n(
                "SELECT count(*) FROM family_cases WHERE status <> 'resolved'",
                &[]
            )
        );
        assert_eq!(
            k.urgent_cases,
            n(
                "SELECT count(*) FROM family_cases WHERE status <> 'resolved' AND urgency = 3",
                &[]
            )
        );
        assert_eq!(
            k.cases_overdue,
            n(
                "SELECT count(*) FROM family_cases WHERE status <> 'resolved' AND opened_at < ?1",
                &[cut]
            )
        );
        assert_eq!(
            k.alerts,
            n(
                "SELECT count(*) FROM alerts WHERE acknowledged_at IS NULL",
                &[]
            )
        );
        assert_eq!(
            k.out_of_service,
            n(
                "SELECT count(*) FROM out_of_service WHERE end_at IS NULL",
                &[]
            )
        );
        let reported = n(
            "SELECT count(*) FROM health_reports WHERE day = ?1",
            &[today],
        );
        assert_eq!(
            k.unwell,
            n(
                "SELECT count(*) FROM health_reports WHERE day = ?1 AND unwell = 1",
                &[today]
            )
        );
        let active = n("SELECT count(*) FROM people WHERE retired_at IS NULL", &[]);
        if t == NOW {
            assert_eq!(k.no_report, 0, "before the deadline nobody is late");
        } else {
            assert_eq!(k.no_report, active - reported);
            assert!(k.no_report > 0);
        }
        assert_eq!(h.on_duty.total, k.on_duty);
        assert_eq!(h.cases.total, k.open_cases);
    }
}
