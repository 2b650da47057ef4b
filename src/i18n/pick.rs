//! Pickers: what a field fits, one line per row with what tells rows of one name apart, and
//! what is missing when nothing (or several) is picked.

use super::Entry;
use crate::i18n::Lang;
use crate::store::pick::{Choice, Detail};

pub const PICK: &[Entry] = &[
    (
        "pick.missing",
        "type a few letters of the name, its pinyin initials or a code, then pick from the list",
        "请输入名称、拼音首字母或编码，再从列表中选择",
    ),
    ("pick.none", "nothing matches", "没有相符的"),
    (
        "pick.many",
        "fit: pick one with ↑↓ and Enter",
        "项相符：请用 ↑↓ 选择后回车",
    ),
    ("pick.closed", "closed", "已关闭"),
    ("pick.store", "command-post store", "指挥部仓库"),
    (
        "pick.more",
        "more: type more to narrow",
        "项未列出：多输入几个字缩小范围",
    ),
];

/// A post kind's label.
pub fn post_kind(lang: Lang, k: &str) -> &'static str {
    match k {
        "sampling" => bi!(lang, "sampling site", "核酸采样点"),
        "checkpoint" => bi!(lang, "checkpoint", "卡口"),
        "sealed" => bi!(lang, "sealed-zone perimeter", "封控区"),
        "command" => bi!(lang, "command post", "指挥部"),
        "other" => bi!(lang, "other", "其他"),
        _ => bi!(lang, "post", "点位"),
    }
}

/// `多宝西卡口 · checkpoint · 多宝社区`: a choice with what tells it apart.
pub fn choice_line(lang: Lang, c: &Choice) -> String {
    let closed = |b: bool| {
        if b {
            format!(" · {}", super::t!(lang, "pick.closed"))
        } else {
            String::new()
        }
    };
    match &c.detail {
        Detail::Person(p) => p.line(super::words::state(lang, &p.state)),
        Detail::Post {
            post_kind: k,
            community,
            closed: x,
        } => format!(
            "#{} {} · {} · {community}{}",
            c.id,
            c.name,
            post_kind(lang, k),
            closed(*x)
        ),
        Detail::Community { street, closed: x } => {
            format!("#{} {} · {street}{}", c.id, c.name, closed(*x))
        }
        Detail::Depot { post, closed: x } => format!(
            "#{} {} · {}{}",
            c.id,
            c.name,
            post.as_deref().unwrap_or(super::t!(lang, "pick.store")),
            closed(*x)
        ),
        Detail::Item {
            code,
            name_en,
            unit_zh,
            unit_en,
            closed: x,
        } => {
            let (name, unit) = match lang {
                Lang::En => (name_en.as_str(), unit_en.as_str()),
                Lang::Zh => (c.name.as_str(), unit_zh.as_str()),
            };
            format!("{code} {name} · {unit}{}", closed(*x))
        }
        Detail::Street { closed: x } => format!("#{} {}{}", c.id, c.name, closed(*x)),
    }
}
