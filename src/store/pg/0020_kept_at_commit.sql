-- Schema 20 on PostgreSQL: the kept counts that every row of a bulk write moves add up during
-- the transaction and are written once, at its commit.
--
-- Why: `counters`, `generations`, `planned_quarters` and `breach_hours` are a few shared rows
-- that the triggers of people, shifts, cases and insurance update for each row written. In one
-- transaction PostgreSQL keeps every version of such a row until commit and walks all of them
-- on the next update, so an import of n rows cost n² (3 000 new people took 2.4 s; at 100 000
-- each insert took 60–140 ms). SQLite updates in place and keeps its triggers as they are
-- (its migration 20 changes nothing).
--
-- How: each trigger adds its change to `kept_pending` (an append: the same cost for the first
-- row and the last), and the transaction's first change also adds a row to `kept_fold`, whose
-- deferred constraint trigger runs at commit, once: it sums the changes and writes each kept
-- row once. A rolled-back savepoint takes its changes, and the transaction-local setting that
-- says the fold is due, with it. Inside a writing transaction these kept rows therefore lag
-- that transaction's own changes; nothing reads them there (the panels and `check` read them
-- after commit).
--
-- Both tables hold rows only inside a transaction, so they are UNLOGGED (no WAL; a crash
-- empties them, which is what they hold after any commit or rollback).
CREATE UNLOGGED TABLE kept_pending(
  tbl text COLLATE "C" NOT NULL,
  k bigint NOT NULL,
  name text COLLATE "C" NOT NULL,
  d bigint NOT NULL
);
CREATE UNLOGGED TABLE kept_fold(due boolean NOT NULL DEFAULT true);

-- One change to one kept row: `counters`/`generations` by `name`; `planned_quarters` by
-- (`k` = quarter, `name` = post kind); `breach_hours` by `k` = hour.
CREATE FUNCTION kept_add(t text, k bigint, n text, d bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF d = 0 THEN
    RETURN;
  END IF;
  INSERT INTO kept_pending(tbl, k, name, d) VALUES (t, k, n, d);
  IF current_setting('frontline.kept_due', true) IS DISTINCT FROM 'yes' THEN
    PERFORM set_config('frontline.kept_due', 'yes', true);
    INSERT INTO kept_fold DEFAULT VALUES;
  END IF;
END $$;

-- The changes summed and written, each kept row once (as the triggers wrote them before: a
-- planned quarter or breach hour is added when it goes up, only updated when it goes down).
CREATE FUNCTION kept_fold() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s record;
BEGIN
  FOR s IN
    SELECT tbl, k, name, sum(d)::bigint AS d FROM kept_pending GROUP BY tbl, k, name
  LOOP
    CONTINUE WHEN s.d = 0;
    CASE s.tbl
      WHEN 'counters' THEN
        UPDATE counters SET value = value + s.d WHERE name = s.name;
      WHEN 'generations' THEN
        UPDATE generations SET n = n + s.d WHERE name = s.name;
      WHEN 'planned_quarters' THEN
        IF s.d > 0 THEN
          INSERT INTO planned_quarters(quarter, kind, n) VALUES (s.k, s.name, s.d)
            ON CONFLICT(quarter, kind) DO UPDATE SET n = planned_quarters.n + excluded.n;
        ELSE
          UPDATE planned_quarters SET n = n + s.d WHERE quarter = s.k AND kind = s.name;
        END IF;
      WHEN 'breach_hours' THEN
        IF s.d > 0 THEN
          INSERT INTO breach_hours(hour, n) VALUES (s.k, s.d)
            ON CONFLICT(hour) DO UPDATE SET n = breach_hours.n + excluded.n;
        ELSE
          UPDATE breach_hours SET n = n + s.d WHERE hour = s.k;
        END IF;
    END CASE;
  END LOOP;
  DELETE FROM kept_pending;
  DELETE FROM kept_fold;
  PERFORM set_config('frontline.kept_due', '', true);
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER kept_fold AFTER INSERT ON kept_fold
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kept_fold();

-- The triggers of migration 19 (0019_base.sql) again, each change through kept_add. The
-- triggers themselves (their tables, events and conditions) stay as they are.
CREATE OR REPLACE FUNCTION counters_shift_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kept_add('counters', 0, 'active_shifts', (NEW.status = 'active')::int);
  IF NEW.status = 'planned' THEN
    PERFORM kept_add('planned_quarters', NEW.planned_start / 900, kind, 1)
      FROM posts WHERE id = NEW.post_id;
  END IF;
  IF NEW.status = 'active' AND NEW.breach_at IS NOT NULL THEN
    PERFORM kept_add('breach_hours', NEW.breach_at / 3600, '', 1);
  END IF;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION counters_shift_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kept_add('counters', 0, 'active_shifts', -(OLD.status = 'active')::int);
  IF OLD.status = 'planned' THEN
    PERFORM kept_add('planned_quarters', OLD.planned_start / 900, kind, -1)
      FROM posts WHERE id = OLD.post_id;
  END IF;
  IF OLD.status = 'active' AND OLD.breach_at IS NOT NULL THEN
    PERFORM kept_add('breach_hours', OLD.breach_at / 3600, '', -1);
  END IF;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION counters_shift_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kept_add('counters', 0, 'active_shifts',
    (NEW.status = 'active')::int - (OLD.status = 'active')::int);
  IF OLD.status = 'planned' THEN
    PERFORM kept_add('planned_quarters', OLD.planned_start / 900, kind, -1)
      FROM posts WHERE id = OLD.post_id;
  END IF;
  IF NEW.status = 'planned' THEN
    PERFORM kept_add('planned_quarters', NEW.planned_start / 900, kind, 1)
      FROM posts WHERE id = NEW.post_id;
  END IF;
  IF OLD.status = 'active' AND OLD.breach_at IS NOT NULL THEN
    PERFORM kept_add('breach_hours', OLD.breach_at / 3600, '', -1);
  END IF;
  IF NEW.status = 'active' AND NEW.breach_at IS NOT NULL THEN
    PERFORM kept_add('breach_hours', NEW.breach_at / 3600, '', 1);
  END IF;
  RETURN NULL;
END $$;

-- A post that changes kind recounts planned_quarters from the shifts (rare); changes of this
-- transaction still pending for it are in that count already.
CREATE OR REPLACE FUNCTION counters_post_kind() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM kept_pending WHERE tbl = 'planned_quarters';
  DELETE FROM planned_quarters;
  INSERT INTO planned_quarters(quarter, kind, n)
    SELECT s.planned_start / 900, po.kind, count(*) FROM shifts s JOIN posts po ON po.id = s.post_id
    WHERE s.status = 'planned' GROUP BY 1, 2;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION counters_case_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kept_add('counters', 0, 'open_cases', 1);
  PERFORM kept_add('counters', 0, 'urgent_cases', (NEW.urgency = 3)::int);
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION counters_case_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kept_add('counters', 0, 'open_cases', -1);
  PERFORM kept_add('counters', 0, 'urgent_cases', -(OLD.urgency = 3)::int);
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION counters_case_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kept_add('counters', 0, 'open_cases',
    (NEW.status <> 'resolved')::int - (OLD.status <> 'resolved')::int);
  PERFORM kept_add('counters', 0, 'urgent_cases',
    (NEW.status <> 'resolved' AND NEW.urgency = 3)::int
    - (OLD.status <> 'resolved' AND OLD.urgency = 3)::int);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION care_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kept_add('counters', 0, 'people_active', (NEW.retired_at IS NULL)::int);
  PERFORM kept_add('counters', 0, 'untrained', (NEW.retired_at IS NULL
    AND (NEW.protected_at IS NULL OR NEW.counselled_at IS NULL))::int);
  PERFORM kept_add('counters', 0, 'volunteers',
    (NEW.retired_at IS NULL AND NEW.category = 'volunteer')::int);
  PERFORM kept_add('generations', 0, 'insurance', 1);
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION care_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kept_add('counters', 0, 'people_active',
    (NEW.retired_at IS NULL)::int - (OLD.retired_at IS NULL)::int);
  PERFORM kept_add('counters', 0, 'untrained',
    (NEW.retired_at IS NULL AND (NEW.protected_at IS NULL OR NEW.counselled_at IS NULL))::int
    - (OLD.retired_at IS NULL AND (OLD.protected_at IS NULL OR OLD.counselled_at IS NULL))::int);
  PERFORM kept_add('counters', 0, 'volunteers',
    (NEW.retired_at IS NULL AND NEW.category = 'volunteer')::int
    - (OLD.retired_at IS NULL AND OLD.category = 'volunteer')::int);
  PERFORM kept_add('generations', 0, 'insurance',
    (OLD.retired_at IS DISTINCT FROM NEW.retired_at
     OR OLD.category IS DISTINCT FROM NEW.category)::int);
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION care_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kept_add('counters', 0, 'people_active', -(OLD.retired_at IS NULL)::int);
  PERFORM kept_add('counters', 0, 'untrained', -(OLD.retired_at IS NULL
    AND (OLD.protected_at IS NULL OR OLD.counselled_at IS NULL))::int);
  PERFORM kept_add('counters', 0, 'volunteers',
    -(OLD.retired_at IS NULL AND OLD.category = 'volunteer')::int);
  PERFORM kept_add('generations', 0, 'insurance', 1);
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION insurance_generation_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kept_add('generations', 0, 'insurance', 1);
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION insurance_generation_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kept_add('generations', 0, 'insurance', 1);
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION insurance_generation_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kept_add('generations', 0, 'insurance', 1);
  RETURN NULL;
END $$;

-- Whoever may write the schema's tables (the desks' role of `pg init`, by its grants on the
-- audit log) may write the two new ones; `pg init` run again grants the same.
DO $grant$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT DISTINCT a.grantee::regrole AS role
    FROM pg_class c, aclexplode(c.relacl) a
    WHERE c.oid = 'audit_log'::regclass AND a.privilege_type = 'INSERT'
      AND a.grantee <> 0 AND a.grantee <> c.relowner
  LOOP
    EXECUTE format('GRANT SELECT, INSERT, DELETE ON kept_pending, kept_fold TO %s', r.role);
  END LOOP;
END
$grant$;
