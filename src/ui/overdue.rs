//! Overdue for rest (超时待休): every rule broken, and the one measure of how far over —
//! time on duty since the shift first broke a rule — longest first (the same figure as the
//! watch list, the alerts and the person's record).

use super::table::{Column, PanelRows, draw};
use crate::app::App;
use crate::app::keys::Panel;
use crate::i18n;
use crate::i18n::key;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    // Borders, the selection mark, the name and over columns and the gaps between them.
    let rule_width = (area.width as usize).saturating_sub(2 + 2 + 8 + 7 + 2);
    let rows = app
        .home
        .overdue
        .rows
        .iter()
        .map(|r| {
            // Every rule broken, worst first: in full when the column holds them, else each
            // in a few characters, so none is cut off.
            let full: Vec<String> = r
                .breaches
                .iter()
                .map(|b| i18n::breach(app.lang, b))
                .collect();
            let full = full.join(" · ");
            let short: Vec<String> = r
                .breaches
                .iter()
                .map(|b| i18n::breach_short(app.lang, b))
                .collect();
            let short = short.join("·");
            let tags: Vec<&str> = r
                .breaches
                .iter()
                .map(|b| i18n::breach_tag(app.lang, b))
                .collect();
            let rules = [full, short, tags.join("·")]
                .into_iter()
                .find(|s| super::text::width(s) <= rule_width)
                .unwrap_or_else(|| tags.join(""));
            vec![
                (r.name.clone(), Style::new()),
                (rules, app.theme.bad),
                (i18n::in_breach(app.now, r.breach_at), app.theme.critical),
            ]
        })
        .collect();
    let columns = vec![
        Column {
            title: Some(key!("col.name")),
            width: Constraint::Length(8),
        },
        Column {
            title: Some(key!("col.rule")),
            width: Constraint::Fill(1),
        },
        Column {
            title: Some(key!("col.over")),
            width: Constraint::Length(7),
        },
    ];
    draw(f, area, app, Panel::Overdue, PanelRows { columns, rows });
}
