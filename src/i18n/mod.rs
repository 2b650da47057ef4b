//! Every string on screen, in English and Chinese, from one catalogue. Chinese terms follow the
//! policy text (`shared/seed`): 在岗, 强制休息, 轮休/调休/补休, 家事心事急难事, 党组织/工会/共青团/妇联.

use crate::domain::RuleKind;
use crate::domain::rules::Breach;
use crate::domain::time::{fmt_full, fmt_minutes, fmt_short};
use crate::store::commands::{Outcome, Refusal};
use chrono_tz::Tz;
pub use lang::Lang;

pub use refusals::refusal;

pub mod check;
mod core;
mod health;
pub mod health_import;
pub mod import;
mod lang;
pub mod org;
mod people;
mod refusals;
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
        (Outcome::KeptRepaired { fixed }, _) => check::repaired(lang, fixed),
        (o, _) => shifts::outcome(lang, o, tz),
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
