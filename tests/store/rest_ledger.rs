//! Rest of three kinds and the compensatory-leave ledger (补休): a rest day worked is owed,
//! compensatory rest is taken from what is owed, an early end hands the rest back, and the
//! balance never goes below zero. Residents added on the spot (就地转化). The schema-3
//! migration of an older database.

use crate::support::shifts::*;
use frontline::domain::RestKind;
use frontline::store::StoreConfig;
use frontline::store::commands::{Command, Outcome, Refusal};
use frontline::store::queries::Window;

fn rest(person: i64, kind: RestKind, start: i64, hours: f64) -> Command {
    Command::Rest {
        person: pr(person),
        kind,
        start,
        hours,
        reason: "轮休安排".into(),
    }
}

fn check_in(person: i64, post: i64, why: Option<&str>) -> Command {
    Command::CheckIn {
        person: pr(person),
        post,
        override_reason: why.map(str::to_string),
    }
}

/// The ledger's entries add up to the balance.
fn ledger_adds_up(db: &Db, person: i64) {
    let (balance, entries) = db.store.ledger_entries(person).unwrap();
    assert_eq!(entries.iter().map(|e| e.minutes).sum::<i64>(), balance);
    assert_eq!(balance, db.owed(person));
}

#[test]
fn rotation_and_swapped_rest_are_recorded_and_audited() {
    let mut db = Db::new();
    let (_, _, p) = db.team("休", 1, 2);
    let o = db.run(rest(p[0], RestKind::Rotation, D1, 24.0)).unwrap();
    assert_eq!(
        o,
        Outcome::RestRecorded {
            name: "休0".into(),
            kind: RestKind::Rotation,
            start: D1,
            end: D1 + 24 * H,
            owed_after: None
        }
    );
    let a = db.last_audit();
    assert_eq!(
        (a.action.as_str(), a.details["kind"].as_str()),
        ("rest", Some("rotation"))
    );
    db.run(rest(p[1], RestKind::Swapped, D1 + 24 * H, 24.0))
        .unwrap();
    assert_eq!(db.owed(p[0]), 0, "a rest day taken as planned owes nothing");
}

#[test]
fn a_rest_over_a_shift_or_another_rest_is_refused_unchanged() {
    let mut db = Db::new();
    let (_, post, p) = db.team("叠", 1, 1);
    db.planned(p[0], post, D1 + 8 * H, D1 + 16 * H);
    let r = db.refuse(rest(p[0], RestKind::Rotation, D1, 24.0));
    assert_eq!(
        r,
        Refusal::RestClash {
            name: "叠0".into(),
            start: D1 + 8 * H,
            end: D1 + 16 * H
        }
    );
    // Ending exactly when the shift starts is fine.
    db.run(rest(p[0], RestKind::Swapped, D1, 8.0)).unwrap();
    let r = db.refuse(rest(p[0], RestKind::Rotation, D1 - 2 * H, 2.0 + 1.0 / 60.0));
    assert_eq!(
        r,
        Refusal::RestOverlap {
            name: "叠0".into(),
            start: D1,
            end: D1 + 8 * H
        }
    );
    assert_eq!(
        db.refuse(rest(p[0], RestKind::Forced, D1 + 40 * H, 24.0)),
        Refusal::BadValue {
            field: "kind",
            value: "forced".into()
        }
    );
    assert_eq!(
        variant(&db.refuse(rest(p[0], RestKind::Rotation, D1 + 40 * H, 0.0))),
        "BadHours"
    );
    assert_eq!(
        variant(&db.refuse(rest(p[0], RestKind::Rotation, D1 + 40 * H, 337.0))),
        "BadHours"
    );
}

#[test]
fn ledger_arithmetic_rest_day_worked_then_compensatory_rest_taken_and_handed_back() {
    let mut db = Db::new();
    let (_, post, p) = db.team("账", 1, 1);
    let who = p[0];
    db.run(rest(who, RestKind::Rotation, D1, 24.0)).unwrap();
    // Called in on the rest day at 08:00: refused without a reason ...
    let r = db.refuse_at(D1 + 8 * H, check_in(who, post, None));
    assert_eq!(
        r,
        Refusal::RestDay {
            name: "账0".into(),
            kind: RestKind::Rotation,
            until: D1 + 24 * H
        }
    );
    // ... with one, the rest day ends and its 16 h left are owed.
    let o = db
        .run_at(D1 + 8 * H, check_in(who, post, Some("大规模核酸")))
        .unwrap();
    assert!(
        matches!(
            o,
            Outcome::CheckedIn {
                rest_day: Some((RestKind::Rotation, 960)),
                overridden: true,
                ..
            }
        ),
        "{o:?}"
    );
    assert_eq!(db.owed(who), 16 * 60);
    assert_eq!(
        db.one(
            "SELECT end_at FROM rest_periods WHERE person_id = ?1",
            [who]
        ),
        D1 + 8 * H
    );
    assert_eq!(db.last_audit().details["rest_cut"]["owed_minutes"], 960);
    db.run_at(D1 + 16 * H, Command::CheckOut { person: pr(who) })
        .unwrap();

    // Compensatory rest of 8 h is taken from the 16 h owed; 9 h more is more than is owed.
    let day3 = D1 + 48 * H;
    let o = db
        .run(rest(who, RestKind::Compensatory, day3, 8.0))
        .unwrap();
    assert!(
        matches!(
            o,
            Outcome::RestRecorded {
                owed_after: Some(480),
                ..
            }
        ),
        "{o:?}"
    );
    assert_eq!(db.owed(who), 8 * 60);
    let r = db.refuse(rest(
        who,
        RestKind::Compensatory,
        day3 + 24 * H,
        8.0 + 1.0 / 60.0,
    ));
    assert_eq!(
        r,
        Refusal::NotOwed {
            name: "账0".into(),
            owed_minutes: 480,
            asked_minutes: 481
        }
    );
    // Exactly what is owed is fine ...
    db.run(rest(who, RestKind::Compensatory, day3 + 24 * H, 8.0))
        .unwrap();
    assert_eq!(db.owed(who), 0);
    // ... and ending it 2 h in hands the 6 h not taken back.
    db.run_at(
        day3 + 26 * H,
        Command::EndRest {
            person: pr(who),
            reason: None,
        },
    )
    .unwrap();
    assert_eq!(db.owed(who), 6 * 60);
    ledger_adds_up(&db, who);
    let (_, mut entries) = db.store.ledger_entries(who).unwrap();
    entries.sort_by_key(|e| e.id);
    let kinds: Vec<(&str, i64)> = entries
        .iter()
        .map(|e| (e.kind.as_str(), e.minutes))
        .collect();
    assert_eq!(
        kinds,
        [
            ("worked_rest", 960),
            ("taken", -480),
            ("taken", -480),
            ("refund", 360)
        ]
    );
}

#[test]
fn a_correction_by_hand_needs_a_reason_and_never_takes_the_balance_below_zero() {
    let mut db = Db::new();
    let (_, _, p) = db.team("补", 1, 1);
    let adj = |hours: f64, reason: &str| Command::LedgerAdjust {
        person: pr(p[0]),
        hours,
        reason: reason.into(),
    };
    assert_eq!(db.refuse(adj(8.0, "  ")), Refusal::ReasonRequired);
    assert_eq!(variant(&db.refuse(adj(0.0, "x"))), "BadHours");
    let o = db.run(adj(12.5, "端午假期未休")).unwrap();
    assert_eq!(
        o,
        Outcome::LedgerAdjusted {
            name: "补0".into(),
            minutes: 750,
            balance: 750
        }
    );
    let r = db.refuse(adj(-12.5 - 1.0 / 60.0, "结清"));
    assert_eq!(variant(&r), "NotOwed");
    db.run(adj(-12.5, "结清")).unwrap();
    assert_eq!(db.owed(p[0]), 0);
    ledger_adds_up(&db, p[0]);
    // The ledger is append-only, like the audit log.
    let c = db.raw();
    assert!(c.execute("UPDATE comp_ledger SET minutes = 1", []).is_err());
    assert!(c.execute("DELETE FROM comp_ledger", []).is_err());
}

#[test]
fn who_is_owed_most_comes_first() {
    let mut db = Db::new();
    let (_, _, p) = db.team("欠", 1, 3);
    for (who, h) in [(p[0], 30.0), (p[1], 90.0), (p[2], 60.0)] {
        db.run(Command::LedgerAdjust {
            person: pr(who),
            hours: h,
            reason: "未休假".into(),
        })
        .unwrap();
    }
    let page = db
        .store
        .ledger_page(&Window {
            offset: 0,
            limit: Some(3),
            filter: String::new(),
        })
        .unwrap();
    let top: Vec<(i64, i64)> = page.rows.iter().map(|r| (r.id, r.owed_minutes)).collect();
    assert_eq!(
        top,
        [(p[1], 5400), (p[2], 3600), (p[0], 1800)],
        "the demo owes less than 30 h"
    );
    assert!(page.total >= 3);
    let f = db
        .store
        .ledger_page(&Window {
            offset: 0,
            limit: None,
            filter: "欠2".into(),
        })
        .unwrap();
    assert_eq!((f.total, f.rows[0].id), (1, p[2]));
}

#[test]
fn the_demo_has_a_ledger_that_adds_up() {
    let db = Db::new();
    let page = db.store.ledger_page(&Window::all()).unwrap();
    assert!(page.total > 0, "someone in the demo worked a rest day");
    for r in &page.rows {
        ledger_adds_up(&db, r.id);
    }
}

fn convert(name: &str, community: &str, party: &str, phone: &str) -> Command {
    Command::Convert {
        name: name.into(),
        community: community.into(),
        party_status: party.into(),
        source_unit: "荔湾区税务局".into(),
        phone: phone.into(),
        dual_registered: true,
        note: "封控区居民".into(),
    }
}

#[test]
fn a_resident_converted_on_the_spot_is_community_staff_and_can_be_scheduled() {
    let mut db = Db::new();
    let (c, post, _) = db.team("转", 1, 0);
    let o = db
        .run(convert(" 林晓 ", "转社区", "member", "13800000000"))
        .unwrap();
    let Outcome::Converted {
        id,
        name,
        staff_code,
        community,
    } = o
    else {
        panic!("{o:?}")
    };
    assert_eq!((name.as_str(), community.as_str()), ("林晓", "转社区"));
    let row = db.raw().query_row(
        "SELECT category, community_id, party_status, dual_registered, note, converted_at, staff_code FROM people WHERE id = ?1",
        [id],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?, r.get::<_, i64>(5)?, r.get::<_, String>(6)?)),
    ).unwrap();
    assert_eq!(
        row,
        (
            "community".into(),
            c,
            "member".into(),
            1,
            "封控区居民".into(),
            NOW,
            staff_code
        )
    );
    assert_eq!(db.last_audit().action, "convert");
    // Scheduled like everyone else, found by the call-up list of their community's post.
    db.run(Command::ShiftPlan {
        person: pr(id),
        post,
        start: D1 + 8 * H,
        end: D1 + 16 * H,
        replaces: None,
        override_reason: None,
    })
    .unwrap();
    // The same person twice (same name and phone) is refused; so are bad fields.
    assert_eq!(
        variant(&db.refuse(convert("林晓", &c.to_string(), "none", "13800000000"))),
        "DuplicatePerson"
    );
    assert_eq!(
        db.refuse(convert("林晓", "无此社区", "none", "")),
        Refusal::UnknownCommunity("无此社区".into())
    );
    assert_eq!(
        db.refuse(convert("林晓", "转社区", "boss", "")),
        Refusal::BadValue {
            field: "party",
            value: "boss".into()
        }
    );
    assert_eq!(
        variant(&db.refuse(convert("  ", "转社区", "none", ""))),
        "BadValue"
    );
    assert_eq!(
        variant(&db.refuse(convert("林晓", "转社区", "none", "call me"))),
        "BadValue"
    );
}

#[test]
fn an_older_database_is_migrated_and_keeps_its_people_and_shifts() {
    if crate::support::db::Engine::from_env() == crate::support::db::Engine::Postgres {
        // An older schema exists only as a SQLite file (a server database starts at the
        // latest): the migration of a file in place is the file's alone.
        eprintln!("skipped on PostgreSQL: an older SQLite file migrated in place is file-only");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut c = rusqlite::Connection::open(&path).unwrap();
        frontline::store::schema::migrations()
            .to_version(&mut c, 2)
            .unwrap();
        c.execute_batch(
            "INSERT INTO streets(id, name) VALUES (1, '多宝街');
             INSERT INTO communities(id, street_id, name) VALUES (1, 1, '多宝中社区');
             INSERT INTO posts(id, community_id, name, kind, required_per_shift) VALUES (1, 1, '卡口', 'checkpoint', 2);
             INSERT INTO people(id, staff_code, name, category, community_id) VALUES (1, 'FL000001', '张三', 'cadre', 1);
             INSERT INTO shifts(person_id, post_id, planned_start, planned_end, actual_start, actual_end, status)
               VALUES (1, 1, 1623200000, 1623228800, 1623200000, 1623228800, 'done');",
        )
        .unwrap();
    }
    let store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, frontline::store::schema::LATEST as i64);
    let last: i64 = c
        .query_row("SELECT last_duty_end FROM people WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        last, 1623228800,
        "end of last duty filled in from the shifts"
    );
    assert_eq!(store.ledger_page(&Window::all()).unwrap().total, 0);
}

#[test]
fn ending_a_forced_rest_early_needs_a_reason_and_a_rest_day_does_not() {
    let mut db = Db::new();
    let (_, _, p) = db.team("止", 1, 2);
    db.run(Command::ForceRest {
        person: pr(p[0]),
        hours: Some(24.0),
        reason: "连续值守超时".into(),
    })
    .unwrap();
    let audited = db.audit_count();
    for reason in [None, Some("   ".to_string())] {
        let r = db.refuse(Command::EndRest {
            person: pr(p[0]),
            reason,
        });
        assert_eq!(
            r,
            Refusal::EndForcedRestReason {
                name: "止0".into(),
                until: NOW + 24 * H
            }
        );
    }
    assert_eq!(db.audit_count(), audited, "a refusal writes nothing");
    db.run(Command::EndRest {
        person: pr(p[0]),
        reason: Some(" 卡口缺人，已休息 ".into()),
    })
    .unwrap();
    let a = db.last_audit();
    assert_eq!(
        (a.action.as_str(), a.details["reason"].as_str()),
        ("end_rest", Some("卡口缺人，已休息"))
    );
    // A rest day ends without one.
    db.run(rest(p[1], RestKind::Rotation, NOW - H, 24.0))
        .unwrap();
    db.run(Command::EndRest {
        person: pr(p[1]),
        reason: None,
    })
    .unwrap();
    assert_eq!(db.last_audit().details["kind"], "rotation");
}
