//! Stored text going out: to a terminal, a CSV or a Markdown file. One rule for all of it:
//! a control character (C0, DEL, C1), an invisible or a bidirectional-control character never
//! goes out raw — it is written as `\uXXXX` (so a name can retitle no terminal, hide no text and
//! reorder no line), and a JSON document stays valid, since that is JSON's own escape.
//! CSV cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) are
//! led by `'`.

use std::borrow::Cow;

fn unsafe_char(c: char, keep_newlines: bool) -> bool {
    if keep_newlines && (c == '\n' || c == '\t') {
        return false;
    }
    c.is_control() || super::people::is_invisible(c) || c == '\u{2028}' || c == '\u{2029}'
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| unsafe_char(c, keep_newlines)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c, keep_newlines) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{:04x}", u));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text for a terminal, whole lines kept: every other control, invisible or bidirectional
/// character is shown as `\uXXXX`.
pub fn terminal(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// One field on one line (a table cell, a name in a message): newlines and tabs escaped too.
pub fn field(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// A CSV cell: `field`, and a leading `=`, `+`, `-` or `@` (a formula to Excel) led by `'`.
/// A lone `-` (an empty value) and a plain number (`-3.5`) are no formula and stay as they are.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let f = field(s);
    let number = |t: &str| {
        let t = t.strip_prefix(['-', '+']).unwrap_or(t);
        !t.is_empty()
            && t.chars().all(|c| c.is_ascii_digit() || c == '.')
            && t.chars().filter(|c| *c == '.').count() <= 1
            && t.chars().next().is_some_and(|c| c.is_ascii_digit())
    };
    if f.starts_with(['=', '+', '-', '@']) && f != "-" && !number(&f) {
        Cow::Owned(format!("'{f}"))
    } else {
        f
    }
}

/// A Markdown table cell: `field`, and `|` escaped.
pub fn md_cell(s: &str) -> String {
    field(s).replace('|', "\\|")
}

/// Pinyin initials of a name, lower case ("多宝西" → "dbx"); ASCII letters and digits are kept
/// (lower-cased), anything else is dropped. What a picker matches a typed "dbx" against.
pub fn initials(text: &str) -> String {
    use pinyin::ToPinyin;
    text.chars()
        .filter_map(|c| match c.to_pinyin() {
            Some(p) => p.first_letter().chars().next(),
            None => c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase()),
        })
        .collect()
}

/// The digits of a phone number, last first ("138-0013-1234" → "4321…"): a phone tail typed
/// in order is then a prefix of this, which an index answers.
pub fn phone_reversed(phone: &str) -> String {
    phone.chars().rev().filter(|c| c.is_ascii_digit()).collect()
}

/// Columns `s` takes in a terminal (CJK characters take two).
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Cut `s` to at most `max` columns, ending in "…" when cut.
pub fn fit(s: &str, max: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_reach_nothing_raw() {
        assert_eq!(
            terminal("林晓\u{1b}]2;owned\u{7}"),
            "林晓\\u001b]2;owned\\u0007"
        );
        assert_eq!(terminal("a\nb"), "a\nb");
        assert_eq!(field("a\nb\u{202e}c"), "a\\u000ab\\u202ec");
        assert_eq!(field("\u{9b}31m"), "\\u009b31m");
        assert_eq!(field("FL1\u{200b}"), "FL1\\u200b");
        assert_eq!(field("\u{E0041}"), "\\udb40\\udc41");
        assert!(matches!(terminal("plain 文本"), Cow::Borrowed(_)));
    }

    #[test]
    fn formulas_are_neutralised_in_csv_only() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for s in ["+1+1", "-2+3", "@SUM(A1)"] {
            assert_eq!(csv_cell(s), format!("'{s}"));
        }
        assert_eq!(csv_cell("\t=1"), "\\u0009=1");
        assert_eq!(csv_cell("林晓"), "林晓");
        for s in ["-", "-3.5", "+86", "-0"] {
            assert_eq!(csv_cell(s), s);
        }
        assert_eq!(csv_cell("-1+cmd|' /C calc'!A0"), "'-1+cmd|' /C calc'!A0");
        assert_eq!(md_cell("a|b\n"), "a\\|b\\u000a");
    }

    #[test]
    fn json_stays_json() {
        let j = serde_json::json!({"name": "a\u{202e}b", "c": "\u{1b}"}).to_string();
        let v: serde_json::Value = serde_json::from_str(&terminal(&j)).unwrap();
        assert_eq!(v["name"], "a\u{202e}b");
        assert_eq!(v["c"], "\u{1b}");
    }
}
