//! The values the schema keeps by trigger so a refresh reads a few rows instead of counting
//! (counters, planned quarters, breach hours, forced rest, duty ranks, last duty ends,
//! compensatory balances, slot counts, latest rest ends), each defined once here: where it is
//! kept, the triggers that keep it, what it should be (a real count from the raw rows) and the
//! recount that rewrites it.
//! The migrations create the triggers; `frontline check` compares every kept value with its
//! real count (and `--repair` recounts, through the executor); the demo sets the triggers
//! aside for its bulk load and recounts after.

use crate::store::db::Connection;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// A person's standing that does not change with the clock, kept as `people.duty_rank` (the
/// roster's status order walks it): the only place these numbers are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rank {
    OnDuty = 0,
    OutOfService = 1,
    /// None of the others (resting and forced rest are read from their own, small, sets).
    Available = 4,
    Retired = 5,
}

impl Rank {
    /// `column = N`, for a WHERE clause over `people` (`column`: `duty_rank`, `pe.duty_rank`).
    pub fn is(self, column: &str) -> String {
        format!("{column} = {}", self as i64)
    }
}

/// A person's `duty_rank` from their rows, in a statement over `people`.
pub static RANK: LazyLock<String> = LazyLock::new(|| {
    format!(
        "CASE
    WHEN retired_at IS NOT NULL THEN {}
    WHEN EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = people.id AND s.status = 'active') THEN {}
    WHEN EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = people.id AND o.end_at IS NULL) THEN {}
    ELSE {} END",
        Rank::Retired as i64,
        Rank::OnDuty as i64,
        Rank::OutOfService as i64,
        Rank::Available as i64
    )
});

/// What a kept row is keyed by, for saying which row drifted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// One named counter: the value's name says it all.
    Counter,
    /// A person's id.
    Person,
    /// `quarter/kind`: planned shifts starting in that quarter hour (unix s / 900) at posts of
    /// that kind.
    Quarter,
    /// An hour (unix s / 3600).
    Hour,
    /// `planned_start/post_id/column`: one count (or the latest planned end) of a slot, the
    /// shifts of a post planned to start at that time (unix s).
    Slot,
}

/// One kept value.
#[derive(Debug, Clone)]
pub struct Kept {
    /// Where it is kept, as the user reads it (`counters.active_shifts`, `people.duty_rank`).
    pub name: &'static str,
    pub key: Key,
    /// The triggers that keep it in step.
    pub triggers: &'static [&'static str],
    /// `(key, value)` as kept; rows that count nothing are left out.
    pub kept: String,
    /// `(key, value)` counted from the raw rows, the same rows left out.
    pub real: String,
    /// Rewrites the kept value from the raw rows.
    pub recount: String,
}

const SHIFT_COUNTERS: &[&str] = &[
    "counters_shift_insert",
    "counters_shift_delete",
    "counters_shift_update",
];
const CASE_COUNTERS: &[&str] = &[
    "counters_case_insert",
    "counters_case_delete",
    "counters_case_update",
];

const TRAINING_MARKS: &[&str] = &[
    "training_mark_insert",
    "training_mark_update",
    "training_mark_delete",
];
const CARE_COUNTS: &[&str] = &[
    "care_counts_insert",
    "care_counts_update",
    "care_counts_delete",
];

fn counter(name: &'static str, triggers: &'static [&'static str], count: &str) -> Kept {
    let short = name.trim_start_matches("counters.");
    Kept {
        name,
        key: Key::Counter,
        triggers,
        kept: format!("SELECT name, value FROM counters WHERE name = '{short}'"),
        real: format!("SELECT '{short}', ({count})"),
        // `WHERE true`: SQLite's parser needs it between a SELECT and its upsert clause.
        recount: format!(
            "INSERT INTO counters(name, value) SELECT '{short}', ({count}) WHERE true
               ON CONFLICT(name) DO UPDATE SET value = excluded.value"
        ),
    }
}

/// A person column recounted from `real` (a correlated expression over `people`).
fn person_column(
    name: &'static str,
    column: &str,
    triggers: &'static [&'static str],
    real: &str,
    all: bool,
) -> Kept {
    let keep = if all {
        String::new()
    } else {
        format!(" WHERE {column} IS NOT NULL")
    };
    Kept {
        name,
        key: Key::Person,
        triggers,
        kept: format!("SELECT id, {column} FROM people{keep}"),
        real: format!(
            "SELECT id, v FROM (SELECT id, {real} AS v FROM people) AS p{}",
            { if all { "" } else { " WHERE v IS NOT NULL" } }
        ),
        // The value computed once per person, then written where it differs.
        recount: format!(
            "UPDATE people SET {column} = n.v FROM (SELECT id AS pid, {real} AS v FROM people) AS n
               WHERE n.pid = people.id AND people.{column} IS DISTINCT FROM n.v"
        ),
    }
}

/// A table of counts by key, recounted whole.
fn counts(
    name: &'static str,
    key: Key,
    triggers: &'static [&'static str],
    table: &str,
    cols: &str,
    key_sql: &str,
    real: &str,
) -> Kept {
    Kept {
        name,
        key,
        triggers,
        kept: format!("SELECT {key_sql}, n FROM {table} WHERE n <> 0"),
        real: format!("SELECT {key_sql}, n FROM ({real}) AS r"),
        recount: format!("DELETE FROM {table}; INSERT INTO {table}({cols}) {real}"),
    }
}

/// The columns of a `slot_counts` row, each compared on its own.
const SLOT_COLUMNS: &str =
    "cols(col) AS (VALUES ('end_max'), ('n'), ('assigned'), ('on_duty'), ('cancelled'))";

/// `(planned_start/post_id/column, value)` for every column of every row of `rows` (a table or
/// CTE with `slot_counts`' columns).
fn slot_values(rows: &str) -> String {
    format!(
        "SELECT planned_start || '/' || post_id || '/' || col,
                CASE col WHEN 'end_max' THEN end_max WHEN 'n' THEN n WHEN 'assigned' THEN assigned
                  WHEN 'on_duty' THEN on_duty ELSE cancelled END
           FROM {rows}, cols"
    )
}

/// Each slot (post, planned start) of `shifts` counted from the rows, in `slot_counts`' columns.
const SLOTS_REAL: &str =
    "SELECT planned_start, post_id, max(planned_end) AS end_max, count(*) AS n,
         count(*) FILTER (WHERE status <> 'cancelled') AS assigned,
         count(*) FILTER (WHERE status = 'active') AS on_duty,
         count(*) FILTER (WHERE status = 'cancelled') AS cancelled
       FROM shifts GROUP BY planned_start, post_id";

/// Every kept value, in the order a full recount runs them (a person's forced rest before the
/// hours it is counted by).
pub static KEPT: LazyLock<Vec<Kept>> = LazyLock::new(|| {
    vec![
        counter(
            "counters.active_shifts",
            SHIFT_COUNTERS,
            "SELECT count(*) FROM shifts WHERE status = 'active'",
        ),
        counter(
            "counters.open_cases",
            CASE_COUNTERS,
            "SELECT count(*) FROM family_cases WHERE status <> 'resolved'",
        ),
        counter(
            "counters.urgent_cases",
            CASE_COUNTERS,
            "SELECT count(*) FROM family_cases WHERE status <> 'resolved' AND urgency = 3",
        ),
        counts(
            "planned_quarters",
            Key::Quarter,
            &[
                "counters_shift_insert",
                "counters_shift_delete",
                "counters_shift_update",
                "counters_post_kind",
            ],
            "planned_quarters",
            "quarter, kind, n",
            "quarter || '/' || kind",
            "SELECT s.planned_start / 900 AS quarter, po.kind AS kind, count(*) AS n FROM shifts s
               JOIN posts po ON po.id = s.post_id WHERE s.status = 'planned' GROUP BY 1, 2",
        ),
        counts(
            "breach_hours",
            Key::Hour,
            SHIFT_COUNTERS,
            "breach_hours",
            "hour, n",
            "hour",
            "SELECT breach_at / 3600 AS hour, count(*) AS n FROM shifts
               WHERE status = 'active' AND breach_at IS NOT NULL GROUP BY 1",
        ),
        person_column(
            "people.forced_until",
            "forced_until",
            &["forced_rest_insert", "forced_rest_update", "forced_rest_delete"],
            "(SELECT max(r.end_at) FROM rest_periods r WHERE r.person_id = people.id AND r.kind = 'forced')",
            false,
        ),
        counts(
            "forced_hours",
            Key::Hour,
            &["forced_hours_update"],
            "forced_hours",
            "hour, n",
            "hour",
            "SELECT forced_until / 3600 AS hour, count(*) AS n FROM people
               WHERE forced_until IS NOT NULL GROUP BY 1",
        ),
        person_column(
            "people.duty_rank",
            "duty_rank",
            &[
                "duty_rank_shift_insert",
                "duty_rank_shift_update",
                "duty_rank_shift_delete",
                "duty_rank_oos",
                "duty_rank_oos_update",
                "duty_rank_retired",
            ],
            &format!("({})", *RANK),
            true,
        ),
        person_column(
            "people.last_duty_end",
            "last_duty_end",
            &["shifts_done_insert", "shifts_done_update", "shifts_done_reopened"],
            "(SELECT max(s.actual_end) FROM shifts s WHERE s.person_id = people.id AND s.status = 'done')",
            false,
        ),
        Kept {
            name: "comp_balance",
            key: Key::Person,
            triggers: &["comp_ledger_balance"],
            kept: "SELECT person_id, minutes FROM comp_balance WHERE minutes <> 0".into(),
            real: "SELECT person_id, sum(minutes) FROM comp_ledger GROUP BY 1 HAVING sum(minutes) <> 0"
                .into(),
            recount: "DELETE FROM comp_balance;
                INSERT INTO comp_balance(person_id, minutes)
                  SELECT person_id, sum(minutes) FROM comp_ledger GROUP BY 1"
                .into(),
        },
        // Every row is kept (the triggers delete a slot with no shifts left), so none is left
        // out: a stray row is drift too.
        Kept {
            name: "slot_counts",
            key: Key::Slot,
            triggers: &["slot_counts_insert", "slot_counts_update", "slot_counts_delete"],
            kept: format!("WITH {SLOT_COLUMNS} {}", slot_values("slot_counts")),
            real: format!(
                "WITH {SLOT_COLUMNS}, real AS MATERIALIZED ({SLOTS_REAL}) {}",
                slot_values("real")
            ),
            recount: format!(
                "DELETE FROM slot_counts;
                 INSERT INTO slot_counts(planned_start, post_id, end_max, n, assigned, on_duty, cancelled)
                   SELECT planned_start, post_id, end_max, n, assigned, on_duty, cancelled
                   FROM ({SLOTS_REAL}) AS r"
            ),
        },
        person_column(
            "people.rest_until",
            "rest_until",
            &["rest_until_insert", "rest_until_update", "rest_until_delete"],
            "(SELECT max(r.end_at) FROM rest_periods r WHERE r.person_id = people.id)",
            false,
        ),
        person_column(
            "people.last_talk_at",
            "last_talk_at",
            &["talk_mark_insert", "talk_mark_update", "talk_mark_delete"],
            "(SELECT max(t.talked_at) FROM talks t WHERE t.person_id = people.id)",
            false,
        ),
        person_column(
            "people.protected_at",
            "protected_at",
            TRAINING_MARKS,
            "(SELECT max(g.trained_at) FROM trainings g
               WHERE g.person_id = people.id AND g.kind = 'self_protection')",
            false,
        ),
        person_column(
            "people.counselled_at",
            "counselled_at",
            TRAINING_MARKS,
            "(SELECT max(g.trained_at) FROM trainings g
               WHERE g.person_id = people.id AND g.kind = 'psychological')",
            false,
        ),
        person_column(
            "people.last_test_at",
            "last_test_at",
            &["test_mark_insert", "test_mark_update", "test_mark_delete"],
            "(SELECT max(t.tested_at) FROM nucleic_tests t WHERE t.person_id = people.id)",
            false,
        ),
        person_column(
            "people.last_report_day",
            "last_report_day",
            &["report_mark_insert", "report_mark_update", "report_mark_delete"],
            "(SELECT max(h.day) FROM health_reports h WHERE h.person_id = people.id)",
            false,
        ),
        // After the training marks they count.
        counter(
            "counters.people_active",
            CARE_COUNTS,
            "SELECT count(*) FROM people WHERE retired_at IS NULL",
        ),
        counter(
            "counters.untrained",
            CARE_COUNTS,
            "SELECT count(*) FROM people
               WHERE retired_at IS NULL AND (protected_at IS NULL OR counselled_at IS NULL)",
        ),
        counter(
            "counters.volunteers",
            CARE_COUNTS,
            "SELECT count(*) FROM people WHERE retired_at IS NULL AND category = 'volunteer'",
        ),
    ]
});

/// One kept row that differs from its real count (`None`: no row, or no value).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Drift {
    pub value: &'static str,
    #[serde(skip)]
    pub key: Key,
    pub row: String,
    pub kept: Option<i64>,
    pub real: Option<i64>,
}

fn rows(conn: &Connection, sql: &str) -> crate::store::db::Result<BTreeMap<String, Option<i64>>> {
    let mut st = conn.prepare(sql)?;
    let rows = st.query_map([], |r| {
        let key: rusqlite::types::Value = r.get(0)?;
        let key = match key {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        };
        Ok((key, r.get::<_, Option<i64>>(1)?))
    })?;
    rows.collect()
}

/// Every row of `k` whose kept value differs from its real count.
pub fn drift_of(conn: &Connection, k: &Kept) -> crate::store::db::Result<Vec<Drift>> {
    let kept = rows(conn, &k.kept)?;
    let real = rows(conn, &k.real)?;
    let mut keys: Vec<&String> = kept.keys().chain(real.keys()).collect();
    keys.sort_by(|a, b| natural(a).cmp(&natural(b)));
    keys.dedup();
    Ok(keys
        .into_iter()
        .filter_map(|key| {
            let (kv, rv) = (
                kept.get(key).copied().flatten(),
                real.get(key).copied().flatten(),
            );
            (kv != rv).then(|| Drift {
                value: k.name,
                key: k.key,
                row: key.clone(),
                kept: kv,
                real: rv,
            })
        })
        .collect())
}

/// Numbers in numeric order (person 9 before person 10).
fn natural(s: &str) -> (i64, &str) {
    let head = s.split('/').next().unwrap_or(s);
    (head.parse().unwrap_or(i64::MIN), s)
}

/// Every kept row that differs from its real count, value by value.
pub fn check(conn: &Connection) -> crate::store::db::Result<Vec<Drift>> {
    let mut out = Vec::new();
    for k in KEPT.iter() {
        out.extend(drift_of(conn, k)?);
    }
    Ok(out)
}

/// Rewrite every kept value from the raw rows (the demo, after its bulk load).
pub fn recount_all(conn: &Connection) -> crate::store::db::Result<()> {
    for k in KEPT.iter() {
        conn.execute_batch(&k.recount)?;
    }
    Ok(())
}

/// Every trigger that keeps a value, each once.
pub fn trigger_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for t in KEPT.iter().flat_map(|k| k.triggers.iter()) {
        if !names.contains(t) {
            names.push(t);
        }
    }
    names
}

/// Drop the named indexes or triggers and return the SQL that creates them again, as the
/// database holds it (for a bulk load: `restore` afterwards). Names it lacks are skipped.
pub fn set_aside(conn: &Connection, names: &[&str]) -> crate::store::db::Result<Vec<String>> {
    let mut out = Vec::new();
    for name in names {
        let found: Option<(String, String)> = conn
            .query_row(
                "SELECT type, sql FROM sqlite_master WHERE name = ?1 AND sql IS NOT NULL",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        if let Some((kind, sql)) = found {
            conn.execute_batch(&format!("DROP {} \"{name}\"", kind.to_uppercase()))?;
            out.push(sql);
        }
    }
    Ok(out)
}

/// Create again what `set_aside` dropped.
pub fn restore(conn: &Connection, sql: &[String]) -> crate::store::db::Result<()> {
    for s in sql {
        conn.execute_batch(s)?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "kept_tests.rs"]
mod tests;
