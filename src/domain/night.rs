//! Night-duty weighting: hours inside a local night band count more toward the rolling-window
//! rules, as fatigue tools weigh night work.

use super::Ts;
use super::time::{day_start, local_day};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Hours worked between `start` and `end` (local, "HH:MM"; may cross midnight) count
/// `factor` times toward the rolling-window rules, as fatigue tools weigh night work.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NightWeighting {
    pub start: String,
    pub end: String,
    pub factor: f64,
}

impl NightWeighting {
    /// (start, end) as seconds after local midnight.
    fn bounds(&self) -> (i64, i64) {
        let secs = |s: &str| {
            chrono::NaiveTime::parse_from_str(s, "%H:%M")
                .map(|t| chrono::Timelike::num_seconds_from_midnight(&t) as i64)
                .unwrap_or(0)
        };
        (secs(&self.start), secs(&self.end))
    }

    /// The night bands `[from, to)` of every local day that can touch `[a, b)`.
    pub(crate) fn bands(&self, a: Ts, b: Ts, tz: Tz) -> Vec<(Ts, Ts)> {
        let (s, e) = self.bounds();
        let mut out = Vec::new();
        for d in local_day(a, tz) - 1..=local_day(b, tz) {
            let d0 = day_start(d, tz);
            let end = if e <= s {
                day_start(d + 1, tz) + e
            } else {
                d0 + e
            };
            out.push((d0 + s, end));
        }
        out
    }

    /// Seconds of `[a, b)` inside night bands.
    pub(crate) fn night_secs(&self, a: Ts, b: Ts, tz: Tz) -> i64 {
        if b <= a {
            return 0;
        }
        self.bands(a, b, tz)
            .iter()
            .map(|(s, e)| (b.min(*e) - a.max(*s)).max(0))
            .sum()
    }
}
