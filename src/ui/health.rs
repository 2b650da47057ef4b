//! Health screen (医务/健康), one community at a time: who reported today, who did not, who is
//! unwell (and which medical worker follows them up), each person's last test, and the alerts
//! not yet acknowledged.

use super::table::{Column, PanelRows, draw_screen_list};
use super::text::fit;
use crate::app::App;
use crate::app::screens::ScreenData;
use crate::domain::health::{FEVER_DC, ReportState, fmt_temp};
use crate::domain::time::{fmt_short, to_local};
use crate::i18n::{Label, key, t};
use crate::store::health_queries::HealthView;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::Health(h) = &app.data else {
        return;
    };
    let l = app.lang;
    let tz = app.tz;
    let [info, alert, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);

    // Where, who follows up, and the day's figures (words and symbols, not colour alone).
    let s = &h.summary;
    let place = match &h.community {
        Some((_, name)) => name.clone(),
        None => t!(l, "health.all").to_string(),
    };
    let mut spans = vec![Span::styled(
        format!(" ‹ {place} › "),
        Style::new().bold().reversed(),
    )];
    if h.community.is_some() {
        let medics = if h.medics.is_empty() {
            format!("✗ {}", t!(l, "health.no_medic"))
        } else {
            h.medics.join("、")
        };
        spans.push(Span::raw(format!(" {} {medics} ·", t!(l, "health.medics"))));
    }
    spans.push(Span::raw(format!(
        " {} {}/{}",
        t!(l, "health.reported"),
        s.reported,
        s.people
    )));
    if s.missing > 0 {
        spans.push(Span::styled(
            format!(" · ✗{} {}", t!(l, "health.missing"), s.missing),
            app.theme.critical,
        ));
    } else if s.due > 0 {
        spans.push(Span::raw(format!(" · {} {}", t!(l, "report.due"), s.due)));
    }
    spans.push(Span::raw(format!(
        " ({} {})",
        t!(l, "health.due"),
        to_local(h.deadline, tz).format("%H:%M")
    )));
    for (n, key) in [
        (s.unwell, key!("health.unwell")),
        (s.tests_overdue, key!("health.tests_overdue")),
        (s.out_of_service, key!("person.out_of_service")),
    ] {
        let style = if n > 0 {
            app.theme.critical
        } else {
            Style::new()
        };
        spans.push(Span::styled(format!(" · {} {n}", t(l, key)), style));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), info);

    // The oldest alert not yet acknowledged, until someone does.
    let line = match h.alerts.first() {
        Some(a) => {
            let more = if h.alerts.len() > 1 {
                format!(" (+{})", h.alerts.len() - 1)
            } else {
                String::new()
            };
            Span::styled(
                fit(
                    &format!(
                        " ⚠ {} #{} {} ({}) {} · {}{more} ",
                        t!(l, "alert.positive"),
                        a.id,
                        a.name,
                        a.staff_code,
                        fmt_short(a.raised_at, tz),
                        t!(l, "health.ack_hint")
                    ),
                    alert.width as usize,
                ),
                app.theme.alert,
            )
        }
        None => Span::styled(format!(" {}", t!(l, "health.no_alerts")), app.theme.dim),
    };
    f.render_widget(Paragraph::new(Line::from(line)), alert);

    let all = h.community.is_none();
    // Staff codes only where there is room for them.
    let wide = area.width >= 110;
    // Who has not reported has no temperature, follow-up or symptoms to show: their phone
    // instead, so the dispatcher can call them.
    let missing = app.care.health_view == HealthView::Missing;
    let rows = h
        .rows
        .rows
        .iter()
        .map(|r| {
            let (report, rstyle) = match (&r.report, r.state) {
                (Some(rep), _) if rep.unwell => {
                    (t!(l, "health.unwell_mark").to_string(), app.theme.critical)
                }
                (_, ReportState::Missing) => {
                    (t!(l, "report.missing").to_string(), app.theme.critical)
                }
                (_, ReportState::Due) => (t!(l, "report.due").to_string(), app.theme.dim),
                (_, st) => (
                    crate::i18n::words::report(l, st.as_str()).to_string(),
                    Style::new(),
                ),
            };
            let report = match &r.report {
                Some(rep) if rep.via_phone => format!("{report}{}", t!(l, "health.phone")),
                _ => report,
            };
            let temp = r.report.as_ref().and_then(|h| h.temp_dc);
            let temp_cell = match temp {
                Some(d) if d >= FEVER_DC => (format!("{}!", fmt_temp(d)), app.theme.critical),
                Some(d) => (fmt_temp(d), Style::new()),
                None => ("—".to_string(), app.theme.dim),
            };
            let notes = r
                .report
                .as_ref()
                .map(|h| {
                    [h.symptoms.as_str(), h.note.as_str()]
                        .iter()
                        .filter(|s| !s.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" · ")
                })
                .unwrap_or_default();
            let test = match &r.last_test {
                None => (format!("✗ {}", t!(l, "test.never")), app.theme.bad),
                Some(tst) => {
                    let res = crate::i18n::words::test_result(l, tst.result.as_str());
                    let when = fmt_short(tst.tested_at, tz);
                    if tst.result == "positive" {
                        (format!("{when} ✚{res}"), app.theme.alert)
                    } else if r.test_overdue {
                        (format!("!{when} {}", t!(l, "test.overdue")), app.theme.bad)
                    } else {
                        (format!("{when} {res}"), Style::new())
                    }
                }
            };
            let unwell = r.report.as_ref().is_some_and(|h| h.unwell);
            let medic = match (&r.medics, unwell) {
                (Some(m), true) => (format!("→ {m}"), Style::new().bold()),
                (None, true) => (format!("✗ {}", t!(l, "health.no_medic")), app.theme.bad),
                (_, false) => (String::new(), Style::new()),
            };
            let name = if r.out_of_service {
                (format!("⛔{}", r.name), app.theme.critical)
            } else {
                (r.name.clone(), Style::new())
            };
            let mut cells = vec![name];
            if wide {
                cells.push((r.staff_code.clone(), app.theme.dim));
            }
            if all {
                cells.push((r.community.clone(), Style::new()));
            }
            if missing {
                let phone = crate::domain::text::field(&r.phone);
                cells.extend([(report, rstyle), (phone_cell(&phone), Style::new()), test]);
            } else {
                cells.extend([
                    (report, rstyle),
                    temp_cell,
                    test,
                    medic,
                    (notes, Style::new()),
                ]);
            }
            cells
        })
        .collect();
    let mut columns = vec![Column {
        title: Some(key!("col.name")),
        width: Constraint::Length(8),
    }];
    if wide {
        columns.push(Column {
            title: Some(key!("col.code")),
            width: Constraint::Length(8),
        });
    }
    if all {
        columns.push(Column {
            title: Some(key!("col.community")),
            width: Constraint::Length(if wide { 12 } else { 10 }),
        });
    }
    if missing {
        columns.extend([
            Column {
                title: Some(key!("col.report")),
                width: Constraint::Length(11),
            },
            Column {
                title: Some(key!("col.phone")),
                width: Constraint::Length(PHONE_WIDTH as u16),
            },
            Column {
                title: Some(key!("col.test")),
                width: Constraint::Length(20),
            },
        ]);
    } else {
        columns.extend([
            Column {
                title: Some(key!("col.report")),
                width: Constraint::Length(11),
            },
            Column {
                title: Some(key!("col.temp")),
                width: Constraint::Length(5),
            },
            Column {
                title: Some(key!("col.test")),
                width: Constraint::Length(20),
            },
            Column {
                title: Some(key!("col.medic")),
                width: Constraint::Length(9),
            },
            Column {
                title: Some(key!("col.symptoms")),
                width: Constraint::Fill(1),
            },
        ]);
    }
    let title = format!(
        "{} · {}",
        crate::app::screens::Screen::Health.title(l),
        app.care.health_view.label(l)
    );
    draw_screen_list(
        f,
        body,
        app,
        &title,
        h.rows.total,
        PanelRows { columns, rows },
    );
}

/// The phone column: room for a mobile number with a `+86 ` prefix.
const PHONE_WIDTH: usize = 15;

/// A phone as the column shows it: whole when it fits, else its last digits after "…" (the end
/// is what tells two numbers apart and what the dispatcher dials from a list); "—" when none.
fn phone_cell(phone: &str) -> String {
    use unicode_width::UnicodeWidthChar;
    if phone.is_empty() {
        return "—".into();
    }
    if super::text::width(phone) <= PHONE_WIDTH {
        return phone.to_string();
    }
    let mut tail: Vec<char> = Vec::new();
    let mut w = 1;
    for c in phone.chars().rev() {
        let cw = c.width().unwrap_or(0);
        if w + cw > PHONE_WIDTH {
            break;
        }
        tail.push(c);
        w += cw;
    }
    tail.reverse();
    let tail: String = tail.into_iter().collect();
    format!("…{}", tail.trim_start())
}

#[cfg(test)]
mod tests {
    use super::phone_cell;

    #[test]
    fn a_phone_fits_whole_or_keeps_its_last_digits() {
        assert_eq!(phone_cell("13800138000"), "13800138000");
        assert_eq!(phone_cell("+86 138 0013 8000"), "…138 0013 8000");
        assert_eq!(phone_cell(""), "—");
    }
}
