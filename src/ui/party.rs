//! The party screen: party development (发展党员) — applicants and activists with their
//! frontline record, those flagged for fast-track admission first — and, on the other tab, the
//! exemplary models (选树先进典型) with their deeds, evidence and status.

use super::roster::party_short;
use super::table::{Column, PanelRows, View, draw_list};
use crate::app::App;
use crate::app::roster::PartyTab;
use crate::app::screens::ScreenData;
use crate::domain::care::fmt_day;
use crate::domain::time::local_day;
use crate::domain::{DevStatus, NominationStatus};
use crate::i18n::{key, t};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;

fn title(app: &App) -> String {
    let l = app.lang;
    let (on, off) = match app.people.tab {
        PartyTab::Development => (key!("party.tab.dev"), key!("party.tab.honours")),
        PartyTab::Honours => (key!("party.tab.honours"), key!("party.tab.dev")),
    };
    format!(
        "{} · [{}] {}",
        crate::app::screens::Screen::Party.title(l),
        t(l, on),
        t(l, off)
    )
}

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let l = app.lang;
    let list = app.list();
    let col = |title, width| Column {
        title: Some(title),
        width,
    };
    let (total, content) = match &app.data {
        ScreenData::Party(page) => {
            let rows = page
                .rows
                .iter()
                .map(|r| {
                    let (dev, style) = match r.development.as_ref().map(|d| d.status) {
                        Some(DevStatus::Recommended) => ("★", Style::new().green().bold()),
                        Some(DevStatus::Candidate) => ("☆", Style::new().yellow()),
                        Some(DevStatus::Admitted) => ("✓", Style::new().dark_gray()),
                        None => ("", Style::new()),
                    };
                    let dev = match &r.development {
                        Some(d) => {
                            format!("{dev} {}", crate::i18n::words::dev(l, d.status.as_str()))
                        }
                        None => "-".into(),
                    };
                    vec![
                        (r.staff_code.clone(), Style::new().dark_gray()),
                        (r.name.clone(), Style::new().bold()),
                        (party_short(l, r.party_status), Style::new()),
                        (dev, style),
                        (format!("{:.1}", r.record.hours), Style::new()),
                        (r.record.duty_days.to_string(), Style::new()),
                        (r.record.commendations.to_string(), Style::new()),
                        (
                            r.development
                                .as_ref()
                                .map(|d| d.note.clone())
                                .unwrap_or_default(),
                            Style::new().dark_gray(),
                        ),
                    ]
                })
                .collect();
            let columns = vec![
                col(key!("col.code"), Constraint::Length(8)),
                col(key!("col.name"), Constraint::Length(8)),
                col(key!("col.party"), Constraint::Length(8)),
                col(key!("col.dev"), Constraint::Length(14)),
                col(key!("col.hours"), Constraint::Length(6)),
                col(key!("col.days"), Constraint::Length(4)),
                col(key!("col.honours"), Constraint::Length(4)),
                col(key!("col.note"), Constraint::Fill(1)),
            ];
            (page.total, PanelRows { columns, rows })
        }
        ScreenData::Honours(page) => {
            let rows = page
                .rows
                .iter()
                .map(|n| {
                    let (mark, style) = match n.status {
                        NominationStatus::Nominated => ("☆", Style::new().yellow()),
                        NominationStatus::Approved => ("★", Style::new().green()),
                        NominationStatus::Publicised => ("✓", Style::new().green().bold()),
                    };
                    let e = &n.evidence;
                    vec![
                        (format!("#{}", n.id), Style::new().dark_gray()),
                        (n.name.clone(), Style::new().bold()),
                        (
                            format!("{mark} {}", crate::i18n::words::nom(l, n.status.as_str())),
                            style,
                        ),
                        (
                            fmt_day(local_day(n.nominated_at, app.tz), app.tz),
                            Style::new(),
                        ),
                        (format!("{:.0}h {}d", e.hours, e.duty_days), Style::new()),
                        (n.deeds.clone(), Style::new()),
                    ]
                })
                .collect();
            let columns = vec![
                col(key!("col.id"), Constraint::Length(4)),
                col(key!("col.name"), Constraint::Length(8)),
                col(key!("col.status"), Constraint::Length(12)),
                col(key!("col.nominated"), Constraint::Length(10)),
                col(key!("col.evidence"), Constraint::Length(10)),
                col(key!("col.deeds"), Constraint::Fill(1)),
            ];
            (page.total, PanelRows { columns, rows })
        }
        _ => return,
    };
    let title = title(app);
    let view = View {
        number: None,
        title: &title,
        total,
        focused: true,
        list: &list,
    };
    draw_list(f, area, app, view, content);
}
