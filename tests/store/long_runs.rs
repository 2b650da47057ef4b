//! A run of working days is followed back as far as it goes (up to the 400-day limit), however
//! many reads that takes: the history is read a few days back first, then in steps that double
//! (`duty_history.rs`). What the Overdue panel says for a person checked in after a run of N
//! days in a row is N + 1 days.

use crate::support::shifts::*;
use frontline::domain::RuleKind;
use frontline::store::commands::Command;
use frontline::store::queries::Window;

#[test]
fn the_overdue_panel_counts_a_run_of_days_however_far_back_it_goes() {
    let mut db = Db::new();
    // Short (inside the first read), inside the first step back (two months), and needing
    // three steps back (60, 120 and 240 days).
    let runs = [5, 20, 75, 200];
    let (_, post, people) = db.team("长", 1, runs.len());
    for (&n, &person) in runs.iter().zip(&people) {
        // One shift a day, 02:00–06:00 local time, on each of the n days before today.
        for k in 1..=n {
            let start = NOW - k * 24 * H - 6 * H;
            db.done(person, post, start, start + 4 * H);
        }
        // One more day before the run, a day off between: not part of it.
        let start = NOW - (n + 2) * 24 * H - 6 * H;
        db.done(person, post, start, start + 4 * H);
        db.run(Command::CheckIn {
            person: pr(person),
            post,
            override_reason: Some("测试：连续值守".into()),
        })
        .unwrap();
    }
    let overdue = db.store.overdue(NOW, &Window::all()).unwrap();
    for (&n, &person) in runs.iter().zip(&people) {
        let days = overdue
            .rows
            .iter()
            .find(|r| r.id == person)
            .and_then(|r| {
                r.breaches
                    .iter()
                    .find(|b| b.rule == RuleKind::ConsecutiveDays)
            })
            .map(|b| b.actual);
        if n < 6 {
            assert_eq!(
                days, None,
                "a run of {n} days and today breaks no day limit"
            );
        } else {
            assert_eq!(days, Some((n + 1) as f64), "a run of {n} days and today");
        }
    }
}
