//! One person's full frontline record (个人档案): identity, party and dual registration, the
//! record in figures, then the latest few of each kind of entry with how many there are. Two
//! columns on a wide terminal, one below 100 columns; the arrow keys scroll.

use super::roster::{party_short, state_label, state_style};
use super::text::fit;
use crate::app::App;
use crate::app::screens::ScreenData;
use crate::domain::care::{fmt_day, fmt_yuan};
use crate::domain::time::{fmt_minutes, fmt_short, local_day};
use crate::i18n::{key, t};
use crate::store::person_queries::PersonDetail;
use crate::store::queries::Page;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use crate::app::layout::{TWO_COLUMNS, person_lines};

fn head<'a>(app: &App, key: crate::i18n::Key, shown: usize, total: usize) -> Line<'a> {
    let l = app.lang;
    let count = if total > shown {
        format!(
            " ({} {shown} {} {total})",
            t!(l, "lbl.shown"),
            t!(l, "lbl.of")
        )
    } else {
        format!(" ({total})")
    };
    Line::from(vec![
        Span::styled(format!("▌{}", t(l, key)), Style::new().bold().cyan()),
        Span::styled(count, Style::new().dark_gray()),
    ])
}

fn section<'a, T>(
    app: &App,
    out: &mut Vec<Line<'a>>,
    key: crate::i18n::Key,
    page: &Page<T>,
    line: impl Fn(&T) -> Line<'a>,
) {
    out.push(head(app, key, page.rows.len(), page.total));
    out.extend(page.rows.iter().map(line));
}

fn plain<'a>(s: String) -> Line<'a> {
    Line::from(format!("  {s}"))
}

/// The left column (who, party, record, shifts, rest) and the right one (health, family, care,
/// honours).
fn columns<'a>(app: &App, d: &PersonDetail) -> (Vec<Line<'a>>, Vec<Line<'a>>) {
    let (l, tz) = (app.lang, app.tz);
    let p = &d.person;
    let mut a: Vec<Line> = Vec::new();
    a.push(Line::from(vec![
        Span::styled(format!("{} {} ", p.staff_code, p.name), Style::new().bold()),
        Span::styled(state_label(l, p.state), state_style(p.state)),
        Span::raw(p.post.as_ref().map_or(String::new(), |x| format!(" · {x}"))),
        // Over a rest rule: the same figure as the Overdue panel, the watch list and alerts.
        Span::styled(
            d.breach_at.map_or(String::new(), |at| {
                format!(
                    " · ✗ {} {}",
                    t!(l, "alert.overdue"),
                    crate::i18n::in_breach(app.now, at)
                )
            }),
            app.theme.critical,
        ),
    ]));
    a.push(plain(format!(
        "{} · {} {} · {} {}",
        crate::i18n::words::category(l, p.category.as_str()),
        t!(l, "lbl.unit"),
        if p.source_unit.is_empty() {
            "-"
        } else {
            &p.source_unit
        },
        t!(l, "lbl.community"),
        p.community.as_deref().unwrap_or("-"),
    )));
    let mut extra = format!(
        "{} {}",
        t!(l, "lbl.phone"),
        if p.phone.is_empty() { "-" } else { &p.phone }
    );
    if let Some(at) = d.converted_at {
        extra += &format!(" · {} {}", t!(l, "lbl.converted"), fmt_short(at, tz));
    }
    if let Some(at) = p.retired_at {
        extra += &format!(" · {} {}", t!(l, "lbl.retired_at"), fmt_short(at, tz));
    }
    a.push(plain(extra));
    if !d.note.is_empty() {
        a.push(Line::from(Span::styled(
            format!("  {}", d.note),
            Style::new().dark_gray(),
        )));
    }
    a.push(Line::from(Span::styled(
        format!("▌{}", t!(l, "sec.party")),
        Style::new().bold().cyan(),
    )));
    let mut party = format!(
        "  {} · {} {}",
        party_short(l, p.party_status).replace('-', t!(l, "party.none")),
        t!(l, "lbl.dual"),
        t(
            l,
            if p.dual_registered {
                key!("lbl.yes")
            } else {
                key!("lbl.no")
            }
        )
    );
    if let Some(dev) = &d.development {
        party += &format!(
            " · {} {}",
            t!(l, "col.dev"),
            crate::i18n::words::dev(l, dev.status.as_str())
        );
    }
    a.push(Line::from(party));
    if !p.party_branch.is_empty() || p.residence_community.is_some() {
        a.push(plain(format!(
            "{} {} · {} {}",
            t!(l, "lbl.branch"),
            if p.party_branch.is_empty() {
                "-"
            } else {
                &p.party_branch
            },
            t!(l, "lbl.residence"),
            p.residence_community.as_deref().unwrap_or("-")
        )));
    }
    let r = &d.record;
    a.push(Line::from(Span::styled(
        format!("▌{}", t!(l, "sec.record")),
        Style::new().bold().cyan(),
    )));
    a.push(plain(format!(
        "{:.1} {} · {} {} · {} {}",
        r.hours,
        t!(l, "lbl.hours"),
        r.duty_days,
        t!(l, "lbl.duty_days"),
        r.shifts,
        t!(l, "lbl.shifts")
    )));
    a.push(plain(format!(
        "{} {} · {} {} · {} {} · {} {}",
        r.forced_rests,
        t!(l, "lbl.forced"),
        r.talks,
        t!(l, "lbl.talks"),
        r.trainings,
        t!(l, "lbl.trainings"),
        r.commendations,
        t!(l, "lbl.commend")
    )));
    if d.owed_minutes > 0 {
        a.push(plain(format!(
            "{} {}",
            t!(l, "lbl.owed"),
            fmt_minutes(d.owed_minutes)
        )));
    }
    section(app, &mut a, key!("sec.shifts"), &d.shifts, |s| {
        let hours = match (s.status.as_str(), s.hours) {
            ("active", Some(h)) => format!("{h:.1}h {}", t!(l, "lbl.running")),
            (_, Some(h)) => format!("{h:.1}h"),
            (st, None) => crate::i18n::words::shift(l, st).to_string(),
        };
        plain(format!(
            "{}–{} {} {}",
            fmt_short(s.start, tz),
            &fmt_short(s.end, tz)[6..],
            s.post,
            hours
        ))
    });
    section(app, &mut a, key!("sec.rests"), &d.rests, |s| {
        plain(format!(
            "{} {}–{} {}",
            crate::i18n::words::rest(l, s.kind.as_str()),
            fmt_short(s.start, tz),
            fmt_short(s.end, tz),
            s.reason
        ))
    });
    let mut b: Vec<Line> = Vec::new();
    section(app, &mut b, key!("sec.health"), &d.health, |h| {
        let temp = h
            .temp_dc
            .map_or("-".into(), |x| format!("{:.1}°C", x as f64 / 10.0));
        let mark = if h.unwell { "⚠" } else { "✓" };
        plain(format!(
            "{} {temp} {mark} {}",
            fmt_day(h.day, tz),
            h.symptoms
        ))
    });
    section(app, &mut b, key!("sec.tests"), &d.tests, |x| {
        plain(format!(
            "{} {}",
            fmt_short(x.tested_at, tz),
            crate::i18n::words::test_result(l, x.result.as_str())
        ))
    });
    if let Some(f) = &d.family {
        b.push(Line::from(Span::styled(
            format!("▌{}", t!(l, "sec.family")),
            Style::new().bold().cyan(),
        )));
        b.push(plain(format!(
            "{} {} · {} {} · {} {} {}",
            t!(l, "lbl.dependents"),
            f.dependents,
            t!(l, "lbl.elderly"),
            f.elderly,
            t!(l, "lbl.children"),
            f.children,
            f.notes
        )));
    }
    section(app, &mut b, key!("sec.cases"), &d.cases, |c| {
        plain(format!(
            "#{} {} · {} · {}",
            c.id,
            crate::i18n::words::case(l, c.category.as_str()),
            crate::i18n::words::case_status(l, c.status.as_str()),
            c.summary
        ))
    });
    section(app, &mut b, key!("sec.visits"), &d.visits, |v| {
        let to = if v.note == "family" {
            format!(" ({})", t!(l, "lbl.family"))
        } else {
            String::new()
        };
        plain(format!(
            "{} {}{to} ¥{}",
            fmt_day(local_day(v.at, tz), tz),
            v.what,
            fmt_yuan(v.dues_fen)
        ))
    });
    section(app, &mut b, key!("sec.talks"), &d.talks, |v| {
        plain(format!(
            "{} {} {}",
            fmt_day(local_day(v.at, tz), tz),
            v.what,
            v.note
        ))
    });
    section(app, &mut b, key!("sec.trainings"), &d.trainings, |v| {
        plain(format!(
            "{} {}",
            fmt_day(local_day(v.at, tz), tz),
            crate::i18n::words::training(l, &v.what)
        ))
    });
    section(app, &mut b, key!("sec.honours"), &d.nominations, |n| {
        plain(format!(
            "#{} {} {} · {:.0}h {}d · {}",
            n.id,
            fmt_day(local_day(n.nominated_at, tz), tz),
            crate::i18n::words::nom(l, n.status.as_str()),
            n.evidence.hours,
            n.evidence.duty_days,
            n.deeds
        ))
    });
    (a, b)
}

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::Person(d) = &app.data else {
        let block = Block::default()
            .borders(Borders::ALL)
            .title(crate::app::screens::Screen::Person.title(app.lang));
        f.render_widget(
            Paragraph::new(format!(" {}", t!(app.lang, "empty"))).block(block),
            area,
        );
        return;
    };
    let offset = app.list().offset;
    let title = format!(
        " {} · {} {} ",
        crate::app::screens::Screen::Person.title(app.lang),
        d.person.staff_code,
        d.person.name
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(Style::new().cyan())
        .title(Span::raw(title).bold());
    let inner = block.inner(area);
    f.render_widget(block, area);
    let (a, b) = columns(app, d);
    debug_assert_eq!(
        if area.width >= TWO_COLUMNS {
            a.len().max(b.len())
        } else {
            a.len() + b.len()
        },
        person_lines(d, area.width),
        "app::layout::person_lines counts the lines drawn here"
    );
    let clip = |lines: Vec<Line<'static>>, w: u16| -> Vec<Line<'static>> {
        lines
            .into_iter()
            .skip(offset)
            .map(|line| {
                // Fit each line to its column (wide characters count two).
                let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                if super::text::width(&text) <= w as usize {
                    line
                } else {
                    let style = line.spans.first().map(|s| s.style).unwrap_or_default();
                    Line::from(Span::styled(fit(&text, w as usize), style))
                }
            })
            .collect()
    };
    if area.width >= TWO_COLUMNS {
        let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
            .spacing(2)
            .areas(inner);
        f.render_widget(Paragraph::new(clip(a, left.width)), left);
        f.render_widget(Paragraph::new(clip(b, right.width)), right);
    } else {
        let mut all = a;
        all.extend(b);
        f.render_widget(Paragraph::new(clip(all, inner.width)), inner);
    }
}
