//! Labels of the resting board (休息人员), the overdue measure, the case detail and the other
//! words of issue 17's "the console speaks plainly" part.

use super::Entry;

#[rustfmt::skip]
pub const BOARD: &[Entry] = &[
    ("resting.forced_only", "forced rest only", "仅强制休息"),
    ("resting.everyone", "every rest", "全部休息"),
    ("key.rest_view", "forced rest only / every rest", "仅强休／全部休息"),
    ("key.end_this_rest", "end the rest", "结束休息"),
    ("col.rest_kind", "Rest", "休息类型"),
    ("col.rest_since", "Since", "开始"),
    ("col.rest_until", "Until", "结束"),
    ("col.time_left", "Left", "剩余"),
    ("col.due_back", "Due back", "返岗班次"),
    ("col.reason", "Reason", "原因"),
    ("required.case_note", "a case note needs its text", "帮扶记录必须填写内容"),
    ("required.reopen_reason", "reopening a case needs a reason", "重新打开帮扶必须填写原因"),
    ("key.case_detail", "open the case", "查看帮扶详情"),
    ("key.case_note", "add a note", "添加记录"),
    ("key.case_reopen", "reopen", "重新打开"),
    ("form.case_note", "A note on the case", "添加帮扶记录"),
    ("form.case_reopen", "Reopen a resolved case", "重新打开已办结的帮扶"),
    ("case.summary", "Summary", "情况"),
    ("case.family", "Family", "家庭情况"),
    ("case.outcome", "Outcome", "办理结果"),
    ("case.history", "History", "办理经过"),
    ("case.notes", "Notes", "帮扶记录"),
    ("case.no_notes", "no notes yet (n adds one)", "暂无记录（按 n 添加）"),
    ("step.opened", "opened", "登记"),
    ("step.case_open", "opened", "登记"),
    ("step.case_assign", "assigned to", "分派给"),
    ("step.case_progress", "in progress", "办理中"),
    ("step.case_resolve", "resolved", "办结"),
    ("step.case_reopen", "reopened", "重新打开"),
    ("step.resolved", "resolved", "办结"),
    ("step.reason", "reason", "原因"),
    ("resting.none_planned", "not planned", "未排班"),
];

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::i18n::ux::form_message;

    #[test]
    fn a_time_error_is_in_the_users_language() {
        let now = 1_623_283_200;
        let e = crate::domain::time::parse_time("明天早上", now, chrono_tz::Asia::Shanghai)
            .unwrap_err();
        let zh = form_message(Lang::Zh, &format!("开始: {e}"));
        assert_eq!(
            zh,
            "开始: 无法识别时间“明天早上”（请写 HH:MM、MM-DD HH:MM、YYYY-MM-DD HH:MM 或 RFC 3339 格式）"
        );
        assert!(form_message(Lang::En, &e).starts_with("cannot read time '明天早上'"));
    }

    #[test]
    fn a_long_value_is_cut_in_the_message() {
        let m = form_message(Lang::En, &format!("Hours: {}", "x".repeat(300)));
        assert!(m.chars().count() < 80 && m.ends_with('…'), "{m}");
    }
}
