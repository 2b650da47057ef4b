//! Party status, dual registration, party development and nominations through the one
//! executor, each refusal leaving the database untouched; the development list's windows.

use frontline::domain::{DevStatus, NominationStatus};
use frontline::store::commands::{PeopleCommand as P, PeopleOutcome, PeopleRefusal as X, Refusal};
use frontline::store::queries::Window;

use crate::support::people::*;

#[test]
fn party_development_goes_candidate_recommended_admitted_and_admission_makes_a_member() {
    let mut db = Db::new();
    let id = db.with_party("applicant");
    let r = db.refuse(P::Recommend { person: person(id) });
    assert!(matches!(r, Refusal::People(X::NotFlagged(_))), "{r:?}");
    db.ok(P::Flag {
        person: person(id),
        note: "封控区连续值守".into(),
    });
    let list = db.store.party_list(NOW, &Window::all()).unwrap();
    // Candidates come after the recommended and before the unflagged.
    let at = list.rows.iter().position(|r| r.id == id).unwrap();
    assert!(list.rows[..at].iter().all(|r| r.development.is_some()));
    assert!(list.rows[at + 1..].iter().all(|r| {
        r.development
            .as_ref()
            .is_none_or(|d| d.status != DevStatus::Recommended)
    }));
    let first = &list.rows[at];
    assert_eq!(
        (first.id, first.development.as_ref().map(|d| d.status)),
        (id, Some(DevStatus::Candidate))
    );
    assert_eq!(
        first.record,
        db.store.record(id, NOW).unwrap(),
        "with the frontline record"
    );
    let r = db.refuse(P::Flag {
        person: person(id),
        note: String::new(),
    });
    assert!(
        matches!(r, Refusal::People(X::AlreadyFlagged { .. })),
        "{r:?}"
    );
    let r = db.refuse(P::Admit { person: person(id) });
    assert!(
        matches!(
            r,
            Refusal::People(X::DevIs {
                status: DevStatus::Candidate,
                ..
            })
        ),
        "{r:?}"
    );
    db.ok(P::Recommend { person: person(id) });
    db.ok(P::Admit { person: person(id) });
    assert_eq!(db.row(id).party_status, "member");
    assert_eq!(
        db.text(&format!(
            "SELECT was FROM party_development WHERE person_id = {id}"
        )),
        "applicant"
    );
    let r = db.refuse(P::Admit { person: person(id) });
    assert!(
        matches!(
            r,
            Refusal::People(X::DevIs {
                status: DevStatus::Admitted,
                ..
            })
        ),
        "{r:?}"
    );
    // A member or a non-party person is not flagged.
    let member = db.with_party("member");
    let r = db.refuse(P::Flag {
        person: person(member),
        note: String::new(),
    });
    assert!(
        matches!(r, Refusal::People(X::NotApplicant { .. })),
        "{r:?}"
    );
    assert!(
        msg(&r).contains("only applicants and activists"),
        "{}",
        msg(&r)
    );
}

#[test]
fn a_nomination_keeps_the_record_at_the_time_and_goes_nominated_approved_publicised() {
    let mut db = Db::new();
    let id = db.off_duty_worker();
    let r = db.refuse(P::Nominate {
        person: person(id),
        deeds: "  ".into(),
    });
    assert!(matches!(r, Refusal::People(X::DeedsRequired)), "{r:?}");
    let o = db.ok(P::Nominate {
        person: person(id),
        deeds: "连续14天坚守核酸采样点".into(),
    });
    let PeopleOutcome::Nominated { id: nid, hours, .. } = o else {
        panic!()
    };
    let rec = db.store.record(id, NOW).unwrap();
    assert_eq!(hours, rec.hours);
    let honours = db.store.honours(&Window::all()).unwrap();
    assert_eq!(
        honours.rows[0].evidence, rec,
        "evidence frozen at nomination"
    );
    assert_eq!(honours.rows[0].status, NominationStatus::Nominated);
    let r = db.refuse(P::Nominate {
        person: person(id),
        deeds: "again".into(),
    });
    assert!(
        matches!(r, Refusal::People(X::AlreadyNominated { .. })),
        "{r:?}"
    );
    let r = db.refuse(P::NominationPublicise { id: nid });
    assert!(
        matches!(
            r,
            Refusal::People(X::NominationIs {
                status: NominationStatus::Nominated,
                ..
            })
        ),
        "{r:?}"
    );
    db.ok(P::NominationApprove { id: nid });
    let r = db.refuse(P::NominationApprove { id: nid });
    assert!(
        matches!(r, Refusal::People(X::NominationIs { .. })),
        "{r:?}"
    );
    db.ok(P::NominationPublicise { id: nid });
    assert_eq!(db.store.record(id, NOW).unwrap().commendations, 1);
    let r = db.refuse(P::NominationApprove { id: 9999 });
    assert!(
        matches!(r, Refusal::People(X::UnknownNomination(9999))),
        "{r:?}"
    );
    // Shown in the person's record.
    let d = db.store.person_detail(id, NOW).unwrap().unwrap();
    assert_eq!(d.nominations.rows[0].status, NominationStatus::Publicised);
}

#[test]
fn party_list_windows_join_up_in_order() {
    let db = Db::new();
    let all = db.store.party_list(NOW, &Window::all()).unwrap();
    assert_eq!(all.total, all.rows.len());
    let rank = |r: &frontline::store::party_queries::PartyRow| match r
        .development
        .as_ref()
        .map(|d| d.status)
    {
        Some(DevStatus::Recommended) => 0,
        Some(DevStatus::Candidate) => 1,
        None if r.party_status == "activist" => 2,
        None => 3,
        Some(DevStatus::Admitted) => 4,
    };
    let ranks: Vec<i32> = all.rows.iter().map(rank).collect();
    let mut sorted = ranks.clone();
    sorted.sort();
    assert_eq!(ranks, sorted);
    assert!(ranks.contains(&0) && ranks.contains(&1) && ranks.contains(&2) && ranks.contains(&3));
    let mut joined = Vec::new();
    for offset in (0..all.total).step_by(7) {
        let w = Window {
            offset,
            limit: Some(7),
            filter: String::new(),
        };
        joined.extend(db.store.party_list(NOW, &w).unwrap().rows);
    }
    assert_eq!(ids_of(&joined), ids_of(&all.rows));
    let code = all.rows[3].staff_code.clone();
    let w = Window {
        filter: code.clone(),
        ..Default::default()
    };
    let one = db.store.party_list(NOW, &w).unwrap();
    assert_eq!(
        (one.total, one.rows[0].staff_code.as_str()),
        (1, code.as_str())
    );
}

fn ids_of(rows: &[frontline::store::party_queries::PartyRow]) -> Vec<i64> {
    rows.iter().map(|r| r.id).collect()
}
