//! Each action through the executor: what it writes, what the panels then show, its audit row.

use super::*;

#[test]
fn check_in_puts_an_available_person_on_duty_and_audits_it() {
    let mut db = Db::new();
    let p = db.available()[0];
    let (post, post_name) = db.other_post(0);
    assert!(!on_duty(&db.home(), p));
    let n = db.audit_count();
    let o = db.run(check_in(p, post, None)).unwrap();
    assert_variant(&o, "CheckedIn");
    assert!(
        format!("{o:?}").contains(&post_name) && format!("{o:?}").contains("overridden: false")
    );
    let h = db.home();
    let row = h
        .on_duty
        .rows
        .iter()
        .find(|r| r.id == p)
        .expect("checked-in person is on duty");
    assert_eq!((row.post_id, row.since), (post, NOW));
    assert!(!overdue(&h, p));
    let a = db.one_new_audit_row(n, "check_in", p);
    assert_eq!(a.details["post_id"], post);
}

#[test]
fn check_in_by_staff_code_works_like_by_id() {
    let mut db = Db::new();
    let p = db.available()[0];
    let person = PersonRef(format!(" FL{p:06} "));
    db.run(Command::CheckIn {
        person,
        post: 1,
        override_reason: None,
    })
    .unwrap();
    assert!(on_duty(&db.home(), p));
}

#[test]
fn check_out_takes_the_person_off_duty_and_audits_it() {
    let mut db = Db::new();
    let h = db.home();
    let row = h.overdue.rows.first().expect("someone is overdue");
    assert!(on_duty(&h, row.id));
    let n = db.audit_count();
    let o = db.run(check_out(row.id)).unwrap();
    let minutes = (NOW - row.since) / 60;
    assert!(
        matches!(o, Outcome::CheckedOut { minutes: m, .. } if m == minutes),
        "{o:?}"
    );
    let after = db.home();
    assert!(!on_duty(&after, row.id) && !overdue(&after, row.id));
    assert_eq!(after.counts.on_duty, h.counts.on_duty - 1);
    assert_eq!(after.counts.overdue, h.counts.overdue - 1);
    db.one_new_audit_row(n, "check_out", row.id);
}

#[test]
fn reassign_moves_an_active_shift_to_another_post() {
    let mut db = Db::new();
    let row = db.home().on_duty.rows[0].clone();
    let (post, post_name) = db.other_post(row.post_id);
    let n = db.audit_count();
    // Longer than planned and over the rules: only with a reason (see the duty-gate tests).
    let o = db
        .run(Command::Reassign {
            person: pr(row.id),
            post,
            start: None,
            end: Some(NOW + 3 * H),
            override_reason: Some("no relief yet".into()),
        })
        .unwrap();
    let (name, start, end) = (row.name.clone(), row.since, NOW + 3 * H);
    let want = Outcome::Reassigned {
        name,
        post: post_name.clone(),
        start,
        end,
        active: true,
    };
    assert_eq!(o, want);
    let moved = db
        .home()
        .on_duty
        .rows
        .into_iter()
        .find(|r| r.id == row.id)
        .expect("on duty");
    assert_eq!(
        (moved.post_id, moved.post, moved.since),
        (post, post_name, row.since)
    );
    let a = db.one_new_audit_row(n, "reassign", row.id);
    assert_eq!(
        (a.details["post_id"].as_i64(), a.details["end"].as_i64()),
        (Some(post), Some(end))
    );
}

#[test]
fn reassign_moves_a_planned_shift_to_another_post_and_time() {
    let mut db = Db::new();
    let (p, shift, s, e, old_post) = db.planned();
    let (post, _) = db.other_post(old_post);
    let n = db.audit_count();
    let o = db.run(reassign(p, post, Some(s + H), Some(e + H))).unwrap();
    assert!(
        matches!(o, Outcome::Reassigned { active: false, .. }),
        "{o:?}"
    );
    let sql =
        "SELECT post_id, planned_start, planned_end, status = 'planned' FROM shifts WHERE id = ?1";
    assert_eq!(db.row(sql, [shift]), vec![post, s + H, e + H, 1]);
    assert!(
        !on_duty(&db.home(), p),
        "a planned shift does not put anyone on duty"
    );
    let a = db.one_new_audit_row(n, "reassign", p);
    assert_eq!(a.details["from_post_id"], old_post);
    assert_eq!(
        (
            a.details["from_start"].as_i64(),
            a.details["start"].as_i64()
        ),
        (Some(s), Some(s + H))
    );
}

#[test]
fn force_rest_removes_an_overdue_person_from_duty_and_overdue() {
    let mut db = Db::new();
    let h = db.home();
    let p = h.overdue.rows[0].id;
    let n = db.audit_count();
    let o = db.run(force(p, None)).unwrap();
    assert!(
        matches!(o, Outcome::ForcedRest { until, ended_shift: true, .. } if until == NOW + 24 * H)
    );
    let after = db.home();
    assert!(!on_duty(&after, p), "in forced rest, not on duty");
    assert!(!overdue(&after, p), "in forced rest, no longer overdue");
    assert_eq!(after.counts.forced_rest, h.counts.forced_rest + 1);
    let a = db.one_new_audit_row(n, "force_rest", p);
    assert_eq!(a.details["reason"], "连续值守超时");
    assert_eq!(a.details["until"], NOW + 24 * H);
}

#[test]
fn force_rest_cancels_planned_shifts_inside_the_rest() {
    let mut db = Db::new();
    let (p, shift, ..) = db.planned();
    db.run(force(p, Some(48.0))).unwrap();
    assert_eq!(
        db.row(
            "SELECT status = 'cancelled' FROM shifts WHERE id = ?1",
            [shift]
        ),
        [1]
    );
}

#[test]
fn end_rest_makes_the_person_available_again() {
    let mut db = Db::new();
    let p = db.available()[0];
    let baseline = db.home().counts.forced_rest;
    db.run_at(NOW - H, force(p, None)).unwrap();
    assert_eq!(db.home().counts.forced_rest, baseline + 1);
    let n = db.audit_count();
    assert_variant(&db.run(end_rest(p)).unwrap(), "RestEnded");
    assert_eq!(db.home().counts.forced_rest, baseline);
    let a = db.one_new_audit_row(n, "end_rest", p);
    assert_eq!(a.details["kind"], "forced");
    db.run(check_in(p, 1, None))
        .expect("available again after the rest ended");
}

#[test]
fn ending_a_rest_in_the_second_it_began_frees_the_person() {
    let mut db = Db::new();
    let free = db.available();
    let baseline = db.home().counts.forced_rest;
    // By end-rest: the person must be free to check in at once.
    db.run(force(free[0], None)).unwrap();
    db.run(end_rest(free[0])).unwrap();
    assert_eq!(
        db.home().counts.forced_rest,
        baseline,
        "rest ended, nobody resting"
    );
    db.run(check_in(free[0], 1, None))
        .expect("check-in right after end-rest");
    // By an override: nobody may be on duty and resting at once.
    db.run(force(free[1], None)).unwrap();
    db.run(check_in(free[1], 1, Some("needed"))).unwrap();
    assert_eq!(
        db.home().counts.forced_rest,
        baseline,
        "on duty and resting at once"
    );
}

// ---------------------------------------------------------------- override

#[test]
fn override_checks_in_during_forced_rest_ends_the_rest_and_logs_the_reason() {
    let mut db = Db::new();
    let p = db.available()[0];
    let baseline = db.home().counts.forced_rest;
    db.run_at(NOW - 2 * H, force(p, None)).unwrap();
    let n = db.audit_count();
    let o = db
        .run(check_in(p, 1, Some("  only medic on site  ")))
        .unwrap();
    assert!(
        matches!(
            o,
            Outcome::CheckedIn {
                overridden: true,
                ..
            }
        ),
        "{o:?}"
    );
    let h = db.home();
    assert!(on_duty(&h, p));
    assert_eq!(h.counts.forced_rest, baseline, "the forced rest ended");
    assert_eq!(
        db.col("SELECT end_at FROM rest_periods WHERE person_id = ?1", [p]),
        [NOW]
    );
    let a = db.one_new_audit_row(n, "check_in", p);
    assert_eq!(a.details["override"], "only medic on site");
    assert_eq!(
        a.details["overridden"][0]["forced_rest_until"],
        NOW + 22 * H
    );
    assert_variant(&db.refuse(end_rest(p)), "NotResting");
}

#[test]
fn override_of_a_rest_rule_is_recorded_in_the_audit_log() {
    let mut db = Db::new();
    let p = db.home().on_duty.rows[0].id;
    db.run(check_out(p)).unwrap();
    let n = db.audit_count();
    db.run(check_in(p, 1, Some("flood at the checkpoint")))
        .unwrap();
    let a = db.one_new_audit_row(n, "check_in", p);
    assert_eq!(a.details["override"], "flood at the checkpoint");
    let over = a.details["overridden"].as_array().unwrap();
    assert!(
        over.iter().any(|b| b["rule"] == "rest_between"),
        "{}",
        a.details
    );
}

// ---------------------------------------------------------------- refusals
