//! Health, family support and care through the one write path: what a dispatcher sees after
//! each command (health screen rows, header counts, case order, care flags), the audit row
//! that says a record changed without its contents, and refusals that write nothing.

use frontline::demo::{self, DemoSpec};
use frontline::domain::rules::RestRules;
use frontline::domain::{CaseCategory, Organisation, TestResult, TrainingKind};
use frontline::store::care_queries::CareView;
use frontline::store::commands::{
    CareCommand, CareOutcome, CareRefusal, Command, Ctx, Outcome, PersonRef, Refusal,
};
use frontline::store::health_queries::{HealthPage, HealthQuery, HealthView};
use frontline::store::queries::{AuditRow, Home, HomeQuery, Window};
use frontline::store::{Store, StoreConfig};
use rusqlite::{Connection, Params};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// 2021-06-10T08:00:00+08:00.
const NOW: i64 = 1_623_283_200;
const H: i64 = 3600;
const D: i64 = 86_400;
/// 10:00 local on the day of NOW: the health report deadline.
const DEADLINE: i64 = NOW + 2 * H;

struct Db {
    _dir: TempDir,
    path: PathBuf,
    store: Store,
}

impl Db {
    fn new() -> Db {
        Db::with(StoreConfig::default())
    }

    fn with(cfg: StoreConfig) -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        let spec = DemoSpec {
            people: 300,
            days: 14,
            seed: 7,
            now: NOW,
        };
        demo::generate(&path, &spec, &cfg).unwrap();
        let store = Store::open(&path, cfg).unwrap();
        Db {
            _dir: dir,
            path,
            store,
        }
    }

    fn run_at(&mut self, now: i64, c: CareCommand) -> Result<Outcome, Refusal> {
        let ctx = Ctx {
            operator: "test".into(),
            now,
        };
        self.store.execute(&Command::Care(c), &ctx)
    }

    fn run(&mut self, c: CareCommand) -> Result<Outcome, Refusal> {
        self.run_at(NOW, c)
    }

    fn ok(&mut self, c: CareCommand) -> CareOutcome {
        match self.run(c.clone()) {
            Ok(Outcome::Care(o)) => o,
            other => panic!("{c:?} gave {other:?}"),
        }
    }

    /// A command that must be refused, writing nothing at all.
    fn refuse_at(&mut self, now: i64, c: CareCommand) -> CareRefusal {
        let before = dump(&self.path);
        let r = self
            .run_at(now, c.clone())
            .expect_err("command should be refused");
        assert_eq!(before, dump(&self.path), "refused {c:?} ({r:?}) wrote");
        match r {
            Refusal::Care(c) => c,
            other => panic!("{other:?}"),
        }
    }

    fn refuse(&mut self, c: CareCommand) -> CareRefusal {
        self.refuse_at(NOW, c)
    }

    fn home_at(&self, now: i64) -> Home {
        let w = Window::all;
        self.store
            .home(&HomeQuery {
                now,
                on_duty: w(),
                overdue: w(),
                cases: w(),
                supplies: w(),
            })
            .unwrap()
    }

    fn home(&self) -> Home {
        self.home_at(NOW)
    }

    /// The health screen at `now`, narrowed to one person.
    fn health_of(&self, now: i64, person: i64) -> HealthPage {
        let q = HealthQuery {
            now,
            day: (NOW + 8 * H) / D,
            community: None,
            view: HealthView::All,
        };
        let w = Window {
            filter: format!("FL{person:06}"),
            ..Window::default()
        };
        let p = self.store.health_page(&q, &w).unwrap();
        assert_eq!(p.rows.rows.len(), 1, "one row for FL{person:06}");
        p
    }

    fn col(&self, sql: &str, p: impl Params) -> Vec<i64> {
        let c = Connection::open(&self.path).unwrap();
        let mut st = c.prepare(sql).unwrap();
        st.query_map(p, |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    fn one(&self, sql: &str, p: impl Params) -> i64 {
        self.col(sql, p)[0]
    }

    /// Someone without a health report today.
    fn unreported(&self) -> i64 {
        self.one(
            "SELECT id FROM people pe WHERE NOT EXISTS (SELECT 1 FROM health_reports h
             WHERE h.person_id = pe.id AND h.day = ?1) ORDER BY id LIMIT 1",
            [(NOW + 8 * H) / D],
        )
    }

    fn of_category(&self, cat: &str) -> i64 {
        self.one(
            "SELECT id FROM people WHERE category = ?1 ORDER BY id LIMIT 1",
            [cat],
        )
    }

    fn last_audit(&self) -> AuditRow {
        self.store.audit(1).unwrap().remove(0)
    }

    fn audit_count(&self) -> i64 {
        self.one("SELECT count(*) FROM audit_log", [])
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
        let mut st = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        let mut lines = Vec::new();
        while let Some(row) = rows.next().unwrap() {
            let mut l = String::new();
            for i in 0..n {
                l += &format!("{:?}|", row.get::<_, rusqlite::types::Value>(i).unwrap());
            }
            lines.push(l);
        }
        lines.sort();
        out += &lines.join("\n");
    }
    out
}

fn pr(id: i64) -> PersonRef {
    PersonRef(id.to_string())
}

fn report(person: i64, temp: Option<f64>, fit: bool, symptoms: &str) -> CareCommand {
    CareCommand::RecordHealth {
        person: pr(person),
        day: None,
        temperature: temp,
        symptoms: symptoms.into(),
        fit,
        note: "私密备注".into(),
        via_phone: false,
    }
}

fn test(person: i64, at: Option<i64>, result: TestResult) -> CareCommand {
    CareCommand::RecordTest {
        person: pr(person),
        tested_at: at,
        result,
        site: "多宝核酸采样点".into(),
    }
}

fn open_case(person: i64, urgency: i64) -> CareCommand {
    CareCommand::OpenCase {
        person: pr(person),
        category: CaseCategory::Eldercare,
        urgency,
        summary: "父母年迈独居".into(),
    }
}

/// The audit row names the record, never its health or family contents.
fn assert_private(a: &AuditRow) {
    let d = a.details.to_string();
    for secret in [
        "私密", "咳嗽", "37.", "38.", "positive", "父母", "孩子", "fever",
    ] {
        assert!(!d.contains(secret), "audit details leak {secret}: {d}");
    }
}

// ---------------------------------------------------------------- daily health report

#[test]
fn a_health_report_shows_on_the_health_screen_and_the_audit_row_names_only_ids() {
    let mut db = Db::new();
    let p = db.unreported();
    let before = db.health_of(NOW, p);
    assert!(before.rows.rows[0].report.is_none());
    let n = db.audit_count();
    let o = db.ok(report(p, Some(36.6), true, ""));
    assert!(
        matches!(
            o,
            CareOutcome::HealthRecorded {
                unwell: false,
                replaced: false,
                ..
            }
        ),
        "{o:?}"
    );
    let after = db.health_of(NOW, p);
    let row = &after.rows.rows[0];
    let r = row.report.as_ref().expect("the report is on the screen");
    assert_eq!((r.temp_dc, r.fit, r.unwell), (Some(366), true, false));
    assert_eq!(row.state.as_str(), "reported");
    assert_eq!(after.summary.reported, before.summary.reported + 1);
    assert_eq!(db.audit_count(), n + 1);
    let a = db.last_audit();
    assert_eq!(
        (a.action.as_str(), a.target.clone()),
        ("health_report", format!("person:{p}"))
    );
    let mut keys: Vec<&String> = a.details.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["person_id", "report_id"]);
    assert_private(&a);
}

#[test]
fn a_second_report_the_same_day_corrects_the_first_and_keeps_its_time() {
    let mut db = Db::new();
    let p = db.unreported();
    db.run_at(DEADLINE - 60, report(p, Some(36.5), true, ""))
        .unwrap();
    let o = db
        .run_at(DEADLINE + H, report(p, Some(38.2), true, "咳嗽"))
        .unwrap();
    assert!(
        matches!(
            o,
            Outcome::Care(CareOutcome::HealthRecorded {
                replaced: true,
                unwell: true,
                ..
            })
        ),
        "{o:?}"
    );
    let row = db.health_of(DEADLINE + H, p).rows.rows[0].clone();
    let r = row.report.unwrap();
    assert_eq!(
        (r.temp_dc, r.symptoms.as_str(), r.reported_at),
        (Some(382), "咳嗽", DEADLINE - 60)
    );
    assert_eq!(
        row.state.as_str(),
        "reported",
        "the correction did not make it late"
    );
    assert_eq!(
        db.one(
            "SELECT count(*) FROM health_reports WHERE person_id = ?1",
            [p]
        ),
        db.one(
            "SELECT count(DISTINCT day) FROM health_reports WHERE person_id = ?1",
            [p]
        )
    );
    assert_private(&db.last_audit());
}

#[test]
fn temperatures_from_34_to_43_are_accepted_outside_refused_without_writing() {
    let mut db = Db::new();
    let p = db.unreported();
    for t in [33.9, 43.1, 20.0, f64::NAN] {
        let r = db.refuse(report(p, Some(t), true, ""));
        assert!(matches!(r, CareRefusal::BadTemperature(_)), "{r:?}");
    }
    db.ok(report(p, Some(34.0), true, ""));
    db.ok(report(p, Some(43.0), true, ""));
    db.ok(report(p, None, true, ""));
}

#[test]
fn a_report_for_tomorrow_and_a_test_sampled_in_the_future_are_refused_without_writing() {
    let mut db = Db::new();
    let p = db.unreported();
    let tomorrow = CareCommand::RecordHealth {
        person: pr(p),
        day: Some((NOW + 8 * H) / D + 1),
        temperature: Some(36.5),
        symptoms: String::new(),
        fit: true,
        note: String::new(),
        via_phone: true,
    };
    assert_eq!(db.refuse(tomorrow), CareRefusal::FutureDate);
    assert_eq!(
        db.refuse(test(p, Some(NOW + 60), TestResult::Negative)),
        CareRefusal::FutureDate
    );
    // Sampled exactly now is fine.
    db.ok(test(p, Some(NOW), TestResult::Pending));
}

#[test]
fn an_unwell_report_counts_in_the_header_and_names_the_follow_up_medic() {
    let mut db = Db::new();
    let p = db.unreported();
    let community = db.one("SELECT community_id FROM people WHERE id = ?1", [p]);
    let medic = db.one(
        "SELECT id FROM people WHERE category = 'medical' AND id NOT IN
         (SELECT person_id FROM medical_assignments WHERE community_id = ?1 AND until IS NULL) LIMIT 1",
        [community],
    );
    db.ok(CareCommand::AssignMedic {
        person: pr(medic),
        community,
        end: false,
    });
    let medic_name = db.store.medics(community).unwrap();
    let unwell = db.home().counts.unwell;
    db.ok(report(p, Some(38.4), true, ""));
    assert_eq!(db.home().counts.unwell, unwell + 1);
    let row = db.health_of(NOW, p).rows.rows[0].clone();
    assert!(row.report.as_ref().unwrap().unwell);
    let medics = row
        .medics
        .expect("the unwell person's community has follow-up");
    for m in medic_name {
        assert!(medics.contains(&m), "{medics} lacks {m}");
    }
    // The unwell view lists them.
    let q = HealthQuery {
        now: NOW,
        day: (NOW + 8 * H) / D,
        community: Some(community),
        view: HealthView::Unwell,
    };
    let page = db.store.health_page(&q, &Window::all()).unwrap();
    assert!(page.rows.rows.iter().any(|r| r.person_id == p));
    assert!(
        page.rows
            .rows
            .iter()
            .all(|r| r.report.as_ref().is_some_and(|h| h.unwell))
    );
}

#[test]
fn missing_reports_are_flagged_only_after_the_deadline() {
    let db = Db::new();
    let p = db.unreported();
    assert_eq!(db.home_at(DEADLINE).counts.no_report, 0);
    assert_eq!(db.health_of(DEADLINE, p).rows.rows[0].state.as_str(), "due");
    let people = db.one("SELECT count(*) FROM people", []) as usize;
    let reported = db.one(
        "SELECT count(*) FROM health_reports WHERE day = ?1",
        [(NOW + 8 * H) / D],
    ) as usize;
    assert_eq!(db.home_at(DEADLINE + 1).counts.no_report, people - reported);
    let page = db.health_of(DEADLINE + 1, p);
    assert_eq!(page.rows.rows[0].state.as_str(), "missing");
    assert_eq!(page.summary.due, 0);
}

#[test]
fn a_report_after_the_deadline_is_late() {
    let mut db = Db::new();
    let p = db.unreported();
    db.run_at(DEADLINE + 1, report(p, Some(36.5), true, ""))
        .unwrap();
    assert_eq!(
        db.health_of(DEADLINE + 1, p).rows.rows[0].state.as_str(),
        "late"
    );
}

#[test]
fn a_test_is_overdue_one_second_after_the_interval() {
    let mut db = Db::new();
    let p = db.unreported();
    // Later than any test the demo gave them.
    let sampled = NOW - 60;
    db.ok(test(p, Some(sampled), TestResult::Negative));
    let at = sampled + 48 * H;
    assert!(!db.health_of(at, p).rows.rows[0].test_overdue);
    assert!(db.health_of(at + 1, p).rows.rows[0].test_overdue);
}

// ---------------------------------------------------------------- tests and the positive workflow

#[test]
fn a_positive_result_takes_the_person_off_duty_raises_an_alert_and_blocks_duty() {
    let mut db = Db::new();
    let h = db.home();
    let p = h.on_duty.rows[0].id;
    let planned = db.one(
        "SELECT count(*) FROM shifts WHERE person_id = ?1 AND status = 'planned' AND planned_end > ?2",
        [p, NOW],
    );
    let n = db.audit_count();
    let o = db.ok(test(p, Some(NOW - 10 * H), TestResult::Positive));
    assert!(
        matches!(
            o,
            CareOutcome::TestRecorded {
                ended_shift: true,
                out_of_service: true,
                ..
            }
        ),
        "{o:?}"
    );
    // Off duty, in the header, out of service.
    let after = db.home();
    assert!(after.on_duty.rows.iter().all(|r| r.id != p));
    assert_eq!(after.counts.on_duty, h.counts.on_duty - 1);
    assert_eq!(after.counts.alerts, h.counts.alerts + 1);
    assert_eq!(after.counts.out_of_service, h.counts.out_of_service + 1);
    assert_eq!(
        db.one(
            "SELECT count(*) FROM shifts WHERE person_id = ?1 AND status = 'planned' AND planned_end > ?2",
            [p, NOW]
        ),
        0,
        "{planned} planned shifts cancelled"
    );
    let hit = db.store.find_people(NOW, &p.to_string(), 1).unwrap();
    assert_eq!(hit[0].status, "out_of_service");
    // One audit row, naming the test, the ended shift and the alert, not the result.
    assert_eq!(db.audit_count(), n + 1);
    let a = db.last_audit();
    assert_eq!(a.action, "test_result");
    for k in ["test_id", "ended_shift_id", "alert_id", "out_of_service_id"] {
        assert!(a.details.get(k).is_some(), "{k} missing in {}", a.details);
    }
    assert_private(&a);
    let alert = a.details["alert_id"].as_i64().unwrap();
    // The alert is on the health screen until acknowledged.
    let page = db.health_of(NOW, p);
    assert!(
        page.alerts
            .iter()
            .any(|x| x.id == alert && x.person_id == Some(p))
    );
    assert!(page.rows.rows[0].out_of_service);
    // No duty, not even with an override reason.
    for ovr in [None, Some("急需".to_string())] {
        let r = db
            .store
            .execute(
                &Command::CheckIn {
                    person: pr(p),
                    post: 1,
                    override_reason: ovr,
                },
                &Ctx {
                    operator: "test".into(),
                    now: NOW,
                },
            )
            .unwrap_err();
        assert!(
            matches!(
                r,
                Refusal::Care(CareRefusal::OutOfService { since: NOW, .. })
            ),
            "{r:?}"
        );
    }
    // Acknowledge: gone from the header, audited; a second time is refused.
    db.ok(CareCommand::AckAlert { id: Some(alert) });
    assert_eq!(db.home().counts.alerts, h.counts.alerts);
    let a = db.last_audit();
    assert_eq!(
        (a.action.as_str(), a.target.clone()),
        ("ack_alert", format!("alert:{alert}"))
    );
    assert_eq!(
        db.refuse(CareCommand::AckAlert { id: Some(alert) }),
        CareRefusal::AlertAlreadyAcknowledged(alert)
    );
    // Back in service by hand: duty is possible again.
    db.ok(CareCommand::ReturnToService { person: pr(p) });
    assert_eq!(db.home().counts.out_of_service, h.counts.out_of_service);
    assert_eq!(
        db.refuse(CareCommand::ReturnToService { person: pr(p) }),
        CareRefusal::NotOutOfService(h.on_duty.rows[0].name.clone())
    );
}

#[test]
fn a_result_without_a_time_completes_the_pending_test() {
    let mut db = Db::new();
    let p = db.unreported();
    db.ok(test(p, Some(NOW - 5 * H), TestResult::Pending));
    let tests = db.one(
        "SELECT count(*) FROM nucleic_tests WHERE person_id = ?1",
        [p],
    );
    let o = db.ok(test(p, None, TestResult::Negative));
    assert!(
        matches!(o, CareOutcome::TestRecorded { tested_at, result: TestResult::Negative, .. } if tested_at == NOW - 5 * H),
        "{o:?}"
    );
    assert_eq!(
        db.one(
            "SELECT count(*) FROM nucleic_tests WHERE person_id = ?1",
            [p]
        ),
        tests
    );
    let last = db.health_of(NOW, p).rows.rows[0].last_test.clone().unwrap();
    assert_eq!(
        (last.tested_at, last.result.as_str()),
        (NOW - 5 * H, "negative")
    );
}

#[test]
fn acknowledging_with_no_alert_left_is_refused_without_writing() {
    let mut db = Db::new();
    while db.run(CareCommand::AckAlert { id: None }).is_ok() {}
    assert_eq!(db.home().counts.alerts, 0);
    assert_eq!(
        db.refuse(CareCommand::AckAlert { id: None }),
        CareRefusal::NoAlert
    );
    assert_eq!(
        db.refuse(CareCommand::AckAlert { id: Some(999) }),
        CareRefusal::UnknownAlert(999)
    );
}

// ---------------------------------------------------------------- family-support cases

#[test]
fn a_case_goes_open_assigned_in_progress_resolved_with_an_audit_row_each() {
    let mut db = Db::new();
    let p = db.unreported();
    let CareOutcome::CaseOpened { id, .. } = db.ok(open_case(p, 3)) else {
        panic!()
    };
    let status = |db: &Db| {
        let c = Connection::open(&db.path).unwrap();
        c.query_row(
            "SELECT status || '|' || coalesce(organisation, '') || '|' || coalesce(helper, '') FROM family_cases WHERE id = ?1",
            [id],
            |r| r.get::<_, String>(0),
        )
        .unwrap()
    };
    assert_eq!(status(&db), "open||");
    assert_eq!(
        db.refuse(CareCommand::ProgressCase { case: id }),
        CareRefusal::CaseNotAssigned(id)
    );
    db.ok(CareCommand::AssignCase {
        case: id,
        organisation: Organisation::Union,
        helper: "李明".into(),
    });
    assert_eq!(status(&db), "assigned|union|李明");
    let row = db
        .home()
        .cases
        .rows
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    assert_eq!(
        (row.organisation.as_deref(), row.helper.as_deref()),
        (Some("union"), Some("李明"))
    );
    db.ok(CareCommand::ProgressCase { case: id });
    assert_eq!(status(&db), "in_progress|union|李明");
    assert_eq!(
        db.refuse(CareCommand::ResolveCase {
            case: id,
            outcome: "  ".into()
        }),
        CareRefusal::Required("outcome")
    );
    db.ok(CareCommand::ResolveCase {
        case: id,
        outcome: "已联系社区安排上门照料".into(),
    });
    assert_eq!(status(&db), "resolved|union|李明");
    assert!(
        db.home().cases.rows.iter().all(|r| r.id != id),
        "resolved cases leave the panel"
    );
    let actions: Vec<String> = db
        .store
        .audit(4)
        .unwrap()
        .iter()
        .map(|a| {
            assert_eq!(a.target, format!("case:{id}"));
            assert_private(a);
            a.action.clone()
        })
        .collect();
    assert_eq!(
        actions,
        ["case_resolve", "case_progress", "case_assign", "case_open"]
    );
    // A resolved case can be neither assigned nor resolved again.
    assert_eq!(
        db.refuse(CareCommand::AssignCase {
            case: id,
            organisation: Organisation::Party,
            helper: "王芳".into()
        }),
        CareRefusal::CaseResolved(id)
    );
    assert_eq!(
        db.refuse(CareCommand::ResolveCase {
            case: id,
            outcome: "x".into()
        }),
        CareRefusal::CaseResolved(id)
    );
}

#[test]
fn bad_case_input_is_refused_without_writing() {
    let mut db = Db::new();
    let p = db.unreported();
    assert_eq!(db.refuse(open_case(p, 4)), CareRefusal::BadUrgency(4));
    assert_eq!(db.refuse(open_case(p, 0)), CareRefusal::BadUrgency(0));
    let mut blank = open_case(p, 2);
    if let CareCommand::OpenCase { summary, .. } = &mut blank {
        summary.clear();
    }
    assert_eq!(db.refuse(blank), CareRefusal::Required("summary"));
    assert_eq!(
        db.refuse(CareCommand::AssignCase {
            case: 99_999,
            organisation: Organisation::Women,
            helper: "x".into()
        }),
        CareRefusal::UnknownCase(99_999)
    );
    let CareOutcome::CaseOpened { id, .. } = db.ok(open_case(p, 2)) else {
        panic!()
    };
    assert_eq!(
        db.refuse(CareCommand::AssignCase {
            case: id,
            organisation: Organisation::Women,
            helper: " ".into()
        }),
        CareRefusal::Required("helper")
    );
}

#[test]
fn pending_cases_are_ordered_by_urgency_then_age() {
    let mut db = Db::new();
    let p = db.unreported();
    let CareOutcome::CaseOpened { id: old_low, .. } = db.ok(open_case(p, 1)) else {
        panic!()
    };
    let Ok(Outcome::Care(CareOutcome::CaseOpened { id: new_high, .. })) =
        db.run_at(NOW + 60, open_case(p, 3))
    else {
        panic!()
    };
    let rows = db.home_at(NOW + 60).cases.rows;
    let key: Vec<(i64, i64)> = rows.iter().map(|r| (-r.urgency, r.opened_at)).collect();
    let mut sorted = key.clone();
    sorted.sort();
    assert_eq!(key, sorted, "most urgent first, then oldest");
    let pos = |id: i64| rows.iter().position(|r| r.id == id).unwrap();
    // The newest urgent case comes after older urgent ones and before every less urgent one.
    assert_eq!(
        rows[..pos(new_high)]
            .iter()
            .filter(|r| r.urgency < 3)
            .count(),
        0
    );
    assert!(pos(new_high) < pos(old_low));
    assert_eq!(
        pos(old_low),
        rows.len() - 1,
        "the newest low-urgency case is last"
    );
    // The case screen lists the same order, then resolved ones.
    let all = db.store.case_list(NOW + 60, &Window::all(), true).unwrap();
    let ids: Vec<i64> = all.rows.iter().take(rows.len()).map(|r| r.id).collect();
    assert_eq!(ids, rows.iter().map(|r| r.id).collect::<Vec<_>>());
    assert!(
        all.rows[rows.len()..]
            .iter()
            .all(|r| r.status == "resolved")
    );
}

#[test]
fn a_case_is_overdue_one_second_after_the_configured_days() {
    for days in [7u32, 3] {
        let rules = RestRules {
            case_overdue_days: days,
            ..RestRules::default()
        };
        let mut db = Db::with(StoreConfig {
            rules,
            ..StoreConfig::default()
        });
        let p = db.unreported();
        let CareOutcome::CaseOpened { id, .. } = db.ok(open_case(p, 2)) else {
            panic!()
        };
        let at = NOW + i64::from(days) * D;
        let overdue = |db: &Db, now: i64| {
            db.store
                .case_list(now, &Window::all(), false)
                .unwrap()
                .rows
                .into_iter()
                .find(|r| r.id == id)
                .unwrap()
                .overdue
        };
        assert!(!overdue(&db, at), "{days} days exactly is in time");
        assert!(overdue(&db, at + 1), "{days} days and a second is overdue");
        assert_eq!(
            db.home_at(at + 1).counts.cases_overdue,
            db.home_at(at).counts.cases_overdue + 1
        );
    }
}

#[test]
fn family_situation_is_replaced_and_shown_with_the_case() {
    let mut db = Db::new();
    let p = db.unreported();
    let CareOutcome::CaseOpened { id, .. } = db.ok(open_case(p, 2)) else {
        panic!()
    };
    for (dep, notes) in [(2, "孩子在读小学"), (3, "配偶住院")] {
        db.ok(CareCommand::SetFamily {
            person: pr(p),
            dependents: dep,
            elderly: 1,
            children: 1,
            notes: notes.into(),
        });
        let f = db.store.family_situation(p).unwrap().unwrap();
        assert_eq!((f.dependents, f.notes.as_str()), (dep, notes));
        assert_private(&db.last_audit());
    }
    let row = db
        .store
        .case_list(NOW, &Window::all(), false)
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    assert_eq!(row.family.unwrap().dependents, 3);
    assert_eq!(
        db.refuse(CareCommand::SetFamily {
            person: pr(p),
            dependents: -1,
            elderly: 0,
            children: 0,
            notes: String::new()
        }),
        CareRefusal::Negative
    );
}

// ---------------------------------------------------------------- care

#[test]
fn visits_keep_a_running_total_of_party_dues() {
    let mut db = Db::new();
    let p = db.unreported();
    let before = db.store.care_summary(NOW).unwrap();
    let o = db.ok(CareCommand::RecordVisit {
        person: pr(p),
        at: None,
        to_family: true,
        visitors: "区委组织部".into(),
        dues_fen: 50_000,
        note: "看望住院的家属".into(),
    });
    assert_eq!(
        o,
        CareOutcome::VisitRecorded {
            name: db.store.find_people(NOW, &p.to_string(), 1).unwrap()[0]
                .name
                .clone(),
            dues_fen: 50_000,
            total_fen: before.dues_spent_fen + 50_000
        }
    );
    let after = db.store.care_summary(NOW).unwrap();
    assert_eq!(after.dues_spent_fen, before.dues_spent_fen + 50_000);
    assert_eq!(after.visits, before.visits + 1);
    let v = db.store.visits(&Window::all()).unwrap().rows.remove(0);
    assert_eq!((v.person_id, v.dues_fen, v.to_family), (p, 50_000, true));
    let a = db.last_audit();
    assert_eq!(a.details["dues_fen"], 50_000);
    assert_private(&a);
    for (visitors, fen, at) in [("", 100, None), ("x", -1, None), ("x", 100, Some(NOW + 1))] {
        db.refuse(CareCommand::RecordVisit {
            person: pr(p),
            at,
            to_family: false,
            visitors: visitors.into(),
            dues_fen: fen,
            note: String::new(),
        });
    }
}

#[test]
fn talks_trainings_and_insurance_clear_their_flags() {
    let mut db = Db::new();
    let row_of = |db: &Db, p: i64| {
        let w = Window {
            filter: format!("FL{p:06}"),
            ..Window::default()
        };
        db.store
            .care_people(NOW, CareView::All, &w)
            .unwrap()
            .rows
            .remove(0)
    };
    // A volunteer on duty without insurance is flagged.
    let v = db.one(
        "SELECT pe.id FROM people pe JOIN shifts s ON s.person_id = pe.id AND s.status = 'active'
         WHERE pe.category = 'volunteer' AND NOT EXISTS (SELECT 1 FROM insurance i WHERE i.person_id = pe.id
           AND i.valid_from <= ?1 AND i.valid_until > ?1) ORDER BY pe.id LIMIT 1",
        [NOW],
    );
    let before = db.store.care_summary(NOW).unwrap();
    assert!(row_of(&db, v).uninsured_on_duty);
    db.ok(CareCommand::SetInsurance {
        person: pr(v),
        policy: "GZ-1".into(),
        from: None,
        until: NOW + 90 * D,
    });
    let r = row_of(&db, v);
    assert!(!r.uninsured_on_duty && r.insured_until == Some(NOW + 90 * D));
    assert_eq!(
        db.store.care_summary(NOW).unwrap().uninsured_on_duty,
        before.uninsured_on_duty - 1
    );
    let cadre = db.of_category("cadre");
    assert!(matches!(
        db.refuse(CareCommand::SetInsurance {
            person: pr(cadre),
            policy: String::new(),
            from: None,
            until: NOW + D
        }),
        CareRefusal::NotVolunteer(_)
    ));
    assert_eq!(
        db.refuse(CareCommand::SetInsurance {
            person: pr(v),
            policy: String::new(),
            from: Some(NOW),
            until: NOW
        }),
        CareRefusal::BadPeriod
    );
    // No talk for more than 7 days is flagged until a talk is recorded.
    let due = db.one(
        "SELECT pe.id FROM people pe WHERE NOT EXISTS (SELECT 1 FROM talks t WHERE t.person_id = pe.id
         AND t.talked_at >= ?1) ORDER BY pe.id LIMIT 1",
        [NOW - 7 * D],
    );
    assert!(row_of(&db, due).talk_due.is_some());
    db.run_at(
        NOW,
        CareCommand::RecordTalk {
            person: pr(due),
            at: Some(NOW - 7 * D),
            by: "社区党委书记".into(),
            note: "情绪稳定".into(),
        },
    )
    .unwrap();
    assert_eq!(
        row_of(&db, due).talk_due,
        None,
        "a talk exactly 7 days ago is in time"
    );
    assert_private(&db.last_audit());
    assert_eq!(
        db.refuse(CareCommand::RecordTalk {
            person: pr(due),
            at: None,
            by: " ".into(),
            note: String::new()
        }),
        CareRefusal::Required("by")
    );
    // Trainings of both kinds take a person off the untrained list.
    let untrained = db
        .store
        .care_people(NOW, CareView::Untrained, &Window::all())
        .unwrap();
    let u = untrained.rows[0].id;
    for kind in [TrainingKind::SelfProtection, TrainingKind::Psychological] {
        db.ok(CareCommand::RecordTraining {
            person: pr(u),
            kind,
            at: Some(NOW - H),
            note: String::new(),
        });
    }
    let after = db
        .store
        .care_people(NOW, CareView::Untrained, &Window::all())
        .unwrap();
    assert_eq!(after.total, untrained.total - 1);
    assert!(after.rows.iter().all(|r| r.id != u));
}

#[test]
fn medical_follow_up_is_for_medical_staff_of_a_known_community() {
    let mut db = Db::new();
    let cadre = db.of_category("cadre");
    let medic = db.of_category("medical");
    let community = db.one(
        "SELECT id FROM communities WHERE id NOT IN (SELECT community_id FROM medical_assignments
         WHERE person_id = ?1 AND until IS NULL) ORDER BY id LIMIT 1",
        [medic],
    );
    assert!(matches!(
        db.refuse(CareCommand::AssignMedic {
            person: pr(cadre),
            community,
            end: false
        }),
        CareRefusal::NotMedical(_)
    ));
    assert_eq!(
        db.refuse(CareCommand::AssignMedic {
            person: pr(medic),
            community: 99_999,
            end: false
        }),
        CareRefusal::UnknownCommunity(99_999)
    );
    assert!(matches!(
        db.refuse(CareCommand::AssignMedic {
            person: pr(medic),
            community,
            end: true
        }),
        CareRefusal::NotMedic { .. }
    ));
    let name = db.store.find_people(NOW, &medic.to_string(), 1).unwrap()[0]
        .name
        .clone();
    db.ok(CareCommand::AssignMedic {
        person: pr(medic),
        community,
        end: false,
    });
    assert!(db.store.medics(community).unwrap().contains(&name));
    assert!(matches!(
        db.refuse(CareCommand::AssignMedic {
            person: pr(medic),
            community,
            end: false
        }),
        CareRefusal::AlreadyMedic { .. }
    ));
    db.ok(CareCommand::AssignMedic {
        person: pr(medic),
        community,
        end: true,
    });
    assert!(!db.store.medics(community).unwrap().contains(&name));
}
