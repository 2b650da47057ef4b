//! The viewport: where the header, panels, lists and footer sit at a terminal size, and so how
//! many rows each list shows. The app sizes its fetches and its scrolling with it; the painter
//! (`ui`) draws into the same rectangles, so the two never disagree.

use ratatui::layout::{Constraint, Layout, Rect};

pub const HEADER: u16 = 1;
pub const FOOTER: u16 = 2;
/// Border top and bottom plus the column-title row.
const PANEL_CHROME: u16 = 3;

pub struct HomeLayout {
    pub header: Rect,
    pub panels: [Rect; 4],
    pub status: Rect,
    pub hints: Rect,
}

/// The home screen split in halves (before the lower panels' rows are known).
pub fn home(area: Rect) -> HomeLayout {
    home_fit(area, usize::MAX)
}

/// The home screen with the lower panels (family support, supplies) as tall as their rows
/// need — `need` rows, at least 3, at most half the body — and On duty and Overdue taking the
/// rest: a wide, tall terminal shows more of the long lists instead of empty rows.
pub fn home_fit(area: Rect, need: usize) -> HomeLayout {
    let [header, body, status, hints] = Layout::vertical([
        Constraint::Length(HEADER),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let half = body.height / 2;
    let want = u16::try_from(need.max(3))
        .unwrap_or(u16::MAX)
        .saturating_add(PANEL_CHROME);
    let lower = if want >= half {
        Constraint::Fill(1)
    } else {
        Constraint::Length(want)
    };
    let [top, bottom] = Layout::vertical([Constraint::Fill(1), lower]).areas(body);
    let [a, b] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(top);
    let [c, d] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(bottom);
    HomeLayout {
        header,
        panels: [a, b, c, d],
        status,
        hints,
    }
}

/// Data rows each panel can show at this terminal size, the lower panels needing `need` rows.
pub fn panel_rows(size: (u16, u16), need: usize) -> [usize; 4] {
    let l = home_fit(Rect::new(0, 0, size.0, size.1), need);
    l.panels
        .map(|r| r.height.saturating_sub(PANEL_CHROME) as usize)
}

pub struct ScreenLayout {
    pub header: Rect,
    pub body: Rect,
    pub status: Rect,
    pub hints: Rect,
}

pub fn screen(area: Rect) -> ScreenLayout {
    let [header, body, status, hints] = Layout::vertical([
        Constraint::Length(HEADER),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    ScreenLayout {
        header,
        body,
        status,
        hints,
    }
}

/// Data rows a full-screen list can show at this terminal size.
pub fn screen_rows(size: (u16, u16)) -> usize {
    screen(Rect::new(0, 0, size.0, size.1))
        .body
        .height
        .saturating_sub(PANEL_CHROME) as usize
}

/// Data rows a full-screen list can show on `screen`: less the lines some screens keep above
/// or below their list (the health screen's summary and alert, the case detail, the care
/// summary).
pub fn screen_rows_for(screen: super::keys::Screen, size: (u16, u16)) -> usize {
    screen_rows(size).saturating_sub(extra_lines(screen) as usize)
}

/// Lines a full screen keeps outside its list.
pub fn extra_lines(screen: super::keys::Screen) -> u16 {
    let d = screen.def();
    d.above + d.below
}

/// The person record is two columns from this width on, one below it.
pub const TWO_COLUMNS: u16 = 100;

/// Lines the person record takes at this width (what the arrow keys scroll over): the left
/// column (who, party, record, shifts, rest) beside the right one (health, tests, family, cases,
/// visits, talks, trainings, honours), or one below the other when narrow. The painter
/// (`ui::person`) checks in debug builds that it drew this many.
pub fn person_lines(d: &crate::store::person_queries::PersonDetail, width: u16) -> usize {
    let p = &d.person;
    // A section is its heading and one line per row shown.
    let sections = |rows: &[usize]| rows.iter().map(|n| 1 + n).sum::<usize>();
    let left = 3 // name and state, category and unit, phone
        + usize::from(!d.note.is_empty())
        + 2 // party heading and line
        + usize::from(!p.party_branch.is_empty() || p.residence_community.is_some())
        + 3 // record heading and two lines of figures
        + usize::from(d.owed_minutes > 0)
        + sections(&[d.shifts.rows.len(), d.rests.rows.len()]);
    let right = sections(&[d.health.rows.len(), d.tests.rows.len()])
        + if d.family.is_some() { 2 } else { 0 }
        + sections(&[
            d.cases.rows.len(),
            d.visits.rows.len(),
            d.talks.rows.len(),
            d.trainings.rows.len(),
            d.nominations.rows.len(),
        ]);
    if width >= TWO_COLUMNS {
        left.max(right)
    } else {
        left + right
    }
}
