//! Case detail (帮扶详情, `Enter` on the cases screen): the case in full — summary, family
//! situation, outcome — then every step taken on it with who and when (from the audit log),
//! then its notes. `n` adds a note, `r` reopens a resolved case with a reason.

use crate::app::App;
use crate::app::screens::ScreenData;
use crate::i18n::{Key, key, t, words};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

fn step_key(action: &str) -> Option<Key> {
    Some(match action {
        "case_open" => key!("step.case_open"),
        "case_assign" => key!("step.case_assign"),
        "case_progress" => key!("step.case_progress"),
        "case_resolve" => key!("step.case_resolve"),
        "case_reopen" => key!("step.case_reopen"),
        _ => return None,
    })
}

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::Case(d) = &app.data else {
        return;
    };
    let (l, th, tz) = (app.lang, &app.theme, app.tz);
    let c = &d.case;
    let when = |at| crate::i18n::ux::fmt_when(l, at, tz);
    let head = |k| Span::styled(format!("{}: ", t(l, k)), Style::new().bold());
    let status = words::case_status(l, c.status.as_str()).to_string();
    let urgency = words::urgency(l, ["1", "2", "3"][c.urgency.clamp(1, 3) as usize - 1]);
    let holder = match (&c.organisation, &c.helper) {
        (Some(o), Some(h)) => format!(" · {} {h}", words::org(l, o)),
        (Some(o), None) => format!(" · {}", words::org(l, o)),
        _ => String::new(),
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("#{} {} ({})", c.id, c.name, c.staff_code),
                Style::new().bold(),
            ),
            Span::raw(format!(
                " · {} · {urgency} · {status}{holder}",
                words::case(l, c.category.as_str())
            )),
        ]),
        Line::from(vec![
            head(key!("case.summary")),
            Span::raw(c.summary.clone()),
        ]),
    ];
    let fam = super::family::family_line(l, c.family.as_ref());
    lines.push(Line::from(vec![head(key!("case.family")), Span::raw(fam)]));
    if let Some(o) = &c.outcome {
        lines.push(Line::from(vec![
            head(key!("case.outcome")),
            Span::raw(o.clone()),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(head(key!("case.history"))));
    // The opening from the case itself (cases made before the audit named them have no row).
    if !d.steps.iter().any(|s| s.action == "case_open") {
        lines.push(Line::raw(format!(
            "  {}  {}",
            when(c.opened_at),
            t!(l, "step.opened")
        )));
    }
    for s in &d.steps {
        let what = step_key(&s.action).map_or(s.action.clone(), |k| t(l, k).to_string());
        let mut text = format!("  {}  {}  {what}", when(s.at), s.operator);
        if let (Some(o), "case_assign") = (&s.organisation, s.action.as_str()) {
            text.push_str(&format!(" {}", words::org(l, o)));
        }
        if let Some(r) = &s.reason {
            text.push_str(&format!(" · {}: {r}", t!(l, "step.reason")));
        }
        if let Some(o) = &s.outcome_was {
            text.push_str(&format!(" · {}: {o}", t!(l, "case.outcome")));
        }
        lines.push(Line::raw(text));
    }
    if d.steps.iter().all(|s| s.action != "case_resolve")
        && let Some(at) = c.resolved_at
    {
        lines.push(Line::raw(format!(
            "  {}  {}",
            when(at),
            t!(l, "step.resolved")
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(head(key!("case.notes"))));
    if d.notes.is_empty() {
        lines.push(Line::styled(
            format!("  {}", t!(l, "case.no_notes")),
            th.dim,
        ));
    }
    for n in &d.notes {
        lines.push(Line::from(vec![
            Span::styled(format!("  {}  {}  ", when(n.at), n.operator), th.dim),
            Span::raw(n.text.clone()),
        ]));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .title(
            Span::raw(format!(
                " {} #{} ",
                crate::app::screens::Screen::Case.title(l),
                c.id
            ))
            .bold(),
        );
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
