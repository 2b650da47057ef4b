//! Layout arithmetic shared by the app (how many rows to fetch) and the painter.

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

pub fn home(area: Rect) -> HomeLayout {
    let [header, body, status, hints] = Layout::vertical([
        Constraint::Length(HEADER),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let [top, bottom] = Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(body);
    let [a, b] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(top);
    let [c, d] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(bottom);
    HomeLayout {
        header,
        panels: [a, b, c, d],
        status,
        hints,
    }
}

/// Data rows each panel can show at this terminal size.
pub fn panel_rows(size: (u16, u16)) -> [usize; 4] {
    let l = home(Rect::new(0, 0, size.0, size.1));
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
pub fn screen_rows_for(screen: crate::app::keys::Screen, size: (u16, u16)) -> usize {
    screen_rows(size).saturating_sub(extra_lines(screen) as usize)
}

/// Lines a full screen keeps outside its list.
pub fn extra_lines(screen: crate::app::keys::Screen) -> u16 {
    let d = screen.def();
    d.above + d.below
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
