//! Header: app name, live clock, alert counts (with words, not colour alone), operator, post.
//! Parts are dropped from the right when the terminal is narrow; the clock and alerts stay.

use super::text::{fit, width};
use crate::app::App;
use crate::domain::time::to_local;
use crate::i18n::{key, t};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let l = app.lang;
    let c = &app.home.counts;
    let fmt = if area.width < 100 {
        "%m-%d %H:%M:%S"
    } else {
        "%Y-%m-%d %H:%M:%S"
    };
    let clock = to_local(app.now, app.tz).format(fmt).to_string();
    let frozen = if app.frozen {
        format!(" ({})", t!(l, "header.frozen"))
    } else {
        String::new()
    };
    let mut spans = vec![
        Span::styled(format!(" {} ", t!(l, "app.title")), app.theme.header),
        Span::styled(format!(" {clock}{frozen} "), Style::new().bold()),
    ];
    // The new-alert flash is the footer's (`footer::status_line`): the counts keep their place.
    let th = &app.theme;
    for (n, key, style) in [
        // A positive test stays first, until acknowledged.
        (c.alerts, key!("alert.positive"), th.alert),
        (c.overdue, key!("alert.overdue"), th.alert),
        (c.forced_rest, key!("alert.forced"), th.warn),
        (c.urgent_cases, key!("alert.urgent"), th.urgent),
        (c.low_items, key!("alert.low"), th.alert),
        (c.unwell, key!("alert.unwell"), th.warn),
        (c.no_report, key!("alert.no_report"), th.warn),
        (c.cases_overdue, key!("alert.cases_overdue"), th.urgent),
    ] {
        if n > 0 {
            spans.push(Span::styled(
                format!("⚠{} {}", t(l, key), crate::i18n::ux::fmt_count(n as i64)),
                style,
            ));
            spans.push(Span::raw(" "));
        }
    }
    spans.push(Span::raw(format!(
        " {} {} ",
        t!(l, "header.operator"),
        app.operator
    )));
    spans.push(Span::styled(
        format!(
            "· {}",
            app.post_name.as_deref().unwrap_or(t!(l, "app.post"))
        ),
        th.dim,
    ));
    // Keep whole parts while they fit; cut the first one that does not.
    let mut room = area.width as usize;
    let mut shown = Vec::new();
    for s in spans {
        let w = width(&s.content);
        if w <= room {
            room -= w;
            shown.push(s);
        } else {
            if room > 1 {
                shown.push(Span::styled(fit(&s.content, room), s.style));
            }
            break;
        }
    }
    f.render_widget(Paragraph::new(Line::from(shown)), area);
}
