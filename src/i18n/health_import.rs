//! Messages of the health report and test result imports. Counts and line numbers
//! only: a value is echoed in a row error (the user's own file), never in a log.

use crate::i18n::Lang;
use crate::import::health::{HEALTH_COLUMNS, HeaderError, Kind, LineError, Problem, TEST_COLUMNS};
use crate::store::commands::HealthImportCounts;

#[rustfmt::skip]
pub const HEALTH_IMPORT: &[super::Entry] = &[
    ("form.import_health", "Import health reports or test results (CSV or XLSX)", "导入健康日报或核酸结果（CSV 或 XLSX）"),
];

fn zh(lang: Lang) -> bool {
    lang == Lang::Zh
}

/// The column's name as the file would write it (Chinese) and its English name.
pub fn col(lang: Lang, c: &str) -> &'static str {
    let (en, cn) = match c {
        "submitted" => ("submitted", "提交时间"),
        "name" => ("name", "姓名"),
        "staff_code" => ("staff code", "工号"),
        "phone" => ("phone", "手机号"),
        "temperature" => ("temperature", "体温"),
        "symptoms" => ("symptoms", "是否有症状"),
        "condition" => ("condition", "身体状况"),
        "note" => ("note", "备注"),
        "id_no" => ("id number", "证件号"),
        "sampled" => ("sampled", "采样时间"),
        "result" => ("result", "检测结果"),
        "site" => ("site", "采样点"),
        _ => ("?", "?"),
    };
    if zh(lang) { cn } else { en }
}

fn expected(kind: Kind) -> String {
    let cols = match kind {
        Kind::Health => HEALTH_COLUMNS,
        Kind::Tests => TEST_COLUMNS,
    };
    cols.iter()
        .map(|c| format!("{}/{}", col(Lang::Zh, c), col(Lang::En, c)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn header_error(lang: Lang, kind: Kind, e: &HeaderError) -> String {
    match e {
        HeaderError::Missing { missing, headers } => {
            let miss: Vec<String> = missing
                .iter()
                .map(|c| {
                    if *c == "name" {
                        if zh(lang) {
                            "姓名/工号/手机号（至少一个）".to_string()
                        } else {
                            "name, staff code or phone (one at least)".to_string()
                        }
                    } else {
                        format!("{} ({})", col(Lang::Zh, c), col(Lang::En, c))
                    }
                })
                .collect();
            let heads = headers
                .iter()
                .map(|h| crate::domain::text::field(h).into_owned())
                .collect::<Vec<_>>()
                .join(" | ");
            if zh(lang) {
                format!(
                    "未识别的表头，缺少：{}；文件的表头：{heads}；可用的列名：{}；可用 --map 体温=文件中的列名 手工指定",
                    miss.join("、"),
                    expected(kind)
                )
            } else {
                format!(
                    "unrecognised header, missing: {}; the file's headers: {heads}; expected names: {}; map one by hand with --map temperature=HEADER",
                    miss.join(", "),
                    expected(kind)
                )
            }
        }
        HeaderError::BadMap(m) => {
            if zh(lang) {
                format!(
                    "--map “{m}”无法使用：应为 列名=文件中的表头，例如 体温=腋下温度；可用的列名：{}",
                    expected(kind)
                )
            } else {
                format!(
                    "--map '{m}' cannot be used: write COLUMN=HEADER, e.g. temperature=腋下温度; columns: {}",
                    expected(kind)
                )
            }
        }
    }
}

pub fn line_error(lang: Lang, e: &LineError) -> String {
    let z = zh(lang);
    let f = col(lang, e.field);
    let v = crate::domain::text::field(&e.value).into_owned();
    let what = match &e.problem {
        Problem::Missing => bi!(lang, "is empty".to_string(), "为空".to_string()),
        Problem::BadTemperature => bi!(
            lang,
            { format!("cannot read '{v}' (e.g. 36.5, 36.5℃, 三十六度五)") },
            format!("“{v}”无法识别（如 36.5、36.5℃、三十六度五）")
        ),
        Problem::TemperatureRange => bi!(
            lang,
            format!("'{v}' is outside 34–43 °C"),
            format!("“{v}”超出 34–43 °C")
        ),
        Problem::BadTime => bi!(
            lang,
            format!("cannot read '{v}' (e.g. 2021-06-10 07:45)"),
            format!("“{v}”无法识别（如 2021-06-10 07:45）")
        ),
        Problem::Future => bi!(
            lang,
            format!("'{v}' is in the future"),
            format!("“{v}”晚于现在")
        ),
        Problem::TooOld => bi!(
            lang,
            format!("'{v}' is more than 7 days old"),
            format!("“{v}”早于 7 天前")
        ),
        Problem::BadPhone => bi!(
            lang,
            format!("malformed '{v}' (7–15 digits)"),
            format!("“{v}”格式错误（7–15 位数字）")
        ),
        Problem::UnknownCondition => bi!(
            lang,
            { format!("unknown '{v}' (fit, unwell; 良好, 不适)") },
            format!("“{v}”无法识别（良好/正常/不适）")
        ),
        Problem::UnknownResult => bi!(
            lang,
            { format!("unknown '{v}' (negative, positive, pending; 阴性, 阳性, 待出)") },
            format!("“{v}”无法识别（阴性/阳性/待出）")
        ),
        Problem::TooLong => bi!(lang, "too long".to_string(), "过长".to_string()),
        Problem::NotFound => bi!(
            lang,
            format!("no one matches '{v}'"),
            format!("找不到“{v}”")
        ),
        Problem::Ambiguous(shown, total) => bi!(
            lang,
            {
                format!(
                    "'{v}' matches {total} people, none is guessed: {}",
                    shown.join("; ")
                )
            },
            { format!("“{v}”对应 {total} 人，不作猜测：{}", shown.join("；")) }
        ),
        Problem::Retired => bi!(lang, format!("'{v}' has retired"), format!("“{v}”已离队")),
        Problem::Duplicate(first) => bi!(
            lang,
            { format!("same person and time as line {first}") },
            format!("与第 {first} 行是同一人、同一时间")
        ),
    };
    if z {
        format!("第 {} 行 {f}：{what}", e.line)
    } else {
        format!("line {}: {f}: {what}", e.line)
    }
}

fn counts(lang: Lang, what: &str, c: &HealthImportCounts) -> String {
    let z = zh(lang);
    let mut s = if z {
        format!("新增 {}，替换 {}，未变 {}", c.new, c.replaced, c.unchanged)
    } else {
        format!(
            "{} new, {} replaced, {} unchanged",
            c.new, c.replaced, c.unchanged
        )
    };
    if c.superseded > 0 {
        s += &if z {
            format!("，同日较早的 {} 条被后提交的取代", c.superseded)
        } else {
            format!(", {} earlier the same day superseded", c.superseded)
        };
    }
    if what == "tests" {
        s += &if z {
            format!("，阳性 {}", c.positives)
        } else {
            format!(", {} positive", c.positives)
        };
    }
    s
}

/// "health reports imported: 3 new, …" (after the write).
pub fn outcome(lang: Lang, what: &str, c: &HealthImportCounts) -> String {
    let z = zh(lang);
    let mut s = match what {
        "tests" => bi!(
            lang,
            format!("test results imported: {}", counts(lang, what, c)),
            format!("核酸结果已导入：{}", counts(lang, what, c))
        ),
        _ => bi!(
            lang,
            format!("health reports imported: {}", counts(lang, what, c)),
            format!("健康日报已导入：{}", counts(lang, what, c))
        ),
    };
    if c.positives > 0 {
        s += &if z {
            "（阳性者已下岗、取消排班、停止上岗并报警）".to_string()
        } else {
            " (each positive taken off duty, planned shifts cancelled, out of service, alert raised)"
                .to_string()
        };
    }
    if c.skipped > 0 {
        s += &if z {
            format!("，跳过错误行 {}", c.skipped)
        } else {
            format!(", {} bad rows skipped", c.skipped)
        };
    }
    s
}

/// `--dry-run`: what would change, and the rows that cannot be used.
pub fn plan(lang: Lang, what: &str, c: &HealthImportCounts, bad_rows: usize) -> String {
    if zh(lang) {
        format!(
            "试导入（未写入）：{}，找不到 {} 人，对应多人 {}，错误行 {bad_rows}",
            counts(lang, what, c),
            c.not_found,
            c.ambiguous
        )
    } else {
        format!(
            "dry run (nothing written): {}, {} not found, {} ambiguous, {bad_rows} bad rows",
            counts(lang, what, c),
            c.not_found,
            c.ambiguous
        )
    }
}
