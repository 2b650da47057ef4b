
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
