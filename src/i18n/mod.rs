//! Every string on screen, in English and Chinese, from one catalogue. Chinese terms follow the
//! policy text (`shared/seed`): 在岗, 强制休息, 轮休/调休/补休, 家事心事急难事, 党组织/工会/共青团/妇联.

use crate::domain::RuleKind;
use crate::domain::rules::Breach;
use crate::domain::time::{fmt_full, fmt_minutes, fmt_short};
use crate::store::commands::{Outcome, Refusal};
use chrono_tz::Tz;
pub use lang::Lang;

/// `bi!(lang, en, zh)`: one message in both languages, side by side; only the one asked for
/// is built. The way a message of the catalogue's functions is written once per variant.
macro_rules! bi {
    ($lang:expr, $en:expr, $zh:expr $(,)?) => {
        match $lang {
            $crate::i18n::Lang::En => $en,
            $crate::i18n::Lang::Zh => $zh,
        }
    };
}

pub use labels::Label;
pub use refusals::refusal;

pub mod audit;
pub mod board;
pub mod check;
mod core;
pub mod desk;
pub mod handover;
mod health;
pub mod health_import;
pub mod import;
pub mod labels;
mod lang;
pub mod notes;
pub mod org;
mod people;
pub mod pick;
mod refusals;
mod report;
mod setup;
pub mod shifts;
mod supplies;
pub mod ux;
pub mod words;

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
    setup::SETUP,
    pick::PICK,
    board::BOARD,
];

const fn count(cs: &[&[Entry]]) -> usize {
    let (mut n, mut c) = (0, 0);
    while c < cs.len() {
        n += cs[c].len();
        c += 1;
    }
    n
}

/// How many labels the catalogue holds.
pub const LEN: usize = count(CATALOGUES);

const fn concat() -> [Entry; LEN] {
    let mut out: [Entry; LEN] = [("", "", ""); LEN];
    let (mut n, mut c) = (0, 0);
    while c < CATALOGUES.len() {
        let mut i = 0;
        while i < CATALOGUES[c].len() {
            out[n] = CATALOGUES[c][i];
            n += 1;
            i += 1;
        }
        c += 1;
    }
    out
}

/// The areas' tables in one array, built at compile time; a `Key` is an index into it. A
/// `static`, so the binary holds one copy (`key!` reads it while compiling too).
static TABLE: [Entry; LEN] = concat();

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A label of the catalogue. Made by `key!("…")` (or `t!(lang, "…")`), which finds the key
/// while compiling: a key missing from the catalogue stops the build, and a lookup at run time
/// is an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(u16);

impl Key {
    /// The key's place in the catalogue; panics (at compile time, under `key!`) when missing.
    pub const fn of(key: &str) -> Key {
        let mut i = 0;
        while i < LEN {
            if same(TABLE[i].0, key) {
                return Key(i as u16);
            }
            i += 1;
        }
        panic!("{}", key)
    }

    /// The key as written in the catalogue ("key.quit").
    pub fn name(self) -> &'static str {
        TABLE[self.0 as usize].0
    }
}

/// `key!("panel.on_duty")`: a `Key` checked at compile time.
///
/// ```
/// let k = frontline::key!("panel.on_duty");
/// assert_eq!(frontline::i18n::t(frontline::i18n::Lang::En, k), "On duty");
/// ```
///
/// A key the catalogue does not have stops the build:
///
/// ```compile_fail
/// let k = frontline::key!("panel.no_such_label");
/// ```
#[macro_export]
macro_rules! key {
    ($k:expr) => {{
        const K: $crate::i18n::Key = $crate::i18n::Key::of($k);
        K
    }};
}

/// `t!(lang, "panel.on_duty")`: the label in that language; the key is checked at compile time.
#[macro_export]
macro_rules! t {
    ($lang:expr, $k:literal $(,)?) => {
        $crate::i18n::t($lang, $crate::key!($k))
    };
}

pub use crate::{key, t};

/// A label in one language.
pub fn t(lang: Lang, k: Key) -> &'static str {
    let (_, en, zh) = TABLE[k.0 as usize];
    pick(lang, en, zh)
}

/// The one place a language chooses between two texts.
pub fn pick<T>(lang: Lang, en: T, zh: T) -> T {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// A family of labels of stored values (see `words`).
pub type Family = for<'a> fn(Lang, &'a str) -> &'a str;

/// Something worded in each language, English first (a search matches either).
pub fn in_both<T>(f: impl Fn(Lang) -> T) -> [T; 2] {
    [f(Lang::En), f(Lang::Zh)]
}

/// A stored value's label in both languages, English first, for input that may be typed in
/// either.
pub fn both(f: Family, v: &str) -> [&str; 2] {
    [f(Lang::En, v), f(Lang::Zh, v)]
}

pub fn keys() -> impl Iterator<Item = &'static str> {
    TABLE.iter().map(|(k, _, _)| *k)
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

/// The one measure of how far over a person is, on every screen (home, watch, alerts, the
/// person's record): time on duty since the running shift first broke a rule, "+13h08".
pub fn in_breach(now: crate::domain::Ts, breach_at: crate::domain::Ts) -> String {
    format!("+{}", fmt_minutes((now - breach_at).max(0) / 60))
}

/// A broken rule in a few characters, for a narrow list that shows every rule on one line.
pub fn breach_short(lang: Lang, b: &Breach) -> String {
    let z = zh(lang);
    match b.rule {
        RuleKind::ConsecutiveDays => bi!(
            lang,
            format!("{}d row", b.actual),
            format!("连{}天", b.actual)
        ),
        RuleKind::WindowHours => {
            let d = b.window_days.unwrap_or(7);
            bi!(
                lang,
                format!("{d}d {:.0}h", b.actual),
                format!("{d}天{:.0}h", b.actual)
            )
        }
        RuleKind::RestBetween => bi!(
            lang,
            format!("gap {:.0}h", b.actual),
            format!("间休{:.0}h", b.actual)
        ),
        RuleKind::ContinuousDuty => {
            if z {
                format!("连值{:.0}h", b.actual)
            } else {
                format!("duty {:.0}h", b.actual)
            }
        }
        RuleKind::WeeklyRest => bi!(
            lang,
            format!("wk rest {:.0}h", b.actual),
            format!("周休{:.0}h", b.actual)
        ),
    }
}

/// A broken rule's name in two or three characters, for the narrowest list.
pub fn breach_tag(lang: Lang, b: &Breach) -> &'static str {
    match b.rule {
        RuleKind::ConsecutiveDays => bi!(lang, "days", "连天"),
        RuleKind::WindowHours => bi!(lang, "hours", "工时"),
        RuleKind::RestBetween => bi!(lang, "gap", "间休"),
        RuleKind::ContinuousDuty => bi!(lang, "duty", "连值"),
        RuleKind::WeeklyRest => bi!(lang, "week", "周休"),
    }
}

/// Every broken rule, worst first, for a forced rest's reason and a detail line.
pub fn breaches_all(lang: Lang, bs: &[Breach]) -> String {
    let sep = bi!(lang, "; ", "；");
    bs.iter()
        .map(|b| breach(lang, b))
        .collect::<Vec<_>>()
        .join(sep)
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
    match o {
        Outcome::CheckedIn {
            name,
            post,
            breach_at,
            overridden,
            rest_day,
        } => {
            let mut s = bi!(
                lang,
                format!("{name} checked in at {post}"),
                format!("{name} 已在 {post} 上岗")
            );
            if *overridden {
                s += bi!(
                    lang,
                    " (rule overridden, reason logged)",
                    "（已越过规则，理由已记录）"
                );
            }
            if let Some((at, rule)) = breach_at {
                let r = rule.label(lang);
                let at = fmt_short(*at, tz);
                s += &bi!(
                    lang,
                    format!("; reaches the {r} limit at {at}"),
                    format!("；{at} 将触及{r}上限")
                );
            }
            if let Some((kind, minutes)) = rest_day {
                s += &shifts::rest_day_cut(lang, *kind, *minutes);
            }
            s
        }
        Outcome::CheckedOut {
            name,
            post,
            minutes,
        } => {
            let m = fmt_minutes(*minutes);
            bi!(
                lang,
                format!("{name} checked out of {post} after {m}"),
                format!("{name} 已从 {post} 下岗，本班 {m}")
            )
        }
        Outcome::Reassigned {
            name,
            post,
            start,
            end,
            ..
        } => {
            let (a, b) = (fmt_short(*start, tz), fmt_short(*end, tz));
            bi!(
                lang,
                format!("{name}'s shift moved to {post}, {a}–{b}"),
                format!("{name} 的班次已调至 {post}，{a}–{b}")
            )
        }
        Outcome::ForcedRest {
            name,
            until,
            ended_shift,
        } => {
            let u = fmt_full(*until, tz);
            let ended = if *ended_shift {
                bi!(lang, "; shift ended", "，本班已结束")
            } else {
                ""
            };
            bi!(
                lang,
                format!("{name} in forced rest until {u}{ended}"),
                format!("{name} 强制休息至 {u}{ended}")
            )
        }
        Outcome::RestEnded { name } => bi!(
            lang,
            format!("{name}'s rest ended; available again"),
            format!("{name} 休息已结束，可以调派")
        ),
        Outcome::Undone {
            action,
            target,
            audit_id,
        } => bi!(
            lang,
            format!(
                "undid entry {audit_id}: {} of {target}",
                audit::action(lang, action)
            ),
            format!(
                "已撤销记录 {audit_id}：{target} 的{}",
                audit::action(lang, action)
            )
        ),
        Outcome::StockReceived { .. }
        | Outcome::StockIssued { .. }
        | Outcome::StockTransferred { .. }
        | Outcome::StockAdjusted { .. }
        | Outcome::RequestOpened { .. }
        | Outcome::RequestArranged { .. }
        | Outcome::RequestDone { .. } => supplies::outcome(zh(lang), o, tz).unwrap_or_default(),
        Outcome::Care(c) => health::outcome(lang, c, tz),
        Outcome::AlertAcked { key, name } => ux::acked(zh(lang), key, name),
        Outcome::RosterImported { .. } => import::outcome(lang, o),
        Outcome::People(c) => people::outcome(lang, c),
        Outcome::Org(c) => org::outcome(lang, c),
        Outcome::Desk(d) => desk::outcome(lang, d),
        Outcome::HealthImported { what, counts } => health_import::outcome(lang, what, counts),
        Outcome::KeptRepaired { fixed } => check::repaired(lang, fixed),
        o => shifts::outcome(lang, o, tz),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys are checked while compiling; what is left to prove is that the catalogue has no
    /// key twice (a second entry would never be shown) and no empty text in either language.
    #[test]
    fn every_key_has_both_languages_and_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for (k, en, zh) in TABLE.iter() {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(
                !en.trim().is_empty() && !zh.trim().is_empty(),
                "empty text for {k}"
            );
        }
        assert_eq!(seen.len(), LEN);
        assert_eq!(t(Lang::Zh, key!("panel.on_duty")), "在岗人员");
        assert_eq!(t!(Lang::En, "panel.on_duty"), "On duty");
        assert_eq!(key!("panel.on_duty").name(), "panel.on_duty");
    }

    /// A value stored as text (a row's status) and the same value as an enum show one label.
    #[test]
    fn every_stored_value_has_the_label_of_its_enum() {
        use crate::domain::people::PersonState;
        use crate::domain::*;
        fn agree<T: Label + std::fmt::Debug>(all: &[T], code: fn(T) -> &'static str, f: Family) {
            for v in all {
                for l in [Lang::En, Lang::Zh] {
                    assert_eq!(f(l, code(*v)), v.label(l), "{v:?} in {l:?}");
                }
            }
        }
        agree(RuleKind::ALL, RuleKind::as_str, words::rule);
        agree(CaseCategory::ALL, CaseCategory::as_str, words::case);
        agree(CaseStatus::ALL, CaseStatus::as_str, words::case_status);
        agree(Organisation::ALL, Organisation::as_str, words::org);
        agree(Category::ALL, Category::as_str, words::category);
        agree(RequestKind::ALL, RequestKind::as_str, words::req);
        agree(RequestStatus::ALL, RequestStatus::as_str, words::req_status);
        agree(TestResult::ALL, TestResult::as_str, words::test_result);
        agree(TrainingKind::ALL, TrainingKind::as_str, words::training);
        agree(PartyStatus::ALL, PartyStatus::as_str, words::party);
        agree(DevStatus::ALL, DevStatus::as_str, words::dev);
        agree(NominationStatus::ALL, NominationStatus::as_str, words::nom);
        agree(RestKind::ALL, RestKind::as_str, words::rest);
        agree(ShiftStatus::ALL, ShiftStatus::as_str, words::shift);
        agree(&PersonState::ALL, PersonState::as_str, words::state);
        assert_eq!(words::case(Lang::Zh, "eldercare"), "老人照料");
        assert_eq!(words::case(Lang::Zh, "no_such_value"), "no_such_value");
    }

    /// Only the catalogue chooses between the languages: outside `src/i18n` (and `config.rs`,
    /// where `Lang` is defined and parsed) no code names `Lang::Zh` or compares a language;
    /// a text that differs by language is a catalogue entry or an `i18n` function. Starting
    /// the console in Chinese (`Console::new(…, Lang::Zh, …)`) is a choice, not a branch.
    #[test]
    fn no_language_branch_outside_the_catalogue() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        walk(&src, &mut files);
        let mut found = Vec::new();
        for f in &files {
            let rel = f.strip_prefix(&src).unwrap();
            if rel.starts_with("i18n") || rel == std::path::Path::new("config.rs") {
                continue;
            }
            let text = std::fs::read_to_string(f).unwrap();
            for (n, line) in text.lines().enumerate() {
                let branch = line.contains("Lang::Zh") && !line.contains("Console::new(")
                    || ["== Lang::", "!= Lang::", "Lang::En =>", "(Lang::En,"]
                        .iter()
                        .any(|p| line.contains(p));
                if branch {
                    found.push(format!("src/{}:{}: {}", rel.display(), n + 1, line.trim()));
                }
            }
        }
        assert!(files.len() > 100, "the scan saw only {} files", files.len());
        assert!(
            found.is_empty(),
            "language chosen outside src/i18n:\n{}",
            found.join("\n")
        );
    }
}
