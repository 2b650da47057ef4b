//! The four rest rules at their limits, first-breach prediction, and rules files refused by
//! field: the basic cases (the per-preset tables are in rules_tests.rs).

use super::*;
const SH: Tz = chrono_tz::Asia::Shanghai;
const H: i64 = 3600;
// 2021-06-10T00:00:00+08:00
const D0: Ts = 1_623_254_400;

fn rules() -> RestRules {
    RestRules::default()
}

fn kinds(b: &[Breach]) -> Vec<RuleKind> {
    b.iter().map(|b| b.rule).collect()
}

#[test]
fn continuous_duty_exactly_twelve_hours_is_not_a_breach_one_minute_more_is() {
    let duty = Duty {
        history: &[],
        current_start: Some(D0 + 8 * H),
    };
    assert!(evaluate(&duty, D0 + 20 * H, &rules(), SH).is_empty());
    let b = evaluate(&duty, D0 + 20 * H + 60, &rules(), SH);
    assert_eq!(kinds(&b), vec![RuleKind::ContinuousDuty]);
    assert_eq!(b[0].over_by_minutes, 1);
}

#[test]
fn rest_between_shifts_eleven_hours_is_enough_ten_fifty_nine_is_not() {
    let hist = [Interval::new(D0, D0 + 8 * H)];
    let ok = Duty {
        history: &hist,
        current_start: Some(D0 + 19 * H),
    };
    assert!(evaluate(&ok, D0 + 20 * H, &rules(), SH).is_empty());
    let short = Duty {
        history: &hist,
        current_start: Some(D0 + 19 * H - 60),
    };
    let b = evaluate(&short, D0 + 20 * H, &rules(), SH);
    assert_eq!(kinds(&b), vec![RuleKind::RestBetween]);
    assert_eq!(b[0].over_by_minutes, 1);
}

#[test]
fn seventh_consecutive_day_breaks_the_six_day_rule() {
    // Six days of 8 h shifts (days -6..-1), then today.
    let hist: Vec<_> = (1..=6)
        .map(|k| Interval::new(D0 - k * 86_400 + 8 * H, D0 - k * 86_400 + 16 * H))
        .collect();
    let today = Duty {
        history: &hist,
        current_start: Some(D0 + 8 * H),
    };
    let b = evaluate(&today, D0 + 9 * H, &rules(), SH);
    assert_eq!(kinds(&b), vec![RuleKind::ConsecutiveDays]);
    assert_eq!(b[0].actual, 7.0);
    // Five days before: today is the sixth, allowed.
    let five = &hist[..5];
    let ok = Duty {
        history: five,
        current_start: Some(D0 + 8 * H),
    };
    assert!(evaluate(&ok, D0 + 9 * H, &rules(), SH).is_empty());
}

#[test]
fn a_night_shift_ending_after_midnight_leaves_the_next_day_free() {
    // Six nights 20:00–08:00 (days -7..-2), nothing starts on day -1, a night starts today.
    let hist: Vec<_> = (2..=7)
        .map(|k| Interval::new(D0 - k * 86_400 + 20 * H, D0 - k * 86_400 + 32 * H))
        .collect();
    let duty = Duty {
        history: &hist,
        current_start: Some(D0 + 20 * H),
    };
    assert!(
        evaluate(&duty, D0 + 21 * H, &rules(), SH)
            .iter()
            .all(|b| b.rule != RuleKind::ConsecutiveDays)
    );
}

#[test]
fn sixty_hours_in_seven_days_is_the_limit_one_minute_more_is_over() {
    // Five 11 h shifts on days -5..-1 (55 h), then 5 h today = 60 h exactly.
    let hist: Vec<_> = (1..=5)
        .map(|k| Interval::new(D0 - k * 86_400 + 8 * H, D0 - k * 86_400 + 19 * H))
        .collect();
    let duty = Duty {
        history: &hist,
        current_start: Some(D0 + 8 * H),
    };
    assert!(evaluate(&duty, D0 + 13 * H, &rules(), SH).is_empty());
    let b = evaluate(&duty, D0 + 13 * H + 60, &rules(), SH);
    assert_eq!(kinds(&b), vec![RuleKind::WindowHours]);
    assert_eq!(b[0].over_by_minutes, 1);
    assert_eq!(b[0].window_days, Some(7));
}

#[test]
fn first_breach_predicts_when_the_current_shift_crosses_a_limit() {
    let hist: Vec<_> = (1..=5)
        .map(|k| Interval::new(D0 - k * 86_400 + 8 * H, D0 - k * 86_400 + 19 * H))
        .collect();
    let duty = Duty {
        history: &hist,
        current_start: Some(D0 + 8 * H),
    };
    assert_eq!(
        first_breach(&duty, &rules(), SH),
        Some((D0 + 13 * H + 1, RuleKind::WindowHours))
    );
    let fresh = Duty {
        history: &[],
        current_start: Some(D0 + 8 * H),
    };
    assert_eq!(
        first_breach(&fresh, &rules(), SH),
        Some((D0 + 20 * H + 1, RuleKind::ContinuousDuty))
    );
    let tired = Duty {
        history: &[Interval::new(D0, D0 + 6 * H)],
        current_start: Some(D0 + 8 * H),
    };
    assert_eq!(
        first_breach(&tired, &rules(), SH),
        Some((D0 + 8 * H, RuleKind::RestBetween))
    );
}

#[test]
fn first_breach_agrees_with_evaluate_just_before_and_at() {
    let hist: Vec<_> = (1..=4)
        .map(|k| Interval::new(D0 - k * 86_400 + 6 * H, D0 - k * 86_400 + 20 * H))
        .collect();
    let duty = Duty {
        history: &hist,
        current_start: Some(D0 + 7 * H),
    };
    let (t, rule) = first_breach(&duty, &rules(), SH).unwrap();
    assert!(evaluate(&duty, t - 1, &rules(), SH).is_empty());
    assert!(kinds(&evaluate(&duty, t, &rules(), SH)).contains(&rule));
}

#[test]
fn a_bad_rules_file_names_the_field() {
    let bad = DEFAULT_RULES_TOML.replace(
        "max_continuous_hours = 12.0",
        "max_continuous_hours = \"twelve\"",
    );
    let e = RestRules::from_toml(&bad).unwrap_err();
    assert!(e.contains("max_continuous_hours"), "{e}");
    assert!(e.contains("line"), "{e}");
    let unknown = format!("{DEFAULT_RULES_TOML}\nmax_nap = 3\n");
    assert!(
        RestRules::from_toml(&unknown)
            .unwrap_err()
            .contains("max_nap")
    );
    let neg = DEFAULT_RULES_TOML.replace("max_consecutive_days = 6", "max_consecutive_days = 0");
    assert!(
        RestRules::from_toml(&neg)
            .unwrap_err()
            .contains("max_consecutive_days")
    );
}

#[test]
fn the_shipped_supply_settings_are_the_defaults_used_when_absent() {
    let shipped = RestRules::from_toml(DEFAULT_RULES_TOML).unwrap();
    assert_eq!(
        shipped.supplies,
        crate::domain::stock::SupplyRules::default()
    );
    // A rules file from before `[supplies]` existed still loads, with the defaults.
    let start = DEFAULT_RULES_TOML.find("# Supplies").unwrap();
    let end = DEFAULT_RULES_TOML.find("# Most duty hours").unwrap();
    let old = format!(
        "{}{}",
        &DEFAULT_RULES_TOML[..start],
        &DEFAULT_RULES_TOML[end..]
    );
    assert!(!old.contains("[supplies"));
    assert_eq!(
        RestRules::from_toml(&old).unwrap().supplies,
        shipped.supplies
    );
    let bad = DEFAULT_RULES_TOML.replace("burn_window_days = 7", "burn_window_days = 0");
    assert!(
        RestRules::from_toml(&bad)
            .unwrap_err()
            .contains("burn_window_days")
    );
}

/// Seven night shifts 22:00→02:00 in a row: the seventh breaks the six-day rule at its start
/// and still does after midnight (it once vanished at 00:00, counted from the day of `now`).
#[test]
fn a_night_run_of_days_does_not_vanish_at_midnight() {
    let hist: Vec<_> = (1..=6)
        .map(|k| Interval::new(D0 - k * 86_400 + 22 * H, D0 - k * 86_400 + 26 * H))
        .collect();
    let night = Duty {
        history: &hist,
        current_start: Some(D0 + 22 * H),
    };
    for at in [
        D0 + 22 * H + 60,
        D0 + 24 * H + 30 * 60,
        D0 + 25 * H + 59 * 60,
    ] {
        let b = evaluate(&night, at, &rules(), SH);
        let days = b.iter().find(|b| b.rule == RuleKind::ConsecutiveDays);
        assert_eq!(
            days.map(|b| (b.actual, b.over_by_minutes)),
            Some((7.0, 1440)),
            "at {at}"
        );
    }
}
