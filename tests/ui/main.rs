//! The console as a user sees it: a `Console` driven through its own action path on a test
//! backend over a demo database, its screens compared with snapshots (insta, under
//! `tests/ui/snapshots/`), forms, confirmations, themes and the palette.

#[path = "../support/mod.rs"]
mod support;

mod alerts;
mod case_detail;
mod chinese;
mod desk;
mod gate;
mod handover_stock;
mod header_click;
mod health;
mod noise;
mod overdue;
mod paperwork;
mod people;
mod phone;
mod pick;
mod resting;
mod schedule;
mod screens;
mod setup;
mod supplies;
mod theme;
mod width;
