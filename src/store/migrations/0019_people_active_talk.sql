-- Who is not retired, in id order, with what the care and health lists filter on — now the
-- latest talk too, so a page deep in the talk-due list is skipped on this index alone.
-- (Migration 14 made the index without the talk; a build of 2026-12-03 wrote it with the talk
-- into 14 itself, so a database may have either: dropped and made again, it is this one.)
DROP INDEX IF EXISTS people_active;
CREATE INDEX people_active ON people(id, community_id, last_report_day, last_talk_at)
  WHERE retired_at IS NULL;
