//! Labels of shifts, rest, the schedule and coverage screen, the call-up list, the
//! compensatory-leave ledger (补休) and on-the-spot conversion (就地转化).

use super::Entry;

#[rustfmt::skip]
pub const SHIFTS: &[Entry] = &[
    ("rule.weekly_rest", "weekly rest", "每周休息不足"),
];
