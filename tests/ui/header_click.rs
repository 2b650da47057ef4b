//! A click on a header count opens the list behind it: ⚠resting → the resting board,
//! ⚠overdue → the home screen's Overdue panel, ⚠urgent → Cases, ⚠low → Supplies,
//! ⚠unwell → Health, ⚠POSITIVE → Alerts. The column clicked is found in the drawn header, so
//! the test fails if the click and the painting disagree.

use crate::support::ui::{console, press, screen};
use crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use frontline::app::Action;
use frontline::app::keys::{Panel, Screen};
use frontline::console::Console;
use frontline::i18n::Lang;
use unicode_width::UnicodeWidthStr;

fn click(c: &mut Console, column: u16, row: u16) {
    c.handle(Action::Event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })))
    .unwrap();
    c.refresh().unwrap();
}

/// The columns of `label` in the drawn header line: (first, past the last).
fn columns(c: &Console, label: &str) -> (u16, u16) {
    let s = screen(c);
    let head = s.lines().next().unwrap().to_string();
    let at = head
        .find(label)
        .unwrap_or_else(|| panic!("{label} not in the header: {head}"));
    let x = head[..at].width() as u16;
    // The count after the label, too.
    let rest = &head[at..];
    let end = rest
        .char_indices()
        .skip(label.len())
        .find(|(i, ch)| *ch == ' ' && rest[..*i].ends_with(|d: char| d.is_ascii_digit()))
        .map_or(rest.len(), |(i, _)| i);
    (x, x + rest[..end].width() as u16)
}

#[test]
fn a_click_on_a_header_count_opens_its_list() {
    let (_d, mut c) = console(Lang::En, 160, 48);
    for (label, screen_to) in [
        ("⚠resting", Screen::Resting),
        ("⚠urgent", Screen::Cases),
        ("⚠low", Screen::Supplies),
        ("⚠unwell", Screen::Health),
        ("⚠POSITIVE", Screen::Alerts),
    ] {
        press(&mut c, "H");
        assert_eq!(c.app.screen, Screen::Home);
        let (x, end) = columns(&c, label);
        // Its last column (the count) opens it as well as its first.
        click(&mut c, if label == "⚠low" { end - 1 } else { x }, 0);
        assert_eq!(c.app.screen, screen_to, "a click on {label} at {x}..{end}");
    }
    // The resting board it opened counts the header's number.
    press(&mut c, "H");
    let (x, _) = columns(&c, "⚠resting");
    click(&mut c, x + 3, 0);
    let s = screen(&c);
    let head = s.lines().next().unwrap();
    let n: String = head[head.find("⚠resting ").unwrap() + "⚠resting ".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    assert!(
        s.contains(&format!("Resting · forced rest only ({n})")),
        "{s}"
    );
    // From a full screen, ⚠overdue goes home with the Overdue panel focused.
    assert_eq!(c.app.focus, Panel::OnDuty);
    let (x, _) = columns(&c, "⚠overdue");
    click(&mut c, x, 0);
    assert_eq!((c.app.screen, c.app.focus), (Screen::Home, Panel::Overdue));
    // The space between two counts, the clock and the operator open nothing.
    press(&mut c, "S");
    let here = c.app.screen;
    let (_, end) = columns(&c, "⚠overdue");
    for col in [end, 20, columns(&c, "operator").0 + 2] {
        click(&mut c, col, 0);
        assert_eq!(c.app.screen, here, "a click at {col}");
    }
}

/// At 80 columns in Chinese the header keeps its counts: ⚠强休 opens the resting board.
#[test]
fn at_80_columns_the_chinese_resting_count_opens_the_board() {
    let (_d, mut c) = console(Lang::Zh, 80, 24);
    let (x, end) = columns(&c, "⚠强休");
    assert!(end <= 80);
    click(&mut c, x + 1, 0);
    assert_eq!(c.app.screen, Screen::Resting);
    let s = screen(&c);
    assert!(s.contains("休息"), "{s}");
    // With the mouse off, a click does nothing.
    press(&mut c, "H");
    c.app.mouse_on = false;
    click(&mut c, x + 1, 0);
    assert_eq!(c.app.screen, Screen::Home);
}

/// A console that lost the database server says so at the head of the header, with the time
/// its panels were read where there is room (they keep what they show); the counts stay
/// clickable, and the mark goes once the server is reached again.
#[test]
fn a_lost_server_shows_reconnecting_in_the_header_with_the_time_of_the_last_read() {
    let (_d, mut c) = console(Lang::En, 160, 48);
    let read = c.app.now - 90;
    c.app.stale_since = Some(read);
    let at = frontline::domain::time::to_local(read, c.app.tz)
        .format("%H:%M:%S")
        .to_string();
    let s = screen(&c);
    let head = s.lines().next().unwrap();
    assert!(
        head.contains(&format!("⚠ reconnecting… panels as of {at}")),
        "{head}"
    );
    assert!(head.find("reconnecting").unwrap() < head.find("⚠resting").unwrap());
    let (x, _) = columns(&c, "reconnecting");
    click(&mut c, x, 0);
    assert_eq!(c.app.screen, Screen::Home);
    let (x, _) = columns(&c, "⚠resting");
    click(&mut c, x, 0);
    assert_eq!(c.app.screen, Screen::Resting);
    c.app.stale_since = None;
    assert!(!screen(&c).lines().next().unwrap().contains("reconnecting"));
    // 80 columns, Chinese: the mark without the time, before the counts.
    let (_d, mut c) = console(Lang::Zh, 80, 24);
    c.app.stale_since = Some(read);
    let s = screen(&c);
    let head = s.lines().next().unwrap();
    assert!(head.contains("⚠ 正在重新连接…"), "{head}");
    assert!(!head.contains(&at), "{head}");
}
