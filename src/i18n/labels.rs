//! Typed labels: every enum shown on screen gives its label through `Label`, one exhaustive
//! `match` per enum. A new variant without a label does not compile, and a label is an array
//! index, never a lookup by text.

use super::{Key, Lang, t};
use crate::domain::people::PersonState;
use crate::domain::{
    CaseCategory, CaseStatus, Category, DevStatus, NominationStatus, Organisation, PartyStatus,
    RequestKind, RequestStatus, RestKind, RuleKind, ShiftStatus, TestResult, TrainingKind,
};
use crate::store::care_queries::CareView;
use crate::store::health_queries::HealthView;
use crate::store::roster_queries::RosterSort;

/// A value with a label in the catalogue.
pub trait Label: Copy {
    fn key(self) -> Key;
    fn label(self, lang: Lang) -> &'static str {
        t(lang, self.key())
    }
}

macro_rules! labels {
    ($ty:ident, $prefix:literal, { $($v:ident => $s:literal),+ $(,)? }) => {
        impl Label for $ty {
            fn key(self) -> Key {
                match self {
                    $($ty::$v => $crate::key!(concat!($prefix, ".", $s)),)+
                }
            }
        }
    };
}

labels!(Category, "cat", {
    Medical => "medical", Cadre => "cadre", Community => "community", Volunteer => "volunteer",
});
labels!(PartyStatus, "party", {
    Member => "member", Activist => "activist", Applicant => "applicant", None => "none",
});
labels!(DevStatus, "dev", {
    Candidate => "candidate", Recommended => "recommended", Admitted => "admitted",
});
labels!(NominationStatus, "nom", {
    Nominated => "nominated", Approved => "approved", Publicised => "publicised",
});
labels!(RestKind, "rest", {
    Rotation => "rotation", Swapped => "swapped", Compensatory => "compensatory",
    Forced => "forced",
});
labels!(ShiftStatus, "shift", {
    Planned => "planned", Active => "active", Done => "done", Cancelled => "cancelled",
});
labels!(CaseCategory, "case", {
    Childcare => "childcare", Eldercare => "eldercare", Illness => "illness",
    Housing => "housing", Finances => "finances", Psychological => "psychological",
    Other => "other",
});
labels!(CaseStatus, "status", {
    Open => "open", Assigned => "assigned", InProgress => "in_progress", Resolved => "resolved",
});
labels!(Organisation, "org", {
    Party => "party", Union => "union", Youth => "youth", Women => "women",
});
labels!(RuleKind, "rule", {
    ContinuousDuty => "continuous_duty", RestBetween => "rest_between",
    ConsecutiveDays => "consecutive_days", WindowHours => "window_hours",
    WeeklyRest => "weekly_rest",
});
labels!(TestResult, "test", {
    Pending => "pending", Negative => "negative", Positive => "positive",
});
labels!(TrainingKind, "training", {
    SelfProtection => "self_protection", Psychological => "psychological",
});
labels!(RequestKind, "req", {
    Meals => "meals", Lodging => "lodging", HeatRelief => "heat_relief",
    NightDuty => "night_duty", Transport => "transport",
});
labels!(RequestStatus, "req_status", {
    Open => "open", Arranged => "arranged", Done => "done",
});
labels!(PersonState, "state", {
    OnDuty => "on_duty", OutOfService => "out_of_service", ForcedRest => "forced_rest",
    Resting => "resting", Off => "off", Retired => "retired",
});
labels!(CareView, "care.view", {
    All => "all", TalkDue => "talk_due", Untrained => "untrained", Uninsured => "uninsured",
});
labels!(HealthView, "health.view", {
    All => "all", Missing => "missing", Unwell => "unwell",
});
labels!(RosterSort, "sort", {
    Name => "name", Code => "code", Category => "category", Unit => "unit",
    Community => "community", Party => "party", Status => "status",
});
