//! Volunteer hours (志愿时, care and encouragement) against hand-computed shifts: a tiny database built by
//! commands with known check-in and check-out times.

use frontline::domain::time::local_day;
use frontline::import::RosterRow;
use frontline::report::{hours_by_day, hours_totals};
use frontline::store::commands::{Command, Ctx, PersonRef};
use frontline::store::{Store, StoreConfig};

/// 2021-06-10 00:00 +08:00.
const D10: i64 = 1_623_254_400;
const H: i64 = 3600;

fn row(code: &str, cat: frontline::domain::Category) -> RosterRow {
    RosterRow {
        line: 2,
        staff_code: code.into(),
        name: format!("name {code}"),
        category: cat,
        source_unit: None,
        community: None,
        party_status: None,
        phone: None,
    }
}

fn at(store: &mut Store, now: i64, cmd: Command) {
    store
        .execute(
            &cmd,
            &Ctx {
                operator: "test".into(),
                now,
            },
        )
        .unwrap_or_else(|r| panic!("{cmd:?} refused: {r:?}"));
}

fn check_in(store: &mut Store, now: i64, who: &str, post: i64) {
    let cmd = Command::CheckIn {
        person: PersonRef(who.into()),
        post,
        override_reason: None,
    };
    at(store, now, cmd);
}

fn check_out(store: &mut Store, now: i64, who: &str) {
    let cmd = Command::CheckOut {
        person: PersonRef(who.into()),
    };
    at(store, now, cmd);
}

/// V1: sampling site 06-09 20:00 → 06-10 06:30, command post 06-10 18:00 → 21:15.
/// V2: sampling site from 06-10 09:00, still on duty. M1 (medical): 06-10 08:00 → 16:00.
fn tiny() -> (tempfile::TempDir, Store) {
    use frontline::domain::Category::*;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.db");
    // The file's own store (SQLite) first: the rows below go into the file, which
    // `support::db::open` then opens (on PostgreSQL, copies into the server database).
    drop(Store::open(&path, StoreConfig::default()).unwrap());
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "INSERT INTO streets(id, name) VALUES (1, '多宝街');
             INSERT INTO communities(id, street_id, name) VALUES (1, 1, '多宝东社区');
             INSERT INTO posts(id, community_id, name, kind, required_per_shift)
               VALUES (1, 1, '多宝东社区核酸采样点', 'sampling', 2),
                      (2, 1, '指挥部', 'command', 1);",
        )
        .unwrap();
    }
    let mut store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    at(
        &mut store,
        D10 - 24 * H,
        Command::ImportRoster {
            rows: vec![
                row("V1", Volunteer),
                row("V2", Volunteer),
                row("M1", Medical),
            ],
            skipped: 0,
        },
    );
    check_in(&mut store, D10 - 4 * H, "V1", 1);
    check_out(&mut store, D10 + 6 * H + 1800, "V1");
    check_in(&mut store, D10 + 8 * H, "M1", 1);
    check_in(&mut store, D10 + 9 * H, "V2", 1);
    check_out(&mut store, D10 + 16 * H, "M1");
    check_in(&mut store, D10 + 18 * H, "V1", 2);
    check_out(&mut store, D10 + 21 * H + 900, "V1");
    (dir, store)
}

fn day(ts: i64) -> i64 {
    local_day(ts, chrono_tz::Asia::Shanghai)
}

#[test]
fn hours_per_volunteer_and_day_are_the_actual_shifts_cut_at_midnight() {
    let (_d, store) = tiny();
    let asof = D10 + 22 * H;
    let days = hours_by_day(&store, day(D10) - 1, day(D10), asof, false).unwrap();
    let got: Vec<(&str, &str, f64, f64, f64)> = days
        .iter()
        .map(|d| {
            (
                d.staff_code.as_str(),
                d.date.as_str(),
                d.on_post_hours,
                d.other_hours,
                d.hours,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            // 20:00 → midnight at the sampling site.
            ("V1", "2021-06-09", 4.0, 0.0, 4.0),
            // midnight → 06:30 on post, 18:00 → 21:15 at the command post.
            ("V1", "2021-06-10", 6.5, 3.25, 9.75),
            // 09:00 → 22:00 (still on duty: counted up to the report time).
            ("V2", "2021-06-10", 13.0, 0.0, 13.0),
        ],
        "the medical worker M1 is not a volunteer"
    );
    let totals = hours_totals(&days);
    assert_eq!(totals[0].staff_code, "V1");
    assert_eq!(
        (
            totals[0].on_post_hours,
            totals[0].other_hours,
            totals[0].total_hours,
            totals[0].days
        ),
        (10.5, 3.25, 13.75, 2)
    );
}

#[test]
fn a_period_counts_only_its_own_days_and_everyone_includes_staff() {
    let (_d, store) = tiny();
    let asof = D10 + 22 * H;
    let days = hours_by_day(&store, day(D10), day(D10), asof, true).unwrap();
    let v1: Vec<_> = days.iter().filter(|d| d.staff_code == "V1").collect();
    assert_eq!(v1.len(), 1, "06-09's four hours are outside the period");
    let m1 = days.iter().find(|d| d.staff_code == "M1").unwrap();
    assert_eq!((m1.on_post_hours, m1.hours), (8.0, 8.0));
    // Earlier report time: V2 has worked 09:00 → 12:30 so far; V1's evening not yet.
    let days = hours_by_day(&store, day(D10), day(D10), D10 + 12 * H + 1800, false).unwrap();
    let v2 = days.iter().find(|d| d.staff_code == "V2").unwrap();
    assert_eq!(v2.hours, 3.5);
    let v1 = days.iter().find(|d| d.staff_code == "V1").unwrap();
    assert_eq!((v1.on_post_hours, v1.other_hours), (6.5, 0.0));
}

#[test]
fn the_cli_exports_staff_code_name_date_hours_for_a_volunteer_time_system() {
    let (dir, store) = tiny();
    // The file, or the server database's address.
    let db = store.source().to_path_buf();
    drop(store);
    let out = dir.path().join("hours.csv");
    let run = |args: &[&str]| {
        let o = assert_cmd::Command::cargo_bin("frontline")
            .unwrap()
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("FRONTLINE_NOW", "2021-06-10T22:00:00+08:00")
            .env("LANG", "C")
            .env("HOME", dir.path())
            .env_remove("LC_ALL")
            .env_remove("FRONTLINE_TZ")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    run(&[
        "hours",
        "--from",
        "2021-06-09",
        "--to",
        "2021-06-10",
        "--export",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "staff_code,name,date,hours\n\
         V1,name V1,2021-06-09,4.00\n\
         V1,name V1,2021-06-10,9.75\n\
         V2,name V2,2021-06-10,13.00\n"
    );
    let v: serde_json::Value = serde_json::from_str(&run(&[
        "hours", "--from", "06-09", "--to", "06-10", "--json",
    ]))
    .unwrap();
    assert_eq!(v["people"][0]["staff_code"], "V1");
    assert_eq!(v["people"][0]["on_post_hours"], 10.5);
    assert_eq!(v["people"][0]["other_hours"], 3.25);
    assert_eq!(v["people"][1]["total_hours"], 13.0);
    let text = run(&["hours", "--from", "06-09", "--to", "06-10"]);
    assert!(text.contains("V1\tname V1\t10.5\t3.25\t13.75\n"), "{text}");
    assert!(text.contains("V2\tname V2\t13.0\t0.0\t13.0\n"), "{text}");
}
