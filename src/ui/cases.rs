//! Pending family-support cases (待办家属帮扶): most urgent and oldest first, who holds each,
//! and those open longer than the configured days marked "!".

use super::table::{Column, PanelRows, draw};
use crate::app::App;
use crate::app::keys::Panel;
use crate::i18n::{key, t};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let l = app.lang;
    // A wide panel (a terminal of 120 columns and more): the words are not cut.
    let wide = area.width >= 60;
    let rows = app
        .home
        .cases
        .rows
        .iter()
        .map(|r| {
            let urg =
                crate::i18n::words::urgency(l, ["1", "2", "3"][r.urgency.clamp(1, 3) as usize - 1]);
            let urg_style = if r.urgency >= 3 {
                app.theme.critical
            } else {
                Style::new()
            };
            let days = (app.now - r.opened_at).max(0) / 86_400;
            let holder = match (&r.organisation, &r.helper) {
                (Some(o), Some(h)) => format!("{} {h}", crate::i18n::words::org(l, o)),
                (Some(o), None) => crate::i18n::words::org(l, o).to_string(),
                _ => "—".to_string(),
            };
            vec![
                (urg.to_string(), urg_style),
                (r.name.clone(), Style::new()),
                (
                    crate::i18n::words::case(l, r.category.as_str()).to_string(),
                    Style::new(),
                ),
                (
                    crate::i18n::words::case_status(l, r.status.as_str()).to_string(),
                    Style::new(),
                ),
                if crate::domain::care::case_overdue(
                    r.opened_at,
                    app.now,
                    app.rules.case_overdue_days,
                ) {
                    (format!("{days}{}!", t!(l, "days")), app.theme.critical)
                } else {
                    (format!("{days}{}", t!(l, "days")), Style::new())
                },
                (holder, Style::new()),
            ]
        })
        .collect();
    let columns = vec![
        Column {
            title: Some(key!("col.urgency")),
            width: Constraint::Length(4),
        },
        Column {
            title: Some(key!("col.name")),
            width: Constraint::Length(8),
        },
        Column {
            title: Some(key!("col.category")),
            width: Constraint::Length(if wide { 14 } else { 8 }),
        },
        Column {
            title: Some(key!("col.status")),
            width: Constraint::Length(if wide { 12 } else { 6 }),
        },
        Column {
            title: Some(key!("col.age")),
            width: Constraint::Length(5),
        },
        Column {
            title: Some(key!("col.holder")),
            width: Constraint::Fill(1),
        },
    ];
    draw(f, area, app, Panel::Cases, PanelRows { columns, rows });
}
