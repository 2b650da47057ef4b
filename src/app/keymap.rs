//! The runtime keymap: the `BINDINGS` table, then the key of each screen that has one (from
//! the screen registry, `SCREENS`), with the user's `[keys]` overrides applied. One keymap
//! drives the key handler, the footer hints, the `?` overlay and the command palette.
//!
//! An action is named after its description key without the area prefix (`key.force_rest` →
//! `force_rest`, focus keys `focus_1`…`focus_4`), a screen's key after the screen (`go_audit`),
//! so rows added to `BINDINGS` or `SCREENS` later get a name without any change here.

use super::keys::{BINDINGS, Binding, K, KeyAction, Panel, Screen};
use super::screens::{SCREENS, ScreenDef};
use crate::i18n::Lang;

/// What a binding's line says: a catalogue label, or "open this screen" (its title).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Desc {
    Key(crate::i18n::Key),
    Screen(Screen),
}

impl Desc {
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            Desc::Key(k) => crate::i18n::t(lang, k),
            Desc::Screen(s) => s.title(lang),
        }
    }
}
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One row of the runtime keymap (a `Binding` whose keys may have been rebound).
#[derive(Debug, Clone)]
pub struct Bound {
    pub name: String,
    pub keys: Vec<K>,
    pub label: String,
    pub action: KeyAction,
    pub desc: Desc,
    pub screens: &'static [Screen],
    pub panels: &'static [Panel],
    pub hint: bool,
}

impl Bound {
    pub fn applies(&self, screen: Screen, panel: Panel) -> bool {
        (self.screens.is_empty() || self.screens.contains(&screen))
            && (self.panels.is_empty() || (screen == Screen::Home && self.panels.contains(&panel)))
    }
}

/// A `[keys]` entry: action name → keys, with the line it was written on.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub name: String,
    pub keys: Vec<String>,
    pub line: usize,
}

/// A problem with the overrides; the keymap is refused whole when there is any.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: usize,
    pub field: String,
    pub msg: String,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Bound>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: BINDINGS
                .iter()
                .map(bound)
                .chain(SCREENS.iter().filter_map(opens))
                .collect(),
        }
    }
}

/// The name an action is configured by.
pub fn action_name(b: &Binding) -> String {
    name_of(b.action, b.desc.name())
}

fn name_of(action: KeyAction, desc: &str) -> String {
    if let KeyAction::Focus(n) = action {
        return format!("focus_{}", n + 1);
    }
    desc.rsplit('.').next().unwrap_or(desc).to_string()
}

fn bound(b: &Binding) -> Bound {
    Bound {
        name: action_name(b),
        keys: b.keys.to_vec(),
        label: b.label.to_string(),
        action: b.action,
        desc: Desc::Key(b.desc),
        screens: b.screens,
        panels: b.panels,
        hint: b.hint,
    }
}

/// The key that opens a screen, as a row of the keymap.
fn opens(d: &ScreenDef) -> Option<Bound> {
    let o = d.open.as_ref()?;
    Some(Bound {
        name: format!("go_{}", d.name),
        keys: vec![K::Ch(o.key)],
        label: o.key.to_string(),
        action: KeyAction::Go(d.screen),
        desc: Desc::Screen(d.screen),
        screens: o.from,
        panels: &[],
        hint: o.hint,
    })
}

const NAMED: &[(&str, KeyCode)] = &[
    ("Tab", KeyCode::Tab),
    ("S-Tab", KeyCode::BackTab),
    ("BackTab", KeyCode::BackTab),
    ("Esc", KeyCode::Esc),
    ("Enter", KeyCode::Enter),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PgUp", KeyCode::PageUp),
    ("PgDn", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
];

/// `"F"`, `"["`, `"Tab"`, `"PgDn"`, `"F5"`, `"Space"`. Modifier chords are refused: many
/// terminals drop Ctrl+digit and Alt combinations, and a binding that never arrives is worse
/// than none.
pub fn parse_key(s: &str) -> Result<K, String> {
    let mut chars = s.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return if c.is_control() || c == ' ' {
            Err(format!(
                "'{}' cannot be bound (write \"Space\")",
                s.escape_default()
            ))
        } else {
            Ok(K::Ch(c))
        };
    }
    if s.eq_ignore_ascii_case("space") {
        return Ok(K::Ch(' '));
    }
    if let Some((_, code)) = NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(s)) {
        return Ok(K::Code(*code));
    }
    if let Some(n) = s
        .strip_prefix(['F', 'f'])
        .and_then(|n| n.parse::<u8>().ok())
        .filter(|n| (1..=12).contains(n))
    {
        return Ok(K::Code(KeyCode::F(n)));
    }
    let lower = s.to_ascii_lowercase();
    if [
        "ctrl", "c-", "alt", "a-", "meta", "m-", "shift", "cmd", "super",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
    {
        return Err(format!(
            "'{s}': modifier chords are not supported (terminals drop many); use one key"
        ));
    }
    Err(format!(
        "'{s}' is not a key (one character, F1–F12, Space, or one of: {})",
        NAMED.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(" ")
    ))
}

/// How a key is written in hints and help.
pub fn key_label(k: K) -> String {
    match k {
        K::Ch(' ') => "Space".into(),
        K::Ch(c) => c.to_string(),
        K::Code(KeyCode::F(n)) => format!("F{n}"),
        K::Code(code) => NAMED
            .iter()
            .find(|(_, c)| *c == code)
            .map_or_else(|| format!("{code:?}"), |(n, _)| n.to_string()),
    }
}

/// How a key is shown in hints and help: arrows as arrows.
pub fn key_display(k: K) -> String {
    match k {
        K::Code(KeyCode::Up) => "↑".into(),
        K::Code(KeyCode::Down) => "↓".into(),
        K::Code(KeyCode::Left) => "←".into(),
        K::Code(KeyCode::Right) => "→".into(),
        k => key_label(k),
    }
}

fn matches(k: K, key: &KeyEvent) -> bool {
    match (k, key.code) {
        (K::Ch(c), KeyCode::Char(x)) => c == x,
        (K::Code(c), x) => c == x,
        _ => false,
    }
}

impl Keymap {
    /// The action bound to `key` on `screen` (and `panel`, at home), if any.
    pub fn lookup(&self, key: &KeyEvent, screen: Screen, panel: Panel) -> Option<KeyAction> {
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            return match key.code {
                KeyCode::Char('c') => Some(KeyAction::Quit),
                _ => None,
            };
        }
        self.bindings
            .iter()
            .filter(|b| b.applies(screen, panel))
            .find(|b| b.keys.iter().any(|k| matches(*k, key)))
            .map(|b| b.action)
    }

    /// Every action name the table knows, in table order, once each.
    pub fn names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for b in &self.bindings {
            if !out.contains(&b.name.as_str()) {
                out.push(&b.name);
            }
        }
        out
    }

    /// The defaults with `overrides` applied, or every problem found (nothing half-applied).
    pub fn with_overrides(overrides: &[Override]) -> Result<Keymap, Vec<Problem>> {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        let mut set_by: Vec<(String, usize)> = Vec::new();
        for o in overrides {
            let field = format!("keys.{}", o.name);
            let problem = |msg: String| Problem {
                line: o.line,
                field: field.clone(),
                msg,
            };
            if !map.bindings.iter().any(|b| b.name == o.name) {
                problems.push(problem(format!("unknown action '{}'", o.name)));
                continue;
            }
            if o.keys.is_empty() {
                problems.push(problem("no key given".into()));
                continue;
            }
            let mut keys = Vec::new();
            for s in &o.keys {
                match parse_key(s) {
                    Ok(k) => keys.push(k),
                    Err(e) => problems.push(problem(e)),
                }
            }
            if keys.len() != o.keys.len() {
                continue;
            }
            let label = keys
                .iter()
                .map(|k| key_display(*k))
                .collect::<Vec<_>>()
                .join("/");
            for b in map.bindings.iter_mut().filter(|b| b.name == o.name) {
                b.keys = keys.clone();
                b.label = label.clone();
            }
            set_by.push((o.name.clone(), o.line));
        }
        problems.extend(map.conflicts(&set_by));
        if problems.is_empty() {
            Ok(map)
        } else {
            problems.sort_by_key(|p| p.line);
            problems.dedup();
            Err(problems)
        }
    }

    /// Every (screen, panel) scope a key is looked up in: the home panels and each screen the
    /// table names (so screens added later are checked without a list to keep up to date).
    pub fn scopes(&self) -> Vec<(Screen, Panel)> {
        let mut out: Vec<(Screen, Panel)> = Panel::ALL.iter().map(|p| (Screen::Home, *p)).collect();
        for b in &self.bindings {
            for s in b.screens {
                if *s != Screen::Home && !out.contains(&(*s, Panel::OnDuty)) {
                    out.push((*s, Panel::OnDuty));
                }
            }
        }
        out
    }

    /// Two different actions on one key in one scope. `set_by` names the overridden actions and
    /// their lines, so the problem points at what the user wrote.
    fn conflicts(&self, set_by: &[(String, usize)]) -> Vec<Problem> {
        let line_of = |n: &str| set_by.iter().find(|(s, _)| s == n).map(|(_, l)| *l);
        // (line, action, key, other action) → the scopes where they meet.
        let mut found: Vec<(usize, String, K, String, Vec<String>)> = Vec::new();
        for (s, p) in self.scopes() {
            let here: Vec<&Bound> = self.bindings.iter().filter(|b| b.applies(s, p)).collect();
            for (i, a) in here.iter().enumerate() {
                for b in &here[i + 1..] {
                    if a.name == b.name {
                        continue;
                    }
                    let Some(k) = a.keys.iter().find(|k| b.keys.contains(k)) else {
                        continue;
                    };
                    let (line, mine, other) = match (line_of(&a.name), line_of(&b.name)) {
                        (Some(l), _) => (l, a, b),
                        (None, Some(l)) => (l, b, a),
                        (None, None) => (0, a, b),
                    };
                    let scope = if s == Screen::Home {
                        format!("{s:?}/{p:?}")
                    } else {
                        format!("{s:?}")
                    };
                    let k = *k;
                    match found
                        .iter_mut()
                        .find(|f| f.0 == line && f.1 == mine.name && f.2 == k && f.3 == other.name)
                    {
                        Some(f) => f.4.push(scope),
                        None => found.push((
                            line,
                            mine.name.clone(),
                            k,
                            other.name.clone(),
                            vec![scope],
                        )),
                    }
                }
            }
        }
        found
            .into_iter()
            .map(|(line, mine, k, other, scopes)| Problem {
                line,
                field: format!("keys.{mine}"),
                msg: format!(
                    "'{}' is already {other} on {}",
                    key_label(k),
                    scopes.join(", ")
                ),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(name: &str, keys: &[&str], line: usize) -> Override {
        Override {
            name: name.into(),
            keys: keys.iter().map(|s| s.to_string()).collect(),
            line,
        }
    }

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn keys_parse_by_character_and_name() {
        assert_eq!(parse_key("F"), Ok(K::Ch('F')));
        assert_eq!(parse_key("["), Ok(K::Ch('[')));
        assert_eq!(parse_key("é"), Ok(K::Ch('é')));
        assert_eq!(parse_key("tab"), Ok(K::Code(KeyCode::Tab)));
        assert_eq!(parse_key("PgDn"), Ok(K::Code(KeyCode::PageDown)));
        assert_eq!(parse_key("F5"), Ok(K::Code(KeyCode::F(5))));
        assert_eq!(parse_key("Space"), Ok(K::Ch(' ')));
        assert!(parse_key("F13").is_err());
        assert!(parse_key("").is_err());
        assert!(parse_key("ctrl-1").unwrap_err().contains("modifier"));
        assert!(parse_key("Ctrl+x").unwrap_err().contains("modifier"));
        assert!(parse_key("banana").unwrap_err().contains("not a key"));
    }

    #[test]
    fn every_default_action_has_a_unique_usable_name() {
        let m = Keymap::default();
        for b in &m.bindings {
            assert!(!b.name.is_empty() && !b.name.contains(' '), "{b:?}");
            // One name, one action: rebinding by name never mixes two actions.
            for c in m.bindings.iter().filter(|c| c.name == b.name) {
                assert_eq!(c.action, b.action, "{}", b.name);
            }
        }
        assert!(m.names().contains(&"force_rest"));
        assert!(m.names().contains(&"go_audit"));
        assert!(m.names().contains(&"focus_3"));
    }

    #[test]
    fn an_override_moves_the_action_in_every_scope_and_the_label_follows() {
        let m = Keymap::with_overrides(&[o("force_rest", &["F"], 3)]).unwrap();
        let (h, w) = (
            (Screen::Home, Panel::OnDuty),
            (Screen::Watch, Panel::OnDuty),
        );
        assert_eq!(m.lookup(&key('F'), h.0, h.1), Some(KeyAction::ForceRest));
        assert_eq!(m.lookup(&key('F'), w.0, w.1), Some(KeyAction::ForceRest));
        assert_eq!(m.lookup(&key('f'), h.0, h.1), None);
        let b = m.bindings.iter().find(|b| b.name == "force_rest").unwrap();
        assert_eq!(b.label, "F");
        // Several keys for one action.
        let m = Keymap::with_overrides(&[o("down", &["Down", "J"], 1)]).unwrap();
        assert_eq!(
            m.lookup(&key('J'), Screen::Audit, Panel::OnDuty),
            Some(KeyAction::Down)
        );
        // `n` is "new" on some screens: refused there, named.
        let err = Keymap::with_overrides(&[o("down", &["n"], 4)]).unwrap_err();
        assert!(
            err.iter()
                .any(|p| p.msg.contains("request_open on Requests")),
            "{err:?}"
        );
        assert_eq!(m.lookup(&key('j'), Screen::Audit, Panel::OnDuty), None);
    }

    #[test]
    fn a_key_taken_in_the_same_scope_is_a_conflict_naming_the_line() {
        // `o` is check-out on the home screen's first two panels.
        let err = Keymap::with_overrides(&[o("force_rest", &["o"], 7)]).unwrap_err();
        assert!(err.iter().all(|p| p.line == 7), "{err:?}");
        assert_eq!(err[0].field, "keys.force_rest");
        assert!(err[0].msg.contains("check_out"), "{err:?}");
        // Two overrides on one key: both lines are reported, whichever is first in the table.
        let err =
            Keymap::with_overrides(&[o("quit", &["Q"], 2), o("help", &["Q"], 5)]).unwrap_err();
        assert!(err.iter().any(|p| p.line == 2 || p.line == 5), "{err:?}");
        // A key taken only on another screen is no conflict: `d` is "done" on requests only.
        assert!(Keymap::with_overrides(&[o("force_rest", &["d"], 1)]).is_ok());
        // Swapping two keys is fine.
        assert!(
            Keymap::with_overrides(&[o("check_out", &["f"], 1), o("force_rest", &["o"], 2)])
                .is_ok()
        );
    }

    #[test]
    fn unknown_actions_and_bad_keys_are_all_reported_and_nothing_applies() {
        let err = Keymap::with_overrides(&[
            o("force_rest", &["F"], 1),
            o("launch_rockets", &["L"], 2),
            o("quit", &["ctrl-q"], 3),
            o("help", &[], 4),
        ])
        .unwrap_err();
        let lines: Vec<usize> = err.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![2, 3, 4], "{err:?}");
        assert!(err[0].msg.contains("unknown action 'launch_rockets'"));
    }

    #[test]
    fn no_default_binding_needs_a_modifier_or_clashes() {
        let m = Keymap::default();
        assert!(m.conflicts(&[]).is_empty(), "{:?}", m.conflicts(&[]));
        for b in &m.bindings {
            for k in &b.keys {
                if let K::Ch(c) = k {
                    assert!(!c.is_control(), "{}", b.name);
                }
            }
        }
    }
}
