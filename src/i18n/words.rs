//! Labels of stored values: each family maps a value as stored (a status, a kind, a
//! category) to its catalogue key by a `match`, checked at compile time like every key. A value
//! the family does not know is shown as stored.

use super::{Lang, t};

macro_rules! family {
    ($(#[$m:meta])* $name:ident, $prefix:literal, [$($v:literal),* $(,)?]) => {
        $(#[$m])*
        pub fn $name(lang: Lang, v: &str) -> &str {
            match v {
                $($v => t(lang, $crate::key!(concat!($prefix, ".", $v))),)*
                _ => v,
            }
        }
    };
}

family!(
    /// Person's state on the roster.
    state,
    "state",
    ["forced_rest", "off", "on_duty", "out_of_service", "resting", "retired"]
);

family!(
    /// Party status.
    party,
    "party",
    ["activist", "applicant", "done", "member", "none"]
);

family!(
    /// Person category.
    category,
    "cat",
    ["cadre", "community", "medical", "volunteer"]
);

family!(
    /// Party development stage.
    dev,
    "dev",
    ["admitted", "candidate", "recommended"]
);

family!(
    /// Nomination status.
    nom,
    "nom",
    ["approved", "done", "nominated", "publicised"]
);

family!(
    /// Daily health report state.
    report,
    "report",
    ["due", "late", "missing", "reported"]
);

family!(
    /// Nucleic test result.
    test_result,
    "test",
    ["negative", "never", "overdue", "pending", "positive"]
);

family!(
    /// Rest rule.
    rule,
    "rule",
    ["consecutive_days", "continuous_duty", "rest_between", "weekly_rest", "window_hours"]
);

family!(
    /// Case urgency 1–3.
    urgency,
    "urgency",
    ["1", "2", "3"]
);

family!(
    /// Helping organisation.
    org,
    "org",
    ["party", "union", "women", "youth"]
);

family!(
    /// Family-support case category.
    case,
    "case",
    ["childcare", "eldercare", "finances", "housing", "illness", "other", "psychological"]
);

family!(
    /// Family-support case status.
    case_status,
    "status",
    ["assigned", "in_progress", "open", "resolved"]
);

family!(
    /// Supply request kind.
    req,
    "req",
    ["heat_relief", "late", "lodging", "meals", "night_duty", "transport"]
);

family!(
    /// Supply request status.
    req_status,
    "req_status",
    ["arranged", "done", "open"]
);

family!(
    /// Alert kind.
    alert_kind,
    "alerts",
    ["low", "positive_detail", "positive_test", "rest"]
);

family!(
    /// Availability shown in a person picker.
    person,
    "person",
    ["available", "forced_rest", "on_duty", "out_of_service", "resting"]
);

family!(
    /// Weekday, 0 = Monday.
    weekday,
    "weekday",
    ["0", "1", "2", "3", "4", "5", "6"]
);

family!(
    /// Shift status.
    shift,
    "shift",
    ["active", "cancelled", "done", "planned"]
);

family!(
    /// Rest kind.
    rest,
    "rest",
    ["compensatory", "forced", "rotation", "swapped"]
);

family!(
    /// Training kind.
    training,
    "training",
    ["psychological", "self_protection"]
);

family!(
    /// Call-up candidate status.
    cand,
    "cand",
    ["available", "breaks", "busy", "forced_rest", "on_duty", "override_hint", "resting"]
);

family!(
    /// Report column heading.
    rep_head,
    "rep.h",
    ["assigned", "category", "community", "cover", "date", "end", "for", "hours", "id", "item", "kind", "measure", "name", "needed_by", "new", "on_duty_now", "on_hand", "on_post_h", "open", "other_h", "over_h", "per_day", "post", "quantity", "reason", "required", "resolved", "rule", "short", "since", "slot", "staff_code", "start", "state", "status", "temp", "tested_at", "total", "total_people", "value"]
);

family!(
    /// Report measure.
    rep_measure,
    "rep.m",
    ["dues", "dues_total", "family_visits", "missing", "out_of_service", "people", "positives", "reported", "tests_overdue", "unwell", "visits"]
);

family!(
    /// What was already recorded.
    dup,
    "dup",
    ["care_visits", "health_reports", "nucleic_tests", "other", "people", "talks"]
);

family!(
    /// Roster import column.
    imp_col,
    "imp.col",
    ["category", "community", "name", "party_status", "phone", "rows", "source_unit", "staff_code"]
);

family!(
    /// Shift form value.
    value,
    "value",
    ["change", "date", "dues", "family", "kind", "name", "operator", "party", "phone", "text"]
);

family!(
    /// A required field of a care form.
    required,
    "required",
    ["by", "case_note", "helper", "outcome", "reopen_reason", "summary", "visitors"]
);

family!(
    /// Audited action.
    act,
    "act",
    ["check_in", "check_out", "end_rest", "force_rest", "reassign", "rest", "shift_cancel", "shift_copy_day", "shift_move", "shift_plan"]
);
