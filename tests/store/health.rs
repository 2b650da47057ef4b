//! Health through the one write path: daily reports (deadline, temperature range, corrections),
//! nucleic-acid tests (interval, pending results) and the positive-result workflow, each seen
//! as the dispatcher sees it, with refusals that write nothing and audit rows without contents.

use crate::support::care::*;
use frontline::domain::TestResult;
use frontline::domain::rules::RestRules;
use frontline::store::StoreConfig;
use frontline::store::commands::{
    CareCommand, CareOutcome, CareRefusal, Command, Ctx, Outcome, Refusal,
};
use frontline::store::db::params;
use frontline::store::health_queries::{HealthQuery, HealthView};
use frontline::store::queries::Window;

// ---------------------------------------------------------------- daily health report

#[test]
fn a_health_report_shows_on_the_health_screen_and_the_audit_row_names_only_ids() {
    let mut db = Db::new();
    let p = db.unreported();
    let before = db.health_of(NOW, p);
    assert!(before.rows.rows[0].report.is_none());
    let n = db.audit_count();
    let o = db.ok(report(p, Some(36.6), true, ""));
    assert!(
        matches!(
            o,
            CareOutcome::HealthRecorded {
                unwell: false,
                replaced: false,
                ..
            }
        ),
        "{o:?}"
    );
    let after = db.health_of(NOW, p);
    let row = &after.rows.rows[0];
    let r = row.report.as_ref().expect("the report is on the screen");
    assert_eq!((r.temp_dc, r.fit, r.unwell), (Some(366), true, false));
    assert_eq!(row.state.as_str(), "reported");
    assert_eq!(after.summary.reported, before.summary.reported + 1);
    assert_eq!(db.audit_count(), n + 1);
    let a = db.last_audit();
    assert_eq!(
        (a.action.as_str(), a.target.clone()),
        ("health_report", format!("person:{p}"))
    );
    let mut keys: Vec<&String> = a.details.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["person_id", "report_id"]);
    assert_private(&a);
}

#[test]
fn a_second_report_the_same_day_corrects_the_first_and_keeps_its_time() {
    let mut db = Db::new();
    let p = db.unreported();
    db.run_at(DEADLINE - 60, report(p, Some(36.5), true, ""))
        .unwrap();
    let o = db
        .run_at(DEADLINE + H, report(p, Some(38.2), true, "咳嗽"))
        .unwrap();
    assert!(
        matches!(
            o,
            Outcome::Care(CareOutcome::HealthRecorded {
                replaced: true,
                unwell: true,
                ..
            })
        ),
        "{o:?}"
    );
    let row = db.health_of(DEADLINE + H, p).rows.rows[0].clone();
    let r = row.report.unwrap();
    assert_eq!(
        (r.temp_dc, r.symptoms.as_str(), r.reported_at),
        (Some(382), "咳嗽", DEADLINE - 60)
    );
    assert_eq!(
        row.state.as_str(),
        "reported",
        "the correction did not make it late"
    );
    assert_eq!(
        db.one(
            "SELECT count(*) FROM health_reports WHERE person_id = ?1",
            [p]
        ),
        db.one(
            "SELECT count(DISTINCT day) FROM health_reports WHERE person_id = ?1",
            [p]
        )
    );
    assert_private(&db.last_audit());
}

#[test]
fn temperatures_from_34_to_43_are_accepted_outside_refused_without_writing() {
    let mut db = Db::new();
    let p = db.unreported();
    for t in [33.9, 43.1, 20.0, f64::NAN] {
        let r = db.refuse(report(p, Some(t), true, ""));
        assert!(matches!(r, CareRefusal::BadTemperature(_)), "{r:?}");
    }
    db.ok(report(p, Some(34.0), true, ""));
    db.ok(report(p, Some(43.0), true, ""));
    db.ok(report(p, None, true, ""));
}

#[test]
fn a_report_for_tomorrow_and_a_test_sampled_in_the_future_are_refused_without_writing() {
    let mut db = Db::new();
    let p = db.unreported();
    let tomorrow = CareCommand::RecordHealth {
        person: pr(p),
        day: Some((NOW + 8 * H) / D + 1),
        temperature: Some(36.5),
        symptoms: String::new(),
        fit: true,
        note: String::new(),
        via_phone: true,
    };
    assert_eq!(db.refuse(tomorrow), CareRefusal::FutureDate);
    assert_eq!(
        db.refuse(test(p, Some(NOW + 60), TestResult::Negative)),
        CareRefusal::FutureDate
    );
    // Sampled exactly now is fine.
    db.ok(test(p, Some(NOW), TestResult::Pending));
}

#[test]
fn an_unwell_report_counts_in_the_header_and_names_the_follow_up_medic() {
    let mut db = Db::new();
    let p = db.unreported();
    let community = db.one("SELECT community_id FROM people WHERE id = ?1", [p]);
    let medic = db.one(
        "SELECT id FROM people WHERE category = 'medical' AND id NOT IN
         (SELECT person_id FROM medical_assignments WHERE community_id = ?1 AND until IS NULL) LIMIT 1",
        [community],
    );
    db.ok(CareCommand::AssignMedic {
        person: pr(medic),
        community,
        end: false,
    });
    let medic_name = db.store.medics(community).unwrap();
    let unwell = db.home().counts.unwell;
    db.ok(report(p, Some(38.4), true, ""));
    assert_eq!(db.home().counts.unwell, unwell + 1);
    let row = db.health_of(NOW, p).rows.rows[0].clone();
    assert!(row.report.as_ref().unwrap().unwell);
    let medics = row
        .medics
        .expect("the unwell person's community has follow-up");
    for m in medic_name {
        assert!(medics.contains(&m), "{medics} lacks {m}");
    }
    // The unwell view lists them.
    let q = HealthQuery {
        now: NOW,
        day: (NOW + 8 * H) / D,
        community: Some(community),
        view: HealthView::Unwell,
    };
    let page = db.store.health_page(&q, &Window::all()).unwrap();
    assert!(page.rows.rows.iter().any(|r| r.person_id == p));
    assert!(
        page.rows
            .rows
            .iter()
            .all(|r| r.report.as_ref().is_some_and(|h| h.unwell))
    );
}

#[test]
fn missing_reports_are_flagged_only_after_the_deadline() {
    let db = Db::new();
    let p = db.unreported();
    assert_eq!(db.home_at(DEADLINE).counts.no_report, 0);
    assert_eq!(db.health_of(DEADLINE, p).rows.rows[0].state.as_str(), "due");
    let people = db.one("SELECT count(*) FROM people", []) as usize;
    let reported = db.one(
        "SELECT count(*) FROM health_reports WHERE day = ?1",
        [(NOW + 8 * H) / D],
    ) as usize;
    assert_eq!(db.home_at(DEADLINE + 1).counts.no_report, people - reported);
    let page = db.health_of(DEADLINE + 1, p);
    assert_eq!(page.rows.rows[0].state.as_str(), "missing");
    assert_eq!(page.summary.due, 0);
}

#[test]
fn the_days_tally_in_the_header_stays_in_step_with_the_reports() {
    let mut db = Db::new();
    let p = db.unreported();
    let q = db.unreported_after(p);
    let tally = |db: &Db| {
        let h = db.home_at(DEADLINE + 1);
        let day = (NOW + 8 * H) / D;
        let reported = db.one("SELECT count(*) FROM health_reports WHERE day = ?1", [day]);
        let unwell = db.one(
            "SELECT count(*) FROM health_reports WHERE day = ?1 AND unwell = 1",
            [day],
        );
        let people = db.one("SELECT count(*) FROM people", []);
        assert_eq!(h.counts.unwell as i64, unwell);
        assert_eq!(h.counts.no_report as i64, people - reported);
        (reported, unwell)
    };
    let (r0, u0) = tally(&db);
    db.ok(report(p, Some(38.0), true, ""));
    assert_eq!(tally(&db), (r0 + 1, u0 + 1));
    db.ok(report(p, Some(36.4), true, ""));
    assert_eq!(tally(&db), (r0 + 1, u0), "a correction to fit");
    db.ok(report(q, None, false, ""));
    db.ok(report(q, None, false, "咳嗽"));
    assert_eq!(tally(&db), (r0 + 2, u0 + 1), "unwell twice counts once");
}

#[test]
fn a_report_after_the_deadline_is_late() {
    let mut db = Db::new();
    let p = db.unreported();
    db.run_at(DEADLINE + 1, report(p, Some(36.5), true, ""))
        .unwrap();
    assert_eq!(
        db.health_of(DEADLINE + 1, p).rows.rows[0].state.as_str(),
        "late"
    );
}

#[test]
fn a_test_is_overdue_one_second_after_the_interval() {
    let mut db = Db::new();
    let p = db.unreported();
    // Later than any test the demo gave them.
    let sampled = NOW - 60;
    db.ok(test(p, Some(sampled), TestResult::Negative));
    let at = sampled + 48 * H;
    assert!(!db.health_of(at, p).rows.rows[0].test_overdue);
    assert!(db.health_of(at + 1, p).rows.rows[0].test_overdue);
}

// ---------------------------------------------------------------- tests and the positive workflow

#[test]
fn a_positive_result_takes_the_person_off_duty_raises_an_alert_and_blocks_duty() {
    let mut db = Db::new();
    let h = db.home();
    let p = h.on_duty.rows[0].id;
    let planned = db.one(
        "SELECT count(*) FROM shifts WHERE person_id = ?1 AND status = 'planned' AND planned_end > ?2",
        [p, NOW],
    );
    let n = db.audit_count();
    let o = db.ok(test(p, Some(NOW - 10 * H), TestResult::Positive));
    assert!(
        matches!(
            o,
            CareOutcome::TestRecorded {
                ended_shift: true,
                out_of_service: true,
                ..
            }
        ),
        "{o:?}"
    );
    // Off duty, in the header, out of service.
    let after = db.home();
    assert!(after.on_duty.rows.iter().all(|r| r.id != p));
    assert_eq!(after.counts.on_duty, h.counts.on_duty - 1);
    assert_eq!(after.counts.alerts, h.counts.alerts + 1);
    assert_eq!(after.counts.out_of_service, h.counts.out_of_service + 1);
    assert_eq!(
        db.one(
            "SELECT count(*) FROM shifts WHERE person_id = ?1 AND status = 'planned' AND planned_end > ?2",
            [p, NOW]
        ),
        0,
        "{planned} planned shifts cancelled"
    );
    let hit = db.store.find_people(NOW, &p.to_string(), 1).unwrap();
    assert_eq!(hit[0].status, "out_of_service");
    // One audit row, naming the test, the ended shift and the alert, not the result.
    assert_eq!(db.audit_count(), n + 1);
    let a = db.last_audit();
    assert_eq!(a.action, "test_result");
    for k in ["test_id", "ended_shift_id", "alert_id", "out_of_service_id"] {
        assert!(a.details.get(k).is_some(), "{k} missing in {}", a.details);
    }
    assert_private(&a);
    let alert = a.details["alert_id"].as_i64().unwrap();
    // The alert is on the health screen until acknowledged.
    let page = db.health_of(NOW, p);
    assert!(
        page.alerts
            .iter()
            .any(|x| x.id == alert && x.person_id == Some(p))
    );
    assert!(page.rows.rows[0].out_of_service);
    // No duty, not even with an override reason.
    for ovr in [None, Some("急需".to_string())] {
        let r = db
            .store
            .execute(
                &Command::CheckIn {
                    person: pr(p),
                    post: 1,
                    override_reason: ovr,
                },
                &Ctx {
                    operator: "test".into(),
                    now: NOW,
                },
            )
            .unwrap_err();
        assert!(
            matches!(
                r,
                Refusal::Care(CareRefusal::OutOfService { since: NOW, .. })
            ),
            "{r:?}"
        );
    }
    // Acknowledge: gone from the header, audited; a second time is refused.
    db.ok(CareCommand::AckAlert { id: Some(alert) });
    assert_eq!(db.home().counts.alerts, h.counts.alerts);
    let a = db.last_audit();
    assert_eq!(
        (a.action.as_str(), a.target.clone()),
        ("ack_alert", format!("alert:{alert}"))
    );
    assert_eq!(
        db.refuse(CareCommand::AckAlert { id: Some(alert) }),
        CareRefusal::AlertAlreadyAcknowledged(alert)
    );
    // Back in service by hand: duty is possible again.
    db.ok(CareCommand::ReturnToService { person: pr(p) });
    assert_eq!(db.home().counts.out_of_service, h.counts.out_of_service);
    assert_eq!(
        db.refuse(CareCommand::ReturnToService { person: pr(p) }),
        CareRefusal::NotOutOfService(h.on_duty.rows[0].name.clone())
    );
}

#[test]
fn a_result_without_a_time_completes_the_pending_test() {
    let mut db = Db::new();
    let p = db.unreported();
    db.ok(test(p, Some(NOW - 5 * H), TestResult::Pending));
    let tests = db.one(
        "SELECT count(*) FROM nucleic_tests WHERE person_id = ?1",
        [p],
    );
    let o = db.ok(test(p, None, TestResult::Negative));
    assert!(
        matches!(o, CareOutcome::TestRecorded { tested_at, result: TestResult::Negative, .. } if tested_at == NOW - 5 * H),
        "{o:?}"
    );
    assert_eq!(
        db.one(
            "SELECT count(*) FROM nucleic_tests WHERE person_id = ?1",
            [p]
        ),
        tests
    );
    let last = db.health_of(NOW, p).rows.rows[0].last_test.clone().unwrap();
    assert_eq!(
        (last.tested_at, last.result.as_str()),
        (NOW - 5 * H, "negative")
    );
}

#[test]
fn acknowledging_with_no_alert_left_is_refused_without_writing() {
    let mut db = Db::new();
    while db.run(CareCommand::AckAlert { id: None }).is_ok() {}
    assert_eq!(db.home().counts.alerts, 0);
    assert_eq!(
        db.refuse(CareCommand::AckAlert { id: None }),
        CareRefusal::NoAlert
    );
    assert_eq!(
        db.refuse(CareCommand::AckAlert { id: Some(999) }),
        CareRefusal::UnknownAlert(999)
    );
}

/// Each health list and figure agrees with a count from the raw rows, for today and the day
/// before, every community and one, after another connection wrote a report for a later day
/// and a test (the list reads the latest day and test kept on the person).
#[test]
fn health_lists_and_figures_agree_with_the_raw_rows() {
    let db = Db::new();
    let today = (NOW + 8 * H) / D;
    // Another desk: a connection of its own to the same database.
    let other_store = crate::support::db::open(&db.path, StoreConfig::default()).unwrap();
    let other = other_store.db();
    let p = db.unreported();
    other
        .execute_batch(&format!(
            "INSERT INTO health_reports(person_id, day, fit, unwell, reported_at)
               VALUES ({p}, {}, 1, 0, {NOW});
             INSERT INTO nucleic_tests(person_id, tested_at, result, recorded_at)
               VALUES ({p}, {}, 'negative', {NOW});",
            today + 1,
            NOW - H
        ))
        .unwrap();
    let community = db.one("SELECT community_id FROM people WHERE id = ?1", [p]);
    let cut = NOW - i64::from(RestRules::default().test_interval_hours) * H;
    for day in [today, today - 1] {
        for c in [None, Some(community)] {
            let people =
                "pe.retired_at IS NULL AND (?1 IS NULL OR pe.community_id = ?1) AND ?2 = ?2";
            for (view, cond) in [
                (HealthView::All, "true"),
                (
                    HealthView::Missing,
                    "NOT EXISTS(SELECT 1 FROM health_reports h WHERE h.person_id = pe.id AND h.day = ?2)",
                ),
                (
                    HealthView::Unwell,
                    "EXISTS(SELECT 1 FROM health_reports h WHERE h.person_id = pe.id AND h.day = ?2 AND h.unwell = 1)",
                ),
            ] {
                let want = db.col(
                    &format!(
                        "SELECT pe.id FROM people pe WHERE {people} AND {cond} ORDER BY pe.id"
                    ),
                    params![c, day],
                );
                let q = HealthQuery {
                    now: NOW,
                    day,
                    community: c,
                    view,
                };
                let page = db.store.health_page(&q, &Window::all()).unwrap();
                let got: Vec<i64> = page.rows.rows.iter().map(|r| r.person_id).collect();
                assert_eq!(
                    (page.rows.total, &got),
                    (want.len(), &want),
                    "{view:?} day {day} {c:?}"
                );
                let s = &page.summary;
                let real = |cond: &str| {
                    db.one(
                        &format!("SELECT count(*) FROM people pe WHERE {people} AND {cond}"),
                        params![c, cut],
                    ) as usize
                };
                assert_eq!(s.people, real("true"), "people day {day} {c:?}");
                assert_eq!(
                    s.tests_overdue,
                    real(
                        "NOT EXISTS(SELECT 1 FROM nucleic_tests t WHERE t.person_id = pe.id AND t.tested_at >= ?2)"
                    ),
                    "tests overdue {c:?}"
                );
            }
        }
    }
    // The person who reported only for tomorrow is missing today.
    let q = HealthQuery {
        now: NOW,
        day: today,
        community: None,
        view: HealthView::Missing,
    };
    let page = db.store.health_page(&q, &Window::all()).unwrap();
    assert!(page.rows.rows.iter().any(|r| r.person_id == p));
}
