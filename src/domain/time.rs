//! Local-time helpers: days and parsing, with the zone passed in.

use super::Ts;
use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// Local calendar day number (days since 1970-01-01 in `tz`).
pub fn local_day(ts: Ts, tz: Tz) -> i64 {
    let dt = tz
        .timestamp_opt(ts, 0)
        .single()
        .expect("unix seconds are always valid");
    dt.date_naive()
        .signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap())
        .num_days()
}

/// Unix seconds of local midnight starting day number `day`.
pub fn day_start(day: i64, tz: Tz) -> Ts {
    let date = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Duration::days(day);
    local_to_ts(date.and_time(NaiveTime::MIN), tz)
}

fn local_to_ts(naive: NaiveDateTime, tz: Tz) -> Ts {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(d) | LocalResult::Ambiguous(d, _) => d.timestamp(),
        // A gap (spring forward): take the instant one hour later.
        LocalResult::None => tz
            .from_local_datetime(&(naive + chrono::Duration::hours(1)))
            .earliest()
            .map(|d| d.timestamp())
            .unwrap_or_else(|| naive.and_utc().timestamp()),
    }
}

pub fn to_local(ts: Ts, tz: Tz) -> DateTime<Tz> {
    tz.timestamp_opt(ts, 0)
        .single()
        .expect("unix seconds are always valid")
}

/// "06-10 08:00" — compact local time for tables.
pub fn fmt_short(ts: Ts, tz: Tz) -> String {
    to_local(ts, tz).format("%m-%d %H:%M").to_string()
}

/// "2021-06-10 08:00".
pub fn fmt_full(ts: Ts, tz: Tz) -> String {
    to_local(ts, tz).format("%Y-%m-%d %H:%M").to_string()
}

/// Minutes as "3h05" — durations on screen.
pub fn fmt_minutes(mins: i64) -> String {
    let sign = if mins < 0 { "-" } else { "" };
    let m = mins.abs();
    format!("{sign}{}h{:02}", m / 60, m % 60)
}

/// Parse a time typed by a dispatcher: RFC 3339, "YYYY-MM-DD HH:MM", "MM-DD HH:MM" (this year),
/// or "HH:MM" (today), all in local time `tz`; `now` anchors the partial forms.
pub fn parse_time(input: &str, now: Ts, tz: Tz) -> Result<Ts, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("empty time".into());
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Ok(d.timestamp());
    }
    for f in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, f) {
            return Ok(local_to_ts(n, tz));
        }
    }
    let today = to_local(now, tz).date_naive();
    if let Ok(n) =
        NaiveDateTime::parse_from_str(&format!("{} {s}", today.format("%Y")), "%Y %m-%d %H:%M")
    {
        return Ok(local_to_ts(n, tz));
    }
    if let Ok(t) = NaiveTime::parse_from_str(s, "%H:%M") {
        return Ok(local_to_ts(today.and_time(t), tz));
    }
    Err(format!(
        "cannot read time '{s}' (use HH:MM, MM-DD HH:MM, YYYY-MM-DD HH:MM or RFC 3339)"
    ))
}

/// A day typed by a dispatcher: "YYYY-MM-DD", "MM-DD" (this year), or any time `parse_time`
/// reads; the local midnight starting it (or the time itself).
pub fn parse_day(input: &str, now: Ts, tz: Tz) -> Result<Ts, String> {
    let s = input.trim();
    let year = to_local(now, tz).format("%Y").to_string();
    for text in [s.to_string(), format!("{year}-{s}")] {
        if let Ok(d) = NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            let n = d
                .signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap())
                .num_days();
            return Ok(day_start(n, tz));
        }
    }
    parse_time(s, now, tz)
}

#[cfg(test)]
mod tests {
    use super::*;
    const SH: Tz = chrono_tz::Asia::Shanghai;

    #[test]
    fn days_follow_local_midnight() {
        // 2021-06-10T00:30+08:00 is still 2021-06-09 in UTC, but day 10 in Shanghai.
        let t = DateTime::parse_from_rfc3339("2021-06-10T00:30:00+08:00")
            .unwrap()
            .timestamp();
        let d = local_day(t, SH);
        assert_eq!(day_start(d, SH), t - 30 * 60);
        assert_eq!(local_day(t - 31 * 60, SH), d - 1);
    }

    #[test]
    fn parses_partial_times_against_now() {
        let now = DateTime::parse_from_rfc3339("2021-06-10T08:00:00+08:00")
            .unwrap()
            .timestamp();
        assert_eq!(parse_time("09:30", now, SH).unwrap(), now + 90 * 60);
        assert_eq!(parse_time("06-11 08:00", now, SH).unwrap(), now + 86400);
        assert_eq!(parse_time("2021-06-10 07:00", now, SH).unwrap(), now - 3600);
        assert!(parse_time("25:00", now, SH).is_err());
        assert!(parse_time("tomorrow", now, SH).is_err());
    }

    #[test]
    fn formats_minutes_as_hours() {
        assert_eq!(fmt_minutes(125), "2h05");
        assert_eq!(fmt_minutes(-61), "-1h01");
    }
}
