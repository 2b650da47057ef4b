//! Stock through the one write path: receipts, issues, transfers and adjustments show in the
//! supply figures with one audit row each, stock is the sum of its movements and never negative
//! (also when two consoles issue the last units at once), and refusals write nothing.

use crate::support::supplies::*;
use std::sync::{Arc, Barrier};

#[test]
fn receive_issue_and_adjust_change_the_figures_with_one_audit_row_each() {
    let mut db = Db::demo();
    let before = db.item("N95");
    let audit = db.audit_count();

    let o = db.run(receive("n95", 100)).unwrap();
    assert!(
        matches!(&o, Outcome::StockReceived { quantity: 100, total, .. } if *total == before.on_hand + 100),
        "{o:?}"
    );
    assert_eq!(db.item("N95").on_hand, before.on_hand + 100);
    assert_eq!(db.audit_count(), audit + 1);
    let a = &db.store.audit(1).unwrap()[0];
    assert_eq!(
        (a.action.as_str(), a.target.as_str()),
        ("stock_receive", format!("item:{}", before.id).as_str())
    );
    assert_eq!(a.details["quantity"], 100);

    let o = db.run(issue("N95", 60, 3)).unwrap();
    assert!(
        matches!(&o, Outcome::StockIssued { quantity: 60, .. }),
        "{o:?}"
    );
    let after = db.item("N95");
    assert_eq!(after.on_hand, before.on_hand + 40);
    // Today's issues do not change the burn rate (complete days only); cover follows on hand.
    assert!(approx(after.burn_per_day, before.burn_per_day));
    assert!(approx(
        after.days_of_cover.unwrap(),
        after.on_hand as f64 / after.burn_per_day
    ));
    assert_eq!(db.store.audit(1).unwrap()[0].action, "stock_issue");
    assert_eq!(db.audit_count(), audit + 2);

    db.run(adjust("N95", Adjustment::By(-7), "过期报损"))
        .unwrap();
    assert_eq!(db.item("N95").on_hand, before.on_hand + 33);
    let counted = db.on_hand("N95", 1) - 3;
    let o = db
        .run(adjust("N95", Adjustment::To(counted), "盘点"))
        .unwrap();
    assert!(
        matches!(&o, Outcome::StockAdjusted { change: -3, on_hand, .. } if *on_hand == counted),
        "{o:?}"
    );
    let a = &db.store.audit(1).unwrap()[0];
    assert_eq!(a.action, "stock_adjust");
    assert_eq!(a.details["reason"], "盘点");
    assert_eq!(db.audit_count(), audit + 4);
    assert_eq!(db.stock_not_sum_of_movements(), 0);
    // The day's totals (what the burn rate reads tomorrow) moved in step.
    let day = db.one(
        "SELECT issued FROM stock_daily WHERE item_id = ?1 AND day = ?2",
        [before.id, (NOW + 8 * 3600) / DAY],
    );
    assert_eq!(day, 60);
}

#[test]
fn a_transfer_moves_stock_between_depots_and_not_out_of_the_district() {
    let mut db = Db::demo();
    let before = db.item("MASK");
    let (store, cabinet) = (db.on_hand("MASK", 1), db.on_hand("MASK", 2));
    assert!(cabinet > 0, "the demo stocks a post cabinet");
    let o = db
        .run(Command::StockTransfer {
            item: "MASK".into(),
            from: None,
            to: "2".into(),
            quantity: 50,
        })
        .unwrap();
    assert!(matches!(o, Outcome::StockTransferred { quantity: 50, .. }));
    assert_eq!(
        (db.on_hand("MASK", 1), db.on_hand("MASK", 2)),
        (store - 50, cabinet + 50)
    );
    let after = db.item("MASK");
    assert_eq!(after.on_hand, before.on_hand);
    assert!(approx(after.burn_per_day, before.burn_per_day));
    // Issuing from the cabinet needs no post: it is the cabinet's own.
    let post = db.one("SELECT post_id FROM depots WHERE id = 2", []);
    let o = db
        .run(Command::StockIssue {
            item: "MASK".into(),
            depot: Some("2".into()),
            quantity: 10,
            post: None,
            person: Some(PersonRef("1".into())),
        })
        .unwrap();
    assert!(
        matches!(
            &o,
            Outcome::StockIssued {
                person: Some(_),
                ..
            }
        ),
        "{o:?}"
    );
    assert_eq!(
        db.one(
            "SELECT post_id FROM stock_movements WHERE kind = 'issue' ORDER BY id DESC LIMIT 1",
            []
        ),
        post
    );
    assert_eq!(db.stock_not_sum_of_movements(), 0);
}

#[test]
fn bad_input_is_refused_by_name_and_writes_nothing() {
    let mut db = Db::demo();
    let n95 = db.on_hand("N95", 1);
    let r = db.refuse(issue("N95", n95 + 1, 3));
    assert!(
        matches!(&r, Refusal::NotEnoughStock { on_hand, wanted, .. } if *on_hand == n95 && *wanted == n95 + 1),
        "{r:?}"
    );
    for q in [0, -5] {
        assert_eq!(
            db.refuse(issue("N95", q, 3)),
            Refusal::BadQuantity(q.to_string())
        );
        assert_eq!(
            db.refuse(receive("N95", q)),
            Refusal::BadQuantity(q.to_string())
        );
    }
    assert_eq!(
        db.refuse(receive("N95", 20_000_000)),
        Refusal::BadQuantity("20000000".into())
    );
    assert_eq!(
        db.refuse(issue("PLUTONIUM", 1, 3)),
        Refusal::UnknownItem("PLUTONIUM".into())
    );
    assert_eq!(
        db.refuse(Command::StockReceive {
            item: "N95".into(),
            depot: Some("99".into()),
            quantity: 5,
            from: None
        }),
        Refusal::UnknownDepot("99".into())
    );
    assert_eq!(db.refuse(issue("N95", 1, 9999)), Refusal::UnknownPost(9999));
    assert_eq!(
        db.refuse(Command::StockIssue {
            item: "N95".into(),
            depot: None,
            quantity: 1,
            post: None,
            person: None
        }),
        Refusal::PostRequired
    );
    assert_eq!(
        db.refuse(Command::StockIssue {
            item: "N95".into(),
            depot: None,
            quantity: 1,
            post: Some(3),
            person: Some(PersonRef("FL999999".into()))
        }),
        Refusal::UnknownPerson("FL999999".into())
    );
    assert_eq!(
        db.refuse(adjust("N95", Adjustment::By(-1), "  ")),
        Refusal::ReasonRequired
    );
    assert!(matches!(
        db.refuse(adjust("N95", Adjustment::By(-(n95 + 1)), "损坏")),
        Refusal::NotEnoughStock { .. }
    ));
    assert_eq!(
        db.refuse(adjust("N95", Adjustment::To(-1), "盘点")),
        Refusal::BadQuantity("-1".into())
    );
    assert_eq!(
        db.refuse(adjust("N95", Adjustment::To(n95), "盘点")),
        Refusal::BadQuantity(format!("={n95}"))
    );
    assert_eq!(
        db.refuse(adjust("N95", Adjustment::By(0), "盘点")),
        Refusal::BadQuantity("0".into())
    );
    assert_eq!(
        db.refuse(Command::StockTransfer {
            item: "N95".into(),
            from: Some("1".into()),
            to: "1".into(),
            quantity: 1
        }),
        Refusal::SameDepot
    );
    // The district has enough, but the cabinet it would leave from does not.
    let cab = db.on_hand("N95", 2);
    assert!(matches!(
        db.refuse(Command::StockTransfer {
            item: "N95".into(),
            from: Some("2".into()),
            to: "1".into(),
            quantity: cab + 1
        }),
        Refusal::NotEnoughStock { .. }
    ));
}

#[test]
fn two_consoles_issuing_the_last_units_at_once_exactly_one_succeeds() {
    let mut db = Db::demo();
    const ROUNDS: usize = 12;
    for round in 0..ROUNDS {
        db.run(adjust("SUIT", Adjustment::To(10), "盘点")).unwrap();
        let barrier = Arc::new(Barrier::new(2));
        let handles: Vec<_> = (0..2)
            .map(|i| {
                let path = db.path.clone();
                let barrier = Arc::clone(&barrier);
                std::thread::spawn(move || {
                    let mut store =
                        crate::support::db::open(&path, StoreConfig::default()).unwrap();
                    barrier.wait();
                    store.execute(
                        &issue("SUIT", 10, 3),
                        &Ctx {
                            operator: format!("console-{i}"),
                            now: NOW,
                        },
                    )
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let ok = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(ok, 1, "round {round}: {results:?}");
        let refused = results.iter().find_map(|r| r.as_ref().err()).unwrap();
        assert!(
            matches!(
                refused,
                Refusal::NotEnoughStock {
                    on_hand: 0,
                    wanted: 10,
                    ..
                }
            ),
            "round {round}: {refused:?}"
        );
        assert_eq!(db.on_hand("SUIT", 1), 0);
    }
    assert_eq!(
        db.one(
            "SELECT count(*) FROM audit_log WHERE action = 'stock_issue' AND operator LIKE 'console-%'",
            []
        ),
        ROUNDS as i64
    );
    assert_eq!(db.one("SELECT min(on_hand) FROM stock", []), 0);
    assert_eq!(db.stock_not_sum_of_movements(), 0);
}
