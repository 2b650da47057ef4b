//! Bad input refused by name, and nothing written.

use super::*;

#[test]
fn unknown_person_is_refused_without_writing() {
    let mut db = Db::new();
    let nobody = PersonRef("nobody".into());
    let cmd = Command::CheckIn {
        person: nobody,
        post: 1,
        override_reason: None,
    };
    assert_eq!(db.refuse(cmd), Refusal::UnknownPerson("nobody".into()));
    assert_eq!(
        db.refuse(check_out(999_999)),
        Refusal::UnknownPerson("999999".into())
    );
    assert_variant(&db.refuse(force(0, None)), "UnknownPerson");
}

#[test]
fn person_ref_with_trailing_garbage_is_unknown_not_another_person() {
    let mut db = Db::new();
    let typo = format!("{}x", db.home().on_duty.rows[0].id);
    let r = db.refuse(Command::CheckOut {
        person: PersonRef(typo.clone()),
    });
    assert_eq!(r, Refusal::UnknownPerson(typo));
}

#[test]
fn unknown_post_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.available()[0];
    assert_eq!(
        db.refuse(check_in(p, 99_999, None)),
        Refusal::UnknownPost(99_999)
    );
    let q = db.home().on_duty.rows[0].id;
    assert_eq!(
        db.refuse(reassign(q, -1, None, None)),
        Refusal::UnknownPost(-1)
    );
}

#[test]
fn retired_person_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.available()[0];
    let sql = "UPDATE people SET retired_at = ?2 WHERE id = ?1";
    db.raw().execute(sql, params![p, NOW - 86_400]).unwrap();
    assert_variant(&db.refuse(check_in(p, 1, None)), "Retired");
}

#[test]
fn check_in_while_on_duty_is_refused_without_writing() {
    let mut db = Db::new();
    let row = db.home().on_duty.rows[0].clone();
    let r = db.refuse(check_in(row.id, 1, Some("even with a reason")));
    assert_eq!(
        r,
        Refusal::AlreadyOnDuty {
            name: row.name,
            post: row.post
        }
    );
}

#[test]
fn check_out_when_not_on_duty_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.available()[0];
    assert_variant(&db.refuse(check_out(p)), "NotOnDuty");
}

#[test]
fn check_in_during_forced_rest_is_refused_without_override() {
    let mut db = Db::new();
    let p = db.available()[0];
    db.run_at(NOW - H, force(p, None)).unwrap();
    let r = db.refuse(check_in(p, 1, None));
    assert!(
        matches!(r, Refusal::InForcedRest { until, .. } if until == NOW + 23 * H),
        "{r:?}"
    );
    // A blank reason is no reason.
    assert_variant(&db.refuse(check_in(p, 1, Some("   "))), "InForcedRest");
}

#[test]
fn reassign_into_forced_rest_is_refused_without_override() {
    let mut db = Db::new();
    let (p, _, _, _, post) = db.planned();
    db.run_at(NOW - H, force(p, Some(11.0))).unwrap();
    let r = db.refuse(reassign(p, post, Some(NOW - 30 * 60), Some(NOW + 7 * H)));
    assert_variant(&r, "InForcedRest");
}

#[test]
fn check_in_that_breaks_the_rest_between_shifts_is_refused_without_override() {
    let mut db = Db::new();
    let p = db.home().overdue.rows[0].id;
    db.run(check_out(p)).unwrap();
    let Refusal::BreaksRules { breaches, .. } = db.refuse(check_in(p, 1, None)) else {
        panic!("expected BreaksRules")
    };
    let rest = breaches
        .iter()
        .find(|b| b.rule == RuleKind::RestBetween)
        .expect("rest rule");
    assert_eq!(rest.over_by_minutes, 11 * 60, "no rest at all: 11 h short");
}

#[test]
fn force_rest_without_a_reason_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.home().on_duty.rows[0].id;
    for reason in ["", "   ", "\t\n"] {
        let cmd = Command::ForceRest {
            person: pr(p),
            hours: None,
            reason: reason.into(),
        };
        assert_eq!(db.refuse(cmd), Refusal::ReasonRequired);
    }
}

#[test]
fn force_rest_with_bad_hours_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.home().on_duty.rows[0].id;
    for h in [
        -3.0,
        0.0,
        -0.0,
        336.5,
        1e9,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        assert_variant(&db.refuse(force(p, Some(h))), "BadHours");
    }
}

#[test]
fn force_rest_shorter_than_a_second_is_bad_hours() {
    let mut db = Db::new();
    let p = db.home().on_duty.rows[0].id;
    assert_variant(&db.refuse(force(p, Some(0.0001))), "BadHours");
}

#[test]
fn end_rest_when_not_resting_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.available()[0];
    assert_variant(&db.refuse(end_rest(p)), "NotResting");
    let q = db.home().on_duty.rows[0].id;
    assert_variant(&db.refuse(end_rest(q)), "NotResting");
}

#[test]
fn reassign_with_end_before_start_is_refused_without_writing() {
    let mut db = Db::new();
    let (p, _, s, _, post) = db.planned();
    assert_eq!(
        db.refuse(reassign(p, post, Some(s), Some(s - H))),
        Refusal::TimeOrder
    );
    assert_eq!(
        db.refuse(reassign(p, post, Some(s), Some(s))),
        Refusal::TimeOrder
    );
    // An active shift cannot be made to end before now.
    let q = db.home().on_duty.rows[0].id;
    assert_eq!(
        db.refuse(reassign(q, post, None, Some(NOW - 60))),
        Refusal::TimeOrder
    );
}

#[test]
fn reassign_of_a_planned_shift_into_the_past_is_refused() {
    let mut db = Db::new();
    let (p, _, _, _, post) = db.planned();
    let r = db.refuse(reassign(p, post, Some(NOW - 10 * H), Some(NOW - 2 * H)));
    assert_eq!(r, Refusal::TimeOrder);
}

#[test]
fn reassign_changing_the_start_of_an_active_shift_is_refused_without_writing() {
    let mut db = Db::new();
    let row = db.home().on_duty.rows[0].clone();
    let r = db.refuse(reassign(row.id, row.post_id, Some(row.since + 60), None));
    assert_variant(&r, "ShiftStarted");
}

#[test]
fn reassign_overlapping_another_shift_is_refused_without_writing() {
    let mut db = Db::new();
    // Someone off duty with two planned shifts ahead: moving the first onto the second overlaps.
    let who = "SELECT s.person_id, min(s.post_id) FROM shifts s WHERE s.status = 'planned' AND s.planned_start > ?1
               AND NOT EXISTS (SELECT 1 FROM shifts a WHERE a.person_id = s.person_id AND a.status = 'active')
               GROUP BY s.person_id HAVING count(*) >= 2 ORDER BY s.person_id LIMIT 1";
    let pp = db.row(who, [NOW]);
    let (p, post) = (pp[0], pp[1]);
    let sql =
        "SELECT planned_start, planned_end FROM shifts WHERE person_id = ?1 AND status = 'planned'
               ORDER BY planned_start LIMIT 1 OFFSET 1";
    let later = db.row(sql, [p]);
    let r = db.refuse(reassign(p, post, Some(later[0] - H), Some(later[1])));
    assert!(
        matches!(r, Refusal::Overlap { start, end, .. } if [start, end] == later[..]),
        "{r:?}"
    );
}

#[test]
fn reassign_of_a_person_with_no_shift_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.home().on_duty.rows[0].id;
    // Two weeks of rest end the shift and cancel every planned one.
    db.run(force(p, Some(336.0))).unwrap();
    assert_variant(&db.refuse(reassign(p, 1, None, None)), "NoShift");
}
