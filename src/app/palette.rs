//! The command palette (`:`): every action and screen of the keymap, found by a few letters of
//! its English or Chinese label, its pinyin initials or its name, recent ones first. Enter runs
//! the action through the same `act` path as its key.

use super::keymap::Bound;
use super::keys::{KeyAction, Panel, Screen};
use super::{App, Effect, Mode};
use crate::i18n::Lang;
use crate::i18n::t;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;

/// How many recent commands are remembered.
const RECENT: usize = 12;

/// What the palette remembers outside its overlay.
#[derive(Debug, Clone, Default)]
pub struct PaletteMemory {
    /// Action names, most recent first (kept beside the database by the console).
    pub recent: Vec<String>,
    /// An action picked for another screen: run once that screen's rows have arrived.
    pub pending: Option<KeyAction>,
}

#[derive(Debug, Clone, Default)]
pub struct Palette {
    pub input: tui_input::Input,
    pub selected: usize,
}

/// One line of the palette.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub name: String,
    pub action: KeyAction,
    /// The label in the interface's language.
    pub label: String,
    /// The key as bound now ("F", "↑/k").
    pub key: String,
    /// The screen it belongs to, when it is not global.
    pub screen: Option<Screen>,
    pub panel: Option<Panel>,
    pub recent: bool,
    /// Lower-case English label, Chinese label, pinyin initials and name, for matching.
    haystack: Vec<String>,
}

fn label(lang: Lang, b: &Bound) -> String {
    let base = b.desc.text(lang);
    match b.action {
        KeyAction::Focus(n) => {
            let p = t(lang, Panel::ALL[n.min(3)].title_key());
            format!("{} {}", base.trim_end_matches(" 1–4"), p)
        }
        KeyAction::Go(_) => format!("{} {base}", t!(lang, "palette.go")),
        _ => base.to_string(),
    }
}

/// Pinyin initials of the Chinese label ("强制休息" → "qzxx"); other characters kept as they are.
pub fn initials(text: &str) -> String {
    use pinyin::ToPinyin;
    text.chars()
        .filter_map(|c| match c.to_pinyin() {
            Some(p) => p.first_letter().chars().next(),
            None => c.is_alphanumeric().then(|| c.to_ascii_lowercase()),
        })
        .collect()
}

/// The palette's recent commands, kept beside the database (`frontline.recent`), one action
/// name a line; a missing or unreadable file is no history.
pub fn load_recent(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && l.len() < 64)
        .take(RECENT)
        .map(str::to_string)
        .collect()
}

/// Best effort: a read-only directory only loses the history.
pub fn save_recent(path: &std::path::Path, recent: &[String]) {
    let _ = crate::files::write_private(
        path,
        (recent.join("\n") + "\n").as_bytes(),
        crate::files::Existing::Replace,
    );
}

/// Every entry of the keymap, once per action, recent first (most recent on top).
pub fn entries(app: &App) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for b in &app.keymap.bindings {
        if b.action == KeyAction::Palette || out.iter().any(|e| e.name == b.name) {
            continue;
        }
        let [en, zh] = crate::i18n::in_both(|l| label(l, b));
        let haystack = vec![
            en.to_lowercase(),
            zh.clone(),
            initials(&zh),
            b.name.replace('_', " "),
        ];
        out.push(Entry {
            name: b.name.clone(),
            action: b.action,
            label: crate::i18n::pick(app.lang, en, zh),
            key: b.label.clone(),
            screen: b.screens.first().copied().filter(|_| {
                !matches!(b.action, KeyAction::Go(_)) && !b.screens.contains(&app.screen)
            }),
            panel: b.panels.first().copied(),
            recent: false,
            haystack,
        });
    }
    let mut recent: Vec<Entry> = Vec::new();
    for name in &app.palette.recent {
        if let Some(i) = out.iter().position(|e| &e.name == name) {
            let mut e = out.remove(i);
            e.recent = true;
            recent.push(e);
        }
    }
    // Moving about (arrows, paging, panels, filter, quit) after the actions and screens.
    let (nav, acts): (Vec<Entry>, Vec<Entry>) = out.into_iter().partition(|e| {
        use KeyAction as A;
        matches!(
            e.action,
            A::Up
                | A::Down
                | A::PageUp
                | A::PageDown
                | A::Top
                | A::Bottom
                | A::NextPanel
                | A::PrevPanel
                | A::Focus(_)
                | A::Back
                | A::Filter
                | A::Quit
                | A::Help
        )
    });
    recent.extend(acts);
    recent.extend(nav);
    recent
}

/// The entries matching `query`: every word of it found in one of the entry's texts. Recent
/// ones stay first; then those where a text starts with the query ("qz" → 强制休息 before
/// anything with "qz" inside).
pub fn matching(app: &App, query: &str) -> Vec<Entry> {
    let q = query.trim().to_lowercase();
    let words: Vec<&str> = q.split_whitespace().collect();
    let mut found: Vec<Entry> = entries(app)
        .into_iter()
        .filter(|e| {
            words
                .iter()
                .all(|w| e.haystack.iter().any(|h| h.contains(w)) || e.key.eq_ignore_ascii_case(w))
        })
        .collect();
    if !q.is_empty() {
        found.sort_by_key(|e| (!e.recent, !e.haystack.iter().any(|h| h.starts_with(&q))));
    }
    found
}

impl App {
    /// After a refresh: the action picked for this screen, if one waits.
    pub(super) fn palette_refreshed(&mut self) -> Vec<Effect> {
        match self.palette.pending.take() {
            Some(a) => self.act(a),
            None => vec![],
        }
    }

    pub(super) fn open_palette(&mut self) -> Vec<Effect> {
        self.mode = Mode::Palette(Box::default());
        vec![]
    }

    pub(super) fn palette_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let Mode::Palette(p) = &mut self.mode else {
            return vec![];
        };
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc => self.mode = Mode::Normal,
            KeyCode::Up => p.selected = p.selected.saturating_sub(1),
            KeyCode::Char('p') if ctrl => p.selected = p.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Tab => p.selected += 1,
            KeyCode::Char('n') if ctrl => p.selected += 1,
            KeyCode::Enter => {
                let query = p.input.value().to_string();
                let sel = p.selected;
                let found = matching(self, &query);
                self.mode = Mode::Normal;
                if let Some(e) = found.get(sel.min(found.len().saturating_sub(1))) {
                    return self.run_entry(e.clone());
                }
            }
            _ => {
                if p.input
                    .handle_event(&Event::Key(k))
                    .is_some_and(|c| c.value)
                {
                    p.selected = 0;
                }
            }
        }
        // Keep the selection on a line that exists.
        let n = match &self.mode {
            Mode::Palette(p) => matching(self, p.input.value()).len(),
            _ => return vec![],
        };
        if let Mode::Palette(p) = &mut self.mode {
            p.selected = p.selected.min(n.saturating_sub(1));
        }
        vec![]
    }

    /// Go where the action works (its screen and panel), remember it, and run it as its key would.
    fn run_entry(&mut self, e: Entry) -> Vec<Effect> {
        let recent = &mut self.palette.recent;
        recent.retain(|n| n != &e.name);
        recent.insert(0, e.name.clone());
        recent.truncate(RECENT);
        if let Some(s) = e.screen
            && s != self.screen
        {
            self.go_to(s);
        }
        // At home, the panel the action works in (unless the focused one will do).
        let works_here =
            |b: &super::keymap::Bound| b.name == e.name && b.applies(Screen::Home, self.focus);
        if self.screen == Screen::Home
            && let Some(p) = e.panel
            && !self.keymap.bindings.iter().any(works_here)
        {
            self.focus = p;
        }
        // Another screen: act once its rows are loaded (a form prefilled from the selected row
        // needs them).
        if e.screen.is_some() {
            self.palette.pending = Some(e.action);
            return vec![Effect::Refresh];
        }
        self.act(e.action)
    }
}
