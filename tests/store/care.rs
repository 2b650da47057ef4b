//! Family support and care through the one write path: the case lifecycle and order, overdue
//! cases, family situations, care visits and party dues, talks, trainings, insurance and
//! medical follow-up, with refusals that write nothing and audit rows without contents.

use crate::support::care::*;
use frontline::domain::rules::RestRules;
use frontline::domain::{Organisation, TrainingKind};
use frontline::store::StoreConfig;
use frontline::store::care_queries::CareView;
use frontline::store::commands::{CareCommand, CareOutcome, CareRefusal, Outcome};
use frontline::store::db::params;
use frontline::store::queries::Window;

// ---------------------------------------------------------------- family-support cases

#[test]
fn a_case_goes_open_assigned_in_progress_resolved_with_an_audit_row_each() {
    let mut db = Db::new();
    let p = db.unreported();
    // The header's counts (kept by triggers) follow the case in and out.
    let counted = |db: &Db| {
        let c = db.home().counts;
        (c.open_cases, c.urgent_cases)
    };
    let (open, urgent) = counted(&db);
    let CareOutcome::CaseOpened { id, .. } = db.ok(open_case(p, 3)) else {
        panic!()
    };
    assert_eq!(counted(&db), (open + 1, urgent + 1));
    let status = |db: &Db| {
        db.store.db().query_row(
            "SELECT status || '|' || coalesce(organisation, '') || '|' || coalesce(helper, '') FROM family_cases WHERE id = ?1",
            [id],
            |r| r.get::<_, String>(0),
        )
        .unwrap()
    };
    assert_eq!(status(&db), "open||");
    assert_eq!(
        db.refuse(CareCommand::ProgressCase { case: id }),
        CareRefusal::CaseNotAssigned(id)
    );
    db.ok(CareCommand::AssignCase {
        case: id,
        organisation: Organisation::Union,
        helper: "李明".into(),
    });
    assert_eq!(status(&db), "assigned|union|李明");
    let row = db
        .home()
        .cases
        .rows
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    assert_eq!(
        (row.organisation.as_deref(), row.helper.as_deref()),
        (Some("union"), Some("李明"))
    );
    db.ok(CareCommand::ProgressCase { case: id });
    assert_eq!(status(&db), "in_progress|union|李明");
    assert_eq!(
        db.refuse(CareCommand::ResolveCase {
            case: id,
            outcome: "  ".into()
        }),
        CareRefusal::Required("outcome")
    );
    db.ok(CareCommand::ResolveCase {
        case: id,
        outcome: "已联系社区安排上门照料".into(),
    });
    assert_eq!(status(&db), "resolved|union|李明");
    assert_eq!(counted(&db), (open, urgent));
    assert!(
        db.home().cases.rows.iter().all(|r| r.id != id),
        "resolved cases leave the panel"
    );
    let actions: Vec<String> = db
        .store
        .audit(4)
        .unwrap()
        .iter()
        .map(|a| {
            assert_eq!(a.target, format!("case:{id}"));
            assert_private(a);
            a.action.clone()
        })
        .collect();
    assert_eq!(
        actions,
        ["case_resolve", "case_progress", "case_assign", "case_open"]
    );
    // A resolved case can be neither assigned nor resolved again.
    assert_eq!(
        db.refuse(CareCommand::AssignCase {
            case: id,
            organisation: Organisation::Party,
            helper: "王芳".into()
        }),
        CareRefusal::CaseResolved(id)
    );
    assert_eq!(
        db.refuse(CareCommand::ResolveCase {
            case: id,
            outcome: "x".into()
        }),
        CareRefusal::CaseResolved(id)
    );
}

#[test]
fn bad_case_input_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.unreported();
    assert_eq!(db.refuse(open_case(p, 4)), CareRefusal::BadUrgency(4));
    assert_eq!(db.refuse(open_case(p, 0)), CareRefusal::BadUrgency(0));
    let mut blank = open_case(p, 2);
    if let CareCommand::OpenCase { summary, .. } = &mut blank {
        summary.clear();
    }
    assert_eq!(db.refuse(blank), CareRefusal::Required("summary"));
    assert_eq!(
        db.refuse(CareCommand::AssignCase {
            case: 99_999,
            organisation: Organisation::Women,
            helper: "x".into()
        }),
        CareRefusal::UnknownCase(99_999)
    );
    let CareOutcome::CaseOpened { id, .. } = db.ok(open_case(p, 2)) else {
        panic!()
    };
    assert_eq!(
        db.refuse(CareCommand::AssignCase {
            case: id,
            organisation: Organisation::Women,
            helper: " ".into()
        }),
        CareRefusal::Required("helper")
    );
}

#[test]
fn pending_cases_are_ordered_by_urgency_then_age() {
    let mut db = Db::new();
    let p = db.unreported();
    let CareOutcome::CaseOpened { id: old_low, .. } = db.ok(open_case(p, 1)) else {
        panic!()
    };
    let Ok(Outcome::Care(CareOutcome::CaseOpened { id: new_high, .. })) =
        db.run_at(NOW + 60, open_case(p, 3))
    else {
        panic!()
    };
    let rows = db.home_at(NOW + 60).cases.rows;
    let key: Vec<(i64, i64)> = rows.iter().map(|r| (-r.urgency, r.opened_at)).collect();
    let mut sorted = key.clone();
    sorted.sort();
    assert_eq!(key, sorted, "most urgent first, then oldest");
    let pos = |id: i64| rows.iter().position(|r| r.id == id).unwrap();
    // The newest urgent case comes after older urgent ones and before every less urgent one.
    assert_eq!(
        rows[..pos(new_high)]
            .iter()
            .filter(|r| r.urgency < 3)
            .count(),
        0
    );
    assert!(pos(new_high) < pos(old_low));
    assert_eq!(
        pos(old_low),
        rows.len() - 1,
        "the newest low-urgency case is last"
    );
    // The case screen lists the same order, then resolved ones.
    let all = db.store.case_list(NOW + 60, &Window::all(), true).unwrap();
    let ids: Vec<i64> = all.rows.iter().take(rows.len()).map(|r| r.id).collect();
    assert_eq!(ids, rows.iter().map(|r| r.id).collect::<Vec<_>>());
    assert!(
        all.rows[rows.len()..]
            .iter()
            .all(|r| r.status == "resolved")
    );
}

#[test]
fn a_case_is_overdue_one_second_after_the_configured_days() {
    for days in [7u32, 3] {
        let rules = RestRules {
            case_overdue_days: days,
            ..RestRules::default()
        };
        let mut db = Db::with(StoreConfig {
            rules,
            ..StoreConfig::default()
        });
        let p = db.unreported();
        let CareOutcome::CaseOpened { id, .. } = db.ok(open_case(p, 2)) else {
            panic!()
        };
        let at = NOW + i64::from(days) * D;
        let overdue = |db: &Db, now: i64| {
            db.store
                .case_list(now, &Window::all(), false)
                .unwrap()
                .rows
                .into_iter()
                .find(|r| r.id == id)
                .unwrap()
                .overdue
        };
        assert!(!overdue(&db, at), "{days} days exactly is in time");
        assert!(overdue(&db, at + 1), "{days} days and a second is overdue");
        assert_eq!(
            db.home_at(at + 1).counts.cases_overdue,
            db.home_at(at).counts.cases_overdue + 1
        );
    }
}

#[test]
fn family_situation_is_replaced_and_shown_with_the_case() {
    let mut db = Db::new();
    let p = db.unreported();
    let CareOutcome::CaseOpened { id, .. } = db.ok(open_case(p, 2)) else {
        panic!()
    };
    for (dep, notes) in [(2, "孩子在读小学"), (3, "配偶住院")] {
        db.ok(CareCommand::SetFamily {
            person: pr(p),
            dependents: dep,
            elderly: 1,
            children: 1,
            notes: notes.into(),
        });
        let f = db.store.family_situation(p).unwrap().unwrap();
        assert_eq!((f.dependents, f.notes.as_str()), (dep, notes));
        assert_private(&db.last_audit());
    }
    let row = db
        .store
        .case_list(NOW, &Window::all(), false)
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    assert_eq!(row.family.unwrap().dependents, 3);
    assert_eq!(
        db.refuse(CareCommand::SetFamily {
            person: pr(p),
            dependents: -1,
            elderly: 0,
            children: 0,
            notes: String::new()
        }),
        CareRefusal::Negative
    );
}

// ---------------------------------------------------------------- care

#[test]
fn visits_keep_a_running_total_of_party_dues() {
    let mut db = Db::new();
    let p = db.unreported();
    let before = db.store.care_summary(NOW).unwrap();
    let o = db.ok(CareCommand::RecordVisit {
        person: pr(p),
        at: None,
        to_family: true,
        visitors: "区委组织部".into(),
        dues_fen: 50_000,
        note: "看望住院的家属".into(),
    });
    assert_eq!(
        o,
        CareOutcome::VisitRecorded {
            name: db.store.find_people(NOW, &p.to_string(), 1).unwrap()[0]
                .name
                .clone(),
            dues_fen: 50_000,
            total_fen: before.dues_spent_fen + 50_000
        }
    );
    let after = db.store.care_summary(NOW).unwrap();
    assert_eq!(after.dues_spent_fen, before.dues_spent_fen + 50_000);
    assert_eq!(after.visits, before.visits + 1);
    let v = db.store.visits(&Window::all()).unwrap().rows.remove(0);
    assert_eq!((v.person_id, v.dues_fen, v.to_family), (p, 50_000, true));
    let a = db.last_audit();
    assert_eq!(a.details["dues_fen"], 50_000);
    assert_private(&a);
    for (visitors, fen, at) in [("", 100, None), ("x", -1, None), ("x", 100, Some(NOW + 1))] {
        db.refuse(CareCommand::RecordVisit {
            person: pr(p),
            at,
            to_family: false,
            visitors: visitors.into(),
            dues_fen: fen,
            note: String::new(),
        });
    }
}

#[test]
fn talks_trainings_and_insurance_clear_their_flags() {
    let mut db = Db::new();
    let row_of = |db: &Db, p: i64| {
        let w = Window {
            filter: format!("FL{p:06}"),
            ..Window::default()
        };
        db.store
            .care_people(NOW, CareView::All, &w)
            .unwrap()
            .rows
            .remove(0)
    };
    // A volunteer on duty without insurance is flagged.
    let v = db.one(
        "SELECT pe.id FROM people pe JOIN shifts s ON s.person_id = pe.id AND s.status = 'active'
         WHERE pe.category = 'volunteer' AND NOT EXISTS (SELECT 1 FROM insurance i WHERE i.person_id = pe.id
           AND i.valid_from <= ?1 AND i.valid_until > ?1) ORDER BY pe.id LIMIT 1",
        [NOW],
    );
    let before = db.store.care_summary(NOW).unwrap();
    assert!(row_of(&db, v).uninsured_on_duty);
    db.ok(CareCommand::SetInsurance {
        person: pr(v),
        policy: "GZ-1".into(),
        from: None,
        until: NOW + 90 * D,
    });
    let r = row_of(&db, v);
    assert!(!r.uninsured_on_duty && r.insured_until == Some(NOW + 90 * D));
    assert_eq!(
        db.store.care_summary(NOW).unwrap().uninsured_on_duty,
        before.uninsured_on_duty - 1
    );
    let cadre = db.of_category("cadre");
    assert!(matches!(
        db.refuse(CareCommand::SetInsurance {
            person: pr(cadre),
            policy: String::new(),
            from: None,
            until: NOW + D
        }),
        CareRefusal::NotVolunteer(_)
    ));
    assert_eq!(
        db.refuse(CareCommand::SetInsurance {
            person: pr(v),
            policy: String::new(),
            from: Some(NOW),
            until: NOW
        }),
        CareRefusal::BadPeriod
    );
    // No talk for more than 7 days is flagged until a talk is recorded.
    let due = db.one(
        "SELECT pe.id FROM people pe WHERE NOT EXISTS (SELECT 1 FROM talks t WHERE t.person_id = pe.id
         AND t.talked_at >= ?1) ORDER BY pe.id LIMIT 1",
        [NOW - 7 * D],
    );
    assert!(row_of(&db, due).talk_due.is_some());
    db.run_at(
        NOW,
        CareCommand::RecordTalk {
            person: pr(due),
            at: Some(NOW - 7 * D),
            by: "社区党委书记".into(),
            note: "情绪稳定".into(),
        },
    )
    .unwrap();
    assert_eq!(
        row_of(&db, due).talk_due,
        None,
        "a talk exactly 7 days ago is in time"
    );
    assert_private(&db.last_audit());
    assert_eq!(
        db.refuse(CareCommand::RecordTalk {
            person: pr(due),
            at: None,
            by: " ".into(),
            note: String::new()
        }),
        CareRefusal::Required("by")
    );
    // Trainings of both kinds take a person off the untrained list.
    let untrained = db
        .store
        .care_people(NOW, CareView::Untrained, &Window::all())
        .unwrap();
    let u = untrained.rows[0].id;
    for kind in [TrainingKind::SelfProtection, TrainingKind::Psychological] {
        db.ok(CareCommand::RecordTraining {
            person: pr(u),
            kind,
            at: Some(NOW - H),
            note: String::new(),
        });
    }
    let after = db
        .store
        .care_people(NOW, CareView::Untrained, &Window::all())
        .unwrap();
    assert_eq!(after.total, untrained.total - 1);
    assert!(after.rows.iter().all(|r| r.id != u));
}

#[test]
fn medical_follow_up_is_for_medical_staff_of_a_known_community() {
    let mut db = Db::new();
    let cadre = db.of_category("cadre");
    let medic = db.of_category("medical");
    let community = db.one(
        "SELECT id FROM communities WHERE id NOT IN (SELECT community_id FROM medical_assignments
         WHERE person_id = ?1 AND until IS NULL) ORDER BY id LIMIT 1",
        [medic],
    );
    assert!(matches!(
        db.refuse(CareCommand::AssignMedic {
            person: pr(cadre),
            community,
            end: false
        }),
        CareRefusal::NotMedical(_)
    ));
    assert_eq!(
        db.refuse(CareCommand::AssignMedic {
            person: pr(medic),
            community: 99_999,
            end: false
        }),
        CareRefusal::UnknownCommunity(99_999)
    );
    assert!(matches!(
        db.refuse(CareCommand::AssignMedic {
            person: pr(medic),
            community,
            end: true
        }),
        CareRefusal::NotMedic { .. }
    ));
    let name = db.store.find_people(NOW, &medic.to_string(), 1).unwrap()[0]
        .name
        .clone();
    db.ok(CareCommand::AssignMedic {
        person: pr(medic),
        community,
        end: false,
    });
    assert!(db.store.medics(community).unwrap().contains(&name));
    assert!(matches!(
        db.refuse(CareCommand::AssignMedic {
            person: pr(medic),
            community,
            end: false
        }),
        CareRefusal::AlreadyMedic { .. }
    ));
    db.ok(CareCommand::AssignMedic {
        person: pr(medic),
        community,
        end: true,
    });
    assert!(!db.store.medics(community).unwrap().contains(&name));
}

// ---------------------------------------------------------------- care figures

/// The care figures as counted from the raw rows (talks, trainings, insurance, shifts), the
/// way the screen counted them before they were kept: `(people, talks due, untrained,
/// uninsured volunteers, uninsured on duty)` and the uninsured ids in order.
fn care_reference(db: &Db, now: i64) -> ((usize, usize, usize, usize, usize), Vec<i64>) {
    let c = db.store.db();
    let cut = now - i64::from(RestRules::default().talk_interval_days) * D;
    let n = |cond: &str| -> usize {
        c.query_row(
            &format!("SELECT count(*) FROM people pe WHERE pe.retired_at IS NULL AND {cond}"),
            params![now, cut],
            |r| r.get::<_, i64>(0),
        )
        .unwrap() as usize
    };
    let uninsured = "pe.category = 'volunteer' AND NOT EXISTS(SELECT 1 FROM insurance i
        WHERE i.person_id = pe.id AND i.valid_from <= ?1 AND i.valid_until > ?1) AND ?2 = ?2";
    let counts = (
        n("?1 = ?1 AND ?2 = ?2"),
        n("?1 = ?1 AND NOT EXISTS(SELECT 1 FROM talks t WHERE t.person_id = pe.id AND t.talked_at >= ?2)"),
        n("?1 = ?1 AND ?2 = ?2 AND (NOT EXISTS(SELECT 1 FROM trainings g WHERE g.person_id = pe.id AND g.kind = 'self_protection')
             OR NOT EXISTS(SELECT 1 FROM trainings g WHERE g.person_id = pe.id AND g.kind = 'psychological'))"),
        n(uninsured),
        n(&format!(
            "{uninsured} AND EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = pe.id AND s.status = 'active')"
        )),
    );
    let ids = c
        .prepare(&format!(
            "SELECT pe.id FROM people pe WHERE pe.retired_at IS NULL AND {uninsured} ORDER BY pe.id"
        ))
        .unwrap()
        .query_map(params![now, cut], |r| r.get(0))
        .unwrap()
        .collect::<frontline::store::db::Result<_>>()
        .unwrap();
    (counts, ids)
}

fn care_figures(db: &Db, now: i64) -> ((usize, usize, usize, usize, usize), Vec<i64>) {
    let s = db.store.care_summary(now).unwrap();
    let page = db
        .store
        .care_people(now, CareView::Uninsured, &Window::all())
        .unwrap();
    assert_eq!(page.total, page.rows.len());
    for (view, total) in [
        (CareView::All, s.people),
        (CareView::TalkDue, s.talks_due),
        (CareView::Untrained, s.untrained),
        (CareView::Uninsured, s.uninsured_volunteers),
    ] {
        let p = db.store.care_people(now, view, &Window::all()).unwrap();
        assert_eq!((p.total, p.rows.len()), (total, total), "{view:?} at {now}");
        // Window by window, and through the filter (every staff code has "FL"), the same rows.
        let ids: Vec<i64> = p.rows.iter().map(|r| r.id).collect();
        for filter in ["", "FL"] {
            let mut paged = Vec::new();
            for offset in (0..total + 40).step_by(40) {
                let w = Window {
                    offset,
                    limit: Some(40),
                    filter: filter.into(),
                };
                let page = db.store.care_people(now, view, &w).unwrap();
                assert_eq!(page.total, total, "{view:?} {filter:?}");
                paged.extend(page.rows.iter().map(|r| r.id));
            }
            assert_eq!(paged, ids, "{view:?} paged, filter {filter:?}");
        }
    }
    (
        (
            s.people,
            s.talks_due,
            s.untrained,
            s.uninsured_volunteers,
            s.uninsured_on_duty,
        ),
        page.rows.iter().map(|r| r.id).collect(),
    )
}

/// The kept marks, counters and the list of the uninsured agree with the raw rows: at a
/// policy's last second and the one after it, at a future policy's first second, after
/// writes through the executor and after writes by another connection (which the store only
/// learns of from the database).
#[test]
fn care_figures_agree_with_the_raw_rows_across_policy_boundaries_and_other_writers() {
    let mut db = Db::new();
    let check = |db: &Db, now: i64, what: &str| {
        let (got, want) = (care_figures(db, now), care_reference(db, now));
        assert_eq!(got, want, "{what} at {now}");
    };
    check(&db, NOW, "the demo");
    // Another desk: a connection of its own to the same database.
    let other_store = crate::support::db::open(&db.path, StoreConfig::default()).unwrap();
    let other = other_store.db();
    let vols: Vec<i64> = other
        .prepare(
            "SELECT id FROM people pe WHERE category = 'volunteer' AND retired_at IS NULL
               AND NOT EXISTS(SELECT 1 FROM insurance i WHERE i.person_id = pe.id
                 AND i.valid_from <= ?1 AND i.valid_until > ?1) ORDER BY id LIMIT 4",
        )
        .unwrap()
        .query_map([NOW], |r| r.get(0))
        .unwrap()
        .collect::<frontline::store::db::Result<_>>()
        .unwrap();
    assert_eq!(vols.len(), 4, "four volunteers without insurance");
    // A policy ending in an hour, and one starting in two, for volunteers with none now.
    let end = NOW + H;
    db.ok(CareCommand::SetInsurance {
        person: pr(vols[0]),
        policy: "ends".into(),
        from: None,
        until: end,
    });
    other
        .execute(
            "INSERT INTO insurance(person_id, policy, valid_from, valid_until, recorded_at)
             VALUES (?1, 'later', ?2, ?3, ?4)",
            params![vols[1], NOW + 2 * H, NOW + 30 * D, NOW],
        )
        .unwrap();
    for t in [
        NOW,
        end - 1,
        end,
        end + 1,
        NOW + 2 * H - 1,
        NOW + 2 * H,
        NOW,
    ] {
        check(&db, t, "around the boundaries");
    }
    // Another desk retires one volunteer and makes another a cadre; a talk and a training.
    other
        .execute_batch(&format!(
            "UPDATE people SET retired_at = {NOW} WHERE id = {};
             UPDATE people SET category = 'cadre' WHERE id = {};",
            vols[2], vols[3]
        ))
        .unwrap();
    check(&db, NOW, "after another desk's writes");
    let p = db.unreported();
    db.ok(CareCommand::RecordTalk {
        person: pr(p),
        at: None,
        by: "书记".into(),
        note: String::new(),
    });
    db.ok(CareCommand::RecordTraining {
        person: pr(p),
        kind: TrainingKind::Psychological,
        at: None,
        note: String::new(),
    });
    other
        .execute("DELETE FROM insurance WHERE person_id = ?1", [vols[0]])
        .unwrap();
    check(&db, NOW, "after a talk, a training and a policy deleted");
}
