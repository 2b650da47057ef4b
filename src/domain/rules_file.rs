//! Rules files: the presets shipped in `assets/`, the checks a file must pass beyond its types,
//! and finding the line of a field so a refusal can name it.

use super::rules::RestRules;

/// Presets shipped with Frontline: (name, description, file text). `--rules NAME` picks one.
pub const PRESETS: &[(&str, &str, &str)] = &[
    (
        "spec",
        "SPEC defaults: 12 h duty, 11 h rest, 6 days in a row, 60 h in 7 days",
        super::rules::DEFAULT_RULES_TOML,
    ),
    (
        "eu-wtd",
        "EU Working Time Directive: 11 h daily rest, 24 h weekly rest, 48 h average",
        include_str!("../../assets/rules-eu-wtd.toml"),
    ),
    (
        "uk-nhs",
        "UK NHS junior doctors: 13 h shift, 72 h in 7 days, 11 h between shifts",
        include_str!("../../assets/rules-uk-nhs.toml"),
    ),
];

/// The text of a preset by name.
pub fn preset(name: &str) -> Option<&'static str> {
    PRESETS
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name.trim()))
        .map(|(_, _, t)| *t)
}

impl RestRules {
    /// Which `[[window]]` table a window error is about: the first that fails its checks.
    pub(super) fn bad_window(&self) -> usize {
        self.windows
            .iter()
            .position(|w| w.days == 0 || !(w.max_hours > 0.0 && w.max_hours.is_finite()))
            .unwrap_or(0)
    }

    /// Checks on the optional parts: weekly rest, night weighting, warning horizon.
    pub(super) fn validate_more(&self) -> Result<(), String> {
        if let Some(h) = self.min_weekly_rest_hours
            && !(h > 0.0 && h < 7.0 * 24.0)
        {
            return Err(
                "field min_weekly_rest_hours: must be more than 0 and less than 168".into(),
            );
        }
        if !(self.warn_within_hours >= 0.0 && self.warn_within_hours <= 168.0) {
            return Err("field warn_within_hours: must be between 0 and 168".into());
        }
        if let Some(n) = &self.night {
            for (v, f) in [(&n.start, "night.start"), (&n.end, "night.end")] {
                chrono::NaiveTime::parse_from_str(v, "%H:%M")
                    .map_err(|_| format!("field {f}: expected HH:MM"))?;
            }
            if n.start == n.end {
                return Err("field night.end: must differ from night.start".into());
            }
            if !(n.factor >= 1.0 && n.factor <= 3.0) {
                return Err("field night.factor: must be between 1 and 3".into());
            }
        }
        Ok(())
    }
}

/// The 1-based line where `field` is set: `name`, or `table.name` in the `nth` (0-based)
/// table of that name (`[[window]]` tables repeat).
pub fn line_of(text: &str, field: &str, nth: usize) -> Option<usize> {
    let (table, key) = match field.split_once('.') {
        Some((t, k)) => (Some(t), k),
        None => (None, field),
    };
    let mut current: Option<String> = None;
    let mut seen = 0;
    for (i, line) in text.lines().enumerate() {
        let l = line.split('#').next().unwrap_or("").trim();
        if l.starts_with('[') {
            let name = l.trim_matches(|c| c == '[' || c == ']').trim().to_string();
            if Some(name.as_str()) == table {
                seen += 1;
            }
            current = Some(name);
            continue;
        }
        if table.is_some() && seen != nth + 1 {
            continue;
        }
        let Some((k, _)) = l.split_once('=') else {
            continue;
        };
        if k.trim() == key && current.as_deref() == table {
            return Some(i + 1);
        }
    }
    None
}
