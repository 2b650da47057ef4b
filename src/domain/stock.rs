//! Burn rate and days of cover. Pure arithmetic on daily figures passed in.
//! Also the supply settings (the `[supplies]` table of the rules file): the burn-rate window and
//! the per-post-type consumption ratios that turn tomorrow's planned shifts into a demand forecast.

use super::{PostKind, Ts};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Units used per day, weighted to recent days: `daily[0]` is the oldest complete day of the
/// window, the last is yesterday; day k (1-based) weighs k. No history means no burn.
pub fn burn_rate(daily: &[f64]) -> f64 {
    let (mut sum, mut weights) = (0.0, 0.0);
    for (k, v) in daily.iter().enumerate() {
        let w = (k + 1) as f64;
        sum += w * v.max(0.0);
        weights += w;
    }
    if weights == 0.0 { 0.0 } else { sum / weights }
}

/// Days the stock lasts at `burn` units a day; `None` when nothing is being used.
pub fn days_of_cover(on_hand: i64, burn: f64) -> Option<f64> {
    if burn <= 0.0 {
        None
    } else {
        Some(on_hand.max(0) as f64 / burn)
    }
}

/// Low when cover is under the threshold, or when the item is gone.
pub fn is_low(on_hand: i64, cover: Option<f64>, threshold_days: f64) -> bool {
    on_hand <= 0 || cover.is_some_and(|d| d < threshold_days)
}

/// The longest burn-rate window a rules file may ask for, in days.
pub const MAX_WINDOW_DAYS: u32 = 90;

/// Units used per person per shift: post kind → item code → units.
pub type Ratios = BTreeMap<String, BTreeMap<String, f64>>;

/// Supply settings. Every field has a default, so a rules file without `[supplies]` works.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SupplyRules {
    /// Complete local days the burn rate looks back over (recent days weigh more).
    #[serde(default = "default_window")]
    pub burn_window_days: u32,
    /// Units per person per shift, by post kind (`sampling`, `checkpoint`, `sealed`,
    /// `command`) and item code. Items missing from a kind are not used there.
    #[serde(default = "default_ratios")]
    pub per_shift: Ratios,
}

fn default_window() -> u32 {
    7
}

/// The shipped ratios: two surgical masks per person per shift everywhere; an N95 where people
/// take samples or guard a sealed zone, an isolation gown (and face shield) at sampling sites,
/// a protective suit per person per shift at sealed-zone posts.
pub fn default_ratios() -> Ratios {
    let kinds: [(&str, &[(&str, f64)]); 5] = [
        (
            "sampling",
            &[
                ("MASK", 2.0),
                ("N95", 1.0),
                ("GOWN", 1.0),
                ("GLOVE", 2.0),
                ("GOGGLE", 0.05),
                ("SHIELD", 0.5),
                ("DISINF", 0.1),
            ],
        ),
        (
            "checkpoint",
            &[
                ("MASK", 2.0),
                ("GLOVE", 0.5),
                ("DISINF", 0.1),
                ("THERMO", 0.015),
            ],
        ),
        (
            "sealed",
            &[
                ("MASK", 2.0),
                ("N95", 1.0),
                ("SUIT", 1.0),
                ("GLOVE", 2.0),
                ("GOGGLE", 0.1),
                ("SHIELD", 0.1),
                ("DISINF", 0.1),
            ],
        ),
        ("command", &[("MASK", 2.0), ("DISINF", 0.1)]),
        ("other", &[("MASK", 2.0), ("DISINF", 0.1)]),
    ];
    kinds
        .iter()
        .map(|(k, items)| {
            let m = items.iter().map(|(c, v)| (c.to_string(), *v)).collect();
            (k.to_string(), m)
        })
        .collect()
}

impl Default for SupplyRules {
    fn default() -> Self {
        SupplyRules {
            burn_window_days: default_window(),
            per_shift: default_ratios(),
        }
    }
}

impl SupplyRules {
    pub fn validate(&self) -> Result<(), String> {
        if self.burn_window_days == 0 || self.burn_window_days > MAX_WINDOW_DAYS {
            return Err(format!(
                "field supplies.burn_window_days: must be between 1 and {MAX_WINDOW_DAYS}"
            ));
        }
        for (kind, items) in &self.per_shift {
            if PostKind::parse(kind).is_none() {
                return Err(format!(
                    "field supplies.per_shift.{kind}: unknown post kind (sampling, checkpoint, sealed, command or other)"
                ));
            }
            for (code, v) in items {
                if !(v.is_finite() && *v >= 0.0) {
                    return Err(format!(
                        "field supplies.per_shift.{kind}.{code}: must be a number ≥ 0"
                    ));
                }
            }
        }
        Ok(())
    }

    /// Units of item `code` that `shifts` (post kind, number of person-shifts) will use.
    pub fn demand(&self, code: &str, shifts: &[(PostKind, i64)]) -> f64 {
        shifts
            .iter()
            .map(|(kind, n)| {
                let per = self
                    .per_shift
                    .get(kind.as_str())
                    .and_then(|m| m.get(code).or_else(|| m.get(&code.to_ascii_uppercase())))
                    .copied()
                    .unwrap_or(0.0);
                per * (*n).max(0) as f64
            })
            .sum()
    }
}

/// The days of a burn-rate window: the last `window` complete local days before `today`,
/// but not before the item's first day of history (days before an item was stocked are not
/// days of zero use). Returns `[from, today)`.
pub fn window_days(today: i64, window: u32, first_day: Option<i64>) -> (i64, i64) {
    let from = today - window.max(1) as i64;
    match first_day {
        Some(f) => (from.max(f).min(today), today),
        None => (today, today),
    }
}

/// When the stock runs out at this cover: `now` plus the days of cover (`None`: never).
pub fn runs_out(now: Ts, cover: Option<f64>) -> Option<Ts> {
    // Ten years is "never" for a dispatcher, and keeps the arithmetic in range.
    cover.map(|d| now + (d.min(3650.0) * 86_400.0).round() as i64)
}

/// Display names of an item, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemLabel {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit_zh: String,
    pub unit_en: String,
}

impl ItemLabel {
    pub fn name(&self, zh: bool) -> &str {
        if zh { &self.name_zh } else { &self.name_en }
    }
    pub fn unit(&self, zh: bool) -> &str {
        if zh { &self.unit_zh } else { &self.unit_en }
    }
}

impl super::RequestKind {
    /// A kind as typed: its code, its Chinese name (就餐 住宿 防暑 值夜 交通) or its number 1–5.
    pub fn from_input(s: &str) -> Option<Self> {
        use super::RequestKind as K;
        let s = s.trim();
        let by_zh = [
            ("就餐", K::Meals),
            ("住宿", K::Lodging),
            ("防暑", K::HeatRelief),
            ("值夜", K::NightDuty),
            ("交通", K::Transport),
        ];
        if let Some((_, k)) = by_zh.iter().find(|(z, _)| *z == s) {
            return Some(*k);
        }
        if let Ok(n) = s.parse::<usize>() {
            return n.checked_sub(1).and_then(|i| K::ALL.get(i)).copied();
        }
        K::parse(&s.to_ascii_lowercase().replace([' ', '-'], "_"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_movements_means_no_burn_and_unbounded_cover() {
        assert_eq!(burn_rate(&[]), 0.0);
        assert_eq!(burn_rate(&[0.0; 7]), 0.0);
        assert_eq!(days_of_cover(500, 0.0), None);
        assert!(!is_low(500, None, 3.0));
    }

    #[test]
    fn steady_use_gives_plain_days_of_cover() {
        let b = burn_rate(&[100.0; 7]);
        assert!((b - 100.0).abs() < 1e-9);
        assert_eq!(days_of_cover(250, b), Some(2.5));
        assert!(is_low(250, Some(2.5), 3.0));
        assert!(!is_low(300, Some(3.0), 3.0));
    }

    #[test]
    fn a_recent_spike_weighs_more_than_an_old_one() {
        let old = burn_rate(&[700.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        let new = burn_rate(&[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 700.0]);
        assert!((old - 25.0).abs() < 1e-9, "{old}");
        assert!((new - 175.0).abs() < 1e-9, "{new}");
    }

    #[test]
    fn one_day_of_history_is_that_day() {
        assert_eq!(burn_rate(&[40.0]), 40.0);
        assert!(is_low(0, None, 3.0));
    }

    #[test]
    fn the_window_starts_at_the_first_day_of_history() {
        // Stocked three days ago: the window is those three days, not seven.
        assert_eq!(window_days(100, 7, Some(97)), (97, 100));
        // Long history: the last seven complete days.
        assert_eq!(window_days(100, 7, Some(10)), (93, 100));
        assert_eq!(window_days(100, 14, Some(10)), (86, 100));
        // Only today's movements, or none: no complete day, no burn.
        assert_eq!(window_days(100, 7, Some(100)), (100, 100));
        assert_eq!(window_days(100, 7, None), (100, 100));
    }

    #[test]
    fn a_wider_window_smooths_a_spike() {
        let mut fourteen = vec![10.0; 13];
        fourteen.push(100.0);
        let seven = &fourteen[7..];
        let b7 = burn_rate(seven);
        let b14 = burn_rate(&fourteen);
        // 10·(1+…+6) + 100·7 = 910 over 28; 10·(1+…+13) + 100·14 = 2310 over 105.
        assert!((b7 - 32.5).abs() < 1e-9, "{b7}");
        assert!((b14 - 22.0).abs() < 1e-9, "{b14}");
    }

    #[test]
    fn runs_out_is_now_plus_the_cover() {
        let now = 1_623_283_200;
        assert_eq!(runs_out(now, None), None);
        assert_eq!(runs_out(now, Some(0.0)), Some(now));
        assert_eq!(runs_out(now, Some(1.5)), Some(now + 36 * 3600));
        assert_eq!(runs_out(now, Some(1e300)), Some(now + 3650 * 86_400));
    }

    #[test]
    fn low_exactly_at_the_threshold_is_not_low() {
        assert!(!is_low(300, days_of_cover(300, 100.0), 3.0));
        assert!(is_low(299, days_of_cover(299, 100.0), 3.0));
    }

    #[test]
    fn demand_follows_the_post_kind_ratios() {
        let r = SupplyRules::default();
        let shifts = [
            (PostKind::Sealed, 10),
            (PostKind::Checkpoint, 4),
            (PostKind::Command, 2),
        ];
        // A suit per person per shift at sealed posts only; masks everywhere.
        assert_eq!(r.demand("SUIT", &shifts), 10.0);
        assert_eq!(r.demand("MASK", &shifts), 2.0 * 16.0);
        assert_eq!(r.demand("suit", &shifts), 10.0);
        assert_eq!(r.demand("NOPE", &shifts), 0.0);
        assert_eq!(r.demand("SUIT", &[]), 0.0);
    }

    #[test]
    fn bad_supply_settings_are_refused_by_name() {
        let r = SupplyRules {
            burn_window_days: 0,
            ..SupplyRules::default()
        };
        assert!(r.validate().unwrap_err().contains("burn_window_days"));
        let mut r = SupplyRules::default();
        r.per_shift.insert("harbour".into(), BTreeMap::new());
        assert!(r.validate().unwrap_err().contains("harbour"));
        let mut r = SupplyRules::default();
        r.per_shift
            .get_mut("sealed")
            .unwrap()
            .insert("SUIT".into(), -1.0);
        assert!(r.validate().unwrap_err().contains("sealed.SUIT"));
        assert!(SupplyRules::default().validate().is_ok());
    }

    #[test]
    fn request_kinds_are_read_in_either_language_or_by_number() {
        use crate::domain::RequestKind as K;
        assert_eq!(K::from_input("meals"), Some(K::Meals));
        assert_eq!(K::from_input("住宿"), Some(K::Lodging));
        assert_eq!(K::from_input("heat relief"), Some(K::HeatRelief));
        assert_eq!(K::from_input("4"), Some(K::NightDuty));
        assert_eq!(K::from_input("0"), None);
        assert_eq!(K::from_input("6"), None);
        assert_eq!(K::from_input("taxi"), None);
    }
}
