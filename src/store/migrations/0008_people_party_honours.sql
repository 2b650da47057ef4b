
ALTER TABLE people ADD COLUMN party_branch TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN residence_community_id INTEGER REFERENCES communities(id);
CREATE TABLE party_development(
  person_id INTEGER PRIMARY KEY REFERENCES people(id),
  status TEXT NOT NULL CHECK(status IN ('candidate','recommended','admitted')),
  note TEXT NOT NULL DEFAULT '',
  flagged_at INTEGER NOT NULL,
  recommended_at INTEGER,
  admitted_at INTEGER,
  -- Party status before admission (admission makes the person a member).
  was TEXT
);
CREATE TABLE nominations(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  deeds TEXT NOT NULL CHECK(length(trim(deeds)) > 0),
  evidence TEXT NOT NULL CHECK(json_valid(evidence)),
  status TEXT NOT NULL CHECK(status IN ('nominated','approved','publicised')),
  nominated_at INTEGER NOT NULL,
  nominated_by TEXT NOT NULL,
  approved_at INTEGER,
  publicised_at INTEGER
);
CREATE INDEX nominations_person ON nominations(person_id, nominated_at);
CREATE INDEX nominations_status ON nominations(status, nominated_at);

CREATE INDEX IF NOT EXISTS people_sort_category ON people(category, name);
CREATE INDEX IF NOT EXISTS people_sort_unit ON people(source_unit, name);
CREATE INDEX IF NOT EXISTS people_sort_community ON people(community_id, name);
CREATE INDEX IF NOT EXISTS people_sort_party ON people(party_status, name);
CREATE INDEX IF NOT EXISTS rest_end ON rest_periods(end_at, person_id);
