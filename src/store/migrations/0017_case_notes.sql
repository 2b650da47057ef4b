-- Notes on a family-support case (帮扶记录): append-only, each with its time and the desk's
-- operator; and the audit log by target, for a case's history of steps (the case detail view).
CREATE TABLE case_notes(
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES family_cases(id),
  at INTEGER NOT NULL,
  operator TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX case_notes_case ON case_notes(case_id, at);
CREATE INDEX IF NOT EXISTS audit_target ON audit_log(target, id);
CREATE TRIGGER case_notes_no_update BEFORE UPDATE ON case_notes
  BEGIN SELECT RAISE(ABORT, 'case notes are append-only'); END;
CREATE TRIGGER case_notes_no_delete BEFORE DELETE ON case_notes
  BEGIN SELECT RAISE(ABORT, 'case notes are append-only'); END;
