
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
