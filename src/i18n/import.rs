//! Labels and messages of roster import.

use super::Entry;
use crate::i18n::Lang;
use crate::import::validate::Problem;
use crate::import::{FileError, RowError};
use crate::store::commands::{ImportCounts, Outcome};

#[rustfmt::skip]
pub const IMPORT: &[Entry] = &[
    ("imp.col.name", "name", "姓名"),
    ("imp.col.staff_code", "staff code", "工号"),
    ("imp.col.category", "category", "类别"),
    ("imp.col.source_unit", "unit", "单位"),
    ("imp.col.community", "community", "社区"),
    ("imp.col.party_status", "party status", "政治面貌"),
    ("imp.col.phone", "phone", "电话"),
    ("imp.col.rows", "rows", "行数"),
    ("key.import", "import roster", "导入名册"),
    ("key.report", "daily report", "生成日报"),
    ("key.export", "export list", "导出列表"),
    ("form.import", "Import roster (CSV or XLSX)", "导入名册（CSV 或 XLSX）"),
    ("field.import_path", "File path", "文件路径"),
    ("form.path_tab", "Tab completes the path", "Tab 补全路径"),
    ("form.path_more", "more", "个未列出"),
];

fn zh(lang: Lang) -> bool {
    lang == Lang::Zh
}

fn col(lang: Lang, c: &str) -> &str {
    crate::i18n::words::imp_col(lang, c)
}

pub fn outcome(lang: Lang, o: &Outcome) -> String {
    let Outcome::RosterImported {
        new,
        updated,
        unchanged,
        skipped,
    } = o
    else {
        return String::new();
    };
    let mut s = if zh(lang) {
        format!("名册已导入：新增 {new} 人，更新 {updated} 人，未变 {unchanged} 人")
    } else {
        format!("roster imported: {new} new, {updated} updated, {unchanged} unchanged")
    };
    if *skipped > 0 {
        s += &if zh(lang) {
            format!("，跳过错误行 {skipped} 行")
        } else {
            format!(", {skipped} bad rows skipped")
        };
    }
    s
}

/// "would import: 3 new, 1 updated, 5 unchanged, 2 bad rows" (`--dry-run`).
pub fn plan(lang: Lang, c: &ImportCounts, bad_rows: usize) -> String {
    if zh(lang) {
        format!(
            "试导入（未写入）：新增 {} 人，更新 {} 人，未变 {} 人，错误行 {bad_rows} 行",
            c.new, c.updated, c.unchanged
        )
    } else {
        format!(
            "dry run (nothing written): {} new, {} updated, {} unchanged, {bad_rows} bad rows",
            c.new, c.updated, c.unchanged
        )
    }
}

pub fn file_error(lang: Lang, e: &FileError) -> String {
    let z = zh(lang);
    match e {
        FileError::Io(m) => {
            if z {
                format!("无法读取文件：{m}")
            } else {
                format!("cannot read the file: {m}")
            }
        }
        FileError::NotSheet => if z {
            "不是 CSV（UTF-8 文本）或 XLSX 文件"
        } else {
            "not a CSV (UTF-8 text) or XLSX file"
        }
        .into(),
        FileError::Empty => if z {
            "文件是空的：没有表头或没有数据行"
        } else {
            "the file is empty: no header or no rows"
        }
        .into(),
        FileError::MissingColumns(cols) => {
            let names: Vec<String> = cols
                .iter()
                .map(|c| format!("{} ({c})", crate::i18n::words::imp_col(Lang::Zh, c)))
                .collect();
            if z {
                format!("缺少必填列：{}", names.join("、"))
            } else {
                format!("missing required column(s): {}", names.join(", "))
            }
        }
        FileError::Xlsx(m) => {
            if z {
                format!("无法读取 XLSX：{m}")
            } else {
                format!("cannot read the XLSX: {m}")
            }
        }
        FileError::Csv(line, m) => {
            if z {
                format!("第 {line} 行 CSV 格式错误：{m}")
            } else {
                format!("line {line}: malformed CSV: {m}")
            }
        }
        FileError::TooBig(b) => too_big(lang, b),
        FileError::OpenQuote(line) => {
            if z {
                format!(
                    "第 {line} 行的引号（\"）没有闭合，其后的内容都会被读成一个单元格；请修改文件"
                )
            } else {
                format!(
                    "line {line}: a quote (\") is opened and never closed, so the rest of the file would be one cell; fix the file"
                )
            }
        }
    }
}

fn too_big(lang: Lang, b: &crate::import::Bound) -> String {
    let z = zh(lang);
    use crate::import::Bound as B;
    use crate::import::read::{MAX_CELLS, MAX_COLUMNS, MAX_PARTS, MAX_ROWS, MAX_UNPACKED};
    let mb = MAX_UNPACKED / 1_000_000;
    let what = match b {
        B::FileSize(n) => bi!(
            lang,
            format!("the file is {} MB, over {mb} MB", n / 1_000_000),
            format!("文件有 {} MB，超过 {mb} MB", n / 1_000_000)
        ),
        B::Unpacked(_) => bi!(
            lang,
            format!("the XLSX unpacks to more than {mb} MB"),
            format!("XLSX 解压后超过 {mb} MB")
        ),
        B::Row(r) => bi!(
            lang,
            format!("the sheet reaches row {r}; at most {MAX_ROWS} rows"),
            format!("表格到第 {r} 行，最多 {MAX_ROWS} 行")
        ),
        B::Column(c) => bi!(
            lang,
            { format!("the sheet reaches column {c}; at most {MAX_COLUMNS} columns") },
            format!("表格到第 {c} 列，最多 {MAX_COLUMNS} 列")
        ),
        B::Cells => bi!(
            lang,
            format!("more than {MAX_CELLS} cells"),
            format!("单元格超过 {MAX_CELLS} 个")
        ),
        B::Parts(n) => bi!(
            lang,
            format!("the XLSX has {n} parts; at most {MAX_PARTS}"),
            format!("XLSX 含 {n} 个部件，最多 {MAX_PARTS} 个")
        ),
    };
    if z {
        format!("文件过大，不是花名册，未读取：{what}")
    } else {
        format!("too large for a roster, not read: {what}")
    }
}

pub fn row_error(lang: Lang, e: &RowError) -> String {
    let z = zh(lang);
    let f = col(lang, e.field);
    let v = &e.value;
    let what = match &e.problem {
        Problem::Missing => bi!(
            lang,
            "is empty (required)".to_string(),
            "为空（必填）".to_string()
        ),
        Problem::UnknownCategory => bi!(
            lang,
            { format!("unknown '{v}' (medical, cadre, community, volunteer)") },
            {
                format!("“{v}”无法识别（医务人员/机关干部/社区工作者/志愿者）")
            }
        ),
        Problem::UnknownParty => bi!(
            lang,
            { format!("unknown '{v}' (member, activist, applicant, none)") },
            {
                format!("“{v}”无法识别（党员/入党积极分子/入党申请人/群众）")
            }
        ),
        Problem::BadPhone => bi!(
            lang,
            format!("malformed '{v}' (7–15 digits, optional +)"),
            format!("“{v}”格式错误（7–15 位数字，可带 +）")
        ),
        Problem::TooLong => bi!(lang, "too long".to_string(), "过长".to_string()),
        Problem::BadChars => bi!(
            lang,
            {
                "holds control, invisible or space characters, or starts with # (the id form)"
                    .to_string()
            },
            {
                "含控制、不可见或空白字符，或以 # 开头（# 表示编号）".to_string()
            }
        ),
        Problem::Duplicate(first) => bi!(
            lang,
            format!("'{v}' repeats line {first}"),
            format!("“{v}”与第 {first} 行重复")
        ),
        Problem::UnknownCommunity => bi!(
            lang,
            { format!("'{v}' does not exist (communities are not created by import)") },
            format!("“{v}”不存在（请先建立社区）")
        ),
    };
    if z {
        format!("第 {} 行 {f}：{what}", e.line)
    } else {
        format!("line {}: {f}: {what}", e.line)
    }
}
