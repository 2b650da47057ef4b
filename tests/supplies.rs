//! Supplies and logistics through the one write path: stock moves show in the supply figures
//! with one audit row each, stock is the sum of its movements and never negative (also when two
//! consoles issue the last units at once), refusals write nothing, burn rate and cover follow
//! fixed histories, and logistics requests move open → arranged → done.

use frontline::demo::{self, DemoSpec};
use frontline::domain::{RequestKind, RequestStatus};
use frontline::store::commands::{Adjustment, Command, Ctx, Outcome, PersonRef, Refusal};
use frontline::store::queries::{SupplyRow, Window};
use frontline::store::{Store, StoreConfig};
use rusqlite::{Connection, Params};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use tempfile::TempDir;

/// 2021-06-10T08:00:00+08:00.
const NOW: i64 = 1_623_283_200;
const DAY: i64 = 86_400;

struct Db {
    _dir: TempDir,
    path: PathBuf,
    store: Store,
}

impl Db {
    /// A 300-person, 14-day demo database.
    fn demo() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let spec = DemoSpec {
            people: 300,
            days: 14,
            seed: 7,
            now: NOW,
        };
        demo::generate(&path, &spec, &StoreConfig::default()).unwrap();
        let store = Store::open(&path, StoreConfig::default()).unwrap();
        Db {
            _dir: dir,
            path,
            store,
        }
    }

    /// A new database: the standard catalogue and one command-post store, no stock, no posts.
    fn empty() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.db");
        let store = Store::open(&path, StoreConfig::default()).unwrap();
        let db = Db {
            _dir: dir,
            path,
            store,
        };
        db.raw()
            .execute_batch(
                "INSERT INTO streets(id, name) VALUES (1, '多宝街');
                 INSERT INTO communities(id, street_id, name) VALUES (1, 1, '多宝中社区');
                 INSERT INTO posts(id, community_id, name, kind, required_per_shift)
                   VALUES (1, 1, '多宝中社区卡口', 'checkpoint', 2);",
            )
            .unwrap();
        db
    }

    fn run_at(&mut self, now: i64, cmd: Command) -> Result<Outcome, Refusal> {
        let ctx = Ctx {
            operator: "test".into(),
            now,
        };
        self.store.execute(&cmd, &ctx)
    }

    fn run(&mut self, cmd: Command) -> Result<Outcome, Refusal> {
        self.run_at(NOW, cmd)
    }

    /// Run a command that must be refused, and check that it wrote nothing at all.
    fn refuse(&mut self, cmd: Command) -> Refusal {
        let before = dump(&self.path);
        let r = self
            .run(cmd.clone())
            .expect_err("command should be refused");
        let after = dump(&self.path);
        if before != after {
            let diff = before.lines().zip(after.lines()).find(|(a, b)| a != b);
            panic!("refused {cmd:?} ({r:?}) changed the database: {diff:?}");
        }
        r
    }

    fn raw(&self) -> Connection {
        Connection::open(&self.path).unwrap()
    }

    fn one(&self, sql: &str, p: impl Params) -> i64 {
        self.raw().query_row(sql, p, |r| r.get(0)).unwrap()
    }

    fn item_at(&self, now: i64, code: &str) -> SupplyRow {
        self.store
            .supplies(now, &Window::all())
            .unwrap()
            .rows
            .into_iter()
            .find(|r| r.code == code)
            .unwrap()
    }

    fn item(&self, code: &str) -> SupplyRow {
        self.item_at(NOW, code)
    }

    fn on_hand(&self, code: &str, depot: i64) -> i64 {
        self.one(
            "SELECT coalesce((SELECT on_hand FROM stock s JOIN supply_items i ON i.id = s.item_id
               WHERE i.code = ?1 AND s.depot_id = ?2), 0)",
            rusqlite::params![code, depot],
        )
    }

    fn audit_count(&self) -> i64 {
        self.one("SELECT count(*) FROM audit_log", [])
    }

    /// Stock rows that differ from the sum of their movements (should be none).
    fn stock_not_sum_of_movements(&self) -> i64 {
        self.one(
            "SELECT count(*) FROM (
               SELECT item_id, depot_id, on_hand AS n FROM stock
               EXCEPT
               SELECT item_id, depot_id, sum(quantity) FROM stock_movements GROUP BY item_id, depot_id)",
            [],
        )
    }
}

/// Every table's rows, via a connection of its own.
fn dump(path: &Path) -> String {
    let c = Connection::open(path).unwrap();
    let mut out = String::new();
    let mut st = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    let tables: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for t in tables {
        out += &format!("== {t}\n");
        let n = c
            .prepare(&format!("SELECT * FROM \"{t}\""))
            .unwrap()
            .column_count();
        let order: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
        let mut st = c
            .prepare(&format!(
                "SELECT * FROM \"{t}\" ORDER BY {}",
                order.join(",")
            ))
            .unwrap();
        let mut rows = st.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                out += &format!("{:?}|", row.get::<_, rusqlite::types::Value>(i).unwrap());
            }
            out.push('\n');
        }
    }
    out
}

fn receive(item: &str, q: i64) -> Command {
    Command::StockReceive {
        item: item.into(),
        depot: None,
        quantity: q,
        from: Some("区物资保障组".into()),
    }
}

fn issue(item: &str, q: i64, post: i64) -> Command {
    Command::StockIssue {
        item: item.into(),
        depot: None,
        quantity: q,
        post: Some(post),
        person: None,
    }
}

fn adjust(item: &str, change: Adjustment, reason: &str) -> Command {
    Command::StockAdjust {
        item: item.into(),
        depot: None,
        change,
        reason: reason.into(),
    }
}

fn approx(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

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
                    let mut store = Store::open(&path, StoreConfig::default()).unwrap();
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

#[test]
fn no_movements_means_no_burn_and_nothing_on_hand_is_low() {
    let mut db = Db::empty();
    let mask = db.item("MASK");
    assert_eq!(mask.on_hand, 0);
    assert_eq!(
        (mask.burn_per_day, mask.days_of_cover, mask.runs_out),
        (0.0, None, None)
    );
    assert!(mask.low, "nothing on hand is low");
    db.run(receive("MASK", 1000)).unwrap();
    let mask = db.item("MASK");
    assert_eq!((mask.on_hand, mask.days_of_cover), (1000, None));
    assert!(!mask.low, "stock that nobody uses lasts");
}

#[test]
fn one_day_of_history_is_that_days_use() {
    let mut db = Db::empty();
    db.run_at(NOW - DAY, receive("MASK", 1000)).unwrap();
    db.run_at(NOW - DAY + 3600, issue("MASK", 40, 1)).unwrap();
    let m = db.item("MASK");
    assert!(approx(m.burn_per_day, 40.0), "{m:?}");
    assert!(approx(m.days_of_cover.unwrap(), 24.0));
    assert_eq!(m.runs_out, Some(NOW + 24 * DAY));
    // Today's issue counts from tomorrow: cover shrinks by the stock, not by the rate.
    db.run(issue("MASK", 200, 1)).unwrap();
    let m = db.item("MASK");
    assert!(approx(m.days_of_cover.unwrap(), 19.0));
    let tomorrow = db.item_at(NOW + DAY, "MASK");
    // Two days: 40 on day 1 (weight 1), 200 on day 2 (weight 2) → 440 / 3.
    assert!(approx(tomorrow.burn_per_day, 440.0 / 3.0), "{tomorrow:?}");
}

/// Ten a day for `days - 1` days, then `last` yesterday.
fn history(db: &mut Db, days: i64, last: i64) {
    db.run_at(NOW - days * DAY, receive("N95", 5000)).unwrap();
    for d in (2..=days).rev() {
        db.run_at(NOW - d * DAY + 3600, issue("N95", 10, 1))
            .unwrap();
    }
    db.run_at(NOW - DAY + 3600, issue("N95", last, 1)).unwrap();
}

#[test]
fn a_spike_weighs_by_how_recent_it_is_and_the_window_is_configurable() {
    let mut db = Db::empty();
    history(&mut db, 14, 100);
    let n = db.item("N95");
    // Seven days: 10·(1+…+6) + 100·7 = 910 over 28.
    assert!(approx(n.burn_per_day, 32.5), "{n:?}");
    assert!(approx(n.days_of_cover.unwrap(), n.on_hand as f64 / 32.5));
    db.store.cfg.rules.supplies.burn_window_days = 14;
    // Fourteen days: 10·(1+…+13) + 100·14 = 2310 over 105.
    assert!(approx(db.item("N95").burn_per_day, 22.0));
    db.store.cfg.rules.supplies.burn_window_days = 1;
    assert!(approx(db.item("N95").burn_per_day, 100.0));
}

#[test]
fn an_item_is_low_under_the_threshold_not_at_it_and_the_header_counts_it() {
    let mut db = Db::empty();
    db.run_at(NOW - DAY, receive("GOWN", 400)).unwrap();
    db.run_at(NOW - DAY + 60, issue("GOWN", 100, 1)).unwrap();
    let g = db.item("GOWN");
    assert!(approx(g.days_of_cover.unwrap(), 3.0) && !g.low, "{g:?}");
    let low_before = db
        .store
        .supplies(NOW, &Window::all())
        .unwrap()
        .rows
        .iter()
        .filter(|r| r.low)
        .count();
    db.run(issue("GOWN", 1, 1)).unwrap();
    let g = db.item("GOWN");
    assert!(g.low, "2.99 days is under 3");
    let page = db.store.supplies(NOW, &Window::all()).unwrap();
    assert_eq!(page.rows.iter().filter(|r| r.low).count(), low_before + 1);
    // Low items first, least cover first among them: the gown (2.99 d) before the empty items.
    assert_eq!(page.rows[0].code, "GOWN");
}

#[test]
fn tomorrows_planned_shifts_make_the_demand_forecast() {
    let db = Db::demo();
    let s = db.store.supplies_screen(NOW, &Window::all(), 0).unwrap();
    // Counted independently: planned shifts starting on 2021-06-11 (local) at sealed posts.
    let sealed = db.one(
        "SELECT count(*) FROM shifts s JOIN posts p ON p.id = s.post_id
         WHERE s.status = 'planned' AND p.kind = 'sealed'
           AND s.planned_start >= ?1 AND s.planned_start < ?1 + 86400",
        [NOW + 16 * 3600],
    );
    assert!(sealed > 0);
    let suit = s.items.rows.iter().find(|l| l.row.code == "SUIT").unwrap();
    // One protective suit per person per shift at sealed-zone posts, nowhere else.
    assert!(
        approx(suit.need_tomorrow, sealed as f64),
        "{} vs {sealed}",
        suit.need_tomorrow
    );
    let all: i64 = s.shifts_tomorrow.iter().map(|(_, n)| n).sum();
    let mask = s.items.rows.iter().find(|l| l.row.code == "MASK").unwrap();
    assert!(approx(mask.need_tomorrow, 2.0 * all as f64));
}

#[test]
fn the_stock_chart_is_worked_back_from_todays_stock() {
    let mut db = Db::demo();
    db.run(issue("MASK", 25, 3)).unwrap();
    db.run(receive("MASK", 7)).unwrap();
    let s = db.store.supplies_screen(NOW, &Window::all(), 28).unwrap();
    let mask = s.items.rows.iter().find(|l| l.row.code == "MASK").unwrap();
    let h = &mask.history;
    assert_eq!(h.len(), 28);
    assert_eq!(h.last().unwrap().level, mask.row.on_hand);
    for w in h.windows(2) {
        assert_eq!(
            w[1].level - w[0].level,
            w[1].received - w[1].issued + w[1].adjusted,
            "{w:?}"
        );
    }
    // The day totals agree with the movements themselves on each of the last 14 days.
    let issued_14: i64 = h.iter().rev().take(14).map(|d| d.issued).sum();
    let moved = db.one(
        "SELECT -sum(quantity) FROM stock_movements m JOIN supply_items i ON i.id = m.item_id
         WHERE i.code = 'MASK' AND m.kind = 'issue' AND m.at >= ?1",
        [NOW - 8 * 3600 - 13 * DAY],
    );
    assert_eq!(issued_14, moved);
    assert_eq!(mask.depots.len(), 2, "store and cabinet");
}

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

#[test]
fn a_new_database_has_the_standard_catalogue_and_a_store() {
    let db = Db::empty();
    let codes: Vec<String> = db
        .store
        .supplies(NOW, &Window::all())
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.code)
        .collect();
    for c in [
        "MASK", "N95", "SUIT", "GOWN", "GLOVE", "GOGGLE", "SHIELD", "DISINF", "THERMO",
    ] {
        assert!(codes.iter().any(|x| x == c), "{c} missing: {codes:?}");
    }
    let depots = db.store.depots().unwrap();
    assert_eq!(depots.len(), 1);
    assert_eq!(depots[0].post_id, None);
}
