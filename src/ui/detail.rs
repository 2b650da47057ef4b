//! A read-only detail view (an audit entry in words): a titled box over the screen; any key
//! closes it.

use super::layout::centered;
use super::text::width;
use crate::app::{App, Detail};
use crate::i18n::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

pub fn render(f: &mut Frame, area: Rect, app: &App, d: &Detail) {
    let w = area.width.saturating_sub(4).min(100);
    let inner = w.saturating_sub(2).max(1) as usize;
    let close = t!(app.lang, "detail.close");
    let mut lines: Vec<Line> = d
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                Line::from(Span::raw(l.clone()).bold())
            } else {
                Line::from(l.clone())
            }
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(close, app.theme.dim)));
    let rows: usize = d
        .lines
        .iter()
        .map(|l| width(l).div_ceil(inner).max(1))
        .sum::<usize>()
        + 2;
    let h = (rows as u16 + 2).min(area.height.saturating_sub(2));
    let r = centered(area, w, h);
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .title(format!(" {} ", d.title).bold());
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        r,
    );
}
