//! Labels of the command palette, alerts, themes and configuration.

use super::Entry;

#[rustfmt::skip]
pub const UX: &[Entry] = &[
    ("key.palette", "command palette", "命令面板"),
    ("job.preview", "checking", "检查"),
    ("job.import", "import", "导入"),
    ("job.export", "export", "导出"),
    ("job.report", "daily report", "日报"),
    ("job.backup", "backup", "备份"),
    ("job.rules_recount", "recounting breaches under the new rest rules", "按新休息规则重算超时"),
    ("job.cancel", "Esc cancels", "Esc 取消"),
    ("server.back", "the database server is reached again; the panels are current", "已重新连接数据库服务器，面板已更新"),
    ("server.lost", "server unreachable: no action is written; the panels show what was last read", "无法连接数据库服务器；面板显示最后读取的数据，操作不会写入"),
    ("job.cancelled", "cancelled", "已取消"),
    ("palette.title", "Command palette — type to find, Enter runs, Esc closes", "命令面板 — 输入查找，回车执行，Esc 关闭"),
    ("palette.go", "go to", "前往"),
    ("palette.none", "no action matches", "没有匹配的操作"),
    ("alert.new", "NEW", "新警报"),
    ("key.alert_ack", "acknowledge", "确认"),
    ("alerts.positive_test", "positive", "核酸阳性"),
    ("alerts.rest", "rest rule", "超时"),
    ("alerts.low", "low stock", "物资不足"),
    ("alerts.positive_detail", "positive nucleic-acid test: off duty until returned to service", "核酸检测阳性：停岗，待恢复上岗"),
    ("col.alert", "Alert", "警报"),
    ("col.detail", "Detail", "详情"),
    ("col.key", "Key (do alert ack)", "编号"),
    ("col.raised", "Since", "起始"),
    // A second key for what cannot be taken back; the gate's answer before Enter.
    ("field.end_reason", "Reason for ending the forced rest early (required)", "提前结束强制休息的理由（必填）"),
    ("confirm.title", "Confirm", "请确认"),
    ("confirm.keys", "y or Enter: go ahead · Esc: cancel, nothing is written", "y 或 回车：确认执行 · Esc：取消，不写入"),
    ("confirm.cancelled", "Cancelled — nothing written.", "已取消，未写入任何内容。"),
    ("confirm.end_rest", "End the forced rest of {what} now? They can be put on duty at once.", "现在结束 {what} 的强制休息？结束后可立即调派上岗。"),
    ("confirm.resolve", "Resolve case {what}? A resolved case cannot be reopened.", "办结帮扶事项 {what}？办结后不能重新打开。"),
    ("confirm.retire", "Retire {what} from the roster? Their planned shifts are cancelled.", "{what} 离队？其已排班次将被取消。"),
    ("confirm.ack_test", "Acknowledge the positive test of {what}? The alert leaves the header.", "确认 {what} 的核酸阳性警报？确认后警报不再置顶。"),
    ("help.asks", "* asks a second key: y or Enter confirms, Esc cancels", "* 需二次确认：y 或 回车 确认，Esc 取消"),
    ("gate.available", "available", "可调派"),
    ("gate.would_break", "would break: ", "将违反："),
    ("gate.forced_rest_until", "forced rest until", "强制休息至"),
    // Undo is per desk; another desk's action is undone from the audit screen.
    ("handover.sheet", "handover", "交接班"),
    ("handover.recent", "Other desks, recent activity", "其他终端最近操作"),
    ("key.handover_sheet", "write the sheet", "生成交接单"),
    ("job.handover", "handover sheet", "交接单"),
    ("rep.handover_written", "handover sheet written:", "交接单已生成："),
    ("key.desk_note", "note in the log", "写值班日志"),
    ("key.desk_sign_in", "sign in at the desk", "签到接班"),
    ("key.desk_sign_out", "sign out", "签退交班"),
    ("prompt.sign_in", "Sign in at the desk — your name", "签到接班 — 您的姓名"),
    ("prompt.note", "Note for the desk's log", "值班日志"),
    ("detail.close", "any key closes", "按任意键关闭"),
    ("key.entry_detail", "what changed", "查看详情"),
    ("key.undo_entry", "undo this entry (any desk's)", "撤销此条（任一终端）"),
    ("confirm.undo_entry", "Undo {who}'s {what} of {name} at {when}?", "撤销 {who} 于 {when} 对 {name} 的{what}？"),
    ("confirm.undo_entry_plain", "Undo {who}'s {what} at {when}?", "撤销 {who} 于 {when} 的{what}？"),
    ("undo.elsewhere", "nothing to undo here; #{id} {who}'s {what} is another desk's: {screen} ({key})", "本终端无可撤销操作；#{id} 是 {who} 在其他终端的{what}，请到{screen}（{key}）撤销"),
    ("act.check_in", "check-in", "上岗签到"),
    ("act.check_out", "check-out", "下岗签退"),
    ("act.reassign", "shift change", "调整班次"),
    ("act.force_rest", "forced rest", "强制休息"),
    ("act.end_rest", "end of rest", "结束休息"),
    ("act.shift_plan", "planned shift", "排班"),
    ("act.shift_move", "shift move", "调整班次"),
    ("act.shift_cancel", "shift cancellation", "取消班次"),
    ("act.shift_copy_day", "copy of a day's plan", "复制当日排班"),
    ("act.rest", "rest", "安排休息"),
];

/// An audit action in words ("check_in" → "check-in" / "上岗签到"); an action without words
/// in the catalogue keeps its name.
pub fn action_words(lang: crate::i18n::Lang, action: &str) -> String {
    crate::i18n::audit::action(lang, action)
}

/// "alert rest:42:… acknowledged (王芳)".
pub fn acked(zh: bool, key: &str, name: &str) -> String {
    if zh {
        format!("已确认警报 {key}（{name}）")
    } else {
        format!("alert {key} acknowledged ({name})")
    }
}

pub fn not_open(zh: bool, key: &str) -> String {
    if zh {
        format!("没有待确认的警报 {key}（编号有误或已确认）")
    } else {
        format!("no open alert '{key}' (unknown, or already acknowledged)")
    }
}

/// A day and time the way each language writes it: "Jun 10 08:00" / "6月10日 08:00".
pub fn fmt_when(lang: crate::i18n::Lang, ts: crate::domain::Ts, tz: chrono_tz::Tz) -> String {
    let t = crate::domain::time::to_local(ts, tz);
    if lang == crate::i18n::Lang::Zh {
        t.format("%-m月%-d日 %H:%M").to_string()
    } else {
        t.format("%b %-d %H:%M").to_string()
    }
}

/// A whole number with thousands grouped: "12,345" (both languages group by thousands on
/// screen; 万 is left to prose).
pub fn fmt_count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A phone as pickers show it: "☎8736", its last four digits ("" when none).
pub fn phone_tail(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return String::new();
    }
    let tail: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    format!("☎{tail}")
}

/// At most this many characters of what a user typed are echoed in a message.
pub const ECHO_MAX: usize = 60;

/// A message about a form's answer, ready to show: the domain's time errors in the user's
/// language, and any typed value longer than `ECHO_MAX` characters cut (so a pasted page
/// never pushes a form's border or the footer).
pub fn form_message(lang: crate::i18n::Lang, msg: &str) -> String {
    let msg = match time_error(lang, msg) {
        Some(m) => m,
        None => msg.to_string(),
    };
    bound_echo(&msg)
}

/// `parse_time`'s and `parse_day`'s English, in the user's language.
fn time_error(lang: crate::i18n::Lang, msg: &str) -> Option<String> {
    let zh = lang == crate::i18n::Lang::Zh;
    // "…: cannot read time 'X' (use …)" may follow a field label.
    let (label, rest) = match msg.find("cannot read time '") {
        Some(i) => (&msg[..i], &msg[i..]),
        None if msg.ends_with("empty time") => {
            let label = &msg[..msg.len() - "empty time".len()];
            return Some(format!(
                "{label}{}",
                if zh { "时间为空" } else { "empty time" }
            ));
        }
        None => return None,
    };
    let v = rest.strip_prefix("cannot read time '")?;
    let v = &v[..v.rfind("' (").unwrap_or(v.len())];
    Some(if zh {
        format!(
            "{label}无法识别时间“{v}”（请写 HH:MM、MM-DD HH:MM、YYYY-MM-DD HH:MM 或 RFC 3339 格式）"
        )
    } else {
        msg.to_string()
    })
}

/// Any run of text in the message longer than `ECHO_MAX` characters, cut with "…".
fn bound_echo(msg: &str) -> String {
    let mut out = String::new();
    let mut run = 0usize;
    let mut cut = false;
    for c in msg.chars() {
        if c.is_whitespace()
            || matches!(
                c,
                '\'' | '"' | '“' | '”' | '（' | '）' | '(' | ')' | ':' | '：'
            )
        {
            run = 0;
            cut = false;
            out.push(c);
            continue;
        }
        run += 1;
        if run == ECHO_MAX {
            out.push('…');
            cut = true;
        } else if !cut {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;

    #[test]
    fn dates_and_numbers_read_naturally_in_each_language() {
        use super::{fmt_count, fmt_when};
        let tz = chrono_tz::Asia::Shanghai;
        assert_eq!(fmt_when(Lang::Zh, 1_623_283_200, tz), "6月10日 08:00");
        assert_eq!(fmt_when(Lang::En, 1_623_283_200, tz), "Jun 10 08:00");
        assert_eq!(fmt_count(5471), "5,471");
        assert_eq!(fmt_count(100_000), "100,000");
        assert_eq!(fmt_count(999), "999");
        assert_eq!(fmt_count(-1234567), "-1,234,567");
    }
}
