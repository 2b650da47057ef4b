-- Care and health in a frame at city size (see store::kept, store::care_queries and
-- store::health_queries):
-- people.last_talk_at, people.protected_at, people.counselled_at: the person's latest talk
--   (谈心谈话) and latest self-protection and psychological training, kept by trigger, so the
--   care list reads them from the person and "talk due" is an index range.
-- people.last_test_at, people.last_report_day: the person's latest nucleic-acid test and the
--   latest day they sent a health report, kept by trigger, so "test overdue" is an index
--   range and who has not reported today is read from the person, not probed for.
-- counters.people_active, counters.untrained, counters.volunteers: people not retired, those
--   of them missing a training, and the volunteers among them.
-- generations.insurance: changes with every write to insurance or to a person's category or
--   retirement; a count of who is insured now is good while it and the clock's place between
--   two policy boundaries stay the same.
ALTER TABLE people ADD COLUMN last_talk_at INTEGER;
ALTER TABLE people ADD COLUMN protected_at INTEGER;
ALTER TABLE people ADD COLUMN counselled_at INTEGER;
ALTER TABLE people ADD COLUMN last_test_at INTEGER;
ALTER TABLE people ADD COLUMN last_report_day INTEGER;
-- Filled from the rows before any trigger below exists.
UPDATE people SET
  last_talk_at = (SELECT max(t.talked_at) FROM talks t WHERE t.person_id = people.id),
  protected_at = (SELECT max(g.trained_at) FROM trainings g
    WHERE g.person_id = people.id AND g.kind = 'self_protection'),
  counselled_at = (SELECT max(g.trained_at) FROM trainings g
    WHERE g.person_id = people.id AND g.kind = 'psychological'),
  last_test_at = (SELECT max(t.tested_at) FROM nucleic_tests t WHERE t.person_id = people.id),
  last_report_day = (SELECT max(h.day) FROM health_reports h WHERE h.person_id = people.id);
CREATE TABLE generations(name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO generations(name, n) VALUES ('insurance', 0);

CREATE INDEX people_talk ON people(last_talk_at) WHERE retired_at IS NULL;
CREATE INDEX people_untrained ON people(id)
  WHERE retired_at IS NULL AND (protected_at IS NULL OR counselled_at IS NULL);
CREATE INDEX people_active ON people(id, community_id, last_report_day) WHERE retired_at IS NULL;
CREATE INDEX people_tested ON people(last_test_at) WHERE retired_at IS NULL;
CREATE INDEX people_community_tested ON people(community_id, last_test_at) WHERE retired_at IS NULL;
CREATE INDEX people_volunteers ON people(duty_rank, id)
  WHERE retired_at IS NULL AND category = 'volunteer';
DROP INDEX IF EXISTS insurance_person;
CREATE INDEX insurance_cover ON insurance(person_id, valid_until, valid_from);
CREATE INDEX insurance_from ON insurance(valid_from);
CREATE INDEX insurance_until ON insurance(valid_until);

CREATE TRIGGER IF NOT EXISTS talk_mark_insert AFTER INSERT ON talks BEGIN
  UPDATE people SET last_talk_at = NEW.talked_at
    WHERE id = NEW.person_id AND (last_talk_at IS NULL OR last_talk_at < NEW.talked_at);
END;
CREATE TRIGGER IF NOT EXISTS talk_mark_update AFTER UPDATE OF talked_at, person_id ON talks
WHEN OLD.talked_at IS NOT NEW.talked_at OR OLD.person_id IS NOT NEW.person_id BEGIN
  UPDATE people SET last_talk_at = (SELECT max(t.talked_at) FROM talks t WHERE t.person_id = people.id)
    WHERE id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER IF NOT EXISTS talk_mark_delete AFTER DELETE ON talks BEGIN
  UPDATE people SET last_talk_at = (SELECT max(t.talked_at) FROM talks t WHERE t.person_id = people.id)
    WHERE id = OLD.person_id;
END;

CREATE TRIGGER IF NOT EXISTS training_mark_insert AFTER INSERT ON trainings BEGIN
  UPDATE people SET protected_at = NEW.trained_at
    WHERE id = NEW.person_id AND NEW.kind = 'self_protection'
      AND (protected_at IS NULL OR protected_at < NEW.trained_at);
  UPDATE people SET counselled_at = NEW.trained_at
    WHERE id = NEW.person_id AND NEW.kind = 'psychological'
      AND (counselled_at IS NULL OR counselled_at < NEW.trained_at);
END;
CREATE TRIGGER IF NOT EXISTS training_mark_update AFTER UPDATE OF trained_at, person_id, kind ON trainings
WHEN OLD.trained_at IS NOT NEW.trained_at OR OLD.person_id IS NOT NEW.person_id
  OR OLD.kind IS NOT NEW.kind BEGIN
  UPDATE people SET
      protected_at = (SELECT max(g.trained_at) FROM trainings g
        WHERE g.person_id = people.id AND g.kind = 'self_protection'),
      counselled_at = (SELECT max(g.trained_at) FROM trainings g
        WHERE g.person_id = people.id AND g.kind = 'psychological')
    WHERE id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER IF NOT EXISTS training_mark_delete AFTER DELETE ON trainings BEGIN
  UPDATE people SET
      protected_at = (SELECT max(g.trained_at) FROM trainings g
        WHERE g.person_id = people.id AND g.kind = 'self_protection'),
      counselled_at = (SELECT max(g.trained_at) FROM trainings g
        WHERE g.person_id = people.id AND g.kind = 'psychological')
    WHERE id = OLD.person_id;
END;

CREATE TRIGGER IF NOT EXISTS test_mark_insert AFTER INSERT ON nucleic_tests BEGIN
  UPDATE people SET last_test_at = NEW.tested_at
    WHERE id = NEW.person_id AND (last_test_at IS NULL OR last_test_at < NEW.tested_at);
END;
CREATE TRIGGER IF NOT EXISTS test_mark_update AFTER UPDATE OF tested_at, person_id ON nucleic_tests
WHEN OLD.tested_at IS NOT NEW.tested_at OR OLD.person_id IS NOT NEW.person_id BEGIN
  UPDATE people SET last_test_at = (SELECT max(t.tested_at) FROM nucleic_tests t
      WHERE t.person_id = people.id)
    WHERE id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER IF NOT EXISTS test_mark_delete AFTER DELETE ON nucleic_tests BEGIN
  UPDATE people SET last_test_at = (SELECT max(t.tested_at) FROM nucleic_tests t
      WHERE t.person_id = people.id)
    WHERE id = OLD.person_id;
END;

CREATE TRIGGER IF NOT EXISTS report_mark_insert AFTER INSERT ON health_reports BEGIN
  UPDATE people SET last_report_day = NEW.day
    WHERE id = NEW.person_id AND (last_report_day IS NULL OR last_report_day < NEW.day);
END;
CREATE TRIGGER IF NOT EXISTS report_mark_update AFTER UPDATE OF day, person_id ON health_reports
WHEN OLD.day IS NOT NEW.day OR OLD.person_id IS NOT NEW.person_id BEGIN
  UPDATE people SET last_report_day = (SELECT max(h.day) FROM health_reports h
      WHERE h.person_id = people.id)
    WHERE id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER IF NOT EXISTS report_mark_delete AFTER DELETE ON health_reports BEGIN
  UPDATE people SET last_report_day = (SELECT max(h.day) FROM health_reports h
      WHERE h.person_id = people.id)
    WHERE id = OLD.person_id;
END;

-- Each counter moves by what the row counts for after the change less what it counted for
-- before.
CREATE TRIGGER IF NOT EXISTS care_counts_insert AFTER INSERT ON people BEGIN
  UPDATE counters SET value = value + (NEW.retired_at IS NULL) WHERE name = 'people_active';
  UPDATE counters SET value = value + (NEW.retired_at IS NULL
      AND (NEW.protected_at IS NULL OR NEW.counselled_at IS NULL)) WHERE name = 'untrained';
  UPDATE counters SET value = value + (NEW.retired_at IS NULL AND NEW.category = 'volunteer')
    WHERE name = 'volunteers';
  UPDATE generations SET n = n + 1 WHERE name = 'insurance';
END;
CREATE TRIGGER IF NOT EXISTS care_counts_update
AFTER UPDATE OF retired_at, protected_at, counselled_at, category ON people
WHEN OLD.retired_at IS NOT NEW.retired_at OR OLD.protected_at IS NOT NEW.protected_at
  OR OLD.counselled_at IS NOT NEW.counselled_at OR OLD.category IS NOT NEW.category BEGIN
  UPDATE counters SET value = value + (NEW.retired_at IS NULL) - (OLD.retired_at IS NULL)
    WHERE name = 'people_active';
  UPDATE counters SET value = value
      + (NEW.retired_at IS NULL AND (NEW.protected_at IS NULL OR NEW.counselled_at IS NULL))
      - (OLD.retired_at IS NULL AND (OLD.protected_at IS NULL OR OLD.counselled_at IS NULL))
    WHERE name = 'untrained';
  UPDATE counters SET value = value
      + (NEW.retired_at IS NULL AND NEW.category = 'volunteer')
      - (OLD.retired_at IS NULL AND OLD.category = 'volunteer')
    WHERE name = 'volunteers';
  UPDATE generations SET n = n + 1 WHERE name = 'insurance'
    AND (OLD.retired_at IS NOT NEW.retired_at OR OLD.category IS NOT NEW.category);
END;
CREATE TRIGGER IF NOT EXISTS care_counts_delete AFTER DELETE ON people BEGIN
  UPDATE counters SET value = value - (OLD.retired_at IS NULL) WHERE name = 'people_active';
  UPDATE counters SET value = value - (OLD.retired_at IS NULL
      AND (OLD.protected_at IS NULL OR OLD.counselled_at IS NULL)) WHERE name = 'untrained';
  UPDATE counters SET value = value - (OLD.retired_at IS NULL AND OLD.category = 'volunteer')
    WHERE name = 'volunteers';
  UPDATE generations SET n = n + 1 WHERE name = 'insurance';
END;
CREATE TRIGGER IF NOT EXISTS insurance_generation_insert AFTER INSERT ON insurance BEGIN
  UPDATE generations SET n = n + 1 WHERE name = 'insurance';
END;
CREATE TRIGGER IF NOT EXISTS insurance_generation_update AFTER UPDATE ON insurance BEGIN
  UPDATE generations SET n = n + 1 WHERE name = 'insurance';
END;
CREATE TRIGGER IF NOT EXISTS insurance_generation_delete AFTER DELETE ON insurance BEGIN
  UPDATE generations SET n = n + 1 WHERE name = 'insurance';
END;

INSERT OR REPLACE INTO counters(name, value)
  SELECT 'people_active', count(*) FROM people WHERE retired_at IS NULL;
INSERT OR REPLACE INTO counters(name, value)
  SELECT 'untrained', count(*) FROM people
  WHERE retired_at IS NULL AND (protected_at IS NULL OR counselled_at IS NULL);
INSERT OR REPLACE INTO counters(name, value)
  SELECT 'volunteers', count(*) FROM people WHERE retired_at IS NULL AND category = 'volunteer';
