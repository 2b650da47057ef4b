-- Run by `frontline pg init` after the base script, in one transaction, by an administrator
-- with CREATEROLE who is a member of the owner role (pg init grants it). `:"owner_role"` and
-- `:"desk_role"` are the roles' quoted names, `:'owner_role'` the owner's name as a literal.
--
-- The owner role (NOLOGIN) owns every table, sequence and function of the schema, so only its
-- members (the administrator) may change the schema. The consoles' role (LOGIN) reads and
-- writes every table, except the append-only audit log, compensatory ledger and case notes,
-- which it may only read and add to (their triggers refuse the rest too), and the schema
-- version, which it may only read. No TRUNCATE, no DDL: it owns nothing. An identity column
-- needs no right on its sequence to be filled by default (RETURNING id reads it); USAGE is
-- given on the others' sequences all the same, and not on the append-only tables', so a desk
-- cannot leave gaps in the audit ids by hand.
-- A new owner must be allowed to create in the schema it owns objects of.
GRANT USAGE, CREATE ON SCHEMA public TO :"owner_role";
DO $own$
DECLARE
    o record;
BEGIN
    -- tables and views (a table's identity sequences follow it)
    FOR o IN
        SELECT c.oid::regclass AS name
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND c.relowner <> :'owner_role'::regrole
    LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO %I', o.name, :'owner_role');
    END LOOP;
    -- sequences of their own
    FOR o IN
        SELECT c.oid::regclass AS name
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'S'
          AND c.relowner <> :'owner_role'::regrole
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid
                          AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
    LOOP
        EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', o.name, :'owner_role');
    END LOOP;
    -- functions, trigger functions and aggregates (the shims and the kept values' triggers)
    FOR o IN
        SELECT p.oid::regprocedure AS name, p.prokind
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.proowner <> :'owner_role'::regrole
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO %I',
                       CASE o.prokind WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE'
                                      ELSE 'FUNCTION' END,
                       o.name, :'owner_role');
    END LOOP;
END
$own$;
GRANT USAGE ON SCHEMA public TO :"desk_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"desk_role";
REVOKE UPDATE, DELETE ON audit_log, comp_ledger, case_notes FROM :"desk_role";
REVOKE INSERT, UPDATE, DELETE ON frontline_schema FROM :"desk_role";
REVOKE TRUNCATE ON ALL TABLES IN SCHEMA public FROM :"desk_role";
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO :"desk_role";
REVOKE USAGE ON SEQUENCE audit_log_id_seq, comp_ledger_id_seq, case_notes_id_seq FROM :"desk_role";
