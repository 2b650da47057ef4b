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
-- Covering (person, post) so panel counts and filters never touch the 5-million-row table.
CREATE INDEX IF NOT EXISTS shifts_active_since ON shifts(actual_start, person_id, post_id) WHERE status = 'active';
CREATE INDEX IF NOT EXISTS shifts_active_breach ON shifts(breach_at, person_id, post_id) WHERE status = 'active' AND breach_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS rest_person_end ON rest_periods(person_id, end_at);
CREATE INDEX IF NOT EXISTS rest_forced_end ON rest_periods(end_at) WHERE kind = 'forced';
CREATE INDEX IF NOT EXISTS cases_pending ON family_cases(urgency DESC, opened_at) WHERE status <> 'resolved';
CREATE INDEX IF NOT EXISTS audit_at ON audit_log(at);
"#;

/// Issue 5, supplies and logistics: adjustments counted per day (so a stock chart needs one row a
/// day), logistics requests, an index for tomorrow's planned shifts (the demand forecast), and
/// the standard item catalogue and a command-post store in a database that has none.
/// A depot with a `post_id` is that post's cabinet; one without is a command-post store.
/// Consumption ratios per post kind live in the rules file (`[supplies]`), not here.
const V3_SUPPLIES: &str = r#"
ALTER TABLE stock_daily ADD COLUMN adjusted INTEGER NOT NULL DEFAULT 0;
CREATE TABLE logistics_requests(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK(kind IN ('meals','lodging','heat_relief','night_duty','transport')),
  post_id INTEGER REFERENCES posts(id),
  person_id INTEGER REFERENCES people(id),
  quantity INTEGER NOT NULL CHECK(quantity > 0),
  needed_by INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK(status IN ('open','arranged','done')),
  opened_at INTEGER NOT NULL,
  arranged_at INTEGER,
  arrangement TEXT,
  done_at INTEGER,
  CHECK(post_id IS NOT NULL OR person_id IS NOT NULL)
);
CREATE INDEX requests_pending ON logistics_requests(needed_by, id) WHERE status <> 'done';
CREATE INDEX shifts_planned_start ON shifts(planned_start, post_id) WHERE status = 'planned';
INSERT OR IGNORE INTO supply_items(code, name_zh, name_en, unit_zh, unit_en, category, reorder_level) VALUES
  ('MASK', '医用外科口罩', 'Surgical masks', '只', 'pcs', 'mask', 2000),
  ('N95', 'N95口罩', 'N95 respirators', '只', 'pcs', 'mask', 500),
  ('SUIT', '防护服', 'Protective suits', '套', 'sets', 'suit', 300),
  ('GOWN', '隔离衣', 'Isolation gowns', '件', 'pcs', 'suit', 300),
  ('GLOVE', '医用手套', 'Gloves', '副', 'pairs', 'glove', 1000),
  ('GOGGLE', '护目镜', 'Goggles', '副', 'pairs', 'eye', 50),
  ('SHIELD', '面屏', 'Face shields', '个', 'pcs', 'eye', 100),
  ('DISINF', '消毒剂', 'Disinfectant', '瓶', 'bottles', 'disinfectant', 60),
  ('THERMO', '测温枪', 'Thermometers', '把', 'pcs', 'device', 10);
INSERT INTO depots(name) SELECT '指挥部仓库' WHERE NOT EXISTS (SELECT 1 FROM depots);
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
    Migrations::new(vec![
        M::up(V1),
        M::up(V1_INDEXES),
        M::up(V3_SUPPLIES),
        M::up(V4.as_str()),
        M::up(V5_HEALTH_CARE),
        M::up(V6_COUNTERS.as_str()),
        M::up(V7_ALERT_ACKS),
        M::up(V8.as_str()),
        M::up(super::schema_v9::V9.as_str()),
        M::up(super::schema_v10::V10),
        M::up(super::schema_v11::V11),
        M::up(super::schema_v12::V12.as_str()),
    ])
}

/// Migration 6 — counts the header, panel titles and supplies screen show on every refresh,
/// kept by triggers so a refresh reads a few rows instead of counting 30 000 running or
/// planned shifts at city size.
pub static V6_COUNTERS: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| format!("{V6_COUNTER_TABLES}{V6_COUNTER_DERIVED}"));

const V6_COUNTER_TABLES: &str = r#"
CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
-- Planned person-shifts by the quarter hour they start in (unix seconds / 900) and post kind:
-- any local day is a whole number of quarters in every real time zone, so a day's demand by
-- post kind is a sum over at most 96 x kinds rows.
CREATE TABLE planned_quarters(
  quarter INTEGER NOT NULL,
  kind TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY(quarter, kind)
) WITHOUT ROWID;
-- Running shifts by the hour (unix seconds / 3600) of their stored first breach: the Overdue
-- count is the sum over the past hours plus an index range within the current one.
CREATE TABLE breach_hours(hour INTEGER PRIMARY KEY, n INTEGER NOT NULL);
"#;

/// The triggers and the recount; `demo` drops the triggers for its bulk load and runs this
/// again afterwards.
pub const V6_COUNTER_DERIVED: &str = r#"
INSERT OR REPLACE INTO counters(name, value) SELECT 'active_shifts', count(*) FROM shifts WHERE status = 'active';
DELETE FROM planned_quarters;
INSERT INTO planned_quarters(quarter, kind, n)
  SELECT s.planned_start / 900, po.kind, count(*) FROM shifts s JOIN posts po ON po.id = s.post_id
  WHERE s.status = 'planned' GROUP BY 1, 2;
DELETE FROM breach_hours;
INSERT INTO breach_hours(hour, n)
  SELECT breach_at / 3600, count(*) FROM shifts WHERE status = 'active' AND breach_at IS NOT NULL GROUP BY 1;
CREATE TRIGGER IF NOT EXISTS counters_shift_insert AFTER INSERT ON shifts
  WHEN NEW.status IN ('active', 'planned') BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'active_shifts' AND NEW.status = 'active';
  INSERT INTO planned_quarters(quarter, kind, n)
    SELECT NEW.planned_start / 900, kind, 1 FROM posts WHERE id = NEW.post_id AND NEW.status = 'planned'
    ON CONFLICT(quarter, kind) DO UPDATE SET n = n + 1;
  INSERT INTO breach_hours(hour, n)
    SELECT NEW.breach_at / 3600, 1 WHERE NEW.status = 'active' AND NEW.breach_at IS NOT NULL
    ON CONFLICT(hour) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS counters_shift_delete AFTER DELETE ON shifts
  WHEN OLD.status IN ('active', 'planned') BEGIN
  UPDATE counters SET value = value - 1 WHERE name = 'active_shifts' AND OLD.status = 'active';
  UPDATE planned_quarters SET n = n - 1 WHERE OLD.status = 'planned'
    AND quarter = OLD.planned_start / 900 AND kind = (SELECT kind FROM posts WHERE id = OLD.post_id);
  UPDATE breach_hours SET n = n - 1 WHERE OLD.status = 'active' AND OLD.breach_at IS NOT NULL
    AND hour = OLD.breach_at / 3600;
END;
CREATE TRIGGER IF NOT EXISTS counters_shift_update AFTER UPDATE OF status, planned_start, post_id, breach_at ON shifts
  WHEN OLD.status IN ('active', 'planned') OR NEW.status IN ('active', 'planned') BEGIN
  UPDATE counters SET value = value + (NEW.status = 'active') - (OLD.status = 'active')
    WHERE name = 'active_shifts';
  UPDATE planned_quarters SET n = n - 1 WHERE OLD.status = 'planned'
    AND quarter = OLD.planned_start / 900 AND kind = (SELECT kind FROM posts WHERE id = OLD.post_id);
  INSERT INTO planned_quarters(quarter, kind, n)
    SELECT NEW.planned_start / 900, kind, 1 FROM posts WHERE id = NEW.post_id AND NEW.status = 'planned'
    ON CONFLICT(quarter, kind) DO UPDATE SET n = n + 1;
  UPDATE breach_hours SET n = n - 1 WHERE OLD.status = 'active' AND OLD.breach_at IS NOT NULL
    AND hour = OLD.breach_at / 3600;
  INSERT INTO breach_hours(hour, n)
    SELECT NEW.breach_at / 3600, 1 WHERE NEW.status = 'active' AND NEW.breach_at IS NOT NULL
    ON CONFLICT(hour) DO UPDATE SET n = n + 1;
END;
-- A post that changes kind moves its planned shifts' counts (rare: recount).
CREATE TRIGGER IF NOT EXISTS counters_post_kind AFTER UPDATE OF kind ON posts BEGIN
  DELETE FROM planned_quarters;
  INSERT INTO planned_quarters(quarter, kind, n)
    SELECT s.planned_start / 900, po.kind, count(*) FROM shifts s JOIN posts po ON po.id = s.post_id
    WHERE s.status = 'planned' GROUP BY 1, 2;
END;
"#;

/// Names of the triggers in `V6_COUNTER_DERIVED` (dropped by the demo's bulk load).
pub const V6_TRIGGERS: [&str; 4] = [
    "counters_shift_insert",
    "counters_shift_delete",
    "counters_shift_update",
    "counters_post_kind",
];

/// Migration 5 — health, family support and care (measures 1, 4, 6, 7). Temperatures in tenths of °C,
/// money in fen (分), days as local day numbers, times as unix seconds.
const V5_HEALTH_CARE: &str = r#"
CREATE TABLE health_reports(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  day INTEGER NOT NULL,
  temp_dc INTEGER CHECK(temp_dc IS NULL OR temp_dc BETWEEN 340 AND 430),
  symptoms TEXT NOT NULL DEFAULT '',
  fit INTEGER NOT NULL CHECK(fit IN (0, 1)),
  -- Derived when written (domain::health::is_unwell), so the unwell can be counted by index.
  unwell INTEGER NOT NULL CHECK(unwell IN (0, 1)),
  note TEXT NOT NULL DEFAULT '',
  reported_at INTEGER NOT NULL,
  via_phone INTEGER NOT NULL DEFAULT 0 CHECK(via_phone IN (0, 1)),
  UNIQUE(person_id, day)
);
CREATE INDEX health_day_unwell ON health_reports(day, unwell);
-- Reports and unwell per local day, kept in step by the executor: the header reads one row.
CREATE TABLE health_daily(
  day INTEGER PRIMARY KEY,
  reported INTEGER NOT NULL DEFAULT 0 CHECK(reported >= 0),
  unwell INTEGER NOT NULL DEFAULT 0 CHECK(unwell >= 0)
);
CREATE TABLE nucleic_tests(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  tested_at INTEGER NOT NULL,
  result TEXT NOT NULL CHECK(result IN ('pending','negative','positive')),
  site TEXT NOT NULL DEFAULT '',
  recorded_at INTEGER NOT NULL,
  UNIQUE(person_id, tested_at)
);
CREATE INDEX tests_at ON nucleic_tests(tested_at);
CREATE TABLE medical_assignments(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  community_id INTEGER NOT NULL REFERENCES communities(id),
  since INTEGER NOT NULL,
  until INTEGER
);
CREATE UNIQUE INDEX medics_current ON medical_assignments(community_id, person_id) WHERE until IS NULL;
-- Out of service (ICS "out of service: health"): no duty until ended by hand.
CREATE TABLE out_of_service(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  reason TEXT NOT NULL CHECK(reason IN ('health')),
  start_at INTEGER NOT NULL,
  end_at INTEGER,
  test_id INTEGER REFERENCES nucleic_tests(id),
  CHECK(end_at IS NULL OR end_at >= start_at)
);
CREATE UNIQUE INDEX oos_current ON out_of_service(person_id) WHERE end_at IS NULL;
CREATE TABLE alerts(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK(kind IN ('positive_test')),
  person_id INTEGER REFERENCES people(id),
  ref_id INTEGER,
  raised_at INTEGER NOT NULL,
  acknowledged_at INTEGER,
  acknowledged_by TEXT
);
CREATE INDEX alerts_open ON alerts(raised_at) WHERE acknowledged_at IS NULL;
CREATE TABLE family_situations(
  person_id INTEGER PRIMARY KEY REFERENCES people(id),
  dependents INTEGER NOT NULL DEFAULT 0 CHECK(dependents >= 0),
  elderly INTEGER NOT NULL DEFAULT 0 CHECK(elderly >= 0),
  children INTEGER NOT NULL DEFAULT 0 CHECK(children >= 0),
  notes TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
);
CREATE TABLE care_visits(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  visited_at INTEGER NOT NULL,
  to_family INTEGER NOT NULL DEFAULT 0 CHECK(to_family IN (0, 1)),
  visitors TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  -- Paid from retained party dues (党费), in fen.
  dues_fen INTEGER NOT NULL DEFAULT 0 CHECK(dues_fen >= 0),
  recorded_at INTEGER NOT NULL
);
CREATE INDEX visits_at ON care_visits(visited_at);
CREATE TABLE talks(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  talked_at INTEGER NOT NULL,
  by_whom TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX talks_person_at ON talks(person_id, talked_at);
CREATE TABLE trainings(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  kind TEXT NOT NULL CHECK(kind IN ('self_protection','psychological')),
  trained_at INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX trainings_person ON trainings(person_id, kind, trained_at);
CREATE TABLE insurance(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  policy TEXT NOT NULL DEFAULT '',
  valid_from INTEGER NOT NULL,
  valid_until INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  CHECK(valid_until > valid_from)
);
CREATE INDEX insurance_person ON insurance(person_id, valid_until);
CREATE INDEX cases_opened ON family_cases(opened_at);
CREATE INDEX people_community ON people(community_id);
-- The few retired, subtracted from everyone for "no report today" on every header refresh.
CREATE INDEX people_retired ON people(retired_at) WHERE retired_at IS NOT NULL;
"#;

/// Migration 4: the tables of issue 3 (shifts, rest, call-up) and their derived indexes and
/// triggers.
static V4: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| format!("{V3_SHIFTS}{V3_DERIVED}"));

/// The schema version this build writes.
pub const LATEST: usize = 12;

/// Migration 7 (issue 9) — acknowledgements of derived alerts (a rest rule crossed, an item
/// low), keyed by what they acknowledge; positive tests keep theirs in `alerts`.
const V7_ALERT_ACKS: &str = r#"
CREATE TABLE alert_acks(
  key TEXT PRIMARY KEY,
  acknowledged_at INTEGER NOT NULL,
  acknowledged_by TEXT NOT NULL
);
"#;

/// Migration 8 — people, party and honours (measures 1, 2, 8, 10): dual registration (双报到:
/// the work unit's party branch and the residence community), the party-development list
/// (发展党员, fast-track admission from the front line), nominations of exemplary workers
/// (选树先进典型) with the evidence of their record frozen at nomination, and one index per
/// roster sort column so every sort is an index walk.
const V8_PEOPLE: &str = r#"
ALTER TABLE people ADD COLUMN party_branch TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN residence_community_id INTEGER REFERENCES communities(id);
CREATE TABLE party_development(
  person_id INTEGER PRIMARY KEY REFERENCES people(id),
  status TEXT NOT NULL CHECK(status IN ('candidate','recommended','admitted')),
  note TEXT NOT NULL DEFAULT '',
  flagged_at INTEGER NOT NULL,
  recommended_at INTEGER,
  admitted_at INTEGER,
  -- Party status before admission (admission makes the person a member).
  was TEXT
);
CREATE TABLE nominations(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  deeds TEXT NOT NULL CHECK(length(trim(deeds)) > 0),
  evidence TEXT NOT NULL CHECK(json_valid(evidence)),
  status TEXT NOT NULL CHECK(status IN ('nominated','approved','publicised')),
  nominated_at INTEGER NOT NULL,
  nominated_by TEXT NOT NULL,
  approved_at INTEGER,
  publicised_at INTEGER
);
CREATE INDEX nominations_person ON nominations(person_id, nominated_at);
CREATE INDEX nominations_status ON nominations(status, nominated_at);
"#;

/// The roster's sort indexes (name and staff code have theirs already), kept apart so the demo
/// generator can bulk-load without them and add them after.
pub const V8_INDEXES: &str = r#"
CREATE INDEX IF NOT EXISTS people_sort_category ON people(category, name);
CREATE INDEX IF NOT EXISTS people_sort_unit ON people(source_unit, name);
CREATE INDEX IF NOT EXISTS people_sort_community ON people(community_id, name);
CREATE INDEX IF NOT EXISTS people_sort_party ON people(party_status, name);
CREATE INDEX IF NOT EXISTS rest_end ON rest_periods(end_at, person_id);
"#;

static V8: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| format!("{V8_PEOPLE}{V8_INDEXES}"));
