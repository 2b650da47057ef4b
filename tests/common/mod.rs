#[allow(dead_code)]
pub mod cli;
#[allow(dead_code)]
pub mod db;
#[allow(dead_code)]
pub mod pty;
#[allow(dead_code)]
pub mod ui;
