//! The audit log in words: what an entry did, by whom and when, in both languages ("副调度 put
//! 邱谷波 in forced rest at 14:02"), people and posts by the names the store resolved — never
//! the action's internal name, `person:71` or raw JSON.

use super::Lang;
use crate::domain::Ts;
use crate::domain::time::{fmt_full, to_local};
use crate::store::queries::AuditRow;
use chrono_tz::Tz;
use serde_json::Value;

/// (action, English verb phrase, Chinese verb phrase); `{who}` is the target by name.
const ACTIONS: &[(&str, &str, &str)] = &[
    ("check_in", "put {who} on duty", "安排 {who} 上岗"),
    ("check_out", "took {who} off duty", "{who} 下岗"),
    ("reassign", "moved {who} to another post", "改派 {who}"),
    (
        "force_rest",
        "put {who} in forced rest",
        "安排 {who} 强制休息",
    ),
    ("end_rest", "ended {who}'s rest", "结束 {who} 的休息"),
    ("undo", "undid an action on {who}", "撤销了对 {who} 的操作"),
    ("stock_receive", "received {who}", "入库 {who}"),
    ("stock_issue", "issued {who}", "发放 {who}"),
    ("stock_transfer", "moved stock of {who}", "调拨 {who}"),
    (
        "stock_adjust",
        "corrected the count of {who}",
        "盘点调整 {who}",
    ),
    (
        "request_open",
        "opened a request for {who}",
        "为 {who} 登记保障需求",
    ),
    (
        "request_arrange",
        "arranged the request for {who}",
        "已安排 {who} 的保障需求",
    ),
    (
        "request_done",
        "closed the request for {who}",
        "完成 {who} 的保障需求",
    ),
    ("shift_plan", "planned a shift for {who}", "为 {who} 排班"),
    ("shift_move", "moved a shift of {who}", "调整 {who} 的班次"),
    (
        "shift_cancel",
        "cancelled a shift of {who}",
        "取消 {who} 的班次",
    ),
    ("shift_copy_day", "copied a day's shifts", "复制一天的排班"),
    ("rest", "gave {who} rest", "安排 {who} 休息"),
    (
        "convert",
        "added {who} as community staff",
        "就地转化 {who}",
    ),
    (
        "ledger_adjust",
        "corrected {who}'s leave owed",
        "调整 {who} 的补休",
    ),
    (
        "alert_ack",
        "acknowledged an alert on {who}",
        "确认 {who} 的警报",
    ),
    (
        "ack_alert",
        "acknowledged an alert on {who}",
        "确认 {who} 的警报",
    ),
    ("import_roster", "imported a roster", "导入花名册"),
    ("import_health", "imported health reports", "导入健康日报"),
    ("import_tests", "imported test results", "导入核酸结果"),
    ("import_org", "imported the organisation", "导入组织架构"),
    ("repair_kept", "recounted kept figures", "重新核对计数"),
    (
        "health_report",
        "recorded a health report of {who}",
        "登记 {who} 的健康日报",
    ),
    (
        "test_result",
        "recorded a test of {who}",
        "登记 {who} 的核酸检测",
    ),
    (
        "case_open",
        "opened a family case for {who}",
        "为 {who} 登记家事心事急难事",
    ),
    (
        "case_assign",
        "assigned {who}'s case",
        "分派 {who} 的急难事",
    ),
    (
        "case_progress",
        "marked {who}'s case in progress",
        "{who} 的急难事办理中",
    ),
    (
        "case_resolve",
        "resolved {who}'s case",
        "办结 {who} 的急难事",
    ),
    (
        "family_situation",
        "recorded {who}'s family",
        "登记 {who} 的家庭情况",
    ),
    (
        "care_visit",
        "recorded a care visit to {who}",
        "登记对 {who} 的慰问",
    ),
    (
        "talk",
        "recorded a talk with {who}",
        "登记与 {who} 的谈心谈话",
    ),
    ("training", "recorded {who}'s training", "登记 {who} 的培训"),
    (
        "insurance",
        "recorded {who}'s insurance",
        "登记 {who} 的保险",
    ),
    ("assign_medic", "assigned medic {who}", "指派医务人员 {who}"),
    (
        "return_to_service",
        "returned {who} to service",
        "{who} 恢复工作",
    ),
    ("person_add", "added {who}", "新增人员 {who}"),
    ("person_edit", "edited {who}", "修改 {who} 的信息"),
    ("person_retire", "retired {who}", "{who} 退出"),
    ("person_reinstate", "reinstated {who}", "{who} 恢复在册"),
    (
        "party_set",
        "set {who}'s party status",
        "设置 {who} 的政治面貌",
    ),
    (
        "party_flag",
        "flagged {who} for party development",
        "标记 {who} 为发展对象",
    ),
    (
        "party_recommend",
        "recommended {who} to the party",
        "推荐 {who} 入党",
    ),
    (
        "party_admit",
        "recorded {who}'s admission to the party",
        "登记 {who} 入党",
    ),
    ("nominate", "nominated {who}", "推荐 {who} 为先进典型"),
    (
        "nomination_approve",
        "approved {who}'s nomination",
        "审核通过 {who} 的推荐",
    ),
    (
        "nomination_publicise",
        "publicised {who}'s nomination",
        "宣传 {who} 的先进事迹",
    ),
    ("org_street_add", "added street {who}", "新增街道 {who}"),
    ("org_street_edit", "edited street {who}", "修改街道 {who}"),
    ("org_street_close", "closed street {who}", "关闭街道 {who}"),
    (
        "org_community_add",
        "added community {who}",
        "新增社区 {who}",
    ),
    (
        "org_community_edit",
        "edited community {who}",
        "修改社区 {who}",
    ),
    (
        "org_community_close",
        "closed community {who}",
        "关闭社区 {who}",
    ),
    ("org_post_add", "added post {who}", "新增点位 {who}"),
    ("org_post_edit", "edited post {who}", "修改点位 {who}"),
    ("org_post_close", "closed post {who}", "关闭点位 {who}"),
    ("org_depot_add", "added depot {who}", "新增仓库 {who}"),
    ("org_depot_edit", "edited depot {who}", "修改仓库 {who}"),
    ("org_depot_close", "closed depot {who}", "关闭仓库 {who}"),
    ("org_item_add", "added item {who}", "新增物资 {who}"),
    ("org_item_edit", "edited item {who}", "修改物资 {who}"),
    ("org_item_close", "closed item {who}", "停用物资 {who}"),
    ("demo_generate", "made demo data", "生成演示数据"),
    ("restore", "restored the database", "恢复数据库"),
    (
        "desk_sign_in",
        "signed {who} in at the desk",
        "{who} 签到接班",
    ),
    (
        "desk_sign_out",
        "signed {who} out of the desk",
        "{who} 签退交班",
    ),
    ("log_note", "wrote in the desk's log", "写值班日志"),
];

/// The action's name in words ("forced rest" / "强制休息"), for the audit table's column.
const NAMES: &[(&str, &str, &str)] = &[
    ("check_in", "check in", "上岗"),
    ("check_out", "check out", "下岗"),
    ("reassign", "reassign", "改派"),
    ("force_rest", "forced rest", "强制休息"),
    ("end_rest", "end rest", "结束休息"),
    ("undo", "undo", "撤销"),
    ("stock_receive", "stock in", "入库"),
    ("stock_issue", "stock out", "发放"),
    ("stock_transfer", "transfer", "调拨"),
    ("stock_adjust", "count fix", "盘点调整"),
    ("request_open", "request", "保障需求"),
    ("request_arrange", "arranged", "需求已安排"),
    ("request_done", "request done", "需求完成"),
    ("shift_plan", "plan shift", "排班"),
    ("shift_move", "move shift", "调班"),
    ("shift_cancel", "cancel shift", "取消班次"),
    ("shift_copy_day", "copy day", "复制排班"),
    ("rest", "rest", "休息"),
    ("convert", "convert", "就地转化"),
    ("ledger_adjust", "leave fix", "补休调整"),
    ("alert_ack", "ack alert", "确认警报"),
    ("ack_alert", "ack alert", "确认警报"),
    ("case_open", "open case", "登记急难事"),
    ("case_assign", "assign case", "分派急难事"),
    ("case_progress", "case in hand", "急难事办理"),
    ("case_resolve", "resolve case", "办结急难事"),
    ("import_roster", "import roster", "导入花名册"),
    ("import_health", "import health", "导入健康日报"),
    ("import_tests", "import tests", "导入核酸结果"),
    ("import_org", "import org", "导入组织架构"),
    ("demo_generate", "demo data", "演示数据"),
    ("restore", "restore", "恢复数据库"),
    ("repair_kept", "recount", "重新核对"),
    ("desk_sign_in", "sign in", "签到接班"),
    ("desk_sign_out", "sign out", "签退交班"),
    ("log_note", "log note", "值班日志"),
];

fn pick(lang: Lang, en: &str, zh: &str) -> String {
    bi!(lang, en, zh).to_string()
}

/// The action's short name in words; an action without one is named by its phrase.
pub fn action(lang: Lang, action: &str) -> String {
    let w = super::words::act(lang, action);
    if w != action {
        return w.to_string();
    }
    if let Some((_, en, zh)) = NAMES.iter().find(|(a, ..)| *a == action) {
        return pick(lang, en, zh);
    }
    match ACTIONS.iter().find(|(a, ..)| *a == action) {
        Some((_, en, zh)) => pick(lang, en, zh)
            .replace(" {who}", "")
            .replace("{who} ", "")
            .replace("{who}", ""),
        None => pick(lang, "other action", "其他操作"),
    }
}

/// The target by name: what the store resolved, else its kind in words.
pub fn who(lang: Lang, row: &AuditRow) -> String {
    let named = match lang {
        Lang::En => row.name_en.as_ref().or(row.name.as_ref()),
        Lang::Zh => row.name.as_ref(),
    };
    if let Some(n) = named {
        return n.clone();
    }
    if let Some(n) = row.details.get("name").and_then(Value::as_str)
        && row.target == "desk"
    {
        return n.to_string();
    }
    let kind = row.target.split(':').next().unwrap_or("");
    match kind {
        "person" => pick(lang, "a person", "某人"),
        "post" => pick(lang, "a post", "某点位"),
        "item" => pick(lang, "an item", "某物资"),
        "desk" => pick(lang, "the desk", "值班台"),
        "database" => pick(lang, "the database", "数据库"),
        "org" => pick(lang, "the organisation", "组织架构"),
        _ => String::new(),
    }
}

/// What the entry did, without who or when: "put 邱谷波 in forced rest".
pub fn phrase(lang: Lang, row: &AuditRow) -> String {
    let who = who(lang, row);
    if who == row.operator {
        match row.action.as_str() {
            "desk_sign_in" => return pick(lang, "signed in at the desk", "签到接班"),
            "desk_sign_out" => return pick(lang, "signed out of the desk", "签退交班"),
            _ => {}
        }
    }
    match ACTIONS.iter().find(|(a, ..)| *a == row.action) {
        Some((_, en, zh)) => pick(lang, en, zh).replace("{who}", &who),
        None => bi!(
            lang,
            format!("changed {who}"),
            format!("修改了 {who} 的记录")
        ),
    }
}

/// `HH:MM` today, else the full date and time.
fn when(at: Ts, tz: Tz) -> String {
    to_local(at, tz).format("%H:%M").to_string()
}

/// The whole entry in one line: "副调度 put 邱谷波 in forced rest at 14:02" /
/// "副调度 14:02 安排 邱谷波 强制休息".
pub fn describe(lang: Lang, tz: Tz, row: &AuditRow) -> String {
    let (op, what, at) = (&row.operator, phrase(lang, row), when(row.at, tz));
    bi!(
        lang,
        format!("{op} {what} at {at}"),
        format!("{op} {at} {what}")
    )
}

/// Who did what, without when: "副调度 put 邱谷波 in forced rest".
pub fn by(lang: Lang, row: &AuditRow) -> String {
    format!("{} {}", row.operator, phrase(lang, row))
}

/// Field names of an entry's details that mean something to a reader, in words.
const FIELDS: &[(&str, &str, &str)] = &[
    ("reason", "reason", "理由"),
    ("override_reason", "override reason", "越规理由"),
    ("hours", "hours", "时长（小时）"),
    ("until", "until", "至"),
    ("start", "from", "开始"),
    ("end", "to", "结束"),
    ("quantity", "quantity", "数量"),
    ("on_hand", "on hand after", "操作后库存"),
    ("note", "note", "备注"),
    ("text", "note", "内容"),
    ("summary", "summary", "概要"),
    ("outcome", "outcome", "结果"),
    ("helper", "helper", "帮扶人"),
    ("from", "from", "来自"),
    ("to", "to", "去往"),
    ("post", "post", "点位"),
    ("depot", "depot", "仓库"),
    ("name", "name", "姓名"),
    (
        "cancelled_planned",
        "planned shifts cancelled",
        "取消的计划班次",
    ),
    ("skipped", "rows left out", "跳过行数"),
    ("days", "days", "天数"),
    ("people", "people", "人数"),
    ("since", "since", "自"),
];

fn value(v: &Value, key: &str, tz: Tz) -> Option<String> {
    let time_key = matches!(key, "until" | "start" | "end" | "since");
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) if time_key => n.as_i64().map(|t| fmt_full(t, tz)),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "✓" } else { "✗" }.to_string()),
        _ => None,
    }
}

/// The entry's details in words, one "label: value" per field a reader needs.
pub fn fields(lang: Lang, tz: Tz, row: &AuditRow) -> Vec<String> {
    FIELDS
        .iter()
        .filter_map(|(k, en, zh)| {
            let v = value(row.details.get(*k)?, k, tz)?;
            Some(format!(
                "{}{}{v}",
                pick(lang, en, zh),
                bi!(lang, ": ", "：")
            ))
        })
        .collect()
}

/// A short line of the details (the audit table's last column).
pub fn summary(lang: Lang, tz: Tz, row: &AuditRow) -> String {
    fields(lang, tz, row).join(bi!(lang, "; ", "；"))
}

fn status(lang: Lang, s: &str) -> String {
    match s {
        "planned" => pick(lang, "planned", "已排班"),
        "active" => pick(lang, "on duty", "在岗"),
        "done" | "completed" => pick(lang, "done", "已完成"),
        "cancelled" => pick(lang, "cancelled", "已取消"),
        _ => pick(lang, "other", "其他"),
    }
}

/// What changed, before → after, in words: each shift or rest the entry changed as it was, and
/// what the entry made of it.
pub fn changes(lang: Lang, tz: Tz, row: &AuditRow) -> Vec<String> {
    let mut out = Vec::new();
    let after = phrase(lang, row);
    let undo = &row.details["undo"];
    for s in undo["shifts"].as_array().into_iter().flatten() {
        let st = status(lang, s["status"].as_str().unwrap_or(""));
        let (a, b) = (s["planned_start"].as_i64(), s["planned_end"].as_i64());
        let span = match (a, b) {
            (Some(a), Some(b)) => format!("{}–{}", fmt_full(a, tz), when(b, tz)),
            _ => String::new(),
        };
        out.push(bi!(
            lang,
            format!("shift {span}: was {st} → {after}"),
            format!("班次 {span}：原为{st} → {after}")
        ));
    }
    for r in undo["rests"].as_array().into_iter().flatten() {
        let (a, b) = (r["start_at"].as_i64(), r["end_at"].as_i64());
        if let (Some(a), Some(b)) = (a, b) {
            let (a, b) = (fmt_full(a, tz), fmt_full(b, tz));
            out.push(bi!(
                lang,
                format!("rest was {a} – {b} → {after}"),
                format!("休息原为 {a} 至 {b} → {after}")
            ));
        }
    }
    if out.is_empty() {
        out.push(bi!(
            lang,
            format!("before: as it was → after: {after}"),
            format!("之前：原状 → 之后：{after}")
        ));
    }
    out
}

/// The detail view of one entry: who, when, what, what changed and the details, in words.
pub fn detail(lang: Lang, tz: Tz, row: &AuditRow) -> Vec<String> {
    let c = bi!(lang, ": ", "：");
    let mut out = vec![
        describe(lang, tz, row),
        format!("{}{c}{}", pick(lang, "when", "时间"), fmt_full(row.at, tz)),
        format!("{}{c}{}", pick(lang, "operator", "操作人"), row.operator),
        format!(
            "{}{c}{}",
            pick(lang, "action", "操作"),
            action(lang, &row.action)
        ),
        format!("{}{c}{}", pick(lang, "about", "对象"), who(lang, row)),
    ];
    if let Some(id) = row.details.get("undoes").and_then(Value::as_i64) {
        out.push(bi!(
            lang,
            format!("reverses entry {id}"),
            format!("撤销记录 {id}")
        ));
    }
    out.push(pick(lang, "What changed:", "变更："));
    out.extend(changes(lang, tz, row).into_iter().map(|l| format!("  {l}")));
    out.extend(fields(lang, tz, row).into_iter().map(|l| format!("  {l}")));
    out
}
