//! Messages of the organisation: streets 街道, communities 社区, posts 点位, depots
//! 仓库, supply items 物资; adding, editing, closing and the workbook import.

use crate::domain::org::PatternError;
use crate::i18n::Lang;
use crate::store::commands::{OrgKind, OrgOutcome as O, OrgRefusal as X};

pub fn kind(lang: Lang, k: OrgKind) -> &'static str {
    match k {
        OrgKind::Street => bi!(lang, k.as_str(), "街道"),
        OrgKind::Community => bi!(lang, k.as_str(), "社区"),
        OrgKind::Post => bi!(lang, k.as_str(), "点位"),
        OrgKind::Depot => bi!(lang, k.as_str(), "仓库"),
        OrgKind::Item => bi!(lang, k.as_str(), "物资"),
    }
}

fn field(z: bool, f: &str) -> &str {
    match (z, f) {
        (true, "name" | "name_zh") => "名称",
        (true, "street" | "street_id") => "所属街道",
        (true, "community" | "community_id") => "所属社区",
        (true, "post" | "post_id") => "所属点位",
        (true, "kind") => "类型",
        (true, "headcount" | "required_per_shift") => "每班人数",
        (true, "shift_pattern") => "班次",
        (true, "code") => "物资编码",
        (true, "name_en") => "英文名称",
        (true, "unit" | "unit_zh") => "单位",
        (true, "unit_en") => "英文单位",
        (true, "reorder_level") => "库存下限",
        (false, "required_per_shift") => "headcount",
        (false, "shift_pattern") => "shift pattern",
        (false, "street_id") => "street",
        (false, "community_id") => "community",
        (false, "post_id") => "post",
        (false, "name_zh") => "name",
        (false, "unit_zh") => "unit",
        (false, "reorder_level") => "reorder level",
        (_, f) => f,
    }
}

fn plural(k: OrgKind) -> &'static str {
    match k {
        OrgKind::Street => "streets",
        OrgKind::Community => "communities",
        OrgKind::Post => "posts",
        OrgKind::Depot => "depots",
        OrgKind::Item => "items",
    }
}

pub fn outcome(lang: Lang, o: &O) -> String {
    let z = lang == Lang::Zh;
    match o {
        O::Added { kind: k, id, name } => {
            if z {
                format!("已新增{} {name}（#{id}）", kind(lang, *k))
            } else {
                format!("{} {name} added (#{id})", kind(lang, *k))
            }
        }
        O::Edited {
            kind: k,
            name,
            changed,
        } => {
            let c: Vec<&str> = changed.iter().map(|f| field(z, f)).collect();
            if z {
                format!("已修改{} {name}：{}", kind(lang, *k), c.join("、"))
            } else {
                format!("{} {name} changed: {}", kind(lang, *k), c.join(", "))
            }
        }
        O::Closed {
            kind: k,
            name,
            cancelled,
        } => {
            let what = kind(lang, *k);
            match *cancelled {
                0 => bi!(
                    lang,
                    format!("{what} {name} closed (its history is kept)"),
                    format!("已撤销{what} {name}（历史记录保留）")
                ),
                n => bi!(
                    lang,
                    format!(
                        "{what} {name} closed (its history is kept); {n} planned shifts cancelled"
                    ),
                    format!("已撤销{what} {name}（历史记录保留），取消排班 {n} 个")
                ),
            }
        }
        O::Imported { counts, skipped } => imported(lang, counts, *skipped, false),
    }
}

/// The counts of an import (or, `plan`, of what it would do).
pub fn imported(
    lang: Lang,
    counts: &crate::store::commands::OrgCounts,
    skipped: usize,
    plan: bool,
) -> String {
    let z = lang == Lang::Zh;
    let parts: Vec<String> = OrgKind::ALL
        .iter()
        .filter_map(|k| counts.get(k).map(|c| (k, c)))
        .map(|(k, (a, u, n))| {
            if z {
                format!("{} 新增 {a}、更新 {u}、不变 {n}", kind(lang, *k))
            } else {
                format!(
                    "{}: {a} new, {u} updated, {n} unchanged",
                    OrgKind::as_str(*k)
                )
            }
        })
        .collect();
    let head = if plan {
        bi!(
            lang,
            "would import (nothing written): ",
            "试导入（未写入）："
        )
    } else {
        bi!(lang, "organisation imported: ", "组织架构已导入：")
    };
    let mut s = format!(
        "{head}{}",
        if parts.is_empty() {
            if z {
                "无".into()
            } else {
                "nothing".to_string()
            }
        } else {
            parts.join(if z { "；" } else { "; " })
        }
    );
    if skipped > 0 {
        s += &if z {
            format!("；跳过有误的行 {skipped} 行")
        } else {
            format!("; {skipped} bad rows skipped")
        };
    }
    s
}

pub fn refusal(lang: Lang, r: &X) -> String {
    let z = lang == Lang::Zh;
    let k = |x: &OrgKind| kind(lang, *x);
    match r {
        X::Unknown { kind: x, text } => {
            if z {
                format!("没有这个{}：{text}", k(x))
            } else {
                format!("no such {}: {text}", k(x))
            }
        }
        X::Ambiguous {
            kind: x,
            text,
            candidates,
        } => {
            if z {
                format!(
                    "'{text}' 对应 {} 个{}，不作猜测：{}；请写明上级（如 街道/社区）或 #编号",
                    candidates.len(),
                    k(x),
                    candidates.join("；")
                )
            } else {
                format!(
                    "'{text}' names {} {}, none is guessed: {}; name the parent (street/community) or #id",
                    candidates.len(),
                    plural(*x),
                    candidates.join("; ")
                )
            }
        }
        X::Duplicate { kind: x, name } => {
            if z {
                format!("{}“{name}”已存在", k(x))
            } else {
                format!("{} '{name}' already exists", k(x))
            }
        }
        X::Required { kind: x, field: f } => {
            if z {
                format!("{}缺少{}", k(x), field(true, f))
            } else {
                format!("a {} needs its {}", k(x), f)
            }
        }
        X::BadName(n) => {
            if z {
                format!("名称无效：'{n}'（1–40个字符，不含控制字符）")
            } else {
                format!("not a valid name: '{n}' (1–40 characters, no control characters)")
            }
        }
        X::BadCode(c) => {
            if z {
                format!("物资编码无效：'{c}'（1–20个字符，不含空格）")
            } else {
                format!("not a valid item code: '{c}' (1–20 characters, no spaces)")
            }
        }
        X::BadKind(t) => {
            if z {
                format!("未知点位类型：'{t}'（核酸采样点、卡口、封控区、指挥部、其他）")
            } else {
                format!("unknown post kind '{t}' (sampling, checkpoint, sealed, command, other)")
            }
        }
        X::BadHeadcount { value, why } => {
            if z {
                format!("每班人数无效：'{value}'（至少 1 的整数）")
            } else {
                format!("headcount '{value}': {why}")
            }
        }
        X::BadPattern(e) => match e {
            PatternError::Malformed(p) => bi!(
                lang,
                format!("shift pattern '{p}' is not HH:MM-HH:MM,… (or 2x12)"),
                format!("班次无效：'{p}'（写作 08:00-16:00,16:00-24:00 或 2x12）")
            ),
            PatternError::Empty(p) => bi!(
                lang,
                format!("shift '{p}' leaves no time"),
                format!("班次 '{p}' 没有时长")
            ),
            PatternError::Overlap(a, b) => bi!(
                lang,
                format!("shifts {a} and {b} overlap"),
                format!("班次重叠：{a} 与 {b}")
            ),
        },
        X::BadReorder(v) => {
            if z {
                format!("库存下限无效：'{v}'（不小于 0 的整数）")
            } else {
                format!("reorder level '{v}' must be a whole number of at least 0")
            }
        }
        X::NothingToChange => {
            if z {
                "没有要修改的内容".into()
            } else {
                "nothing to change".into()
            }
        }
        X::Closed { kind: x, name } => {
            if z {
                format!("{}“{name}”已撤销，不再使用", k(x))
            } else {
                format!("{} '{name}' is closed", k(x))
            }
        }
        X::OnDuty { post, people } => {
            if z {
                format!(
                    "点位“{post}”还有 {} 人在岗：{}；请先下岗或调岗",
                    people.len(),
                    people.join("、")
                )
            } else {
                format!(
                    "post '{post}' has {} people on duty: {}; check them out or reassign them first",
                    people.len(),
                    people.join(", ")
                )
            }
        }
        X::StillOpen {
            kind: x,
            name,
            children,
        } => {
            let child = match x {
                OrgKind::Street => OrgKind::Community,
                _ => OrgKind::Post,
            };
            if z {
                format!(
                    "{}“{name}”下还有 {children} 个{}在用；请先撤销它们",
                    k(x),
                    k(&child)
                )
            } else {
                format!(
                    "{} '{name}' still has {children} open {}; close them first",
                    k(x),
                    plural(child)
                )
            }
        }
        X::HoldsStock { name, on_hand } => {
            if z {
                format!("仓库“{name}”还有库存 {on_hand}；请先调出")
            } else {
                format!("depot '{name}' still holds {on_hand} units; transfer them out first")
            }
        }
    }
}
