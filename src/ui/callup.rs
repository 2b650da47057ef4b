//! The call-up list (令行禁止、有呼必应) and the reassign picker: who can take the slot, the
//! post's own community first (★), then most rested; each with their rest status and hours in
//! the last 7 days; who cannot, marked with why.

use super::schedule::span;
use super::table::{Column, PanelRows, View, draw_list};
use crate::app::App;
use crate::app::screens::ScreenData;
use crate::domain::time::{fmt_minutes, fmt_short, to_local};
use crate::i18n::{self, key, t};
use crate::store::shift_queries::{Candidate, CandidateStatus};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;

fn status(app: &App, c: &Candidate) -> (String, Style) {
    let l = app.lang;
    let word = crate::i18n::words::cand(l, c.status.as_str());
    let until = c
        .until
        .map(|u| format!(" {}", fmt_short(u, app.tz)))
        .unwrap_or_default();
    let st = Style::new();
    match c.status {
        CandidateStatus::Available => (format!("✓ {word}"), st.green()),
        CandidateStatus::Breaks => {
            let b = c
                .breaches
                .first()
                .map(|b| i18n::breach(l, b))
                .unwrap_or_default();
            (format!("⚠ {b}"), st.red().bold())
        }
        CandidateStatus::ForcedRest => (format!("✗ {word}{until}"), st.red().bold()),
        CandidateStatus::Resting => (format!("☾ {word}{until}"), st.yellow()),
        CandidateStatus::Busy => (format!("• {word}{until}"), st.dark_gray()),
        CandidateStatus::OnDuty => (format!("● {word}"), st.dark_gray()),
    }
}

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let (ScreenData::Callup(page), Some(ctx)) = (&app.data, &app.sched.callup) else {
        return;
    };
    let l = app.lang;
    let rows = page
        .rows
        .iter()
        .map(|c| {
            let (s, style) = status(app, c);
            let community = format!(
                "{}{}",
                if c.same_community { "★" } else { " " },
                c.community.as_deref().unwrap_or("—")
            );
            vec![
                (c.name.clone(), Style::new()),
                (crate::i18n::ux::phone_tail(&c.phone), app.theme.dim),
                (community, Style::new()),
                (s, style),
                (
                    c.rested_minutes
                        .map(fmt_minutes)
                        .unwrap_or_else(|| "—".into()),
                    Style::new(),
                ),
                (format!("{:.1}h", c.hours_7d), Style::new()),
            ]
        })
        .collect();
    let columns = vec![
        Column {
            title: Some(key!("col.name")),
            width: Constraint::Length(8),
        },
        Column {
            title: Some(key!("col.phone")),
            width: Constraint::Length(5),
        },
        Column {
            title: Some(key!("col.community")),
            width: Constraint::Fill(1),
        },
        Column {
            title: Some(key!("col.rest_status")),
            width: Constraint::Fill(1),
        },
        Column {
            title: Some(key!("col.rested")),
            width: Constraint::Length(7),
        },
        Column {
            title: Some(key!("col.hours_7d")),
            width: Constraint::Length(6),
        },
    ];
    let mut title = format!(
        "{} · {} {} {}",
        crate::app::screens::Screen::Callup.title(l),
        ctx.post_name,
        to_local(ctx.start, app.tz).format("%m-%d"),
        span(ctx.start, ctx.end, app)
    );
    if let Some((_, name)) = &ctx.replaces {
        title += &format!(" · {} {name}", t!(l, "callup.replacing"));
    }
    title += &format!(
        " · {}",
        t(
            l,
            if ctx.everyone {
                key!("callup.everyone")
            } else {
                key!("callup.can_go")
            }
        )
    );
    let list = app.list();
    let view = View {
        number: None,
        title: &title,
        total: page.total,
        focused: true,
        list: &list,
    };
    let list_area = Rect {
        height: area.height.saturating_sub(1),
        ..area
    };
    draw_list(f, list_area, app, view, PanelRows { columns, rows });
    // What the gate says to planning the selected person into this shift (Enter sends it).
    let sel = list.in_window().and_then(|i| page.rows.get(i));
    if let (Some(g), Some(c)) = (&app.sched.gate, sel) {
        let (ok, text) = crate::app::gate::line(l, app.tz, g);
        let line = ratatui::text::Line::from(ratatui::text::Span::styled(
            super::text::fit(&format!(" {}: {text}", c.name), area.width as usize),
            if ok { app.theme.ok } else { app.theme.bad },
        ));
        f.render_widget(
            ratatui::widgets::Paragraph::new(line),
            Rect {
                y: area.bottom().saturating_sub(1),
                height: 1.min(area.height),
                ..area
            },
        );
    }
}
