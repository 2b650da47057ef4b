//! Volunteer hours (志愿时, the basis for commendation), computed from actual shifts, never typed: each span of
//! duty (check-in to check-out; a shift still running counts up to the report time) is cut at
//! local midnight and summed per person and day.
//!
//! On-post hours: duty at a frontline post (sampling site, checkpoint, sealed-zone perimeter).
//! Other hours: duty at the command post (指挥部: dispatch, logistics, support).

use crate::domain::Ts;
use crate::domain::time::{day_start, local_day};
use chrono_tz::Tz;
use std::collections::BTreeMap;

/// One span of actual duty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DutySpan {
    pub person: i64,
    pub start: Ts,
    pub end: Ts,
    /// At a frontline post (else the command post).
    pub on_post: bool,
}

/// Seconds of duty of one person on one local day.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DaySeconds {
    pub on_post: i64,
    pub other: i64,
}

/// Per (person, local day) within `[from_day, to_day]`, in order.
pub fn by_day(
    spans: &[DutySpan],
    from_day: i64,
    to_day: i64,
    tz: Tz,
) -> BTreeMap<(i64, i64), DaySeconds> {
    let mut out: BTreeMap<(i64, i64), DaySeconds> = BTreeMap::new();
    for s in spans.iter().filter(|s| s.end > s.start) {
        let mut day = local_day(s.start, tz).max(from_day);
        let last = local_day(s.end - 1, tz).min(to_day);
        while day <= last {
            let (a, b) = (day_start(day, tz), day_start(day + 1, tz));
            let secs = s.end.min(b) - s.start.max(a);
            if secs > 0 {
                let e = out.entry((s.person, day)).or_default();
                if s.on_post {
                    e.on_post += secs;
                } else {
                    e.other += secs;
                }
            }
            day += 1;
        }
    }
    out
}

/// Hours with two decimals (what a volunteer-time system takes).
pub fn hours(secs: i64) -> f64 {
    (secs as f64 / 36.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    const SH: Tz = chrono_tz::Asia::Shanghai;
    // 2021-06-10 00:00 +08:00
    const D10: Ts = 1_623_254_400;

    fn day(ts: Ts) -> i64 {
        local_day(ts, SH)
    }

    #[test]
    fn a_night_shift_is_cut_at_local_midnight() {
        // 20:00 on the 10th to 08:00 on the 11th: 4 h on the 10th, 8 h on the 11th.
        let s = DutySpan {
            person: 1,
            start: D10 + 20 * 3600,
            end: D10 + 32 * 3600,
            on_post: true,
        };
        let m = by_day(&[s], day(D10), day(D10) + 1, SH);
        assert_eq!(m[&(1, day(D10))].on_post, 4 * 3600);
        assert_eq!(m[&(1, day(D10) + 1)].on_post, 8 * 3600);
        // Only the 11th asked for: the 10th's hours are not counted.
        let m = by_day(&[s], day(D10) + 1, day(D10) + 1, SH);
        assert_eq!(m.len(), 1);
        assert_eq!(m[&(1, day(D10) + 1)].on_post, 8 * 3600);
    }

    #[test]
    fn command_post_duty_is_other_hours() {
        let spans = [
            DutySpan {
                person: 2,
                start: D10 + 8 * 3600,
                end: D10 + 12 * 3600 + 1800,
                on_post: true,
            },
            DutySpan {
                person: 2,
                start: D10 + 14 * 3600,
                end: D10 + 16 * 3600,
                on_post: false,
            },
        ];
        let m = by_day(&spans, day(D10), day(D10), SH);
        let d = m[&(2, day(D10))];
        assert_eq!(hours(d.on_post), 4.5);
        assert_eq!(hours(d.other), 2.0);
    }

    #[test]
    fn a_span_ending_exactly_at_midnight_stays_on_its_day() {
        let s = DutySpan {
            person: 3,
            start: D10 + 16 * 3600,
            end: D10 + 24 * 3600,
            on_post: true,
        };
        let m = by_day(&[s], day(D10) - 1, day(D10) + 1, SH);
        assert_eq!(m.len(), 1);
        assert_eq!(m[&(3, day(D10))].on_post, 8 * 3600);
    }
}
