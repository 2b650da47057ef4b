//! The organisation a post keeps: post kinds as people write them, headcounts and
//! shift patterns. Plain parsing, no I/O.

/// A post kind as typed (English or Chinese) → the stored value; `other` (其他) is any post
/// that is none of the four.
pub fn post_kind(s: &str) -> Option<&'static str> {
    match s.trim().to_lowercase().as_str() {
        "sampling" | "核酸采样点" | "采样点" | "核酸检测点" => Some("sampling"),
        "checkpoint" | "卡口" => Some("checkpoint"),
        "sealed" | "封控区" | "封控区外围" | "封控" => Some("sealed"),
        "command" | "指挥部" | "值班室" => Some("command"),
        "other" | "其他" | "其它" => Some("other"),
        _ => None,
    }
}

/// The kinds, stored value and Chinese label (for templates and messages).
pub const POST_KINDS: &[(&str, &str)] = &[
    ("sampling", "核酸采样点"),
    ("checkpoint", "卡口"),
    ("sealed", "封控区"),
    ("command", "指挥部"),
    ("other", "其他"),
];

/// The kinds of organisation row a post keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrgKind {
    Street,
    Community,
    Post,
    Depot,
    Item,
}

impl OrgKind {
    pub const ALL: [OrgKind; 5] = [
        OrgKind::Street,
        OrgKind::Community,
        OrgKind::Post,
        OrgKind::Depot,
        OrgKind::Item,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Street => "street",
            OrgKind::Community => "community",
            OrgKind::Post => "post",
            OrgKind::Depot => "depot",
            OrgKind::Item => "item",
        }
    }
    pub fn parent(self) -> Option<OrgKind> {
        match self {
            OrgKind::Community => Some(OrgKind::Street),
            OrgKind::Post => Some(OrgKind::Community),
            OrgKind::Depot => Some(OrgKind::Post),
            _ => None,
        }
    }
}

/// What an add or edit gives, as typed (`None` = not given / keep).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrgFields {
    pub name: Option<String>,
    /// The street of a community, the community of a post, the post of a depot (empty = the
    /// command-post store, no post).
    pub parent: Option<String>,
    /// A post's kind (sampling / checkpoint / sealed / command / other, or 核酸采样点 / 卡口 /
    /// 封控区 / 指挥部 / 其他).
    pub kind: Option<String>,
    /// A post's required people per shift (≥ 1).
    pub headcount: Option<String>,
    /// A post's shift pattern (`08:00-16:00,16:00-24:00,00:00-08:00`, `2x12`).
    pub pattern: Option<String>,
    /// An item's code.
    pub code: Option<String>,
    pub name_en: Option<String>,
    pub unit: Option<String>,
    pub unit_en: Option<String>,
    /// An item's reorder level (≥ 0).
    pub reorder: Option<String>,
}

/// Required people per shift: a whole number from 1 to 500.
pub fn headcount(s: &str) -> Result<i64, &'static str> {
    let t = s.trim();
    let n: i64 = match t.parse::<i64>() {
        Ok(n) => n,
        Err(_) => match t.parse::<f64>() {
            Ok(f) if f.fract() == 0.0 && f.abs() < 1e6 => f as i64,
            _ => return Err("not a whole number"),
        },
    };
    match n {
        n if n < 1 => Err("must be at least 1"),
        n if n > 500 => Err("at most 500"),
        n => Ok(n),
    }
}

/// Why a shift pattern is refused.
#[derive(Debug, Clone, PartialEq)]
pub enum PatternError {
    /// A part that is not `HH:MM-HH:MM` (the part as typed).
    Malformed(String),
    /// A slot of no length (`08:00-08:00`).
    Empty(String),
    /// Two slots cover the same minutes.
    Overlap(String, String),
}

/// A shift pattern: `08:00-16:00,16:00-24:00,00:00-08:00` (a slot may cross midnight:
/// `20:00-08:00`), or `2x12` / `2×12h` / `3x8` (equal slots from 08:00). Returns the slots as
/// minutes from midnight (end may exceed 1440 when crossing midnight), in the canonical
/// text `HH:MM-HH:MM,…`. Empty text = no pattern.
pub fn shift_pattern(s: &str) -> Result<(Vec<(u32, u32)>, String), PatternError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok((vec![], String::new()));
    }
    let lower = t.to_lowercase().replace(['×', '*'], "x").replace('h', "");
    let mut slots = Vec::new();
    if let Some((n, len)) = lower.split_once('x') {
        let (n, len): (u32, u32) = match (n.trim().parse(), len.trim().parse()) {
            (Ok(n), Ok(l)) => (n, l),
            _ => return Err(PatternError::Malformed(t.to_string())),
        };
        if n == 0 || len == 0 || n * len != 24 {
            return Err(PatternError::Malformed(t.to_string()));
        }
        for i in 0..n {
            let a = (8 * 60 + i * len * 60) % 1440;
            slots.push((a, a + len * 60));
        }
    } else {
        for part in t.split([',', '，', ';', '；', '、']) {
            let p = part.trim();
            if p.is_empty() {
                continue;
            }
            let (a, b) = p
                .split_once(['-', '–', '~', '～', '—'])
                .ok_or_else(|| PatternError::Malformed(p.to_string()))?;
            let (a, b) = match (minute(a), minute(b)) {
                (Some(a), Some(b)) => (a, b),
                _ => return Err(PatternError::Malformed(p.to_string())),
            };
            if a == b {
                return Err(PatternError::Empty(p.to_string()));
            }
            let a = a % 1440;
            let b = if b <= a { b + 1440 } else { b };
            slots.push((a, b));
        }
        if slots.is_empty() {
            return Err(PatternError::Malformed(t.to_string()));
        }
    }
    // Overlaps on the 24-hour circle: compare every pair, also shifted by a day.
    for i in 0..slots.len() {
        for j in i + 1..slots.len() {
            let (a, b) = slots[i];
            let (c, d) = slots[j];
            let hit = |(a, b): (u32, u32), (c, d): (u32, u32)| a < d && c < b;
            if hit((a, b), (c, d))
                || hit((a + 1440, b + 1440), (c, d))
                || hit((a, b), (c + 1440, d + 1440))
            {
                return Err(PatternError::Overlap(
                    fmt_slot(slots[i]),
                    fmt_slot(slots[j]),
                ));
            }
        }
    }
    slots.sort();
    let text = slots
        .iter()
        .map(|s| fmt_slot(*s))
        .collect::<Vec<_>>()
        .join(",");
    Ok((slots, text))
}

fn minute(s: &str) -> Option<u32> {
    let s = s.trim().replace('：', ":");
    let (h, m) = match s.split_once(':') {
        Some((h, m)) => (h.trim().parse::<u32>().ok()?, m.trim().parse::<u32>().ok()?),
        None => (s.parse::<u32>().ok()?, 0),
    };
    if h > 24 || m > 59 || (h == 24 && m != 0) {
        return None;
    }
    Some(h * 60 + m)
}

fn fmt_slot((a, b): (u32, u32)) -> String {
    let e = if b == 1440 { 1440 } else { b % 1440 };
    format!("{:02}:{:02}-{:02}:{:02}", a / 60, a % 60, e / 60, e % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_read_as_offices_write_them() {
        assert_eq!(
            shift_pattern("08:00-16:00,16:00-24:00,00:00-08:00")
                .unwrap()
                .1,
            "00:00-08:00,08:00-16:00,16:00-24:00"
        );
        assert_eq!(shift_pattern("2×12h").unwrap().1, "08:00-20:00,20:00-08:00");
        assert_eq!(shift_pattern("3x8").unwrap().0.len(), 3);
        assert_eq!(shift_pattern("").unwrap().0, vec![]);
        assert!(matches!(
            shift_pattern("08:00-16:00,12:00-20:00"),
            Err(PatternError::Overlap(..))
        ));
        assert!(matches!(
            shift_pattern("20:00-08:00,06:00-10:00"),
            Err(PatternError::Overlap(..))
        ));
        assert!(matches!(
            shift_pattern("08:00-08:00"),
            Err(PatternError::Empty(_))
        ));
        assert!(matches!(
            shift_pattern("早班"),
            Err(PatternError::Malformed(_))
        ));
        assert!(matches!(
            shift_pattern("5x5"),
            Err(PatternError::Malformed(_))
        ));
    }

    #[test]
    fn kinds_and_headcounts() {
        assert_eq!(post_kind("卡口"), Some("checkpoint"));
        assert_eq!(post_kind("Sampling"), Some("sampling"));
        assert_eq!(post_kind("other"), Some("other"));
        assert_eq!(post_kind("其他"), Some("other"));
        assert_eq!(post_kind("parking"), None);
        assert_eq!(headcount("3"), Ok(3));
        assert_eq!(headcount("4.0"), Ok(4));
        assert!(headcount("0").is_err());
        assert!(headcount("-2").is_err());
        assert!(headcount("三").is_err());
    }
}
