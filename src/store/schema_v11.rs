//! Migration 11 (issue 16, going live): the organisation is data the post keeps. Streets,
//! communities, posts, depots and items can be closed (never deleted: they have history); a
//! closed post takes no new shifts and leaves the pickers. A post keeps its shift pattern
//! (`08:00-16:00,16:00-24:00,00:00-08:00`; empty = none given).

pub const V11: &str = r#"
ALTER TABLE streets ADD COLUMN closed_at INTEGER;
ALTER TABLE communities ADD COLUMN closed_at INTEGER;
ALTER TABLE posts ADD COLUMN closed_at INTEGER;
ALTER TABLE posts ADD COLUMN shift_pattern TEXT NOT NULL DEFAULT '';
ALTER TABLE depots ADD COLUMN closed_at INTEGER;
ALTER TABLE supply_items ADD COLUMN closed_at INTEGER;
"#;
