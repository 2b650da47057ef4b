-- A database that ran an earlier text of migration 9 has duty-rank triggers that took
-- shortcuts; these are the triggers as migration 9 defines them now, and the ranks recounted.
DROP TRIGGER IF EXISTS duty_rank_shift_insert;
DROP TRIGGER IF EXISTS duty_rank_shift_update;
DROP TRIGGER IF EXISTS duty_rank_shift_delete;
DROP TRIGGER IF EXISTS duty_rank_oos;
DROP TRIGGER IF EXISTS duty_rank_oos_update;
DROP TRIGGER IF EXISTS duty_rank_retired;
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
