//! The roster (花名册): everyone, with category, unit, community, party status and where they
//! stand now (a symbol and a word); the sort column in the title.

use super::table::{Column, PanelRows, draw_screen_list};
use crate::app::App;
use crate::app::screens::ScreenData;
use crate::domain::PartyStatus;
use crate::domain::people::PersonState;
use crate::i18n::Lang;
use crate::i18n::{Label, key, t};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;

/// "● on duty", "– retired": a symbol and a word.
pub fn state_label(lang: Lang, s: PersonState) -> String {
    format!(
        "{} {}",
        s.symbol(),
        crate::i18n::words::state(lang, s.as_str())
    )
}

pub fn state_style(s: PersonState) -> Style {
    match s {
        PersonState::OnDuty => Style::new().green(),
        PersonState::OutOfService | PersonState::ForcedRest => Style::new().red(),
        PersonState::Resting => Style::new().yellow(),
        PersonState::Off => Style::new(),
        PersonState::Retired => Style::new().dark_gray(),
    }
}

/// Party status, short enough for a column.
pub fn party_short(lang: Lang, p: PartyStatus) -> String {
    crate::i18n::notes::party_short(lang, p.as_str())
}

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::Roster(page) = &app.data else {
        return;
    };
    let l = app.lang;
    let wide = area.width >= 110;
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let dim = if r.state == PersonState::Retired {
                Style::new().dark_gray()
            } else {
                Style::new()
            };
            let mut cells = vec![
                (r.staff_code.clone(), Style::new().dark_gray()),
                (r.name.clone(), dim.bold()),
                (
                    crate::i18n::words::category(l, r.category.as_str()).to_string(),
                    dim,
                ),
                (r.source_unit.clone(), dim),
                (r.community.clone().unwrap_or_else(|| "-".into()), dim),
                (party_short(l, r.party_status), dim),
                (state_label(l, r.state), state_style(r.state)),
            ];
            // The phone: in full when wide, else its last four digits (a search by phone
            // shows what it matched).
            let phone = if wide {
                r.phone.clone()
            } else {
                crate::i18n::ux::phone_tail(&r.phone)
            };
            cells.insert(2, (phone, Style::new().dark_gray()));
            if wide {
                let dual = if r.dual_registered { "✓" } else { "" };
                cells.push((dual.to_string(), Style::new().green()));
                cells.push((r.post.clone().unwrap_or_default(), Style::new().dark_gray()));
            }
            cells
        })
        .collect();
    let col = |title, width| Column {
        title: Some(title),
        width,
    };
    let en = crate::i18n::notes::wide_words(l);
    let mut columns = vec![
        col(key!("col.code"), Constraint::Length(8)),
        col(key!("col.name"), Constraint::Length(8)),
        col(
            key!("col.phone"),
            Constraint::Length(if wide { 11 } else { 5 }),
        ),
        col(
            key!("col.category"),
            Constraint::Length(if en { 9 } else { 6 }),
        ),
        col(key!("col.unit"), Constraint::Fill(1)),
        col(
            key!("col.community"),
            Constraint::Length(if wide { 14 } else { 12 }),
        ),
        col(
            key!("col.party"),
            Constraint::Length(if en { 9 } else { 8 }),
        ),
        col(
            key!("col.now"),
            Constraint::Length(if wide { 16 } else { 12 }),
        ),
    ];
    if wide {
        columns.push(col(key!("col.dual"), Constraint::Length(6)));
        columns.push(col(key!("col.post"), Constraint::Fill(1)));
    }
    let title = format!(
        "{} · {} {}",
        crate::app::screens::Screen::Roster.title(l),
        t!(l, "roster.sorted"),
        app.people.sort.label(l)
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
