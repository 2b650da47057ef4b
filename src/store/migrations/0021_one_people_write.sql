-- Schema 21. On PostgreSQL, an event that moves two values kept on a person's row (a running
-- shift that ends: last duty end and duty rank; a rest: rest end and forced-rest end) writes
-- that row once, not twice (src/store/pg/0021_one_people_write.sql). SQLite updates a row in
-- place, so its triggers stay as they are and a SQLite file changes nothing here but its version.
SELECT 1;
