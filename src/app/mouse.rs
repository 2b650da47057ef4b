//! The mouse: a click focuses a home panel and selects the row under it; a click on a header
//! count opens the list behind it (`app::header`, the parts the painter draws); the wheel
//! scrolls the list under the pointer. Same layout arithmetic as the painter (`app::layout`), and the same
//! `act` path as the keys, so a click and `j`/`k` end in the same state.

use super::header::ClickTarget;
use super::keys::{KeyAction, Panel, Screen};
use super::layout;
use super::{App, Effect, Mode};
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

/// Rows the wheel moves per notch.
const WHEEL: usize = 3;

/// Lines a full screen draws above its list (summary, alert); below-the-list lines do not
/// shift rows.
fn lines_above(screen: Screen) -> u16 {
    screen.def().above
}

impl App {
    pub(super) fn mouse(&mut self, m: MouseEvent) -> Vec<Effect> {
        if !self.mouse_on || !matches!(self.mode, Mode::Normal) || self.too_small() {
            return vec![];
        }
        let area = Rect::new(0, 0, self.size.0, self.size.1);
        let at = Position::new(m.column, m.row);
        if layout::screen(area).header.contains(at) {
            return match m.kind {
                MouseEventKind::Down(MouseButton::Left) => self.header_click(m.column),
                _ => vec![],
            };
        }
        // The list under the pointer and its first data row's screen line.
        let list: Option<(Rect, u16)> = if self.screen == Screen::Home {
            let l = layout::home_fit(area, self.lower_need());
            Panel::ALL
                .iter()
                .find(|p| l.panels[p.index()].contains(at))
                .map(|p| {
                    self.focus = *p;
                    let r = l.panels[p.index()];
                    (r, r.y + 2)
                })
        } else {
            let body = layout::screen(area).body;
            body.contains(at)
                .then(|| (body, body.y + lines_above(self.screen) + 2))
        };
        let Some((rect, first)) = list else {
            return vec![];
        };
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                // Rows on screen are inside the window: no re-query needed.
                if m.row >= first && m.row + 1 < rect.bottom() {
                    let row = self.list().offset + usize::from(m.row - first);
                    if row < self.current_total() {
                        self.list_mut().selected = row;
                    }
                }
                vec![]
            }
            MouseEventKind::ScrollDown => {
                (0..WHEEL).flat_map(|_| self.act(KeyAction::Down)).collect()
            }
            MouseEventKind::ScrollUp => (0..WHEEL).flat_map(|_| self.act(KeyAction::Up)).collect(),
            _ => vec![],
        }
    }
}

impl App {
    /// A click on the header at `col`: a count opens its list through the same `Go` as its key
    /// (the Overdue count focuses the home screen's Overdue panel); elsewhere nothing.
    fn header_click(&mut self, col: u16) -> Vec<Effect> {
        let Some(a) = self.header_alert_at(col) else {
            return vec![];
        };
        match a.target() {
            ClickTarget::Screen(s) => self.act(KeyAction::Go(s)),
            ClickTarget::Panel(p) => {
                let e = self.act(KeyAction::Go(Screen::Home));
                self.focus = p;
                e
            }
        }
    }
}
