//! The second key of an action that cannot be taken back: the question, and which keys answer.
//! The form it came from stays drawn underneath.

use super::layout::centered;
use super::text::width;
use crate::app::App;
use crate::app::confirm::{Confirm, keys_line};
use crate::i18n::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

pub fn render(f: &mut Frame, area: Rect, app: &App, c: &Confirm) {
    if let Some(form) = &c.form {
        super::form::render(f, area, app, form);
    }
    let l = app.lang;
    let w = area.width.saturating_sub(8).min(64);
    let inner = w.saturating_sub(2).max(1) as usize;
    let lines = vec![
        Line::from(Span::styled(c.question.clone(), app.theme.critical)),
        Line::from(""),
        Line::from(Span::styled(keys_line(l), app.theme.dim)),
    ];
    let rows = width(&c.question).div_ceil(inner).max(1) + width(keys_line(l)).div_ceil(inner) + 1;
    let r = centered(area, w, rows as u16 + 2);
    f.render_widget(Clear, r);
    if r.x > area.x {
        f.render_widget(Clear, Rect::new(r.x - 1, r.y, 1, r.height));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .title(format!(" {} ", t!(l, "confirm.title")).bold());
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        r,
    );
}
