//! `PgClient` against a live server: `FRONTLINE_TEST_PG=postgres://…` (each test makes and drops
//! its own tables). Without it the live tests print that they were skipped and pass.

use super::*;
use postgres::NoTls;
use std::time::Instant;

/// The live server of the tests, or `None` (printed) when none is given.
pub(super) fn url() -> Option<String> {
    match std::env::var("FRONTLINE_TEST_PG") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            println!("PostgreSQL half skipped: set FRONTLINE_TEST_PG");
            None
        }
    }
}

fn client() -> Option<PgClient> {
    url().map(|u| PgClient::connect(&u).expect("connect to FRONTLINE_TEST_PG"))
}

fn pos(values: &[Value]) -> Args {
    Args::Pos(values.to_vec())
}

fn none() -> Args {
    Args::Pos(Vec::new())
}

fn int(i: i64) -> Value {
    Value::Integer(i)
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

/// A table name of this process, for tests that need a table another connection sees.
fn table(name: &str) -> String {
    format!("pgclient_{}_{name}", std::process::id())
}

#[test]
fn the_client_can_move_to_another_thread() {
    fn send<T: Send>() {}
    send::<PgClient>();
    send::<PgError>();
    send::<Args>();
}

#[test]
fn a_missing_password_comes_from_the_password_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pgpass");
    std::fs::write(
        &file,
        "db.post:5433:frontline:desk:s3cret\n*:*:*:other:nope\n",
    )
    .unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let pw = |url: &str| {
        let cfg = config_with(url, Some(file.clone())).unwrap();
        cfg.get_password()
            .map(|p| String::from_utf8(p.to_vec()).unwrap())
    };
    assert_eq!(
        pw("postgres://desk@db.post:5433/frontline").as_deref(),
        Some("s3cret")
    );
    assert_eq!(pw("postgres://desk@db.post:5432/frontline"), None);
    // a password in the URL is used as given
    assert_eq!(
        pw("postgres://desk:given@db.post:5433/frontline").as_deref(),
        Some("given")
    );
    // key=value strings too, and their sslmode
    assert_eq!(
        pw("host=db.post port=5433 user=desk dbname=frontline").as_deref(),
        Some("s3cret")
    );
    let e = config_with("host=db.post user=desk sslmode=verify-full", None).unwrap_err();
    assert!(
        e.message
            .starts_with("sslmode=verify-full needs the CA certificate file")
    );
}

#[test]
fn the_sync_client_on_a_runtime_thread_panics_which_is_why_there_is_a_worker() {
    let Some(url) = url() else { return };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let direct = rt.block_on(async {
        std::panic::catch_unwind(|| config(&url).unwrap().connect(NoTls).map(drop)).is_err()
    });
    assert!(
        direct,
        "postgres::Client::connect inside a runtime did not panic"
    );
}

#[test]
fn a_refused_connection_is_an_error_not_a_panic() {
    let e = PgClient::connect("postgres://u@127.0.0.1:1/db")
        .err()
        .unwrap();
    assert!(e.message.starts_with("cannot connect to PostgreSQL"), "{e}");
    assert!(!e.to_string().contains('\n'));
}

#[test]
fn each_value_kind_round_trips() {
    let Some(c) = client() else { return };
    let sent = [
        int(i64::MAX),
        int(-7),
        Value::Real(1.25),
        text("多宝 'x' \"y\""),
        Value::Null,
        Value::Blob(vec![0, 255, 1]),
    ];
    let rows = c
        .query("SELECT ?1, ?2, ?3, ?4, ?5, ?6", pos(&sent))
        .unwrap();
    assert_eq!(rows, vec![sent.to_vec()]);
    // a bigint parameter in arithmetic (int4 if the server chose)
    let rows = c
        .query("SELECT ?1 + 3600", pos(&[int(4_000_000_000)]))
        .unwrap();
    assert_eq!(rows[0][0], int(4_000_003_600));
    // every readable column type
    let rows = c
        .query(
            "SELECT 1::int2, 2::int4, 3::int8, 4::oid, true, false, 1.5::float4, 2.5::float8, \
             'n'::name, 'c'::char(2), 'v'::varchar, '{\"b\":1, \"a\":2}'::json, '{\"a\": 1}'::jsonb, NULL::int8",
            none(),
        )
        .unwrap();
    let want = [
        int(1),
        int(2),
        int(3),
        int(4),
        int(1),
        int(0),
        Value::Real(1.5),
        Value::Real(2.5),
        text("n"),
        text("c "),
        text("v"),
    ];
    assert_eq!(rows[0][..11], want);
    assert_eq!(
        rows[0][11..],
        [text("{\"b\":1, \"a\":2}"), text("{\"a\": 1}"), Value::Null]
    );
    // any other type is an error naming the column and its type
    let e = c
        .query("SELECT 1 AS one, now() AS stamp", none())
        .unwrap_err();
    assert!(
        e.message.contains("stamp") && e.message.contains("timestamptz"),
        "{e}"
    );
    assert!(!e.lost);
}

#[test]
fn a_null_binds_to_the_type_the_server_infers() {
    let Some(c) = client() else { return };
    c.batch("CREATE TEMP TABLE n (a bigint, b text, c boolean)")
        .unwrap();
    let n = c
        .execute(
            "INSERT INTO n VALUES (?1, ?2, ?3)",
            pos(&[Value::Null, Value::Null, Value::Null]),
        )
        .unwrap();
    assert_eq!(n, 1);
    c.execute(
        "INSERT INTO n VALUES (?1, ?2, NULL)",
        pos(&[int(5), text("five")]),
    )
    .unwrap();
    let sql = "SELECT count(*) FROM n WHERE a = ?1 OR ?1 IS NULL";
    assert_eq!(c.query(sql, pos(&[Value::Null])).unwrap(), [[int(2)]]);
    assert_eq!(c.query(sql, pos(&[int(5)])).unwrap(), [[int(1)]]);
    assert_eq!(
        c.query("SELECT coalesce(?1, 7)", pos(&[Value::Null]))
            .unwrap(),
        [[int(7)]]
    );
    // the store's filter idiom: PostgreSQL cannot type $1 from `$1 IS NULL` coming first
    for sql in [
        "SELECT count(*) FROM n WHERE (?1 IS NULL OR a = ?1)",
        "SELECT count(*) FROM n WHERE ?2 = ?2 AND ?1 IS NULL",
    ] {
        assert_eq!(
            c.query(sql, pos(&[Value::Null, int(1)])).unwrap(),
            [[int(2)]],
            "{sql}"
        );
        assert_eq!(
            c.query(sql, pos(&[int(5), int(1)])).unwrap().len(),
            1,
            "{sql}"
        );
    }
    // in a transaction too (a failed prepare there would abort it)
    c.batch("BEGIN").unwrap();
    let named = Args::Named(vec![(":c".into(), Value::Null)]);
    assert_eq!(
        c.query("SELECT count(*) FROM n WHERE :c IS NULL OR b = :c", named)
            .unwrap(),
        [[int(2)]]
    );
    c.batch("COMMIT").unwrap();
    let e = c
        .execute("INSERT INTO n (a) VALUES (?1)", pos(&[text("x")]))
        .unwrap_err();
    assert_eq!(e.sqlstate.as_deref(), Some("42804"), "{e}");
}

#[test]
fn named_arguments_bind_by_name() {
    let Some(c) = client() else { return };
    let args = |pairs: &[(&str, i64)]| {
        Args::Named(
            pairs
                .iter()
                .map(|(n, v)| (n.to_string(), int(*v)))
                .collect(),
        )
    };
    let rows = c
        .query("SELECT :a + :b, :a, 1::int", args(&[(":b", 2), (":a", 40)]))
        .unwrap();
    assert_eq!(rows, [[int(42), int(40), int(1)]]);
    let e = c.query("SELECT :a + :b", args(&[(":a", 1)])).unwrap_err();
    assert!(e.message.contains(":b"), "{e}");
    let e = c
        .query("SELECT :a", args(&[(":a", 1), (":zz", 2)]))
        .unwrap_err();
    assert!(e.message.contains(":zz"), "{e}");
}

#[test]
fn limit_minus_one_returns_every_row() {
    let Some(c) = client() else { return };
    c.batch("CREATE TEMP TABLE l AS SELECT x::bigint FROM generate_series(1, 5) x")
        .unwrap();
    let sql = "SELECT x FROM l ORDER BY x LIMIT ?1 OFFSET ?2";
    assert_eq!(c.query(sql, pos(&[int(-1), int(0)])).unwrap().len(), 5);
    assert_eq!(
        c.query(sql, pos(&[int(2), int(1)])).unwrap(),
        [[int(2)], [int(3)]]
    );
    assert_eq!(
        c.query("SELECT x FROM l LIMIT -1", none()).unwrap().len(),
        5
    );
    assert_eq!(c.query("SELECT x FROM l LIMIT 3", none()).unwrap().len(), 3);
}

#[test]
fn sum_of_bigints_reads_as_an_integer() {
    let Some(c) = client() else { return };
    c.batch(
        "CREATE TEMP TABLE s (x bigint); INSERT INTO s VALUES (9000000000000000000), (-3), (8)",
    )
    .unwrap();
    assert_eq!(
        c.query("SELECT sum(x) FROM s", none()).unwrap(),
        [[int(9_000_000_000_000_000_005)]]
    );
    assert_eq!(
        c.query("SELECT sum(x) FROM s WHERE x < 0", none()).unwrap(),
        [[int(-3)]]
    );
    assert_eq!(
        c.query("SELECT sum(x) FROM s WHERE false", none()).unwrap(),
        [[Value::Null]]
    );
    assert_eq!(
        c.query(
            "SELECT sum(x) / 16.0 FROM s WHERE x > 0 AND x < 100",
            none()
        )
        .unwrap(),
        [[Value::Real(0.5)]]
    );
    assert_eq!(
        c.query("SELECT 7.25::numeric, sum(x) * 2 FROM s", none())
            .unwrap()[0][0],
        Value::Real(7.25)
    );
    // past i64: a Real, not an error
    let rows = c.query("SELECT sum(x) * 2 FROM s", none()).unwrap();
    assert_eq!(rows, [[Value::Real(18_000_000_000_000_000_010.0)]]);
}

#[test]
fn constraint_and_raised_errors_carry_their_sqlstate() {
    let Some(c) = client() else { return };
    c.batch(
        "CREATE TEMP TABLE p (id bigint PRIMARY KEY, n bigint CHECK (n >= 0));
         CREATE TEMP TABLE k (p bigint REFERENCES p(id))",
    )
    .unwrap();
    c.execute("INSERT INTO p VALUES (?1, 0)", pos(&[int(1)]))
        .unwrap();
    let code = |e: PgError| (e.sqlstate.unwrap_or_default(), e.lost);
    let e = c
        .execute("INSERT INTO p VALUES (?1, 0)", pos(&[int(1)]))
        .unwrap_err();
    assert!(e.to_string().contains("SQLSTATE 23505"), "{e}");
    assert_eq!(code(e), ("23505".into(), false));
    let e = c
        .execute("INSERT INTO k VALUES (?1)", pos(&[int(2)]))
        .unwrap_err();
    assert_eq!(code(e), ("23503".into(), false));
    let e = c
        .execute("UPDATE p SET n = ?1", pos(&[int(-1)]))
        .unwrap_err();
    assert_eq!(code(e), ("23514".into(), false));
    let e = c
        .batch("DO $$ BEGIN RAISE EXCEPTION 'refused'; END $$")
        .unwrap_err();
    assert_eq!(e.message, "refused");
    assert_eq!(code(e), ("P0001".into(), false));
    // the connection is still good
    assert_eq!(
        c.query("SELECT count(*) FROM p", none()).unwrap(),
        [[int(1)]]
    );
}

#[test]
fn a_transaction_through_batch_is_seen_by_others_only_at_commit() {
    let (Some(a), Some(b)) = (client(), client()) else {
        return;
    };
    let t = table("tx");
    a.batch(&format!(
        "DROP TABLE IF EXISTS {t}; CREATE TABLE {t} (x bigint)"
    ))
    .unwrap();
    let count = format!("SELECT count(*) FROM {t}");
    a.batch("BEGIN").unwrap();
    a.execute(&format!("INSERT INTO {t} VALUES (?1)"), pos(&[int(1)]))
        .unwrap();
    assert_eq!(a.query(&count, none()).unwrap(), [[int(1)]]);
    assert_eq!(b.query(&count, none()).unwrap(), [[int(0)]]);
    a.batch("COMMIT").unwrap();
    assert_eq!(b.query(&count, none()).unwrap(), [[int(1)]]);
    a.batch("BEGIN").unwrap();
    a.execute(&format!("DELETE FROM {t}"), none()).unwrap();
    a.batch("ROLLBACK").unwrap();
    assert_eq!(b.query(&count, none()).unwrap(), [[int(1)]]);
    a.batch(&format!("DROP TABLE {t}")).unwrap();
}

#[test]
fn works_from_inside_a_current_thread_runtime() {
    let Some(url) = url() else { return };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let rows = rt.block_on(async {
        let c = PgClient::connect(&url).unwrap();
        let rows = c.query("SELECT ?1 * 2", pos(&[int(21)])).unwrap();
        drop(c);
        rows
    });
    assert_eq!(rows, [[int(42)]]);
}

#[test]
fn a_terminated_backend_is_lost_then_connected_again_outside_a_transaction_only() {
    let (Some(a), Some(b)) = (client(), client()) else {
        return;
    };
    let kill = |a: &PgClient| {
        let pid = a.query("SELECT pg_backend_pid()", none()).unwrap()[0][0].clone();
        let killed = b
            .query("SELECT pg_terminate_backend(?1::int, 5000)", pos(&[pid]))
            .unwrap();
        assert_eq!(killed, [[int(1)]]);
    };
    // Outside a transaction a read is asked again on a new connection, unseen; a write is
    // not (it may have been done): it fails, and the next call connects again.
    kill(&a);
    assert_eq!(a.query("SELECT 1", none()).unwrap(), [[int(1)]]);
    std::thread::sleep(RETRY_EVERY);
    kill(&a);
    assert!(a.execute("SELECT 1", none()).unwrap_err().lost);
    std::thread::sleep(RETRY_EVERY);
    assert_eq!(a.execute("SELECT 1", none()).unwrap(), 1);
    // Inside one: every call fails until the caller ends it; a COMMIT says it did not commit,
    // a ROLLBACK ends it quietly; then the connection comes back (after the retry pause).
    a.batch("BEGIN").unwrap();
    kill(&a);
    assert!(a.execute("SELECT 1", none()).unwrap_err().lost);
    for _ in 0..2 {
        let e = a.execute("SELECT 1", none()).unwrap_err();
        assert!(e.lost && e.message.contains("lost"), "{e:?}");
    }
    assert!(a.batch("COMMIT").unwrap_err().lost);
    std::thread::sleep(RETRY_EVERY);
    assert_eq!(a.query("SELECT 2", none()).unwrap(), [[int(2)]]);
    a.batch("BEGIN").unwrap();
    kill(&a);
    assert!(a.query("SELECT 1", none()).unwrap_err().lost);
    a.batch("ROLLBACK").unwrap();
    std::thread::sleep(RETRY_EVERY);
    assert_eq!(a.query("SELECT 3", none()).unwrap(), [[int(3)]]);
    // the other connection is unharmed
    assert_eq!(b.query("SELECT 1", none()).unwrap(), [[int(1)]]);
}

#[test]
fn dropping_the_client_closes_its_connection() {
    let (Some(a), Some(b)) = (client(), client()) else {
        return;
    };
    let pid = a.query("SELECT pg_backend_pid()", none()).unwrap()[0][0].clone();
    let sql = "SELECT count(*) FROM pg_stat_activity WHERE pid = ?1::int";
    assert_eq!(
        b.query(sql, Args::Pos(vec![pid.clone()])).unwrap(),
        [[int(1)]]
    );
    drop(a);
    let gone = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(20));
        b.query(sql, Args::Pos(vec![pid.clone()])).unwrap() == [[int(0)]]
    });
    assert!(gone, "backend {pid:?} still there after drop");
}

#[test]
fn a_second_call_reuses_the_prepared_statement() {
    let Some(c) = client() else { return };
    let sql = "SELECT ?1, ?2 -- cache test";
    let before = c.prepares();
    c.query(sql, pos(&[int(1), text("a")])).unwrap();
    assert_eq!(c.prepares(), before + 1);
    c.query(sql, pos(&[int(2), text("b")])).unwrap();
    assert_eq!(
        c.prepares(),
        before + 1,
        "the same text and types are prepared once"
    );
    c.query(sql, pos(&[Value::Null, text("b")])).unwrap();
    assert_eq!(
        c.prepares(),
        before + 2,
        "other types are another statement"
    );
    // DDL through batch empties the cache: a kept statement may read a changed table
    c.batch("CREATE TEMP TABLE d (x bigint)").unwrap();
    c.query(sql, pos(&[int(3), text("c")])).unwrap();
    assert_eq!(c.prepares(), before + 3);
    c.batch("BEGIN; COMMIT").unwrap();
    c.query(sql, pos(&[int(3), text("c")])).unwrap();
    assert_eq!(c.prepares(), before + 3);
}

#[test]
fn a_windows_bounds_are_written_into_its_statement_one_statement_per_window() {
    let Some(c) = client() else { return };
    let sql = "/* window */ SELECT x FROM generate_series(1, 100) x WHERE x > ?1 ORDER BY x LIMIT ?2 OFFSET ?3";
    let xs =
        |rows: Vec<Vec<Value>>| -> Vec<Value> { rows.into_iter().map(|r| r[0].clone()).collect() };
    let before = c.prepares();
    assert_eq!(
        xs(c.query(sql, pos(&[int(0), int(2), int(5)])).unwrap()),
        [int(6), int(7)]
    );
    assert_eq!(
        xs(c.query(sql, pos(&[int(10), int(2), int(5)])).unwrap()),
        [int(16), int(17)]
    );
    assert_eq!(c.prepares(), before + 1, "the same window is one statement");
    let texts = c
        .query(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE ?1",
            pos(&[text("%generate_series(1, 100)%")]),
        )
        .unwrap();
    assert_eq!(texts.len(), 1);
    let Value::Text(t) = &texts[0][0] else {
        panic!("{texts:?}")
    };
    assert!(
        t.contains("LIMIT NULLIF(2, -1) OFFSET 5") && t.contains("x > $1"),
        "{t}"
    );
    // SQLite's -1, no limit: another window.
    let before = c.prepares();
    assert_eq!(
        c.query(sql, pos(&[int(97), int(-1), int(0)]))
            .unwrap()
            .len(),
        3
    );
    assert_eq!(c.prepares(), before + 1);
    // Scrolling: a statement per window, the oldest of more than WINDOWS_MAX closed.
    for off in 1..=super::worker::WINDOWS_MAX as i64 {
        c.query(sql, pos(&[int(0), int(2), int(off * 10)])).unwrap();
    }
    let n = c
        .query(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE ?1",
            pos(&[text("%generate_series(1, 100)%")]),
        )
        .unwrap();
    assert_eq!(n, [[int(super::worker::WINDOWS_MAX as i64)]]);
    let again = c.prepares();
    c.query(sql, pos(&[int(0), int(2), int(5)])).unwrap();
    assert_eq!(c.prepares(), again + 1, "the first window was closed");
}

#[test]
fn the_statement_cache_is_emptied_when_full() {
    let Some(c) = client() else { return };
    let first = "SELECT 0 AS n";
    c.query(first, none()).unwrap();
    let before = c.prepares();
    for n in 1..CACHE_MAX {
        c.query(&format!("SELECT {n} AS n"), none()).unwrap();
    }
    c.query(first, none()).unwrap();
    assert_eq!(
        c.prepares(),
        before + CACHE_MAX as u64 - 1,
        "512 statements are kept"
    );
    c.query(&format!("SELECT {CACHE_MAX} AS n"), none())
        .unwrap();
    c.query(first, none()).unwrap();
    assert_eq!(
        c.prepares(),
        before + CACHE_MAX as u64 + 1,
        "the 513th empties the cache"
    );
}

/// Not an assertion: prints the round trip of a one-row query through the worker thread, and
/// of the same query on a `postgres::Client` owned by the calling thread, interleaved so that
/// both see the same load (`cargo test … round_trip_timing -- --nocapture`).
#[test]
fn round_trip_timing() {
    let (Some(url), Some(c)) = (url(), client()) else {
        return;
    };
    let mut direct = config(&url).unwrap().connect(NoTls).unwrap();
    let stmt = direct
        .prepare_typed("SELECT $1", &[postgres::types::Type::INT8])
        .unwrap();
    let (mut worker, mut caller) = (Vec::new(), Vec::new());
    for i in 0..1100_i64 {
        let start = Instant::now();
        let rows = c.query("SELECT ?1", pos(&[int(i)])).unwrap();
        worker.push(start.elapsed());
        assert_eq!(rows[0][0], int(i));
        let start = Instant::now();
        let rows = direct.query(&stmt, &[&i]).unwrap();
        caller.push(start.elapsed());
        assert_eq!(rows[0].get::<_, i64>(0), i);
    }
    let stats = |mut t: Vec<Duration>| {
        let mut t = t.split_off(100);
        t.sort();
        format!("median {:?}, p90 {:?}", t[t.len() / 2], t[t.len() * 9 / 10])
    };
    println!(
        "one-row query, 1000 calls: through the worker thread {}",
        stats(worker)
    );
    println!(
        "one-row query, 1000 calls: postgres::Client on the caller {}",
        stats(caller)
    );
}
