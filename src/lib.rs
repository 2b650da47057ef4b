//! Frontline — a terminal dispatch console for an epidemic-response command post.
//!
//! Layers (one direction of flow): `domain` (pure rules) ← `store` (SQLite, the one write path)
//! ← `app` (state, actions, keys; no SQL, no drawing) → `ui` (pure rendering of a snapshot);
//! `cli` and `console` wire them to the command line and the terminal.

pub mod app;
pub mod bench;
pub mod cli;
pub mod clock;
pub mod config;
pub mod console;
pub mod console_health_import;
pub mod console_paper;
pub mod demo;
pub mod demo_data;
pub mod demo_health;
pub mod demo_people;
pub mod demo_shifts;
pub mod demo_supplies;
pub mod domain;
pub mod export;
pub mod files;
pub mod i18n;
pub mod import;
pub mod path_complete;
pub mod report;
pub mod settings;
pub mod store;
pub mod ui;
