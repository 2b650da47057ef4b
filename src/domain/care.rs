//! Care rules: overdue family cases, talks due, party-dues money, and the
//! dates a dispatcher types. Pure: `now` and the zone are passed in.

use super::Ts;
use super::time::{day_start, local_day, parse_time, to_local};
use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

/// A case still open more than `days` days after it was opened is overdue (exactly `days`
/// days is still in time).
pub fn case_overdue(opened_at: Ts, now: Ts, days: u32) -> bool {
    now - opened_at > i64::from(days) * 86_400
}

/// Whole days since the last talk, if more than `interval_days` have passed (or never).
/// `Some(None)`: never talked to.
pub fn talk_due(last: Option<Ts>, now: Ts, interval_days: u32) -> Option<Option<i64>> {
    match last {
        None => Some(None),
        Some(t) if now - t > i64::from(interval_days) * 86_400 => Some(Some((now - t) / 86_400)),
        Some(_) => None,
    }
}

/// Money typed in yuan ("500", "88.5", "¥1,200.00") as fen (分). Negative, more than two
/// decimals, or absurd amounts are refused.
pub fn parse_yuan(s: &str) -> Result<i64, String> {
    let t: String = s
        .trim()
        .trim_start_matches(['¥', '￥'])
        .trim_end_matches('元')
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    let t = t.trim();
    if t.is_empty() {
        return Ok(0);
    }
    let bad = || {
        format!(
            "cannot read amount '{}' (yuan, e.g. 500 or 88.50)",
            s.trim()
        )
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || whole.len() > 9
    {
        return Err(bad());
    }
    let w: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let f: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    Ok(w * 100 + f)
}

/// 50000 fen → "500.00".
pub fn fmt_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.abs() / 100, fen.abs() % 100)
}

/// A date or a time as typed: "2021-06-09" or "06-09" (local midnight), or anything
/// `parse_time` reads ("HH:MM", "MM-DD HH:MM", "YYYY-MM-DD HH:MM", RFC 3339).
pub fn parse_when(input: &str, now: Ts, tz: Tz) -> Result<Ts, String> {
    let s = input.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(date_ts(d, tz));
    }
    let year = to_local(now, tz).year();
    if let Ok(d) = NaiveDate::parse_from_str(&format!("{year}-{s}"), "%Y-%m-%d") {
        return Ok(date_ts(d, tz));
    }
    parse_time(s, now, tz).map_err(|_| {
        format!("cannot read date '{s}' (use YYYY-MM-DD, MM-DD, HH:MM or YYYY-MM-DD HH:MM)")
    })
}

/// A local day number from a typed date ("2021-06-09", "06-09"; "today" and blank = today).
pub fn parse_day(input: &str, now: Ts, tz: Tz) -> Result<i64, String> {
    let s = input.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("today") || s == "今天" {
        return Ok(local_day(now, tz));
    }
    parse_when(s, now, tz).map(|t| local_day(t, tz))
}

fn date_ts(d: NaiveDate, tz: Tz) -> Ts {
    let day = d
        .signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap())
        .num_days();
    day_start(day, tz)
}

/// "2021-06-10" for a local day number.
pub fn fmt_day(day: i64, tz: Tz) -> String {
    to_local(day_start(day, tz), tz)
        .format("%Y-%m-%d")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    const SH: Tz = chrono_tz::Asia::Shanghai;
    /// 2021-06-10T08:00:00+08:00
    const NOW: Ts = 1_623_283_200;

    #[test]
    fn a_case_open_seven_days_is_in_time_one_second_more_is_overdue() {
        assert!(!case_overdue(NOW - 7 * 86_400, NOW, 7));
        assert!(case_overdue(NOW - 7 * 86_400 - 1, NOW, 7));
    }

    #[test]
    fn a_talk_seven_days_ago_is_in_time_one_second_more_is_due() {
        assert_eq!(talk_due(Some(NOW - 7 * 86_400), NOW, 7), None);
        assert_eq!(talk_due(Some(NOW - 7 * 86_400 - 1), NOW, 7), Some(Some(7)));
        assert_eq!(talk_due(None, NOW, 7), Some(None));
    }

    #[test]
    fn yuan_are_read_as_fen() {
        assert_eq!(parse_yuan("500"), Ok(50_000));
        assert_eq!(parse_yuan("88.5"), Ok(8_850));
        assert_eq!(parse_yuan("¥1,200.05"), Ok(120_005));
        assert_eq!(parse_yuan(""), Ok(0));
        assert!(parse_yuan("-5").is_err());
        assert!(parse_yuan("1.234").is_err());
        assert!(parse_yuan("abc").is_err());
        assert!(parse_yuan(".").is_err());
        assert_eq!(fmt_yuan(120_005), "1200.05");
    }

    #[test]
    fn dates_and_times_are_read_in_local_time() {
        let midnight = NOW - 8 * 3600;
        assert_eq!(parse_when("2021-06-10", NOW, SH), Ok(midnight));
        assert_eq!(parse_when("06-09", NOW, SH), Ok(midnight - 86_400));
        assert_eq!(parse_when("07:30", NOW, SH), Ok(NOW - 1800));
        assert!(parse_when("someday", NOW, SH).is_err());
        assert_eq!(parse_day("", NOW, SH), Ok(local_day(NOW, SH)));
        assert_eq!(fmt_day(local_day(NOW, SH), SH), "2021-06-10");
    }
}
