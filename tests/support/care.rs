//! Shared by the health and care store tests: a demo database, commands through the one write
//! path, refusals checked to write nothing, and the audit row checked to hold no contents.
#![allow(dead_code)]

pub use super::db::dump_store;
use frontline::domain::{CaseCategory, TestResult};
use frontline::store::commands::{
    CareCommand, CareOutcome, CareRefusal, Command, Ctx, Outcome, PersonRef, Refusal,
};
use frontline::store::db::Params;
use frontline::store::health_queries::{HealthPage, HealthQuery, HealthView};
use frontline::store::queries::{AuditRow, Home, HomeQuery, Window};
use frontline::store::{Store, StoreConfig};
use std::path::PathBuf;
use tempfile::TempDir;

pub use super::db::dump;

/// 2021-06-10T08:00:00+08:00.
pub const NOW: i64 = super::db::DEMO_NOW;
pub const H: i64 = 3600;
pub const D: i64 = 86_400;
/// 10:00 local on the day of NOW: the health report deadline.
pub const DEADLINE: i64 = NOW + 2 * H;

pub struct Db {
    _dir: TempDir,
    pub path: PathBuf,
    pub store: Store,
    /// On PostgreSQL, the server database the store is open on: dropped with the test.
    _pg: Option<super::pg::TestDb>,
}

impl Db {
    pub fn new() -> Db {
        Db::with(StoreConfig::default())
    }

    pub fn with(cfg: StoreConfig) -> Db {
        let d = super::db::demo(300, 14, 7, cfg);
        Db {
            _dir: d.dir,
            path: d.path,
            store: d.store,
            _pg: d.pg,
        }
    }

    pub fn run_at(&mut self, now: i64, c: CareCommand) -> Result<Outcome, Refusal> {
        let ctx = Ctx {
            operator: "test".into(),
            now,
        };
        self.store.execute(&Command::Care(c), &ctx)
    }

    pub fn run(&mut self, c: CareCommand) -> Result<Outcome, Refusal> {
        self.run_at(NOW, c)
    }

    pub fn ok(&mut self, c: CareCommand) -> CareOutcome {
        match self.run(c.clone()) {
            Ok(Outcome::Care(o)) => o,
            other => panic!("{c:?} gave {other:?}"),
        }
    }

    /// A command that must be refused, writing nothing at all.
    pub fn refuse_at(&mut self, now: i64, c: CareCommand) -> CareRefusal {
        let before = dump_store(&self.store);
        let r = self
            .run_at(now, c.clone())
            .expect_err("command should be refused");
        assert_eq!(
            before,
            dump_store(&self.store),
            "refused {c:?} ({r:?}) wrote"
        );
        match r {
            Refusal::Care(c) => c,
            other => panic!("{other:?}"),
        }
    }

    pub fn refuse(&mut self, c: CareCommand) -> CareRefusal {
        self.refuse_at(NOW, c)
    }

    pub fn home_at(&self, now: i64) -> Home {
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

    pub fn home(&self) -> Home {
        self.home_at(NOW)
    }

    /// The health screen at `now`, narrowed to one person.
    pub fn health_of(&self, now: i64, person: i64) -> HealthPage {
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

    pub fn col(&self, sql: &str, p: impl Params) -> Vec<i64> {
        let mut st = self.store.db().prepare(sql).unwrap();
        st.query_map(p, |r| r.get(0))
            .unwrap()
            .collect::<frontline::store::db::Result<_>>()
            .unwrap()
    }

    pub fn one(&self, sql: &str, p: impl Params) -> i64 {
        self.col(sql, p)[0]
    }

    /// Someone without a health report today.
    pub fn unreported(&self) -> i64 {
        self.one(
            "SELECT id FROM people pe WHERE NOT EXISTS (SELECT 1 FROM health_reports h
             WHERE h.person_id = pe.id AND h.day = ?1) ORDER BY id LIMIT 1",
            [(NOW + 8 * H) / D],
        )
    }

    /// Someone else without a health report today.
    pub fn unreported_after(&self, after: i64) -> i64 {
        self.one(
            "SELECT id FROM people pe WHERE id > ?2 AND NOT EXISTS (SELECT 1 FROM health_reports h
             WHERE h.person_id = pe.id AND h.day = ?1) ORDER BY id LIMIT 1",
            [(NOW + 8 * H) / D, after],
        )
    }

    pub fn of_category(&self, cat: &str) -> i64 {
        self.one(
            "SELECT id FROM people WHERE category = ?1 ORDER BY id LIMIT 1",
            [cat],
        )
    }

    pub fn last_audit(&self) -> AuditRow {
        self.store.audit(1).unwrap().remove(0)
    }

    pub fn audit_count(&self) -> i64 {
        self.one("SELECT count(*) FROM audit_log", [])
    }
}

pub fn pr(id: i64) -> PersonRef {
    PersonRef(id.to_string())
}

pub fn report(person: i64, temp: Option<f64>, fit: bool, symptoms: &str) -> CareCommand {
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

pub fn test(person: i64, at: Option<i64>, result: TestResult) -> CareCommand {
    CareCommand::RecordTest {
        person: pr(person),
        tested_at: at,
        result,
        site: "多宝核酸采样点".into(),
    }
}

pub fn open_case(person: i64, urgency: i64) -> CareCommand {
    CareCommand::OpenCase {
        person: pr(person),
        category: CaseCategory::Eldercare,
        urgency,
        summary: "父母年迈独居".into(),
    }
}

/// The audit row names the record, never its health or family contents.
pub fn assert_private(a: &AuditRow) {
    let d = a.details.to_string();
    for secret in [
        "私密", "咳嗽", "37.", "38.", "positive", "父母", "孩子", "fever",
    ] {
        assert!(!d.contains(secret), "audit details leak {secret}: {d}");
    }
}
