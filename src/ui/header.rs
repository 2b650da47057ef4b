//! Header: app name, live clock, alert counts (with words, not colour alone), operator, post.
//! The parts and their columns are the app's (`app::header::header_parts`), which the mouse
//! also reads to open the list behind a clicked count; this only styles them.

use crate::app::App;
use crate::app::header::{HeaderAlert as A, PartKind, header_parts};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let th = &app.theme;
    let spans: Vec<Span> = header_parts(app, area.width)
        .into_iter()
        .map(|p| {
            let style = match p.kind {
                PartKind::Title => th.header,
                PartKind::Clock => Style::new().bold(),
                PartKind::Alert(A::Positive | A::Overdue | A::Low) => th.alert,
                PartKind::Alert(A::Forced | A::Unwell | A::NoReport) => th.warn,
                PartKind::Alert(A::Urgent | A::CasesOverdue) | PartKind::Offline => th.urgent,
                PartKind::Space | PartKind::Operator => Style::new(),
                PartKind::Post => th.dim,
            };
            Span::styled(p.text, style)
        })
        .collect();
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
