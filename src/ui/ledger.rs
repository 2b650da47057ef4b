//! Compensatory leave owed (补休台账), most first; and the watch list (休息预警): on-duty people
//! who have broken a rest rule or will within the warning horizon, soonest first.

use super::table::{Column, PanelRows, draw_screen_list};
use crate::app::App;
use crate::app::screens::ScreenData;
use crate::domain::time::{fmt_minutes, fmt_short, to_local};
use crate::i18n::{key, t};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;

fn col(title: crate::i18n::Key, width: Constraint) -> Column {
    Column {
        title: Some(title),
        width,
    }
}

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::Ledger(page) = &app.data else {
        return;
    };
    let l = app.lang;
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let h = r.owed_minutes as f64 / 60.0;
            vec![
                (r.name.clone(), Style::new()),
                (r.staff_code.clone(), app.theme.dim),
                (r.community.clone().unwrap_or_default(), Style::new()),
                (format!("{h:.1}h"), Style::new().bold()),
                (format!("{:.1}{}", h / 24.0, t!(l, "days")), Style::new()),
                (
                    r.last_entry
                        .map(|a| fmt_short(a, app.tz))
                        .unwrap_or_default(),
                    app.theme.dim,
                ),
            ]
        })
        .collect();
    let columns = vec![
        col(key!("col.name"), Constraint::Length(8)),
        col(key!("col.code"), Constraint::Length(9)),
        col(key!("col.community"), Constraint::Fill(1)),
        col(key!("col.owed"), Constraint::Length(7)),
        col(key!("col.owed_days"), Constraint::Length(6)),
        col(key!("col.last"), Constraint::Length(11)),
    ];
    draw_screen_list(
        f,
        area,
        app,
        crate::app::screens::Screen::Ledger.title(l),
        page.total,
        PanelRows { columns, rows },
    );
}

pub fn render_watch(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::Watch(page) = &app.data else {
        return;
    };
    let l = app.lang;
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let mins = (r.breach_at - app.now) / 60;
            let (when, style) = if r.breach_at <= app.now {
                (
                    format!("✗ {}", crate::i18n::in_breach(app.now, r.breach_at)),
                    app.theme.critical,
                )
            } else {
                (
                    format!("⚠ {} {}", t!(l, "watch.in"), fmt_minutes(mins + 1)),
                    app.theme.caution,
                )
            };
            vec![
                (r.name.clone(), Style::new()),
                (r.post.clone(), Style::new()),
                (
                    to_local(r.since, app.tz).format("%H:%M").to_string(),
                    Style::new(),
                ),
                (crate::i18n::words::rule(l, &r.rule).to_string(), style),
                (when, style),
            ]
        })
        .collect();
    let columns = vec![
        col(key!("col.name"), Constraint::Length(8)),
        col(key!("col.post"), Constraint::Fill(1)),
        col(key!("col.since"), Constraint::Length(5)),
        col(key!("col.rule_kind"), Constraint::Length(19)),
        col(key!("col.when"), Constraint::Length(11)),
    ];
    let title = format!(
        "{} · {}",
        crate::app::screens::Screen::Watch.title(l),
        t!(l, "watch.horizon").replace("{h}", &format!("{}", app.rules.warn_within_hours))
    );
    draw_screen_list(
        f,
        area,
        app,
        &title,
        page.total,
        PanelRows { columns, rows },
    );
}
