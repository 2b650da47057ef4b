//! Family-support cases screen (家属帮扶): every case, pending ones most urgent then oldest
//! first, who holds each, overdue ones marked; the selected case's family situation below.

use super::table::{Column, PanelRows, draw_screen_list};
use super::text::fit;
use crate::app::App;
use crate::app::screens::ScreenData;
use crate::i18n::{key, t};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::widgets::Paragraph;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::Cases(page, summary) = &app.data else {
        return;
    };
    let l = app.lang;
    let [body, detail] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let resolved = r.status == crate::domain::CaseStatus::Resolved;
            let urg = if resolved {
                ("·".to_string(), app.theme.dim)
            } else {
                (
                    crate::i18n::words::urgency(
                        l,
                        ["1", "2", "3"][r.urgency.clamp(1, 3) as usize - 1],
                    )
                    .to_string(),
                    if r.urgency >= 3 {
                        app.theme.critical
                    } else {
                        Style::new()
                    },
                )
            };
            let end = r.resolved_at.unwrap_or(app.now);
            let days = (end - r.opened_at).max(0) / 86_400;
            let age = if r.overdue {
                (format!("{days}{}!", t!(l, "days")), app.theme.critical)
            } else {
                (format!("{days}{}", t!(l, "days")), Style::new())
            };
            let status = if resolved {
                format!("✓{}", t!(l, "status.resolved"))
            } else {
                crate::i18n::words::case_status(l, r.status.as_str()).to_string()
            };
            let holder = match (&r.organisation, &r.helper) {
                (Some(o), Some(h)) => format!("{} {h}", crate::i18n::words::org(l, o)),
                (Some(o), None) => crate::i18n::words::org(l, o).to_string(),
                _ => "—".to_string(),
            };
            let text = match (&r.outcome, resolved) {
                (Some(o), true) => format!("{} → {o}", r.summary),
                _ => r.summary.clone(),
            };
            vec![
                (format!("#{}", r.id), app.theme.dim),
                urg,
                (r.name.clone(), Style::new()),
                (
                    crate::i18n::words::case(l, r.category.as_str()).to_string(),
                    Style::new(),
                ),
                (status, Style::new()),
                age,
                (holder, Style::new()),
                (text, Style::new()),
            ]
        })
        .collect();
    let w = |title: crate::i18n::Key, n: u16| Column {
        title: Some(title),
        width: Constraint::Length(n),
    };
    let columns = vec![
        w(key!("col.case"), 4),
        w(key!("col.urgency"), 4),
        w(key!("col.name"), 8),
        w(key!("col.category"), 8),
        w(key!("col.status"), 8),
        w(key!("col.age"), 5),
        w(key!("col.holder"), 14),
        Column {
            title: Some(key!("col.summary")),
            width: Constraint::Fill(1),
        },
    ];
    let list = app.list();
    let title = format!(
        "{} · {} {} · {} {} · {} {}",
        crate::app::screens::Screen::Cases.title(l),
        t!(l, "cases.pending"),
        summary.open,
        t!(l, "alert.cases_overdue"),
        summary.overdue,
        t!(l, "status.resolved"),
        summary.resolved
    );
    draw_screen_list(
        f,
        body,
        app,
        &title,
        page.total,
        PanelRows { columns, rows },
    );

    // The selected case's person and family situation.
    let sel = list.in_window().and_then(|i| page.rows.get(i));
    let text = match sel {
        None => String::new(),
        Some(r) => {
            let fam = family_line(l, r.family.as_ref());
            format!(
                " #{} {} ({}) · {}: {fam}",
                r.id,
                r.name,
                r.staff_code,
                t!(l, "form.family")
            )
        }
    };
    f.render_widget(
        Paragraph::new(fit(&text, detail.width as usize)).dark_gray(),
        detail,
    );
}

/// A family situation on one line ("dependents 2 · elderly 1 · children 1 · notes"), or "—".
pub(super) fn family_line(
    l: crate::i18n::Lang,
    family: Option<&crate::store::care_queries::FamilyRow>,
) -> String {
    match family {
        Some(fs) => format!(
            "{} {} · {} {} · {} {}{}",
            t!(l, "field.dependents"),
            fs.dependents,
            t!(l, "field.elderly"),
            fs.elderly,
            t!(l, "field.children"),
            fs.children,
            if fs.notes.is_empty() {
                String::new()
            } else {
                format!(" · {}", fs.notes)
            }
        ),
        None => "—".into(),
    }
}
