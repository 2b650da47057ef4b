-- Two values kept by trigger so every screen reads in a frame at city size (see store::kept):
-- slot_counts: each slot's (planned start, post) shifts counted by status, with the latest
--   planned end; the schedule's coverage of a day is an index range of it, not a GROUP BY over
--   the day's shifts.
-- people.rest_until: the latest end of any of the person's rests; whoever has none ending
--   after now is not resting (the roster by status tests it on people_rank_rest), and the few
--   whose rests end after now (people_resting) are the only ones the rest groups look at.
-- The tables and indexes, the triggers, then both counted from the rows.
CREATE TABLE slot_counts(
  planned_start INTEGER NOT NULL,
  post_id INTEGER NOT NULL,
  end_max INTEGER,
  n INTEGER NOT NULL,
  assigned INTEGER NOT NULL,
  on_duty INTEGER NOT NULL,
  cancelled INTEGER NOT NULL,
  PRIMARY KEY(planned_start, post_id)
) WITHOUT ROWID;
ALTER TABLE people ADD COLUMN rest_until INTEGER;
CREATE INDEX people_rank_rest ON people(duty_rank, name, id, rest_until);
CREATE INDEX people_resting ON people(rest_until, duty_rank, name) WHERE rest_until IS NOT NULL;
CREATE TRIGGER IF NOT EXISTS slot_counts_insert AFTER INSERT ON shifts BEGIN
  INSERT INTO slot_counts(planned_start, post_id, end_max, n, assigned, on_duty, cancelled)
    SELECT NEW.planned_start, NEW.post_id, NEW.planned_end, 1, NEW.status <> 'cancelled',
           NEW.status = 'active', NEW.status = 'cancelled' WHERE true
    ON CONFLICT(planned_start, post_id) DO UPDATE SET n = n + 1,
      assigned = assigned + excluded.assigned, on_duty = on_duty + excluded.on_duty,
      cancelled = cancelled + excluded.cancelled,
      end_max = max(coalesce(end_max, excluded.end_max), excluded.end_max);
END;
CREATE TRIGGER IF NOT EXISTS slot_counts_update
AFTER UPDATE OF planned_start, post_id, status, planned_end ON shifts
WHEN OLD.planned_start IS NOT NEW.planned_start OR OLD.post_id IS NOT NEW.post_id
  OR OLD.status IS NOT NEW.status OR OLD.planned_end IS NOT NEW.planned_end BEGIN
  UPDATE slot_counts SET n = n - 1, assigned = assigned - (OLD.status <> 'cancelled'),
      on_duty = on_duty - (OLD.status = 'active'), cancelled = cancelled - (OLD.status = 'cancelled')
    WHERE planned_start = OLD.planned_start AND post_id = OLD.post_id;
  INSERT INTO slot_counts(planned_start, post_id, end_max, n, assigned, on_duty, cancelled)
    SELECT NEW.planned_start, NEW.post_id, NEW.planned_end, 1, NEW.status <> 'cancelled',
           NEW.status = 'active', NEW.status = 'cancelled' WHERE true
    ON CONFLICT(planned_start, post_id) DO UPDATE SET n = n + 1,
      assigned = assigned + excluded.assigned, on_duty = on_duty + excluded.on_duty,
      cancelled = cancelled + excluded.cancelled,
      end_max = max(coalesce(end_max, excluded.end_max), excluded.end_max);
  UPDATE slot_counts SET end_max = (SELECT max(planned_end) FROM shifts
      WHERE planned_start = OLD.planned_start AND post_id = OLD.post_id)
    WHERE planned_start = OLD.planned_start AND post_id = OLD.post_id
      AND (OLD.planned_start IS NOT NEW.planned_start OR OLD.post_id IS NOT NEW.post_id
        OR OLD.planned_end IS NOT NEW.planned_end);
  DELETE FROM slot_counts WHERE planned_start = OLD.planned_start AND post_id = OLD.post_id AND n = 0;
END;
CREATE TRIGGER IF NOT EXISTS slot_counts_delete AFTER DELETE ON shifts BEGIN
  UPDATE slot_counts SET n = n - 1, assigned = assigned - (OLD.status <> 'cancelled'),
      on_duty = on_duty - (OLD.status = 'active'), cancelled = cancelled - (OLD.status = 'cancelled'),
      end_max = (SELECT max(planned_end) FROM shifts
        WHERE planned_start = OLD.planned_start AND post_id = OLD.post_id)
    WHERE planned_start = OLD.planned_start AND post_id = OLD.post_id;
  DELETE FROM slot_counts WHERE planned_start = OLD.planned_start AND post_id = OLD.post_id AND n = 0;
END;
CREATE TRIGGER IF NOT EXISTS rest_until_insert AFTER INSERT ON rest_periods BEGIN
  UPDATE people SET rest_until = NEW.end_at
    WHERE id = NEW.person_id AND (rest_until IS NULL OR rest_until < NEW.end_at);
END;
CREATE TRIGGER IF NOT EXISTS rest_until_update AFTER UPDATE OF end_at, person_id ON rest_periods
WHEN OLD.end_at IS NOT NEW.end_at OR OLD.person_id IS NOT NEW.person_id BEGIN
  UPDATE people SET rest_until = (SELECT max(r.end_at) FROM rest_periods r
      WHERE r.person_id = people.id)
    WHERE id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER IF NOT EXISTS rest_until_delete AFTER DELETE ON rest_periods BEGIN
  UPDATE people SET rest_until = (SELECT max(r.end_at) FROM rest_periods r
      WHERE r.person_id = people.id)
    WHERE id = OLD.person_id;
END;
DELETE FROM slot_counts;
INSERT INTO slot_counts(planned_start, post_id, end_max, n, assigned, on_duty, cancelled)
  SELECT planned_start, post_id, max(planned_end), count(*), sum(status <> 'cancelled'),
         sum(status = 'active'), sum(status = 'cancelled')
  FROM shifts GROUP BY planned_start, post_id;
UPDATE people SET rest_until = (SELECT max(r.end_at) FROM rest_periods r WHERE r.person_id = people.id);
