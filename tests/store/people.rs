//! People through the one executor: add, edit, retire and reinstate, each with its audit row,
//! each refusal leaving the database untouched; retirement keeping history; and the roster's
//! windows in every sort order.

use frontline::domain::people::PersonState;
use frontline::store::commands::{
    Command, Ctx, PeopleCommand as P, PeopleOutcome, PeopleRefusal as X, PersonRef, Refusal,
};
use frontline::store::queries::Window;
use frontline::store::roster_queries::{RosterRow, RosterSort};
use frontline::store::shift_queries::CallupQuery;

use crate::support::people::*;

#[test]
fn adding_a_person_puts_them_on_the_roster_with_an_audit_row() {
    let mut db = Db::new();
    let community = db.text("SELECT name FROM communities ORDER BY id LIMIT 1");
    let o = db.ok(add("", "林晓", "医务", &community, "+86 138-0013-8000"));
    let PeopleOutcome::Added { id, staff_code, .. } = o else {
        panic!("{o:?}")
    };
    assert_eq!(staff_code, format!("FL{id:06}"), "the next free code");
    let r = db.row(id);
    assert_eq!(
        (
            r.name.as_str(),
            r.category.as_str(),
            r.community.as_deref(),
            r.phone.as_str(),
            r.state
        ),
        (
            "林晓",
            "medical",
            Some(community.as_str()),
            "+8613800138000",
            PersonState::Off
        )
    );
    assert_eq!(
        db.text("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"),
        "person_add"
    );
    // With a code of one's own, found by it.
    db.ok(add("WJ-0001", "周敏", "volunteer", "", ""));
    let w = Window {
        filter: "WJ-0001".into(),
        ..Default::default()
    };
    let page = db.store.roster(NOW, RosterSort::Name, &w).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.rows[0].name, "周敏");
}

#[test]
fn bad_people_are_refused_and_nothing_is_written() {
    let mut db = Db::new();
    let taken = db.text("SELECT staff_code FROM people WHERE id = 1");
    let r = db.refuse(add(&taken, "重号", "cadre", "", ""));
    assert!(
        matches!(r, Refusal::People(X::DuplicateCode { .. })),
        "{r:?}"
    );
    assert!(msg(&r).contains(&taken), "{}", msg(&r));
    let r = db.refuse(add("", "某人", "doctor", "", ""));
    assert!(matches!(r, Refusal::People(X::UnknownCategory(_))), "{r:?}");
    let r = db.refuse(add("", "某人", "cadre", "不存在社区", ""));
    assert!(matches!(r, Refusal::UnknownCommunity(_)), "{r:?}");
    for phone in [
        "123456",
        "1234567890123456",
        "138x0013800",
        "++8613800138000",
    ] {
        let r = db.refuse(add("", "某人", "cadre", "", phone));
        assert!(
            matches!(r, Refusal::People(X::BadPhone(_))),
            "{phone}: {r:?}"
        );
    }
    let r = db.refuse(add("", "  ", "cadre", "", ""));
    assert!(matches!(r, Refusal::People(X::BadName(_))), "{r:?}");
    let r = db.refuse(add("A B", "某人", "cadre", "", ""));
    assert!(matches!(r, Refusal::People(X::BadStaffCode(_))), "{r:?}");
    let mut bad_party = add("", "某人", "cadre", "", "");
    if let P::Add { party_status, .. } = &mut bad_party {
        *party_status = "chairman".into();
    }
    let r = db.refuse(bad_party);
    assert!(matches!(r, Refusal::People(X::UnknownParty(_))), "{r:?}");
    // Exactly 7 and 15 digits are fine.
    db.ok(add("", "七位", "cadre", "", "1234567"));
    db.ok(add("", "十五位", "cadre", "", "123456789012345"));
}

#[test]
fn editing_changes_only_what_is_given_and_refuses_a_taken_code() {
    let mut db = Db::new();
    let id = db.off_duty_worker();
    let before = db.row(id);
    let o = db.ok(P::Edit {
        person: person(id),
        staff_code: None,
        name: Some("新名字".into()),
        category: None,
        source_unit: None,
        community: None,
        phone: Some("13900000000".into()),
    });
    let PeopleOutcome::Edited { changed, .. } = o else {
        panic!()
    };
    assert_eq!(changed, vec!["name", "phone"]);
    let after = db.row(id);
    assert_eq!(
        (after.name.as_str(), after.phone.as_str()),
        ("新名字", "13900000000")
    );
    assert_eq!(
        (after.category, after.community_id),
        (before.category, before.community_id)
    );
    let audit = db.text("SELECT details FROM audit_log ORDER BY id DESC LIMIT 1");
    assert!(
        audit.contains(&before.name) && audit.contains("新名字"),
        "{audit}"
    );
    let other = db.text(&format!(
        "SELECT staff_code FROM people WHERE id <> {id} LIMIT 1"
    ));
    let edit = |code: Option<&str>, phone: Option<&str>| P::Edit {
        person: person(id),
        staff_code: code.map(String::from),
        name: None,
        category: None,
        source_unit: None,
        community: None,
        phone: phone.map(String::from),
    };
    let r = db.refuse(edit(Some(&other), None));
    assert!(
        matches!(r, Refusal::People(X::DuplicateCode { .. })),
        "{r:?}"
    );
    let r = db.refuse(edit(None, Some("12")));
    assert!(matches!(r, Refusal::People(X::BadPhone(_))), "{r:?}");
    let r = db.refuse(edit(None, Some("13900000000")));
    assert!(matches!(r, Refusal::People(X::NothingToChange)), "{r:?}");
    let r = db.refuse(P::Edit {
        person: PersonRef("NOBODY".into()),
        staff_code: None,
        name: None,
        category: None,
        source_unit: None,
        community: None,
        phone: Some("13900000001".into()),
    });
    assert!(matches!(r, Refusal::UnknownPerson(_)), "{r:?}");
}

#[test]
fn retiring_keeps_history_and_a_retired_person_cannot_be_checked_in() {
    let mut db = Db::new();
    let id = db.off_duty_worker();
    let shifts = db.int(&format!(
        "SELECT count(*) FROM shifts WHERE person_id = {id}"
    ));
    let planned = db.int(&format!(
        "SELECT count(*) FROM shifts WHERE person_id = {id} AND status = 'planned' AND planned_end > {NOW}"
    ));
    assert!(planned > 0);
    let record = db.store.record(id, NOW).unwrap();
    // In the call-up list of everyone (not only who can go) before, not after.
    let callup = |db: &Db| -> Vec<i64> {
        let q = CallupQuery {
            post: db.int("SELECT min(id) FROM posts"),
            start: NOW + 36 * 3600,
            end: NOW + 44 * 3600,
            now: NOW,
            everyone: true,
        };
        let all = Window::all();
        db.store
            .callup(&q, &all)
            .unwrap()
            .rows
            .iter()
            .map(|c| c.id)
            .collect()
    };
    // Living in the post's community puts them among the first called.
    let community = db.int("SELECT community_id FROM posts ORDER BY id LIMIT 1");
    db.ok(P::Edit {
        person: person(id),
        staff_code: None,
        name: None,
        category: None,
        source_unit: None,
        community: Some(community.to_string()),
        phone: None,
    });
    let before_callup = callup(&db);
    assert!(before_callup.contains(&id), "called up before retiring");
    let o = db.ok(P::Retire {
        person: person(id),
        reason: "调回原单位".into(),
    });
    let PeopleOutcome::Retired { cancelled, .. } = o else {
        panic!()
    };
    assert_eq!(cancelled as i64, planned);
    // Nothing deleted: every shift is still there, the planned ones marked cancelled.
    assert_eq!(
        db.int(&format!(
            "SELECT count(*) FROM shifts WHERE person_id = {id}"
        )),
        shifts
    );
    assert_eq!(
        db.store.record(id, NOW).unwrap(),
        record,
        "the record is unchanged"
    );
    let r = db.row(id);
    assert_eq!((r.state, r.retired_at), (PersonState::Retired, Some(NOW)));
    let detail = db.store.person_detail(id, NOW).unwrap().unwrap();
    assert_eq!(detail.shifts.total as i64, shifts);
    // On the roster (marked), off the pickers.
    let all = db
        .store
        .roster(NOW, RosterSort::Status, &Window::all())
        .unwrap();
    assert_eq!(all.rows.last().map(|r| r.id), Some(id), "retired sort last");
    let code = r.staff_code.clone();
    assert!(db.store.find_people(NOW, &code, 5).unwrap().is_empty());
    assert!(!callup(&db).contains(&id), "not called up");
    let post = db.int("SELECT min(id) FROM posts");
    let ctx = Ctx {
        operator: "test".into(),
        now: NOW,
    };
    let before = dump_store(&db.store);
    let r = db
        .store
        .execute(
            &Command::CheckIn {
                person: person(id),
                post,
                override_reason: None,
            },
            &ctx,
        )
        .unwrap_err();
    assert!(matches!(r, Refusal::Retired(_)), "{r:?}");
    assert_eq!(before, dump_store(&db.store));
    // Retiring twice is refused; reinstating brings them back to work.
    let r = db.refuse(P::Retire {
        person: person(id),
        reason: String::new(),
    });
    assert!(matches!(r, Refusal::Retired(_)), "{r:?}");
    db.ok(P::Reinstate {
        person: person(id),
        reason: String::new(),
    });
    assert_eq!(db.row(id).state, PersonState::Off);
    let r = db.refuse(P::Reinstate {
        person: person(id),
        reason: String::new(),
    });
    assert!(matches!(r, Refusal::People(X::NotRetired(_))), "{r:?}");
    let ovr = Some("reinstated, short rest accepted".to_string());
    db.store
        .execute(
            &Command::CheckIn {
                person: person(id),
                post,
                override_reason: ovr,
            },
            &ctx,
        )
        .unwrap();
}

#[test]
fn someone_on_duty_is_not_retired() {
    let mut db = Db::new();
    let id =
        db.int("SELECT person_id FROM shifts WHERE status = 'active' ORDER BY person_id LIMIT 1");
    let r = db.refuse(P::Retire {
        person: person(id),
        reason: String::new(),
    });
    assert!(matches!(r, Refusal::People(X::OnDuty { .. })), "{r:?}");
    assert!(msg(&r).contains("check them out"), "{}", msg(&r));
}

#[test]
fn party_status_and_dual_registration_are_set_together() {
    let mut db = Db::new();
    let id = db.with_party("none");
    let community = db.text("SELECT name FROM communities ORDER BY id DESC LIMIT 1");
    let o = db.ok(P::SetParty {
        person: person(id),
        status: Some("入党积极分子".into()),
        branch: Some("荔湾区税务局机关党支部".into()),
        residence: Some(community.clone()),
    });
    assert!(
        matches!(o, PeopleOutcome::PartySet { dual: true, .. }),
        "{o:?}"
    );
    let r = db.row(id);
    assert_eq!(
        (
            r.party_status.as_str(),
            r.party_branch.as_str(),
            r.residence_community.as_deref(),
            r.dual_registered
        ),
        (
            "activist",
            "荔湾区税务局机关党支部",
            Some(community.as_str()),
            true
        )
    );
    let same = P::SetParty {
        person: person(id),
        status: Some("activist".into()),
        branch: None,
        residence: None,
    };
    let r = db.refuse(same);
    assert!(matches!(r, Refusal::People(X::NothingToChange)), "{r:?}");
    let r = db.refuse(P::SetParty {
        person: person(id),
        status: Some("boss".into()),
        branch: None,
        residence: None,
    });
    assert!(matches!(r, Refusal::People(X::UnknownParty(_))), "{r:?}");
    let r = db.refuse(P::SetParty {
        person: person(id),
        status: None,
        branch: None,
        residence: Some("无此社区".into()),
    });
    assert!(matches!(r, Refusal::UnknownCommunity(_)), "{r:?}");
    // An empty residence ends the dual registration.
    db.ok(P::SetParty {
        person: person(id),
        status: None,
        branch: None,
        residence: Some(String::new()),
    });
    assert!(!db.row(id).dual_registered);
}

fn ids(rows: &[RosterRow]) -> Vec<i64> {
    rows.iter().map(|r| r.id).collect()
}

#[test]
fn every_sort_order_is_complete_and_its_windows_join_up() {
    let mut db = Db::new();
    // Some variety: a retired person and one in forced rest.
    let id = db.off_duty_worker();
    db.ok(P::Retire {
        person: person(id),
        reason: String::new(),
    });
    let total = db.int("SELECT count(*) FROM people") as usize;
    for sort in RosterSort::ALL {
        let all = db.store.roster(NOW, sort, &Window::all()).unwrap();
        assert_eq!((all.total, all.rows.len()), (total, total), "{sort:?}");
        let mut joined = Vec::new();
        for offset in (0..total).step_by(37) {
            let w = Window {
                offset,
                limit: Some(37),
                filter: String::new(),
            };
            joined.extend(db.store.roster(NOW, sort, &w).unwrap().rows);
        }
        assert_eq!(ids(&joined), ids(&all.rows), "{sort:?} windows");
        let key = |r: &RosterRow| -> String {
            match sort {
                RosterSort::Name => r.name.clone(),
                RosterSort::Code => r.staff_code.clone(),
                RosterSort::Category => r.category.to_string(),
                RosterSort::Unit => r.source_unit.clone(),
                RosterSort::Community => format!("{:08}", r.community_id.unwrap_or(0)),
                RosterSort::Party => ["member", "activist", "applicant", "none"]
                    .iter()
                    .position(|p| *p == r.party_status)
                    .unwrap()
                    .to_string(),
                RosterSort::Status => (r.state as usize).to_string(),
            }
        };
        let keys: Vec<String> = all.rows.iter().map(key).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{sort:?} order");
        // Filtered: the same order, only the matches.
        let w = Window {
            filter: "社区".into(),
            ..Default::default()
        };
        let f = db.store.roster(NOW, sort, &w).unwrap();
        let expect: Vec<i64> = all
            .rows
            .iter()
            .filter(|r| {
                r.name.contains("社区")
                    || r.source_unit.contains("社区")
                    || r.community.as_deref().is_some_and(|c| c.contains("社区"))
            })
            .map(|r| r.id)
            .collect();
        assert_eq!(f.total, expect.len(), "{sort:?} filtered");
        if sort != RosterSort::Name && sort != RosterSort::Code {
            let got: Vec<String> = f.rows.iter().map(key).collect();
            let mut s = got.clone();
            s.sort();
            assert_eq!(got, s, "{sort:?} filtered order");
        }
    }
    let by_status = db
        .store
        .roster(NOW, RosterSort::Status, &Window::all())
        .unwrap();
    assert_eq!(by_status.rows[0].state, PersonState::OnDuty);
    assert!(by_status.rows[0].post.is_some(), "on duty: where");
}
