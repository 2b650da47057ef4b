//! Supplies screen (防护物资): every item with on hand, use per day, days of cover and the day it
//! runs out, low items first; beside it, for the selected item, a gauge of its days of cover, a
//! sparkline of its stock and a bar chart of its daily use over the last weeks, tomorrow's
//! need from the planned shifts, and its stock per depot.

use super::table::{Column, PanelRows, draw_screen_list};
use super::text::{fit, pad, width};
use crate::app::App;
use crate::app::screens::ScreenData;
use crate::domain::time::{day_start, fmt_short, to_local};
use crate::i18n::Lang;
use crate::i18n::{key, t};
use crate::store::supplies_queries::{SuppliesScreen, SupplyLine};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Block, Borders, Gauge, Paragraph, Sparkline};

/// Days of history the screen asks for (the stock sparkline); the bars show the last half.
pub const HISTORY_DAYS: usize = crate::app::screens::SUPPLY_HISTORY_DAYS;
/// Days of cover at which the gauge is full.
const GAUGE_FULL_DAYS: f64 = 14.0;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::Supplies(s) = &app.data else {
        return;
    };
    let side = (area.width * 2 / 5).clamp(34, 60);
    let [left, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(side)]).areas(area);
    list(f, left, app, s);
    let line = app
        .selected_item()
        .and_then(|sel| s.items.rows.iter().find(|l| l.row.id == sel.id));
    detail(f, right, app, s, line);
}

fn cover_text(lang: Lang, cover: Option<f64>) -> String {
    match cover {
        Some(d) => format!("{d:.1}{}", t!(lang, "days")),
        None => "∞".to_string(),
    }
}

fn list(f: &mut Frame, area: Rect, app: &App, s: &SuppliesScreen) {
    let l = app.lang;
    // Wide: use per day, the full runs-out time and tomorrow's need get columns of their own.
    let wide = area.width >= 72;
    let rows = s
        .items
        .rows
        .iter()
        .map(|line| {
            let r = &line.row;
            let st = if r.low {
                app.theme.critical
            } else {
                Style::new()
            };
            let out = r.runs_out.map_or("—".to_string(), |ts| {
                if wide {
                    fmt_short(ts, app.tz)
                } else {
                    to_local(ts, app.tz).format("%m-%d").to_string()
                }
            });
            let mut cells = vec![
                (name(r, l).to_string(), st),
                (
                    format!(
                        "{} {}",
                        r.on_hand,
                        crate::i18n::pick(l, &r.unit_en, &r.unit_zh)
                    ),
                    Style::new(),
                ),
            ];
            if wide {
                cells.push((format!("{:.0}", r.burn_per_day), Style::new()));
            }
            cells.push((cover_text(l, r.days_of_cover), st));
            cells.push((out, st));
            if wide {
                let short = (r.on_hand as f64) < line.need_tomorrow;
                cells.push((
                    format!(
                        "{:.0}{}",
                        line.need_tomorrow.ceil(),
                        if short { "!" } else { "" }
                    ),
                    if short { app.theme.bad } else { Style::new() },
                ));
            }
            cells.push((
                if r.low {
                    format!("▼{}", t!(l, "low"))
                } else {
                    String::new()
                },
                st,
            ));
            cells
        })
        .collect();
    let col = |title, width| Column {
        title: Some(title),
        width,
    };
    let mut columns = vec![
        col(key!("col.item"), Constraint::Fill(1)),
        col(key!("col.on_hand"), Constraint::Length(10)),
    ];
    if wide {
        columns.push(col(key!("col.per_day"), Constraint::Length(6)));
    }
    columns.push(col(key!("col.cover"), Constraint::Length(6)));
    columns.push(if wide {
        col(key!("col.runs_out"), Constraint::Length(11))
    } else {
        col(key!("col.out"), Constraint::Length(5))
    });
    if wide {
        columns.push(col(key!("col.tomorrow"), Constraint::Length(6)));
    }
    columns.push(Column {
        title: None,
        width: Constraint::Length(4),
    });
    draw_screen_list(
        f,
        area,
        app,
        crate::app::screens::Screen::Supplies.title(l),
        s.items.total,
        PanelRows { columns, rows },
    );
}

fn name(r: &crate::store::queries::SupplyRow, l: Lang) -> &str {
    crate::i18n::pick(l, &r.name_en, &r.name_zh)
}

fn detail(f: &mut Frame, area: Rect, app: &App, s: &SuppliesScreen, line: Option<&SupplyLine>) {
    let l = app.lang;
    let title = line.map_or(String::new(), |x| {
        format!(" {} · {} ", name(&x.row, l), x.row.code)
    });
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.dim)
        .title(Span::raw(title).bold());
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(x) = line else {
        f.render_widget(
            Paragraph::new(format!(" {}", t!(l, "empty"))).dark_gray(),
            inner,
        );
        return;
    };
    let r = &x.row;
    let w = inner.width as usize;
    let unit = crate::i18n::pick(l, &r.unit_en, &r.unit_zh);
    // The charts take the height the text lines and the depot list leave, up to 8 rows each.
    let fixed = 8 + 1 + x.depots.len() as u16;
    let spare = inner.height.saturating_sub(fixed + 6);
    let spark_h = 3 + (spare / 2).min(5);
    let bars_h = 3 + (spare - spare / 2).min(5);
    let [
        cover_l,
        gauge,
        burn_l,
        spark_l,
        spark,
        bars_l,
        bars,
        axis,
        tomorrow,
        need,
        depots,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(spark_h),
        Constraint::Length(1),
        Constraint::Length(bars_h),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);

    // Days of cover: words first (never colour alone), then the gauge.
    let low = if r.low {
        format!("▼{}  ", t!(l, "low"))
    } else {
        String::new()
    };
    let cover_line = format!(
        "{low}{} {}  ({}{}{})",
        t!(l, "sup.cover"),
        cover_text(l, r.days_of_cover),
        t!(l, "sup.threshold"),
        s.low_stock_days,
        t!(l, "days"),
    );
    let warn = if r.low {
        app.theme.critical
    } else {
        Style::new().bold()
    };
    f.render_widget(Paragraph::new(fit(&cover_line, w)).style(warn), cover_l);
    let ratio = r
        .days_of_cover
        .map_or(1.0, |d| (d / GAUGE_FULL_DAYS).clamp(0.0, 1.0));
    let label = match r.runs_out {
        Some(ts) => format!("{} {}", t!(l, "col.runs_out"), fmt_short(ts, app.tz)),
        None => t!(l, "sup.never").to_string(),
    };
    f.render_widget(
        Gauge::default()
            .ratio(ratio)
            .label(fit(&label, w))
            .use_unicode(true)
            .gauge_style(if r.low {
                app.theme.bad.on_black()
            } else {
                app.theme.ok.on_black()
            }),
        gauge,
    );
    let mut burn = format!(
        "{} {} {unit} · {:.0}{}",
        t!(l, "col.on_hand"),
        r.on_hand,
        r.burn_per_day,
        t!(l, "sup.per_day"),
    );
    if w >= 40 {
        burn += &format!(" ({}{})", s.window_days, t!(l, "days"));
    }
    if r.on_hand <= r.reorder_level {
        burn += &format!(" {}", t!(l, "sup.reorder"));
    }
    f.render_widget(Paragraph::new(fit(&burn, w)), burn_l);

    // Stock level: oldest left, today right; each day as many columns as fit.
    let h = &x.history;
    let n_spark = h.len().min(w);
    let label = t!(l, "sup.stock_chart").replace("{n}", &n_spark.to_string());
    f.render_widget(Paragraph::new(fit(&label, w)).dark_gray(), spark_l);
    let per_day = w.checked_div(n_spark).unwrap_or(1);
    let levels: Vec<u64> = h[h.len() - n_spark..]
        .iter()
        .flat_map(|d| std::iter::repeat_n(d.level.max(0) as u64, per_day))
        .collect();
    f.render_widget(
        Sparkline::default().data(&levels).style(if r.low {
            app.theme.bad
        } else {
            Style::new().cyan()
        }),
        spark,
    );

    // Daily use: the last 14 days (today so far last), bars as wide as fit.
    let n_bars = (h.len().min(14)).min(w.div_ceil(2));
    let label = t!(l, "sup.use_chart").replace("{n}", &n_bars.to_string());
    f.render_widget(Paragraph::new(fit(&label, w)).dark_gray(), bars_l);
    if n_bars > 0 {
        let gap = 1u16;
        let bar_w = ((w as u16 + gap) / n_bars as u16)
            .saturating_sub(gap)
            .max(1);
        let days = &h[h.len() - n_bars..];
        // Numbers on the bars only when every one fits.
        let numbers = days
            .iter()
            .all(|d| width(&d.issued.max(0).to_string()) <= bar_w as usize);
        let data: Vec<Bar> = days
            .iter()
            .map(|d| {
                let v = d.issued.max(0) as u64;
                Bar::default().value(v).text_value(if numbers {
                    v.to_string()
                } else {
                    String::new()
                })
            })
            .collect();
        f.render_widget(
            BarChart::vertical(data)
                .bar_width(bar_w)
                .bar_gap(gap)
                .bar_style(app.theme.caution)
                .value_style(app.theme.warn),
            bars,
        );
        let first = to_local(day_start(days[0].day, app.tz), app.tz)
            .format("%m-%d")
            .to_string();
        let last = to_local(day_start(days[n_bars - 1].day, app.tz), app.tz)
            .format("%m-%d")
            .to_string();
        let span = (n_bars as u16 * (bar_w + gap)).saturating_sub(gap) as usize;
        let axis_text = format!(
            "{first}{}{last}",
            " ".repeat(span.saturating_sub(width(&first) + width(&last)).max(1))
        );
        f.render_widget(Paragraph::new(fit(&axis_text, w)).dark_gray(), axis);
    }

    // Tomorrow's need from the planned shifts.
    let shifts: i64 = s.shifts_tomorrow.iter().map(|(_, n)| n).sum();
    let short = (r.on_hand as f64) < x.need_tomorrow;
    let text = t!(l, "sup.tomorrow").replace("{shifts}", &shifts.to_string());
    f.render_widget(Paragraph::new(fit(&text, w)), tomorrow);
    let mut text = format!(
        "{} {} {unit}",
        t!(l, "sup.need"),
        x.need_tomorrow.ceil() as i64
    );
    if short {
        text += &format!("  ✗{}", t!(l, "sup.short"));
    }
    f.render_widget(
        Paragraph::new(fit(&text, w)).style(if short {
            app.theme.critical
        } else {
            Style::new()
        }),
        need,
    );

    // Stock per depot.
    let mut lines = vec![Line::from(Span::raw(t!(l, "sup.depots")).dark_gray())];
    let num_w = 8;
    for d in &x.depots {
        let kind = s
            .depots
            .iter()
            .find(|dr| dr.id == d.depot_id)
            .map_or("", |dr| {
                if dr.post_id.is_some() {
                    t!(l, "sup.cabinet")
                } else {
                    t!(l, "sup.store")
                }
            });
        let name = format!("#{} {} ", d.depot_id, d.depot);
        let name_w = w.saturating_sub(num_w + width(kind) + 2);
        lines.push(Line::from(format!(
            "{}{:>num_w$} {kind}",
            pad(&name, name_w),
            d.on_hand
        )));
    }
    f.render_widget(Paragraph::new(lines), depots);
}
