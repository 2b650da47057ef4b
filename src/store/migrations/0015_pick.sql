-- Pickers: a person is found by the pinyin initials of their name and by the tail of their
-- phone. Both are filled by the program (SQL knows no pinyin): NULL marks a row to fill, and
-- a change of name or phone marks it again.
ALTER TABLE people ADD COLUMN name_initials TEXT;
ALTER TABLE people ADD COLUMN phone_reversed TEXT;
CREATE INDEX people_name_initials ON people(name_initials);
CREATE INDEX people_phone_reversed ON people(phone_reversed);
CREATE TRIGGER people_pick_stale AFTER UPDATE OF name, phone ON people
WHEN NEW.name IS NOT OLD.name OR NEW.phone IS NOT OLD.phone
BEGIN
  UPDATE people SET name_initials = NULL, phone_reversed = NULL WHERE id = NEW.id;
END;
