
CREATE TABLE health_reports(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  day INTEGER NOT NULL,
  temp_dc INTEGER CHECK(temp_dc IS NULL OR temp_dc BETWEEN 340 AND 430),
  symptoms TEXT NOT NULL DEFAULT '',
  fit INTEGER NOT NULL CHECK(fit IN (0, 1)),
  -- Derived when written (domain::health::is_unwell), so the unwell can be counted by index.
  unwell INTEGER NOT NULL CHECK(unwell IN (0, 1)),
  note TEXT NOT NULL DEFAULT '',
  reported_at INTEGER NOT NULL,
  via_phone INTEGER NOT NULL DEFAULT 0 CHECK(via_phone IN (0, 1)),
  UNIQUE(person_id, day)
);
CREATE INDEX health_day_unwell ON health_reports(day, unwell);
-- Reports and unwell per local day, kept in step by the executor: the header reads one row.
CREATE TABLE health_daily(
  day INTEGER PRIMARY KEY,
  reported INTEGER NOT NULL DEFAULT 0 CHECK(reported >= 0),
  unwell INTEGER NOT NULL DEFAULT 0 CHECK(unwell >= 0)
);
CREATE TABLE nucleic_tests(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  tested_at INTEGER NOT NULL,
  result TEXT NOT NULL CHECK(result IN ('pending','negative','positive')),
  site TEXT NOT NULL DEFAULT '',
  recorded_at INTEGER NOT NULL,
  UNIQUE(person_id, tested_at)
);
CREATE INDEX tests_at ON nucleic_tests(tested_at);
CREATE TABLE medical_assignments(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  community_id INTEGER NOT NULL REFERENCES communities(id),
  since INTEGER NOT NULL,
  until INTEGER
);
CREATE UNIQUE INDEX medics_current ON medical_assignments(community_id, person_id) WHERE until IS NULL;
-- Out of service (ICS "out of service: health"): no duty until ended by hand.
CREATE TABLE out_of_service(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  reason TEXT NOT NULL CHECK(reason IN ('health')),
  start_at INTEGER NOT NULL,
  end_at INTEGER,
  test_id INTEGER REFERENCES nucleic_tests(id),
  CHECK(end_at IS NULL OR end_at >= start_at)
);
CREATE UNIQUE INDEX oos_current ON out_of_service(person_id) WHERE end_at IS NULL;
CREATE TABLE alerts(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK(kind IN ('positive_test')),
  person_id INTEGER REFERENCES people(id),
  ref_id INTEGER,
  raised_at INTEGER NOT NULL,
  acknowledged_at INTEGER,
  acknowledged_by TEXT
);
CREATE INDEX alerts_open ON alerts(raised_at) WHERE acknowledged_at IS NULL;
CREATE TABLE family_situations(
  person_id INTEGER PRIMARY KEY REFERENCES people(id),
  dependents INTEGER NOT NULL DEFAULT 0 CHECK(dependents >= 0),
  elderly INTEGER NOT NULL DEFAULT 0 CHECK(elderly >= 0),
  children INTEGER NOT NULL DEFAULT 0 CHECK(children >= 0),
  notes TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
);
CREATE TABLE care_visits(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  visited_at INTEGER NOT NULL,
  to_family INTEGER NOT NULL DEFAULT 0 CHECK(to_family IN (0, 1)),
  visitors TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  -- Paid from retained party dues (党费), in fen.
  dues_fen INTEGER NOT NULL DEFAULT 0 CHECK(dues_fen >= 0),
  recorded_at INTEGER NOT NULL
);
CREATE INDEX visits_at ON care_visits(visited_at);
CREATE TABLE talks(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  talked_at INTEGER NOT NULL,
  by_whom TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX talks_person_at ON talks(person_id, talked_at);
CREATE TABLE trainings(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  kind TEXT NOT NULL CHECK(kind IN ('self_protection','psychological')),
  trained_at INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX trainings_person ON trainings(person_id, kind, trained_at);
CREATE TABLE insurance(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  policy TEXT NOT NULL DEFAULT '',
  valid_from INTEGER NOT NULL,
  valid_until INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  CHECK(valid_until > valid_from)
);
CREATE INDEX insurance_person ON insurance(person_id, valid_until);
CREATE INDEX cases_opened ON family_cases(opened_at);
CREATE INDEX people_community ON people(community_id);
-- The few retired, subtracted from everyone for "no report today" on every header refresh.
CREATE INDEX people_retired ON people(retired_at) WHERE retired_at IS NOT NULL;
