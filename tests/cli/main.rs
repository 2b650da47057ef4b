//! The real binary from the command line, each run in its own temporary home: the JSON
//! contracts scripts rely on, `do …` through the one executor, refusals of one line that write
//! nothing, import, report and export files, restore, the config file and `bench`.

#[path = "../support/mod.rs"]
mod support;

mod bench;
mod cases;
/// `frontline check` of the kept counts.
mod check;
mod config;
mod contract;
mod desk;
mod health;
mod import;
/// Going live: init, do org, import org, templates.
mod org;
mod output_safety;
mod people;
mod report;
mod restore;
mod server;
mod server_upgrade;
mod shifts;
mod supplies;
