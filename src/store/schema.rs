//! Versioned schema. Append new migrations; never edit a released one.

use rusqlite_migration::{M, Migrations};

const V1: &str = r#"
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE streets(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE communities(
  id INTEGER PRIMARY KEY,
  street_id INTEGER NOT NULL REFERENCES streets(id),
  name TEXT NOT NULL
);
CREATE TABLE posts(
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK(kind IN ('sampling','checkpoint','sealed','command')),
  required_per_shift INTEGER NOT NULL CHECK(required_per_shift >= 0)
);
CREATE TABLE people(
  id INTEGER PRIMARY KEY,
  staff_code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  category TEXT NOT NULL CHECK(category IN ('medical','cadre','community','volunteer')),
  source_unit TEXT NOT NULL DEFAULT '',
  community_id INTEGER REFERENCES communities(id),
  party_status TEXT NOT NULL DEFAULT 'none' CHECK(party_status IN ('member','activist','applicant','none')),
  phone TEXT NOT NULL DEFAULT '',
  retired_at INTEGER
);
CREATE TABLE shifts(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  post_id INTEGER NOT NULL REFERENCES posts(id),
  planned_start INTEGER NOT NULL,
  planned_end INTEGER NOT NULL,
  actual_start INTEGER,
  actual_end INTEGER,
  status TEXT NOT NULL CHECK(status IN ('planned','active','done','cancelled')),
  -- Derived: when the active shift first breaks a rest rule, and which (see domain::rules).
  breach_at INTEGER,
  breach_rule TEXT,
  CHECK(planned_end > planned_start),
  CHECK(actual_end IS NULL OR actual_end >= actual_start)
);
CREATE TABLE rest_periods(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  kind TEXT NOT NULL CHECK(kind IN ('rotation','swapped','compensatory','forced')),
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  -- end_at = start_at: a rest ended in the second it began (covers no time).
  CHECK(end_at >= start_at)
);
CREATE TABLE family_cases(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  category TEXT NOT NULL CHECK(category IN ('childcare','eldercare','illness','housing','finances','psychological','other')),
  urgency INTEGER NOT NULL CHECK(urgency BETWEEN 1 AND 3),
  summary TEXT NOT NULL DEFAULT '',
  organisation TEXT CHECK(organisation IS NULL OR organisation IN ('party','union','youth','women')),
  helper TEXT,
  status TEXT NOT NULL CHECK(status IN ('open','assigned','in_progress','resolved')),
  opened_at INTEGER NOT NULL,
  resolved_at INTEGER,
  outcome TEXT
);
CREATE TABLE depots(id INTEGER PRIMARY KEY, name TEXT NOT NULL, post_id INTEGER REFERENCES posts(id));
CREATE TABLE supply_items(
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  unit_zh TEXT NOT NULL,
  unit_en TEXT NOT NULL,
  category TEXT NOT NULL,
  reorder_level INTEGER NOT NULL DEFAULT 0
);
-- On hand per item and depot: the sum of movements, kept in step by the executor.
CREATE TABLE stock(
  item_id INTEGER NOT NULL REFERENCES supply_items(id),
  depot_id INTEGER NOT NULL REFERENCES depots(id),
  on_hand INTEGER NOT NULL CHECK(on_hand >= 0),
  PRIMARY KEY(item_id, depot_id)
) WITHOUT ROWID;
CREATE TABLE stock_movements(
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES supply_items(id),
  depot_id INTEGER NOT NULL REFERENCES depots(id),
  kind TEXT NOT NULL CHECK(kind IN ('receive','issue','transfer_in','transfer_out','adjust')),
  quantity INTEGER NOT NULL,
  at INTEGER NOT NULL,
  post_id INTEGER REFERENCES posts(id),
  person_id INTEGER REFERENCES people(id),
  reason TEXT NOT NULL DEFAULT ''
);
-- Daily totals per item (local days), kept in step by the executor: burn rate reads 7 rows.
CREATE TABLE stock_daily(
  item_id INTEGER NOT NULL REFERENCES supply_items(id),
  day INTEGER NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  issued INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(item_id, day)
) WITHOUT ROWID;
CREATE TABLE audit_log(
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  operator TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  details TEXT NOT NULL CHECK(json_valid(details))
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#;

/// Indexes, kept apart so the demo generator can bulk-load first and index after.
pub const V1_INDEXES: &str = r#"
CREATE INDEX IF NOT EXISTS people_name ON people(name);
CREATE INDEX IF NOT EXISTS shifts_person_start ON shifts(person_id, planned_start);
CREATE UNIQUE INDEX IF NOT EXISTS shifts_one_active ON shifts(person_id) WHERE status = 'active';
CREATE INDEX IF NOT EXISTS shifts_active_since ON shifts(actual_start) WHERE status = 'active';
CREATE INDEX IF NOT EXISTS shifts_active_breach ON shifts(breach_at) WHERE status = 'active' AND breach_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS rest_person_end ON rest_periods(person_id, end_at);
CREATE INDEX IF NOT EXISTS rest_forced_end ON rest_periods(end_at) WHERE kind = 'forced';
CREATE INDEX IF NOT EXISTS cases_pending ON family_cases(urgency DESC, opened_at) WHERE status <> 'resolved';
CREATE INDEX IF NOT EXISTS movements_item_at ON stock_movements(item_id, at);
CREATE INDEX IF NOT EXISTS audit_at ON audit_log(at);
"#;

/// Issue 3 — shifts, rest and call-up: the compensatory-leave ledger (补休) and its balances,
/// people added on the spot (就地转化) with dual registration (双报到) and a note, and each
/// person's end of last duty (kept by triggers) so the call-up list is an index walk.
const V3_SHIFTS: &str = r#"
ALTER TABLE people ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN dual_registered INTEGER NOT NULL DEFAULT 0 CHECK(dual_registered IN (0, 1));
ALTER TABLE people ADD COLUMN converted_at INTEGER;
ALTER TABLE people ADD COLUMN last_duty_end INTEGER;
-- Hours owed, in minutes: + a planned rest day worked ('worked_rest'), an untaken rest handed
-- back ('refund') or a correction ('adjust'); - compensatory rest taken ('taken').
CREATE TABLE comp_ledger(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  at INTEGER NOT NULL,
  minutes INTEGER NOT NULL CHECK(minutes <> 0),
  kind TEXT NOT NULL CHECK(kind IN ('worked_rest','taken','refund','adjust')),
  rest_id INTEGER REFERENCES rest_periods(id),
  note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE comp_balance(
  person_id INTEGER PRIMARY KEY REFERENCES people(id),
  minutes INTEGER NOT NULL CHECK(minutes >= 0)
);
CREATE TRIGGER comp_ledger_no_update BEFORE UPDATE ON comp_ledger
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER comp_ledger_no_delete BEFORE DELETE ON comp_ledger
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
-- (Not an upsert: SQLite checks CHECK constraints on the row to insert before the conflict.)
CREATE TRIGGER comp_ledger_balance AFTER INSERT ON comp_ledger BEGIN
  INSERT OR IGNORE INTO comp_balance(person_id, minutes) VALUES (NEW.person_id, 0);
  UPDATE comp_balance SET minutes = minutes + NEW.minutes WHERE person_id = NEW.person_id;
END;
CREATE INDEX comp_ledger_person ON comp_ledger(person_id, at);
CREATE INDEX comp_balance_owed ON comp_balance(minutes DESC, person_id) WHERE minutes > 0;
"#;

/// Derived indexes and triggers of issue 3, kept apart (like `V1_INDEXES`) so the demo
/// generator can bulk-load without them and add them after.
pub const V3_DERIVED: &str = r#"
CREATE INDEX IF NOT EXISTS shifts_day ON shifts(planned_start, post_id, status, planned_end);
CREATE INDEX IF NOT EXISTS people_community_rested ON people(community_id, last_duty_end) WHERE retired_at IS NULL;
CREATE INDEX IF NOT EXISTS people_rested ON people(last_duty_end) WHERE retired_at IS NULL;
CREATE INDEX IF NOT EXISTS rest_person_start ON rest_periods(person_id, start_at);
CREATE TRIGGER IF NOT EXISTS shifts_done_insert AFTER INSERT ON shifts WHEN NEW.status = 'done' BEGIN
  UPDATE people SET last_duty_end = max(coalesce(last_duty_end, 0), NEW.actual_end) WHERE id = NEW.person_id;
END;
CREATE TRIGGER IF NOT EXISTS shifts_done_update AFTER UPDATE OF status, actual_end ON shifts WHEN NEW.status = 'done' BEGIN
  UPDATE people SET last_duty_end = max(coalesce(last_duty_end, 0), NEW.actual_end) WHERE id = NEW.person_id;
END;
UPDATE people SET last_duty_end = (SELECT s.actual_end FROM shifts s WHERE s.person_id = people.id
  AND s.status = 'done' ORDER BY s.planned_start DESC LIMIT 1) WHERE last_duty_end IS NULL;
"#;

pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(V1), M::up(V1_INDEXES), M::up(V3.as_str())])
}

/// Migration 3: the tables of issue 3 and their derived indexes and triggers.
static V3: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| format!("{V3_SHIFTS}{V3_DERIVED}"));

/// The schema version this build writes.
pub const LATEST: usize = 3;
