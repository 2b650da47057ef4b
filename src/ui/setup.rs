//! The Setup screen (基础设置): a line of tabs, then the rows of the current kind with what
//! tells them apart, closed ones dimmed and marked at the end; and the first-run checklist
//! (开通向导): four steps, each with its state, its key here and its command in a script.

use super::table::{Column, PanelRows, draw_screen_list};
use super::text::fit;
use crate::app::App;
use crate::app::screens::ScreenData;
use crate::app::setup::{post_kind_label, tab_key};
use crate::i18n::{Key, key, t};
use crate::store::setup_queries::{OrgList, OrgRow};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

/// A row's cells on one tab.
type Cells = fn(&App, &OrgRow) -> Vec<String>;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::Setup(tab, page) = &app.data else {
        return;
    };
    let l = app.lang;
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let mut spans = vec![Span::raw(" ")];
    for t in OrgList::ALL {
        let label = format!(" {} ", crate::i18n::t(l, tab_key(t)));
        spans.push(if t == *tab {
            Span::raw(label).reversed().bold()
        } else {
            Span::styled(label, app.theme.dim)
        });
    }
    f.render_widget(Paragraph::new(Line::from(spans)), tabs);
    let wide = area.width >= 110;
    let col = |title: Key, width| Column {
        title: Some(title),
        width,
    };
    let (columns, cells): (Vec<Column>, Cells) = match tab {
        OrgList::Streets => (
            vec![
                col(key!("setup.col.name"), Constraint::Fill(1)),
                col(key!("setup.col.communities"), Constraint::Length(12)),
            ],
            |_, r| vec![r.name.clone(), r.count.to_string()],
        ),
        OrgList::Communities => (
            vec![
                col(key!("setup.col.name"), Constraint::Fill(1)),
                col(key!("setup.col.street"), Constraint::Fill(1)),
                col(key!("setup.col.posts"), Constraint::Length(8)),
            ],
            |_, r| {
                vec![
                    r.name.clone(),
                    r.parent.clone().unwrap_or_default(),
                    r.count.to_string(),
                ]
            },
        ),
        OrgList::Posts => (
            vec![
                col(key!("setup.col.name"), Constraint::Fill(2)),
                col(key!("setup.col.kind"), Constraint::Length(11)),
                col(key!("setup.col.community"), Constraint::Fill(1)),
                col(key!("setup.col.headcount"), Constraint::Length(5)),
                col(
                    key!("setup.col.shifts"),
                    Constraint::Length(if wide { 36 } else { 12 }),
                ),
                col(key!("setup.col.on_duty"), Constraint::Length(4)),
            ],
            |a, r| {
                vec![
                    r.name.clone(),
                    post_kind_label(a.lang, r.kind.as_deref().unwrap_or("")).to_string(),
                    r.parent.clone().unwrap_or_default(),
                    r.headcount.map(|h| h.to_string()).unwrap_or_default(),
                    r.pattern.clone().unwrap_or_default(),
                    r.count.to_string(),
                ]
            },
        ),
        OrgList::Depots => (
            vec![
                col(key!("setup.col.name"), Constraint::Fill(1)),
                col(key!("setup.col.post"), Constraint::Fill(1)),
                col(key!("setup.col.held"), Constraint::Length(10)),
            ],
            |a, r| {
                vec![
                    r.name.clone(),
                    r.parent
                        .clone()
                        .unwrap_or_else(|| t!(a.lang, "setup.store").to_string()),
                    r.count.to_string(),
                ]
            },
        ),
        OrgList::Items => (
            vec![
                col(key!("setup.col.code"), Constraint::Length(10)),
                col(key!("setup.col.name"), Constraint::Fill(1)),
                col(key!("setup.col.name_en"), Constraint::Fill(1)),
                col(key!("setup.col.unit"), Constraint::Length(6)),
                col(key!("setup.col.reorder"), Constraint::Length(9)),
                col(key!("setup.col.on_hand"), Constraint::Length(8)),
            ],
            |_, r| {
                vec![
                    r.code.clone().unwrap_or_default(),
                    r.name.clone(),
                    r.name_en.clone().unwrap_or_default(),
                    r.unit.clone().unwrap_or_default(),
                    r.reorder.map(|h| h.to_string()).unwrap_or_default(),
                    r.count.to_string(),
                ]
            },
        ),
        OrgList::Medics => (
            vec![
                col(key!("setup.col.staff"), Constraint::Length(10)),
                col(key!("setup.col.medic"), Constraint::Fill(1)),
                col(key!("setup.col.community"), Constraint::Fill(1)),
            ],
            |_, r| {
                vec![
                    r.code.clone().unwrap_or_default(),
                    r.name.clone(),
                    r.parent.clone().unwrap_or_default(),
                ]
            },
        ),
    };
    let mut columns = columns;
    columns.push(col(key!("setup.col.state"), Constraint::Length(8)));
    let closed_word = if *tab == OrgList::Medics {
        t!(l, "setup.ended")
    } else {
        t!(l, "setup.closed")
    };
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let style = if r.closed {
                app.theme.dim
            } else {
                Style::new()
            };
            let mut row: Vec<(String, Style)> =
                cells(app, r).into_iter().map(|c| (c, style)).collect();
            if let Some(first) = row.first_mut()
                && !r.closed
            {
                first.1 = Style::new().bold();
            }
            row.push(if r.closed {
                (closed_word.to_string(), app.theme.dim)
            } else {
                (t!(l, "setup.open").to_string(), app.theme.ok)
            });
            row
        })
        .collect();
    let title = format!(
        "{} · {}",
        crate::app::screens::Screen::Setup.title(l),
        crate::i18n::t(l, tab_key(*tab))
    );
    draw_screen_list(
        f,
        body,
        app,
        &title,
        page.total,
        PanelRows { columns, rows },
    );
}

/// The first-run checklist: each step on two lines (its title and state; the key here and the
/// command in a script), so it reads whole at 80 columns.
pub fn render_first_run(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::FirstRun(page, counts) = &app.data else {
        return;
    };
    let l = app.lang;
    let [list_area, below] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(2)]).areas(area);
    let key_of = |a: crate::app::keys::KeyAction| {
        app.keymap
            .bindings
            .iter()
            .find(|b| b.action == a)
            .map_or_else(String::new, |b| b.label.clone())
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(app.theme.focus)
        .title(
            Line::from(format!(
                " {} ",
                crate::app::screens::Screen::FirstRun.title(l)
            ))
            .bold(),
        );
    let inner = block.inner(list_area);
    f.render_widget(block, list_area);
    let w = inner.width as usize;
    let selected = app.list().selected;
    let mut lines = Vec::new();
    for (i, s) in page.rows.iter().enumerate() {
        let (state, style) = if s.to_go == 0 {
            (t!(l, "first.done").to_string(), app.theme.ok)
        } else {
            (
                t!(l, "first.to_go").replace("{n}", &s.to_go.to_string()),
                app.theme.bad,
            )
        };
        let mark = if i == selected { "▶ " } else { "  " };
        let title = format!("{mark}{} {}", s.n, t(l, s.title));
        let room = w.saturating_sub(super::text::width(&state) + 1);
        let title_style = if i == selected {
            Style::new().bold().reversed()
        } else {
            Style::new().bold()
        };
        lines.push(Line::from(vec![
            Span::styled(super::text::pad(&fit(&title, room), room), title_style),
            Span::raw(" "),
            Span::styled(state, style),
        ]));
        let mut key = key_of(s.action);
        if let Some(then) = s.then {
            key = format!("{key}, {}", t(l, then));
        }
        let how = format!(
            "     {}: {key} · {}: {}",
            t!(l, "first.col.key"),
            t!(l, "first.col.script"),
            s.command
        );
        lines.push(Line::from(Span::styled(fit(&how, w), app.theme.dim)));
        lines.push(Line::from(""));
    }
    f.render_widget(Paragraph::new(lines), inner);
    let text = if crate::app::setup::needs_checklist(counts) {
        t!(l, "first.intro")
    } else {
        t!(l, "first.live")
    };
    f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), below);
}
