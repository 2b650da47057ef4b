//! Logistics requests screen (后勤保障): meals, lodging, heat relief, night duty and transport
//! still to arrange or deliver, by the time they are needed; late ones marked in words.

use super::table::{Column, PanelRows, draw_screen_list};
use crate::app::App;
use crate::app::screens::ScreenData;
use crate::domain::RequestStatus;
use crate::domain::time::fmt_short;
use crate::i18n::{key, t};
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
                        format!("⚠{}", t!(l, "req.late"))
                    } else {
                        String::new()
                    },
                    app.theme.critical,
                ),
                (
                    crate::i18n::words::req(l, r.kind.as_str()).to_string(),
                    Style::new(),
                ),
                (
                    crate::i18n::words::req_status(l, r.status.as_str()).to_string(),
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
    let col = |title, width| Column {
        title: Some(title),
        width,
    };
    let mut columns = vec![
        col(key!("col.id"), Constraint::Length(4)),
        col(key!("col.needed_by"), Constraint::Length(11)),
        Column {
            title: None,
            width: Constraint::Length(5),
        },
        col(key!("col.kind"), Constraint::Length(11)),
        col(key!("col.status"), Constraint::Length(8)),
        col(key!("col.qty"), Constraint::Length(4)),
        col(key!("col.requester"), Constraint::Fill(3)),
    ];
    if wide {
        columns.push(col(key!("col.note"), Constraint::Fill(2)));
    }
    draw_screen_list(
        f,
        area,
        app,
        crate::app::screens::Screen::Requests.title(l),
        page.total,
        PanelRows { columns, rows },
    );
}
