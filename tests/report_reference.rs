//! The daily report (日报) and volunteer hours (志愿时) against a reference recomputed from raw
//! rows (`report_ref`): on random histories written as rows (early and late check-ins, shifts
//! across midnight, moves mid-shift, undone moves, events exactly at the report moment) and
//! after random command sequences through the executor; then one test per mismatch of issue 21.

mod report_ref;

use frontline::domain::time::local_day;
use proptest::prelude::*;
use report_ref::history::{D10, command_history, compare_hours, compare_report, raw_history};

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn report_and_hours_agree_with_the_reference_on_random_histories(seed in any::<u64>()) {
        let (_d, store, now) = raw_history(seed);
        let today = local_day(now, TZ);
        for d in [today, today - 1, today - 2] {
            if let Err(e) = compare_report(&store, d, now) {
                prop_assert!(false, "seed {seed}: {e}");
            }
        }
        let raw = report_ref::load(&rusqlite::Connection::open(store.path()).unwrap());
        for (d1, d2, asof) in [(today - 2, today, now), (today - 1, today - 1, now), (today - 1, today, D10)] {
            if let Err(e) = compare_hours(&store, &raw, d1, d2, asof) {
                prop_assert!(false, "seed {seed}: {e}");
            }
        }
    }

    #[test]
    fn report_and_hours_agree_with_the_reference_after_random_commands(seed in any::<u64>()) {
        let (_d, store, now) = command_history(seed, 70);
        let today = local_day(now, TZ);
        for d in (today - 3)..=today {
            if let Err(e) = compare_report(&store, d, now) {
                prop_assert!(false, "seed {seed}: {e}");
            }
        }
        let raw = report_ref::load(&rusqlite::Connection::open(store.path()).unwrap());
        if let Err(e) = compare_hours(&store, &raw, today - 3, today, now) {
            prop_assert!(false, "seed {seed}: {e}");
        }
    }
}
