//! Health reports and nucleic-acid results in bulk (issue 20): a form export (问卷星, 腾讯问卷,
//! 金数据 …) or a lab's result list, read by `read` into text cells, mapped and checked here.
//! Pure: `now` and the zone are passed in; matching rows to people is the store's
//! (`store::commands::health_import`).

use super::Sheet;
use crate::domain::time::{local_day, parse_time};
use crate::domain::{TestResult, Ts};
use chrono_tz::Tz;
use std::collections::HashMap;

/// Free text (symptoms, notes, sites): characters, as `frontline do` allows.
pub const MAX_TEXT: usize = 1000;
/// A submission older than this is refused (a form export of last month is a mistake).
pub const MAX_AGE_SECS: i64 = 7 * 24 * 3600;

/// Which list a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Health,
    Tests,
}

/// Canonical columns a health report file may have, in the order refusals list them.
pub const HEALTH_COLUMNS: &[&str] = &[
    "submitted",
    "name",
    "staff_code",
    "phone",
    "temperature",
    "symptoms",
    "condition",
    "note",
];
/// Canonical columns of a lab's result list.
pub const TEST_COLUMNS: &[&str] = &[
    "name",
    "id_no",
    "staff_code",
    "phone",
    "sampled",
    "result",
    "site",
];
/// Columns that name a person (at least one is needed).
pub const PERSON_COLUMNS: &[&str] = &["staff_code", "phone", "id_no", "name"];

/// Header text (normalised: see `normalise`) → canonical column.
const ALIASES: &[(&str, &str)] = &[
    ("提交时间", "submitted"),
    ("填写时间", "submitted"),
    ("提交答卷时间", "submitted"),
    ("答题时间", "submitted"),
    ("结束答题时间", "submitted"),
    ("上报时间", "submitted"),
    ("submitted", "submitted"),
    ("submittedat", "submitted"),
    ("submissiontime", "submitted"),
    ("submittime", "submitted"),
    ("timestamp", "submitted"),
    ("姓名", "name"),
    ("您的姓名", "name"),
    ("名字", "name"),
    ("name", "name"),
    ("fullname", "name"),
    ("工号", "staff_code"),
    ("员工编号", "staff_code"),
    ("人员编号", "staff_code"),
    ("staffcode", "staff_code"),
    ("staff_code", "staff_code"),
    ("employeeid", "staff_code"),
    ("手机号", "phone"),
    ("手机号码", "phone"),
    ("手机", "phone"),
    ("联系电话", "phone"),
    ("电话", "phone"),
    ("联系方式", "phone"),
    ("phone", "phone"),
    ("mobile", "phone"),
    ("phonenumber", "phone"),
    ("体温", "temperature"),
    ("今日体温", "temperature"),
    ("当日体温", "temperature"),
    ("temperature", "temperature"),
    ("temp", "temperature"),
    ("bodytemperature", "temperature"),
    ("是否有症状", "symptoms"),
    ("有无症状", "symptoms"),
    ("症状", "symptoms"),
    ("symptoms", "symptoms"),
    ("身体状况", "condition"),
    ("健康状况", "condition"),
    ("condition", "condition"),
    ("health", "condition"),
    ("备注", "note"),
    ("note", "note"),
    ("notes", "note"),
    ("remarks", "note"),
    ("证件号", "id_no"),
    ("证件号码", "id_no"),
    ("身份证号", "id_no"),
    ("身份证号码", "id_no"),
    ("idno", "id_no"),
    ("idnumber", "id_no"),
    ("id_no", "id_no"),
    ("采样时间", "sampled"),
    ("采集时间", "sampled"),
    ("sampled", "sampled"),
    ("sampledat", "sampled"),
    ("samplingtime", "sampled"),
    ("检测结果", "result"),
    ("核酸结果", "result"),
    ("结果", "result"),
    ("result", "result"),
    ("采样点", "site"),
    ("采样地点", "site"),
    ("site", "site"),
    ("samplingsite", "site"),
];

/// Header text as the services write it, reduced to what names the column: no question number
/// (`1、` `Q2.` `3.` `(4)`), no unit or hint in brackets (`体温(℃)`), no trailing colon or
/// asterisk, no spaces, lower case.
pub fn normalise(h: &str) -> String {
    let mut s = h.trim().trim_start_matches('\u{feff}').trim();
    // Question number: optional Q, digits, then a separator.
    let t = s
        .strip_prefix('Q')
        .or_else(|| s.strip_prefix('q'))
        .unwrap_or(s);
    let t = t.strip_prefix(['(', '（']).unwrap_or(t);
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        let rest = &t[digits..];
        let rest2 = rest.trim_start_matches(['、', '.', '．', ':', '：', ')', '）', ' ', '_', '-']);
        if rest2.len() < rest.len() && !rest2.is_empty() {
            s = rest2;
        }
    }
    let mut s = s
        .trim()
        .trim_end_matches([':', '：', '*', '？', '?'])
        .trim()
        .to_string();
    // A trailing bracket: 体温(℃), 姓名（必填）.
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']'), ('【', '】')] {
        if s.ends_with(close)
            && let Some(i) = s.rfind(open)
            && i > 0
        {
            s.truncate(i);
        }
    }
    s.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// The canonical column a name means (an alias, or the canonical name itself).
pub fn canonical(name: &str) -> Option<&'static str> {
    let n = normalise(name);
    ALIASES.iter().find(|(a, _)| *a == n).map(|(_, c)| *c)
}

/// Where each canonical column is in the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Columns(pub HashMap<&'static str, usize>);

/// Why a header cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderError {
    /// Needed columns not found: which (canonical), and the file's headers as written.
    Missing {
        missing: Vec<&'static str>,
        headers: Vec<String>,
    },
    /// A `--map` that is not `COLUMN=HEADER`, names no known column, or a header not in the file.
    BadMap(String),
}

/// Map the header. `maps`: `COLUMN=HEADER` pairs from `--map` (the column by any of its names,
/// the header as the file writes it), which win over the aliases.
pub fn columns(header: &[String], kind: Kind, maps: &[String]) -> Result<Columns, HeaderError> {
    let allowed = match kind {
        Kind::Health => HEALTH_COLUMNS,
        Kind::Tests => TEST_COLUMNS,
    };
    let mut col: HashMap<&'static str, usize> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        if let Some(c) = canonical(h).filter(|c| allowed.contains(c)) {
            col.entry(c).or_insert(i);
        }
    }
    for m in maps {
        let Some((to, from)) = m.split_once('=') else {
            return Err(HeaderError::BadMap(m.clone()));
        };
        let Some(c) = canonical(to).filter(|c| allowed.contains(c)) else {
            return Err(HeaderError::BadMap(m.clone()));
        };
        let want = normalise(from);
        let Some(i) = header.iter().position(|h| normalise(h) == want) else {
            return Err(HeaderError::BadMap(m.clone()));
        };
        col.insert(c, i);
    }
    let mut missing = Vec::new();
    if !PERSON_COLUMNS.iter().any(|c| col.contains_key(c)) {
        missing.push("name");
    }
    let needed: &[&'static str] = match kind {
        Kind::Health => &["temperature"],
        Kind::Tests => &["sampled", "result"],
    };
    missing.extend(needed.iter().filter(|c| !col.contains_key(*c)));
    if missing.is_empty() {
        Ok(Columns(col))
    } else {
        Err(HeaderError::Missing {
            missing,
            headers: header.to_vec(),
        })
    }
}

/// How a row names its person; the store tries the staff code, then the phone, then the name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Who {
    pub staff_code: String,
    /// Digits only, without a leading 86 country code.
    pub phone: String,
    /// An identity number (证件号): not kept by Frontline, tried as a staff code and a phone.
    pub id_no: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HealthRow {
    pub line: usize,
    pub who: Who,
    pub submitted: Ts,
    /// The submission's local day.
    pub day: i64,
    pub temperature: f64,
    pub symptoms: String,
    pub fit: bool,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TestRow {
    pub line: usize,
    pub who: Who,
    pub sampled: Ts,
    pub result: TestResult,
    pub site: String,
}

/// What is wrong with one value (or, from the store, with the person a row names).
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Missing,
    BadTemperature,
    /// Read, but outside 34–43 °C.
    TemperatureRange,
    BadTime,
    Future,
    TooOld,
    BadPhone,
    UnknownCondition,
    UnknownResult,
    TooLong,
    /// No one has this staff code, phone or name.
    NotFound,
    /// Several people: the lines the error shows (`person_ref::Candidate::line`), and how many.
    Ambiguous(Vec<String>, usize),
    Retired,
    /// The same person and time as an earlier line.
    Duplicate(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineError {
    pub line: usize,
    pub field: &'static str,
    pub problem: Problem,
    pub value: String,
}

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

struct Row<'a> {
    line: usize,
    cells: &'a [String],
    cols: &'a Columns,
    errors: &'a mut Vec<LineError>,
    ok: bool,
}

impl Row<'_> {
    fn get(&self, c: &str) -> Option<&str> {
        self.cols
            .0
            .get(c)
            .map(|i| self.cells.get(*i).map_or("", |s| s.trim()))
    }
    fn bad(&mut self, field: &'static str, problem: Problem, value: &str) {
        self.ok = false;
        self.errors.push(LineError {
            line: self.line,
            field,
            problem,
            value: value.chars().take(40).collect(),
        });
    }
    fn text(&mut self, field: &'static str) -> String {
        let v = self.get(field).unwrap_or("").to_string();
        if v.chars().count() > MAX_TEXT {
            self.bad(field, Problem::TooLong, &v);
        }
        v
    }
    fn who(&mut self) -> Who {
        let mut w = Who {
            staff_code: self.text("staff_code"),
            id_no: self.text("id_no"),
            name: self.text("name"),
            phone: String::new(),
        };
        let phone = self.get("phone").unwrap_or("").to_string();
        if !phone.is_empty() {
            match normalise_phone(&phone) {
                Some(p) => w.phone = p,
                None => self.bad("phone", Problem::BadPhone, &phone),
            }
        }
        if w.staff_code.is_empty() && w.phone.is_empty() && w.id_no.is_empty() && w.name.is_empty()
        {
            let f = PERSON_COLUMNS
                .iter()
                .find(|c| self.cols.0.contains_key(*c))
                .copied()
                .unwrap_or("name");
            if f != "phone" || phone.is_empty() {
                self.bad(f, Problem::Missing, "");
            }
        }
        w
    }
    fn when(&mut self, field: &'static str, now: Ts, tz: Tz, max_age: Option<i64>) -> Option<Ts> {
        let v = self.get(field)?.to_string();
        if v.is_empty() {
            self.bad(field, Problem::Missing, "");
            return None;
        }
        let Some(t) = parse_when(&v, now, tz) else {
            self.bad(field, Problem::BadTime, &v);
            return None;
        };
        if t > now {
            self.bad(field, Problem::Future, &v);
        } else if max_age.is_some_and(|m| now - t > m) {
            self.bad(field, Problem::TooOld, &v);
        }
        Some(t)
    }
}

/// Check every row of a health report file: the good rows and every problem (by line).
pub fn health_rows(
    sheet: &Sheet,
    cols: &Columns,
    now: Ts,
    tz: Tz,
) -> (Vec<HealthRow>, Vec<LineError>) {
    let mut good = Vec::with_capacity(sheet.rows.len());
    let mut errors = Vec::new();
    for (line, cells) in &sheet.rows {
        let mut r = Row {
            line: *line,
            cells,
            cols,
            errors: &mut errors,
            ok: true,
        };
        let who = r.who();
        // No submission time column: the report is today's, made now.
        let submitted = if cols.0.contains_key("submitted") {
            r.when("submitted", now, tz, Some(MAX_AGE_SECS))
        } else {
            Some(now)
        };
        let raw = r.get("temperature").unwrap_or("").to_string();
        let temperature = if raw.is_empty() {
            r.bad("temperature", Problem::Missing, "");
            None
        } else {
            match parse_temperature(&raw) {
                None => {
                    r.bad("temperature", Problem::BadTemperature, &raw);
                    None
                }
                Some(c) if crate::domain::health::temperature_dc(c).is_none() => {
                    r.bad("temperature", Problem::TemperatureRange, &raw);
                    None
                }
                Some(c) => Some(c),
            }
        };
        let symptoms = parse_symptoms(&r.text("symptoms"));
        let cond = r.get("condition").unwrap_or("").to_string();
        let fit = parse_condition(&cond).unwrap_or_else(|| {
            r.bad("condition", Problem::UnknownCondition, &cond);
            true
        });
        let note = r.text("note");
        if r.ok
            && let (Some(submitted), Some(temperature)) = (submitted, temperature)
        {
            good.push(HealthRow {
                line: *line,
                who,
                submitted,
                day: local_day(submitted, tz),
                temperature,
                symptoms,
                fit,
                note,
            });
        }
    }
    (good, errors)
}

/// Check every row of a lab's result list.
pub fn test_rows(sheet: &Sheet, cols: &Columns, now: Ts, tz: Tz) -> (Vec<TestRow>, Vec<LineError>) {
    let mut good = Vec::with_capacity(sheet.rows.len());
    let mut errors = Vec::new();
    for (line, cells) in &sheet.rows {
        let mut r = Row {
            line: *line,
            cells,
            cols,
            errors: &mut errors,
            ok: true,
        };
        let who = r.who();
        let sampled = r.when("sampled", now, tz, None);
        let raw = r.get("result").unwrap_or("").to_string();
        let result = parse_result(&raw);
        if result.is_none() {
            let p = if raw.is_empty() {
                Problem::Missing
            } else {
                Problem::UnknownResult
            };
            r.bad("result", p, &raw);
        }
        let site = r.text("site");
        if r.ok
            && let (Some(sampled), Some(result)) = (sampled, result)
        {
            good.push(TestRow {
                line: *line,
                who,
                sampled,
                result,
                site,
            });
        }
    }
    (good, errors)
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
    fn headers_with_question_numbers_and_units() {
        for (h, c) in [
            ("1、姓名", "name"),
            ("Q2. 工号", "staff_code"),
            ("3.手机号", "phone"),
            ("4、体温(℃)", "temperature"),
            ("5. 是否有症状？", "symptoms"),
            ("(6)身体状况", "condition"),
            ("Submitted at", "submitted"),
            ("提交答卷时间", "submitted"),
        ] {
            assert_eq!(canonical(h), Some(c), "{h}");
        }
        assert_eq!(canonical("序号"), None);
        assert_eq!(canonical("IP"), None);
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
