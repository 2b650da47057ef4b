//! A shift before it is planned: would working it as planned break a rest rule? The same
//! rules (`rules::evaluate`, `rules::first_breach`) decide the Overdue panel and check-in.

use super::rules::{Breach, Duty, RestRules, evaluate, first_breach};
use super::{Interval, Ts};
use chrono_tz::Tz;

/// Longest shift that can be planned.
pub const MAX_SHIFT_SECS: i64 = 24 * 3600;

/// The rules a shift `[start, end)` breaks if worked as planned after `history` (every shift
/// of the person ending by `start`, planned ones included): empty when it stays inside every
/// limit up to its last second. Reported as they stand at the end of the shift (by how much),
/// or at the moment of the breach when the end shows none.
pub fn breaches_if_worked(
    history: &[Interval],
    start: Ts,
    end: Ts,
    rules: &RestRules,
    tz: Tz,
) -> Vec<Breach> {
    let duty = Duty {
        history,
        current_start: Some(start),
    };
    match first_breach(&duty, rules, tz) {
        Some((t, _)) if t < end => {
            let mut b = evaluate(&duty, end, rules, tz);
            if b.is_empty() {
                b = evaluate(&duty, t, rules, tz);
            }
            b.sort_by_key(|x| std::cmp::Reverse(x.over_by_minutes));
            b
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RuleKind;
    const SH: Tz = chrono_tz::Asia::Shanghai;
    const H: i64 = 3600;
    const D0: Ts = 1_623_254_400;

    fn kinds(b: &[Breach]) -> Vec<RuleKind> {
        b.iter().map(|b| b.rule).collect()
    }

    #[test]
    fn a_twelve_hour_shift_is_fine_twelve_and_a_minute_is_not() {
        let r = RestRules::default();
        let s = D0 + 8 * H;
        assert!(breaches_if_worked(&[], s, s + 12 * H, &r, SH).is_empty());
        let b = breaches_if_worked(&[], s, s + 12 * H + 60, &r, SH);
        assert_eq!(kinds(&b), vec![RuleKind::ContinuousDuty]);
        assert_eq!(b[0].over_by_minutes, 1);
    }

    #[test]
    fn planned_hours_count_toward_the_window() {
        let r = RestRules::default();
        // Five planned 11 h shifts (55 h), then 5 h is the limit and 5 h 1 min is over.
        let hist: Vec<_> = (1..=5)
            .map(|k| Interval::new(D0 - k * 86_400 + 8 * H, D0 - k * 86_400 + 19 * H))
            .collect();
        let s = D0 + 8 * H;
        assert!(breaches_if_worked(&hist, s, s + 5 * H, &r, SH).is_empty());
        let b = breaches_if_worked(&hist, s, s + 5 * H + 60, &r, SH);
        assert_eq!(kinds(&b), vec![RuleKind::WindowHours]);
        assert_eq!(b[0].over_by_minutes, 1);
    }

    #[test]
    fn too_little_rest_before_the_shift_is_broken_from_its_start() {
        let r = RestRules::default();
        let hist = [Interval::new(D0, D0 + 8 * H)];
        assert!(breaches_if_worked(&hist, D0 + 19 * H, D0 + 27 * H, &r, SH).is_empty());
        let b = breaches_if_worked(&hist, D0 + 19 * H - 60, D0 + 27 * H, &r, SH);
        assert_eq!(kinds(&b), vec![RuleKind::RestBetween]);
        assert_eq!(b[0].over_by_minutes, 1);
    }
}
