//! Care screen (关爱): each person's last talk (谈心), trainings and volunteer insurance, with
//! who is due marked; or (Tab) the care visits (慰问) and the party dues (党费) spent on them.

use super::table::{Column, PanelRows, View, draw_list};
use super::text::fit;
use crate::app::App;
use crate::app::screens::ScreenData;
use crate::domain::Ts;
use crate::domain::care::fmt_yuan;
use crate::domain::time::to_local;
use crate::i18n::{Label, key, t};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::Paragraph;

fn w(title: crate::i18n::Key, n: u16) -> Column {
    Column {
        title: Some(title),
        width: Constraint::Length(n),
    }
}

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::Care(c) = &app.data else {
        return;
    };
    let l = app.lang;
    let tz = app.tz;
    let [info, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let s = &c.summary;
    let line = format!(
        " {} {} · {} {} · {} {} ({} {}) · {} ¥{} ({} {})",
        t!(l, "care.talks_due"),
        s.talks_due,
        t!(l, "care.untrained"),
        s.untrained,
        t!(l, "care.view.uninsured"),
        s.uninsured_volunteers,
        t!(l, "care.on_duty"),
        s.uninsured_on_duty,
        t!(l, "care.dues_total"),
        fmt_yuan(s.dues_spent_fen),
        s.visits,
        t!(l, "care.visits_n")
    );
    let style = if s.uninsured_on_duty > 0 {
        Style::new().bold()
    } else {
        Style::new()
    };
    f.render_widget(
        Paragraph::new(fit(&line, info.width as usize)).style(style),
        info,
    );
    let day = |ts: Ts| to_local(ts, tz).format("%m-%d").to_string();
    let list = app.list();
    // Staff codes only where there is room for them.
    let wide = area.width >= 110;
    let (title, total, content) = if let Some(p) = &c.people {
        let rows = p
            .rows
            .iter()
            .map(|r| {
                let talk = match (r.talk_due, r.last_talk) {
                    (Some(None), _) => (format!("✗ {}", t!(l, "care.never")), app.theme.bad),
                    (Some(Some(d)), _) => (format!("! {d}{}", t!(l, "days")), app.theme.bad),
                    (None, Some(ts)) => (format!("✓ {}", day(ts)), Style::new()),
                    (None, None) => (String::new(), Style::new()),
                };
                let trained = |ts: Option<Ts>| match ts {
                    Some(ts) => (format!("✓ {}", day(ts)), Style::new()),
                    None => ("✗".to_string(), app.theme.bad),
                };
                let insurance = match (r.category.as_str(), r.insured_until) {
                    ("volunteer", Some(u)) => (format!("✓ → {}", day(u)), Style::new()),
                    ("volunteer", None) if r.uninsured_on_duty => (
                        format!("⚠ {}", t!(l, "care.uninsured_on_duty")),
                        app.theme.alert,
                    ),
                    ("volunteer", None) => (t!(l, "care.none").to_string(), app.theme.bad),
                    _ => (t!(l, "care.na").to_string(), app.theme.dim),
                };
                let duty = if r.on_duty {
                    t!(l, "care.duty_mark").to_string()
                } else {
                    String::new()
                };
                let mut cells = vec![(r.name.clone(), Style::new())];
                if wide {
                    cells.push((r.staff_code.clone(), app.theme.dim));
                }
                cells.extend([
                    (
                        crate::i18n::words::category(l, r.category.as_str()).to_string(),
                        Style::new(),
                    ),
                    (duty, Style::new()),
                    talk,
                    trained(r.self_protection),
                    trained(r.psychological),
                    insurance,
                ]);
                cells
            })
            .collect();
        let mut columns = vec![w(key!("col.name"), 8)];
        if wide {
            columns.push(w(key!("col.code"), 8));
        }
        columns.extend([
            w(key!("col.category"), 8),
            w(key!("col.duty"), 4),
            w(key!("col.last_talk"), 8),
            w(key!("col.self_protection"), 10),
            w(key!("col.psychological"), 8),
            Column {
                title: Some(key!("col.insurance")),
                width: Constraint::Fill(1),
            },
        ]);
        (
            format!(
                "{} · {} ⇆ {}",
                t!(l, "care.people"),
                c.view.label(l),
                t!(l, "care.visits")
            ),
            p.total,
            PanelRows { columns, rows },
        )
    } else {
        let page = c.visits.clone().unwrap_or_default();
        let rows = page
            .rows
            .iter()
            .map(|v| {
                vec![
                    (
                        to_local(v.visited_at, tz).format("%m-%d %H:%M").to_string(),
                        Style::new(),
                    ),
                    (v.name.clone(), Style::new()),
                    (
                        t(
                            l,
                            if v.to_family {
                                key!("care.to_family")
                            } else {
                                key!("care.to_worker")
                            },
                        )
                        .to_string(),
                        Style::new(),
                    ),
                    (v.visitors.clone(), Style::new()),
                    (format!("¥{}", fmt_yuan(v.dues_fen)), Style::new().bold()),
                    (v.note.clone(), app.theme.dim),
                ]
            })
            .collect();
        let columns = vec![
            w(key!("col.date"), 11),
            w(key!("col.name"), 8),
            w(key!("col.to"), 4),
            w(key!("col.visitors"), 18),
            w(key!("col.amount"), 10),
            Column {
                title: Some(key!("col.note")),
                width: Constraint::Fill(1),
            },
        ];
        (
            format!("{} ⇆ {}", t!(l, "care.visits"), t!(l, "care.people")),
            page.total,
            PanelRows { columns, rows },
        )
    };
    let view = View {
        number: None,
        title: &title,
        total,
        focused: true,
        list: &list,
    };
    draw_list(f, body, app, view, content);
}
