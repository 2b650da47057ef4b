//! Rule tables: each rule of each preset exactly at its limit and one minute over, the weekly
//! rest and night weighting, and rules files that are refused with line and field.

use super::*;
use crate::domain::rules_file::{PRESETS, preset};

const SH: Tz = chrono_tz::Asia::Shanghai;
const H: i64 = 3600;
const M: i64 = 60;
/// 2021-06-10T00:00:00+08:00
const D0: Ts = 1_623_254_400;

fn rules_of(name: &str) -> RestRules {
    RestRules::from_toml(preset(name).unwrap()).unwrap()
}

fn kinds(b: &[Breach]) -> Vec<RuleKind> {
    b.iter().map(|b| b.rule).collect()
}

/// (what, duty history, current start, `now` exactly at the limit, expected rule one minute on).
struct Case {
    what: &'static str,
    hist: Vec<Interval>,
    start: Ts,
    at_limit: Ts,
    rule: RuleKind,
}

/// For each preset, a duty that reaches each of its limits exactly at `at_limit`.
fn cases(r: &RestRules) -> Vec<Case> {
    let hours = |h: f64| (h * 3600.0).round() as i64;
    let mut v = vec![Case {
        what: "continuous duty",
        hist: vec![],
        start: D0 + 8 * H,
        at_limit: D0 + 8 * H + hours(r.max_continuous_hours),
        rule: RuleKind::ContinuousDuty,
    }];
    // Rest between shifts: the check is at the start, so move the start instead of `now`:
    // exactly the minimum rest is fine; a minute less is a breach (see the test below).
    // Consecutive days: max days of 8 h shifts, then one more day.
    let n = r.max_consecutive_days as i64;
    v.push(Case {
        what: "consecutive days",
        hist: (1..n)
            .map(|k| Interval::new(D0 - k * 86_400 + 8 * H, D0 - k * 86_400 + 9 * H))
            .collect(),
        start: D0 + 8 * H,
        // The run is `n` days today; the limit is never crossed by the clock, so at_limit is
        // the end of today and the "one over" case adds a day of history instead.
        at_limit: D0 + 9 * H,
        rule: RuleKind::ConsecutiveDays,
    });
    for w in &r.windows {
        // Fill the window with one shift a day (at most 12 h, ending well before today), and
        // let a 6 h current shift make up the rest exactly.
        let span_days = w.days as i64;
        let max = hours(w.max_hours);
        let d = (span_days - 1) * 60;
        let per_day = ((max - 6 * H + d - 1) / d * 60).clamp(M, 12 * H);
        let mut hist = Vec::new();
        let mut left = max - 6 * H;
        let mut day = 1;
        while left > 0 {
            assert!(
                day < span_days,
                "{} days cannot hold {}",
                w.days,
                w.max_hours
            );
            let len = left.min(per_day);
            let s = D0 - day * 86_400 - 6 * H;
            hist.push(Interval::new(s, s + len));
            left -= len;
            day += 1;
        }
        hist.reverse();
        let start = D0 + 8 * H;
        v.push(Case {
            what: "window hours",
            at_limit: start + 6 * H,
            hist,
            start,
            rule: RuleKind::WindowHours,
        });
    }
    v
}

#[test]
fn every_preset_parses_and_says_what_it_is() {
    assert_eq!(PRESETS.len(), 3);
    for (name, desc, _) in PRESETS {
        let r = rules_of(name);
        assert!(!desc.is_empty());
        assert!(!r.windows.is_empty(), "{name}");
    }
    assert_eq!(rules_of("spec"), RestRules::default());
    let eu = rules_of("eu-wtd");
    assert_eq!(eu.min_rest_between_hours, 11.0);
    assert_eq!(eu.min_weekly_rest_hours, Some(24.0));
    assert_eq!(
        (eu.windows[0].days, eu.windows[0].max_hours),
        (119, 48.0 * 17.0)
    );
    let nhs = rules_of("uk-nhs");
    assert_eq!(nhs.max_continuous_hours, 13.0);
    assert_eq!((nhs.windows[0].days, nhs.windows[0].max_hours), (7, 72.0));
    assert!(preset("no-such").is_none());
}

#[test]
fn each_rule_of_each_preset_holds_exactly_at_its_limit_and_breaks_one_minute_over() {
    for (name, _, _) in PRESETS {
        let r = rules_of(name);
        for c in cases(&r) {
            let duty = Duty {
                history: &c.hist,
                current_start: Some(c.start),
            };
            let at = evaluate(&duty, c.at_limit, &r, SH);
            assert!(
                !kinds(&at).contains(&c.rule),
                "{name}/{}: broken exactly at the limit: {at:?}",
                c.what
            );
            if c.rule == RuleKind::ConsecutiveDays {
                // One more day in the run is one over.
                let mut more = c.hist.clone();
                let k = r.max_consecutive_days as i64;
                more.insert(
                    0,
                    Interval::new(D0 - k * 86_400 + 8 * H, D0 - k * 86_400 + 9 * H),
                );
                let duty = Duty {
                    history: &more,
                    current_start: Some(c.start),
                };
                let b = evaluate(&duty, c.at_limit, &r, SH);
                assert!(kinds(&b).contains(&c.rule), "{name}/{}: {b:?}", c.what);
                continue;
            }
            let over = evaluate(&duty, c.at_limit + M, &r, SH);
            let b = over.iter().find(|b| b.rule == c.rule);
            assert!(
                b.is_some(),
                "{name}/{}: not broken a minute over: {over:?}",
                c.what
            );
            assert_eq!(b.unwrap().over_by_minutes, 1, "{name}/{}", c.what);
            // The stored prediction is the first second past the limit.
            let (t, _) = first_breach(&duty, &r, SH).unwrap();
            assert!(t <= c.at_limit + 1, "{name}/{}: predicted {t}", c.what);
        }
    }
}

#[test]
fn rest_between_shifts_of_each_preset_exactly_enough_and_one_minute_short() {
    for (name, _, _) in PRESETS {
        let r = rules_of(name);
        let min = (r.min_rest_between_hours * 3600.0) as i64;
        let hist = [Interval::new(D0 - 20 * H, D0 - 12 * H)];
        let ok = Duty {
            history: &hist,
            current_start: Some(D0 - 12 * H + min),
        };
        let b = evaluate(&ok, D0 - 12 * H + min + H, &r, SH);
        assert!(!kinds(&b).contains(&RuleKind::RestBetween), "{name}: {b:?}");
        let short = Duty {
            history: &hist,
            current_start: Some(D0 - 12 * H + min - M),
        };
        let b = evaluate(&short, D0 - 12 * H + min + H, &r, SH);
        let rb = b.iter().find(|b| b.rule == RuleKind::RestBetween).unwrap();
        assert_eq!(rb.over_by_minutes, 1, "{name}");
    }
}

#[test]
fn weekly_rest_of_24_hours_is_enough_a_minute_less_is_not() {
    let r = rules_of("eu-wtd");
    // One rest of exactly 24 h five days ago, otherwise 12 h on, 12 h off... keep it simple:
    // shifts back to back with 11 h gaps, except one gap of `gap`.
    let build = |gap: i64| {
        let mut v = Vec::new();
        let mut t = D0 - 7 * 86_400 + H;
        while t < D0 - 13 * H {
            v.push(Interval::new(t, t + 12 * H));
            t += 12 * H + if v.len() == 4 { gap } else { 11 * H };
        }
        (v, t)
    };
    let (hist, start) = build(24 * H);
    let duty = Duty {
        history: &hist,
        current_start: Some(start),
    };
    let now = start + H;
    assert!(
        !kinds(&evaluate(&duty, now, &r, SH)).contains(&RuleKind::WeeklyRest),
        "{:?}",
        evaluate(&duty, now, &r, SH)
    );
    let (hist, start) = build(24 * H - M);
    let duty = Duty {
        history: &hist,
        current_start: Some(start),
    };
    let b = evaluate(&duty, start + H, &r, SH);
    let w = b.iter().find(|b| b.rule == RuleKind::WeeklyRest).unwrap();
    assert_eq!(w.over_by_minutes, 1);
    assert_eq!(w.window_days, Some(7));
}

#[test]
fn weekly_rest_breaks_when_the_last_long_rest_leaves_the_week() {
    // Days in a row would break first; this test is about the weekly rest alone.
    let text = preset("eu-wtd")
        .unwrap()
        .replace("max_consecutive_days = 6", "max_consecutive_days = 10");
    let r = RestRules::from_toml(&text).unwrap();
    // A 30 h rest ended 6 days ago; since then 12 h on, 12 h off (never 24 h free).
    let mut hist = vec![Interval::new(D0 - 8 * 86_400, D0 - 8 * 86_400 + 12 * H)];
    let mut t = D0 - 8 * 86_400 + 12 * H + 30 * H;
    while t + 12 * H <= D0 {
        hist.push(Interval::new(t, t + 12 * H));
        t += 24 * H;
    }
    let start = t;
    let duty = Duty {
        history: &hist,
        current_start: Some(start),
    };
    let (at, rule) = first_breach(&duty, &r, SH).unwrap();
    assert_eq!(rule, RuleKind::WeeklyRest);
    // The 30 h rest began at D0 - 8 d + 12 h; less than 24 h of it is inside the window from
    // 7 d after its start + 6 h on: the current shift's first second.
    assert_eq!(at, D0 - 8 * 86_400 + 12 * H + 6 * H + 7 * 86_400 + 1);
    assert_eq!(at, start + 1);
    assert!(
        evaluate(&duty, at - 1, &r, SH)
            .iter()
            .all(|b| b.rule != RuleKind::WeeklyRest)
    );
    assert!(kinds(&evaluate(&duty, at, &r, SH)).contains(&RuleKind::WeeklyRest));
}

fn night_rules(factor: f64) -> RestRules {
    let text = format!(
        "{}\n[night]\nstart = \"22:00\"\nend = \"06:00\"\nfactor = {factor:.1}\n",
        crate::domain::rules::DEFAULT_RULES_TOML
    );
    RestRules::from_toml(&text).unwrap()
}

#[test]
fn night_hours_weigh_more_in_the_window_rule() {
    let r = night_rules(1.5);
    // Five nights 22:00–06:00 (8 h, all night → 12 h each = 60 h) on days -5..-1.
    let hist: Vec<_> = (1..=5)
        .map(|k| Interval::new(D0 - k * 86_400 - 2 * H, D0 - k * 86_400 + 6 * H))
        .collect();
    // A day shift from 08:00: weighted 60 h already, so one minute of day work is over.
    let duty = Duty {
        history: &hist,
        current_start: Some(D0 + 8 * H),
    };
    let b = evaluate(&duty, D0 + 8 * H, &r, SH);
    assert!(
        b.is_empty(),
        "exactly 60 weighted hours is the limit: {b:?}"
    );
    let b = evaluate(&duty, D0 + 8 * H + M, &r, SH);
    assert_eq!(kinds(&b), vec![RuleKind::WindowHours]);
    assert_eq!(b[0].over_by_minutes, 1);
    assert!((b[0].actual - (60.0 + 1.0 / 60.0)).abs() < 1e-9);
    // Unweighted, the same history is 40 h: far from the limit.
    assert!(evaluate(&duty, D0 + 9 * H, &RestRules::default(), SH).is_empty());
}

#[test]
fn first_breach_with_night_weighting_agrees_with_evaluate() {
    let r = night_rules(2.0);
    // Nights on days -6..-1, the current shift a night too: a weighted night leaving the
    // window can outweigh what the current hour adds, so the prediction must not bisect blindly.
    let hist: Vec<_> = (1..=6)
        .map(|k| Interval::new(D0 - k * 86_400 - 3 * H, D0 - k * 86_400 + 6 * H))
        .collect();
    for start in [D0 - 3 * H + 11 * H, D0 + 8 * H, D0 + 20 * H] {
        let duty = Duty {
            history: &hist,
            current_start: Some(start),
        };
        let (t, rule) = first_breach(&duty, &r, SH).unwrap();
        if t > start {
            assert!(
                evaluate(&duty, t - 1, &r, SH)
                    .iter()
                    .all(|b| b.rule != rule),
                "start {start}: already broken before {t}"
            );
        }
        assert!(kinds(&evaluate(&duty, t, &r, SH)).contains(&rule));
        // And no second before `t` breaks anything (checked minute by minute).
        let mut x = start;
        while x < t {
            assert!(
                evaluate(&duty, x, &r, SH)
                    .iter()
                    .all(|b| b.rule == RuleKind::RestBetween && x == start || b.rule != rule),
                "start {start}: broken at {x} before the predicted {t}"
            );
            x += 10 * M;
        }
    }
}

#[test]
fn a_two_day_window_is_checked_like_the_seven_day_one() {
    let text = format!(
        "{}\n[[window]]\ndays = 2\nmax_hours = 20.0\n",
        crate::domain::rules::DEFAULT_RULES_TOML
    );
    let r = RestRules::from_toml(&text).unwrap();
    let hist = [Interval::new(D0 - 20 * H, D0 - 8 * H)]; // 12 h yesterday
    let duty = Duty {
        history: &hist,
        current_start: Some(D0 + 4 * H),
    };
    assert!(evaluate(&duty, D0 + 12 * H, &r, SH).is_empty());
    let b = evaluate(&duty, D0 + 12 * H + M, &r, SH);
    assert_eq!(kinds(&b), vec![RuleKind::WindowHours]);
    assert_eq!(b[0].window_days, Some(2));
    assert_eq!(
        first_breach(&duty, &r, SH),
        Some((D0 + 12 * H + 1, RuleKind::WindowHours))
    );
}

#[test]
fn bad_values_are_refused_with_line_and_field() {
    let base = crate::domain::rules::DEFAULT_RULES_TOML;
    let line = |text: &str, pat: &str| text.lines().position(|l| l.starts_with(pat)).unwrap() + 1;
    let zero = base.replace("max_consecutive_days = 6", "max_consecutive_days = 0");
    let e = RestRules::from_toml(&zero).unwrap_err();
    let n = line(&zero, "max_consecutive_days");
    assert!(
        e.starts_with(&format!("line {n}, field max_consecutive_days")),
        "{e}"
    );

    let two = format!("{base}\n[[window]]\ndays = 0\nmax_hours = 20.0\n");
    let e = RestRules::from_toml(&two).unwrap_err();
    let n = two.lines().position(|l| l == "days = 0").unwrap() + 1;
    assert!(
        e.starts_with(&format!("line {n}, field window.days")),
        "{e}"
    );

    let night = format!("{base}\n[night]\nstart = \"22:00\"\nend = \"6\"\nfactor = 1.5\n");
    let e = RestRules::from_toml(&night).unwrap_err();
    let n = line(&night, "end = ");
    assert!(e.starts_with(&format!("line {n}, field night.end")), "{e}");

    let big = format!("{base}\n[night]\nstart = \"22:00\"\nend = \"06:00\"\nfactor = 9.0\n");
    assert!(
        RestRules::from_toml(&big)
            .unwrap_err()
            .contains("field night.factor")
    );

    let weekly = base.replace(
        "# min_weekly_rest_hours = 24.0",
        "min_weekly_rest_hours = 200.0",
    );
    let e = RestRules::from_toml(&weekly).unwrap_err();
    assert!(e.contains("field min_weekly_rest_hours"), "{e}");
    assert!(e.starts_with("line "), "{e}");

    let typo = base.replace("days = 7", "dayz = 7");
    let e = RestRules::from_toml(&typo).unwrap_err();
    assert!(e.contains("dayz") && e.contains("line"), "{e}");
}
