//! Every string on screen, in English and Chinese, from one catalogue. Chinese terms follow the
//! policy text (`shared/seed`): 在岗, 强制休息, 轮休/调休/补休, 家事心事急难事, 党组织/工会/共青团/妇联.

use crate::config::Lang;
use crate::domain::RuleKind;
use crate::domain::rules::Breach;
use crate::domain::time::{fmt_full, fmt_minutes, fmt_short};
use crate::store::commands::{Outcome, Refusal};
use chrono_tz::Tz;

mod core;
mod health;
pub mod health_import;
pub mod import;
pub mod org;
mod people;
mod report;
pub mod shifts;
mod supplies;
pub mod ux;

/// (key, English, 中文). A key missing in either language cannot compile.
pub type Entry = (&'static str, &'static str, &'static str);

/// Every area's labels. An area adds its own file and one line here.
const CATALOGUES: &[&[Entry]] = &[
    core::CORE,
    supplies::SUPPLIES,
    shifts::SHIFTS,
    health::HEALTH,
    ux::UX,
    import::IMPORT,
    report::REPORT,
    people::PEOPLE,
    health_import::HEALTH_IMPORT,
];

fn entries() -> impl Iterator<Item = &'static Entry> {
    CATALOGUES.iter().flat_map(|c| c.iter())
}

/// Look up a label. An unknown key shows "??" (the catalogue tests catch it), never a panic.
pub fn t(lang: Lang, key: &str) -> &'static str {
    entries()
        .find(|(k, _, _)| *k == key)
        .map(|(_, en, zh)| if lang == Lang::Zh { *zh } else { *en })
        .unwrap_or("??")
}

pub fn keys() -> impl Iterator<Item = &'static str> {
    entries().map(|(k, _, _)| *k)
}

fn zh(lang: Lang) -> bool {
    lang == Lang::Zh
}

/// "on duty 14.3h>12h" — a breach: the rule and the figure against its limit, compact enough
/// for an 80-column panel.
pub fn breach(lang: Lang, b: &Breach) -> String {
    let z = zh(lang);
    match b.rule {
        RuleKind::ConsecutiveDays => {
            if z {
                format!("连续{}天>{}天", b.actual, b.limit)
            } else {
                format!("{} days in a row>{}", b.actual, b.limit)
            }
        }
        RuleKind::WindowHours => {
            let d = b.window_days.unwrap_or(7);
            if z {
                format!("{d}天工时 {:.1}h>{}h", b.actual, b.limit)
            } else {
                format!("{d}d hours {:.1}>{}", b.actual, b.limit)
            }
        }
        RuleKind::RestBetween => {
            if z {
                format!("班间休息 {:.1}h<{}h", b.actual, b.limit)
            } else {
                format!("rest {:.1}h<{}h", b.actual, b.limit)
            }
        }
        RuleKind::ContinuousDuty => {
            if z {
                format!("连续值班 {:.1}h>{}h", b.actual, b.limit)
            } else {
                format!("on duty {:.1}h>{}h", b.actual, b.limit)
            }
        }
        RuleKind::WeeklyRest => {
            if z {
                format!("7天最长休息 {:.1}h<{}h", b.actual, b.limit)
            } else {
                format!("weekly rest {:.1}h<{}h", b.actual, b.limit)
            }
        }
    }
}

/// How far over, for the "Over by" column.
pub fn over_by(lang: Lang, b: &Breach) -> String {
    match b.rule {
        RuleKind::ConsecutiveDays => {
            let d = b.over_by_minutes / 1440;
            if zh(lang) {
                format!("+{d}天")
            } else {
                format!("+{d}d")
            }
        }
        _ => format!("+{}", fmt_minutes(b.over_by_minutes)),
    }
}

pub fn outcome(lang: Lang, o: &Outcome, tz: Tz) -> String {
    match (o, zh(lang)) {
        (
            Outcome::CheckedIn {
                name,
                post,
                breach_at,
                overridden,
                rest_day,
            },
            z,
        ) => {
            let mut s = if z {
                format!("{name} 已在 {post} 上岗")
            } else {
                format!("{name} checked in at {post}")
            };
            if *overridden {
                s += if z {
                    "（已越过规则，理由已记录）"
                } else {
                    " (rule overridden, reason logged)"
                };
            }
            if let Some((at, rule)) = breach_at {
                let r = t(lang, &format!("rule.{}", rule.as_str()));
                s += &if z {
                    format!("；{} 将触及{r}上限", fmt_short(*at, tz))
                } else {
                    format!("; reaches the {r} limit at {}", fmt_short(*at, tz))
                };
            }
            if let Some((kind, minutes)) = rest_day {
                s += &shifts::rest_day_cut(lang, *kind, *minutes);
            }
            s
        }
        (
            Outcome::CheckedOut {
                name,
                post,
                minutes,
            },
            true,
        ) => format!("{name} 已从 {post} 下岗，本班 {}", fmt_minutes(*minutes)),
        (
            Outcome::CheckedOut {
                name,
                post,
                minutes,
            },
            false,
        ) => format!(
            "{name} checked out of {post} after {}",
            fmt_minutes(*minutes)
        ),
        (
            Outcome::Reassigned {
                name,
                post,
                start,
                end,
                ..
            },
            true,
        ) => {
            format!(
                "{name} 的班次已调至 {post}，{}–{}",
                fmt_short(*start, tz),
                fmt_short(*end, tz)
            )
        }
        (
            Outcome::Reassigned {
                name,
                post,
                start,
                end,
                ..
            },
            false,
        ) => {
            format!(
                "{name}'s shift moved to {post}, {}–{}",
                fmt_short(*start, tz),
                fmt_short(*end, tz)
            )
        }
        (
            Outcome::ForcedRest {
                name,
                until,
                ended_shift,
            },
            true,
        ) => {
            format!(
                "{name} 强制休息至 {}{}",
                fmt_full(*until, tz),
                if *ended_shift {
                    "，本班已结束"
                } else {
                    ""
                }
            )
        }
        (
            Outcome::ForcedRest {
                name,
                until,
                ended_shift,
            },
            false,
        ) => {
            format!(
                "{name} in forced rest until {}{}",
                fmt_full(*until, tz),
                if *ended_shift { "; shift ended" } else { "" }
            )
        }
        (Outcome::RestEnded { name }, true) => format!("{name} 休息已结束，可以调派"),
        (Outcome::RestEnded { name }, false) => format!("{name}'s rest ended; available again"),
        (
            Outcome::Undone {
                action,
                target,
                audit_id,
            },
            true,
        ) => {
            format!("已撤销操作 #{audit_id}（{action}，{target}）")
        }
        (
            Outcome::Undone {
                action,
                target,
                audit_id,
            },
            false,
        ) => {
            format!("undid #{audit_id} ({action} on {target})")
        }
        (
            Outcome::StockReceived { .. }
            | Outcome::StockIssued { .. }
            | Outcome::StockTransferred { .. }
            | Outcome::StockAdjusted { .. }
            | Outcome::RequestOpened { .. }
            | Outcome::RequestArranged { .. }
            | Outcome::RequestDone { .. },
            z,
        ) => supplies::outcome(z, o, tz).unwrap_or_default(),
        (Outcome::Care(c), _) => health::outcome(lang, c, tz),
        (Outcome::AlertAcked { key, name }, z) => ux::acked(z, key, name),
        (Outcome::RosterImported { .. }, _) => import::outcome(lang, o),
        (Outcome::People(c), _) => people::outcome(lang, c),
        (Outcome::Org(c), _) => org::outcome(lang, c),
        (Outcome::HealthImported { what, counts }, _) => health_import::outcome(lang, what, counts),
        (o, _) => shifts::outcome(lang, o, tz),
    }
}

/// One line, no trailing period; the CLI prints it after "error: ".
pub fn refusal(lang: Lang, r: &Refusal, tz: Tz) -> String {
    let z = zh(lang);
    match r {
        Refusal::NothingToUndo => {
            if z {
                "没有可撤销的操作".into()
            } else {
                "nothing of yours to undo".into()
            }
        }
        Refusal::CannotUndo {
            action,
            later: None,
        } => {
            if z {
                format!("操作 {action} 不能撤销")
            } else {
                format!("{action} cannot be undone")
            }
        }
        Refusal::CannotUndo {
            action,
            later: Some(l),
        } => {
            if z {
                format!("不能撤销 {action}：之后已有操作（{l}）改动了同一对象")
            } else {
                format!("cannot undo {action}: a later action ({l}) changed the same record")
            }
        }
        Refusal::UndoWhose {
            id,
            operator,
            action,
            target,
        } => {
            if z {
                format!(
                    "记录 {id} 是 {operator} 的操作（{action} {target}）；确认撤销请加 --of {operator}"
                )
            } else {
                format!(
                    "entry {id} is {operator}'s {action} on {target}; to undo it, confirm whose it is with --of {operator}"
                )
            }
        }
        Refusal::AlreadyRecorded(table) => {
            let what = |k: &str| t(lang, &format!("dup.{k}"));
            let w = match table.as_str() {
                "nucleic_tests" | "health_reports" | "people" | "care_visits" | "talks" => {
                    what(table)
                }
                _ => what("other"),
            };
            if z {
                format!("已有记录：{w}，未写入")
            } else {
                format!("already recorded: {w}; nothing written")
            }
        }
        Refusal::OutOfRange(table) => {
            if z {
                format!("数值超出允许范围（{table}），未写入")
            } else {
                format!("a value is out of the allowed range ({table}); nothing written")
            }
        }
        Refusal::DiskFull => if z {
            "磁盘已满：请先腾出空间，未写入"
        } else {
            "the disk is full: free some space; nothing written"
        }
        .into(),
        Refusal::AmbiguousPerson {
            text,
            candidates,
            total,
        } => {
            let list: Vec<String> = candidates
                .iter()
                .map(|c| c.line(t(lang, &format!("state.{}", c.state))))
                .collect();
            let more = total.saturating_sub(candidates.len());
            if z {
                let more = if more > 0 {
                    format!("；另有 {more} 人")
                } else {
                    String::new()
                };
                format!(
                    "“{text}”对应 {total} 人，不作猜测：{}{more}；请用 #编号 或工号指定",
                    list.join("；")
                )
            } else {
                let more = if more > 0 {
                    format!("; and {more} more")
                } else {
                    String::new()
                };
                format!(
                    "'{text}' names {total} people, none is guessed: {}{more}; name one by #id or staff code",
                    list.join("; ")
                )
            }
        }
        Refusal::UnknownPerson(p) => {
            if z {
                format!("查无此人：{p}")
            } else {
                format!("unknown person '{p}'")
            }
        }
        Refusal::UnknownPost(p) => {
            if z {
                format!("无此岗位：{p}")
            } else {
                format!("unknown post {p}")
            }
        }
        Refusal::Retired(n) => {
            if z {
                format!("{n} 已离队")
            } else {
                format!("{n} has been retired from the roster")
            }
        }
        Refusal::AlreadyOnDuty { name, post } => {
            if z {
                format!("{name} 已在 {post} 在岗")
            } else {
                format!("{name} is already on duty at {post}")
            }
        }
        Refusal::NotOnDuty(n) => {
            if z {
                format!("{n} 当前不在岗")
            } else {
                format!("{n} is not on duty")
            }
        }
        Refusal::InForcedRest { name, until } => {
            if z {
                format!(
                    "{name} 强制休息至 {}；如确需调派，请填写“越过规则的理由”",
                    fmt_full(*until, tz)
                )
            } else {
                format!(
                    "{name} is in forced rest until {}; give an override reason to overrule",
                    fmt_full(*until, tz)
                )
            }
        }
        Refusal::BreaksRules { name, breaches } => {
            let list: Vec<String> = breaches.iter().map(|b| breach(lang, b)).collect();
            if z {
                format!(
                    "{name} 上岗将违反休息规则：{}；如确需调派，请填写“越过规则的理由”",
                    list.join("；")
                )
            } else {
                format!(
                    "{name} would break rest rules: {}; give an override reason to overrule",
                    list.join("; ")
                )
            }
        }
        Refusal::NoShift(n) => {
            if z {
                format!("{n} 没有当前或待上的班次可调整")
            } else {
                format!("{n} has no current or upcoming shift to reassign")
            }
        }
        Refusal::ShiftStarted(n) => {
            if z {
                format!("{n} 的当前班次已开始，只能修改结束时间")
            } else {
                format!("{n}'s current shift has started; only its end can change")
            }
        }
        Refusal::TimeOrder => {
            if z {
                "结束时间必须晚于开始时间（和当前时间）".into()
            } else {
                "the end must come after the start (and after now)".into()
            }
        }
        Refusal::Overlap { name, start, end } => {
            if z {
                format!(
                    "与 {name} 的另一班次重叠（{}–{}）",
                    fmt_short(*start, tz),
                    fmt_short(*end, tz)
                )
            } else {
                format!(
                    "overlaps another shift of {name} ({}–{})",
                    fmt_short(*start, tz),
                    fmt_short(*end, tz)
                )
            }
        }
        Refusal::BadHours(h) => {
            if z {
                format!("时长无效：{h}（须为 1 分钟到 336 小时之间）")
            } else {
                format!("invalid duration {h} (from one minute to 336 hours)")
            }
        }
        Refusal::ReasonRequired => {
            if z {
                "必须填写原因".into()
            } else {
                "a reason is required".into()
            }
        }
        Refusal::NotResting(n) => {
            if z {
                format!("{n} 当前不在休息")
            } else {
                format!("{n} is not resting")
            }
        }
        Refusal::EndForcedRestReason { name, until } => {
            if z {
                format!(
                    "{name} 强制休息至 {}；提前结束须填写“提前结束强制休息的理由”",
                    fmt_full(*until, tz)
                )
            } else {
                format!(
                    "{name} is in forced rest until {}; ending it early needs a reason (the reason for ending the forced rest early)",
                    fmt_full(*until, tz)
                )
            }
        }
        Refusal::UnknownItem(_)
        | Refusal::UnknownDepot(_)
        | Refusal::BadQuantity(_)
        | Refusal::NotEnoughStock { .. }
        | Refusal::SameDepot
        | Refusal::PostRequired
        | Refusal::UnknownRequest(_)
        | Refusal::RequestIs { .. }
        | Refusal::RequesterRequired
        | Refusal::NeededByPassed(_) => supplies::refusal(z, r, tz).unwrap_or_default(),
        Refusal::Busy => {
            if z {
                "数据库正被其他程序占用，请稍后重试".into()
            } else {
                "the database is locked by another program; try again".into()
            }
        }
        Refusal::Storage(e) => {
            if z {
                format!("数据库错误：{e}")
            } else {
                format!("database error: {e}")
            }
        }
        Refusal::Care(c) => health::refusal(lang, c, tz),
        Refusal::AlertNotOpen(key) => ux::not_open(z, key),
        Refusal::ForcedRestTooShort { min_hours } => {
            if z {
                format!("强制休息不得少于 {min_hours} 小时")
            } else {
                format!("a forced rest must last at least {min_hours} h")
            }
        }
        Refusal::UndoBreaksRules { name, breaches } => {
            let list: Vec<String> = breaches.iter().map(|b| breach(lang, b)).collect();
            if z {
                format!(
                    "撤销会使 {name} 违反休息规则：{}；不能撤销，如确需调派请重新操作并填写理由",
                    list.join("；")
                )
            } else {
                format!(
                    "undoing would put {name} over rest rules: {}; it cannot be undone — redo it by hand with a reason",
                    list.join("; ")
                )
            }
        }
        Refusal::People(c) => people::refusal(lang, c),
        Refusal::Org(c) => org::refusal(lang, c),
        r => shifts::refusal(lang, r, tz),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages_and_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for (k, en, zh) in entries() {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(
                !en.trim().is_empty() && !zh.trim().is_empty(),
                "empty text for {k}"
            );
        }
    }

    #[test]
    fn every_enum_value_shown_on_screen_has_a_label() {
        use crate::domain::*;
        let mut want: Vec<String> = Vec::new();
        want.extend(RuleKind::ALL.iter().map(|r| format!("rule.{r}")));
        want.extend(CaseCategory::ALL.iter().map(|r| format!("case.{r}")));
        want.extend(CaseStatus::ALL.iter().map(|r| format!("status.{r}")));
        want.extend(Organisation::ALL.iter().map(|r| format!("org.{r}")));
        want.extend(Category::ALL.iter().map(|r| format!("cat.{r}")));
        want.extend(RequestKind::ALL.iter().map(|r| format!("req.{r}")));
        want.extend(RequestStatus::ALL.iter().map(|r| format!("req_status.{r}")));
        want.extend(TestResult::ALL.iter().map(|r| format!("test.{r}")));
        want.extend(TrainingKind::ALL.iter().map(|r| format!("training.{r}")));
        for k in want {
            assert_ne!(t(Lang::Zh, &k), "??", "missing label {k}");
        }
    }
}
