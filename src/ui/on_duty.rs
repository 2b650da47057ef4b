//! On duty (在岗人员): who, where, since when, hours so far (ticks with the clock).

use super::table::{Column, PanelRows, draw};
use crate::app::App;
use crate::app::keys::Panel;
use crate::domain::time::{fmt_minutes, to_local};
use crate::i18n::key;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let max_min = (app.rules.max_continuous_hours * 60.0) as i64;
    let rows = app
        .home
        .on_duty
        .rows
        .iter()
        .map(|r| {
            let mins = (app.now - r.since).max(0) / 60;
            let long = mins > max_min;
            vec![
                (r.name.clone(), Style::new()),
                (r.post.clone(), Style::new()),
                (
                    to_local(r.since, app.tz).format("%H:%M").to_string(),
                    Style::new(),
                ),
                (
                    format!("{}{}", fmt_minutes(mins), if long { "!" } else { "" }),
                    if long {
                        app.theme.caution.bold()
                    } else {
                        Style::new()
                    },
                ),
            ]
        })
        .collect();
    let columns = vec![
        Column {
            title: Some(key!("col.name")),
            width: Constraint::Length(8),
        },
        Column {
            title: Some(key!("col.post")),
            width: Constraint::Fill(1),
        },
        Column {
            title: Some(key!("col.since")),
            width: Constraint::Length(5),
        },
        Column {
            title: Some(key!("col.hours")),
            width: Constraint::Length(7),
        },
    ];
    draw(f, area, app, Panel::OnDuty, PanelRows { columns, rows });
}
