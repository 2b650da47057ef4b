//! Logistics requests screen (后勤保障): meals, lodging, heat relief, night duty and transport
//! still to arrange or deliver, by the time they are needed; late ones marked in words.

use super::table::{Column, PanelRows, View, draw_list};
use crate::app::App;
use crate::app::screens::ScreenData;
use crate::domain::RequestStatus;
use crate::domain::time::fmt_short;
use crate::i18n::t;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::Requests(page) = &app.data else {
        return;
    };
    let l = app.lang;
    let wide = area.width >= 100;
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let late = r.status != RequestStatus::Done && r.needed_by < app.now;
            let who = match (&r.post, &r.person) {
                (Some(p), Some(n)) => format!("{p} · {n}"),
                (Some(p), None) => p.clone(),
                (None, Some(n)) => n.clone(),
                (None, None) => "—".into(),
            };
            let status_style = match r.status {
                RequestStatus::Open => Style::new().bold(),
                RequestStatus::Arranged => app.theme.ok,
                RequestStatus::Done => app.theme.dim,
            };
            let mut cells = vec![
                (r.id.to_string(), app.theme.dim),
                (
                    fmt_short(r.needed_by, app.tz),
                    if late {
                        app.theme.critical
                    } else {
                        Style::new()
                    },
                ),
                (
                    if late {
                        format!("⚠{}", t(l, "req.late"))
                    } else {
                        String::new()
                    },
                    app.theme.critical,
                ),
                (t(l, &format!("req.{}", r.kind)).to_string(), Style::new()),
                (
                    t(l, &format!("req_status.{}", r.status)).to_string(),
                    status_style,
                ),
                (r.quantity.to_string(), Style::new()),
                (who, Style::new()),
            ];
            if wide {
                let note = match &r.arrangement {
                    Some(a) if !a.is_empty() => format!("{} → {a}", r.note),
                    _ => r.note.clone(),
                };
                cells.push((note, app.theme.dim));
            }
            cells
        })
        .collect();
    let col = |title, width| Column { title, width };
    let mut columns = vec![
        col("col.id", Constraint::Length(4)),
        col("col.needed_by", Constraint::Length(11)),
        col("", Constraint::Length(5)),
        col("col.kind", Constraint::Length(11)),
        col("col.status", Constraint::Length(8)),
        col("col.qty", Constraint::Length(4)),
        col("col.requester", Constraint::Fill(3)),
    ];
    if wide {
        columns.push(col("col.note", Constraint::Fill(2)));
    }
    let list = app.list();
    let view = View {
        number: None,
        title: t(l, "screen.requests"),
        total: page.total,
        focused: true,
        list: &list,
    };
    draw_list(f, area, app, view, PanelRows { columns, rows });
}
