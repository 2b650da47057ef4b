//! A form overlay: one labelled input per field, what the person and post fields name, and why
//! the last try was refused.

use super::layout::centered;
use super::text::{fit, width};
use crate::app::App;
use crate::app::form::{FieldKind, Form};
use crate::i18n::t;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

pub fn render(f: &mut Frame, area: Rect, app: &App, form: &Form) {
    let l = app.lang;
    let w = area.width.saturating_sub(4).min(72);
    let inner_w = w.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<(u16, u16)> = None;
    // Each line of the context on its own line (an import preview has several).
    for c in form.context.iter().flat_map(|c| c.lines()) {
        lines.push(Line::from(Span::styled(
            fit(c, inner_w),
            Style::new().cyan(),
        )));
    }
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        lines.push(Line::from(Span::styled(
            fit(t(l, form.label_key(field.kind)), inner_w),
            if focused {
                Style::new().bold()
            } else {
                app.theme.dim
            },
        )));
        let room = inner_w.saturating_sub(3);
        let scroll = field.input.visual_scroll(room);
        let shown: String = skip_columns(field.input.value(), scroll);
        let prefix = if focused { "▶ " } else { "  " };
        lines.push(Line::from(vec![
            Span::raw(prefix),
            Span::styled(fit(&shown, room), Style::new().underlined()),
        ]));
        if focused {
            cursor = Some((
                (2 + field.input.visual_cursor().saturating_sub(scroll)) as u16,
                lines.len() as u16 - 1,
            ));
        }
        // A picker field whose text fits several rows (or none): the rows, one highlighted.
        if i == form.focus
            && field.picked.is_none()
            && let Some(p) = form.picker_for(field.kind)
            && (p.total > 1 || (p.total == 0 && field.kind != FieldKind::Person))
        {
            lines.extend(picker_lines(app, p, room));
            continue;
        }
        // The one row the text fits (not yet taken): what `Enter` or leaving the field takes.
        if field.kind != FieldKind::Person
            && field.picked.is_none()
            && let Some(p) = form.picker_for(field.kind)
            && p.total == 1
            && let Some(c) = p.choices.first()
        {
            let text = crate::i18n::pick::choice_line(l, c);
            lines.push(Line::from(Span::styled(
                format!("  → {}", fit(&text, room.saturating_sub(4))),
                app.theme.ok,
            )));
            continue;
        }
        match field.kind {
            FieldKind::Person
                if form.person_looked_up && !field.input.value().trim().is_empty() =>
            {
                // Where the gate judges, "available" is its word to say (below), not the lookup's.
                let gated = crate::app::gate::trial_command(form, l, app.now, app.tz).is_some();
                let line = match &form.person {
                    Some(p) => Span::styled(
                        format!(
                            "  → {} ({}, #{}){}",
                            p.name,
                            p.staff_code,
                            p.id,
                            if gated && p.status == "available" {
                                String::new()
                            } else {
                                format!(" · {}", crate::i18n::words::person(l, &p.status))
                            }
                        ),
                        app.theme.ok,
                    ),
                    None if form.person_matches.1 > 1 => {
                        // Never a guess: how many, then each on its own line with what tells
                        // them apart (staff code, community, phone tail, state); the user
                        // types the staff code or #id of the one meant.
                        let (hits, total) = &form.person_matches;
                        for c in hits {
                            let line = c.line(crate::i18n::words::state(l, &c.state));
                            lines.push(Line::from(Span::styled(
                                format!("    {}", fit(&line, room.saturating_sub(4))),
                                app.theme.dim,
                            )));
                        }
                        let at = lines.len() - hits.len();
                        lines.insert(
                            at,
                            Line::from(Span::styled(
                                format!("  ? {total} {}:", t!(l, "form.matches")),
                                app.theme.bad,
                            )),
                        );
                        continue;
                    }
                    None => Span::styled(format!("  ✗ {}", t!(l, "form.no_match")), app.theme.bad),
                };
                lines.push(Line::from(line));
            }
            // A picked post shows its own name in the field.
            FieldKind::Post if field.picked.is_some() => {}
            FieldKind::Post => match &form.post_name {
                Some(Some(name)) => lines.push(Line::from(Span::styled(
                    format!("  → {name}"),
                    app.theme.ok,
                ))),
                Some(None) if !field.input.value().trim().is_empty() => lines.push(Line::from(
                    Span::styled(format!("  ✗ {}", t!(l, "form.no_post")), app.theme.bad),
                )),
                _ => {}
            },
            k @ (FieldKind::Item
            | FieldKind::Depot
            | FieldKind::ToDepot
            | FieldKind::Change
            | FieldKind::Kind
            | FieldKind::Request) => {
                if let Some(line) = super::form_supplies::hint(app, form, k) {
                    lines.push(line);
                }
            }
            FieldKind::FilePath => lines.push(path_hint(app, form, room)),
            _ => {}
        }
    }
    lines.push(Line::from(""));
    // What the duty gate would say to the person and times on screen.
    let mut extra = 0;
    if let Some(g) = &form.gate {
        let (ok, text) = crate::app::gate::line(l, app.tz, g);
        extra += width(&text).max(1).div_ceil(inner_w.max(1)) - 1;
        lines.push(Line::from(Span::styled(
            text,
            if ok { app.theme.ok } else { app.theme.bad },
        )));
    }
    if let Some(e) = &form.error {
        lines.push(Line::from(Span::styled(
            format!("✗ {e}"),
            app.theme.critical,
        )));
    }
    lines.push(Line::from(Span::styled(t!(l, "form.hint"), app.theme.dim)));
    // Wrapped error text can take more than one line.
    let extra = extra
        + form
            .error
            .as_ref()
            .map_or(0, |e| (width(e) + 2) / inner_w.max(1));
    let h = (lines.len() + extra) as u16 + 2;
    let r = centered(area, w, h);
    f.render_widget(Clear, r);
    // And the column left of it: a wide character there would spill over the left border.
    if r.x > area.x {
        f.render_widget(Clear, Rect::new(r.x - 1, r.y, 1, r.height));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .title(
            match &form.subject {
                Some(x) => format!(" {} · {x} ", t(l, form.kind.title_key())),
                None => format!(" {} ", t(l, form.kind.title_key())),
            }
            .bold(),
        );
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        r,
    );
    if let Some((x, y)) = cursor {
        let pos = Position::new((r.x + 1 + x).min(r.right().saturating_sub(2)), r.y + 1 + y);
        if r.contains(pos) {
            f.set_cursor_position(pos);
        }
    }
}

/// Under a picker field: how many rows the text fits, each with what tells it apart, the
/// highlighted one marked; or that nothing fits.
fn picker_lines(app: &App, p: &crate::app::picker::Picker, room: usize) -> Vec<Line<'static>> {
    let l = app.lang;
    if p.total == 0 {
        return vec![Line::from(Span::styled(
            format!("  ✗ {}", t!(l, "pick.none")),
            app.theme.bad,
        ))];
    }
    let mut out = vec![Line::from(Span::styled(
        format!("  ? {} {}", p.total, t!(l, "pick.many")),
        app.theme.bad,
    ))];
    for (i, c) in p.choices.iter().enumerate() {
        let text = crate::i18n::pick::choice_line(l, c);
        let text = fit(&text, room.saturating_sub(4));
        out.push(if i == p.at {
            Line::from(Span::styled(format!("  ▸ {text}"), Style::new().reversed()))
        } else {
            Line::from(Span::styled(format!("    {text}"), app.theme.dim))
        });
    }
    if p.total > p.choices.len() {
        out.push(Line::from(Span::styled(
            format!("    +{} {}", p.total - p.choices.len(), t!(l, "pick.more")),
            app.theme.dim,
        )));
    }
    out
}

/// Under the path field: the completion key, or the first few entries the last completion
/// matched (names escaped).
fn path_hint(app: &App, form: &Form, room: usize) -> Line<'static> {
    const SHOWN: usize = 5;
    let l = app.lang;
    let c = &form.path_candidates;
    let text = if c.is_empty() {
        t!(l, "form.path_tab").to_string()
    } else {
        let mut s: Vec<String> = c
            .iter()
            .take(SHOWN)
            .map(|n| crate::domain::text::field(n).into_owned())
            .collect();
        if c.len() > SHOWN {
            s.push(format!("+{} {}", c.len() - SHOWN, t!(l, "form.path_more")));
        }
        s.join("  ")
    };
    Line::from(Span::styled(
        format!("  {}", fit(&text, room)),
        app.theme.dim,
    ))
}

/// `s` without its first `cols` display columns.
fn skip_columns(s: &str, cols: usize) -> String {
    let mut w = 0;
    s.chars()
        .skip_while(|c| {
            let skip = w < cols;
            w += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
            skip
        })
        .collect()
}
