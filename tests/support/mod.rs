//! The one set of test harnesses, shared by every test binary (`tests/{store,cli,ui,pty}/`):
//! `db` dumps a whole database (a refusal must leave it unchanged) and checks the kept counts;
//! `cli` runs the real binary in a temporary home; `ui` drives a `Console` on a test backend;
//! `pty` runs the real console in a pseudo-terminal. The store tests' databases, by area:
//! `shifts` (shifts, rest, call-up), `care` (health and care), `people` (people and party),
//! `supplies` (stock and requests) and `paper` (import, report, hours, exports).
#![allow(dead_code, unused_imports)]

pub mod care;
pub mod cli;
pub mod db;
pub mod paper;
pub mod people;
pub mod pg;
pub mod pty;
pub mod shifts;
pub mod supplies;
pub mod ui;
