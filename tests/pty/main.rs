//! End to end: the real binary in a pseudo-terminal, driven by keys (and the mouse), its
//! screen read back through `vt100`, the database checked from the command line. `soak` (two
//! consoles and scripts for a minute) is ignored by default: `cargo test --test pty soak --
//! --ignored`. With `FRONTLINE_TEST_ENGINE=postgres` (and `FRONTLINE_TEST_PG`) every
//! fixture's database is a server database of its own (`support::pty::Fixture`).

#[path = "../support/mod.rs"]
mod support;

mod console;
mod health;
mod schedule;
mod server;
mod setup;
mod soak;
mod supplies;
mod ux;
