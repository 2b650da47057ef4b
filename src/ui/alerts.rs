//! Alerts screen (警报, `N`): every open alert — positive tests, rest rules crossed, low items —
//! each with its kind in words and a symbol; `a` acknowledges the selected one (audited).

use super::table::{Column, PanelRows, draw_screen_list};
use crate::app::App;
use crate::app::screens::ScreenData;
use crate::i18n::{self, key, t};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::Alerts(page) = &app.data else {
        return;
    };
    let (l, th) = (app.lang, &app.theme);
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let (kind, style) = match r.kind {
                "positive_test" => ("⚠ ", th.alert),
                "rest" => ("⏱ ", th.alert),
                _ => ("▼ ", th.warn),
            };
            let name = i18n::notes::name_in(l, &r.name, &r.name_en);
            let detail = match (r.kind, &r.breach, r.cover) {
                ("rest", Some(b), _) => match r.breach_at {
                    Some(at) => format!("{} {}", i18n::in_breach(app.now, at), i18n::breach(l, b)),
                    None => i18n::breach(l, b),
                },
                ("low", _, c) => format!(
                    "{} {} · {}",
                    t!(l, "col.cover"),
                    c.map_or("—".into(), |c| format!("{c:.1}{}", t!(l, "days"))),
                    i18n::ux::fmt_count(r.on_hand.unwrap_or(0))
                ),
                _ => t!(l, "alerts.positive_detail").to_string(),
            };
            vec![
                (
                    format!("{kind}{}", crate::i18n::words::alert_kind(l, r.kind)),
                    style,
                ),
                (name.to_string(), Style::new()),
                (detail, Style::new()),
                (i18n::ux::fmt_when(l, r.since, app.tz), th.dim),
            ]
        })
        .collect();
    let col = |title, width| Column {
        title: Some(title),
        width,
    };
    let columns = vec![
        col(key!("col.alert"), Constraint::Length(12)),
        col(key!("col.name"), Constraint::Length(10)),
        col(key!("col.detail"), Constraint::Fill(1)),
        // The alert's key (`rest:91:1623…`) is for scripts (`frontline alerts --json`), not
        // shown: the kind, the name and the time say which alert it is.
        col(key!("col.raised"), Constraint::Length(14)),
    ];
    draw_screen_list(
        f,
        area,
        app,
        crate::app::screens::Screen::Alerts.title(l),
        page.total,
        PanelRows { columns, rows },
    );
}
