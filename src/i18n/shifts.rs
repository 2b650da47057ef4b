//! Labels of shifts, rest, the schedule and coverage screen, the call-up list, the
//! compensatory-leave ledger (补休) and on-the-spot conversion (就地转化).

use super::Entry;

#[rustfmt::skip]
pub const SHIFTS: &[Entry] = &[
    ("rule.weekly_rest", "weekly rest", "每周休息不足"),
    ("rest.rotation", "rotation rest", "轮休"),
    ("rest.swapped", "swapped rest", "调休"),
    ("rest.compensatory", "compensatory rest", "补休"),
    ("rest.forced", "forced rest", "强制休息"),
    ("shift.planned", "planned", "待上岗"),
    ("shift.active", "on duty", "在岗"),
    ("shift.done", "done", "已完成"),
    ("shift.cancelled", "cancelled", "已取消"),
    ("value.kind", "rest kind (rotation, swapped or compensatory)", "休息类型（轮休、调休或补休）"),
    ("value.name", "name", "姓名"),
    ("value.party", "party status (member, activist, applicant or none)", "政治面貌（member/activist/applicant/none）"),
    ("value.phone", "phone", "电话"),
];

use crate::config::Lang;
use crate::domain::RestKind;
use crate::domain::time::{fmt_full, fmt_short};
use crate::store::commands::{Outcome, Refusal};
use chrono_tz::Tz;

/// "rotation rest (轮休)" — a rest kind in the user's language.
pub fn rest_kind(lang: Lang, k: RestKind) -> &'static str {
    super::t(lang, &format!("rest.{}", k.as_str()))
}

/// Hours owed, as "16.0 h" (hours with one decimal).
pub fn hours(minutes: i64) -> String {
    format!("{:.1} h", minutes as f64 / 60.0)
}

/// Appended to a check-in that cut a rest short.
pub fn rest_day_cut(lang: Lang, kind: RestKind, minutes: i64) -> String {
    let k = rest_kind(lang, kind);
    if lang == Lang::Zh {
        format!("；{k}已中断，记入补休 {}", hours(minutes))
    } else {
        format!(
            "; {k} cut short, {} owed as compensatory leave",
            hours(minutes)
        )
    }
}

pub fn outcome(lang: Lang, o: &Outcome, tz: Tz) -> String {
    let z = lang == Lang::Zh;
    let span = |s: &i64, e: &i64| format!("{}–{}", fmt_short(*s, tz), fmt_short(*e, tz));
    match o {
        Outcome::ShiftPlanned {
            name,
            post,
            start,
            end,
            overridden,
            replaced,
        } => {
            let mut s = if z {
                format!("已为 {name} 排班：{post}，{}", span(start, end))
            } else {
                format!("{name} planned at {post}, {}", span(start, end))
            };
            if let Some(r) = replaced {
                s += &if z {
                    format!("（接替 {r}，其班次已取消）")
                } else {
                    format!(" (replacing {r}, whose shift is cancelled)")
                };
            }
            if *overridden {
                s += if z {
                    "（已越过规则，理由已记录）"
                } else {
                    " (rule overridden, reason logged)"
                };
            }
            s
        }
        Outcome::ShiftMoved {
            name,
            post,
            start,
            end,
        } => {
            if z {
                format!("{name} 的班次已改为 {post}，{}", span(start, end))
            } else {
                format!("{name}'s shift moved to {post}, {}", span(start, end))
            }
        }
        Outcome::ShiftCancelled { name, post, start } => {
            if z {
                format!(
                    "已取消 {name} 在 {post} 的班次（{}）",
                    fmt_short(*start, tz)
                )
            } else {
                format!(
                    "{name}'s shift at {post} ({}) cancelled",
                    fmt_short(*start, tz)
                )
            }
        }
        Outcome::DayCopied {
            day,
            days,
            copied,
            skipped,
        } => {
            let d = crate::domain::time::to_local(*day, tz).format("%m-%d");
            if z {
                format!(
                    "已将 {d} 的排班复制到其后 {days} 天：新排 {copied} 班，跳过 {skipped} 班（已有班次、休息或违反规则）"
                )
            } else {
                format!(
                    "{d}'s shifts copied to the next {days} day(s): {copied} planned, {skipped} skipped (already planned, resting or over a rule)"
                )
            }
        }
        Outcome::RestRecorded {
            name,
            kind,
            start,
            end,
            owed_after,
        } => {
            let k = rest_kind(lang, *kind);
            let mut s = if z {
                format!(
                    "已为 {name} 安排{k}：{}–{}",
                    fmt_short(*start, tz),
                    fmt_short(*end, tz)
                )
            } else {
                format!(
                    "{name}: {k} {}–{}",
                    fmt_short(*start, tz),
                    fmt_short(*end, tz)
                )
            };
            if let Some(m) = owed_after {
                s += &if z {
                    format!("；尚欠补休 {}", hours(*m))
                } else {
                    format!("; {} still owed", hours(*m))
                };
            }
            s
        }
        Outcome::Converted {
            id,
            name,
            staff_code,
            community,
        } => {
            if z {
                format!(
                    "{name} 已就地转化为 {community} 社区工作人员（{staff_code}，#{id}），可以排班"
                )
            } else {
                format!(
                    "{name} added as community staff of {community} ({staff_code}, #{id}); ready to schedule"
                )
            }
        }
        Outcome::LedgerAdjusted {
            name,
            minutes,
            balance,
        } => {
            let sign = if *minutes > 0 { "+" } else { "" };
            if z {
                format!(
                    "{name} 的补休台账 {sign}{}，现欠 {}",
                    hours(*minutes),
                    hours(*balance)
                )
            } else {
                format!(
                    "{name}'s compensatory leave {sign}{}, now owed {}",
                    hours(*minutes),
                    hours(*balance)
                )
            }
        }
        // The other outcomes are rendered by `i18n::outcome` itself.
        _ => String::new(),
    }
}

pub fn refusal(lang: Lang, r: &Refusal, tz: Tz) -> String {
    let z = lang == Lang::Zh;
    match r {
        Refusal::RestDay { name, kind, until } => {
            let k = rest_kind(lang, *kind);
            if z {
                format!(
                    "{name} 正在{k}，至 {}；如确需调派，请填写越权理由（--override），中断的休息将记入补休",
                    fmt_full(*until, tz)
                )
            } else {
                format!(
                    "{name} is on {k} until {}; give an override reason (--override) to call them in, and the rest cut short is owed as compensatory leave",
                    fmt_full(*until, tz)
                )
            }
        }
        Refusal::UnknownShift(id) => {
            if z {
                format!("无此班次：{id}")
            } else {
                format!("unknown shift {id}")
            }
        }
        Refusal::ShiftClosed { id, status } => {
            let st = super::t(lang, &format!("shift.{status}"));
            if z {
                format!("班次 {id} {st}，不能再修改")
            } else {
                format!("shift {id} is {st} and can no longer change")
            }
        }
        Refusal::ShiftTooLong(h) => {
            if z {
                format!("班次长 {h:.1} 小时，最长 24 小时")
            } else {
                format!("a shift of {h:.1} h is too long (at most 24 h)")
            }
        }
        Refusal::RestClash { name, start, end } => {
            if z {
                format!(
                    "与 {name} 的班次重叠（{}–{}）；请先调整或取消该班次",
                    fmt_short(*start, tz),
                    fmt_short(*end, tz)
                )
            } else {
                format!(
                    "overlaps a shift of {name} ({}–{}); move or cancel that shift first",
                    fmt_short(*start, tz),
                    fmt_short(*end, tz)
                )
            }
        }
        Refusal::RestOverlap { name, start, end } => {
            if z {
                format!(
                    "与 {name} 已有的休息重叠（{}–{}）",
                    fmt_short(*start, tz),
                    fmt_short(*end, tz)
                )
            } else {
                format!(
                    "overlaps another rest of {name} ({}–{})",
                    fmt_short(*start, tz),
                    fmt_short(*end, tz)
                )
            }
        }
        Refusal::NotOwed {
            name,
            owed_minutes,
            asked_minutes,
        } => {
            if z {
                format!(
                    "{name} 只欠补休 {}，不足 {}",
                    hours(*owed_minutes),
                    hours(*asked_minutes)
                )
            } else {
                format!(
                    "{name} is owed only {} of compensatory leave, not {}",
                    hours(*owed_minutes),
                    hours(*asked_minutes)
                )
            }
        }
        Refusal::UnknownCommunity(c) => {
            if z {
                format!("无此社区：{c}")
            } else {
                format!("unknown community '{c}'")
            }
        }
        Refusal::BadValue { field, value } => {
            let f = super::t(lang, &format!("value.{field}"));
            if z {
                format!("{f}无效：“{value}”")
            } else {
                format!("invalid {f} '{value}'")
            }
        }
        Refusal::DuplicatePerson { name, staff_code } => {
            if z {
                format!("{name} 已在名册中（{staff_code}），同名同电话")
            } else {
                format!("{name} is already on the roster ({staff_code}, same name and phone)")
            }
        }
        Refusal::BadDays(d) => {
            if z {
                format!("天数无效：{d}（1 到 14 天）")
            } else {
                format!("invalid number of days {d} (from 1 to 14)")
            }
        }
        Refusal::NothingToCopy { skipped } => {
            if z {
                format!("没有可复制的班次（跳过 {skipped} 班：已有班次、休息或违反规则）")
            } else {
                format!(
                    "nothing to copy ({skipped} skipped: already planned, resting or over a rule)"
                )
            }
        }
        // The other refusals are rendered by `i18n::refusal` itself.
        _ => String::new(),
    }
}
