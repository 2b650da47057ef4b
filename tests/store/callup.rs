//! The call-up list (令行禁止、有呼必应): who can go now, the post's own community first, then
//! most rested; who cannot, and why; and the early-warning list of people about to break a
//! rest rule, from the same prediction as the Overdue panel.

use crate::support::shifts::*;
use frontline::store::commands::Command;
use frontline::store::queries::{HomeQuery, Window};
use frontline::store::shift_queries::{CallupQuery, CandidateStatus};

fn q(post: i64, start: i64, everyone: bool) -> CallupQuery {
    CallupQuery {
        post,
        start,
        end: start + 8 * H,
        now: NOW,
        everyone,
    }
}

#[test]
fn callup_lists_the_posts_community_first_most_rested_first_and_only_who_can_go() {
    let db = Db::new();
    let (_, post, p) = db.team("呼", 2, 8);
    let (_, other_post, o) = db.team("应", 1, 1);
    // Rested 40 h, 20 h and never on duty: all free, in the order never, 40 h, 20 h.
    db.done(p[0], post, NOW - 48 * H, NOW - 40 * H);
    db.done(p[1], post, NOW - 28 * H, NOW - 20 * H);
    // p[2] never worked.
    // p[3] in forced rest, p[4] on duty now, p[5] planned during the slot, p[6] on a rest
    // day, p[7] off for only 5 h (the 11 h rule).
    db.done(p[3], post, NOW - 60 * H, NOW - 50 * H);
    db.rest(p[3], "forced", NOW - 2 * H, NOW + 22 * H);
    db.exec(
        "INSERT INTO shifts(person_id, post_id, planned_start, planned_end, actual_start, status) VALUES (?1, ?2, ?3, ?4, ?3, 'active')",
        rusqlite::params![p[4], post, NOW - 2 * H, NOW + 6 * H],
    );
    db.planned(p[5], other_post, NOW + 4 * H, NOW + 12 * H);
    db.rest(p[6], "rotation", NOW - 8 * H, NOW + 16 * H);
    db.done(p[7], post, NOW - 13 * H, NOW - 5 * H);
    // Someone of another community, rested longer than anyone here.
    db.done(o[0], other_post, NOW - 100 * H, NOW - 92 * H);

    let page = db
        .store
        .callup(&q(post, NOW, false), &Window::all())
        .unwrap();
    let ids: Vec<i64> = page.rows.iter().map(|c| c.id).collect();
    assert_eq!(
        ids[..3],
        [p[2], p[0], p[1]],
        "same community, most rested first"
    );
    assert!(
        page.rows[..3]
            .iter()
            .all(|c| c.same_community && c.status == CandidateStatus::Available)
    );
    assert_eq!(page.rows[1].rested_minutes, Some(40 * 60));
    assert_eq!(page.rows[1].hours_7d, 8.0);
    for cannot in &p[3..] {
        assert!(!ids.contains(cannot), "{cannot} cannot go but is listed");
    }
    // Then everyone else, most rested first: the other community's 92 h comes before
    // anyone of the demo who worked more recently.
    let rest: Vec<_> = page.rows[3..].iter().collect();
    assert!(
        rest.iter()
            .all(|c| !c.same_community && c.status == CandidateStatus::Available)
    );
    let ends: Vec<i64> = rest.iter().map(|c| c.last_duty_end.unwrap_or(0)).collect();
    assert!(
        ends.windows(2).all(|w| w[0] <= w[1]),
        "most rested first: {ends:?}"
    );
    let pos = ids
        .iter()
        .position(|i| *i == o[0])
        .expect("the other community is listed too");
    assert!(pos >= 3);

    // The picker lists everyone, marked with why they cannot go.
    let all = db
        .store
        .callup(&q(post, NOW, true), &Window::all())
        .unwrap();
    let status = |id: i64| all.rows.iter().find(|c| c.id == id).map(|c| c.status);
    assert_eq!(status(p[3]), Some(CandidateStatus::ForcedRest));
    assert_eq!(status(p[4]), Some(CandidateStatus::OnDuty));
    let on = all.rows.iter().find(|c| c.id == p[4]).unwrap();
    assert_eq!(on.hours_7d, 2.0, "a running shift counts once, up to now");
    assert_eq!(status(p[5]), Some(CandidateStatus::Busy));
    assert_eq!(status(p[6]), Some(CandidateStatus::Resting));
    assert_eq!(status(p[7]), Some(CandidateStatus::Breaks));
    let breaks = all.rows.iter().find(|c| c.id == p[7]).unwrap();
    assert_eq!(
        breaks.breaches[0].rule,
        frontline::domain::RuleKind::RestBetween
    );
    // A filter narrows by name.
    let f = db
        .store
        .callup(
            &q(post, NOW, false),
            &Window {
                offset: 0,
                limit: None,
                filter: "呼2".into(),
            },
        )
        .unwrap();
    assert_eq!((f.total, f.rows[0].id), (1, p[2]));
}

#[test]
fn callup_for_a_later_slot_sees_who_will_be_free_by_then() {
    let db = Db::new();
    let (_, post, p) = db.team("晚", 1, 1);
    // On duty until 16:00 today: busy now, free for tomorrow's day shift.
    db.exec(
        "INSERT INTO shifts(person_id, post_id, planned_start, planned_end, actual_start, status) VALUES (?1, ?2, ?3, ?4, ?3, 'active')",
        rusqlite::params![p[0], post, NOW, NOW + 8 * H],
    );
    let now = db
        .store
        .callup(&q(post, NOW, true), &Window::all())
        .unwrap();
    assert_eq!(
        now.rows.iter().find(|c| c.id == p[0]).unwrap().status,
        CandidateStatus::OnDuty
    );
    let tomorrow = db
        .store
        .callup(&q(post, D1 + 8 * H, false), &Window::all())
        .unwrap();
    assert!(tomorrow.rows.iter().any(|c| c.id == p[0]));
}

#[test]
fn the_call_up_list_is_capped_and_a_pick_goes_through_the_executor() {
    let mut db = Db::new();
    let (_, post, _) = db.team("派", 3, 0);
    let page = db
        .store
        .callup(
            &q(post, NOW, false),
            &Window {
                offset: 0,
                limit: Some(5),
                filter: String::new(),
            },
        )
        .unwrap();
    assert_eq!(page.rows.len(), 5);
    assert!(page.total <= frontline::store::shift_queries::CALLUP_MAX);
    // Picking the first plans them into the slot: the slot is no longer empty.
    let first = page.rows[0].id;
    db.run(Command::ShiftPlan {
        person: pr(first),
        post,
        start: NOW,
        end: NOW + 8 * H,
        replaces: None,
        override_reason: None,
    })
    .unwrap();
    let after = db
        .store
        .callup(&q(post, NOW, false), &Window::all())
        .unwrap();
    assert!(
        after.rows.iter().all(|c| c.id != first),
        "planned now, so busy"
    );
    let slot = db.store.coverage(NOW, false, &Window::all()).unwrap();
    let s = slot.rows.iter().find(|r| r.post_id == post).unwrap();
    assert_eq!((s.assigned, s.short_by()), (1, 2));
}

#[test]
fn the_early_warning_list_shows_who_breaks_a_rule_within_the_horizon() {
    let mut db = Db::new();
    let (_, post, p) = db.team("警", 1, 1);
    // Checked in 10 h ago: the 12 h limit is reached in 2 h (and a second).
    db.run_at(
        NOW - 10 * H,
        Command::CheckIn {
            person: pr(p[0]),
            post,
            override_reason: None,
        },
    )
    .unwrap();
    let breaks_at = NOW + 2 * H + 1;
    let within = |h: i64| db.store.watch(NOW, h, &Window::all()).unwrap();
    let row = within(2 * H + 1)
        .rows
        .into_iter()
        .find(|w| w.id == p[0])
        .expect("listed at 2 h");
    assert_eq!(
        (row.breach_at, row.rule.as_str()),
        (breaks_at, "continuous_duty")
    );
    assert!(
        within(2 * H).rows.iter().all(|w| w.id != p[0]),
        "not yet at 2 h minus a second"
    );
    // Everyone already overdue is on the list too, first: the same people as the Overdue panel.
    let home = db
        .store
        .home(&HomeQuery {
            now: NOW,
            on_duty: Window::all(),
            overdue: Window::all(),
            cases: Window::all(),
            supplies: Window::all(),
        })
        .unwrap();
    let w = within(0);
    assert_eq!(w.total, home.counts.overdue);
    let mut a: Vec<i64> = w.rows.iter().map(|r| r.id).collect();
    let mut b: Vec<i64> = home.overdue.rows.iter().map(|r| r.id).collect();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b);
}

/// The early-warning list, window by window, is the raw rows' order (soonest breach, then
/// person) cut into pages, filtered or not; a window past the end is empty.
#[test]
fn the_early_warning_list_pages_through_the_raw_rows_in_order() {
    let db = Db::new();
    let within = 6 * H;
    let c = db.raw();
    let reference = |filter: &str| -> Vec<i64> {
        c.prepare(
            "SELECT s.person_id FROM shifts s JOIN people pe ON pe.id = s.person_id
             JOIN posts po ON po.id = s.post_id
             WHERE s.status = 'active' AND s.breach_at IS NOT NULL AND s.breach_at <= ?1
               AND (?2 = '' OR pe.name LIKE '%' || ?2 || '%' OR pe.staff_code LIKE '%' || ?2 || '%'
                 OR po.name LIKE '%' || ?2 || '%')
             ORDER BY s.breach_at, s.person_id",
        )
        .unwrap()
        .query_map(rusqlite::params![NOW + within, filter], |r| r.get(0))
        .unwrap()
        .collect::<frontline::store::db::Result<_>>()
        .unwrap()
    };
    let all = reference("");
    assert!(all.len() > 7, "enough rows to page: {}", all.len());
    let post: String = c
        .query_row(
            "SELECT po.name FROM shifts s JOIN posts po ON po.id = s.post_id
             WHERE s.status = 'active' AND s.breach_at <= ?1 ORDER BY s.breach_at LIMIT 1",
            [NOW + within],
            |r| r.get(0),
        )
        .unwrap();
    for filter in ["", post.as_str()] {
        let want = reference(filter);
        let mut got = Vec::new();
        for offset in (0..want.len() + 3).step_by(3) {
            let w = Window {
                offset,
                limit: Some(3),
                filter: filter.into(),
            };
            let page = db.store.watch(NOW, within, &w).unwrap();
            assert_eq!(page.total, want.len(), "filter {filter:?}");
            got.extend(page.rows.iter().map(|r| r.id));
        }
        assert_eq!(got, want, "filter {filter:?}");
    }
}
