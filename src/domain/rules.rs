//! Rest rules: which rule a duty history breaks, by how much, and when the current shift will
//! first break one. Pure: the history, the zone and `now` are passed in.

pub use super::night::NightWeighting;
use super::time::local_day;
use super::{Interval, RuleKind, Ts};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The rules, as read from `assets/rules.toml` or the user's override.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RestRules {
    pub max_continuous_hours: f64,
    pub min_rest_between_hours: f64,
    pub max_consecutive_days: u32,
    pub forced_rest_hours: f64,
    pub health_report_due: String,
    pub test_interval_hours: u32,
    pub talk_interval_days: u32,
    pub low_stock_days: f64,
    /// Optional: shortest uninterrupted rest in any 7 days, hours (EU weekly rest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_weekly_rest_hours: Option<f64>,
    /// Optional: night duty counts more toward the rolling-window hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub night: Option<NightWeighting>,
    /// Shortest forced rest that may be ordered, hours (default: `min_rest_between_hours`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_forced_rest_hours: Option<f64>,
    /// Early warning: list on-duty people who will break a rule within this many hours.
    #[serde(default = "default_warn_hours")]
    pub warn_within_hours: f64,
    /// A family-support case open longer than this many days is marked overdue.
    #[serde(default = "default_case_overdue_days")]
    pub case_overdue_days: u32,
    #[serde(rename = "window")]
    pub windows: Vec<WindowRule>,
    /// Burn-rate window and consumption ratios (`[supplies]`; defaults when absent).
    #[serde(default)]
    pub supplies: super::stock::SupplyRules,
}

fn default_warn_hours() -> f64 {
    2.0
}

/// Most duty hours in any rolling window of `days` days.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WindowRule {
    pub days: u32,
    pub max_hours: f64,
}

fn default_case_overdue_days() -> u32 {
    7
}

pub const DEFAULT_RULES_TOML: &str = include_str!("../../assets/rules.toml");

impl Default for RestRules {
    fn default() -> Self {
        RestRules::from_toml(DEFAULT_RULES_TOML).expect("shipped rules parse")
    }
}

impl RestRules {
    /// Parse and check a rules file. Errors name the line and field (toml's messages do).
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let r: RestRules =
            toml::from_str(text).map_err(|e| e.to_string().trim().replace('\n', " "))?;
        if let Err(e) = r.validate().and_then(|_| r.validate_more()) {
            // "field window.days: …" → "line 24, field window.days: …"
            let field = e
                .strip_prefix("field ")
                .and_then(|x| x.split(':').next())
                .unwrap_or("");
            let nth = if field.starts_with("window.") {
                r.bad_window()
            } else {
                0
            };
            return Err(match super::rules_file::line_of(text, field, nth) {
                Some(n) => format!("line {n}, {e}"),
                None => e,
            });
        }
        Ok(r)
    }

    fn validate(&self) -> Result<(), String> {
        let pos = |v: f64, f: &str| {
            if v > 0.0 && v.is_finite() {
                Ok(())
            } else {
                Err(format!("field {f}: must be a positive number"))
            }
        };
        pos(self.max_continuous_hours, "max_continuous_hours")?;
        pos(self.min_rest_between_hours, "min_rest_between_hours")?;
        pos(self.forced_rest_hours, "forced_rest_hours")?;
        pos(self.low_stock_days, "low_stock_days")?;
        if let Some(m) = self.min_forced_rest_hours {
            pos(m, "min_forced_rest_hours")?;
            if m > self.forced_rest_hours {
                return Err(
                    "field min_forced_rest_hours: must not exceed forced_rest_hours".into(),
                );
            }
        }
        if self.max_consecutive_days == 0 {
            return Err("field max_consecutive_days: must be at least 1".into());
        }
        for w in &self.windows {
            if w.days == 0 {
                return Err("field window.days: must be at least 1".into());
            }
            pos(w.max_hours, "window.max_hours")?;
        }
        chrono::NaiveTime::parse_from_str(&self.health_report_due, "%H:%M")
            .map_err(|_| "field health_report_due: expected HH:MM".to_string())?;
        self.supplies.validate()?;
        Ok(())
    }

    /// Shortest forced rest that may be ordered, hours.
    pub fn min_forced_rest(&self) -> f64 {
        // Unset: the rest between shifts, but never above the rules' own forced rest.
        self.min_forced_rest_hours
            .unwrap_or(self.min_rest_between_hours.min(self.forced_rest_hours))
    }

    fn secs(h: f64) -> i64 {
        (h * 3600.0).round() as i64
    }

    /// Longest span of history any rule looks back over, in seconds.
    pub fn lookback_secs(&self) -> i64 {
        let w = self
            .windows
            .iter()
            .map(|w| w.days as i64)
            .max()
            .unwrap_or(0);
        let weekly = if self.min_weekly_rest_hours.is_some() {
            8
        } else {
            0
        };
        (w.max(self.max_consecutive_days as i64 + 2).max(weekly)) * 86_400
    }

    /// A stable fingerprint, stored with derived data so a change of rules recomputes it.
    pub fn fingerprint(&self) -> String {
        // The engine's version too: a fix to how a rule is computed recomputes what was kept.
        format!(
            "engine 2 {}",
            serde_json::to_string(self).expect("rules serialise")
        )
    }
}

/// One rule broken, and by how much.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breach {
    pub rule: RuleKind,
    /// The rule's limit, in the rule's unit (hours, or days for consecutive days).
    pub limit: f64,
    /// What the person has, in the same unit.
    pub actual: f64,
    /// How far over, in minutes (for days: whole days over × 1440).
    pub over_by_minutes: i64,
    /// For window rules: the window length in days.
    pub window_days: Option<u32>,
}

/// A person's duty: finished shifts (sorted, non-overlapping) and the start of the current one.
#[derive(Debug, Clone, Default)]
pub struct Duty<'a> {
    pub history: &'a [Interval],
    pub current_start: Option<Ts>,
}

impl Duty<'_> {
    fn seconds_in(&self, from: Ts, to: Ts) -> i64 {
        let past: i64 = self.history.iter().map(|i| i.overlap(from, to)).sum();
        past + self
            .current_start
            .map_or(0, |s| Interval::new(s, to).overlap(from, to))
    }

    /// Like `seconds_in`, with night hours weighted by the rules' night factor.
    fn weighted_in(&self, from: Ts, to: Ts, rules: &RestRules, tz: Tz) -> i64 {
        let base = self.seconds_in(from, to);
        let Some(n) = rules.night.as_ref().filter(|n| n.factor > 1.0) else {
            return base;
        };
        let clip = |i: &Interval| (i.start.max(from), i.end.min(to));
        let mut night: i64 = self
            .history
            .iter()
            .map(|i| {
                let (a, b) = clip(i);
                n.night_secs(a, b, tz)
            })
            .sum();
        if let Some(s) = self.current_start {
            night += n.night_secs(s.max(from), to, tz);
        }
        base + ((n.factor - 1.0) * night as f64).round() as i64
    }

    /// Longest stretch without duty inside `[from, to]`, the current shift running until `to`.
    fn longest_rest(&self, from: Ts, to: Ts) -> i64 {
        let mut spans: Vec<(Ts, Ts)> = self
            .history
            .iter()
            .map(|i| (i.start.max(from), i.end.min(to)))
            .filter(|(a, b)| b > a)
            .collect();
        if let Some(s) = self.current_start {
            spans.push((s.max(from), to));
        }
        spans.sort_unstable();
        let (mut best, mut free_from) = (0, from);
        for (a, b) in spans {
            best = best.max(a - free_from);
            free_from = free_from.max(b);
        }
        best.max(to - free_from)
    }

    /// Consecutive local days on which a shift started, ending with the day of `at` (the
    /// running shift's start: a night shift that crosses midnight keeps its run, it does not
    /// end at 00:00). A day counts by its shift starts, so a night shift that ends after
    /// midnight does not spend the next day, which stays a rest day if nothing starts on it.
    /// Counted as far back as the history goes: the caller loads enough of it (see
    /// `run_reaches`).
    pub fn run_of_days(&self, at: Ts, tz: Tz) -> u32 {
        let mut days: Vec<i64> = self
            .history
            .iter()
            .filter(|i| i.start <= at)
            .map(|i| local_day(i.start, tz))
            .collect();
        if let Some(s) = self.current_start.filter(|s| *s <= at) {
            days.push(local_day(s, tz));
        }
        days.sort_unstable();
        days.dedup();
        let today = local_day(at, tz);
        let mut run = 0;
        for d in days.iter().rev() {
            if *d == today - run as i64 {
                run += 1;
            } else if *d < today - run as i64 {
                break;
            }
        }
        run
    }
}

const WEEK: i64 = 7 * 86_400;

/// Every rule the duty breaks at `now`. Rules about the current shift need `current_start`.
pub fn evaluate(duty: &Duty, now: Ts, rules: &RestRules, tz: Tz) -> Vec<Breach> {
    let mut out = Vec::new();
    let Some(start) = duty.current_start else {
        return out;
    };
    let on = now - start;
    let max_c = RestRules::secs(rules.max_continuous_hours);
    if on > max_c {
        out.push(Breach {
            rule: RuleKind::ContinuousDuty,
            limit: rules.max_continuous_hours,
            actual: on as f64 / 3600.0,
            over_by_minutes: (on - max_c) / 60,
            window_days: None,
        });
    }
    if let Some(last) = duty
        .history
        .iter()
        .filter(|i| i.end <= start)
        .map(|i| i.end)
        .max()
    {
        let gap = start - last;
        let min = RestRules::secs(rules.min_rest_between_hours);
        if gap < min {
            out.push(Breach {
                rule: RuleKind::RestBetween,
                limit: rules.min_rest_between_hours,
                actual: gap as f64 / 3600.0,
                over_by_minutes: (min - gap + 59) / 60,
                window_days: None,
            });
        }
    }
    let run = duty.run_of_days(start, tz);
    if run > rules.max_consecutive_days {
        out.push(Breach {
            rule: RuleKind::ConsecutiveDays,
            limit: rules.max_consecutive_days as f64,
            actual: run as f64,
            over_by_minutes: (run - rules.max_consecutive_days) as i64 * 1440,
            window_days: None,
        });
    }
    if let Some(min_h) = rules.min_weekly_rest_hours {
        let longest = duty.longest_rest(now - WEEK, now);
        let min = RestRules::secs(min_h);
        if longest < min {
            out.push(Breach {
                rule: RuleKind::WeeklyRest,
                limit: min_h,
                actual: longest as f64 / 3600.0,
                over_by_minutes: (min - longest + 59) / 60,
                window_days: Some(7),
            });
        }
    }
    for w in &rules.windows {
        let secs = duty.weighted_in(now - w.days as i64 * 86_400, now, rules, tz);
        let max = RestRules::secs(w.max_hours);
        if secs > max {
            out.push(Breach {
                rule: RuleKind::WindowHours,
                limit: w.max_hours,
                actual: secs as f64 / 3600.0,
                over_by_minutes: (secs - max) / 60,
                window_days: Some(w.days),
            });
        }
    }
    out
}

/// The first moment at or after the current shift's start at which it breaks a rule, if it
/// goes on long enough, and which rule. Stored with the active shift so that the Overdue panel
/// is an index range (`breach_at <= now`), not a recomputation of everyone's history.
pub fn first_breach(duty: &Duty, rules: &RestRules, tz: Tz) -> Option<(Ts, RuleKind)> {
    let start = duty.current_start?;
    let mut best: Option<(Ts, RuleKind)> = None;
    let mut take = |t: Ts, r: RuleKind| {
        if best.is_none_or(|(b, _)| t < b) {
            best = Some((t, r));
        }
    };
    // Rest between shifts: broken from the first second of the shift.
    let at_start = evaluate(duty, start, rules, tz);
    if let Some(b) = at_start.iter().find(|b| b.rule != RuleKind::ContinuousDuty) {
        take(start, b.rule);
    }
    take(
        start + RestRules::secs(rules.max_continuous_hours) + 1,
        RuleKind::ContinuousDuty,
    );
    // Consecutive days count shift starts, so only the start itself can break that rule, and
    // `at_start` above has already looked.
    // Weekly rest: the longest rest inside the last 7 days only shrinks while the shift goes
    // on, and is nil once the shift fills the week, so bisect.
    if let Some(min_h) = rules.min_weekly_rest_hours {
        let min = RestRules::secs(min_h);
        let short = |t: Ts| duty.longest_rest(t - WEEK, t) < min;
        let (mut lo, mut hi) = (start, start + WEEK);
        if short(lo) {
            take(lo, RuleKind::WeeklyRest);
        } else {
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if short(mid) { hi = mid } else { lo = mid }
            }
            take(hi, RuleKind::WeeklyRest);
        }
    }
    // Window hours: hours-in-window(t) is piecewise linear in t, with kinks where a shift or a
    // night band enters or leaves the window. Without night weighting it never falls while the
    // shift goes on; with it, a weighted night leaving the window can outweigh the day being
    // added, so look at the kinks in order and bisect inside the first segment that crosses.
    for w in &rules.windows {
        let span = w.days as i64 * 86_400;
        let max = RestRules::secs(w.max_hours);
        let f = |t: Ts| duty.weighted_in(t - span, t, rules, tz);
        // The current shift alone passes the limit by then (weights are at least 1).
        let hi = start + max + 1;
        let mut kinks: Vec<Ts> = vec![start + span];
        for i in duty.history {
            kinks.extend([i.start, i.end, i.start + span, i.end + span]);
        }
        if let Some(n) = rules.night.as_ref().filter(|n| n.factor > 1.0) {
            for (a, b) in n.bands(start - span, hi, tz) {
                kinks.extend([a, b, a + span, b + span]);
            }
        }
        take(first_over(&f, max, start, hi, kinks), RuleKind::WindowHours);
    }
    best
}

/// The first `t` in `[lo, hi]` with `f(t) > max`, given `f(hi) > max` and `f` linear between
/// the `kinks`.
fn first_over(f: &dyn Fn(Ts) -> i64, max: i64, lo: Ts, hi: Ts, mut kinks: Vec<Ts>) -> Ts {
    if f(lo) > max {
        return lo;
    }
    kinks.retain(|k| *k > lo && *k < hi);
    kinks.push(hi);
    kinks.sort_unstable();
    kinks.dedup();
    let mut prev = lo;
    for k in kinks {
        if f(k) > max {
            // Linear on [prev, k], at most `max` at prev: rising, so bisect.
            let (mut a, mut b) = (prev, k);
            while b - a > 1 {
                let m = a + (b - a) / 2;
                if f(m) > max { b = m } else { a = m }
            }
            return b;
        }
        prev = k;
    }
    hi
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod rules_tests;

#[cfg(test)]
#[path = "rules_basic_tests.rs"]
mod tests;
