//! SQLite and PostgreSQL give the same answers: one scripted scenario (check-in, a forced rest
//! that refuses a check-in, a reassignment, a stock issue, a case opened and resolved, undo) run
//! on a demo file and on its copy on a server ends with the same outcomes, refusals, home
//! panels and audit rows.

use crate::support::db::{Demo, Engine};
use frontline::domain::CaseCategory;
use frontline::store::commands::{CareCommand, CareOutcome, Command, Ctx, Outcome, PersonRef};
use frontline::store::queries::{HomeQuery, Window};
use frontline::store::{Store, StoreConfig};

const NOW: i64 = crate::support::db::DEMO_NOW;

/// The demo on `engine` whatever engine the run is on (`support::db::demo` opens a server
/// copy for both engines when `FRONTLINE_TEST_ENGINE=postgres`, as CI runs this test): the
/// file on SQLite, its copy in a new server database on PostgreSQL.
fn demo_on(engine: Engine, people: usize, days: u32, seed: u64, cfg: StoreConfig) -> Demo {
    let (dir, path) = crate::support::db::demo_file(people, days, seed, &cfg);
    let mut store = Store::open(&path, cfg.clone()).unwrap();
    let mut pg = None;
    if engine == Engine::Postgres {
        let db = crate::support::pg::TestDb::new();
        frontline::store::transfer::copy_to_server(&store, &db.url).unwrap();
        store = Store::open(std::path::Path::new(&db.url), cfg).unwrap();
        pg = Some(db);
    }
    Demo {
        dir,
        path,
        store,
        pg,
    }
}

/// Ids the scenario acts on, read through the store (the server holds a copy of the file).
struct Picks {
    a: i64,
    b: i64,
    posts: (i64, i64),
    item: String,
    depot: i64,
}

fn picks(d: &Demo) -> Picks {
    let c = d.store.db();
    let people: Vec<i64> = c
        .prepare(
            "SELECT id FROM people WHERE retired_at IS NULL AND id NOT IN
               (SELECT person_id FROM shifts WHERE status IN ('active', 'planned'))
               AND id NOT IN (SELECT person_id FROM rest_periods WHERE end_at > ?1)
               AND id NOT IN (SELECT person_id FROM out_of_service WHERE end_at IS NULL)
               AND coalesce(last_duty_end, 0) < ?1 - 24 * 3600 ORDER BY id LIMIT 2",
        )
        .unwrap()
        .query_map([NOW], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let posts: Vec<i64> = c
        .prepare("SELECT id FROM posts WHERE closed_at IS NULL ORDER BY id LIMIT 2")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let (item, depot) = c
        .query_row(
            "SELECT i.code, s.depot_id FROM stock s JOIN supply_items i ON i.id = s.item_id
             WHERE s.on_hand >= 5 ORDER BY s.item_id, s.depot_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    Picks {
        a: people[0],
        b: people[1],
        posts: (posts[0], posts[1]),
        item,
        depot,
    }
}

/// What a dispatcher saw along the scenario: each outcome or refusal, then the home panels and
/// the audit log as the store gives them.
fn scenario(engine: Engine) -> Vec<String> {
    let mut d = demo_on(engine, 80, 7, 11, StoreConfig::default());
    let p = picks(&d);
    let ctx = Ctx {
        operator: "amy".into(),
        now: NOW,
    };
    let who = |id: i64| PersonRef::id(id);
    let mut seen = Vec::new();
    let mut run = |d: &mut Demo, c: Command| {
        let r = d.store.execute(&c, &ctx);
        seen.push(format!("{r:?}"));
        r
    };
    let check_in = |id: i64, post: i64| Command::CheckIn {
        person: who(id),
        post,
        override_reason: None,
    };
    run(&mut d, check_in(p.a, p.posts.0)).unwrap();
    run(&mut d, check_in(p.b, p.posts.0)).unwrap();
    run(
        &mut d,
        Command::ForceRest {
            person: who(p.b),
            hours: None,
            reason: "14 h on duty".into(),
        },
    )
    .unwrap();
    assert!(run(&mut d, check_in(p.b, p.posts.1)).is_err(), "{seen:?}");
    run(
        &mut d,
        Command::Reassign {
            person: who(p.a),
            post: p.posts.1,
            start: None,
            end: None,
            override_reason: None,
        },
    )
    .unwrap();
    run(
        &mut d,
        Command::StockIssue {
            item: p.item.clone(),
            depot: Some(p.depot.to_string()),
            quantity: 5,
            post: Some(p.posts.1),
            person: None,
        },
    )
    .unwrap();
    let opened = run(
        &mut d,
        Command::Care(CareCommand::OpenCase {
            person: who(p.a),
            category: CaseCategory::Childcare,
            urgency: 2,
            summary: "child alone at home".into(),
        }),
    )
    .unwrap();
    let Outcome::Care(CareOutcome::CaseOpened { id: case, .. }) = opened else {
        panic!("{opened:?}")
    };
    run(
        &mut d,
        Command::Care(CareCommand::ResolveCase {
            case,
            outcome: "neighbour helps".into(),
        }),
    )
    .unwrap();
    let _ = run(&mut d, Command::Undo);
    let _ = run(&mut d, Command::Undo);
    let w = Window::all;
    let home = d
        .store
        .home(&HomeQuery {
            now: NOW,
            on_duty: w(),
            overdue: w(),
            cases: w(),
            supplies: w(),
        })
        .unwrap();
    seen.push(format!("{home:#?}"));
    for row in d.store.audit(20).unwrap() {
        seen.push(format!("{row:?}"));
    }
    seen
}

#[test]
#[ignore = "PostgreSQL half skipped: needs FRONTLINE_TEST_PG (CI sets it)"]
fn on_postgres_the_scenario_gives_what_it_gives_on_sqlite() {
    let lite = scenario(Engine::Sqlite);
    let pg = scenario(Engine::Postgres);
    assert_eq!(lite.len(), pg.len());
    for (l, p) in lite.iter().zip(&pg) {
        assert_eq!(l, p);
    }
}

/// CI runs the store suite a second time on PostgreSQL (`FRONTLINE_TEST_ENGINE=postgres`,
/// `FRONTLINE_TEST_PG`, `-- --include-ignored`); this fails that run if it did not reach a
/// server, so a PostgreSQL half that was skipped cannot pass for one that ran.
#[test]
#[ignore = "PostgreSQL half skipped: CI runs the store suite again with FRONTLINE_TEST_ENGINE=postgres and FRONTLINE_TEST_PG"]
fn on_postgres_the_half_ran() {
    assert_eq!(
        Engine::from_env(),
        Engine::Postgres,
        "set FRONTLINE_TEST_ENGINE=postgres"
    );
    let db = crate::support::pg::TestDb::new();
    assert_eq!(db.int("SELECT 1"), 1);
}
