//! Migration 9 (issue 8, city scale): what the header and the roster read on every refresh,
//! kept by triggers or read from covering indexes, so a refresh reads a few rows whatever the
//! size of the post.

/// Migration 9 — the current forced rests (the roster's status groups, the daily report) read
/// from the index alone: with only `end_at` indexed, each one cost a table read. `demo` runs
/// this again after its bulk load, since it rebuilds `V1_INDEXES`.
pub const V9_INDEXES: &str = r#"
DROP INDEX IF EXISTS rest_forced_end;
CREATE INDEX IF NOT EXISTS rest_forced_now ON rest_periods(end_at, start_at, person_id) WHERE kind = 'forced';
"#;

/// Migration 9 also keeps the open and urgent family cases counted (the header and the Cases
/// panel's title read them on every refresh; counting 2 000 open cases was 0.1 ms each).
const V9_CASE_COUNTERS: &str = r#"
INSERT OR REPLACE INTO counters(name, value)
  SELECT 'open_cases', count(*) FROM family_cases WHERE status <> 'resolved';
INSERT OR REPLACE INTO counters(name, value)
  SELECT 'urgent_cases', count(*) FROM family_cases WHERE status <> 'resolved' AND urgency = 3;
CREATE TRIGGER counters_case_insert AFTER INSERT ON family_cases
  WHEN NEW.status <> 'resolved' BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'open_cases';
  UPDATE counters SET value = value + 1 WHERE name = 'urgent_cases' AND NEW.urgency = 3;
END;
CREATE TRIGGER counters_case_delete AFTER DELETE ON family_cases
  WHEN OLD.status <> 'resolved' BEGIN
  UPDATE counters SET value = value - 1 WHERE name = 'open_cases';
  UPDATE counters SET value = value - 1 WHERE name = 'urgent_cases' AND OLD.urgency = 3;
END;
CREATE TRIGGER counters_case_update AFTER UPDATE OF status, urgency ON family_cases BEGIN
  UPDATE counters SET value = value + (NEW.status <> 'resolved') - (OLD.status <> 'resolved')
    WHERE name = 'open_cases';
  UPDATE counters SET value = value + (NEW.status <> 'resolved' AND NEW.urgency = 3)
    - (OLD.status <> 'resolved' AND OLD.urgency = 3) WHERE name = 'urgent_cases';
END;
"#;

/// Migration 9 also counts the people in forced rest without counting rest periods: a person's
/// latest forced-rest end is kept on the person, and people are counted by the hour it falls
/// in (as `breach_hours` does for overdue shifts). The count is the future hours plus an index
/// range within this one, whether 900 or 9 000 people are resting. Forced rests start when they
/// are written (`force_rest` at the executor's clock), so one ending after now is one in force.
const V9_FORCED: &str = r#"
ALTER TABLE people ADD COLUMN forced_until INTEGER;
CREATE TABLE forced_hours(hour INTEGER PRIMARY KEY, n INTEGER NOT NULL);
UPDATE people SET forced_until = m.e
  FROM (SELECT person_id, max(end_at) AS e FROM rest_periods WHERE kind = 'forced' GROUP BY person_id) AS m
  WHERE m.person_id = people.id;
INSERT INTO forced_hours(hour, n)
  SELECT forced_until / 3600, count(*) FROM people WHERE forced_until IS NOT NULL GROUP BY 1;
CREATE INDEX people_forced_until ON people(forced_until) WHERE forced_until IS NOT NULL;
CREATE TRIGGER forced_rest_insert AFTER INSERT ON rest_periods WHEN NEW.kind = 'forced' BEGIN
  UPDATE people SET forced_until = NEW.end_at
    WHERE id = NEW.person_id AND (forced_until IS NULL OR forced_until < NEW.end_at);
END;
CREATE TRIGGER forced_rest_update AFTER UPDATE OF kind, end_at, person_id ON rest_periods
  WHEN OLD.kind = 'forced' OR NEW.kind = 'forced' BEGIN
  UPDATE people SET forced_until = (SELECT max(r.end_at) FROM rest_periods r
      WHERE r.person_id = people.id AND r.kind = 'forced')
    WHERE id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER forced_rest_delete AFTER DELETE ON rest_periods WHEN OLD.kind = 'forced' BEGIN
  UPDATE people SET forced_until = (SELECT max(r.end_at) FROM rest_periods r
      WHERE r.person_id = people.id AND r.kind = 'forced')
    WHERE id = OLD.person_id;
END;
CREATE TRIGGER forced_hours_update AFTER UPDATE OF forced_until ON people
  WHEN OLD.forced_until IS NOT NEW.forced_until BEGIN
  UPDATE forced_hours SET n = n - 1
    WHERE OLD.forced_until IS NOT NULL AND hour = OLD.forced_until / 3600;
  INSERT INTO forced_hours(hour, n) SELECT NEW.forced_until / 3600, 1 WHERE NEW.forced_until IS NOT NULL
    ON CONFLICT(hour) DO UPDATE SET n = n + 1;
END;
"#;

/// Migration 9 also keeps each person's standing that does not change with the clock — on
/// duty, out of service, retired or neither — on the person, with an index on it and the name:
/// the roster sorted by status walks it instead of testing 100 000 people against the set of
/// 37 000 running shifts (40–90 ms a page at city size). Forced rest and rest, which end with
/// time, stay read from their (small) sets. Ranks as in the roster: 0 on duty, 1 out of
/// service, 4 none of these, 5 retired.
pub const V9_DUTY_RANK: &str = r#"
ALTER TABLE people ADD COLUMN duty_rank INTEGER NOT NULL DEFAULT 4;
CREATE INDEX people_duty_rank ON people(duty_rank, name);
"#;

/// A person's `duty_rank` from their rows (in a statement over `people`).
const RANK: &str = "CASE
    WHEN retired_at IS NOT NULL THEN 5
    WHEN EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = people.id AND s.status = 'active') THEN 0
    WHEN EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = people.id AND o.end_at IS NULL) THEN 1
    ELSE 4 END";

/// The recount and the triggers of `duty_rank`: each recomputes the rank of the people a
/// changed row belongs to. `demo` drops the shift triggers for its bulk load
/// (`DUTY_RANK_TRIGGERS`) and runs this again afterwards.
pub static V9_DUTY_RANK_DERIVED: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "UPDATE people SET duty_rank = {RANK};
CREATE TRIGGER IF NOT EXISTS duty_rank_shift_insert AFTER INSERT ON shifts
  WHEN NEW.status = 'active' BEGIN
  UPDATE people SET duty_rank = {RANK} WHERE id = NEW.person_id;
END;
CREATE TRIGGER IF NOT EXISTS duty_rank_shift_update AFTER UPDATE OF status, person_id ON shifts
  WHEN OLD.status = 'active' OR NEW.status = 'active' BEGIN
  UPDATE people SET duty_rank = {RANK} WHERE id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER IF NOT EXISTS duty_rank_shift_delete AFTER DELETE ON shifts
  WHEN OLD.status = 'active' BEGIN
  UPDATE people SET duty_rank = {RANK} WHERE id = OLD.person_id;
END;
CREATE TRIGGER IF NOT EXISTS duty_rank_oos AFTER INSERT ON out_of_service BEGIN
  UPDATE people SET duty_rank = {RANK} WHERE id = NEW.person_id;
END;
CREATE TRIGGER IF NOT EXISTS duty_rank_oos_update AFTER UPDATE OF end_at, person_id ON out_of_service BEGIN
  UPDATE people SET duty_rank = {RANK} WHERE id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER IF NOT EXISTS duty_rank_retired AFTER UPDATE OF retired_at ON people
  WHEN OLD.retired_at IS NOT NEW.retired_at BEGIN
  UPDATE people SET duty_rank = {RANK} WHERE id = NEW.id;
END;
"
    )
});

/// Names of the shift triggers in `V9_DUTY_RANK_DERIVED` (dropped by the demo's bulk load).
pub const DUTY_RANK_TRIGGERS: [&str; 3] = [
    "duty_rank_shift_insert",
    "duty_rank_shift_update",
    "duty_rank_shift_delete",
];

pub static V9: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{V9_INDEXES}{V9_CASE_COUNTERS}{V9_FORCED}{V9_DUTY_RANK}{}",
        *V9_DUTY_RANK_DERIVED
    )
});
