//! Messages of the paperwork (imports, exports, the daily report) in the console and on the
//! command line, and the few words a screen shapes by language (a short party status, a list
//! separator). Each message is written once, both languages side by side.

use super::{Lang, pick, t};
use crate::domain::org::POST_KINDS;
use crate::store::commands::HealthImportCounts;

/// "… and 3 more errors not shown".
pub fn more_errors(lang: Lang, more: usize) -> String {
    pick(
        lang,
        format!("… and {more} more errors not shown"),
        format!("……另有 {more} 处错误未列出"),
    )
}

/// Bad rows and nothing written, with how many good rows `--skip-invalid` would import.
pub fn bad_rows(lang: Lang, bad: usize, good: usize) -> String {
    match lang {
        Lang::En => {
            format!("{bad} bad rows; nothing written (--skip-invalid imports the {good} good rows)")
        }
        Lang::Zh => {
            format!(
                "{bad} 行有错误，未写入任何数据（加 --skip-invalid 可只导入 {good} 行正确数据）"
            )
        }
    }
}

pub fn no_good_rows(lang: Lang) -> String {
    pick(
        lang,
        "no good rows; nothing written",
        "没有正确的数据行，未写入任何数据",
    )
    .into()
}

/// The console's roster import with bad rows: how to go on.
pub fn roster_fix(lang: Lang) -> &'static str {
    pick(
        lang,
        "fix the file, or use frontline import roster --skip-invalid",
        "请修改文件后重试，或用 frontline import roster --skip-invalid",
    )
}

/// The console's roster import preview.
pub fn roster_preview(lang: Lang, new: usize, updated: usize, unchanged: usize) -> String {
    match lang {
        Lang::En => format!("Enter imports: {new} new · {updated} updated · {unchanged} unchanged"),
        Lang::Zh => format!("Enter 导入：新增 {new} · 更新 {updated} · 未变 {unchanged}"),
    }
}

/// The console's health or test import preview: what matched, what did not, how to go on.
pub fn health_preview(
    lang: Lang,
    c: &HealthImportCounts,
    bad: usize,
    form: Option<&str>,
    tests: bool,
) -> String {
    let matched = c.new + c.replaced + c.unchanged + c.superseded;
    let other = bad - c.not_found - c.ambiguous;
    let (new, replaced, unchanged, nf, amb) =
        (c.new, c.replaced, c.unchanged, c.not_found, c.ambiguous);
    let mut s = match lang {
        Lang::En => format!(
            "matched {matched}: {new} new · {replaced} replaced · {unchanged} unchanged\nunmatched {nf} · ambiguous {amb} · other bad rows {other}"
        ),
        Lang::Zh => format!(
            "已匹配 {matched}：新增 {new} · 替换 {replaced} · 未变 {unchanged}\n找不到 {nf} · 对应多人 {amb} · 其他错误行 {other}"
        ),
    };
    if let Some(name) = form {
        s = match lang {
            Lang::En => format!("form {name}'s columns · {s}"),
            Lang::Zh => format!("表单「{name}」的列对应 · {s}"),
        };
    }
    if tests {
        s += &pick(
            lang,
            format!(" · positives {}", c.positives),
            format!(" · 阳性 {}", c.positives),
        );
    }
    s
}

pub fn health_go_on(lang: Lang) -> &'static str {
    pick(
        lang,
        "\nEnter imports the matched rows",
        "\nEnter 导入已匹配的行",
    )
}

/// A health import form asked for that the config file does not have.
pub fn unknown_form(lang: Lang, name: &str, known: &[&str]) -> String {
    if known.is_empty() {
        bi!(
            lang,
            format!("no form '{name}' in the config file (it has no [[import.health.form]])"),
            format!("配置文件中没有表单「{name}」（尚未设置 [[import.health.form]]）")
        )
    } else {
        bi!(
            lang,
            format!(
                "no form '{name}' in the config file; it has: {}",
                known.join(", ")
            ),
            format!("配置文件中没有表单「{name}」；已有：{}", known.join("、"))
        )
    }
}

/// The daily report's file name, without extension.
pub fn handover_stem(lang: Lang, stamp: &str) -> String {
    pick(lang, format!("handover-{stamp}"), format!("交接单-{stamp}"))
}

pub fn report_stem(lang: Lang, date: &str) -> String {
    pick(lang, format!("daily-{date}"), format!("日报-{date}"))
}

/// Where an export went: "path (+ .csv, 12 rows)".
pub fn exported(lang: Lang, path: &std::path::Path, n: usize) -> String {
    match lang {
        Lang::En => format!("{} (+ .csv, {n} rows)", path.display()),
        Lang::Zh => format!("{} (+ .csv，{n} 行)", path.display()),
    }
}

/// `frontline init`: what the new database holds and the next step.
pub fn created(lang: Lang, path: &std::path::Path, items: i64, depots: i64) -> String {
    match lang {
        Lang::En => format!(
            "created {}: {items} supply items, {depots} depot; next: frontline import template org --out org.xlsx",
            path.display()
        ),
        Lang::Zh => format!(
            "已新建数据库 {}：{items} 种物资、{depots} 个仓库；下一步：frontline import template org --out 组织.xlsx",
            path.display()
        ),
    }
}

pub fn template_written(lang: Lang, path: &std::path::Path) -> String {
    match lang {
        Lang::En => format!("template written to {}", path.display()),
        Lang::Zh => format!("模板已写入 {}", path.display()),
    }
}

pub fn org_unknown_sheet(lang: Lang, s: &str) -> String {
    match lang {
        Lang::En => format!(
            "unknown sheet '{s}' (expected 街道/社区/点位/仓库/物资 or streets/communities/posts/depots/items)"
        ),
        Lang::Zh => format!(
            "未知工作表“{s}”（应为 街道、社区、点位、仓库、物资 或 streets、communities、posts、depots、items）"
        ),
    }
}

pub fn org_missing_columns(lang: Lang, s: &str, cols: &[&str]) -> String {
    match lang {
        Lang::En => format!("sheet {s}: missing required columns {}", cols.join(", ")),
        Lang::Zh => format!("工作表 {s}：缺少列 {}", cols.join("、")),
    }
}

pub fn org_no_sheets(lang: Lang) -> String {
    pick(lang, "no sheet to import", "没有可导入的工作表").into()
}

/// One bad line of an organisation sheet; the problem comes in both languages from the check.
pub fn org_line(lang: Lang, sheet: &str, line: usize, field: &str, en: &str, zh: &str) -> String {
    match lang {
        Lang::En => format!("sheet {sheet}, line {line}: {field}: {en}"),
        Lang::Zh => format!("工作表 {sheet}，第 {line} 行：{field}：{zh}"),
    }
}

/// A post kind as the post list shows it.
pub fn post_kind(lang: Lang, kind: &str) -> &str {
    match lang {
        Lang::En => kind,
        Lang::Zh => POST_KINDS
            .iter()
            .find(|k| k.0 == kind)
            .map_or(kind, |k| k.1),
    }
}

/// "/shift" after the people a post needs, and the closed mark.
pub fn per_shift(lang: Lang) -> &'static str {
    pick(lang, "/shift", "人/班")
}

pub fn post_closed(lang: Lang) -> &'static str {
    pick(lang, "  closed", "  已撤销")
}

/// The rules recount's end: how many running shifts it recounted, or that it was cancelled.
pub fn rules_recounted(lang: Lang, n: Option<usize>) -> String {
    match n {
        Some(n) => bi!(
            lang,
            format!("rest rules changed: breaches of {n} running shifts recounted"),
            format!("休息规则已变更：已重算 {n} 个在岗班次的超时")
        ),
        None => bi!(
            lang,
            "rules recount cancelled: breaches follow the old rules until the next start"
                .to_string(),
            "已取消重算：超时仍按旧规则计算，下次启动时再算".to_string()
        ),
    }
}

/// A slot short of people ("▼ short 2") or over ("▲ over 1").
pub fn short_by(lang: Lang, n: i64) -> String {
    if n > 0 {
        bi!(lang, format!("▼ short {n}"), format!("▼ 缺{n}人"))
    } else {
        bi!(lang, format!("▲ over {}", -n), format!("▲ 超{}人", -n))
    }
}

/// Between the items of a list on one line.
pub fn list_sep(lang: Lang) -> &'static str {
    pick(lang, " · ", "；")
}

/// After a label before its value ("As of: …").
pub fn colon(lang: Lang) -> &'static str {
    pick(lang, ": ", "：")
}

/// Party status, short enough for a column: Chinese drops 入党 from the long forms.
pub fn party_short(lang: Lang, p: &str) -> String {
    match (lang, p) {
        (Lang::Zh, "activist") => "积极分子".into(),
        (Lang::Zh, "applicant") => "申请人".into(),
        (_, "none") => "-".into(),
        _ => super::words::party(lang, p).to_string(),
    }
}

/// Whether labels run long (English words are wider than Chinese ones in a column).
pub fn wide_words(lang: Lang) -> bool {
    lang == Lang::En
}

/// A name with an optional English form: the English one when shown in English and present.
pub fn name_in<'a>(lang: Lang, name: &'a str, name_en: &'a str) -> &'a str {
    if lang == Lang::En && !name_en.is_empty() {
        name_en
    } else {
        name
    }
}

/// The label of a key in both languages, English first (the command palette searches both).
pub fn both_labels(k: super::Key) -> [&'static str; 2] {
    [t(Lang::En, k), t(Lang::Zh, k)]
}
