//! Health rules: the daily report's deadline, who counts as unwell, when a
//! nucleic-acid test is overdue. Pure: the day, the zone and `now` are passed in.

use super::Ts;
use super::time::day_start;
use chrono::NaiveTime;
use chrono_tz::Tz;

/// Lowest and highest body temperature a report may carry, in tenths of °C.
pub const TEMP_MIN_DC: i64 = 340;
pub const TEMP_MAX_DC: i64 = 430;
/// 发热: 37.3 °C and above counts as fever.
pub const FEVER_DC: i64 = 373;

/// A temperature in °C as tenths (36.55 → 366), if it lies within 34.0–43.0 °C.
pub fn temperature_dc(celsius: f64) -> Option<i64> {
    if !celsius.is_finite() {
        return None;
    }
    let dc = (celsius * 10.0).round() as i64;
    (TEMP_MIN_DC..=TEMP_MAX_DC).contains(&dc).then_some(dc)
}

/// "36.6" from 366.
pub fn fmt_temp(dc: i64) -> String {
    format!("{}.{}", dc / 10, dc % 10)
}

/// Unwell: the person says so, has a fever, or names a symptom.
pub fn is_unwell(temp_dc: Option<i64>, fit: bool, symptoms: &str) -> bool {
    !fit || temp_dc.is_some_and(|t| t >= FEVER_DC) || !symptoms.trim().is_empty()
}

/// When the report for local day `day` is due ("10:00" in the rules).
pub fn report_deadline(day: i64, due: &str, tz: Tz) -> Ts {
    let t = NaiveTime::parse_from_str(due, "%H:%M").unwrap_or(NaiveTime::MIN);
    day_start(day, tz) + i64::from(chrono::Timelike::num_seconds_from_midnight(&t))
}

/// Where a person's report for a day stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    /// Reported by the deadline.
    Reported,
    /// Reported, after the deadline.
    Late,
    /// Not reported yet, and the deadline has not passed.
    Due,
    /// Not reported by the deadline: flagged.
    Missing,
}

impl ReportState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportState::Reported => "reported",
            ReportState::Late => "late",
            ReportState::Due => "due",
            ReportState::Missing => "missing",
        }
    }
}

/// The deadline itself still counts as on time; one second later is missing.
pub fn report_state(reported_at: Option<Ts>, deadline: Ts, now: Ts) -> ReportState {
    match reported_at {
        Some(t) if t <= deadline => ReportState::Reported,
        Some(_) => ReportState::Late,
        None if now <= deadline => ReportState::Due,
        None => ReportState::Missing,
    }
}

/// A test is overdue once more than the interval has passed since the last one (exactly the
/// interval is still in time); never tested is overdue.
pub fn test_overdue(last_test: Option<Ts>, now: Ts, interval_hours: u32) -> bool {
    match last_test {
        None => true,
        Some(t) => now - t > i64::from(interval_hours) * 3600,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::local_day;
    const SH: Tz = chrono_tz::Asia::Shanghai;
    /// 2021-06-10T08:00:00+08:00
    const NOW: Ts = 1_623_283_200;

    #[test]
    fn temperatures_from_34_to_43_are_accepted_one_tenth_outside_is_not() {
        assert_eq!(temperature_dc(34.0), Some(340));
        assert_eq!(temperature_dc(43.0), Some(430));
        assert_eq!(temperature_dc(36.55), Some(366));
        assert_eq!(temperature_dc(33.9), None);
        assert_eq!(temperature_dc(43.1), None);
        assert_eq!(temperature_dc(f64::NAN), None);
        assert_eq!(fmt_temp(366), "36.6");
    }

    #[test]
    fn fever_starts_at_37_3() {
        assert!(!is_unwell(Some(372), true, ""));
        assert!(is_unwell(Some(373), true, ""));
        assert!(is_unwell(None, false, ""));
        assert!(is_unwell(Some(365), true, "咳嗽"));
        assert!(!is_unwell(None, true, "  "));
    }

    #[test]
    fn report_due_at_ten_exactly_is_on_time_one_second_later_is_missing() {
        let day = local_day(NOW, SH);
        let deadline = report_deadline(day, "10:00", SH);
        assert_eq!(deadline, NOW + 2 * 3600);
        assert_eq!(report_state(None, deadline, NOW), ReportState::Due);
        assert_eq!(report_state(None, deadline, deadline), ReportState::Due);
        assert_eq!(
            report_state(None, deadline, deadline + 1),
            ReportState::Missing
        );
        assert_eq!(
            report_state(Some(deadline), deadline, deadline + 60),
            ReportState::Reported
        );
        assert_eq!(
            report_state(Some(deadline + 1), deadline, deadline + 60),
            ReportState::Late
        );
    }

    #[test]
    fn a_test_48_hours_old_is_in_time_one_second_more_is_overdue() {
        assert!(!test_overdue(Some(NOW - 48 * 3600), NOW, 48));
        assert!(test_overdue(Some(NOW - 48 * 3600 - 1), NOW, 48));
        assert!(test_overdue(None, NOW, 48));
        assert!(!test_overdue(Some(NOW), NOW, 48));
    }
}
