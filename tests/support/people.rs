//! The database the people, party and honours store tests share: a 300-person demo, commands
//! run through the one executor, refusals checked to leave every table unchanged.
#![allow(dead_code)]

use frontline::i18n::Lang;
use frontline::store::commands::{
    Command, Ctx, Outcome, PeopleCommand as P, PeopleOutcome, PersonRef, Refusal,
};
use frontline::store::roster_queries::RosterRow;
use frontline::store::{Store, StoreConfig};
use std::path::PathBuf;
use tempfile::TempDir;

pub use super::db::dump;
pub use super::db::dump_store;

pub const NOW: i64 = super::db::DEMO_NOW;

pub struct Db {
    pub _dir: TempDir,
    pub path: PathBuf,
    pub store: Store,
    /// On PostgreSQL, the server database the store is open on: dropped with the test.
    pub _pg: Option<super::pg::TestDb>,
}

impl Db {
    pub fn new() -> Db {
        let d = super::db::demo(300, 14, 5, StoreConfig::default());
        Db {
            _dir: d.dir,
            path: d.path,
            store: d.store,
            _pg: d.pg,
        }
    }

    pub fn run(&mut self, cmd: P) -> Result<Outcome, Refusal> {
        let ctx = Ctx {
            operator: "test".into(),
            now: NOW,
        };
        self.store.execute(&Command::People(cmd), &ctx)
    }

    pub fn ok(&mut self, cmd: P) -> PeopleOutcome {
        let before = self.int("SELECT count(*) FROM audit_log");
        match self.run(cmd.clone()) {
            Ok(Outcome::People(o)) => {
                assert_eq!(
                    self.int("SELECT count(*) FROM audit_log"),
                    before + 1,
                    "one audit row"
                );
                o
            }
            r => panic!("{cmd:?}: {r:?}"),
        }
    }

    /// A refused command, and proof that it wrote nothing.
    pub fn refuse(&mut self, cmd: P) -> Refusal {
        let before = dump_store(&self.store);
        let r = self.run(cmd.clone()).expect_err("should be refused");
        assert_eq!(
            before,
            dump_store(&self.store),
            "refused {cmd:?} ({r:?}) changed the database"
        );
        r
    }

    pub fn int(&self, sql: &str) -> i64 {
        self.store.db().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    pub fn text(&self, sql: &str) -> String {
        self.store.db().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    pub fn row(&self, id: i64) -> RosterRow {
        self.store.roster_row(NOW, id).unwrap().unwrap()
    }

    /// Someone not on duty, not resting, not out of service, with worked shifts.
    pub fn off_duty_worker(&self) -> i64 {
        self.int(
            "SELECT pe.id FROM people pe WHERE pe.retired_at IS NULL
               AND NOT EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = pe.id AND s.status = 'active')
               AND NOT EXISTS(SELECT 1 FROM rest_periods r WHERE r.person_id = pe.id AND r.end_at > 1623283200)
               AND NOT EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = pe.id AND o.end_at IS NULL)
               AND EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = pe.id AND s.status = 'planned' AND s.planned_start > 1623283200 + 7200)
               AND (SELECT count(*) FROM shifts s WHERE s.person_id = pe.id AND s.status = 'done') > 3
             ORDER BY pe.id LIMIT 1",
        )
    }

    pub fn with_party(&self, status: &str) -> i64 {
        self.int(&format!(
            "SELECT id FROM people WHERE party_status = '{status}' AND retired_at IS NULL
               AND id NOT IN (SELECT person_id FROM party_development) ORDER BY id LIMIT 1"
        ))
    }
}

pub fn person(id: i64) -> PersonRef {
    PersonRef(id.to_string())
}

pub fn add(code: &str, name: &str, category: &str, community: &str, phone: &str) -> P {
    P::Add {
        staff_code: code.into(),
        name: name.into(),
        category: category.into(),
        source_unit: "荔湾区卫健局".into(),
        community: community.into(),
        phone: phone.into(),
        party_status: "applicant".into(),
    }
}

pub fn msg(r: &Refusal) -> String {
    frontline::i18n::refusal(Lang::En, r, chrono_tz::Asia::Shanghai)
}
