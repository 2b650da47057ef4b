
CREATE TABLE alert_acks(
  key TEXT PRIMARY KEY,
  acknowledged_at INTEGER NOT NULL,
  acknowledged_by TEXT NOT NULL
);
