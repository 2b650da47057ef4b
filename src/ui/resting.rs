//! Resting board (休息人员, `X`): everyone in forced rest (or, with `v`, any rest) — the kind,
//! since, until, time left and the shift they are due back for; the selected rest's reason below.

use super::table::{Column, PanelRows, draw_screen_list};
use super::text::fit;
use crate::app::App;
use crate::app::screens::ScreenData;
use crate::domain::time::{fmt_minutes, fmt_short};
use crate::i18n::{key, t, words};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::widgets::Paragraph;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::Resting(page, forced_only) = &app.data else {
        return;
    };
    let (l, th) = (app.lang, &app.theme);
    let wide = area.width >= 120;
    let [body, detail] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let forced = r.kind == "forced";
            let kind_style = if forced { th.warn } else { Style::new() };
            let left = (r.until - app.now).max(0) / 60;
            let back = match (r.back_at, &r.back_post) {
                (Some(at), Some(p)) if wide => format!("{} {p}", fmt_short(at, app.tz)),
                (Some(at), _) => fmt_short(at, app.tz),
                _ => t!(l, "resting.none_planned").to_string(),
            };
            let mut row = vec![
                (r.name.clone(), Style::new()),
                (r.staff_code.clone(), th.dim),
                (
                    format!(
                        "{}{}",
                        if forced { "⚠" } else { "☾" },
                        words::rest(l, &r.kind)
                    ),
                    kind_style,
                ),
                (fmt_short(r.since, app.tz), Style::new()),
                (fmt_short(r.until, app.tz), Style::new().bold()),
                (fmt_minutes(left), Style::new()),
                (back, Style::new()),
            ];
            if wide {
                row.push((r.phone.clone(), th.dim));
                row.push((r.reason.clone(), th.dim));
            }
            row
        })
        .collect();
    let col = |title, width| Column {
        title: Some(title),
        width,
    };
    let mut columns = vec![
        col(key!("col.name"), Constraint::Length(8)),
        col(key!("col.code"), Constraint::Length(9)),
        col(key!("col.rest_kind"), Constraint::Length(13)),
        col(key!("col.rest_since"), Constraint::Length(11)),
        col(key!("col.rest_until"), Constraint::Length(11)),
        col(key!("col.time_left"), Constraint::Length(6)),
    ];
    if wide {
        columns.push(col(key!("col.due_back"), Constraint::Length(28)));
        columns.push(col(key!("col.phone"), Constraint::Length(12)));
        columns.push(col(key!("col.reason"), Constraint::Fill(1)));
    } else {
        columns.push(col(key!("col.due_back"), Constraint::Fill(1)));
    }
    let title = format!(
        "{} · {}",
        crate::app::screens::Screen::Resting.title(l),
        if *forced_only {
            t!(l, "resting.forced_only")
        } else {
            t!(l, "resting.everyone")
        }
    );
    let list = app.list();
    draw_screen_list(
        f,
        body,
        app,
        &title,
        page.total,
        PanelRows { columns, rows },
    );
    // The selected rest's reason and phone, whole.
    let sel = list.in_window().and_then(|i| page.rows.get(i));
    let text = sel.map_or(String::new(), |r| {
        format!(
            " {} ({}) {} · {}: {}",
            r.name,
            r.staff_code,
            r.phone,
            t!(l, "col.reason"),
            if r.reason.is_empty() {
                "—"
            } else {
                &r.reason
            }
        )
    });
    f.render_widget(
        Paragraph::new(fit(&text, detail.width as usize)).dark_gray(),
        detail,
    );
}
