-- A post of kind "other" (其他) besides sampling site, checkpoint, sealed-zone perimeter and
-- command post. SQLite cannot change a CHECK in place, so the table is rebuilt with the same
-- rows and ids. Migrations run with foreign keys off (`Store::open`); legacy_alter_table keeps
-- the rename from re-reading the other tables' triggers, which name `posts` all along.
PRAGMA legacy_alter_table = ON;
CREATE TABLE posts_new(
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK(kind IN ('sampling','checkpoint','sealed','command','other')),
  required_per_shift INTEGER NOT NULL CHECK(required_per_shift >= 0),
  closed_at INTEGER,
  shift_pattern TEXT NOT NULL DEFAULT ''
);
INSERT INTO posts_new(id, community_id, name, kind, required_per_shift, closed_at, shift_pattern)
  SELECT id, community_id, name, kind, required_per_shift, closed_at, shift_pattern FROM posts;
DROP TABLE posts;
ALTER TABLE posts_new RENAME TO posts;
-- The trigger that went with the old table (migration 6).
CREATE TRIGGER counters_post_kind AFTER UPDATE OF kind ON posts BEGIN
  DELETE FROM planned_quarters;
  INSERT INTO planned_quarters(quarter, kind, n)
    SELECT s.planned_start / 900, po.kind, count(*) FROM shifts s JOIN posts po ON po.id = s.post_id
    WHERE s.status = 'planned' GROUP BY 1, 2;
END;
PRAGMA legacy_alter_table = OFF;
