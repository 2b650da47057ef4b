//! The one write path, driven through the library: every command's success is visible on the
//! home panels and leaves exactly one audit row; every refusal leaves the database untouched.

use frontline::demo::{self, DemoSpec};
use frontline::domain::RuleKind;
use frontline::store::commands::{Command, Ctx, Outcome, PersonRef, Refusal};
use frontline::store::queries::{AuditRow, Home, HomeQuery, Window};
use frontline::store::{Store, StoreConfig};
use rusqlite::{Connection, Params, params};
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

use crate::support::db::dump;

/// 2021-06-10T08:00:00+08:00.
const NOW: i64 = 1_623_283_200;
const H: i64 = 3600;

/// Someone free at NOW (?1): not on duty, not resting lately, on the 8-hour pattern (so no
/// rule stands in the way) and off duty for at least 12 hours.
const AVAILABLE: &str = "SELECT pe.id FROM people pe
 WHERE NOT EXISTS (SELECT 1 FROM shifts s WHERE s.person_id = pe.id AND s.status = 'active')
   AND NOT EXISTS (SELECT 1 FROM rest_periods r WHERE r.person_id = pe.id AND r.end_at > ?1 - 86400)
   AND NOT EXISTS (SELECT 1 FROM shifts s WHERE s.person_id = pe.id
                   AND s.planned_end - s.planned_start <> 28800)
   AND coalesce((SELECT max(actual_end) FROM shifts s WHERE s.person_id = pe.id
                 AND s.status = 'done'), 0) <= ?1 - 12 * 3600";

/// An available person's next shift, if planned and starting more than 2 hours from now.
const PLANNED: &str = "SELECT s.person_id, s.id, s.planned_start, s.planned_end, s.post_id
 FROM shifts s WHERE s.person_id IN (AVAILABLE) AND s.planned_start > ?1 + 7200
   AND s.id = (SELECT t.id FROM shifts t WHERE t.person_id = s.person_id AND t.status = 'planned'
               AND t.planned_end > ?1 ORDER BY t.planned_start LIMIT 1)
 ORDER BY s.person_id LIMIT 1";

struct Db {
    _dir: TempDir,
    path: PathBuf,
    store: Store,
}

impl Db {
    fn new() -> Db {
        Db::with_seed(7)
    }

    fn with_seed(seed: u64) -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        let spec = DemoSpec {
            people: 300,
            days: 14,
            seed,
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
        assert_same(
            &before,
            &dump(&self.path),
            &format!("refused {cmd:?} ({r:?})"),
        );
        r
    }

    fn home(&self) -> Home {
        let w = Window::all;
        let q = HomeQuery {
            now: NOW,
            on_duty: w(),
            overdue: w(),
            cases: w(),
            supplies: w(),
        };
        self.store.home(&q).unwrap()
    }

    fn raw(&self) -> Connection {
        Connection::open(&self.path).unwrap()
    }

    /// First column of every row.
    fn col(&self, sql: &str, p: impl Params) -> Vec<i64> {
        let c = self.raw();
        let mut st = c.prepare(sql).unwrap();
        let rows = st.query_map(p, |r| r.get(0)).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    /// Every column of the first row.
    fn row(&self, sql: &str, p: impl Params) -> Vec<i64> {
        let c = self.raw();
        let mut st = c.prepare(sql).unwrap();
        let n = st.column_count();
        st.query_row(p, |r| (0..n).map(|i| r.get(i)).collect())
            .unwrap()
    }

    fn audit_count(&self) -> i64 {
        self.row("SELECT count(*) FROM audit_log", [])[0]
    }

    fn available(&self) -> Vec<i64> {
        self.col(&format!("{AVAILABLE} ORDER BY pe.id"), [NOW])
    }

    /// (person, shift, planned start, planned end, post) of an available person's next shift.
    fn planned(&self) -> (i64, i64, i64, i64, i64) {
        let r = self.row(&PLANNED.replace("AVAILABLE", AVAILABLE), [NOW]);
        (r[0], r[1], r[2], r[3], r[4])
    }

    fn other_post(&self, not: i64) -> (i64, String) {
        let id = self.row("SELECT min(id) FROM posts WHERE id <> ?1", [not])[0];
        (id, self.store.post_name(id).unwrap().unwrap())
    }

    /// The one audit row the last command appended.
    fn one_new_audit_row(&self, count_before: i64, action: &str, person: i64) -> AuditRow {
        assert_eq!(
            self.audit_count(),
            count_before + 1,
            "one audit row per command"
        );
        let row = self.store.audit(5).unwrap().remove(0);
        assert_eq!(
            (row.action.as_str(), row.operator.as_str()),
            (action, "test")
        );
        assert_eq!(
            (row.at, row.target.clone()),
            (NOW, format!("person:{person}"))
        );
        assert_eq!(
            row.details["person_id"], person,
            "names the person: {}",
            row.details
        );
        row
    }
}

fn assert_same(before: &str, after: &str, what: &str) {
    if before != after {
        let diff = before.lines().zip(after.lines()).find(|(a, b)| a != b);
        panic!("{what} changed the database; first difference: {diff:?}");
    }
}

/// `Refusal::InForcedRest { .. }` and the like, without spelling out every field.
fn assert_variant(v: &impl Debug, variant: &str) {
    let s = format!("{v:?}");
    assert!(
        s.starts_with(&format!("{variant} ")) || s.starts_with(&format!("{variant}(")),
        "{s}"
    );
}

fn pr(id: i64) -> PersonRef {
    PersonRef(id.to_string())
}

fn on_duty(h: &Home, person: i64) -> bool {
    h.on_duty.rows.iter().any(|r| r.id == person)
}

fn overdue(h: &Home, person: i64) -> bool {
    h.overdue.rows.iter().any(|r| r.id == person)
}

fn check_in(person: i64, post: i64, why: Option<&str>) -> Command {
    Command::CheckIn {
        person: pr(person),
        post,
        override_reason: why.map(str::to_string),
    }
}

fn check_out(person: i64) -> Command {
    Command::CheckOut { person: pr(person) }
}

fn reassign(person: i64, post: i64, start: Option<i64>, end: Option<i64>) -> Command {
    Command::Reassign {
        person: pr(person),
        post,
        start,
        end,
        override_reason: None,
    }
}

fn force(person: i64, hours: Option<f64>) -> Command {
    Command::ForceRest {
        person: pr(person),
        hours,
        reason: "连续值守超时".into(),
    }
}

fn end_rest(person: i64) -> Command {
    Command::EndRest {
        person: pr(person),
        reason: Some("needed at the gate, rested enough".into()),
    }
}

// ---------------------------------------------------------------- successes

#[test]
fn check_in_puts_an_available_person_on_duty_and_audits_it() {
    let mut db = Db::new();
    let p = db.available()[0];
    let (post, post_name) = db.other_post(0);
    assert!(!on_duty(&db.home(), p));
    let n = db.audit_count();
    let o = db.run(check_in(p, post, None)).unwrap();
    assert_variant(&o, "CheckedIn");
    assert!(
        format!("{o:?}").contains(&post_name) && format!("{o:?}").contains("overridden: false")
    );
    let h = db.home();
    let row = h
        .on_duty
        .rows
        .iter()
        .find(|r| r.id == p)
        .expect("checked-in person is on duty");
    assert_eq!((row.post_id, row.since), (post, NOW));
    assert!(!overdue(&h, p));
    let a = db.one_new_audit_row(n, "check_in", p);
    assert_eq!(a.details["post_id"], post);
}

#[test]
fn check_in_by_staff_code_works_like_by_id() {
    let mut db = Db::new();
    let p = db.available()[0];
    let person = PersonRef(format!(" FL{p:06} "));
    db.run(Command::CheckIn {
        person,
        post: 1,
        override_reason: None,
    })
    .unwrap();
    assert!(on_duty(&db.home(), p));
}

#[test]
fn check_out_takes_the_person_off_duty_and_audits_it() {
    let mut db = Db::new();
    let h = db.home();
    let row = h.overdue.rows.first().expect("someone is overdue");
    assert!(on_duty(&h, row.id));
    let n = db.audit_count();
    let o = db.run(check_out(row.id)).unwrap();
    let minutes = (NOW - row.since) / 60;
    assert!(
        matches!(o, Outcome::CheckedOut { minutes: m, .. } if m == minutes),
        "{o:?}"
    );
    let after = db.home();
    assert!(!on_duty(&after, row.id) && !overdue(&after, row.id));
    assert_eq!(after.counts.on_duty, h.counts.on_duty - 1);
    assert_eq!(after.counts.overdue, h.counts.overdue - 1);
    db.one_new_audit_row(n, "check_out", row.id);
}

#[test]
fn reassign_moves_an_active_shift_to_another_post() {
    let mut db = Db::new();
    let row = db.home().on_duty.rows[0].clone();
    let (post, post_name) = db.other_post(row.post_id);
    let n = db.audit_count();
    // Longer than planned and over the rules: only with a reason (see the duty-gate tests).
    let o = db
        .run(Command::Reassign {
            person: pr(row.id),
            post,
            start: None,
            end: Some(NOW + 3 * H),
            override_reason: Some("no relief yet".into()),
        })
        .unwrap();
    let (name, start, end) = (row.name.clone(), row.since, NOW + 3 * H);
    let want = Outcome::Reassigned {
        name,
        post: post_name.clone(),
        start,
        end,
        active: true,
    };
    assert_eq!(o, want);
    let moved = db
        .home()
        .on_duty
        .rows
        .into_iter()
        .find(|r| r.id == row.id)
        .expect("on duty");
    assert_eq!(
        (moved.post_id, moved.post, moved.since),
        (post, post_name, row.since)
    );
    let a = db.one_new_audit_row(n, "reassign", row.id);
    assert_eq!(
        (a.details["post_id"].as_i64(), a.details["end"].as_i64()),
        (Some(post), Some(end))
    );
}

#[test]
fn reassign_moves_a_planned_shift_to_another_post_and_time() {
    let mut db = Db::new();
    let (p, shift, s, e, old_post) = db.planned();
    let (post, _) = db.other_post(old_post);
    let n = db.audit_count();
    let o = db.run(reassign(p, post, Some(s + H), Some(e + H))).unwrap();
    assert!(
        matches!(o, Outcome::Reassigned { active: false, .. }),
        "{o:?}"
    );
    let sql =
        "SELECT post_id, planned_start, planned_end, status = 'planned' FROM shifts WHERE id = ?1";
    assert_eq!(db.row(sql, [shift]), vec![post, s + H, e + H, 1]);
    assert!(
        !on_duty(&db.home(), p),
        "a planned shift does not put anyone on duty"
    );
    let a = db.one_new_audit_row(n, "reassign", p);
    assert_eq!(a.details["from_post_id"], old_post);
    assert_eq!(
        (
            a.details["from_start"].as_i64(),
            a.details["start"].as_i64()
        ),
        (Some(s), Some(s + H))
    );
}

#[test]
fn force_rest_removes_an_overdue_person_from_duty_and_overdue() {
    let mut db = Db::new();
    let h = db.home();
    let p = h.overdue.rows[0].id;
    let n = db.audit_count();
    let o = db.run(force(p, None)).unwrap();
    assert!(
        matches!(o, Outcome::ForcedRest { until, ended_shift: true, .. } if until == NOW + 24 * H)
    );
    let after = db.home();
    assert!(!on_duty(&after, p), "in forced rest, not on duty");
    assert!(!overdue(&after, p), "in forced rest, no longer overdue");
    assert_eq!(after.counts.forced_rest, h.counts.forced_rest + 1);
    let a = db.one_new_audit_row(n, "force_rest", p);
    assert_eq!(a.details["reason"], "连续值守超时");
    assert_eq!(a.details["until"], NOW + 24 * H);
}

#[test]
fn force_rest_cancels_planned_shifts_inside_the_rest() {
    let mut db = Db::new();
    let (p, shift, ..) = db.planned();
    db.run(force(p, Some(48.0))).unwrap();
    assert_eq!(
        db.row(
            "SELECT status = 'cancelled' FROM shifts WHERE id = ?1",
            [shift]
        ),
        [1]
    );
}

#[test]
fn end_rest_makes_the_person_available_again() {
    let mut db = Db::new();
    let p = db.available()[0];
    let baseline = db.home().counts.forced_rest;
    db.run_at(NOW - H, force(p, None)).unwrap();
    assert_eq!(db.home().counts.forced_rest, baseline + 1);
    let n = db.audit_count();
    assert_variant(&db.run(end_rest(p)).unwrap(), "RestEnded");
    assert_eq!(db.home().counts.forced_rest, baseline);
    let a = db.one_new_audit_row(n, "end_rest", p);
    assert_eq!(a.details["kind"], "forced");
    db.run(check_in(p, 1, None))
        .expect("available again after the rest ended");
}

#[test]
fn ending_a_rest_in_the_second_it_began_frees_the_person() {
    let mut db = Db::new();
    let free = db.available();
    let baseline = db.home().counts.forced_rest;
    // By end-rest: the person must be free to check in at once.
    db.run(force(free[0], None)).unwrap();
    db.run(end_rest(free[0])).unwrap();
    assert_eq!(
        db.home().counts.forced_rest,
        baseline,
        "rest ended, nobody resting"
    );
    db.run(check_in(free[0], 1, None))
        .expect("check-in right after end-rest");
    // By an override: nobody may be on duty and resting at once.
    db.run(force(free[1], None)).unwrap();
    db.run(check_in(free[1], 1, Some("needed"))).unwrap();
    assert_eq!(
        db.home().counts.forced_rest,
        baseline,
        "on duty and resting at once"
    );
}

// ---------------------------------------------------------------- override

#[test]
fn override_checks_in_during_forced_rest_ends_the_rest_and_logs_the_reason() {
    let mut db = Db::new();
    let p = db.available()[0];
    let baseline = db.home().counts.forced_rest;
    db.run_at(NOW - 2 * H, force(p, None)).unwrap();
    let n = db.audit_count();
    let o = db
        .run(check_in(p, 1, Some("  only medic on site  ")))
        .unwrap();
    assert!(
        matches!(
            o,
            Outcome::CheckedIn {
                overridden: true,
                ..
            }
        ),
        "{o:?}"
    );
    let h = db.home();
    assert!(on_duty(&h, p));
    assert_eq!(h.counts.forced_rest, baseline, "the forced rest ended");
    assert_eq!(
        db.col("SELECT end_at FROM rest_periods WHERE person_id = ?1", [p]),
        [NOW]
    );
    let a = db.one_new_audit_row(n, "check_in", p);
    assert_eq!(a.details["override"], "only medic on site");
    assert_eq!(
        a.details["overridden"][0]["forced_rest_until"],
        NOW + 22 * H
    );
    assert_variant(&db.refuse(end_rest(p)), "NotResting");
}

#[test]
fn override_of_a_rest_rule_is_recorded_in_the_audit_log() {
    let mut db = Db::new();
    let p = db.home().on_duty.rows[0].id;
    db.run(check_out(p)).unwrap();
    let n = db.audit_count();
    db.run(check_in(p, 1, Some("flood at the checkpoint")))
        .unwrap();
    let a = db.one_new_audit_row(n, "check_in", p);
    assert_eq!(a.details["override"], "flood at the checkpoint");
    let over = a.details["overridden"].as_array().unwrap();
    assert!(
        over.iter().any(|b| b["rule"] == "rest_between"),
        "{}",
        a.details
    );
}

// ---------------------------------------------------------------- refusals

#[test]
fn unknown_person_is_refused_without_writing() {
    let mut db = Db::new();
    let nobody = PersonRef("nobody".into());
    let cmd = Command::CheckIn {
        person: nobody,
        post: 1,
        override_reason: None,
    };
    assert_eq!(db.refuse(cmd), Refusal::UnknownPerson("nobody".into()));
    assert_eq!(
        db.refuse(check_out(999_999)),
        Refusal::UnknownPerson("999999".into())
    );
    assert_variant(&db.refuse(force(0, None)), "UnknownPerson");
}

#[test]
fn person_ref_with_trailing_garbage_is_unknown_not_another_person() {
    let mut db = Db::new();
    let typo = format!("{}x", db.home().on_duty.rows[0].id);
    let r = db.refuse(Command::CheckOut {
        person: PersonRef(typo.clone()),
    });
    assert_eq!(r, Refusal::UnknownPerson(typo));
}

#[test]
fn unknown_post_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.available()[0];
    assert_eq!(
        db.refuse(check_in(p, 99_999, None)),
        Refusal::UnknownPost(99_999)
    );
    let q = db.home().on_duty.rows[0].id;
    assert_eq!(
        db.refuse(reassign(q, -1, None, None)),
        Refusal::UnknownPost(-1)
    );
}

#[test]
fn retired_person_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.available()[0];
    let sql = "UPDATE people SET retired_at = ?2 WHERE id = ?1";
    db.raw().execute(sql, params![p, NOW - 86_400]).unwrap();
    assert_variant(&db.refuse(check_in(p, 1, None)), "Retired");
}

#[test]
fn check_in_while_on_duty_is_refused_without_writing() {
    let mut db = Db::new();
    let row = db.home().on_duty.rows[0].clone();
    let r = db.refuse(check_in(row.id, 1, Some("even with a reason")));
    assert_eq!(
        r,
        Refusal::AlreadyOnDuty {
            name: row.name,
            post: row.post
        }
    );
}

#[test]
fn check_out_when_not_on_duty_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.available()[0];
    assert_variant(&db.refuse(check_out(p)), "NotOnDuty");
}

#[test]
fn check_in_during_forced_rest_is_refused_without_override() {
    let mut db = Db::new();
    let p = db.available()[0];
    db.run_at(NOW - H, force(p, None)).unwrap();
    let r = db.refuse(check_in(p, 1, None));
    assert!(
        matches!(r, Refusal::InForcedRest { until, .. } if until == NOW + 23 * H),
        "{r:?}"
    );
    // A blank reason is no reason.
    assert_variant(&db.refuse(check_in(p, 1, Some("   "))), "InForcedRest");
}

#[test]
fn reassign_into_forced_rest_is_refused_without_override() {
    let mut db = Db::new();
    let (p, _, _, _, post) = db.planned();
    db.run_at(NOW - H, force(p, Some(11.0))).unwrap();
    let r = db.refuse(reassign(p, post, Some(NOW - 30 * 60), Some(NOW + 7 * H)));
    assert_variant(&r, "InForcedRest");
}

#[test]
fn check_in_that_breaks_the_rest_between_shifts_is_refused_without_override() {
    let mut db = Db::new();
    let p = db.home().overdue.rows[0].id;
    db.run(check_out(p)).unwrap();
    let Refusal::BreaksRules { breaches, .. } = db.refuse(check_in(p, 1, None)) else {
        panic!("expected BreaksRules")
    };
    let rest = breaches
        .iter()
        .find(|b| b.rule == RuleKind::RestBetween)
        .expect("rest rule");
    assert_eq!(rest.over_by_minutes, 11 * 60, "no rest at all: 11 h short");
}

#[test]
fn force_rest_without_a_reason_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.home().on_duty.rows[0].id;
    for reason in ["", "   ", "\t\n"] {
        let cmd = Command::ForceRest {
            person: pr(p),
            hours: None,
            reason: reason.into(),
        };
        assert_eq!(db.refuse(cmd), Refusal::ReasonRequired);
    }
}

#[test]
fn force_rest_with_bad_hours_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.home().on_duty.rows[0].id;
    for h in [
        -3.0,
        0.0,
        -0.0,
        336.5,
        1e9,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        assert_variant(&db.refuse(force(p, Some(h))), "BadHours");
    }
}

#[test]
fn force_rest_shorter_than_a_second_is_bad_hours() {
    let mut db = Db::new();
    let p = db.home().on_duty.rows[0].id;
    assert_variant(&db.refuse(force(p, Some(0.0001))), "BadHours");
}

#[test]
fn end_rest_when_not_resting_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.available()[0];
    assert_variant(&db.refuse(end_rest(p)), "NotResting");
    let q = db.home().on_duty.rows[0].id;
    assert_variant(&db.refuse(end_rest(q)), "NotResting");
}

#[test]
fn reassign_with_end_before_start_is_refused_without_writing() {
    let mut db = Db::new();
    let (p, _, s, _, post) = db.planned();
    assert_eq!(
        db.refuse(reassign(p, post, Some(s), Some(s - H))),
        Refusal::TimeOrder
    );
    assert_eq!(
        db.refuse(reassign(p, post, Some(s), Some(s))),
        Refusal::TimeOrder
    );
    // An active shift cannot be made to end before now.
    let q = db.home().on_duty.rows[0].id;
    assert_eq!(
        db.refuse(reassign(q, post, None, Some(NOW - 60))),
        Refusal::TimeOrder
    );
}

#[test]
fn reassign_of_a_planned_shift_into_the_past_is_refused() {
    let mut db = Db::new();
    let (p, _, _, _, post) = db.planned();
    let r = db.refuse(reassign(p, post, Some(NOW - 10 * H), Some(NOW - 2 * H)));
    assert_eq!(r, Refusal::TimeOrder);
}

#[test]
fn reassign_changing_the_start_of_an_active_shift_is_refused_without_writing() {
    let mut db = Db::new();
    let row = db.home().on_duty.rows[0].clone();
    let r = db.refuse(reassign(row.id, row.post_id, Some(row.since + 60), None));
    assert_variant(&r, "ShiftStarted");
}

#[test]
fn reassign_overlapping_another_shift_is_refused_without_writing() {
    let mut db = Db::new();
    // Someone off duty with two planned shifts ahead: moving the first onto the second overlaps.
    let who = "SELECT s.person_id, s.post_id FROM shifts s WHERE s.status = 'planned' AND s.planned_start > ?1
               AND NOT EXISTS (SELECT 1 FROM shifts a WHERE a.person_id = s.person_id AND a.status = 'active')
               GROUP BY s.person_id HAVING count(*) >= 2 ORDER BY s.person_id LIMIT 1";
    let pp = db.row(who, [NOW]);
    let (p, post) = (pp[0], pp[1]);
    let sql =
        "SELECT planned_start, planned_end FROM shifts WHERE person_id = ?1 AND status = 'planned'
               ORDER BY planned_start LIMIT 1 OFFSET 1";
    let later = db.row(sql, [p]);
    let r = db.refuse(reassign(p, post, Some(later[0] - H), Some(later[1])));
    assert!(
        matches!(r, Refusal::Overlap { start, end, .. } if [start, end] == later[..]),
        "{r:?}"
    );
}

#[test]
fn reassign_of_a_person_with_no_shift_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.home().on_duty.rows[0].id;
    // Two weeks of rest end the shift and cancel every planned one.
    db.run(force(p, Some(336.0))).unwrap();
    assert_variant(&db.refuse(reassign(p, 1, None, None)), "NoShift");
}

// ---------------------------------------------------------------- the file itself

#[test]
fn audit_log_is_append_only_even_for_raw_sql() {
    let mut db = Db::new();
    let p = db.available()[0];
    db.run(check_in(p, 1, None)).unwrap();
    let before = dump(&db.path);
    let c = db.raw();
    let e = c
        .execute("UPDATE audit_log SET operator = 'someone else'", [])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = c.execute("DELETE FROM audit_log", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    assert!(
        c.execute("DELETE FROM audit_log WHERE action = 'check_in'", [])
            .is_err()
    );
    assert_same(&before, &dump(&db.path), "tampering with the audit log");
}

#[test]
fn database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    drop(Store::open(&path, StoreConfig::default()).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = dump(&path);
    let e = Store::open(&path, StoreConfig::default())
        .err()
        .expect("newer schema refused");
    let msg = format!("{e:#}");
    assert!(
        msg.contains("newer") && !msg.contains('\n'),
        "one line naming the cause: {msg}"
    );
    assert_same(&before, &dump(&path), "refusing a newer database");
}

#[test]
fn a_file_that_is_not_sqlite_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let garbage: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &garbage).unwrap();
    let open = || {
        Store::open(&path, StoreConfig::default())
            .err()
            .map(|e| format!("{e:#}"))
    };
    let msg = std::panic::catch_unwind(open)
        .expect("no panic")
        .expect("garbage is refused");
    assert!(msg.contains("x.db"), "names the file: {msg}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        garbage,
        "the file is left as it was"
    );
}

#[cfg(unix)]
#[test]
fn a_new_database_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new").join("x.db");
    let store = Store::open(&path, StoreConfig::default()).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600, "database file");
    assert_eq!(mode(path.parent().unwrap()), 0o700, "its new folder");
    // The migrations wrote through the WAL, which SQLite gives the database's permissions.
    let wal = dir.path().join("new").join("x.db-wal");
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600, "WAL file");
    }
    drop(store);
}

// ---------------------------------------------------------------- demo data

#[test]
fn demo_is_deterministic_for_a_seed_and_a_time() {
    let a = Db::with_seed(7);
    let b = Db::with_seed(7);
    assert_eq!(a.home(), b.home());
    assert_same(
        &dump(&a.path),
        &dump(&b.path),
        "a second generation with the same seed",
    );
    let c = Db::with_seed(8);
    assert_ne!(a.home(), c.home(), "another seed gives other data");
}

#[test]
fn demo_data_shows_every_panel_with_something_to_do() {
    let db = Db::new();
    let h = db.home();
    assert!(h.on_duty.total > 0 && h.on_duty.rows.len() == h.on_duty.total);
    assert!(h.overdue.total > 0, "some people are overdue for rest");
    assert!(
        h.overdue
            .rows
            .iter()
            .all(|r| !r.breaches.is_empty() && on_duty(&h, r.id))
    );
    assert!(h.cases.total > 0, "there are open family cases");
    assert!(h.cases.rows.iter().all(|c| c.status != "resolved"));
    assert!(
        h.supplies.rows.iter().any(|s| s.low),
        "at least one supply is low"
    );
    assert!(
        h.supplies.rows.iter().any(|s| !s.low),
        "not everything is low"
    );
    assert!(h.supplies.rows[0].low, "low items first");
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    assert!(
        h.on_duty.rows.iter().all(|r| cjk(&r.name) && cjk(&r.post)),
        "Chinese names"
    );
    assert_eq!(
        (h.counts.on_duty, h.counts.overdue),
        (h.on_duty.total, h.overdue.total)
    );
}

#[test]
fn demo_refuses_to_fill_a_database_that_already_has_people() {
    let db = Db::new();
    let before = dump(&db.path);
    let spec = DemoSpec {
        people: 10,
        days: 2,
        seed: 1,
        now: NOW,
    };
    assert!(demo::generate(&db.path, &spec, &StoreConfig::default()).is_err());
    assert_same(&before, &dump(&db.path), "a second demo generation");
}
