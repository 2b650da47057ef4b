
ALTER TABLE stock_daily ADD COLUMN adjusted INTEGER NOT NULL DEFAULT 0;
CREATE TABLE logistics_requests(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK(kind IN ('meals','lodging','heat_relief','night_duty','transport')),
  post_id INTEGER REFERENCES posts(id),
  person_id INTEGER REFERENCES people(id),
  quantity INTEGER NOT NULL CHECK(quantity > 0),
  needed_by INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK(status IN ('open','arranged','done')),
  opened_at INTEGER NOT NULL,
  arranged_at INTEGER,
  arrangement TEXT,
  done_at INTEGER,
  CHECK(post_id IS NOT NULL OR person_id IS NOT NULL)
);
CREATE INDEX requests_pending ON logistics_requests(needed_by, id) WHERE status <> 'done';
CREATE INDEX shifts_planned_start ON shifts(planned_start, post_id) WHERE status = 'planned';
INSERT OR IGNORE INTO supply_items(code, name_zh, name_en, unit_zh, unit_en, category, reorder_level) VALUES
  ('MASK', '医用外科口罩', 'Surgical masks', '只', 'pcs', 'mask', 2000),
  ('N95', 'N95口罩', 'N95 respirators', '只', 'pcs', 'mask', 500),
  ('SUIT', '防护服', 'Protective suits', '套', 'sets', 'suit', 300),
  ('GOWN', '隔离衣', 'Isolation gowns', '件', 'pcs', 'suit', 300),
  ('GLOVE', '医用手套', 'Gloves', '副', 'pairs', 'glove', 1000),
  ('GOGGLE', '护目镜', 'Goggles', '副', 'pairs', 'eye', 50),
  ('SHIELD', '面屏', 'Face shields', '个', 'pcs', 'eye', 100),
  ('DISINF', '消毒剂', 'Disinfectant', '瓶', 'bottles', 'disinfectant', 60),
  ('THERMO', '测温枪', 'Thermometers', '把', 'pcs', 'device', 10);
INSERT INTO depots(name) SELECT '指挥部仓库' WHERE NOT EXISTS (SELECT 1 FROM depots);
