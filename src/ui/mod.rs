//! Pure rendering: each module draws one part of a snapshot held by `App`. No SQL, no state
//! changes.

pub mod alerts;
pub mod audit;
pub mod callup;
pub mod care;
pub mod case_detail;
pub mod cases;
pub mod confirm;
mod detail;
pub mod family;
pub mod footer;
pub mod form;
mod form_supplies;
mod handover;
pub mod header;
pub mod health;
pub mod help;
pub mod layout;
pub mod ledger;
pub mod on_duty;
pub mod overdue;
pub mod palette;
pub mod party;
pub mod person;
pub mod requests;
pub mod resting;
pub mod roster;
pub mod schedule;
pub mod setup;
pub mod supplies;
pub mod supplies_screen;
pub mod table;
pub mod text;
pub mod theme;

use crate::app::keys::{Panel, Screen};
use crate::app::{App, MIN_SIZE, Mode};
use crate::i18n::t;
use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(f: &mut Frame, app: &App) {
    let area = f.area();
    if app.too_small() {
        let msg = t!(app.lang, "too_small")
            .replace("{need}", &format!("{}×{}", MIN_SIZE.0, MIN_SIZE.1))
            .replace("{have}", &format!("{}×{}", area.width, area.height));
        let y = area.height / 2;
        let p = Paragraph::new(Line::from(msg))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        f.render_widget(
            p,
            ratatui::layout::Rect::new(
                area.x,
                area.y + y.saturating_sub(1),
                area.width,
                area.height - y.saturating_sub(1),
            ),
        );
        return;
    }
    if app.screen != Screen::Home {
        let l = layout::screen(area);
        header::render(f, l.header, app);
        match app.screen {
            Screen::Home => {}
            Screen::Audit => audit::render(f, l.body, app),
            Screen::Supplies => supplies_screen::render(f, l.body, app),
            Screen::Requests => requests::render(f, l.body, app),
            Screen::Schedule => schedule::render(f, l.body, app),
            Screen::Slot => schedule::render_slot(f, l.body, app),
            Screen::Callup => callup::render(f, l.body, app),
            Screen::Ledger => ledger::render(f, l.body, app),
            Screen::Watch => ledger::render_watch(f, l.body, app),
            Screen::Health => health::render(f, l.body, app),
            Screen::Cases => family::render(f, l.body, app),
            Screen::Care => care::render(f, l.body, app),
            Screen::Alerts => alerts::render(f, l.body, app),
            Screen::Roster => roster::render(f, l.body, app),
            Screen::Person => person::render(f, l.body, app),
            Screen::Party => party::render(f, l.body, app),
            Screen::Setup => setup::render(f, l.body, app),
            Screen::FirstRun => setup::render_first_run(f, l.body, app),
            Screen::Handover => handover::render(f, l.body, app),
            Screen::Resting => resting::render(f, l.body, app),
            Screen::Case => case_detail::render(f, l.body, app),
        }
        dim_if_stale(f, l.body, app);
        footer::render(f, l.status, l.hints, app);
        overlays(f, area, app);
        return;
    }
    let l = layout::home_fit(area, app.lower_need());
    header::render(f, l.header, app);
    for p in Panel::ALL {
        let r = l.panels[p.index()];
        match p {
            Panel::OnDuty => on_duty::render(f, r, app),
            Panel::Overdue => overdue::render(f, r, app),
            Panel::Cases => cases::render(f, r, app),
            Panel::Supplies => supplies::render(f, r, app),
        }
        dim_if_stale(f, r, app);
    }
    footer::render(f, l.status, l.hints, app);
    overlays(f, area, app);
}

/// The database server is lost: what was last read stays, dimmed (the header says since when).
fn dim_if_stale(f: &mut Frame, area: ratatui::layout::Rect, app: &App) {
    if app.stale_since.is_some() {
        let dim = ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::DIM);
        f.buffer_mut().set_style(area, dim);
    }
}

fn overlays(f: &mut Frame, area: ratatui::layout::Rect, app: &App) {
    match &app.mode {
        Mode::Help => help::render(f, area, app),
        Mode::Form(form) => form::render(f, area, app, form),
        Mode::Palette(p) => palette::render(f, area, app, p),
        Mode::Confirm(c) => confirm::render(f, area, app, c),
        Mode::Detail(d) => detail::render(f, area, app, d),
        _ => {}
    }
    app.theme.finish(f.buffer_mut());
}
