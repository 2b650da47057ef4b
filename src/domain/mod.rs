//! Plain types and rules. No I/O, no terminal, no system clock: time is passed in.

pub mod care;
pub mod health;
pub mod hours;
pub mod night;
pub mod org;
pub mod people;
pub mod rules;
pub mod rules_file;
pub mod shift_check;
pub mod stock;
pub mod text;
pub mod time;

use serde::Serialize;

/// Unix seconds. Stored as INTEGER so range queries use an index.
pub type Ts = i64;

macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $s),+ } }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$variant),)+ _ => None }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }
        /// Compared with its stored word (`status == "done"`).
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool { self.as_str() == *other }
        }
        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool { *self == other.as_str() }
        }
    };
}

str_enum!(
    /// Who a frontline worker is.
    Category { Medical = "medical", Cadre = "cadre", Community = "community", Volunteer = "volunteer" }
);
str_enum!(
    /// 政治面貌: 党员 / 入党积极分子 / 入党申请人 / none.
    PartyStatus { Member = "member", Activist = "activist", Applicant = "applicant", None = "none" }
);
str_enum!(
    /// 发展党员: flagged for fast-track admission (candidate) → recommended → admitted.
    DevStatus { Candidate = "candidate", Recommended = "recommended", Admitted = "admitted" }
);
str_enum!(
    /// 选树先进典型: nominated → approved → publicised.
    NominationStatus { Nominated = "nominated", Approved = "approved", Publicised = "publicised" }
);
str_enum!(
    /// 轮休 / 调休 / 补休 / 强制休息.
    RestKind { Rotation = "rotation", Swapped = "swapped", Compensatory = "compensatory", Forced = "forced" }
);
str_enum!(
    /// Kinds of post: 核酸采样点, 卡口, 封控区, 指挥部, 其他.
    PostKind { Sampling = "sampling", Checkpoint = "checkpoint", Sealed = "sealed", Command = "command", Other = "other" }
);
str_enum!(
    ShiftStatus { Planned = "planned", Active = "active", Done = "done", Cancelled = "cancelled" }
);
str_enum!(
    /// 家事心事急难事 categories.
    CaseCategory {
        Childcare = "childcare", Eldercare = "eldercare", Illness = "illness", Housing = "housing",
        Finances = "finances", Psychological = "psychological", Other = "other",
    }
);
str_enum!(
    CaseStatus { Open = "open", Assigned = "assigned", InProgress = "in_progress", Resolved = "resolved" }
);
str_enum!(
    /// 党组织 / 工会 / 共青团 / 妇联.
    Organisation { Party = "party", Union = "union", Youth = "youth", Women = "women" }
);
str_enum!(
    /// Which rest rule a breach is of.
    RuleKind {
        ContinuousDuty = "continuous_duty", RestBetween = "rest_between",
        ConsecutiveDays = "consecutive_days", WindowHours = "window_hours",
        WeeklyRest = "weekly_rest",
    }
);

str_enum!(
    /// 核酸检测 result.
    TestResult { Pending = "pending", Negative = "negative", Positive = "positive" }
);
str_enum!(
    /// Training kinds: 自我防护 self-protection, 心理调适 psychological adjustment.
    TrainingKind { SelfProtection = "self_protection", Psychological = "psychological" }
);
str_enum!(
    /// Alerts that stay in the header until acknowledged.
    AlertKind { PositiveTest = "positive_test" }
);

/// A span of duty, `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: Ts,
    pub end: Ts,
}

impl Interval {
    pub fn new(start: Ts, end: Ts) -> Self {
        Interval { start, end }
    }
    /// Seconds of this interval that fall inside `(from, to]`.
    pub fn overlap(&self, from: Ts, to: Ts) -> i64 {
        (self.end.min(to) - self.start.max(from)).max(0)
    }
}
str_enum!(
    /// 后勤保障 requests: 就餐 meals, 住宿 lodging, 防暑 heat relief, 值夜 night duty, 交通 transport.
    RequestKind {
        Meals = "meals", Lodging = "lodging", HeatRelief = "heat_relief",
        NightDuty = "night_duty", Transport = "transport",
    }
);
str_enum!(
    /// A logistics request moves open → arranged → done.
    RequestStatus { Open = "open", Arranged = "arranged", Done = "done" }
);
