//! Health reports and nucleic-acid results in bulk: a form export (问卷星, 腾讯问卷,
//! 金数据 …) or a lab's result list, read by `read` into text cells, mapped and checked here.
//! Pure: `now` and the zone are passed in; matching rows to people is the store's
//! (`store::commands::health_import`).

use super::Sheet;
pub use super::health_values::{
    normalise_phone, parse_condition, parse_result, parse_symptoms, parse_temperature, parse_when,
};
use crate::domain::time::local_day;
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

/// A form's kept mappings (`COLUMN=HEADER`, from the config file) that apply to this file: the
/// column is one of this kind's and the header is in the file. A form lists every column it
/// may rename; those the file does not have are left for the aliases or the refusal.
pub fn form_maps(form: &[String], header: &[String], kind: Kind) -> Vec<String> {
    let allowed = match kind {
        Kind::Health => HEALTH_COLUMNS,
        Kind::Tests => TEST_COLUMNS,
    };
    form.iter()
        .filter(|m| {
            m.split_once('=').is_some_and(|(to, from)| {
                canonical(to).is_some_and(|c| allowed.contains(&c))
                    && header.iter().any(|h| normalise(h) == normalise(from))
            })
        })
        .cloned()
        .collect()
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
}
