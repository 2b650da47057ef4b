-- What a console may do, granted by the database owner after the base script (docs/postgres.md
-- §5.1): read and write every table, except the append-only audit log, compensatory ledger and
-- case notes, which it may only read and add to (their triggers refuse the rest too). No
-- TRUNCATE, no DDL. An identity column needs no right on its sequence to be filled by default
-- (RETURNING id reads it); USAGE is given on the others' sequences all the same, and not on
-- the append-only tables', so a desk cannot leave gaps in the audit ids by hand.
-- psql variable: desk_role, the console role (created beforehand).
GRANT USAGE ON SCHEMA public TO :"desk_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"desk_role";
REVOKE UPDATE, DELETE ON audit_log, comp_ledger, case_notes FROM :"desk_role";
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO :"desk_role";
REVOKE USAGE ON SEQUENCE audit_log_id_seq, comp_ledger_id_seq, case_notes_id_seq FROM :"desk_role";
