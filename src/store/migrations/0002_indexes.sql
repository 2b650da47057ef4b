
CREATE INDEX IF NOT EXISTS people_name ON people(name);
CREATE INDEX IF NOT EXISTS shifts_person_start ON shifts(person_id, planned_start);
CREATE UNIQUE INDEX IF NOT EXISTS shifts_one_active ON shifts(person_id) WHERE status = 'active';
-- Covering (person, post) so panel counts and filters never touch the 5-million-row table.
CREATE INDEX IF NOT EXISTS shifts_active_since ON shifts(actual_start, person_id, post_id) WHERE status = 'active';
CREATE INDEX IF NOT EXISTS shifts_active_breach ON shifts(breach_at, person_id, post_id) WHERE status = 'active' AND breach_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS rest_person_end ON rest_periods(person_id, end_at);
CREATE INDEX IF NOT EXISTS rest_forced_end ON rest_periods(end_at) WHERE kind = 'forced';
CREATE INDEX IF NOT EXISTS cases_pending ON family_cases(urgency DESC, opened_at) WHERE status <> 'resolved';
CREATE INDEX IF NOT EXISTS audit_at ON audit_log(at);
