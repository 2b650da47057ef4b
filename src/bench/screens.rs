//! Every screen of the console, read and drawn: a tour of the screens by the keys a user
//! presses (so each is reached with the state it really has), and at each stop the screen's
//! refresh (the home panels, which every screen's header needs, plus the screen's own rows)
//! and one frame drawn off-screen. Half the samples are taken at the top of the list, half at
//! its end (`End`), where a window deep in a long list is read. A screen far over a frame
//! gets fewer samples (each half stops after `BUDGET`, with at least `MIN_SAMPLES`), so one
//! slow screen cannot hold the benchmark for minutes.

use super::{Percentiles, draw, ms, pct};
use crate::app::Action;
use crate::app::keys::Screen;
use crate::console::Console;
use anyhow::{Result, ensure};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde::ser::{SerializeMap, Serializer};
use std::time::Instant;

/// Time spent sampling one half of a screen, at most (once it has `MIN_SAMPLES`).
const BUDGET: std::time::Duration = std::time::Duration::from_secs(2);
const MIN_SAMPLES: usize = 5;

/// One stop of the tour: its name in the figures, the keys pressed from the stop before
/// (`\n` Enter, `\t` Tab), and the screen they must lead to.
struct Stop {
    name: &'static str,
    keys: &'static str,
    screen: Screen,
}

const fn stop(name: &'static str, keys: &'static str, screen: Screen) -> Stop {
    Stop { name, keys, screen }
}

/// Every screen and every view of one that reads differently (panel focus, roster sort,
/// health and care views, tabs). A screen of the registry that has a key and is not here is
/// visited after these, from home by its key, under its name (`stops`).
const TOUR: &[Stop] = &[
    stop("home.on_duty", "H1", Screen::Home),
    stop("home.overdue", "2", Screen::Home),
    stop("home.cases", "3", Screen::Home),
    stop("home.supplies", "4", Screen::Home),
    stop("roster.name", "R", Screen::Roster),
    stop("roster.code", "s", Screen::Roster),
    stop("roster.category", "s", Screen::Roster),
    stop("roster.unit", "s", Screen::Roster),
    stop("roster.community", "s", Screen::Roster),
    stop("roster.party", "s", Screen::Roster),
    stop("roster.status", "s", Screen::Roster),
    stop("person", "\n", Screen::Person),
    stop("schedule", "S", Screen::Schedule),
    stop("schedule.gaps", "v", Screen::Schedule),
    stop("slot", "v\n", Screen::Slot),
    stop("callup", "a", Screen::Callup),
    stop("callup.everyone", "v", Screen::Callup),
    stop("ledger", "B", Screen::Ledger),
    stop("watch", "W", Screen::Watch),
    stop("health", "M", Screen::Health),
    stop("health.missing", "m", Screen::Health),
    stop("health.unwell", "m", Screen::Health),
    stop("cases", "C", Screen::Cases),
    stop("care", "V", Screen::Care),
    stop("care.talk_due", "m", Screen::Care),
    stop("care.untrained", "m", Screen::Care),
    stop("care.uninsured", "m", Screen::Care),
    stop("care.visits", "\t", Screen::Care),
    stop("alerts", "N", Screen::Alerts),
    stop("party", "T", Screen::Party),
    stop("party.honours", "\t", Screen::Party),
    stop("audit", "A", Screen::Audit),
    stop("supplies", "P", Screen::Supplies),
    stop("requests", "L", Screen::Requests),
    stop("setup", "O", Screen::Setup),
    stop("setup.posts", "\t\t", Screen::Setup),
    stop("handover", "HY", Screen::Handover),
    stop("resting", "HX", Screen::Resting),
    stop("resting.all", "v", Screen::Resting),
    stop("case", "C\n", Screen::Case),
];

/// Each screen's read plus render, in the order of the tour.
#[derive(Debug, Default)]
pub struct ScreenFigures(pub Vec<(String, Percentiles)>);

impl serde::Serialize for ScreenFigures {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

fn press(c: &mut Console, ch: char) -> Result<()> {
    let code = match ch {
        '\n' => KeyCode::Enter,
        '\t' => KeyCode::Tab,
        c => KeyCode::Char(c),
    };
    let ev = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    ensure!(
        !c.handle(Action::Event(ev))?,
        "the console quit during the benchmark"
    );
    c.flush_trial()?;
    Ok(())
}

/// The tour, then every other screen a key opens.
fn stops() -> Vec<(&'static str, String, Screen)> {
    let mut v: Vec<_> = TOUR
        .iter()
        .map(|s| (s.name, s.keys.to_string(), s.screen))
        .collect();
    for d in &crate::app::screens::SCREENS {
        if let Some(o) = &d.open
            && !TOUR.iter().any(|s| s.screen == d.screen)
        {
            v.push((d.name, format!("H{}", o.key), d.screen));
        }
    }
    v
}

/// Up to `reps` reads and frames of every screen (half at the top of its list, half at the
/// end).
pub fn measure(
    c: &mut Console,
    term: &mut Terminal<TestBackend>,
    reps: usize,
) -> Result<ScreenFigures> {
    let mut out = Vec::new();
    for (name, keys, screen) in stops() {
        for ch in keys.chars() {
            press(c, ch)?;
        }
        ensure!(
            c.app.screen == screen,
            "the benchmark's keys {keys:?} led to {:?}, not {screen:?} ({name})",
            c.app.screen,
        );
        let mut v = Vec::with_capacity(reps);
        for end in [false, true] {
            press(c, if end { 'G' } else { 'g' })?;
            // The first read after a move compiles what it has not compiled yet: not counted.
            c.refresh()?;
            draw(term, c)?;
            let began = Instant::now();
            for k in 0..reps.div_ceil(2) {
                if k >= MIN_SAMPLES && began.elapsed() > BUDGET {
                    break;
                }
                let t = Instant::now();
                c.refresh()?;
                draw(term, c)?;
                v.push(ms(t));
            }
        }
        press(c, 'g')?;
        out.push((name.to_string(), pct(v)));
    }
    Ok(ScreenFigures(out))
}

/// The figures as text, one screen a line, the slowest marked against the 16 ms frame.
pub fn text(f: &ScreenFigures) -> String {
    let mut s = String::from("screens (read + frame, p50 / p99; target p99 < 16 ms)\n");
    for (name, p) in &f.0 {
        let mark = if p.p99 < 16.0 { "" } else { "  over a frame" };
        s += &format!(
            "  {name:<18} {:8.2} / {:8.2} ms  ({} samples){mark}\n",
            p.p50, p.p99, p.samples
        );
    }
    s
}
