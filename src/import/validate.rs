//! Columns and values: which header names mean what, and what a good value is. Pure.

use super::{FileError, RosterRow, Sheet};
use crate::domain::{Category, PartyStatus};
use std::collections::{HashMap, HashSet};

/// Canonical column names, in the order reports list them.
pub const COLUMNS: &[&str] = &[
    "name",
    "staff_code",
    "category",
    "source_unit",
    "community",
    "party_status",
    "phone",
];
pub const REQUIRED: &[&str] = &["name", "staff_code", "category"];

/// Header text (trimmed, lower case) → canonical column. Chinese office names first.
const ALIASES: &[(&str, &str)] = &[
    ("姓名", "name"),
    ("name", "name"),
    ("工号", "staff_code"),
    ("编号", "staff_code"),
    ("staff_code", "staff_code"),
    ("staff code", "staff_code"),
    ("code", "staff_code"),
    ("类别", "category"),
    ("人员类别", "category"),
    ("category", "category"),
    ("单位", "source_unit"),
    ("派出单位", "source_unit"),
    ("所在单位", "source_unit"),
    ("unit", "source_unit"),
    ("source_unit", "source_unit"),
    ("社区", "community"),
    ("所在社区", "community"),
    ("community", "community"),
    ("政治面貌", "party_status"),
    ("party_status", "party_status"),
    ("party", "party_status"),
    ("电话", "phone"),
    ("手机", "phone"),
    ("联系电话", "phone"),
    ("phone", "phone"),
];

/// 医务人员 / 机关干部 / 社区工作者 / 志愿者 (and the console's short labels), or the codes.
pub fn parse_category(s: &str) -> Option<Category> {
    let s = s.trim();
    Category::parse(&s.to_ascii_lowercase()).or(match s {
        "医务人员" | "医务" | "医护人员" | "医生" | "护士" => Some(Category::Medical),
        "机关干部" | "干部" | "机关企事业单位干部" => Some(Category::Cadre),
        "社区工作者" | "社区" | "社区干部" => Some(Category::Community),
        "志愿者" | "防疫志愿者" => Some(Category::Volunteer),
        _ => None,
    })
}

/// 党员 / 入党积极分子 / 入党申请人 / 群众 (blank = none), or the codes.
pub fn parse_party(s: &str) -> Option<PartyStatus> {
    let s = s.trim();
    PartyStatus::parse(&s.to_ascii_lowercase()).or(match s {
        "党员" | "中共党员" | "预备党员" | "中共预备党员" => {
            Some(PartyStatus::Member)
        }
        "入党积极分子" | "积极分子" => Some(PartyStatus::Activist),
        "入党申请人" | "申请人" => Some(PartyStatus::Applicant),
        "" | "群众" | "无" | "—" | "-" => Some(PartyStatus::None),
        _ => None,
    })
}

/// Digits with an optional leading +, 7–15 digits; spaces and hyphens are separators.
/// Returns the number without separators.
pub fn parse_phone(s: &str) -> Option<String> {
    let p: String = s.chars().filter(|c| *c != ' ' && *c != '-').collect();
    let digits = p.strip_prefix('+').unwrap_or(&p);
    (digits.len() >= 7 && digits.len() <= 15 && digits.chars().all(|c| c.is_ascii_digit()))
        .then_some(p)
}

#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Missing,
    UnknownCategory,
    UnknownParty,
    BadPhone,
    TooLong,
    /// Control or invisible characters, spaces in a code, or a code in the id form (`#…`).
    BadChars,
    /// The same staff code appears on an earlier line.
    Duplicate(usize),
    UnknownCommunity,
}

/// One bad value: the line, the canonical column, what is wrong and the value as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub line: usize,
    pub field: &'static str,
    pub problem: Problem,
    pub value: String,
}

/// Map the header, check every row. `communities`: the names a row may use. Returns the good
/// rows and every problem (a row may have several); the good rows exclude any row with one.
pub fn validate(
    sheet: &Sheet,
    communities: &HashSet<String>,
) -> Result<(Vec<RosterRow>, Vec<RowError>), FileError> {
    let mut col: HashMap<&'static str, usize> = HashMap::new();
    for (i, h) in sheet.header.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}').to_lowercase();
        if let Some((_, c)) = ALIASES.iter().find(|(a, _)| *a == h) {
            col.entry(c).or_insert(i);
        }
    }
    let missing: Vec<&'static str> = REQUIRED
        .iter()
        .filter(|c| !col.contains_key(*c))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(FileError::MissingColumns(missing));
    }
    let mut good = Vec::with_capacity(sheet.rows.len());
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(sheet.rows.len());
    for (line, cells) in &sheet.rows {
        let line = *line;
        let get = |c: &str| -> Option<&str> {
            col.get(c)
                .map(|i| cells.get(*i).map(|s| s.trim()).unwrap_or(""))
        };
        let mut bad = |field: &'static str, problem: Problem, value: &str| {
            errors.push(RowError {
                line,
                field,
                problem,
                value: value.to_string(),
            })
        };
        let name = get("name").unwrap_or("");
        let code = get("staff_code").unwrap_or("");
        let cat = get("category").unwrap_or("");
        let mut ok = true;
        if name.is_empty() {
            bad("name", Problem::Missing, name);
            ok = false;
        } else if name.chars().count() > 40 {
            bad("name", Problem::TooLong, name);
            ok = false;
        } else if !crate::domain::people::valid_name(name) {
            bad("name", Problem::BadChars, name);
            ok = false;
        }
        if code.is_empty() {
            bad("staff_code", Problem::Missing, code);
            ok = false;
        } else if code.chars().count() > 32 {
            bad("staff_code", Problem::TooLong, code);
            ok = false;
        } else if code.starts_with('#')
            || code.chars().any(|c| {
                c.is_whitespace() || c.is_control() || crate::domain::people::is_invisible(c)
            })
        {
            bad("staff_code", Problem::BadChars, code);
            ok = false;
        } else if let Some(first) = seen.get(code) {
            bad("staff_code", Problem::Duplicate(*first), code);
            ok = false;
        } else {
            seen.insert(code.to_string(), line);
        }
        let category = parse_category(cat);
        if category.is_none() {
            bad(
                "category",
                if cat.is_empty() {
                    Problem::Missing
                } else {
                    Problem::UnknownCategory
                },
                cat,
            );
            ok = false;
        }
        let party = match get("party_status") {
            None => None,
            Some(p) => match parse_party(p) {
                Some(v) => Some(v),
                None => {
                    bad("party_status", Problem::UnknownParty, p);
                    ok = false;
                    None
                }
            },
        };
        let phone = match get("phone") {
            None => None,
            Some("") => Some(String::new()),
            Some(p) => match parse_phone(p) {
                Some(v) => Some(v),
                None => {
                    bad("phone", Problem::BadPhone, p);
                    ok = false;
                    None
                }
            },
        };
        let community = get("community").map(str::to_string);
        if let Some(c) = community.as_deref().filter(|c| !c.is_empty())
            && !communities.contains(c)
        {
            bad("community", Problem::UnknownCommunity, c);
            ok = false;
        }
        let unit = get("source_unit").map(str::to_string);
        if unit.as_deref().is_some_and(|u| u.chars().count() > 80) {
            bad(
                "source_unit",
                Problem::TooLong,
                unit.as_deref().unwrap_or(""),
            );
            ok = false;
        }
        if ok && let Some(category) = category {
            good.push(RosterRow {
                line,
                staff_code: code.to_string(),
                name: name.to_string(),
                category,
                source_unit: unit,
                community,
                party_status: party,
                phone,
            });
        }
    }
    Ok((good, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_have_seven_to_fifteen_digits() {
        assert_eq!(parse_phone("1234567").as_deref(), Some("1234567"));
        assert_eq!(parse_phone("123456"), None);
        assert_eq!(
            parse_phone("123456789012345").as_deref(),
            Some("123456789012345")
        );
        assert_eq!(parse_phone("1234567890123456"), None);
        assert_eq!(
            parse_phone("+86 138-0013-8000").as_deref(),
            Some("+8613800138000")
        );
        assert_eq!(parse_phone("++8613800138000"), None);
        assert_eq!(parse_phone("138001380ab"), None);
        assert_eq!(parse_phone("138+0013800"), None);
    }

    #[test]
    fn categories_and_party_status_in_chinese_or_codes() {
        assert_eq!(parse_category("医务人员"), Some(Category::Medical));
        assert_eq!(parse_category("医务"), Some(Category::Medical));
        assert_eq!(parse_category("机关干部"), Some(Category::Cadre));
        assert_eq!(parse_category("社区工作者"), Some(Category::Community));
        assert_eq!(parse_category(" Volunteer "), Some(Category::Volunteer));
        assert_eq!(parse_category("doctor"), None);
        assert_eq!(parse_category(""), None);
        assert_eq!(parse_party("党员"), Some(PartyStatus::Member));
        assert_eq!(parse_party("入党积极分子"), Some(PartyStatus::Activist));
        assert_eq!(parse_party("入党申请人"), Some(PartyStatus::Applicant));
        assert_eq!(parse_party("群众"), Some(PartyStatus::None));
        assert_eq!(parse_party(""), Some(PartyStatus::None));
        assert_eq!(parse_party("APPLICANT"), Some(PartyStatus::Applicant));
        assert_eq!(parse_party("团员"), None);
    }

    fn sheet(header: &[&str], rows: &[&[&str]]) -> Sheet {
        Sheet {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| (i + 2, r.iter().map(|s| s.to_string()).collect()))
                .collect(),
            header_line: 1,
        }
    }

    #[test]
    fn every_missing_required_column_is_named_once() {
        let e = validate(
            &sheet(&["姓名", "电话"], &[&["a", "1234567"]]),
            &HashSet::new(),
        );
        assert_eq!(
            e,
            Err(FileError::MissingColumns(vec!["staff_code", "category"]))
        );
    }

    #[test]
    fn absent_optional_columns_are_none_and_a_short_row_is_blank() {
        let (good, bad) = validate(
            &sheet(
                &["name", "staff_code", "category", "phone"],
                &[&["A", "1", "cadre"]],
            ),
            &HashSet::new(),
        )
        .unwrap();
        assert!(bad.is_empty());
        assert_eq!(good[0].phone.as_deref(), Some(""));
        assert_eq!(good[0].community, None);
        assert_eq!(good[0].party_status, None);
    }
}
