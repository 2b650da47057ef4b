//! Supply stock (防护物资): on hand, use per day, days of cover; low items first and marked.

use super::table::{Column, PanelRows, draw};
use crate::app::App;
use crate::app::keys::Panel;
use crate::i18n::{key, t};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let rows: Vec<Vec<(String, Style)>> = app
        .home
        .supplies
        .rows
        .iter()
        .map(|r| {
            let (name, unit) =
                crate::i18n::pick(app.lang, (&r.name_en, &r.unit_en), (&r.name_zh, &r.unit_zh));
            let cover = match r.days_of_cover {
                Some(d) => format!("{d:.1}{}", t!(app.lang, "days")),
                None => "∞".to_string(),
            };
            let low = if r.low {
                format!("▼{}", t!(app.lang, "low"))
            } else {
                String::new()
            };
            let st = if r.low {
                app.theme.critical
            } else {
                Style::new()
            };
            vec![
                (name.clone(), st),
                (format!("{} {unit}", r.on_hand), Style::new()),
                (format!("{:.0}", r.burn_per_day), Style::new()),
                (cover, st),
                (low, st),
            ]
        })
        .collect();
    let mut columns = vec![
        Column {
            title: Some(key!("col.item")),
            width: Constraint::Fill(1),
        },
        Column {
            title: Some(key!("col.on_hand")),
            // A wide panel (120 columns and more): "1 375 bottles" whole.
            width: Constraint::Length(if area.width >= 60 { 16 } else { 10 }),
        },
        Column {
            title: Some(key!("col.per_day")),
            width: Constraint::Length(6),
        },
        Column {
            title: Some(key!("col.cover")),
            width: Constraint::Length(6),
        },
        Column {
            title: None,
            width: Constraint::Length(4),
        },
    ];
    // Narrow panel: the item name matters more than the use per day.
    let narrow = area.width < 50;
    let mut rows: Vec<Vec<_>> = rows;
    if narrow {
        columns.remove(2);
        for r in &mut rows {
            r.remove(2);
        }
    }
    draw(f, area, app, Panel::Supplies, PanelRows { columns, rows });
}
