//! Logistics requests (就餐 住宿 防暑 值夜 交通) through the one write path: open → arranged →
//! done, listed by the time they are needed, refusals that write nothing.

use crate::support::supplies::*;
use frontline::domain::{RequestKind, RequestStatus};

#[test]
fn a_request_goes_open_arranged_done_and_leaves_the_pending_list() {
    let mut db = Db::demo();
    let pending = db.store.requests(&Window::all(), false).unwrap();
    assert!(pending.total > 0, "the demo has open requests");
    assert!(
        pending
            .rows
            .windows(2)
            .all(|w| w[0].needed_by <= w[1].needed_by),
        "by time needed"
    );
    assert!(pending.rows.iter().all(|r| r.status != "done"));

    let o = db
        .run(Command::RequestOpen {
            kind: RequestKind::HeatRelief,
            post: Some(3),
            person: None,
            quantity: 60,
            needed_by: NOW - 3600 * 3,
            note: None,
        })
        .unwrap_err();
    assert_eq!(o, Refusal::NeededByPassed(NOW - 3600 * 3));
    let o = db
        .run(Command::RequestOpen {
            kind: RequestKind::HeatRelief,
            post: Some(3),
            person: Some(PersonRef("2".into())),
            quantity: 60,
            needed_by: NOW - 60,
            note: Some("凉茶".into()),
        })
        .unwrap();
    let Outcome::RequestOpened { id, .. } = o else {
        panic!("{o:?}")
    };
    let first = db.store.requests(&Window::all(), false).unwrap();
    assert_eq!(first.total, pending.total + 1);
    let at = first.rows.iter().position(|r| r.id == id).unwrap();
    assert!(
        first.rows[..at].iter().all(|r| r.needed_by <= NOW - 60)
            && first.rows[at + 1..].iter().all(|r| r.needed_by >= NOW - 60),
        "listed by time needed"
    );
    assert_eq!(
        db.store.audit(1).unwrap()[0].target,
        format!("request:{id}")
    );

    db.run(Command::RequestArrange {
        id,
        note: Some("区后勤保障组送达".into()),
    })
    .unwrap();
    assert_eq!(
        db.refuse(Command::RequestArrange { id, note: None }),
        Refusal::RequestIs {
            id,
            status: RequestStatus::Arranged
        }
    );
    let row = db
        .store
        .requests(&Window::all(), false)
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    assert_eq!(
        (row.status.as_str(), row.arrangement.as_deref()),
        ("arranged", Some("区后勤保障组送达"))
    );

    db.run(Command::RequestDone { id }).unwrap();
    assert_eq!(
        db.refuse(Command::RequestDone { id }),
        Refusal::RequestIs {
            id,
            status: RequestStatus::Done
        }
    );
    let after = db.store.requests(&Window::all(), false).unwrap();
    assert_eq!(after.total, pending.total);
    assert!(after.rows.iter().all(|r| r.id != id));
    assert!(
        db.store
            .requests(&Window::all(), true)
            .unwrap()
            .rows
            .iter()
            .any(|r| r.id == id)
    );

    assert_eq!(
        db.refuse(Command::RequestDone { id: 99_999 }),
        Refusal::UnknownRequest(99_999)
    );
    for (post, person, q) in [(None, None, 5), (Some(3), None, 0), (Some(99_999), None, 5)] {
        let r = db.refuse(Command::RequestOpen {
            kind: RequestKind::Meals,
            post,
            person: person.map(|p: &str| PersonRef(p.into())),
            quantity: q,
            needed_by: NOW + 3600,
            note: None,
        });
        let want = match (post, q) {
            (None, _) => Refusal::RequesterRequired,
            (Some(99_999), _) => Refusal::UnknownPost(99_999),
            _ => Refusal::BadQuantity("0".into()),
        };
        assert_eq!(r, want);
    }
}
