//! `frontline check`: every value kept by trigger against a real count of its rows, each
//! difference in words in both languages; `--repair` recounts through the executor with one
//! audit row.

use crate::support::cli::Env;
use serde_json::Value;

fn one(env: &Env, sql: &str) -> i64 {
    let c = env.conn();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn raw(env: &Env, sql: &str) {
    env.conn().execute_batch(sql).unwrap();
}

const RUNNING: &str = "SELECT count(*) FROM shifts WHERE status = 'active'";

/// A person who is neither on duty, out of service nor retired (rank: available).
fn someone_available(env: &Env) -> i64 {
    one(
        env,
        "SELECT min(id) FROM people WHERE retired_at IS NULL
           AND id NOT IN (SELECT person_id FROM shifts WHERE status = 'active')
           AND id NOT IN (SELECT person_id FROM out_of_service WHERE end_at IS NULL)",
    )
}

#[test]
fn a_fresh_demo_database_checks_clean_in_both_languages() {
    let env = Env::with_demo(300, 14);
    let before = env.audit_len();
    let out = env.ok(&["--lang", "en", "check"]);
    assert_eq!(out, "all 20 kept values agree with their real counts\n");
    let out = env.ok(&["--lang", "zh", "check"]);
    assert_eq!(out, "20 项记录值与实际计数全部一致\n");
    let v: Value = env.json(&["check", "--json"]);
    assert_eq!(
        (v["ok"].as_bool(), v["drift"].as_array().map(Vec::len)),
        (Some(true), Some(0))
    );
    // Nothing to repair: nothing written.
    env.ok(&["check", "--repair"]);
    assert_eq!(env.audit_len(), before, "check wrote to the audit log");
}

#[test]
fn a_corrupted_count_is_reported_in_words_and_repair_recounts_it_with_one_audit_row() {
    let env = Env::with_demo(300, 14);
    let running = one(&env, RUNNING);
    assert!(running > 0, "the demo has shifts running");
    let person = someone_available(&env);
    raw(
        &env,
        &format!(
            "UPDATE counters SET value = value + 5 WHERE name = 'active_shifts';
             UPDATE people SET duty_rank = 5 WHERE id = {person};"
        ),
    );
    let before = env.audit_len();

    let o = env.run(&["--lang", "en", "check"]);
    assert_eq!(o.status.code(), Some(1), "a drifted count fails the check");
    let out = String::from_utf8(o.stdout).unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(
        out,
        format!(
            "shifts running (counters.active_shifts): kept {}, real {running}\n\
             duty rank (people.duty_rank) of person #{person}: kept 5, real 4\n",
            running + 5
        )
    );
    assert!(
        err.contains("2 kept rows differ from the real count"),
        "{err}"
    );
    let o = env.run(&["--lang", "zh", "check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains(&format!(
            "人员 #{person} 的在岗状态等级（people.duty_rank）：记录为 5，实际为 4"
        )),
        "{out}"
    );
    let v: Value = serde_json::from_slice(&env.run(&["check", "--json"]).stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["drift"][1]["row"], person.to_string());
    assert_eq!(
        env.audit_len(),
        before,
        "a check without --repair writes nothing"
    );

    let out = env.ok(&["--lang", "en", "check", "--repair"]);
    assert!(
        out.contains("recounted: shifts running (counters.active_shifts) 1 row; duty rank (people.duty_rank) 1 row"),
        "{out}"
    );
    assert!(
        out.ends_with("all 20 kept values agree with their real counts\n"),
        "{out}"
    );
    assert_eq!(env.audit_len(), before + 1, "one audit row for the repair");
    let last = &env.audit()[0];
    assert_eq!(last["action"], "repair_kept");
    let details: Value = match &last["details"] {
        Value::String(s) => serde_json::from_str(s).unwrap(),
        d => d.clone(),
    };
    assert_eq!(
        details["fixed"],
        serde_json::json!({"counters.active_shifts": 1, "people.duty_rank": 1})
    );
    assert_eq!(
        one(
            &env,
            "SELECT value FROM counters WHERE name = 'active_shifts'"
        ),
        running
    );
    assert_eq!(
        one(
            &env,
            &format!("SELECT duty_rank FROM people WHERE id = {person}")
        ),
        4
    );
    assert_eq!(
        env.ok(&["--lang", "en", "check"]),
        "all 20 kept values agree with their real counts\n"
    );
}
