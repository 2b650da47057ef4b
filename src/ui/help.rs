//! `?`: every key, from the same table that drives the handler and the footer.

use super::layout::centered;
use super::text::pad;
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
    let mut lines: Vec<Line> = Vec::new();
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
        lines.push(Line::from(format!(
            " {} {}{panels}",
            pad(label, 8),
            t(l, b.desc)
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(format!(" {}", t(l, "help.close"))).italic());
    let h = lines.len() as u16 + 2;
    let r = centered(area, 64, h);
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", t(l, "help.title")).bold());
    f.render_widget(Paragraph::new(lines).block(block), r);
}
