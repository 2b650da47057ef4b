//! Values as form exports and lab lists write them: temperatures, times, answers.
//! Pure: `now` and the zone are passed in.

use crate::domain::time::parse_time;
use crate::domain::{TestResult, Ts};
use chrono_tz::Tz;

/// `36.5`, `36.5℃`, `36,5`, ` 36.5 °C`, `三十六度五`, `三十六点五度`, `37度`.
pub fn parse_temperature(s: &str) -> Option<f64> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t
        .trim_end_matches('℃')
        .trim_end_matches("°C")
        .trim_end_matches("°c")
        .trim_end_matches('°')
        .trim_end_matches(['C', 'c']);
    if t.is_empty() {
        return None;
    }
    let ascii = t.replace([',', '，'], ".");
    if ascii
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '度')
    {
        // 36.5, 36度5, 37度
        let a = ascii.trim_end_matches('度').replacen('度', ".", 1);
        if a.chars().filter(|c| *c == '.').count() <= 1 && !a.starts_with('.') {
            return a.parse::<f64>().ok().filter(|v| v.is_finite());
        }
        return None;
    }
    chinese_temperature(t)
}

fn digit(c: char) -> Option<u32> {
    match c {
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        c => c.to_digit(10),
    }
}

/// 三十六度五, 三十六点五, 三十七度, 四十.
fn chinese_temperature(t: &str) -> Option<f64> {
    let t = t.strip_suffix('度').unwrap_or(t);
    let (int, frac) = match t.find(['度', '点']) {
        Some(i) => {
            let sep = t[i..].chars().next()?.len_utf8();
            (&t[..i], &t[i + sep..])
        }
        None => (t, ""),
    };
    let ic: Vec<char> = int.chars().collect();
    let whole = match ic.as_slice() {
        [a, '十', b] => digit(*a)? * 10 + digit(*b)?,
        [a, '十'] => digit(*a)? * 10,
        ['十', b] => 10 + digit(*b)?,
        ['十'] => 10,
        [a, b] if *a != '十' && *b != '十' => digit(*a)? * 10 + digit(*b)?,
        _ => return None,
    };
    let mut value = f64::from(whole);
    let mut scale = 0.1;
    for c in frac.chars() {
        value += f64::from(digit(c)?) * scale;
        scale /= 10.0;
    }
    Some(value)
}

/// A submission or sampling time as exports write it: `2021-06-10 07:45:12`, `2021/6/10 7:45`,
/// `2021年6月10日 07:45`, RFC 3339, or an Excel date number (`44357.32`), local in `tz`.
pub fn parse_when(s: &str, now: Ts, tz: Tz) -> Option<Ts> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(serial) = s.parse::<f64>() {
        // Excel's day 0 is 1899-12-30; a plausible date is after 2000 (36526).
        if !(36_526.0..=73_051.0).contains(&serial) {
            return None;
        }
        let secs = (serial * 86_400.0).round() as i64;
        let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
        let local = base + chrono::Duration::seconds(secs);
        return parse_time(&local.format("%Y-%m-%d %H:%M:%S").to_string(), now, tz).ok();
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp());
    }
    let norm: String = s
        .replace(['/', '.', '年', '月'], "-")
        .replace(['日', 'T'], " ");
    let norm = norm.split_whitespace().collect::<Vec<_>>().join(" ");
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H时%M分%S秒",
        "%Y-%m-%d %H时%M分",
    ] {
        if let Ok(n) = chrono::NaiveDateTime::parse_from_str(&norm, f) {
            return parse_time(&n.format("%Y-%m-%d %H:%M:%S").to_string(), now, tz).ok();
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(&norm, "%Y-%m-%d") {
        return parse_time(&format!("{} 00:00:00", d.format("%Y-%m-%d")), now, tz).ok();
    }
    None
}

/// 良好 / 正常 / 健康 → fit; 不适 / 异常 → not; blank → fit.
pub fn parse_condition(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "" | "良好" | "正常" | "健康" | "好" | "无异常" | "身体健康" | "fit" | "good" | "ok"
        | "normal" | "well" | "healthy" => Some(true),
        "不适" | "异常" | "身体不适" | "不良" | "较差" | "差" | "生病" | "unwell" | "not fit"
        | "unfit" | "sick" | "ill" | "poor" => Some(false),
        _ => None,
    }
}

/// 是否有症状: a no (否 / 无 / no) is none; anything else is kept as the symptoms.
pub fn parse_symptoms(s: &str) -> String {
    let t = s.trim();
    match t.to_lowercase().as_str() {
        "" | "否" | "无" | "没有" | "无症状" | "无以上症状" | "以上都没有" | "no" | "none"
        | "n" | "-" | "—" => String::new(),
        "是" | "有" | "yes" | "y" => "有症状".into(),
        _ => t.to_string(),
    }
}

/// 阴性 / 阳性 / 待出 (and the lab's other words for them), or the English.
pub fn parse_result(s: &str) -> Option<TestResult> {
    match s.trim().to_lowercase().as_str() {
        "阴性" | "阴" | "negative" | "neg" | "-" => Some(TestResult::Negative),
        "阳性" | "阳" | "positive" | "pos" | "+" => Some(TestResult::Positive),
        "待出" | "待检" | "检测中" | "未出" | "待定" | "pending" => {
            Some(TestResult::Pending)
        }
        _ => None,
    }
}

/// Digits only, without separators or the +86 / 86 country code; `None` when it is no phone.
pub fn normalise_phone(s: &str) -> Option<String> {
    let p = super::validate::parse_phone(s)?;
    let d: String = p.chars().filter(|c| c.is_ascii_digit()).collect();
    Some(match d.strip_prefix("86") {
        Some(rest) if rest.len() == 11 => rest.to_string(),
        _ => d,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temperatures_as_people_type_them() {
        for (s, v) in [
            ("36.5", 36.5),
            ("36.5℃", 36.5),
            ("36,5", 36.5),
            (" 36.5 °C", 36.5),
            ("三十六度五", 36.5),
            ("三十六点五", 36.5),
            ("三十七度", 37.0),
            ("36度5", 36.5),
            ("37", 37.0),
        ] {
            assert_eq!(parse_temperature(s), Some(v), "{s}");
        }
        for s in ["", "hot", "36.5.1", "三十六度五五五x", ".5", "九十九十"] {
            assert_eq!(parse_temperature(s), None, "{s}");
        }
    }

    #[test]
    fn times_as_exports_write_them() {
        let tz = chrono_tz::Asia::Shanghai;
        let now = chrono::DateTime::parse_from_rfc3339("2021-06-10T11:00:00+08:00")
            .unwrap()
            .timestamp();
        let at = now - 3 * 3600 - 15 * 60; // 07:45
        for s in [
            "2021-06-10 07:45:00",
            "2021/6/10 7:45",
            "2021年6月10日 07:45",
            "2021-06-10T07:45:00+08:00",
        ] {
            assert_eq!(parse_when(s, now, tz), Some(at), "{s}");
        }
        // 44357 is 2021-06-10 in Excel; .3229166… is 07:45.
        assert_eq!(parse_when("44357.322916667", now, tz), Some(at));
        assert_eq!(parse_when("yesterday", now, tz), None);
    }
}
