//! `frontline check`: each kept value and row in words, both languages.

use crate::domain::time::fmt_short;
use crate::i18n::Lang;
use crate::store::kept::{Drift, Key};
use chrono_tz::Tz;

/// What a kept value counts.
fn value(zh: bool, name: &str) -> &'static str {
    match (name, zh) {
        ("counters.active_shifts", true) => "在岗班次数",
        ("counters.active_shifts", false) => "shifts running",
        ("counters.open_cases", true) => "未办结家事数",
        ("counters.open_cases", false) => "open family cases",
        ("counters.urgent_cases", true) => "紧急家事数",
        ("counters.urgent_cases", false) => "urgent family cases",
        ("planned_quarters", true) => "计划班次数（按刻钟和点位类型）",
        ("planned_quarters", false) => "planned shifts (by quarter hour and post kind)",
        ("breach_hours", true) => "超时在岗数（按首次超时的小时）",
        ("breach_hours", false) => "running shifts past a rest rule (by hour of the breach)",
        ("people.forced_until", true) => "强制休息截止时间",
        ("people.forced_until", false) => "end of forced rest",
        ("forced_hours", true) => "强制休息人数（按截止小时）",
        ("forced_hours", false) => "people in forced rest (by hour it ends)",
        ("people.duty_rank", true) => "在岗状态等级",
        ("people.duty_rank", false) => "duty rank",
        ("people.last_duty_end", true) => "上次下岗时间",
        ("people.last_duty_end", false) => "end of last duty",
        ("comp_balance", true) => "补休余额（分钟）",
        ("comp_balance", false) => "compensatory leave owed (minutes)",
        ("slot_counts", true) => "班次数（按点位和计划开始时间）",
        ("slot_counts", false) => "shifts of a slot (by post and planned start)",
        ("people.rest_until", true) => "最晚休息截止时间",
        ("people.rest_until", false) => "end of latest rest",
        ("people.last_talk_at", true) => "最近谈心谈话时间",
        ("people.last_talk_at", false) => "latest heart-to-heart talk",
        ("people.protected_at", true) => "最近自我防护培训时间",
        ("people.protected_at", false) => "latest self-protection training",
        ("people.counselled_at", true) => "最近心理培训时间",
        ("people.counselled_at", false) => "latest psychological training",
        ("people.last_test_at", true) => "最近核酸检测时间",
        ("people.last_test_at", false) => "latest nucleic-acid test",
        ("people.last_report_day", true) => "最近健康日报日期",
        ("people.last_report_day", false) => "latest day of a health report",
        ("counters.people_active", true) => "在册人数",
        ("counters.people_active", false) => "people on the roster",
        ("counters.untrained", true) => "培训未完成人数",
        ("counters.untrained", false) => "people missing a training",
        ("counters.volunteers", true) => "在册志愿者人数",
        ("counters.volunteers", false) => "volunteers on the roster",
        (_, true) => "记录值",
        (_, false) => "kept value",
    }
}

/// Which row, in words ("" for a single counter).
fn row(zh: bool, d: &Drift, tz: Tz) -> String {
    let at = |n: &str, unit: i64| {
        n.parse::<i64>()
            .map(|n| fmt_short(n * unit, tz))
            .unwrap_or_else(|_| n.to_string())
    };
    match (d.key, zh) {
        (Key::Counter, _) => String::new(),
        (Key::Person, true) => format!("人员 #{}", d.row),
        (Key::Person, false) => format!("person #{}", d.row),
        (Key::Hour, true) => format!("{} 起的一小时", at(&d.row, 3600)),
        (Key::Hour, false) => format!("the hour from {}", at(&d.row, 3600)),
        (Key::Quarter, z) => {
            let (q, kind) = d.row.split_once('/').unwrap_or((&d.row, ""));
            if z {
                format!("{} 起的一刻钟、{kind} 类点位", at(q, 900))
            } else {
                format!("the quarter hour from {}, {kind} posts", at(q, 900))
            }
        }
        (Key::Slot, z) => {
            let mut parts = d.row.splitn(3, '/');
            let (start, post, col) = (
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
            );
            if z {
                format!("点位 #{post} {} 开始的时段（{col}）", at(start, 1))
            } else {
                format!("post #{post}'s slot from {} ({col})", at(start, 1))
            }
        }
    }
}

fn number(zh: bool, v: Option<i64>) -> String {
    match (v, zh) {
        (Some(v), _) => v.to_string(),
        (None, true) => "无".into(),
        (None, false) => "none".into(),
    }
}

/// One kept row that differs from its real count.
pub fn drift(lang: Lang, d: &Drift, tz: Tz) -> String {
    let zh = lang == Lang::Zh;
    let what = value(zh, d.value);
    let at = row(zh, d, tz);
    let (kept, real) = (number(zh, d.kept), number(zh, d.real));
    match (zh, at.is_empty()) {
        (true, true) => format!("{what}（{}）：记录为 {kept}，实际为 {real}", d.value),
        (true, false) => format!("{at} 的{what}（{}）：记录为 {kept}，实际为 {real}", d.value),
        (false, true) => format!("{what} ({}): kept {kept}, real {real}", d.value),
        (false, false) => format!("{what} ({}) of {at}: kept {kept}, real {real}", d.value),
    }
}

/// The last line of a check: all agree, or how many rows differ.
pub fn summary(lang: Lang, values: usize, drifted: usize) -> String {
    match (lang == Lang::Zh, drifted) {
        (true, 0) => format!("{values} 项记录值与实际计数全部一致"),
        (false, 0) => format!("all {values} kept values agree with their real counts"),
        (true, n) => format!("{n} 行记录值与实际计数不符；`frontline check --repair` 可重新计数"),
        (false, n) => format!(
            "{n} kept row{} differ from the real count; `frontline check --repair` recounts them",
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// The outcome of `RepairKept`.
pub fn repaired(lang: Lang, fixed: &[(&'static str, usize)]) -> String {
    let zh = lang == Lang::Zh;
    let parts: Vec<String> = fixed
        .iter()
        .map(|(name, n)| {
            if zh {
                format!("{}（{name}）{n} 行", value(zh, name))
            } else {
                format!(
                    "{} ({name}) {n} row{}",
                    value(zh, name),
                    if *n == 1 { "" } else { "s" }
                )
            }
        })
        .collect();
    match (zh, parts.is_empty()) {
        (true, true) => "没有需要重新计数的记录值".into(),
        (false, true) => "nothing to recount".into(),
        (true, false) => format!("已重新计数：{}", parts.join("；")),
        (false, false) => format!("recounted: {}", parts.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::value;
    use crate::store::kept::KEPT;

    #[test]
    fn every_kept_value_has_its_own_words_in_both_languages() {
        for k in KEPT.iter() {
            for zh in [true, false] {
                assert_ne!(value(zh, k.name), value(zh, "?"), "{} (zh: {zh})", k.name);
            }
        }
    }
}
