#!/bin/sh
# The shape of a migrated SQLite file against a PostgreSQL database made by 0019_base.sql:
# columns (type class, NOT NULL, default), primary and unique keys, foreign keys, CHECKs (how
# many per table), indexes (columns, UNIQUE, partial WHERE, roughly), triggers (table, timing
# and event). Prints what differs beyond the differences made on purpose; exit 1 if anything.
#   src/store/pg/shape_check.sh post.db "host=127.0.0.1 port=5432 dbname=frontline"
set -eu
db=$1 pg=$2
dir=$(mktemp -d) && trap 'rm -rf "$dir"' EXIT
# Rough: parentheses, casts and runs of blanks do not count.
norm() { sed -E 's/ NULLS FIRST//g; s/::(text|bigint)//g; s/[()]//g; s/ +/ /g; s/ \|/|/g; s/\| /|/g' | LC_ALL=C sort; }

sqlite3 -list "$db" <<'EOF' | norm >"$dir/sqlite"
SELECT 'column', m.name, p.name,
    CASE WHEN p.type = 'INTEGER' THEN 'int' WHEN p.type = 'TEXT' THEN 'text' ELSE p.type END,
    CASE WHEN p."notnull" OR p.pk THEN 'not null' ELSE 'null' END, coalesce(p.dflt_value, '')
  FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table';
SELECT 'key', m.name, 'primary', (SELECT group_concat(name, ', ') FROM
    (SELECT name FROM pragma_table_info(m.name) WHERE pk > 0 ORDER BY pk))
  FROM sqlite_master m WHERE m.type = 'table';
SELECT 'key', m.name, 'unique', (SELECT group_concat(name, ', ') FROM
    (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno))
  FROM sqlite_master m, pragma_index_list(m.name) l WHERE m.type = 'table' AND l.origin = 'u';
SELECT 'fk', m.name, f."from", f."table", f."to"
  FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table';
SELECT 'checks', name, (length(sql) - length(replace(sql, 'CHECK(', ''))) / 6
  FROM sqlite_master WHERE type = 'table';
SELECT 'index', m.tbl_name, m.name, CASE WHEN m.sql LIKE 'CREATE UNIQUE%' THEN 'unique' ELSE '' END,
    (SELECT group_concat(name || CASE WHEN "desc" THEN ' DESC' ELSE '' END, ', ') FROM
      (SELECT name, "desc" FROM pragma_index_xinfo(m.name) WHERE key ORDER BY seqno))
    || CASE WHEN instr(s, ' WHERE ') > 0 THEN substr(s, instr(s, ' WHERE ')) ELSE '' END
  FROM (SELECT *, replace(replace(sql, char(10), ' '), '  ', ' ') AS s FROM sqlite_master) m
  WHERE m.type = 'index' AND m.sql IS NOT NULL;
SELECT 'trigger', tbl_name, name, substr(t, 1, instr(t, ' ON ') - 1) FROM
  (SELECT tbl_name, name, substr(s, instr(s, name) + length(name) + 1) AS t FROM
    (SELECT *, replace(replace(sql, char(10), ' '), '  ', ' ') AS s FROM sqlite_master)
   WHERE type = 'trigger');
EOF

psql -XAt -F'|' -v ON_ERROR_STOP=1 "$pg" <<'EOF' | norm >"$dir/pg"
SELECT 'column', table_name, column_name,
    CASE WHEN data_type = 'bigint' THEN 'int'
      WHEN data_type = 'text' AND collation_name = 'C' THEN 'text'
      ELSE data_type || ' collate ' || coalesce(collation_name, '-') END,
    CASE is_nullable WHEN 'NO' THEN 'not null' ELSE 'null' END, coalesce(column_default, '')
  FROM information_schema.columns WHERE table_schema = current_schema();
SELECT 'key', conrelid::regclass, CASE contype WHEN 'p' THEN 'primary' ELSE 'unique' END,
    (SELECT string_agg(attname, ', ' ORDER BY k.i) FROM unnest(conkey) WITH ORDINALITY k(n, i)
      JOIN pg_attribute a ON a.attrelid = conrelid AND a.attnum = k.n)
  FROM pg_constraint WHERE contype IN ('p', 'u') AND connamespace = current_schema()::regnamespace;
SELECT 'fk', conrelid::regclass, a.attname, confrelid::regclass, f.attname FROM pg_constraint
    JOIN pg_attribute a ON a.attrelid = conrelid AND a.attnum = conkey[1]
    JOIN pg_attribute f ON f.attrelid = confrelid AND f.attnum = confkey[1]
  WHERE contype = 'f' AND connamespace = current_schema()::regnamespace;
SELECT 'checks', relname, count(conname) FROM pg_class LEFT JOIN pg_constraint ON conrelid = pg_class.oid
    AND contype = 'c' WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace GROUP BY 1, 2;
SELECT 'index', tablename, indexname, CASE WHEN indexdef LIKE 'CREATE UNIQUE%' THEN 'unique' ELSE '' END,
    substring(indexdef from 'USING btree (.*)$')
  FROM pg_indexes WHERE schemaname = current_schema()
    AND indexname NOT IN (SELECT conname FROM pg_constraint);
SELECT 'trigger', tgrelid::regclass, tgname, substr(t, 1, strpos(t, ' ON ') - 1) FROM
  (SELECT tgrelid, tgname, substr(d, strpos(d, tgname) + length(tgname) + 1) AS t FROM
    (SELECT *, pg_get_triggerdef(oid) AS d FROM pg_trigger WHERE NOT tgisinternal) x
   WHERE tgrelid::regclass::text NOT LIKE '%.%') y;
EOF

# On purpose: TRUNCATE refused on the append-only tables, the change notification, the two
# triggers that write the row being updated run BEFORE it on PostgreSQL, and (schema 20) the
# kept counts' changes pending until commit and the trigger that writes them; the server's
# schema version is a table (SQLite's is `PRAGMA user_version`).
expected='^[<>] trigger\|(audit_log|comp_ledger|case_notes)\|[a-z_]+_no_truncate\|BEFORE TRUNCATE$
^> (column|checks)\|(kept_pending|kept_fold|frontline_schema)\|
^> trigger\|kept_fold\|kept_fold\|AFTER INSERT$
^> trigger\|audit_log\|audit_notify\|AFTER INSERT$
^< trigger\|people\|(people_pick_stale|duty_rank_retired)\|AFTER UPDATE OF [a-z_, ]+$
^> trigger\|people\|(people_pick_stale|duty_rank_retired)\|BEFORE UPDATE OF [a-z_, ]+$'
echo "$(wc -l <"$dir/sqlite") lines of shape from SQLite, $(wc -l <"$dir/pg") from PostgreSQL"
if diff "$dir/sqlite" "$dir/pg" | grep -E '^[<>]' | grep -Ev "$expected"; then
  exit 1
fi
echo "same shape (apart from the differences made on purpose)"
