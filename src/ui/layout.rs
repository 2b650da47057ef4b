//! Rectangles for drawing: the viewport the app sizes its lists by (`app::layout`, re-exported
//! here so the painter and the app lay out alike) and centring for overlays.

pub use crate::app::layout::*;
use ratatui::layout::Rect;

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
