//! One list panel: a bordered table of the visible window, with the selection marked by a
//! symbol as well as by colour.

use super::text::fit;
use crate::app::keys::Panel;
use crate::app::{App, ListState, Mode};
use crate::i18n::{key, t};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Cell, Paragraph, Row, Table};

pub struct Column {
    /// None: a column without a heading.
    pub title: Option<crate::i18n::Key>,
    pub width: Constraint,
}

pub struct PanelRows {
    pub columns: Vec<Column>,
    /// Each row: cell texts with styles; the UI fits each text to its column.
    pub rows: Vec<Vec<(String, Style)>>,
}

/// A home panel: numbered, focused when the app's focus is on it.
pub fn draw(f: &mut Frame, area: Rect, app: &App, panel: Panel, content: PanelRows) {
    let ix = panel.index();
    let view = View {
        number: Some(ix + 1),
        title: t(app.lang, panel.title_key()),
        total: app.total(panel),
        focused: app.focus == panel,
        list: &app.lists[ix],
    };
    draw_list(f, area, app, view, content);
}

/// How a list is titled and where its cursor is.
pub struct View<'a> {
    pub number: Option<usize>,
    pub title: &'a str,
    pub total: usize,
    pub focused: bool,
    pub list: &'a ListState,
}

pub fn draw_list(f: &mut Frame, area: Rect, app: &App, view: View, content: PanelRows) {
    let View {
        number,
        title,
        total,
        focused,
        list,
    } = view;
    let mut title = vec![
        Span::raw(number.map_or(String::new(), |n| format!(" {n} "))).reversed(),
        Span::raw(format!(" {title} ")).bold(),
        Span::raw(format!("({}) ", crate::i18n::ux::fmt_count(total as i64))),
    ];
    let filtering = matches!(app.mode, Mode::Filter(_)) && focused;
    if !list.filter.is_empty() || filtering {
        title.push(Span::raw(format!("/{} ", list.filter)).italic());
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Double
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            app.theme.focus
        } else {
            app.theme.dim
        })
        .title(Line::from(title));
    let inner = block.inner(area);
    f.render_widget(block, area);
    if content.rows.is_empty() {
        let key = if list.filter.is_empty() {
            key!("empty")
        } else {
            key!("empty.filtered")
        };
        f.render_widget(
            Paragraph::new(format!(" {}", t(app.lang, key))).style(app.theme.dim),
            inner,
        );
        return;
    }
    let mut widths = vec![Constraint::Length(1)];
    widths.extend(content.columns.iter().map(|c| c.width));
    let col_widths = ratatui::layout::Layout::horizontal(widths.clone())
        .spacing(1)
        .split(inner);
    let header = Row::new(
        std::iter::once(Cell::from(""))
            .chain(
                content
                    .columns
                    .iter()
                    .map(|c| Cell::from(c.title.map_or("", |k| t(app.lang, k)))),
            )
            .collect::<Vec<_>>(),
    )
    .style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
    let rows = content.rows.into_iter().enumerate().map(|(i, cells)| {
        let selected = focused && list.offset + i == list.selected;
        let mark = if selected { "▶" } else { " " };
        let row = Row::new(std::iter::once(Cell::from(mark)).chain(
            cells.into_iter().enumerate().map(|(c, (text, style))| {
                let w = col_widths.get(c + 1).map_or(0, |r| r.width as usize);
                Cell::from(fit(&text, w)).style(style)
            }),
        ));
        if selected {
            row.style(app.theme.selected)
        } else {
            row
        }
    });
    f.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        inner,
    );
}
