//! Migration 10: `people.last_duty_end` (the call-up list's "most rested" order) follows a
//! finished shift that stops being finished or changes its end — an undone check-out or forced
//! rest put the shift back on duty but left the person's last duty end at the undone time.

pub const V10: &str = r#"
CREATE TRIGGER shifts_done_reopened AFTER UPDATE OF status, actual_end ON shifts
WHEN OLD.status = 'done' AND (NEW.status <> 'done' OR NEW.actual_end IS NOT OLD.actual_end) BEGIN
  UPDATE people SET last_duty_end = (SELECT max(actual_end) FROM shifts
    WHERE person_id = NEW.person_id AND status = 'done') WHERE id = NEW.person_id;
END;
"#;
