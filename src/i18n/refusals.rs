//! Refusals in words: every reason the executor gives for writing nothing, one line each, in
//! both languages. Areas with their own catalogue (people, organisation, shifts) answer theirs.

use super::*;

/// One line, no trailing period; the CLI prints it after "error: ".
pub fn refusal(lang: Lang, r: &Refusal, tz: Tz) -> String {
    let z = zh(lang);
    match r {
        Refusal::Cancelled => {
            if z {
                "已取消，未写入任何内容".into()
            } else {
                "cancelled; nothing was written".into()
            }
        }
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
                format!("“{}”不能撤销", super::audit::action(lang, action))
            } else {
                format!("“{}” cannot be undone", super::audit::action(lang, action))
            }
        }
        Refusal::CannotUndo {
            action,
            later: Some(l),
        } => {
            if z {
                format!(
                    "不能撤销“{}”：之后的操作（{}）改动了同一对象",
                    super::audit::action(lang, action),
                    super::audit::action(lang, l)
                )
            } else {
                format!(
                    "cannot undo “{}”: a later action ({}) changed the same record",
                    super::audit::action(lang, action),
                    super::audit::action(lang, l)
                )
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
                    "记录 {id} 是 {operator} 的操作（{target} 的{}）；确认撤销请加 --of {operator}",
                    super::audit::action(lang, action)
                )
            } else {
                format!(
                    "entry {id} is {operator}'s {} of {target}; to undo it, confirm whose it is with --of {operator}",
                    super::audit::action(lang, action)
                )
            }
        }
        Refusal::AlreadyRecorded(table) => {
            let what = |k| crate::i18n::words::dup(lang, k);
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
                .map(|c| c.line(crate::i18n::words::state(lang, &c.state)))
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
        Refusal::Offline => {
            if z {
                "无法连接数据库服务器：未写入任何内容；连接恢复后再试".into()
            } else {
                "server unreachable: nothing was written; try again once it is back".into()
            }
        }
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
