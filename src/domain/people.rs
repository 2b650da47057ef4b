//! People on the roster: validation of what is typed about them, and their state now.

use super::Ts;
use serde::Serialize;

/// Where a person stands now, in the order the roster sorts by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonState {
    OnDuty,
    OutOfService,
    ForcedRest,
    Resting,
    Off,
    Retired,
}

impl PersonState {
    pub const ALL: [PersonState; 6] = [
        PersonState::OnDuty,
        PersonState::OutOfService,
        PersonState::ForcedRest,
        PersonState::Resting,
        PersonState::Off,
        PersonState::Retired,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            PersonState::OnDuty => "on_duty",
            PersonState::OutOfService => "out_of_service",
            PersonState::ForcedRest => "forced_rest",
            PersonState::Resting => "resting",
            PersonState::Off => "off",
            PersonState::Retired => "retired",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|x| x.as_str() == s)
    }
    /// A symbol beside the word, so the state never rests on colour alone.
    pub fn symbol(self) -> &'static str {
        match self {
            PersonState::OnDuty => "●",
            PersonState::OutOfService => "✚",
            PersonState::ForcedRest => "✗",
            PersonState::Resting => "☾",
            PersonState::Off => "○",
            PersonState::Retired => "–",
        }
    }
}

/// A phone number as typed, normalised: spaces and dashes dropped; then empty, or 7–15 digits
/// with an optional leading `+`. `None`: not a phone number.
pub fn normalise_phone(s: &str) -> Option<String> {
    let p: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if p.is_empty() {
        return Some(p);
    }
    let digits = p.strip_prefix('+').unwrap_or(&p);
    let ok = (7..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit());
    ok.then_some(p)
}

/// Characters that show nothing or reorder what follows: zero-width spaces and joiners, the
/// soft hyphen, word joiners, the byte-order mark and the bidirectional controls. A code or
/// name holding one looks like another (`FL000001` + U+200B) or shows other than it reads.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
}

/// A staff code: 1–20 characters, no spaces, control or invisible characters, and not the
/// id form (`#42` names the person whose id is 42).
pub fn valid_staff_code(s: &str) -> bool {
    let n = s.chars().count();
    (1..=20).contains(&n)
        && !s.starts_with('#')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || is_invisible(c))
}

/// A name: 1–40 characters after trimming, no control or invisible characters.
pub fn valid_name(s: &str) -> bool {
    let n = s.trim().chars().count();
    (1..=40).contains(&n) && !s.chars().any(|c| c.is_control() || is_invisible(c))
}

/// A person's frontline record, the basis of fast-track admission and commendation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Record {
    /// Hours worked (finished shifts, and the running one so far).
    pub hours: f64,
    /// Local days on which a worked shift started.
    pub duty_days: i64,
    pub shifts: i64,
    pub forced_rests: i64,
    pub talks: i64,
    pub trainings: i64,
    /// Nominations approved or publicised.
    pub commendations: i64,
    pub first_duty: Option<Ts>,
    pub last_duty: Option<Ts>,
}

/// Hours and duty days from worked spans `(start, end)`, days counted in `day_of`.
pub fn duty_totals(spans: &[(Ts, Ts)], day_of: impl Fn(Ts) -> i64) -> (f64, i64) {
    let secs: i64 = spans.iter().map(|(s, e)| (e - s).max(0)).sum();
    let mut days: Vec<i64> = spans.iter().map(|(s, _)| day_of(*s)).collect();
    days.sort_unstable();
    days.dedup();
    (
        (secs as f64 / 3600.0 * 10.0).round() / 10.0,
        days.len() as i64,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_7_to_15_digits_with_an_optional_plus() {
        assert_eq!(normalise_phone(""), Some(String::new()));
        assert_eq!(normalise_phone("1234567"), Some("1234567".into()));
        assert_eq!(normalise_phone("123456"), None);
        assert_eq!(
            normalise_phone("123456789012345"),
            Some("123456789012345".into())
        );
        assert_eq!(normalise_phone("1234567890123456"), None);
        assert_eq!(
            normalise_phone("+86 138-0000-0000"),
            Some("+8613800000000".into())
        );
        assert_eq!(normalise_phone("138x0000000"), None);
        assert_eq!(normalise_phone("++8613800000000"), None);
    }

    #[test]
    fn staff_codes_and_names() {
        assert!(valid_staff_code("FL000001"));
        assert!(!valid_staff_code(""));
        assert!(!valid_staff_code("FL 1"));
        assert!(!valid_staff_code(&"x".repeat(21)));
        assert!(valid_name("李明"));
        assert!(!valid_name("  "));
        assert!(!valid_name(&"名".repeat(41)));
    }

    #[test]
    fn hours_and_duty_days_from_spans() {
        let day = |t: Ts| t / 86_400;
        let spans = [
            (0, 8 * 3600),
            (10 * 3600, 12 * 3600),
            (86_400, 86_400 + 1800),
        ];
        assert_eq!(duty_totals(&spans, day), (10.5, 2));
        assert_eq!(duty_totals(&[], day), (0.0, 0));
    }
}
