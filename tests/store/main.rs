//! The library below the console: every write through the one executor (`Store::execute`) and
//! what the queries then show, refusals that write nothing, undo, reliability (crashes, many
//! writers, backups), the rest rules and the report against simple references, property tests,
//! and files Frontline refuses (`security`; its `encrypted` part runs with
//! `--features encryption`).

#[path = "../support/mod.rs"]
mod support;

mod callup;
mod care;
mod cases_window;
mod commands;
mod demo_org;
mod desk;
mod engines;
mod export_pages;
mod first_run;
mod handover_sheet;
mod handover_stock;
/// The duty gate and the rest rules against a deliberately simple reference.
mod duty {
    mod gate;
    mod reference;
}
mod health;
mod hours;
mod import_props;
mod logistics;
mod long_runs;
mod overdue_fresh;
mod paging;
mod panels_fresh;
mod party;
mod people;
mod pick;
mod reliability;
mod report_ref;
mod report_reference;
mod rest_ledger;
mod security;
mod shifts;
mod supplies;
mod supplies_cover;
mod undo;
