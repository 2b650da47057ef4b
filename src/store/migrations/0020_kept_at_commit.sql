-- Schema 20. On PostgreSQL, the kept counts that every row of a bulk write moves (counters,
-- generations, planned quarters, breach hours) add up during the transaction and are written
-- once at its commit (src/store/pg/0020_kept_at_commit.sql). SQLite updates a row in place, so
-- its triggers stay as they are and a SQLite file changes nothing here but its version.
SELECT 1;
