//! Schedule and coverage (排班与到岗): each post's shift slots of a day, required against
//! assigned, short and over-staffed slots marked with a symbol and a word as well as colour;
//! and one slot's shifts with the state of each person.

use super::table::{Column, PanelRows, draw_screen_list};
use crate::app::App;
use crate::app::screens::ScreenData;
use crate::domain::ShiftStatus;
use crate::domain::Ts;
use crate::domain::time::{local_day, to_local};
use crate::i18n::Lang;
use crate::i18n::{key, t};
use crate::store::shift_queries::SlotRow;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;

fn col(title: crate::i18n::Key, width: Constraint) -> Column {
    Column {
        title: Some(title),
        width,
    }
}

/// "08:00–16:00", "20:00–08:00+1".
pub fn span(start: Ts, end: Ts, app: &App) -> String {
    let (a, b) = (to_local(start, app.tz), to_local(end, app.tz));
    let days = local_day(end - 1, app.tz) - local_day(start, app.tz);
    let plus = if days > 0 {
        format!("+{days}")
    } else {
        String::new()
    };
    format!("{}–{}{plus}", a.format("%H:%M"), b.format("%H:%M"))
}

/// A slot's state: symbol, word and style — never colour alone.
pub fn coverage_mark(lang: Lang, r: &SlotRow) -> (String, Style) {
    let n = r.short_by();
    if n > 0 {
        let s = crate::i18n::notes::short_by(lang, n);
        (s, Style::new().red().bold())
    } else if n < 0 {
        let s = crate::i18n::notes::short_by(lang, n);
        (s, Style::new().yellow())
    } else {
        (t!(lang, "cov.full").to_string(), Style::new().green())
    }
}

/// The day in the title: "2021-06-10 Thu" / "2021-06-10 周四".
pub fn day_title(day: Ts, app: &App) -> String {
    let d = to_local(day, app.tz);
    let wd = chrono::Datelike::weekday(&d).num_days_from_monday();
    format!(
        "{} {}",
        d.format("%Y-%m-%d"),
        crate::i18n::words::weekday(app.lang, &wd.to_string())
    )
}

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let ScreenData::Schedule(page, sum) = &app.data else {
        return;
    };
    let l = app.lang;
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let when = match (r.start, r.end) {
                (Some(s), Some(e)) => span(s, e, app),
                _ => t!(l, "cov.none").to_string(),
            };
            let (mark, style) = coverage_mark(l, r);
            vec![
                (r.post.clone(), Style::new()),
                (when, Style::new()),
                (r.required.to_string(), Style::new()),
                (r.assigned.to_string(), style),
                (r.on_duty.to_string(), app.theme.dim),
                (mark, style),
            ]
        })
        .collect();
    let columns = vec![
        col(key!("col.post"), Constraint::Fill(1)),
        col(key!("col.shift"), Constraint::Length(13)),
        col(key!("col.need"), Constraint::Length(4)),
        col(key!("col.have"), Constraint::Length(4)),
        col(key!("col.on"), Constraint::Length(4)),
        col(key!("col.coverage"), Constraint::Length(10)),
    ];
    let title = format!(
        "{} · {} · {}{}",
        crate::app::screens::Screen::Schedule.title(l),
        day_title(app.sched_day(), app),
        t!(l, "cov.summary")
            .replace("{short}", &sum.short_slots.to_string())
            .replace("{people}", &sum.short_people.to_string())
            .replace("{over}", &sum.over_slots.to_string()),
        if app.sched.gaps_only {
            format!(" · {}", t!(l, "cov.gaps_only"))
        } else {
            String::new()
        }
    );
    draw_screen_list(
        f,
        area,
        app,
        &title,
        page.total,
        PanelRows { columns, rows },
    );
}

/// One slot's shifts.
pub fn render_slot(f: &mut Frame, area: Rect, app: &App) {
    let (ScreenData::Slot(page), Some(slot)) = (&app.data, &app.sched.slot) else {
        return;
    };
    let l = app.lang;
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let (s, e) = match (r.actual_start, r.actual_end) {
                (Some(a), Some(b)) => (a, b),
                (Some(a), None) => (a, r.planned_end),
                _ => (r.planned_start, r.planned_end),
            };
            let st = Style::new();
            let status_style = match r.status {
                ShiftStatus::Cancelled => st.dark_gray().crossed_out(),
                ShiftStatus::Active => st.green(),
                ShiftStatus::Planned | ShiftStatus::Done => st,
            };
            let (who, who_style) = match r.person_status.as_str() {
                "forced_rest" => (
                    format!("✗ {}", t!(l, "person.forced_rest")),
                    st.red().bold(),
                ),
                "resting" => (format!("☾ {}", t!(l, "person.resting")), st.yellow()),
                "on_duty" => (format!("● {}", t!(l, "person.on_duty")), st.green()),
                _ => (format!("✓ {}", t!(l, "person.available")), st),
            };
            vec![
                (r.name.clone(), status_style),
                (r.staff_code.clone(), st.dark_gray()),
                (
                    crate::i18n::words::shift(l, r.status.as_str()).to_string(),
                    status_style,
                ),
                (span(s, e, app), st),
                (who, who_style),
            ]
        })
        .collect();
    let columns = vec![
        col(key!("col.name"), Constraint::Length(8)),
        col(key!("col.code"), Constraint::Length(9)),
        col(key!("col.status"), Constraint::Length(8)),
        col(key!("col.shift"), Constraint::Length(13)),
        col(key!("col.now"), Constraint::Fill(1)),
    ];
    let assigned = page
        .rows
        .iter()
        .filter(|r| r.status != ShiftStatus::Cancelled)
        .count() as i64;
    let row = SlotRow {
        post_id: slot.post,
        post: slot.post_name.clone(),
        community_id: slot.community_id,
        community: slot.community.clone(),
        start: Some(slot.start),
        end: Some(slot.end),
        required: slot.required,
        assigned,
        on_duty: 0,
        cancelled: 0,
    };
    let (mark, _) = coverage_mark(l, &row);
    let title = format!(
        "{} · {} {} · {}/{} {mark}",
        slot.post_name,
        to_local(slot.start, app.tz).format("%m-%d"),
        span(slot.start, slot.end, app),
        assigned,
        slot.required
    );
    draw_screen_list(
        f,
        area,
        app,
        &title,
        page.total,
        PanelRows { columns, rows },
    );
}
