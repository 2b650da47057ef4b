//! The first-run checklist's "posts with no shift planned" read from the kept slot counts,
//! against the count from the raw shifts, at several days and after shifts are cancelled.

use crate::support::db::{DEMO_NOW, demo};
use frontline::store::StoreConfig;
use frontline::store::commands::{Command, Ctx};

const DAY: i64 = 86_400;

/// Open posts with no shift (other than cancelled) planned from the start of the day before
/// `now`'s day, counted from the shifts themselves.
fn unplanned_from_shifts(c: &frontline::store::db::Connection, now: i64) -> i64 {
    let day_start = now - now.rem_euclid(DAY) - DAY;
    c.query_row(
        "SELECT count(*) FROM posts p WHERE p.closed_at IS NULL AND NOT EXISTS
           (SELECT 1 FROM shifts s WHERE s.post_id = p.id AND s.planned_start >= ?1
              AND s.status <> 'cancelled')",
        [day_start],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn unplanned_posts_agree_with_the_shifts_on_every_day_and_after_cancelling() {
    let mut d = demo(300, 3, 7, StoreConfig::default());
    // A second store on the same database (either engine), for the raw counts.
    let reader = crate::support::db::open(&d.path, StoreConfig::default()).unwrap();
    let raw = reader.db();
    let days = [0, 1, 2, 3, 10];
    let check = |store: &frontline::store::Store, what: &str| -> Vec<i64> {
        days.iter()
            .map(|k| {
                let now = DEMO_NOW + k * DAY;
                let got = store.first_run(now).unwrap().posts_unplanned;
                assert_eq!(got, unplanned_from_shifts(raw, now), "{what}, day +{k}");
                got
            })
            .collect()
    };
    let before = check(&d.store, "the demo");
    // Far ahead nothing is planned: every open post counts.
    let posts: i64 = raw
        .query_row(
            "SELECT count(*) FROM posts WHERE closed_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(before[4], posts);

    // Cancel every planned shift of one post from tomorrow on: that post becomes unplanned on
    // the days after its last shift that still stands.
    let (post, shifts): (i64, Vec<i64>) = {
        let post: i64 = raw
            .query_row(
                "SELECT post_id FROM shifts WHERE status = 'planned' AND planned_start >= ?1
                 GROUP BY post_id ORDER BY count(*) DESC, post_id LIMIT 1",
                [DEMO_NOW + DAY - DEMO_NOW.rem_euclid(DAY)],
                |r| r.get(0),
            )
            .unwrap();
        let mut st = raw
            .prepare("SELECT id FROM shifts WHERE post_id = ?1 AND status = 'planned'")
            .unwrap();
        let ids = st
            .query_map([post], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        (post, ids)
    };
    assert!(!shifts.is_empty(), "post {post} has planned shifts");
    let ctx = Ctx {
        operator: "test".into(),
        now: DEMO_NOW,
    };
    for shift in shifts {
        let cmd = Command::ShiftCancel {
            shift,
            reason: "post closed for the week".into(),
        };
        d.store.execute(&cmd, &ctx).unwrap();
    }
    let after = check(&d.store, "after cancelling");
    assert!(
        after.iter().zip(&before).any(|(a, b)| a > b),
        "cancelling every planned shift of post {post} left it planned every day: {before:?} {after:?}"
    );
}
