//! The header line laid out at a width: each part's text and the columns it takes. The painter
//! (`ui::header`) draws these parts as they are and the mouse (`app::mouse`) opens the screen
//! of the alert count under a click, so what is clicked is what is drawn. Parts are dropped
//! from the right when the terminal is narrow; the clock and the alerts stay.

use super::App;
use super::keys::{Panel, Screen};
use crate::domain::text::{fit, width};
use crate::domain::time::to_local;
use crate::i18n::{Key, key, t};

/// An alert count of the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderAlert {
    Positive,
    Overdue,
    Forced,
    Urgent,
    Low,
    Unwell,
    NoReport,
    CasesOverdue,
}

/// Where a click on a count goes: a screen, or a panel of the home screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClickTarget {
    Screen(Screen),
    Panel(Panel),
}

impl HeaderAlert {
    /// The list behind the count: unacknowledged positives → Alerts, over a rule → the
    /// Overdue panel (the same people, worst first), forced rest → the resting board, urgent
    /// and late cases → Cases, low items → Supplies, unwell and missing reports → Health.
    pub fn target(self) -> ClickTarget {
        use ClickTarget as T;
        match self {
            HeaderAlert::Positive => T::Screen(Screen::Alerts),
            HeaderAlert::Overdue => T::Panel(Panel::Overdue),
            HeaderAlert::Forced => T::Screen(Screen::Resting),
            HeaderAlert::Urgent | HeaderAlert::CasesOverdue => T::Screen(Screen::Cases),
            HeaderAlert::Low => T::Screen(Screen::Supplies),
            HeaderAlert::Unwell | HeaderAlert::NoReport => T::Screen(Screen::Health),
        }
    }

    fn label(self) -> Key {
        match self {
            HeaderAlert::Positive => key!("alert.positive"),
            HeaderAlert::Overdue => key!("alert.overdue"),
            HeaderAlert::Forced => key!("alert.forced"),
            HeaderAlert::Urgent => key!("alert.urgent"),
            HeaderAlert::Low => key!("alert.low"),
            HeaderAlert::Unwell => key!("alert.unwell"),
            HeaderAlert::NoReport => key!("alert.no_report"),
            HeaderAlert::CasesOverdue => key!("alert.cases_overdue"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    Title,
    Clock,
    Alert(HeaderAlert),
    Space,
    Operator,
    Post,
    /// The database server is lost: "reconnecting…" and when the panels were read.
    Offline,
}

/// One part as drawn: its text (already cut if it is the last and did not fit) and columns
/// `x .. x + width`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderPart {
    pub kind: PartKind,
    pub text: String,
    pub x: u16,
    pub width: u16,
}

/// The header's parts at `cols` columns, left to right: whole parts while they fit, the first
/// that does not cut to the room left (if more than one column), nothing after it.
pub fn header_parts(app: &App, cols: u16) -> Vec<HeaderPart> {
    let l = app.lang;
    let c = &app.home.counts;
    let fmt = if cols < 100 {
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
    let mut parts = vec![
        (PartKind::Title, format!(" {} ", t!(l, "app.title"))),
        (PartKind::Clock, format!(" {clock}{frozen} ")),
    ];
    // Before the counts, so a narrow header keeps it; the time of the last good read only
    // where there is room.
    if let Some(at) = app.stale_since {
        let mut text = format!(" {} ", t!(l, "header.reconnecting"));
        if cols >= 100 {
            let at = to_local(at, app.tz).format("%H:%M:%S").to_string();
            text = format!("{text}{} ", t!(l, "header.stale").replace("{time}", &at));
        }
        parts.push((PartKind::Offline, text));
        parts.push((PartKind::Space, " ".into()));
    }
    // The new-alert flash is the footer's (`footer::status_line`): the counts keep their place.
    for (n, a) in [
        // A positive test stays first, until acknowledged.
        (c.alerts, HeaderAlert::Positive),
        (c.overdue, HeaderAlert::Overdue),
        (c.forced_rest, HeaderAlert::Forced),
        (c.urgent_cases, HeaderAlert::Urgent),
        (c.low_items, HeaderAlert::Low),
        (c.unwell, HeaderAlert::Unwell),
        (c.no_report, HeaderAlert::NoReport),
        (c.cases_overdue, HeaderAlert::CasesOverdue),
    ] {
        if n > 0 {
            let text = format!(
                "⚠{} {}",
                t(l, a.label()),
                crate::i18n::ux::fmt_count(n as i64)
            );
            parts.push((PartKind::Alert(a), text));
            parts.push((PartKind::Space, " ".into()));
        }
    }
    parts.push((
        PartKind::Operator,
        format!(" {} {} ", t!(l, "header.operator"), app.operator),
    ));
    parts.push((
        PartKind::Post,
        format!(
            "· {}",
            app.post_name.as_deref().unwrap_or(t!(l, "app.post"))
        ),
    ));
    let mut room = cols as usize;
    let mut x = 0u16;
    let mut shown = Vec::new();
    for (kind, text) in parts {
        let w = width(&text);
        let (text, w, last) = if w <= room {
            (text, w, false)
        } else if room > 1 {
            let cut = fit(&text, room);
            let w = width(&cut);
            (cut, w, true)
        } else {
            break;
        };
        shown.push(HeaderPart {
            kind,
            text,
            x,
            width: w as u16,
        });
        if last {
            break;
        }
        room -= w;
        x += w as u16;
    }
    shown
}

impl App {
    /// The alert count of the header at column `col`, if any.
    pub(super) fn header_alert_at(&self, col: u16) -> Option<HeaderAlert> {
        header_parts(self, self.size.0)
            .into_iter()
            .find(|p| col >= p.x && col < p.x + p.width)
            .and_then(|p| match p.kind {
                PartKind::Alert(a) => Some(a),
                _ => None,
            })
    }
}
