//! The Handover screen (交接班): other desks' recent actions, then this desk's shift — the log,
//! every action in words, alerts, forced rests, cases, low stock, and the next shift change.

use super::table::{Column, PanelRows, View, draw_list};
use crate::app::App;
use crate::app::screens::ScreenData;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::Handover(page, title) = &app.data else {
        return;
    };
    let rows = page
        .rows
        .iter()
        .map(|l| {
            let style = if l.heading {
                Style::new().bold()
            } else {
                Style::new()
            };
            vec![(l.text.clone(), style)]
        })
        .collect();
    let columns = vec![Column {
        title: None,
        width: Constraint::Fill(1),
    }];
    let list = app.list();
    let view = View {
        number: None,
        title,
        total: page.total,
        focused: true,
        list: &list,
    };
    draw_list(f, area, app, view, PanelRows { columns, rows });
}
