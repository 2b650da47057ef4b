//! Audit log screen (操作记录): every write, newest first, filterable; read-only.

use super::table::{Column, PanelRows, draw_screen_list};
use crate::app::App;
use crate::app::screens::ScreenData;
use crate::domain::time::fmt_full;
use crate::i18n::{audit, key};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::Audit(page) = &app.data else {
        return;
    };
    let rows = page
        .rows
        .iter()
        .map(|r| {
            vec![
                (r.id.to_string(), app.theme.dim),
                (fmt_full(r.at, app.tz), Style::new()),
                (r.operator.clone(), Style::new()),
                (audit::action(app.lang, &r.action), Style::new().bold()),
                (audit::who(app.lang, r), Style::new()),
                (audit::summary(app.lang, app.tz, r), app.theme.dim),
            ]
        })
        .collect();
    let columns = vec![
        Column {
            title: Some(key!("col.id")),
            width: Constraint::Length(6),
        },
        Column {
            title: Some(key!("col.time")),
            width: Constraint::Length(16),
        },
        Column {
            title: Some(key!("col.operator")),
            width: Constraint::Length(12),
        },
        Column {
            title: Some(key!("col.action")),
            width: Constraint::Length(14),
        },
        Column {
            title: Some(key!("col.target")),
            width: Constraint::Length(14),
        },
        Column {
            title: Some(key!("col.details")),
            width: Constraint::Fill(1),
        },
    ];
    draw_screen_list(
        f,
        area,
        app,
        crate::app::screens::Screen::Audit.title(app.lang),
        page.total,
        PanelRows { columns, rows },
    );
}
