
CREATE TRIGGER shifts_done_reopened AFTER UPDATE OF status, actual_end ON shifts
WHEN OLD.status = 'done' AND (NEW.status <> 'done' OR NEW.actual_end IS NOT OLD.actual_end) BEGIN
  UPDATE people SET last_duty_end = (SELECT max(actual_end) FROM shifts
    WHERE person_id = NEW.person_id AND status = 'done') WHERE id = NEW.person_id;
END;
