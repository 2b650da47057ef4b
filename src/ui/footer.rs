//! Footer: the result of the last action, and the keys that work here (from the key table).

use super::text::fit;
use crate::app::{App, Mode};
use crate::i18n::t;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(f: &mut Frame, status: Rect, hints: Rect, app: &App) {
    if let Some(job) = &app.job {
        gauge(f, status, app, job);
    } else {
        status_line(f, status, app);
    }
    hints_line(f, hints, app);
}

/// "导入 4 200/20 200 · Esc 取消" over a bar of how far the job is.
fn gauge(f: &mut Frame, area: Rect, app: &App, job: &crate::app::paperwork::JobGauge) {
    let count = match job.total {
        0 => String::new(),
        n => format!(" {}/{}", grouped(job.done.min(n)), grouped(n)),
    };
    let label = format!(
        "⟳ {}{count} · {}",
        t(app.lang, job.what),
        t!(app.lang, "job.cancel")
    );
    let ratio = match job.total {
        0 => 0.0,
        n => (job.done as f64 / n as f64).clamp(0.0, 1.0),
    };
    let g = ratatui::widgets::LineGauge::default()
        .label(fit(&label, area.width as usize / 2))
        .ratio(ratio)
        .filled_style(app.theme.key)
        .style(app.theme.ok);
    f.render_widget(g, area);
}

/// 20200 → "20 200".
pub fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn status_line(f: &mut Frame, status: Rect, app: &App) {
    let (mark, style) = if app.status.error {
        ("✗ ", app.theme.error)
    } else {
        ("✓ ", app.theme.ok)
    };
    let mut room = status.width as usize;
    let mut spans = Vec::new();
    // A new alert takes the front of the status line for a few seconds (the header's counts
    // keep their place).
    if app.flashing() {
        let l = app.lang;
        let flash = format!(
            "🔔 {}: {} ",
            t!(l, "alert.new"),
            app.alerts.what.map_or("", |k| t(l, k))
        );
        let flash = fit(&flash, room);
        room = room.saturating_sub(super::text::width(&flash) + 1);
        spans.push(Span::styled(flash, app.theme.flash));
        spans.push(Span::raw(" "));
    }
    // Then this desk's last result (another desk's action does not hide it), then another
    // desk's action for a few seconds, in the room left (the Handover screen keeps the list).
    let own = fit(&format!("{mark}{}", app.status.text), room);
    room = room.saturating_sub(super::text::width(&own));
    spans.push(Span::styled(own, style));
    if let Some(n) = app.notice()
        && room > 4
    {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            fit(&format!("◆ {n}"), room.saturating_sub(2)),
            app.theme.key,
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), status);
}

fn hints_line(f: &mut Frame, hints: Rect, app: &App) {
    let prompt_of = |m: &Mode| match m {
        Mode::Filter(input) => Some((t!(app.lang, "filter.prompt"), input.clone())),
        Mode::Prompt(p) => Some((
            match p.key {
                crate::app::desk::DeskKey::SignIn => t!(app.lang, "prompt.sign_in"),
                _ => t!(app.lang, "prompt.note"),
            },
            p.input.clone(),
        )),
        _ => None,
    };
    if let Some((label, input)) = prompt_of(&app.mode) {
        let prompt = format!(" {label}: ");
        let line = Line::from(vec![
            Span::raw(prompt.clone()).reversed(),
            Span::raw(" "),
            Span::raw(input.value().to_string()),
        ]);
        f.render_widget(Paragraph::new(line), hints);
        let x = hints.x + (super::text::width(&prompt) + 1 + input.visual_cursor()) as u16;
        f.set_cursor_position(Position::new(
            x.min(hints.right().saturating_sub(1)),
            hints.y,
        ));
        return;
    }
    let mut spans = Vec::new();
    let mut shown: Vec<_> = app
        .keymap
        .bindings
        .iter()
        .filter(|b| b.hint && b.applies(app.screen, app.focus))
        .collect();
    // The focused panel's own keys first, then the screen's, then the keys of every screen:
    // a narrow footer still shows what acts on what is in front of the user.
    shown.sort_by_key(|b| match (b.panels.is_empty(), b.screens.is_empty()) {
        (false, _) => 0,
        (true, false) => 1,
        (true, true) => 2,
    });
    // Whole items only: one that does not fit is left out, never cut.
    let mut room = hints.width as usize;
    for b in shown {
        let (key, desc) = (
            format!(" {} ", b.label),
            format!(" {}  ", b.desc.text(app.lang)),
        );
        let full = super::text::width(&key) + super::text::width(&desc);
        // The two spaces after the last item may fall off the edge.
        if full - 2 > room {
            continue;
        }
        room = room.saturating_sub(full);
        spans.push(Span::styled(key, app.theme.key));
        spans.push(Span::raw(desc));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), hints);
}
