-- Schema 21 on PostgreSQL: a person's row written once, not twice, when one event moves two of
-- the values kept on it.
--
-- Why: `people` has 23 indexes and every kept value on it is in one of them, so each UPDATE of
-- a person's row is a new row version with 23 new index entries. A forced rest wrote that row
-- four times: the running shift's end set the last duty end and the duty rank (two triggers of
-- one `shifts` row), and the rest's insert set the forced-rest end and the rest end (two
-- triggers of one `rest_periods` row). Each pair is now one trigger and one UPDATE; what the row
-- holds afterwards is what the two wrote. SQLite updates a row in place and keeps its triggers
-- (its migration 21 changes nothing).

-- A running shift that ends (check-out, forced rest, end of duty): its person's last duty end
-- and duty rank in one write. The two triggers that wrote them leave this case to it.
-- (A shift moved to another person as it ends gives the old person their rank again too.)
CREATE FUNCTION shift_done_from_active() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE people SET
    last_duty_end = CASE WHEN id = NEW.person_id
      THEN max(coalesce(last_duty_end, 0), NEW.actual_end) ELSE last_duty_end END,
    duty_rank = CASE
      WHEN retired_at IS NOT NULL THEN 5
      WHEN EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = people.id AND s.status = 'active') THEN 0
      WHEN EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = people.id AND o.end_at IS NULL) THEN 1
      ELSE 4 END
    WHERE id IN (OLD.person_id, NEW.person_id);
  RETURN NULL;
END $$;
CREATE TRIGGER shift_done_from_active AFTER UPDATE OF status ON shifts
  FOR EACH ROW WHEN (OLD.status = 'active' AND NEW.status = 'done')
  EXECUTE FUNCTION shift_done_from_active();

DROP TRIGGER shifts_done_update ON shifts;
CREATE TRIGGER shifts_done_update AFTER UPDATE OF status, actual_end ON shifts
  FOR EACH ROW WHEN (NEW.status = 'done' AND OLD.status <> 'active')
  EXECUTE FUNCTION shifts_done_update();
DROP TRIGGER duty_rank_shift_update ON shifts;
CREATE TRIGGER duty_rank_shift_update AFTER UPDATE OF status, person_id ON shifts
  FOR EACH ROW WHEN ((OLD.status = 'active' OR NEW.status = 'active')
    AND NOT (OLD.status = 'active' AND NEW.status = 'done'))
  EXECUTE FUNCTION duty_rank_shift_update();

-- A rest's row: its person's rest end and, for a forced rest, forced-rest end, in one write.
DROP TRIGGER forced_rest_insert ON rest_periods;
DROP TRIGGER rest_until_insert ON rest_periods;
DROP FUNCTION forced_rest_insert();
DROP FUNCTION rest_until_insert();
CREATE FUNCTION rest_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE people SET
    rest_until = CASE WHEN rest_until IS NULL OR rest_until < NEW.end_at
      THEN NEW.end_at ELSE rest_until END,
    forced_until = CASE WHEN NEW.kind = 'forced' AND (forced_until IS NULL OR forced_until < NEW.end_at)
      THEN NEW.end_at ELSE forced_until END
    WHERE id = NEW.person_id
      AND (rest_until IS NULL OR rest_until < NEW.end_at
        OR (NEW.kind = 'forced' AND (forced_until IS NULL OR forced_until < NEW.end_at)));
  RETURN NULL;
END $$;
CREATE TRIGGER rest_insert AFTER INSERT ON rest_periods
  FOR EACH ROW EXECUTE FUNCTION rest_insert();

DROP TRIGGER forced_rest_update ON rest_periods;
DROP TRIGGER rest_until_update ON rest_periods;
DROP FUNCTION forced_rest_update();
DROP FUNCTION rest_until_update();
CREATE FUNCTION rest_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE people SET
    rest_until = (SELECT max(r.end_at) FROM rest_periods r WHERE r.person_id = people.id),
    forced_until = (SELECT max(r.end_at) FROM rest_periods r
      WHERE r.person_id = people.id AND r.kind = 'forced')
    WHERE id IN (OLD.person_id, NEW.person_id);
  RETURN NULL;
END $$;
CREATE TRIGGER rest_update AFTER UPDATE OF kind, end_at, person_id ON rest_periods
  FOR EACH ROW WHEN (OLD.kind = 'forced' OR NEW.kind = 'forced'
    OR OLD.end_at IS DISTINCT FROM NEW.end_at OR OLD.person_id IS DISTINCT FROM NEW.person_id)
  EXECUTE FUNCTION rest_update();

DROP TRIGGER forced_rest_delete ON rest_periods;
DROP TRIGGER rest_until_delete ON rest_periods;
DROP FUNCTION forced_rest_delete();
DROP FUNCTION rest_until_delete();
CREATE FUNCTION rest_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE people SET
    rest_until = (SELECT max(r.end_at) FROM rest_periods r WHERE r.person_id = people.id),
    forced_until = CASE WHEN OLD.kind = 'forced' THEN (SELECT max(r.end_at) FROM rest_periods r
      WHERE r.person_id = people.id AND r.kind = 'forced') ELSE forced_until END
    WHERE id = OLD.person_id;
  RETURN NULL;
END $$;
CREATE TRIGGER rest_delete AFTER DELETE ON rest_periods
  FOR EACH ROW EXECUTE FUNCTION rest_delete();
