//! Overdue for rest (超时待休): every rule broken, worst first, and by how much.

use super::table::{Column, PanelRows, draw};
use crate::app::App;
use crate::app::keys::Panel;
use crate::i18n;
use crate::i18n::key;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let rows = app
        .home
        .overdue
        .rows
        .iter()
        .map(|r| {
            let b = &r.breaches[0];
            // Worst rule first, then the others; a narrow panel cuts the tail with "…".
            let all: Vec<String> = r
                .breaches
                .iter()
                .map(|b| i18n::breach(app.lang, b))
                .collect();
            vec![
                (r.name.clone(), Style::new()),
                (all.join(" · "), app.theme.bad),
                (i18n::over_by(app.lang, b), app.theme.critical),
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
