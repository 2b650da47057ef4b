//! Noise: a refusal does not outlive `Esc`; a pasted page is not echoed whole; the new-alert
//! flash takes the footer, not the header's counts, and an undo of this desk's does not
//! raise it; the alerts screen shows no internal keys.

use crate::support::ui::{console, press, screen};
use frontline::i18n::Lang;
use unicode_width::UnicodeWidthStr;

#[test]
fn esc_clears_a_refusal_left_in_the_footer() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    // Check in someone already on duty (the post by its id form): refused in words.
    press(&mut c, "i127\t#1\n");
    let s = screen(&c);
    let footer = s.lines().nth(22).unwrap().to_string();
    assert!(footer.starts_with('✗'), "{s}");
    press(&mut c, "\u{1b}");
    let s = screen(&c);
    let footer = s.lines().nth(22).unwrap();
    assert!(!footer.contains('✗'), "the refusal stays after Esc:\n{s}");
}

#[test]
fn a_300_character_value_is_not_echoed_whole() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "2f\t");
    let long = "x".repeat(300);
    // Over the prefilled hours.
    press(&mut c, &long);
    press(&mut c, "\n");
    let s = screen(&c);
    assert!(s.contains('✗'), "{s}");
    for l in s.lines() {
        assert!(UnicodeWidthStr::width(l) <= 80, "{l}");
    }
    let err = s.lines().find(|l| l.contains('✗')).unwrap();
    assert!(
        !err.contains(&"x".repeat(frontline::i18n::ux::ECHO_MAX + 1)),
        "{err}"
    );
    // The form's frame is whole: its error line, then its bottom border, above the footer.
    let lines: Vec<&str> = s.lines().collect();
    let e = lines.iter().position(|l| l.contains('✗')).unwrap();
    assert!(e < 21, "{s}");
    assert!(lines[e + 1..22].iter().any(|l| l.contains('╚')), "{s}");
}

#[test]
fn the_new_alert_flash_takes_the_footer_and_the_header_counts_stay() {
    let (_d, mut c) = console(Lang::Zh, 80, 24);
    let head = screen(&c).lines().next().unwrap().to_string();
    assert!(head.contains("⚠急难"), "{head}");
    // The last refresh saw fewer people overdue: this one is news.
    c.app.alerts.seen = Some([0, 0, 0]);
    c.refresh().unwrap();
    assert!(c.app.flashing());
    let s = screen(&c);
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines[0], head, "the header keeps its counts");
    assert!(lines[22].starts_with("🔔 新警报"), "{s}");
}

#[test]
fn a_rise_that_follows_this_desks_undo_is_not_flashed() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    // An undo that brings someone back over a rule: the count rises with the refresh after it.
    c.app.alerts.seen = Some([0, 0, 0]);
    c.handle(frontline::app::Action::Done(Ok(
        frontline::store::commands::Outcome::Undone {
            action: "check_out".into(),
            target: "person:127".into(),
            audit_id: 1,
        },
    )))
    .unwrap();
    let s = screen(&c);
    assert!(!c.app.flashing(), "{s}");
    assert!(!s.contains("🔔"), "{s}");
    // The next rise (another desk's) is news again.
    c.app.alerts.seen = Some([0, 0, 0]);
    c.refresh().unwrap();
    assert!(c.app.flashing());
}

#[test]
fn the_alerts_screen_shows_no_internal_keys() {
    let (_d, mut c) = console(Lang::Zh, 120, 40);
    press(&mut c, "N");
    let s = screen(&c);
    assert!(s.contains("超时"), "{s}");
    assert!(
        !s.contains("rest:") && !s.contains("test:") && !s.contains("low:"),
        "{s}"
    );
}
