//! Pending family-support cases (待办家属帮扶): most urgent and oldest first, who holds each,
//! and those open longer than the configured days marked "!".

use super::table::{Column, PanelRows, draw};
use crate::app::App;
use crate::app::keys::Panel;
use crate::i18n::t;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let l = app.lang;
    let rows = app
        .home
        .cases
        .rows
        .iter()
        .map(|r| {
            let urg = t(l, &format!("urgency.{}", r.urgency.clamp(1, 3)));
            let urg_style = if r.urgency >= 3 {
                app.theme.critical
            } else {
                Style::new()
            };
            let days = (app.now - r.opened_at).max(0) / 86_400;
            let holder = match (&r.organisation, &r.helper) {
                (Some(o), Some(h)) => format!("{} {h}", t(l, &format!("org.{o}"))),
                (Some(o), None) => t(l, &format!("org.{o}")).to_string(),
                _ => "—".to_string(),
            };
            vec![
                (urg.to_string(), urg_style),
                (r.name.clone(), Style::new()),
                (
                    t(l, &format!("case.{}", r.category)).to_string(),
                    Style::new(),
                ),
                (
                    t(l, &format!("status.{}", r.status)).to_string(),
                    Style::new(),
                ),
                if crate::domain::care::case_overdue(
                    r.opened_at,
                    app.now,
                    app.rules.case_overdue_days,
                ) {
                    (format!("{days}{}!", t(l, "days")), app.theme.critical)
                } else {
                    (format!("{days}{}", t(l, "days")), Style::new())
                },
                (holder, Style::new()),
            ]
        })
        .collect();
    let columns = vec![
        Column {
            title: "col.urgency",
            width: Constraint::Length(4),
        },
        Column {
            title: "col.name",
            width: Constraint::Length(8),
        },
        Column {
            title: "col.category",
            width: Constraint::Length(8),
        },
        Column {
            title: "col.status",
            width: Constraint::Length(6),
        },
        Column {
            title: "col.age",
            width: Constraint::Length(5),
        },
        Column {
            title: "col.holder",
            width: Constraint::Fill(1),
        },
    ];
    draw(f, area, app, Panel::Cases, PanelRows { columns, rows });
}
