//! The rest rules, deliberately simple and slow, from raw shift spans only: no kept or derived
//! data, no shortcuts. The engine (src/domain/rules.rs and the store around it) is checked
//! against this.

use chrono::TimeZone;
use chrono_tz::Tz;

pub const H: i64 = 3600;
pub const SH: Tz = chrono_tz::Asia::Shanghai;

/// One rule broken: (rule name as stored, actual in the rule's unit × 60 rounded, over by
/// minutes).
pub type Broken = (&'static str, i64, i64);

fn day(t: i64) -> i64 {
    let d = SH.timestamp_opt(t, 0).unwrap().date_naive();
    d.signed_duration_since(chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap())
        .num_days()
}

fn overlap(a: (i64, i64), from: i64, to: i64) -> i64 {
    (a.1.min(to) - a.0.max(from)).max(0)
}

/// What a person has broken at `now` with the duty `[start, now)` running after the finished
/// spans `past` (any order; those ending after `start` are ignored), under the shipped rules:
/// 12 h on duty, 11 h between shifts, 6 days in a row, 60 h in any 7 days.
pub fn broken(past: &[(i64, i64)], start: i64, now: i64) -> Vec<Broken> {
    let past: Vec<(i64, i64)> = past.iter().copied().filter(|s| s.1 <= start).collect();
    let mut out = Vec::new();
    let on = now - start;
    if on > 12 * H {
        out.push(("continuous_duty", (on * 60 + H / 2) / H, (on - 12 * H) / 60));
    }
    if let Some(last) = past.iter().map(|s| s.1).max() {
        let gap = start - last;
        if gap < 11 * H {
            out.push((
                "rest_between",
                (gap * 60 + H / 2) / H,
                (11 * H - gap + 59) / 60,
            ));
        }
    }
    // Days on which a shift started, counted back one by one from the running shift's day.
    let mut run = 1;
    loop {
        let d = day(start) - run;
        if past.iter().any(|s| day(s.0) == d) {
            run += 1;
        } else {
            break;
        }
    }
    if run > 6 {
        out.push(("consecutive_days", run * 60, (run - 6) * 1440));
    }
    let worked: i64 = past
        .iter()
        .map(|s| overlap(*s, now - 7 * 24 * H, now))
        .sum::<i64>()
        + overlap((start, now), now - 7 * 24 * H, now);
    if worked > 60 * H {
        out.push((
            "window_hours",
            (worked * 60 + H / 2) / H,
            (worked - 60 * H) / 60,
        ));
    }
    out.sort();
    out
}

/// The rules a span `[s, e)` breaks if worked as planned after `past`: as they stand at its
/// last second (every one of these rules only grows while a duty goes on).
pub fn broken_if_worked(past: &[(i64, i64)], s: i64, e: i64) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = broken(past, s, e).into_iter().map(|b| b.0).collect();
    v.dedup();
    v
}
