
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
