
DROP INDEX IF EXISTS rest_forced_end;
CREATE INDEX IF NOT EXISTS rest_forced_now ON rest_periods(end_at, start_at, person_id) WHERE kind = 'forced';

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

ALTER TABLE people ADD COLUMN duty_rank INTEGER NOT NULL DEFAULT 4;
CREATE INDEX people_duty_rank ON people(duty_rank, name);
UPDATE people SET duty_rank = CASE
    WHEN retired_at IS NOT NULL THEN 5
    WHEN EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = people.id AND s.status = 'active') THEN 0
    WHEN EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = people.id AND o.end_at IS NULL) THEN 1
    ELSE 4 END;
CREATE TRIGGER IF NOT EXISTS duty_rank_shift_insert AFTER INSERT ON shifts
  WHEN NEW.status = 'active' BEGIN
  UPDATE people SET duty_rank = CASE
    WHEN retired_at IS NOT NULL THEN 5
    WHEN EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = people.id AND s.status = 'active') THEN 0
    WHEN EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = people.id AND o.end_at IS NULL) THEN 1
    ELSE 4 END WHERE id = NEW.person_id;
END;
CREATE TRIGGER IF NOT EXISTS duty_rank_shift_update AFTER UPDATE OF status, person_id ON shifts
  WHEN OLD.status = 'active' OR NEW.status = 'active' BEGIN
  UPDATE people SET duty_rank = CASE
    WHEN retired_at IS NOT NULL THEN 5
    WHEN EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = people.id AND s.status = 'active') THEN 0
    WHEN EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = people.id AND o.end_at IS NULL) THEN 1
    ELSE 4 END WHERE id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER IF NOT EXISTS duty_rank_shift_delete AFTER DELETE ON shifts
  WHEN OLD.status = 'active' BEGIN
  UPDATE people SET duty_rank = CASE
    WHEN retired_at IS NOT NULL THEN 5
    WHEN EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = people.id AND s.status = 'active') THEN 0
    WHEN EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = people.id AND o.end_at IS NULL) THEN 1
    ELSE 4 END WHERE id = OLD.person_id;
END;
CREATE TRIGGER IF NOT EXISTS duty_rank_oos AFTER INSERT ON out_of_service BEGIN
  UPDATE people SET duty_rank = CASE
    WHEN retired_at IS NOT NULL THEN 5
    WHEN EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = people.id AND s.status = 'active') THEN 0
    WHEN EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = people.id AND o.end_at IS NULL) THEN 1
    ELSE 4 END WHERE id = NEW.person_id;
END;
CREATE TRIGGER IF NOT EXISTS duty_rank_oos_update AFTER UPDATE OF end_at, person_id ON out_of_service BEGIN
  UPDATE people SET duty_rank = CASE
    WHEN retired_at IS NOT NULL THEN 5
    WHEN EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = people.id AND s.status = 'active') THEN 0
    WHEN EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = people.id AND o.end_at IS NULL) THEN 1
    ELSE 4 END WHERE id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER IF NOT EXISTS duty_rank_retired AFTER UPDATE OF retired_at ON people
  WHEN OLD.retired_at IS NOT NEW.retired_at BEGIN
  UPDATE people SET duty_rank = CASE
    WHEN retired_at IS NOT NULL THEN 5
    WHEN EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = people.id AND s.status = 'active') THEN 0
    WHEN EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = people.id AND o.end_at IS NULL) THEN 1
    ELSE 4 END WHERE id = NEW.id;
END;
