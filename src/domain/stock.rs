//! Burn rate and days of cover. Pure arithmetic on daily figures passed in.

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
}
