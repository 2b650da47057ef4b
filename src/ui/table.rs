//! One list panel: a bordered table of the visible window, with the selection marked by a
//! symbol as well as by colour.

use super::text::{fit, width};
use crate::app::keys::Panel;
use crate::app::{App, ListState, Mode};
use crate::i18n::{key, t};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Cell, Paragraph, Row, Table};

/// From this terminal width on (the terminal's, not the table's: a list beside a detail pane is
/// narrower), a column that would cut its text grows into the room other
/// columns (or the table's right end) leave blank.
const WIDE: u16 = 120;

/// Widths that cut less: columns narrower than their text (`natural`) take, left to right, the
/// `spare` columns at the table's right end, then what columns wider than their text leave
/// blank (the rightmost first). `None` when nothing is cut or there is no room to give.
fn grow(have: &[u16], natural: &[u16], spare: u16) -> Option<Vec<u16>> {
    let short: u16 = have
        .iter()
        .zip(natural)
        .map(|(h, n)| n.saturating_sub(*h))
        .sum();
    // A column given up keeps one blank column more than its text, so that two columns
    // never run together.
    let slack: u16 = have
        .iter()
        .zip(natural)
        .map(|(h, n)| h.saturating_sub(n + 1))
        .sum();
    let mut room = short.min(spare + slack);
    if room == 0 {
        return None;
    }
    let mut w = have.to_vec();
    // Taken first from the right end, then from blank columns, rightmost first.
    let mut take = room.saturating_sub(spare);
    for (x, n) in w.iter_mut().zip(natural).rev() {
        let give = x.saturating_sub(n + 1).min(take);
        *x -= give;
        take -= give;
    }
    for (x, n) in w.iter_mut().zip(natural) {
        let get = n.saturating_sub(*x).min(room);
        *x += get;
        room -= get;
    }
    Some(w)
}

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

/// A full screen's list: unnumbered, always focused, its cursor the screen's own.
pub fn draw_screen_list(
    f: &mut Frame,
    area: Rect,
    app: &App,
    title: &str,
    total: usize,
    content: PanelRows,
) {
    let list = app.list();
    let view = View {
        number: None,
        title,
        total,
        focused: true,
        list: &list,
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
    let split = |w: &[Constraint]| {
        ratatui::layout::Layout::horizontal(w.to_vec())
            .spacing(1)
            .split(inner)
    };
    let mut col_widths = split(&widths);
    if app.size.0 >= WIDE {
        // What each column's longest visible cell (or its title) needs.
        let natural: Vec<u16> = content
            .columns
            .iter()
            .enumerate()
            .map(|(c, col)| {
                let title = col.title.map_or(0, |k| width(t(app.lang, k)));
                let cells = content
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|x| width(&x.0));
                cells.chain([title]).max().unwrap_or(0) as u16
            })
            .collect();
        let have: Vec<u16> = col_widths[1..].iter().map(|r| r.width).collect();
        let used: u16 = col_widths.iter().map(|r| r.width).sum::<u16>() + widths.len() as u16 - 1;
        if let Some(grown) = grow(&have, &natural, inner.width.saturating_sub(used)) {
            widths = std::iter::once(Constraint::Length(1))
                .chain(grown.into_iter().map(Constraint::Length))
                .collect();
            col_widths = split(&widths);
        }
    }
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

#[cfg(test)]
mod tests {
    use super::grow;

    #[test]
    fn a_cut_column_grows_into_blank_room() {
        // Nothing cut: unchanged.
        assert_eq!(grow(&[5, 10], &[5, 4], 20), None);
        // Cut by 4, 20 blank at the end: it takes 4 of them.
        assert_eq!(grow(&[5, 10], &[9, 4], 20), Some(vec![9, 10]));
        // No blank end: the blank of the column to its right, which keeps one blank column.
        assert_eq!(grow(&[5, 10], &[9, 4], 0), Some(vec![9, 6]));
        assert_eq!(grow(&[5, 10], &[9, 6], 0), Some(vec![8, 7]));
        // Not enough room: what there is.
        assert_eq!(grow(&[5, 10], &[30, 8], 1), Some(vec![7, 9]));
        // No room at all.
        assert_eq!(grow(&[5, 10], &[9, 12], 0), None);
    }
}
