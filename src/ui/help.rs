//! `?`: every key, from the same table that drives the handler and the footer.

use super::layout::centered;
use super::text::{fit, pad};
use crate::app::App;
use crate::app::keys::BINDINGS;
use crate::i18n::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let l = app.lang;
    let mut entries: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    for b in BINDINGS
        .iter()
        .filter(|b| b.screens.is_empty() || b.screens.contains(&app.screen))
    {
        // Focus 1–4 share one description; show them once.
        if seen.contains(&b.desc) {
            continue;
        }
        seen.push(b.desc);
        let label = if b.desc == "key.focus" {
            "1–4"
        } else {
            b.label
        };
        let panels = if b.panels.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = b.panels.iter().map(|p| t(l, p.title_key())).collect();
            format!("  ({})", names.join(", "))
        };
        entries.push(format!(" {} {}{panels}", pad(label, 8), t(l, b.desc)));
    }
    // Two columns when one does not fit the height.
    let room = area.height.saturating_sub(4) as usize;
    let two = entries.len() > room;
    let (w, rows) = if two {
        (area.width.min(120), entries.len().div_ceil(2))
    } else {
        (64, entries.len())
    };
    let col = if two {
        (w.saturating_sub(2) / 2) as usize
    } else {
        w.saturating_sub(2) as usize
    };
    let mut lines: Vec<Line> = (0..rows)
        .map(|i| {
            let left = pad(&entries[i], col);
            let right = if two {
                entries
                    .get(i + rows)
                    .map(|e| fit(e, col))
                    .unwrap_or_default()
            } else {
                String::new()
            };
            Line::from(format!("{left}{right}"))
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(format!(" {}", t(l, "help.close"))).italic());
    let h = lines.len() as u16 + 2;
    let r = centered(area, w, h);
    f.render_widget(Clear, r);
    // And the column left of it: a wide character there would spill over the left border.
    if r.x > area.x {
        f.render_widget(Clear, Rect::new(r.x - 1, r.y, 1, r.height));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", t(l, "help.title")).bold());
    f.render_widget(Paragraph::new(lines).block(block), r);
}
