//! `?`: every key, from the same table that drives the handler and the footer.

use super::layout::centered;
use super::text::{fit, pad};
use crate::app::App;
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
    let mut asking = false;
    for b in app
        .keymap
        .bindings
        .iter()
        .filter(|b| b.screens.is_empty() || b.screens.contains(&app.screen))
    {
        // Focus 1–4 share one description; show them once.
        if seen.contains(&b.desc) {
            continue;
        }
        seen.push(b.desc);
        let label = if b.desc == crate::app::keymap::Desc::Key(crate::key!("key.focus")) {
            "1–4"
        } else {
            &b.label
        };
        let panels = if b.panels.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = b.panels.iter().map(|p| t(l, p.title_key())).collect();
            format!("  ({})", names.join(", "))
        };
        // Keys that act for good ask a second key first: marked *, explained below.
        let label = if crate::app::confirm::asks(b.action) {
            asking = true;
            format!("{label}*")
        } else {
            label.to_string()
        };
        entries.push(format!(" {} {}{panels}", pad(&label, 8), b.desc.text(l)));
    }
    // Too many keys for one column at this height: as many columns side by side as it takes
    // (borders, a blank line and "press any key" take 4 rows).
    let rows = (area.height as usize)
        .saturating_sub(if asking { 5 } else { 4 })
        .max(1);
    let ncols = entries.len().div_ceil(rows).clamp(1, 4);
    let col_w = if ncols > 1 {
        (area.width.saturating_sub(2) as usize / ncols).max(1)
    } else {
        62
    };
    let mut lines: Vec<Line> = Vec::new();
    if ncols > 1 {
        let per = entries.len().div_ceil(ncols);
        for i in 0..per {
            let mut line = String::new();
            for c in 0..ncols {
                let e = entries.get(c * per + i).map_or("", String::as_str);
                line += &if c + 1 < ncols {
                    pad(e, col_w)
                } else {
                    fit(e, col_w)
                };
            }
            lines.push(Line::from(line));
        }
    } else {
        lines.extend(entries.into_iter().map(Line::from));
    }
    lines.push(Line::from(""));
    if asking {
        lines.push(Line::from(format!(" {}", t!(l, "help.asks"))));
    }
    lines.push(Line::from(format!(" {}", t!(l, "help.close"))).italic());
    let h = lines.len() as u16 + 2;
    let r = centered(
        area,
        if ncols > 1 {
            (col_w * ncols) as u16 + 2
        } else {
            64
        },
        h,
    );
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", t!(l, "help.title")).bold());
    f.render_widget(Paragraph::new(lines).block(block), r);
}
