//! Footer: the result of the last action, and the keys that work here (from the key table).

use super::text::fit;
use crate::app::{App, Mode};
use crate::i18n::t;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(f: &mut Frame, status: Rect, hints: Rect, app: &App) {
    let (mark, style) = if app.status.error {
        ("✗ ", app.theme.error)
    } else {
        ("✓ ", app.theme.ok)
    };
    let text = fit(&format!("{mark}{}", app.status.text), status.width as usize);
    f.render_widget(Paragraph::new(Span::styled(text, style)), status);

    if let Mode::Filter(input) = &app.mode {
        let prompt = format!(" {}: ", t!(app.lang, "filter.prompt"));
        let line = Line::from(vec![
            Span::raw(prompt.clone()).reversed(),
            Span::raw(" "),
            Span::raw(input.value().to_string()),
        ]);
        f.render_widget(Paragraph::new(line), hints);
        let x = hints.x + (super::text::width(&prompt) + 1 + input.visual_cursor()) as u16;
        f.set_cursor_position(Position::new(
            x.min(hints.right().saturating_sub(1)),
            hints.y,
        ));
        return;
    }
    let mut spans = Vec::new();
    let mut shown: Vec<_> = app
        .keymap
        .bindings
        .iter()
        .filter(|b| b.hint && b.applies(app.screen, app.focus))
        .collect();
    // On a full screen its own keys come first, so a narrow footer still shows them.
    if app.screen != crate::app::keys::Screen::Home {
        shown.sort_by_key(|b| b.screens.is_empty());
    }
    for b in shown {
        spans.push(Span::styled(format!(" {} ", b.label), app.theme.key));
        spans.push(Span::raw(format!(" {}  ", t(app.lang, b.desc))));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), hints);
}
