//! The one write path, driven through the library: every command's success is visible on the
//! home panels and leaves exactly one audit row; every refusal leaves the database untouched.

use frontline::demo::{self, DemoSpec};
use frontline::domain::RuleKind;
use frontline::store::commands::{Command, Ctx, Outcome, PersonRef, Refusal};
use frontline::store::queries::{AuditRow, Home, HomeQuery, Window};
use frontline::store::{Store, StoreConfig};
use rusqlite::{Connection, params};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// 2021-06-10T08:00:00+08:00.
const NOW: i64 = 1_623_283_200;
const H: i64 = 3600;

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
        demo::generate(&path, &DemoSpec { people: 300, days: 14, seed, now: NOW }, &StoreConfig::default()).unwrap();
        let store = Store::open(&path, StoreConfig::default()).unwrap();
        Db { _dir: dir, path, store }
    }

    fn run_at(&mut self, now: i64, cmd: Command) -> Result<Outcome, Refusal> {
        self.store.execute(&cmd, &Ctx { operator: "test".into(), now })
    }

    fn run(&mut self, cmd: Command) -> Result<Outcome, Refusal> {
        self.run_at(NOW, cmd)
    }

    /// Run a command that must be refused, and check it wrote nothing at all.
    fn refuse_at(&mut self, now: i64, cmd: Command) -> Refusal {
        let before = dump(&self.path);
        let r = self.run_at(now, cmd.clone()).expect_err("command should be refused");
        let after = dump(&self.path);
        assert_same(&before, &after, &format!("refused {cmd:?} ({r:?})"));
        r
    }

    fn refuse(&mut self, cmd: Command) -> Refusal {
        self.refuse_at(NOW, cmd)
    }

    fn home(&self) -> Home {
        let w = Window::all;
        let q = HomeQuery { now: NOW, on_duty: w(), overdue: w(), cases: w(), supplies: w() };
        self.store.home(&q).unwrap()
    }

    fn raw(&self) -> Connection {
        Connection::open(&self.path).unwrap()
    }

    fn ids(&self, sql: &str) -> Vec<i64> {
        let c = self.raw();
        let mut st = c.prepare(sql).unwrap();
        st.query_map(params![NOW], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    }

    fn audit_count(&self) -> i64 {
        self.raw().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap()
    }

    fn available(&self) -> Vec<i64> {
        self.ids(&format!("{AVAILABLE} ORDER BY pe.id"))
    }

    /// An available person whose next shift is planned and starts more than 2 hours from now:
    /// (person, shift, planned start, planned end, post).
    fn with_planned_shift(&self) -> (i64, i64, i64, i64, i64) {
        let sql = format!(
            "SELECT s.person_id, s.id, s.planned_start, s.planned_end, s.post_id FROM shifts s
             WHERE s.person_id IN ({AVAILABLE}) AND s.planned_start > ?1 + 7200 AND s.id = (SELECT t.id FROM shifts t
               WHERE t.person_id = s.person_id AND t.status = 'planned' AND t.planned_end > ?1 ORDER BY t.planned_start LIMIT 1)
             ORDER BY s.person_id LIMIT 1"
        );
        let row = |r: &rusqlite::Row| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
        self.raw().query_row(&sql, [NOW], row).expect("demo data has an available person with a planned shift")
    }

    fn other_post(&self, not: i64) -> (i64, String) {
        self.raw()
            .query_row("SELECT id, name FROM posts WHERE id <> ?1 ORDER BY id LIMIT 1", [not], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
    }

    /// The one audit row the last command appended.
    fn one_new_audit_row(&self, count_before: i64, action: &str, person: i64) -> AuditRow {
        assert_eq!(self.audit_count(), count_before + 1, "exactly one audit row per command");
        let row = self.store.audit(5).unwrap().remove(0);
        assert_eq!(row.action, action);
        assert_eq!(row.operator, "test");
        assert_eq!(row.at, NOW);
        assert_eq!(row.target, format!("person:{person}"));
        assert_eq!(row.details["person_id"], person, "audit detail names the person: {}", row.details);
        row
    }
}

/// Someone free at NOW (?1): not on duty, not resting lately, on the 8-hour pattern (so no rule
/// stands in the way) and off duty for at least 12 hours.
const AVAILABLE: &str = "SELECT pe.id FROM people pe
    WHERE NOT EXISTS (SELECT 1 FROM shifts s WHERE s.person_id = pe.id AND s.status = 'active')
      AND NOT EXISTS (SELECT 1 FROM rest_periods r WHERE r.person_id = pe.id AND r.end_at > ?1 - 86400)
      AND NOT EXISTS (SELECT 1 FROM shifts s WHERE s.person_id = pe.id AND s.planned_end - s.planned_start <> 28800)
      AND coalesce((SELECT max(actual_end) FROM shifts s WHERE s.person_id = pe.id AND s.status = 'done'), 0) <= ?1 - 12 * 3600";

/// Every table's rows (and the schema and version), via a connection of its own.
fn dump(path: &Path) -> String {
    let c = Connection::open(path).unwrap();
    let mut out = String::new();
    let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    out += &format!("user_version {v}\n");
    let tables: Vec<(String, Option<String>)> = c
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for (t, sql) in tables {
        out += &format!("== {t}: {}\n", sql.unwrap_or_default());
        let n = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap().column_count();
        // Ordering by every column is the primary-key order for rowid and WITHOUT ROWID tables alike.
        let order: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
        let mut st = c.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY {}", order.join(", "))).unwrap();
        let mut rows = st.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let vals: Vec<String> = (0..n).map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).unwrap())).collect();
            out += &vals.join("|");
            out.push('\n');
        }
    }
    out
}

fn assert_same(before: &str, after: &str, what: &str) {
    if before != after {
        let diff = before.lines().zip(after.lines()).find(|(a, b)| a != b);
        panic!("{what} changed the database; first difference: {diff:?} (lines {} -> {})", before.lines().count(), after.lines().count());
    }
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

fn force(person: i64, hours: Option<f64>) -> Command {
    Command::ForceRest { person: pr(person), hours, reason: "连续值守超时".into() }
}

fn check_in(person: i64, post: i64, why: Option<&str>) -> Command {
    Command::CheckIn { person: pr(person), post, override_reason: why.map(str::to_string) }
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
    assert!(matches!(&o, Outcome::CheckedIn { post: name, overridden: false, .. } if *name == post_name), "{o:?}");
    let h = db.home();
    let row = h.on_duty.rows.iter().find(|r| r.id == p).expect("checked-in person is on duty");
    assert_eq!((row.post_id, row.since), (post, NOW));
    assert!(!overdue(&h, p));
    let a = db.one_new_audit_row(n, "check_in", p);
    assert_eq!(a.details["post_id"], post);
}

#[test]
fn check_out_takes_the_person_off_duty_and_audits_it() {
    let mut db = Db::new();
    let h = db.home();
    let row = h.overdue.rows.first().expect("someone is overdue");
    let (p, since) = (row.id, row.since);
    assert!(on_duty(&h, p));
    let n = db.audit_count();
    let o = db.run(Command::CheckOut { person: pr(p) }).unwrap();
    assert!(matches!(o, Outcome::CheckedOut { minutes, .. } if minutes == (NOW - since) / 60), "{o:?}");
    let after = db.home();
    assert!(!on_duty(&after, p) && !overdue(&after, p));
    assert_eq!(after.counts.on_duty, h.counts.on_duty - 1);
    assert_eq!(after.counts.overdue, h.counts.overdue - 1);
    db.one_new_audit_row(n, "check_out", p);
}

#[test]
fn check_in_by_staff_code_works_like_by_id() {
    let mut db = Db::new();
    let p = db.available()[0];
    db.run(Command::CheckIn { person: PersonRef(format!(" FL{p:06} ")), post: 1, override_reason: None }).unwrap();
    assert!(on_duty(&db.home(), p));
}

#[test]
fn reassign_moves_an_active_shift_to_another_post() {
    let mut db = Db::new();
    let row = db.home().on_duty.rows[0].clone();
    let (post, post_name) = db.other_post(row.post_id);
    let n = db.audit_count();
    let o = db
        .run(Command::Reassign { person: pr(row.id), post, start: None, end: Some(NOW + 3 * H), override_reason: None })
        .unwrap();
    assert_eq!(o, Outcome::Reassigned { name: row.name.clone(), post: post_name.clone(), start: row.since, end: NOW + 3 * H, active: true });
    let moved = db.home().on_duty.rows.into_iter().find(|r| r.id == row.id).expect("still on duty");
    assert_eq!((moved.post_id, moved.post, moved.since), (post, post_name, row.since));
    let a = db.one_new_audit_row(n, "reassign", row.id);
    assert_eq!((a.details["post_id"].as_i64(), a.details["end"].as_i64()), (Some(post), Some(NOW + 3 * H)));
}

#[test]
fn reassign_moves_a_planned_shift_to_another_post_and_time() {
    let mut db = Db::new();
    let (p, shift, s, e, old_post) = db.with_planned_shift();
    let (post, _) = db.other_post(old_post);
    let n = db.audit_count();
    let o = db
        .run(Command::Reassign { person: pr(p), post, start: Some(s + H), end: Some(e + H), override_reason: None })
        .unwrap();
    assert!(matches!(o, Outcome::Reassigned { start, end, active: false, .. } if start == s + H && end == e + H), "{o:?}");
    let stored: (i64, i64, i64, String) = db
        .raw()
        .query_row("SELECT post_id, planned_start, planned_end, status FROM shifts WHERE id = ?1", [shift], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    assert_eq!(stored, (post, s + H, e + H, "planned".to_string()));
    assert!(!on_duty(&db.home(), p), "a planned shift does not put anyone on duty");
    let a = db.one_new_audit_row(n, "reassign", p);
    assert_eq!((a.details["from_post_id"].as_i64(), a.details["from_start"].as_i64()), (Some(old_post), Some(s)));
}

#[test]
fn force_rest_removes_an_overdue_person_from_duty_and_overdue() {
    let mut db = Db::new();
    let h = db.home();
    let p = h.overdue.rows[0].id;
    let n = db.audit_count();
    let o = db.run(force(p, None)).unwrap();
    assert!(matches!(o, Outcome::ForcedRest { until, ended_shift: true, .. } if until == NOW + 24 * H), "{o:?}");
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
    let (p, shift, ..) = db.with_planned_shift();
    db.run(force(p, Some(48.0))).unwrap();
    let status: String = db.raw().query_row("SELECT status FROM shifts WHERE id = ?1", [shift], |r| r.get(0)).unwrap();
    assert_eq!(status, "cancelled");
}

#[test]
fn end_rest_makes_the_person_available_again() {
    let mut db = Db::new();
    let p = db.available()[0];
    let baseline = db.home().counts.forced_rest;
    db.run_at(NOW - H, force(p, None)).unwrap();
    assert_eq!(db.home().counts.forced_rest, baseline + 1);
    let n = db.audit_count();
    let o = db.run(Command::EndRest { person: pr(p) }).unwrap();
    assert!(matches!(o, Outcome::RestEnded { .. }));
    assert_eq!(db.home().counts.forced_rest, baseline);
    let a = db.one_new_audit_row(n, "end_rest", p);
    assert_eq!(a.details["kind"], "forced");
    db.run(check_in(p, 1, None)).expect("available again after the rest ended");
}

#[test]
#[ignore = "bug: a rest ended in the second it began still covers that second (end_at = start_at + 1)"]
fn end_rest_in_the_same_second_frees_the_person() {
    let mut db = Db::new();
    let p = db.available()[0];
    let baseline = db.home().counts.forced_rest;
    db.run(force(p, None)).unwrap();
    db.run(Command::EndRest { person: pr(p) }).unwrap();
    assert_eq!(db.home().counts.forced_rest, baseline, "rest ended, nobody resting");
    db.run(check_in(p, 1, None)).expect("check-in right after end-rest");
}

// ---------------------------------------------------------------- override

#[test]
fn override_checks_in_during_forced_rest_ends_the_rest_and_logs_the_reason() {
    let mut db = Db::new();
    let p = db.available()[0];
    let baseline = db.home().counts.forced_rest;
    db.run_at(NOW - 2 * H, force(p, None)).unwrap();
    let n = db.audit_count();
    let o = db.run(check_in(p, 1, Some("  only medic on site  "))).unwrap();
    assert!(matches!(o, Outcome::CheckedIn { overridden: true, .. }), "{o:?}");
    let h = db.home();
    assert!(on_duty(&h, p));
    assert_eq!(h.counts.forced_rest, baseline, "the forced rest ended");
    let end: i64 = db
        .raw()
        .query_row("SELECT end_at FROM rest_periods WHERE person_id = ?1 AND kind = 'forced'", [p], |r| r.get(0))
        .unwrap();
    assert_eq!(end, NOW);
    let a = db.one_new_audit_row(n, "check_in", p);
    assert_eq!(a.details["override"], "only medic on site");
    assert_eq!(a.details["overridden"][0]["forced_rest_until"], NOW - 2 * H + 24 * H);
    assert!(matches!(db.refuse(Command::EndRest { person: pr(p) }), Refusal::NotResting(_)));
}

#[test]
fn override_of_a_rest_rule_is_recorded_in_the_audit_log() {
    let mut db = Db::new();
    let p = db.home().on_duty.rows[0].id;
    db.run(Command::CheckOut { person: pr(p) }).unwrap();
    let n = db.audit_count();
    db.run(check_in(p, 1, Some("flood at the checkpoint"))).unwrap();
    let a = db.one_new_audit_row(n, "check_in", p);
    assert_eq!(a.details["override"], "flood at the checkpoint");
    let rules: Vec<&str> = a.details["overridden"].as_array().unwrap().iter().filter_map(|b| b["rule"].as_str()).collect();
    assert!(rules.contains(&"rest_between"), "{}", a.details);
}

#[test]
#[ignore = "bug: overriding a forced rest in the second it began leaves it covering that second"]
fn override_in_the_same_second_as_force_rest_leaves_nobody_resting() {
    let mut db = Db::new();
    let p = db.available()[0];
    let baseline = db.home().counts.forced_rest;
    db.run(force(p, None)).unwrap();
    db.run(check_in(p, 1, Some("needed"))).unwrap();
    assert_eq!(db.home().counts.forced_rest, baseline, "on duty and resting at once");
}

// ---------------------------------------------------------------- refusals

#[test]
fn unknown_person_is_refused_without_writing() {
    let mut db = Db::new();
    assert_eq!(db.refuse(check_in_ref("nobody", 1)), Refusal::UnknownPerson("nobody".into()));
    assert_eq!(db.refuse(Command::CheckOut { person: PersonRef("999999".into()) }), Refusal::UnknownPerson("999999".into()));
    assert!(matches!(db.refuse(force_ref("FL999999")), Refusal::UnknownPerson(_)));
}

fn check_in_ref(who: &str, post: i64) -> Command {
    Command::CheckIn { person: PersonRef(who.into()), post, override_reason: None }
}

fn force_ref(who: &str) -> Command {
    Command::ForceRest { person: PersonRef(who.into()), hours: None, reason: "x".into() }
}

#[test]
fn unknown_post_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.available()[0];
    assert_eq!(db.refuse(check_in(p, 99_999, None)), Refusal::UnknownPost(99_999));
    let q = db.home().on_duty.rows[0].id;
    let r = db.refuse(Command::Reassign { person: pr(q), post: -1, start: None, end: None, override_reason: None });
    assert_eq!(r, Refusal::UnknownPost(-1));
}

#[test]
fn retired_person_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.available()[0];
    db.raw().execute("UPDATE people SET retired_at = ?2 WHERE id = ?1", params![p, NOW - 86_400]).unwrap();
    assert!(matches!(db.refuse(check_in(p, 1, None)), Refusal::Retired(_)));
}

#[test]
fn check_in_while_on_duty_is_refused_without_writing() {
    let mut db = Db::new();
    let row = db.home().on_duty.rows[0].clone();
    let r = db.refuse(check_in(row.id, 1, Some("even with a reason")));
    assert_eq!(r, Refusal::AlreadyOnDuty { name: row.name, post: row.post });
}

#[test]
fn check_out_when_not_on_duty_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.available()[0];
    assert!(matches!(db.refuse(Command::CheckOut { person: pr(p) }), Refusal::NotOnDuty(_)));
}

#[test]
fn check_in_during_forced_rest_is_refused_without_override() {
    let mut db = Db::new();
    let p = db.available()[0];
    db.run_at(NOW - H, force(p, None)).unwrap();
    let r = db.refuse(check_in(p, 1, None));
    assert!(matches!(r, Refusal::InForcedRest { until, .. } if until == NOW - H + 24 * H), "{r:?}");
    // A blank reason is no reason.
    assert!(matches!(db.refuse(check_in(p, 1, Some("   "))), Refusal::InForcedRest { .. }));
}

#[test]
fn reassign_into_forced_rest_is_refused_without_override() {
    let mut db = Db::new();
    let (p, _, s, e, post) = db.with_planned_shift();
    // A rest that begins after the shift was planned, then the shift is moved into it.
    db.run_at(NOW - H, force(p, Some(1.5))).unwrap();
    let r = db.refuse(Command::Reassign { person: pr(p), post, start: Some(NOW - 30 * 60), end: Some(NOW + 7 * H), override_reason: None });
    assert!(matches!(r, Refusal::InForcedRest { .. }), "{r:?} (shift was {s}..{e})");
}

#[test]
fn check_in_that_breaks_the_rest_between_shifts_is_refused_without_override() {
    let mut db = Db::new();
    let p = db.home().overdue.rows[0].id;
    db.run(Command::CheckOut { person: pr(p) }).unwrap();
    let r = db.refuse(check_in(p, 1, None));
    match r {
        Refusal::BreaksRules { breaches, .. } => {
            assert!(breaches.iter().any(|b| b.rule == RuleKind::RestBetween && b.over_by_minutes == 11 * 60), "{breaches:?}")
        }
        other => panic!("expected BreaksRules, got {other:?}"),
    }
}

#[test]
fn force_rest_without_a_reason_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.home().on_duty.rows[0].id;
    for reason in ["", "   ", "\t\n"] {
        let r = db.refuse(Command::ForceRest { person: pr(p), hours: None, reason: reason.into() });
        assert_eq!(r, Refusal::ReasonRequired);
    }
}

#[test]
fn force_rest_with_bad_hours_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.home().on_duty.rows[0].id;
    for h in [-3.0, 0.0, -0.0, 336.5, 1e9, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let r = db.refuse(force(p, Some(h)));
        assert!(matches!(r, Refusal::BadHours(_)), "{h} hours: {r:?}");
    }
}

#[test]
fn end_rest_when_not_resting_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.available()[0];
    assert!(matches!(db.refuse(Command::EndRest { person: pr(p) }), Refusal::NotResting(_)));
    let q = db.home().on_duty.rows[0].id;
    assert!(matches!(db.refuse(Command::EndRest { person: pr(q) }), Refusal::NotResting(_)));
}

#[test]
fn reassign_with_end_before_start_is_refused_without_writing() {
    let mut db = Db::new();
    let (p, _, s, _, post) = db.with_planned_shift();
    let r = db.refuse(Command::Reassign { person: pr(p), post, start: Some(s), end: Some(s - H), override_reason: None });
    assert_eq!(r, Refusal::TimeOrder);
    let r = db.refuse(Command::Reassign { person: pr(p), post, start: Some(s), end: Some(s), override_reason: None });
    assert_eq!(r, Refusal::TimeOrder);
    // An active shift cannot be made to end before now.
    let q = db.home().on_duty.rows[0].id;
    let r = db.refuse(Command::Reassign { person: pr(q), post, start: None, end: Some(NOW - 60), override_reason: None });
    assert_eq!(r, Refusal::TimeOrder);
}

#[test]
fn reassign_changing_the_start_of_an_active_shift_is_refused_without_writing() {
    let mut db = Db::new();
    let row = db.home().on_duty.rows[0].clone();
    let r = db.refuse(Command::Reassign { person: pr(row.id), post: row.post_id, start: Some(row.since + 60), end: None, override_reason: None });
    assert!(matches!(r, Refusal::ShiftStarted(_)), "{r:?}");
}

#[test]
fn reassign_overlapping_another_shift_is_refused_without_writing() {
    let mut db = Db::new();
    let (p, shift, _, _, post) = db.with_planned_shift();
    let (ds, de): (i64, i64) = db
        .raw()
        .query_row(
            "SELECT actual_start, actual_end FROM shifts WHERE person_id = ?1 AND status = 'done' AND id <> ?2
             ORDER BY planned_start DESC LIMIT 1",
            params![p, shift],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let r = db.refuse(Command::Reassign { person: pr(p), post, start: Some(ds + H), end: Some(de + H), override_reason: None });
    assert!(matches!(r, Refusal::Overlap { start, end, .. } if (start, end) == (ds, de)), "{r:?}");
}

#[test]
fn reassign_of_a_person_with_no_shift_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.home().on_duty.rows[0].id;
    // Two weeks of rest end the shift and cancel every planned one.
    db.run(force(p, Some(336.0))).unwrap();
    let r = db.refuse(Command::Reassign { person: pr(p), post: 1, start: None, end: None, override_reason: None });
    assert!(matches!(r, Refusal::NoShift(_)), "{r:?}");
}

#[test]
#[ignore = "bug: a reference like '21x' passes GLOB '[0-9]*' and CAST makes it person 21"]
fn person_ref_with_trailing_garbage_is_unknown_not_another_person() {
    let mut db = Db::new();
    let p = db.home().on_duty.rows[0].id;
    let typo = format!("{p}x");
    assert_eq!(db.refuse(Command::CheckOut { person: PersonRef(typo.clone()) }), Refusal::UnknownPerson(typo));
}

#[test]
#[ignore = "bug: hours > 0 that round to 0 seconds fail the rest_periods CHECK and surface as a Storage error"]
fn force_rest_shorter_than_a_second_is_bad_hours() {
    let mut db = Db::new();
    let p = db.home().on_duty.rows[0].id;
    let r = db.refuse(force(p, Some(0.0001)));
    assert!(matches!(r, Refusal::BadHours(_)), "{r:?}");
}

#[test]
#[ignore = "bug: a planned shift can be moved entirely into the past (only end > start is checked)"]
fn reassign_of_a_planned_shift_into_the_past_is_refused() {
    let mut db = Db::new();
    let (p, _, _, _, post) = db.with_planned_shift();
    let r = db.refuse(Command::Reassign { person: pr(p), post, start: Some(NOW - 10 * H), end: Some(NOW - 2 * H), override_reason: None });
    assert_eq!(r, Refusal::TimeOrder);
}

// ---------------------------------------------------------------- the file itself

#[test]
fn audit_log_is_append_only_even_for_raw_sql() {
    let mut db = Db::new();
    let p = db.available()[0];
    db.run(check_in(p, 1, None)).unwrap();
    let before = dump(&db.path);
    let c = db.raw();
    let e = c.execute("UPDATE audit_log SET operator = 'someone else'", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = c.execute("DELETE FROM audit_log", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    assert!(c.execute("DELETE FROM audit_log WHERE action = 'check_in'", []).is_err());
    assert_same(&before, &dump(&db.path), "tampering with the audit log");
}

#[test]
fn database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    drop(Store::open(&path, StoreConfig::default()).unwrap());
    Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let before = dump(&path);
    let e = Store::open(&path, StoreConfig::default()).err().expect("a newer schema is refused");
    let msg = format!("{e:#}");
    assert!(msg.contains("newer"), "{msg}");
    assert!(!msg.contains('\n'), "one line: {msg}");
    assert_same(&before, &dump(&path), "refusing a newer database");
}

#[test]
fn a_file_that_is_not_sqlite_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    let r = std::panic::catch_unwind(|| Store::open(&path, StoreConfig::default()).err().map(|e| format!("{e:#}")));
    let msg = r.expect("no panic").expect("garbage is refused");
    assert!(msg.contains("x.db"), "names the file: {msg}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage, "the file is left as it was");
}

#[cfg(unix)]
#[test]
fn a_new_database_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new").join("x.db");
    let mut store = Store::open(&path, StoreConfig::default()).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600, "database file");
    assert_eq!(mode(path.parent().unwrap()), 0o700, "its new folder");
    // A write creates the WAL, which SQLite gives the database's permissions.
    let r = store.execute(&check_in_ref("nobody", 1), &Ctx { operator: "test".into(), now: NOW });
    assert!(r.is_err());
    let wal = dir.path().join("new").join("x.db-wal");
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600, "WAL file");
    }
}

// ---------------------------------------------------------------- demo data

#[test]
fn demo_is_deterministic_for_a_seed_and_a_time() {
    let a = Db::with_seed(7);
    let b = Db::with_seed(7);
    assert_eq!(a.home(), b.home());
    assert_same(&dump(&a.path), &dump(&b.path), "a second generation with the same seed");
    let c = Db::with_seed(8);
    assert_ne!(a.home(), c.home(), "another seed gives other data");
}

#[test]
fn demo_data_shows_every_panel_with_something_to_do() {
    let db = Db::new();
    let h = db.home();
    assert!(h.on_duty.total > 0 && h.on_duty.rows.len() == h.on_duty.total);
    assert!(h.overdue.total > 0, "some people are overdue for rest");
    assert!(h.overdue.rows.iter().all(|r| !r.breaches.is_empty() && on_duty(&h, r.id)));
    assert!(h.cases.total > 0, "there are open family cases");
    assert!(h.cases.rows.iter().all(|c| c.status != "resolved"));
    assert!(h.supplies.rows.iter().any(|s| s.low), "at least one supply is low");
    assert!(h.supplies.rows.iter().any(|s| !s.low), "not everything is low");
    assert!(h.supplies.rows[0].low, "low items first");
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    assert!(h.on_duty.rows.iter().all(|r| cjk(&r.name) && cjk(&r.post)), "Chinese names and posts");
    assert_eq!(h.counts.on_duty, h.on_duty.total);
    assert_eq!(h.counts.overdue, h.overdue.total);
}
