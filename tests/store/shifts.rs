//! Planning shifts through the executor: plan, move, cancel, hand over and copy a day; what
//! the coverage of the day shows after each; and every refusal (end before start, overlap,
//! forced rest, rest day, a rule broken) leaves the database unchanged.

use crate::support::shifts::*;
use frontline::domain::RuleKind;
use frontline::store::commands::{Command, Outcome, Refusal};
use frontline::store::queries::Window;
use frontline::store::shift_queries::SlotRow;

fn plan(person: i64, post: i64, start: i64, end: i64) -> Command {
    Command::ShiftPlan {
        person: pr(person),
        post,
        start,
        end,
        replaces: None,
        override_reason: None,
    }
}

fn with_override(cmd: Command, why: &str) -> Command {
    match cmd {
        Command::ShiftPlan {
            person,
            post,
            start,
            end,
            replaces,
            ..
        } => Command::ShiftPlan {
            person,
            post,
            start,
            end,
            replaces,
            override_reason: Some(why.into()),
        },
        c => c,
    }
}

fn mv(shift: i64, post: Option<i64>, start: Option<i64>, end: Option<i64>) -> Command {
    Command::ShiftMove {
        shift,
        post,
        start,
        end,
        override_reason: None,
    }
}

/// The post's slots on the day holding `day`.
fn slots(db: &Db, post: i64, day: i64) -> Vec<SlotRow> {
    db.store
        .coverage(day, false, &Window::all())
        .unwrap()
        .rows
        .into_iter()
        .filter(|r| r.post_id == post)
        .collect()
}

#[test]
fn a_planned_shift_fills_its_slot_and_is_audited() {
    let mut db = Db::new();
    let (_, post, p) = db.team("甲", 2, 2);
    // Before: the post needs 2 and has nothing planned tomorrow: one "no shift" row, short 2.
    let before = slots(&db, post, D1);
    assert_eq!(before.len(), 1);
    assert_eq!((before[0].start, before[0].short_by()), (None, 2));
    let n = db.audit_count();
    let o = db.run(plan(p[0], post, D1 + 8 * H, D1 + 16 * H)).unwrap();
    assert!(
        matches!(&o, Outcome::ShiftPlanned { start, end, overridden: false, .. } if *start == D1 + 8 * H && *end == D1 + 16 * H),
        "{o:?}"
    );
    let s = slots(&db, post, D1);
    assert_eq!(s.len(), 1);
    assert_eq!(
        (s[0].start, s[0].end, s[0].assigned, s[0].short_by()),
        (Some(D1 + 8 * H), Some(D1 + 16 * H), 1, 1)
    );
    db.run(plan(p[1], post, D1 + 8 * H, D1 + 16 * H)).unwrap();
    assert_eq!(slots(&db, post, D1)[0].short_by(), 0, "the gap closed");
    assert_eq!(db.audit_count(), n + 2);
    let a = db.last_audit();
    assert_eq!(a.action, "shift_plan");
    assert_eq!(a.details["person_id"], p[1]);
    assert_eq!(a.details["post_id"], post);
}

#[test]
fn end_before_start_in_the_past_or_over_a_day_is_refused_unchanged() {
    let mut db = Db::new();
    let (_, post, p) = db.team("乙", 1, 1);
    let r = db.refuse(plan(p[0], post, D1 + 16 * H, D1 + 8 * H));
    assert_eq!(r, Refusal::TimeOrder);
    assert_eq!(
        db.refuse(plan(p[0], post, D1, D1)),
        Refusal::TimeOrder,
        "an empty shift"
    );
    assert_eq!(
        db.refuse(plan(p[0], post, NOW - 10 * H, NOW - 2 * H)),
        Refusal::TimeOrder,
        "over before now"
    );
    assert_eq!(
        variant(&db.refuse(plan(p[0], post, D1, D1 + 24 * H + M))),
        "ShiftTooLong"
    );
    assert_eq!(
        variant(&db.refuse(plan(p[0], 999_999, D1, D1 + H))),
        "UnknownPost"
    );
    assert_eq!(
        variant(&db.refuse(plan(999_999, post, D1, D1 + H))),
        "UnknownPerson"
    );
}

#[test]
fn overlapping_another_shift_of_the_same_person_is_refused_naming_it() {
    let mut db = Db::new();
    let (_, post, p) = db.team("丙", 1, 1);
    db.planned(p[0], post, D1 + 8 * H, D1 + 16 * H);
    // One minute of overlap at either end.
    for (s, e) in [
        (D1 + 16 * H - M, D1 + 20 * H),
        (D1 + 4 * H, D1 + 8 * H + M),
        (D1 + 9 * H, D1 + 10 * H),
    ] {
        let r = db.refuse(plan(p[0], post, s, e));
        assert_eq!(
            r,
            Refusal::Overlap {
                name: "丙0".into(),
                start: D1 + 8 * H,
                end: D1 + 16 * H
            }
        );
    }
    // Back to back is no overlap, but 0 h of rest between shifts breaks the 11 h rule.
    let r = db.refuse(plan(p[0], post, D1 + 16 * H, D1 + 20 * H));
    assert!(
        matches!(&r, Refusal::BreaksRules { breaches, .. } if breaches[0].rule == RuleKind::RestBetween),
        "{r:?}"
    );
    // Squeezed in before it, leaving 4 h: refused for the planned shift's sake.
    let r = db.refuse(plan(p[0], post, D1 - 4 * H, D1 + 4 * H));
    assert!(
        matches!(&r, Refusal::BreaksRules { breaches, .. } if breaches[0].rule == RuleKind::RestBetween),
        "{r:?}"
    );
    // Exactly 11 h later is fine.
    db.run(plan(p[0], post, D1 + 27 * H, D1 + 35 * H)).unwrap();
}

#[test]
fn inside_forced_rest_is_refused_unless_overridden_with_a_reason() {
    let mut db = Db::new();
    let (_, post, p) = db.team("丁", 1, 1);
    db.run(Command::ForceRest {
        person: pr(p[0]),
        hours: Some(30.0),
        reason: "连续值守".into(),
    })
    .unwrap();
    // The rest ends at D1 + 14 h: a shift starting a minute before is refused.
    let r = db.refuse(plan(p[0], post, D1 + 14 * H - M, D1 + 20 * H));
    assert_eq!(
        r,
        Refusal::InForcedRest {
            name: "丁0".into(),
            until: NOW + 30 * H
        }
    );
    db.run(plan(p[0], post, D1 + 14 * H, D1 + 20 * H)).unwrap();
    // A shift after it with 8 h of rest between is refused by the 11 h rule.
    let r = db.refuse(plan(p[0], post, D1 + 20 * H + 8 * H, D1 + 20 * H + 12 * H));
    assert!(
        matches!(&r, Refusal::BreaksRules { breaches, .. } if breaches[0].rule == RuleKind::RestBetween),
        "{r:?}"
    );
    let r = db.refuse(plan(p[0], post, D1 + 2 * H, D1 + 6 * H));
    assert_eq!(variant(&r), "InForcedRest");
    // With a reason, forced rest and the rule are overruled together, both recorded.
    let o = db
        .run(with_override(
            plan(p[0], post, D1 + 2 * H, D1 + 6 * H),
            "only one left",
        ))
        .unwrap();
    assert!(
        matches!(
            o,
            Outcome::ShiftPlanned {
                overridden: true,
                ..
            }
        ),
        "{o:?}"
    );
    let a = db.last_audit();
    let over = a.details["overridden"].as_array().unwrap();
    assert_eq!(over[0]["forced_rest_until"], NOW + 30 * H);
    assert!(
        over.iter().any(|b| b["rule"] == "rest_between"),
        "{}",
        a.details
    );
}

#[test]
fn a_forced_rest_override_is_written_in_the_audit_log() {
    let mut db = Db::new();
    let (_, post, p) = db.team("戊", 1, 1);
    db.run(Command::ForceRest {
        person: pr(p[0]),
        hours: Some(24.0),
        reason: "连续值守".into(),
    })
    .unwrap();
    db.run(with_override(
        plan(p[0], post, NOW + 10 * H, NOW + 18 * H),
        "only medic",
    ))
    .unwrap();
    let a = db.last_audit();
    assert_eq!(a.details["override"], "only medic");
    assert_eq!(
        a.details["overridden"][0]["forced_rest_until"],
        NOW + 24 * H
    );
}

#[test]
fn a_rest_day_is_refused_unless_overridden_and_then_check_in_needs_no_second_reason() {
    let mut db = Db::new();
    let (_, post, p) = db.team("己", 1, 1);
    db.rest(p[0], "rotation", D1, D1 + 24 * H);
    let r = db.refuse(plan(p[0], post, D1 + 8 * H, D1 + 16 * H));
    assert!(
        matches!(r, Refusal::RestDay { until, .. } if until == D1 + 24 * H),
        "{r:?}"
    );
    let o = db
        .run(with_override(
            plan(p[0], post, D1 + 8 * H, D1 + 16 * H),
            "sampling drive",
        ))
        .unwrap();
    assert!(
        matches!(
            o,
            Outcome::ShiftPlanned {
                overridden: true,
                ..
            }
        ),
        "{o:?}"
    );
    // The day comes: check-in starts the planned shift; the rest day is cut and owed.
    let o = db
        .run_at(
            D1 + 8 * H,
            Command::CheckIn {
                person: pr(p[0]),
                post,
                override_reason: None,
            },
        )
        .unwrap();
    assert!(
        matches!(
            o,
            Outcome::CheckedIn {
                rest_day: Some((_, 960)),
                ..
            }
        ),
        "16 h of the rest day were lost: {o:?}"
    );
    assert_eq!(db.owed(p[0]), 960);
}

#[test]
fn a_plan_that_would_break_a_rule_is_refused_exactly_at_the_limit_it_is_not() {
    let mut db = Db::new();
    let (_, post, p) = db.team("庚", 1, 2);
    // Continuous duty: 12 h is the limit.
    db.run(plan(p[0], post, D1 + 8 * H, D1 + 20 * H)).unwrap();
    let r = db.refuse(plan(p[1], post, D1 + 8 * H, D1 + 20 * H + M));
    assert!(
        matches!(&r, Refusal::BreaksRules { breaches, .. } if breaches[0].rule == RuleKind::ContinuousDuty && breaches[0].over_by_minutes == 1),
        "{r:?}"
    );
    // Planned shifts count: six planned days in a row, the seventh breaks the 6-day rule.
    for k in 2..=7 {
        db.run(plan(
            p[1],
            post,
            D1 + k * 24 * H + 8 * H,
            D1 + k * 24 * H + 16 * H,
        ))
        .unwrap();
    }
    let r = db.refuse(plan(
        p[1],
        post,
        D1 + 8 * 24 * H + 8 * H,
        D1 + 8 * 24 * H + 16 * H,
    ));
    assert!(
        matches!(&r, Refusal::BreaksRules { breaches, .. } if breaches.iter().any(|b| b.rule == RuleKind::ConsecutiveDays)),
        "{r:?}"
    );
}

#[test]
fn moving_a_shift_changes_its_slot_and_keeps_its_length() {
    let mut db = Db::new();
    let (_, post, p) = db.team("辛", 1, 1);
    let (_, post2, _) = db.team("壬", 1, 0);
    let id = db.planned(p[0], post, D1 + 8 * H, D1 + 16 * H);
    let o = db
        .run(mv(id, Some(post2), Some(D1 + 10 * H), None))
        .unwrap();
    assert!(
        matches!(&o, Outcome::ShiftMoved { start, end, .. } if *start == D1 + 10 * H && *end == D1 + 18 * H),
        "{o:?}"
    );
    assert_eq!(slots(&db, post, D1)[0].start, None, "the old slot is empty");
    let s = slots(&db, post2, D1);
    assert_eq!((s[0].start, s[0].assigned), (Some(D1 + 10 * H), 1));
    let a = db.last_audit();
    assert_eq!(
        (a.action.as_str(), a.details["from_post_id"].as_i64()),
        ("shift_move", Some(post))
    );
    // Moving onto another of their shifts is refused; so is a 13 h shift.
    let other = db.planned(p[0], post, D1 + 48 * H, D1 + 56 * H);
    assert_eq!(
        variant(&db.refuse(mv(other, None, Some(D1 + 17 * H), None))),
        "Overlap"
    );
    assert_eq!(
        variant(&db.refuse(mv(other, None, None, Some(D1 + 61 * H)))),
        "BreaksRules"
    );
}

#[test]
fn only_planned_shifts_move_or_cancel() {
    let mut db = Db::new();
    let (_, post, p) = db.team("癸", 1, 1);
    let done = db.done(p[0], post, NOW - 30 * H, NOW - 22 * H);
    let r = db.refuse(mv(done, None, Some(D1), None));
    assert_eq!(
        r,
        Refusal::ShiftClosed {
            id: done,
            status: "done".into()
        }
    );
    let r = db.refuse(Command::ShiftCancel {
        shift: done,
        reason: String::new(),
    });
    assert_eq!(variant(&r), "ShiftClosed");
    assert_eq!(
        db.refuse(Command::ShiftCancel {
            shift: 9_999_999,
            reason: String::new()
        }),
        Refusal::UnknownShift(9_999_999)
    );
    let id = db.planned(p[0], post, D1 + 8 * H, D1 + 16 * H);
    let o = db.run_at(
        D1 + 8 * H,
        Command::CheckIn {
            person: pr(p[0]),
            post,
            override_reason: None,
        },
    );
    assert!(o.is_ok(), "{o:?}");
    assert_eq!(db.status(id), "active");
    // Started: its start cannot move, its end can (through the duty gate).
    assert_eq!(
        variant(&db.refuse_at(D1 + 9 * H, mv(id, None, Some(D1 + 7 * H), None))),
        "ShiftStarted"
    );
    let o = db.run_at(D1 + 9 * H, mv(id, None, None, Some(D1 + 17 * H)));
    assert!(
        matches!(o, Ok(Outcome::ShiftMoved { start, end, .. }) if start == D1 + 8 * H && end == D1 + 17 * H),
        "{o:?}"
    );
    // Past the 12 h limit: refused, naming the rule, nothing changed.
    let r = db.refuse_at(D1 + 9 * H, mv(id, None, None, Some(D1 + 21 * H)));
    assert!(
        matches!(&r, Refusal::BreaksRules { breaches, .. } if breaches[0].rule == RuleKind::ContinuousDuty),
        "{r:?}"
    );
    assert_eq!(db.status(id), "active");
}

#[test]
fn cancelling_opens_the_gap_and_cancelling_twice_is_refused() {
    let mut db = Db::new();
    let (_, post, p) = db.team("子", 1, 1);
    let id = db.planned(p[0], post, D1 + 8 * H, D1 + 16 * H);
    assert_eq!(slots(&db, post, D1)[0].short_by(), 0);
    let o = db
        .run(Command::ShiftCancel {
            shift: id,
            reason: "调往别处".into(),
        })
        .unwrap();
    assert!(matches!(o, Outcome::ShiftCancelled { .. }), "{o:?}");
    let s = slots(&db, post, D1);
    assert_eq!(
        (s[0].assigned, s[0].cancelled, s[0].short_by()),
        (0, 1, 1),
        "still a slot, now short"
    );
    assert_eq!(db.last_audit().details["reason"], "调往别处");
    assert_eq!(
        db.refuse(Command::ShiftCancel {
            shift: id,
            reason: String::new()
        }),
        Refusal::ShiftClosed {
            id,
            status: "cancelled".into()
        }
    );
}

#[test]
fn a_handover_cancels_one_shift_and_plans_the_other_in_one_step() {
    let mut db = Db::new();
    let (_, post, p) = db.team("丑", 1, 2);
    let old = db.planned(p[0], post, D1 + 8 * H, D1 + 16 * H);
    let n = db.audit_count();
    let o = db
        .run(Command::ShiftPlan {
            person: pr(p[1]),
            post,
            start: D1 + 8 * H,
            end: D1 + 16 * H,
            replaces: Some(old),
            override_reason: None,
        })
        .unwrap();
    assert!(
        matches!(&o, Outcome::ShiftPlanned { replaced: Some(n), .. } if n == "丑0"),
        "{o:?}"
    );
    assert_eq!(db.status(old), "cancelled");
    assert_eq!(slots(&db, post, D1)[0].assigned, 1);
    assert_eq!(db.audit_count(), n + 1, "one step, one audit row");
    assert_eq!(db.last_audit().details["replaces_shift_id"], old);
    // A handover to someone who cannot take it cancels nothing.
    db.rest(p[0], "forced", D1 + 30 * H, D1 + 60 * H);
    let other = db.planned(p[1], post, D1 + 32 * H, D1 + 40 * H);
    let r = db.refuse(Command::ShiftPlan {
        person: pr(p[0]),
        post,
        start: D1 + 32 * H,
        end: D1 + 40 * H,
        replaces: Some(other),
        override_reason: None,
    });
    assert_eq!(variant(&r), "InForcedRest");
    assert_eq!(db.status(other), "planned");
}

#[test]
fn copying_a_day_plans_the_same_pattern_and_skips_what_is_already_planned() {
    let mut db = Db::new();
    let (_, post, p) = db.team("寅", 2, 3);
    db.planned(p[0], post, D1 + 8 * H, D1 + 16 * H);
    db.planned(p[1], post, D1 + 8 * H, D1 + 16 * H);
    db.planned(p[2], post, D1 + 16 * H, D1 + 24 * H);
    // p[2] rests on the third day.
    db.rest(p[2], "rotation", D1 + 72 * H, D1 + 96 * H);
    let o = db
        .run(Command::ShiftCopyDay {
            day: D1 + 12 * H,
            days: 3,
            post: Some(post),
        })
        .unwrap();
    assert_eq!(
        o,
        Outcome::DayCopied {
            day: D1,
            days: 3,
            copied: 8,
            skipped: 1
        }
    );
    for k in 1..=3 {
        let s = slots(&db, post, D1 + k * 24 * H);
        let got: Vec<_> = s
            .iter()
            .map(|r| (r.start.unwrap() - D1 - k * 24 * H, r.assigned))
            .collect();
        let want = if k == 3 {
            vec![(8 * H, 2)]
        } else {
            vec![(8 * H, 2), (16 * H, 1)]
        };
        assert_eq!(got, want, "day +{k}");
    }
    let a = db.last_audit();
    assert_eq!(a.details["skipped"]["rest_day"], 1);
    // Again: everything is already planned, so nothing is written.
    let r = db.refuse(Command::ShiftCopyDay {
        day: D1,
        days: 2,
        post: Some(post),
    });
    assert_eq!(r, Refusal::NothingToCopy { skipped: 6 });
    assert_eq!(
        db.refuse(Command::ShiftCopyDay {
            day: D1,
            days: 0,
            post: None
        }),
        Refusal::BadDays(0)
    );
}
