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
    ("value.operator", "operator name (1–64 characters, no control or invisible characters)", "操作员名称（1–64个字符，不含控制或不可见字符）"),
    ("value.text", "text (at most 1000 characters)", "文字（最多1000字）"),
    ("value.date", "date (between 2000 and 2100)", "日期（须在2000年至2100年之间）"),
    ("value.family", "family count (0–50)", "家庭人数（0–50）"),
    ("value.dues", "dues in fen (0–10000000)", "党费金额（0–10000000 分）"),
    ("value.change", "stock change (a whole number from -10000000 to 10000000, not 0; or =N from 0 to 10000000)", "库存调整（-10000000 到 10000000 的非零整数，或 =N，N 为 0 到 10000000）"),
    ("key.open_slot", "open the slot's shifts", "查看班次人员"),
    ("key.callup", "call-up: who can go", "呼叫可调派人员"),
    ("key.plan", "plan a shift", "排班"),
    ("key.replace", "replace the person", "换人"),
    ("key.move", "move the shift", "调整班次"),
    ("key.cancel_shift", "cancel the shift", "取消班次"),
    ("key.copy_day", "copy the day forward", "复制当日排班"),
    ("key.prev_day", "previous day", "前一天"),
    ("key.next_day", "next day", "后一天"),
    ("key.today", "today", "今天"),
    ("key.gaps_only", "gaps only / all", "只看缺岗/全部"),
    ("key.everyone", "everyone / who can go", "全部/可调派"),
    ("key.assign", "assign", "派出"),
    ("key.rest", "record rest (轮休/调休/补休)", "安排休息（轮休/调休/补休）"),
    ("key.convert", "add a resident on the spot", "就地转化"),
    ("key.adjust", "correct the ledger", "调整补休台账"),
    ("form.plan_shift", "Plan a shift", "排班"),
    ("form.move_shift", "Move the shift", "调整班次"),
    ("form.cancel_shift", "Cancel the shift", "取消班次"),
    ("form.copy_day", "Copy a day's shifts forward", "复制当日排班到其后几天"),
    ("form.rest", "Record rest", "安排休息"),
    ("form.convert", "Add a resident as community staff (就地转化)", "就地转化为社区工作人员"),
    ("form.ledger_adjust", "Correct compensatory leave", "调整补休台账"),
    ("field.shift_start", "Start (HH:MM or MM-DD HH:MM)", "开始（时:分 或 月-日 时:分）"),
    ("field.shift_end", "End (HH:MM or MM-DD HH:MM)", "结束（时:分 或 月-日 时:分）"),
    ("field.any_post", "Post: name or initials (blank = every post)", "岗位：名称或拼音首字母（留空为全部岗位）"),
    ("field.date", "Day (YYYY-MM-DD)", "日期（年-月-日）"),
    ("field.days", "Copy to how many following days (1–14)", "复制到其后几天（1–14）"),
    ("field.rest_kind", "Kind: rotation, swapped or compensatory", "类型：轮休、调休或补休"),
    ("field.name", "Name", "姓名"),
    ("field.community", "Community: name or initials", "所在社区：名称或拼音首字母"),
    ("field.party", "Party status: member, activist, applicant or none", "政治面貌：党员、积极分子、申请人或群众"),
    ("field.unit", "Work unit (双报到)", "工作单位（双报到）"),
    ("field.phone", "Phone", "电话"),
    ("field.dual", "Registered with the community (双报到)? y/n", "已到社区双报到？是/否"),
    ("sched.no_slot", "Nothing planned here: a for call-up, n to plan.", "此处未排班：按 a 呼叫人员，按 n 排班。"),
    ("sched.only_planned", "Only a planned shift can change; this one has started or ended.", "只能调整待上岗的班次，此班次已开始或已结束。"),
    ("cand.available", "can go", "可调派"),
    ("cand.breaks", "would break a rule", "将违反规则"),
    ("cand.resting", "resting", "休息中"),
    ("cand.forced_rest", "forced rest", "强制休息"),
    ("cand.busy", "other shift", "另有班次"),
    ("cand.on_duty", "on duty", "在岗"),
    ("cand.override_hint", " — an override reason puts them on anyway", "——如确需调派，请填写“越过规则的理由”"),
    ("col.shift", "Shift", "班次"),
    ("col.need", "Need", "需"),
    ("col.have", "Have", "到"),
    ("col.on", "On", "在岗"),
    ("col.coverage", "Coverage", "到岗"),
    ("col.code", "Code", "工号"),
    ("col.now", "Now", "当前"),
    ("col.community", "Community", "社区"),
    ("col.rest_status", "Rest status", "休息状态"),
    ("col.rested", "Rested", "已休"),
    ("col.hours_7d", "7 d", "7天"),
    ("col.owed", "Owed", "欠补休"),
    ("col.owed_days", "Days", "折天"),
    ("col.last", "Last entry", "最近记账"),
    ("col.rule_kind", "Rule", "规则"),
    ("col.when", "When", "时间"),
    ("cov.full", "✓ full", "✓ 满员"),
    ("cov.none", "— none planned", "— 未排班"),
    ("cov.summary", "{short} short ({people} people), {over} over", "缺岗 {short} 班（{people} 人），超员 {over} 班"),
    ("cov.gaps_only", "gaps only", "只看缺岗"),
    ("weekday.0", "Mon", "周一"),
    ("weekday.1", "Tue", "周二"),
    ("weekday.2", "Wed", "周三"),
    ("weekday.3", "Thu", "周四"),
    ("weekday.4", "Fri", "周五"),
    ("weekday.5", "Sat", "周六"),
    ("weekday.6", "Sun", "周日"),
    ("callup.replacing", "replacing", "替换"),
    ("callup.everyone", "everyone", "全部人员"),
    ("callup.can_go", "who can go", "可调派人员"),
    ("watch.in", "in", "还有"),
    ("watch.horizon", "broken, or breaking within {h} h", "已超时或 {h} 小时内将超时"),
];

use crate::domain::RestKind;
use crate::domain::time::{fmt_full, fmt_short};
use crate::i18n::Lang;
use crate::store::commands::{Outcome, Refusal};
use chrono_tz::Tz;

/// "rotation rest (轮休)" — a rest kind in the user's language.
pub fn rest_kind(lang: Lang, k: RestKind) -> &'static str {
    crate::i18n::words::rest(lang, k.as_str())
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
                    "{name} 正在{k}，至 {}；如确需调派，请填写“越过规则的理由”，中断的休息将记入补休",
                    fmt_full(*until, tz)
                )
            } else {
                format!(
                    "{name} is on {k} until {}; give an override reason to call them in, and the rest cut short is owed as compensatory leave",
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
            let st = crate::i18n::words::shift(lang, status);
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
            let f = crate::i18n::words::value(lang, field);
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

/// The word for a rest kind a form field starts with: "rotation" / "轮休".
pub fn rest_kind_word(lang: Lang, k: RestKind) -> String {
    if lang == Lang::Zh {
        match k {
            RestKind::Rotation => "轮休",
            RestKind::Swapped => "调休",
            RestKind::Compensatory => "补休",
            RestKind::Forced => "强制休息",
        }
        .into()
    } else {
        k.as_str().into()
    }
}

/// Why a candidate cannot take the slot, in one line (the picker's form says it).
pub fn candidate_why(lang: Lang, c: &crate::store::shift_queries::Candidate, tz: Tz) -> String {
    let mut s = format!(
        "{}: {}",
        c.name,
        crate::i18n::words::cand(lang, c.status.as_str())
    );
    if let Some(u) = c.until {
        s += &if lang == Lang::Zh {
            format!("（至 {}）", fmt_short(u, tz))
        } else {
            format!(" (until {})", fmt_short(u, tz))
        };
    }
    if !c.breaches.is_empty() {
        let b: Vec<String> = c.breaches.iter().map(|b| super::breach(lang, b)).collect();
        s += &format!(" — {}", b.join("; "));
    }
    s += super::t!(lang, "cand.override_hint");
    s
}
