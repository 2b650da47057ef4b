//! `store::kept`: every kept value's triggers, drift found and recounted.

use super::*;

fn fresh() -> Connection {
    let mut c = rusqlite::Connection::open_in_memory().unwrap();
    crate::store::schema::migrations()
        .to_latest(&mut c)
        .unwrap();
    Connection::sqlite(c)
}

#[test]
fn every_kept_trigger_exists_in_the_schema() {
    let c = fresh();
    for t in trigger_names() {
        let n: i64 = c
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                [t],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "trigger {t} is not in the schema");
    }
}

/// The rank the triggers write is the rank the recount writes.
#[test]
fn the_duty_rank_triggers_use_the_one_rank_expression() {
    let c = fresh();
    let mut st = c
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'duty_rank%'")
        .unwrap();
    let sqls: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(sqls.len(), 6);
    for s in sqls {
        assert!(s.contains(RANK.as_str()), "{s}");
    }
}

#[test]
fn a_drifted_counter_is_found_and_recounted() {
    let c = fresh();
    assert_eq!(check(&c).unwrap(), vec![]);
    c.execute_batch("UPDATE counters SET value = 7 WHERE name = 'active_shifts'")
        .unwrap();
    let d = check(&c).unwrap();
    assert_eq!(
        (d.len(), d[0].value, d[0].kept, d[0].real),
        (1, "counters.active_shifts", Some(7), Some(0))
    );
    recount_all(&c).unwrap();
    assert_eq!(check(&c).unwrap(), vec![]);
}

/// Rows that touch every kept value, written with the triggers on: the triggers and the
/// real counts agree; then each value corrupted alone is found (and only it), and the
/// recount puts every one right.
#[test]
fn each_kept_value_agrees_with_its_triggers_and_each_corruption_is_found() {
    let c = fresh();
    c.execute_batch(
        "INSERT INTO streets(id, name) VALUES (1, 'S');
         INSERT INTO communities(id, street_id, name) VALUES (1, 1, 'C');
         INSERT INTO posts(id, community_id, name, kind, required_per_shift) VALUES (1, 1, 'P', 'sampling', 1);
         INSERT INTO people(id, staff_code, name, category) VALUES
           (1, 'A1', 'A', 'cadre'), (2, 'A2', 'B', 'cadre'), (3, 'A3', 'C', 'cadre');
         INSERT INTO shifts(person_id, post_id, planned_start, planned_end, actual_start, status, breach_at)
           VALUES (1, 1, 36000, 72000, 36000, 'active', 50400);
         INSERT INTO shifts(person_id, post_id, planned_start, planned_end, status)
           VALUES (2, 1, 90000, 118800, 'planned');
         INSERT INTO shifts(person_id, post_id, planned_start, planned_end, actual_start, actual_end, status)
           VALUES (3, 1, 0, 28800, 0, 28800, 'done');
         INSERT INTO rest_periods(person_id, kind, start_at, end_at) VALUES (3, 'forced', 28800, 115200);
         INSERT INTO comp_ledger(person_id, at, minutes, kind) VALUES (2, 0, 480, 'adjust');
         INSERT INTO family_cases(person_id, category, urgency, status, opened_at)
           VALUES (2, 'childcare', 3, 'open', 0);
         UPDATE people SET retired_at = 1 WHERE id = 2;
         INSERT INTO people(id, staff_code, name, category) VALUES (4, 'A4', 'D', 'volunteer');
         INSERT INTO talks(person_id, talked_at, by_whom) VALUES (1, 100, 'x'), (1, 200, 'x'), (4, 50, 'x');
         DELETE FROM talks WHERE talked_at = 200;
         INSERT INTO trainings(person_id, kind, trained_at) VALUES
           (1, 'self_protection', 10), (1, 'psychological', 20), (3, 'self_protection', 30),
           (4, 'psychological', 40);
         UPDATE trainings SET person_id = 3 WHERE person_id = 4;
         INSERT INTO nucleic_tests(person_id, tested_at, result, recorded_at) VALUES
           (1, 100, 'negative', 100), (1, 300, 'pending', 300), (3, 200, 'negative', 200);
         DELETE FROM nucleic_tests WHERE tested_at = 300;
         INSERT INTO health_reports(person_id, day, fit, unwell, reported_at) VALUES
           (1, 18000, 1, 0, 10), (3, 18001, 1, 0, 10), (3, 18002, 0, 1, 10);
         UPDATE health_reports SET day = 17999 WHERE day = 18002;",
    )
    .unwrap();
    assert_eq!(check(&c).unwrap(), vec![], "the triggers keep every value");
    let corrupt = [
        (
            "counters.active_shifts",
            "UPDATE counters SET value = 9 WHERE name = 'active_shifts'",
        ),
        (
            "counters.open_cases",
            "UPDATE counters SET value = 0 WHERE name = 'open_cases'",
        ),
        (
            "counters.urgent_cases",
            "UPDATE counters SET value = 2 WHERE name = 'urgent_cases'",
        ),
        ("planned_quarters", "UPDATE planned_quarters SET n = 3"),
        ("breach_hours", "DELETE FROM breach_hours"),
        (
            "people.forced_until",
            "UPDATE people SET forced_until = NULL WHERE id = 3; UPDATE forced_hours SET n = 0",
        ),
        ("forced_hours", "UPDATE forced_hours SET n = 5"),
        (
            "people.duty_rank",
            "UPDATE people SET duty_rank = 4 WHERE id = 2",
        ),
        (
            "people.last_duty_end",
            "UPDATE people SET last_duty_end = 1 WHERE id = 3",
        ),
        ("comp_balance", "UPDATE comp_balance SET minutes = 60"),
        (
            "slot_counts",
            "UPDATE slot_counts SET assigned = assigned + 1 WHERE post_id = 1;
             INSERT INTO slot_counts VALUES (7200, 1, 9000, 1, 1, 0, 0)",
        ),
        (
            "people.rest_until",
            "UPDATE people SET rest_until = NULL WHERE id = 3; UPDATE people SET rest_until = 5 WHERE id = 1",
        ),
        (
            "people.last_talk_at",
            "UPDATE people SET last_talk_at = 5 WHERE id = 1",
        ),
        // From one date to another: the person stays trained, so no count moves.
        (
            "people.protected_at",
            "UPDATE people SET protected_at = 5 WHERE id = 1",
        ),
        (
            "people.counselled_at",
            "UPDATE people SET counselled_at = 5 WHERE id = 3",
        ),
        (
            "people.last_test_at",
            "UPDATE people SET last_test_at = 7 WHERE id = 1",
        ),
        (
            "people.last_report_day",
            "UPDATE people SET last_report_day = NULL WHERE id = 3",
        ),
        (
            "counters.people_active",
            "UPDATE counters SET value = 0 WHERE name = 'people_active'",
        ),
        (
            "counters.untrained",
            "UPDATE counters SET value = 9 WHERE name = 'untrained'",
        ),
        (
            "counters.volunteers",
            "UPDATE counters SET value = 9 WHERE name = 'volunteers'",
        ),
    ];
    assert_eq!(corrupt.len(), KEPT.len(), "every kept value is tried");
    for (name, sql) in corrupt {
        c.execute_batch(&format!("SAVEPOINT s; {sql}")).unwrap();
        let found: Vec<&str> = check(&c).unwrap().iter().map(|d| d.value).collect();
        assert!(!found.is_empty(), "{name}: nothing found");
        assert!(found.iter().all(|v| *v == name), "{name}: found {found:?}");
        recount_all(&c).unwrap();
        assert_eq!(check(&c).unwrap(), vec![], "{name}: the recount fixes it");
        c.execute_batch("RELEASE s").unwrap();
    }
}
