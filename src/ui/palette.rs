//! The command palette overlay: what was typed, then the matching actions with their keys.

use super::layout::centered;
use super::text::{fit, pad, width};
use crate::app::App;
use crate::app::palette::{Palette, matching};
use crate::i18n::t;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn render(f: &mut Frame, area: Rect, app: &App, p: &Palette) {
    let l = app.lang;
    let th = &app.theme;
    let w = area.width.saturating_sub(4).min(72);
    let h = area.height.saturating_sub(4).min(20);
    let r = centered(area, w, h);
    f.render_widget(Clear, r);
    let found = matching(app, p.input.value());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.focus)
        .title(Line::from(vec![
            Span::styled(format!(" {} ", t!(l, "palette.title")), th.header),
            Span::raw(format!(" {} ", found.len())),
        ]));
    let inner = block.inner(r);
    f.render_widget(block, r);
    let iw = inner.width as usize;
    let prompt = "> ";
    let mut lines = vec![Line::from(vec![
        Span::raw(prompt),
        Span::raw(p.input.value().to_string()),
    ])];
    let rows = (inner.height as usize).saturating_sub(2);
    let sel = p.selected.min(found.len().saturating_sub(1));
    let first = sel.saturating_sub(rows.saturating_sub(1));
    lines.push(Line::from(Span::styled("─".repeat(iw), th.dim)));
    if found.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(" {}", t!(l, "palette.none")),
            th.dim,
        )));
    }
    for (i, e) in found.iter().enumerate().skip(first).take(rows) {
        let mark = if i == sel { "▶" } else { " " };
        let recent = if e.recent { "↺" } else { " " };
        let place = e
            .screen
            .map(|s| format!(" · {}", s.title(l)))
            .unwrap_or_default();
        let key = format!(" {} ", e.key);
        let left_w = iw.saturating_sub(width(&key) + 1);
        let left = pad(
            &fit(&format!("{mark}{recent} {}{place}", e.label), left_w),
            left_w,
        );
        let mut spans = vec![Span::raw(left), Span::raw(" "), Span::styled(key, th.key)];
        if i == sel {
            spans = spans
                .into_iter()
                .map(|s| {
                    let st = s.style.patch(th.selected);
                    s.style(st)
                })
                .collect();
        }
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), inner);
    let x = inner.x + (width(prompt) + p.input.visual_cursor()) as u16;
    f.set_cursor_position(Position::new(
        x.min(inner.right().saturating_sub(1)),
        inner.y,
    ));
}
