//! Labels of the supplies and logistics screens, and the words for their outcomes and refusals.
//! Chinese terms follow the policy text: 防护物资, 口罩, 防护服, 消毒剂; 后勤保障: 就餐 住宿 防暑 值夜 交通.

use super::Entry;
use crate::domain::time::fmt_short;
use crate::store::commands::{Outcome, Refusal};
use chrono_tz::Tz;

#[rustfmt::skip]
pub const SUPPLIES: &[Entry] = &[
    ("key.stock_receive", "receive", "入库"),
    ("key.stock_issue", "issue", "发放"),
    ("key.stock_transfer", "transfer", "调拨"),
    ("key.stock_adjust", "adjust", "盘点调整"),
    ("key.request_open", "new request", "新需求"),
    ("key.request_arrange", "arrange", "安排"),
    ("key.request_done", "done", "完成"),
    ("form.stock_receive", "Receive stock", "物资入库"),
    ("form.stock_issue", "Issue stock", "物资发放"),
    ("form.stock_transfer", "Transfer stock", "物资调拨"),
    ("form.stock_adjust", "Adjust stock (count, damage, expiry)", "库存调整（盘点、损坏、过期）"),
    ("form.request_open", "New logistics request", "新建后勤需求"),
    ("form.request_arrange", "Arrange request", "安排需求"),
    ("form.request_done", "Mark request done", "需求已完成"),
    ("field.item", "Item: code, name or initials (e.g. N95)", "物资：编码、名称或拼音首字母（如 N95）"),
    ("field.depot", "Depot: name or initials (blank = command-post store)", "仓库：名称或拼音首字母（留空为指挥部仓库）"),
    ("field.from_depot", "From depot: name or initials (blank = command-post store)", "调出仓库：名称或拼音首字母（留空为指挥部仓库）"),
    ("field.to_depot", "To depot: name or initials", "调入仓库：名称或拼音首字母"),
    ("field.quantity", "Quantity", "数量"),
    ("field.change", "Change (-5 to write off, =230 to set the count)", "变动（-5 为报损，=230 为盘点后数量）"),
    ("field.supplier", "From (supplier or district; optional)", "来源（供应商或区里调拨，可不填）"),
    ("field.issue_post", "To post (id; blank = the cabinet's own post)", "发往岗位（编号，物资柜可留空）"),
    ("field.person_optional", "To person (optional: id, staff code or name)", "领用人（可不填：编号、工号或姓名）"),
    ("field.requester_person", "Requested by person (optional)", "需求人（可不填）"),
    ("field.requester_post", "Requested by post (id; or give a person)", "需求岗位（编号；或填需求人）"),
    ("field.kind", "Kind: 1 meals 2 lodging 3 heat relief 4 night duty 5 transport", "类别：1 就餐 2 住宿 3 防暑 4 值夜 5 交通"),
    ("field.needed_by", "Needed by (HH:MM or MM-DD HH:MM)", "需要时间（时:分 或 月-日 时:分）"),
    ("field.note", "Note (optional)", "备注（可不填）"),
    ("field.arrangement", "Arrangement (what, who; optional)", "安排情况（可不填）"),
    ("field.request", "Request #", "需求编号"),
    ("form.no_item", "no such item", "无此物资"),
    ("form.no_depot", "no such depot", "无此仓库"),
    ("form.default_depot", "default", "默认"),
    ("form.on_hand", "on hand", "库存"),
    ("form.no_kind", "choose 1–5", "请选择 1–5"),
    ("form.no_request", "no such request", "无此需求"),
    ("needs_item_row", "Select an item first.", "请先选择物资。"),
    ("needs_request_row", "Select a request first.", "请先选择需求。"),
    ("col.runs_out", "Runs out", "用尽"),
    ("col.tomorrow", "Tmrw", "明日需"),
    ("col.reorder", "Reorder", "补货线"),
    ("col.kind", "Kind", "类别"),
    ("col.requester", "Requested by", "需求方"),
    ("col.qty", "Qty", "数量"),
    ("col.needed_by", "Needed by", "需要时间"),
    ("col.note", "Note", "备注"),
    ("sup.cover", "Cover", "可用"),
    ("sup.threshold", "alert <", "预警 <"),
    ("sup.never", "not in use", "未消耗"),
    ("sup.stock_chart", "Stock, last {n} days", "库存 近{n}天"),
    ("sup.use_chart", "Used per day, last {n} days", "每日消耗 近{n}天"),
    ("sup.tomorrow", "Tomorrow: {shifts} shifts planned", "明日计划 {shifts} 个班次"),
    ("sup.need", "need", "预计需"),
    ("col.out", "Out", "用尽"),
    ("sup.short", "SHORT", "不足"),
    ("sup.depots", "By depot", "各仓库"),
    ("sup.per_day", "/d", "/天"),
    ("sup.cabinet", "cabinet", "物资柜"),
    ("sup.store", "store", "仓库"),
    ("sup.reorder", "REORDER", "需补货"),
    ("req.meals", "meals", "就餐"),
    ("req.lodging", "lodging", "住宿"),
    ("req.heat_relief", "heat relief", "防暑"),
    ("req.night_duty", "night duty", "值夜"),
    ("req.transport", "transport", "交通"),
    ("req_status.open", "open", "待安排"),
    ("req_status.arranged", "arranged", "已安排"),
    ("req_status.done", "done", "已完成"),
    ("req.late", "LATE", "逾期"),
];

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

/// The footer line for a supplies or logistics outcome; `None` for other outcomes.
pub fn outcome(z: bool, o: &Outcome, tz: Tz) -> Option<String> {
    let kind = |k: &crate::domain::RequestKind| {
        let lang = if z {
            crate::i18n::Lang::Zh
        } else {
            crate::i18n::Lang::En
        };
        crate::i18n::words::req(lang, k.as_str())
    };
    Some(match o {
        Outcome::StockReceived {
            item,
            quantity,
            depot,
            on_hand,
            total,
        } => {
            let (n, u) = (item.name(z), item.unit(z));
            if z {
                format!("{n} 入库 {quantity} {u} 至 {depot}，现存 {on_hand}（合计 {total}）")
            } else {
                format!(
                    "Received {quantity} {u} of {n} at {depot}; {on_hand} there, {total} in all"
                )
            }
        }
        Outcome::StockIssued {
            item,
            quantity,
            depot,
            post,
            person,
            on_hand,
            total,
        } => {
            let (n, u) = (item.name(z), item.unit(z));
            let to = match person {
                Some(p) => format!("{post} · {p}"),
                None => post.clone(),
            };
            if z {
                format!("{n} 发放 {quantity} {u} 至 {to}，{depot} 余 {on_hand}（合计 {total}）")
            } else {
                format!(
                    "Issued {quantity} {u} of {n} to {to}; {on_hand} left at {depot}, {total} in all"
                )
            }
        }
        Outcome::StockTransferred {
            item,
            quantity,
            from,
            to,
            on_hand_from,
            on_hand_to,
        } => {
            let (n, u) = (item.name(z), item.unit(z));
            if z {
                format!(
                    "{n} {quantity} {u} 由 {from} 调至 {to}（{from} 余 {on_hand_from}，{to} 现 {on_hand_to}）"
                )
            } else {
                format!(
                    "Moved {quantity} {u} of {n} from {from} to {to} ({on_hand_from} left, {on_hand_to} there)"
                )
            }
        }
        Outcome::StockAdjusted {
            item,
            change,
            depot,
            on_hand,
            total,
        } => {
            let (n, u) = (item.name(z), item.unit(z));
            let c = signed(*change);
            if z {
                format!("{n} 在 {depot} 调整 {c} {u}，现存 {on_hand}（合计 {total}）")
            } else {
                format!("Adjusted {n} at {depot} by {c} {u}; {on_hand} there, {total} in all")
            }
        }
        Outcome::RequestOpened {
            id,
            kind: k,
            requester,
            quantity,
            needed_by,
        } => {
            let at = fmt_short(*needed_by, tz);
            if z {
                format!(
                    "已登记需求 #{id}：{requester} {}×{quantity}，{at} 前",
                    kind(k)
                )
            } else {
                format!(
                    "Request #{id} opened: {} ×{quantity} for {requester}, by {at}",
                    kind(k)
                )
            }
        }
        Outcome::RequestArranged {
            id,
            kind: k,
            requester,
        } => {
            if z {
                format!("需求 #{id}（{requester} {}）已安排", kind(k))
            } else {
                format!("Request #{id} ({} for {requester}) arranged", kind(k))
            }
        }
        Outcome::RequestDone {
            id,
            kind: k,
            requester,
        } => {
            if z {
                format!("需求 #{id}（{requester} {}）已完成", kind(k))
            } else {
                format!("Request #{id} ({} for {requester}) done", kind(k))
            }
        }
        _ => return None,
    })
}

/// One line for a supplies or logistics refusal; `None` for other refusals.
pub fn refusal(z: bool, r: &Refusal, tz: Tz) -> Option<String> {
    Some(match r {
        Refusal::UnknownItem(i) => {
            if z {
                format!("无此物资：{i}")
            } else {
                format!("unknown item '{i}'")
            }
        }
        Refusal::UnknownDepot(d) => {
            if z {
                format!("无此仓库：{d}")
            } else {
                format!("unknown depot '{d}'")
            }
        }
        Refusal::BadQuantity(q) => {
            if z {
                format!("数量无效：{q}（须为正整数）")
            } else {
                format!("invalid quantity {q} (must be a positive whole number)")
            }
        }
        Refusal::NotEnoughStock {
            item,
            depot,
            on_hand,
            wanted,
        } => {
            let (n, u) = (item.name(z), item.unit(z));
            if z {
                format!("{depot} 的{n}只有 {on_hand} {u}，不足 {wanted} {u}")
            } else {
                format!("only {on_hand} {u} of {n} on hand at {depot}, not {wanted}")
            }
        }
        Refusal::SameDepot => {
            if z {
                "调出和调入不能是同一仓库".into()
            } else {
                "the two depots of a transfer must differ".into()
            }
        }
        Refusal::PostRequired => {
            if z {
                "请填写发往的“岗位编号”".into()
            } else {
                "say which post the stock goes to (post id)".into()
            }
        }
        Refusal::UnknownRequest(id) => {
            if z {
                format!("无此需求：#{id}")
            } else {
                format!("unknown request #{id}")
            }
        }
        Refusal::RequestIs { id, status } => {
            let lang = if z {
                crate::i18n::Lang::Zh
            } else {
                crate::i18n::Lang::En
            };
            let s = super::words::req_status(lang, status.as_str());
            if z {
                format!("需求 #{id} 状态为{s}，不能再做此操作")
            } else {
                format!("request #{id} is already {s}")
            }
        }
        Refusal::RequesterRequired => {
            if z {
                "请填写需求的“岗位编号”或“人员”".into()
            } else {
                "say which post or person the request is for (post id or person)".into()
            }
        }
        Refusal::NeededByPassed(t) => {
            let at = fmt_short(*t, tz);
            if z {
                format!("需要时间 {at} 已过")
            } else {
                format!("the needed-by time {at} has already passed")
            }
        }
        _ => return None,
    })
}
