//! The handover sheet (交接班) in words: the same lines on the Handover screen, in
//! `frontline handover` and in the Markdown and XLSX sheet.

use super::Lang;
use super::audit;
use crate::domain::time::{fmt_full, to_local};
use crate::store::handover_queries::{Handover, StockLow, TimedName};
use chrono_tz::Tz;
use serde::Serialize;

/// One line of the sheet: a section's heading, or an item under it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub heading: bool,
    pub text: String,
}

fn hm(at: i64, tz: Tz) -> String {
    to_local(at, tz).format("%m-%d %H:%M").to_string()
}

fn rule(lang: Lang, code: &str) -> String {
    match crate::domain::RuleKind::parse(code) {
        Some(k) => crate::i18n::Label::label(k, lang).to_string(),
        None if code == "positive" => bi!(lang, "positive test", "核酸阳性").to_string(),
        None => bi!(lang, "rest rule", "休息规则").to_string(),
    }
}

/// The sheet's title: whose shift, from when to when.
pub fn title(lang: Lang, tz: Tz, h: &Handover) -> String {
    let (a, b) = (fmt_full(h.since, tz), fmt_full(h.now, tz));
    match &h.signed_in {
        Some(n) => bi!(
            lang,
            format!("Handover — {n}'s shift, {a} to {b}"),
            format!("交接班 — {n} 的班次，{a} 至 {b}")
        ),
        None => bi!(
            lang,
            format!("Handover — {a} to {b}"),
            format!("交接班 — {a} 至 {b}")
        ),
    }
}

/// The line after a list that names only the first: how many more there are.
fn more(lang: Lang, n: usize) -> String {
    bi!(
        lang,
        format!("    and {n} more (the schedule lists them all)"),
        format!("    另有 {n} 人（排班表中可查看全部）")
    )
}

/// Every section of the sheet, in order; an empty section says so.
pub fn lines(lang: Lang, tz: Tz, h: &Handover) -> Vec<Line> {
    let mut out = Vec::new();
    // `total`: how many the section counts when its list holds only the first of them.
    let mut section = |head: String, items: Vec<String>, total: Option<usize>| {
        let shown = items.len();
        let total = total.unwrap_or(shown).max(shown);
        out.push(Line {
            heading: true,
            text: format!("{head} ({total})"),
        });
        if items.is_empty() {
            out.push(Line {
                heading: false,
                text: bi!(lang, "  none", "  无").to_string(),
            });
        }
        out.extend(items.into_iter().map(|t| Line {
            heading: false,
            text: format!("  {t}"),
        }));
        if total > shown {
            out.push(Line {
                heading: false,
                text: more(lang, total - shown),
            });
        }
    };
    let named = |v: &[TimedName], f: &dyn Fn(&TimedName) -> String| -> Vec<String> {
        v.iter().map(f).collect()
    };
    section(
        bi!(lang, "The desk's log", "值班日志").into(),
        h.notes
            .iter()
            .map(|n| {
                format!(
                    "{} {}{}{}",
                    hm(n.at, tz),
                    n.operator,
                    bi!(lang, ": ", "："),
                    n.details["text"].as_str().unwrap_or("")
                )
            })
            .collect(),
        None,
    );
    section(
        bi!(lang, "Actions, every desk", "各终端操作").into(),
        h.actions
            .iter()
            .filter(|r| r.action != "log_note")
            .map(|r| format!("{} {}", hm(r.at, tz), audit::by(lang, r)))
            .collect(),
        None,
    );
    section(
        bi!(lang, "New alerts", "新警报").into(),
        named(&h.new_alerts, &|t| {
            format!("{} {} {}", hm(t.at, tz), t.name, rule(lang, &t.what))
        }),
        Some(h.totals.new_alerts),
    );
    // "08:05 姓名：what" — a time, a person and what goes with it.
    let timed_line = |t: &TimedName| {
        format!(
            "{} {}{}{}",
            hm(t.at, tz),
            t.name,
            bi!(lang, ": ", "："),
            t.what
        )
    };
    section(
        bi!(lang, "Forced rests begun", "开始强制休息").into(),
        named(&h.rests_begun, &timed_line),
        Some(h.totals.rests_begun),
    );
    section(
        bi!(lang, "Forced rests ending", "强制休息到期").into(),
        h.rests_ending
            .iter()
            .map(|r| {
                let (n, at) = (&r.name, hm(r.at, tz));
                match (&r.ended_by, r.at <= h.now) {
                    (Some(by), _) => {
                        let why = r.ended_why.as_deref().unwrap_or("");
                        bi!(
                            lang,
                            format!("{n}: ended early at {at} by {by} ({why})"),
                            format!("{n}：{by} 于 {at} 提前结束（{why}）")
                        )
                    }
                    (None, true) => bi!(
                        lang,
                        format!("{n}: over at {at}"),
                        format!("{n}：{at} 期满")
                    ),
                    (None, false) => bi!(lang, format!("{n} until {at}"), format!("{n} 至 {at}")),
                }
            })
            .collect(),
        None,
    );
    section(
        bi!(lang, "Cases opened", "新登记急难事").into(),
        named(&h.cases_opened, &timed_line),
        None,
    );
    section(
        bi!(lang, "Cases resolved", "已办结急难事").into(),
        named(&h.cases_resolved, &timed_line),
        None,
    );
    // "08:40 N95口罩：600 → 240 只，可用 1.2 天" — when it went under, the level then and now.
    let level = |l: &StockLow| {
        let (name, unit) = bi!(lang, (&l.name_en, &l.unit_en), (&l.name_zh, &l.unit_zh));
        let cover = match l.cover {
            Some(d) => bi!(
                lang,
                format!(", {d:.1} days of cover"),
                format!("，可用 {d:.1} 天")
            ),
            None => String::new(),
        };
        let back = if l.low_now {
            ""
        } else {
            bi!(lang, " (restocked since)", "（已补足）")
        };
        (
            name.to_string(),
            format!("{} {unit}{cover}{back}", l.on_hand),
        )
    };
    section(
        bi!(lang, "Stock that went low", "本班转为告急的物资").into(),
        h.stock_went_low
            .iter()
            .map(|l| {
                let (name, now) = level(l);
                format!(
                    "{} {name}{}{} → {now}",
                    hm(l.at, tz),
                    bi!(lang, ": ", "："),
                    l.on_hand_since
                )
            })
            .collect(),
        None,
    );
    section(
        bi!(
            lang,
            "Still low (low before the shift)",
            "仍告急（接班前已告急）"
        )
        .into(),
        h.stock_still_low
            .iter()
            .map(|l| {
                let (name, now) = level(l);
                format!("{name}{}{now}", bi!(lang, ": ", "："))
            })
            .collect(),
        None,
    );
    let change = match h.next_change {
        Some(t) => bi!(
            lang,
            format!("Next shift change at {}", hm(t, tz)),
            format!("下次换班 {}", hm(t, tz))
        ),
        None => bi!(lang, "Next shift change: none planned", "下次换班：无计划").to_string(),
    };
    out.push(Line {
        heading: true,
        text: change,
    });
    // Who comes off and who comes on, one line per post.
    // (The lists come ordered by post: one pass groups them.)
    let mut people = |v: &[TimedName], total: usize, en: &str, zh: &str| {
        out.push(Line {
            heading: false,
            text: format!("  {} ({})", bi!(lang, en, zh), total.max(v.len())),
        });
        for group in v.chunk_by(|a, b| a.what == b.what) {
            let names: Vec<&str> = group.iter().map(|t| t.name.as_str()).collect();
            out.push(Line {
                heading: false,
                text: format!(
                    "    {}{}{}",
                    group[0].what,
                    bi!(lang, ": ", "："),
                    names.join(bi!(lang, ", ", "、"))
                ),
            });
        }
        if total > v.len() {
            out.push(Line {
                heading: false,
                text: format!("  {}", more(lang, total - v.len())),
            });
        }
    };
    people(&h.coming_off, h.totals.coming_off, "coming off", "下岗");
    people(&h.coming_on, h.totals.coming_on, "coming on", "上岗");
    let short: Vec<String> = h
        .short_posts
        .iter()
        .map(|p| {
            bi!(
                lang,
                format!("{} {}/{}", p.post, p.planned, p.required),
                format!("{} {}/{}", p.post, p.planned, p.required)
            )
        })
        .collect();
    out.push(Line {
        heading: false,
        text: bi!(
            lang,
            format!(
                "  short posts ({}): {}",
                short.len(),
                if short.is_empty() {
                    "none".into()
                } else {
                    short.join(", ")
                }
            ),
            format!(
                "  缺员点位（{}）：{}",
                short.len(),
                if short.is_empty() {
                    "无".into()
                } else {
                    short.join("、")
                }
            )
        ),
    });
    out
}

/// The sheet in Markdown: the title, each section a heading and a list.
pub fn markdown(lang: Lang, tz: Tz, h: &Handover) -> String {
    let mut s = format!("# {}\n", title(lang, tz, h));
    for l in lines(lang, tz, h) {
        if l.heading {
            s.push_str(&format!("\n## {}\n\n", l.text));
        } else {
            s.push_str(&format!("- {}\n", l.text.trim()));
        }
    }
    s
}
