//! Labels of the resting board (休息人员), the overdue measure, the case detail and the other
//! words of issue 17's "the console speaks plainly" part.

use super::Entry;

#[rustfmt::skip]
pub const BOARD: &[Entry] = &[
    ("screen.resting", "Resting", "休息人员"),
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
    ("resting.none_planned", "not planned", "未排班"),
];
