//! Phones: `/13977368736` finds the person in the roster (and so does a tail of four or more
//! digits); the roster shows the phone (the last four digits at 80 columns), pickers show
//! the last four digits after ☎.

use crate::support::ui::{console, press, screen};
use frontline::i18n::Lang;

fn someone(c: &frontline::console::Console) -> (String, String) {
    let p = c
        .store
        .roster(
            c.app.now,
            Default::default(),
            &frontline::store::queries::Window {
                offset: 40,
                limit: Some(1),
                filter: String::new(),
            },
        )
        .unwrap()
        .rows[0]
        .clone();
    (p.name, p.phone)
}

#[test]
fn a_phone_number_or_its_tail_finds_the_person_in_the_roster() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    let (name, phone) = someone(&c);
    assert!(phone.len() >= 11, "{phone}");
    press(&mut c, "R/");
    press(&mut c, &phone);
    press(&mut c, "\n");
    let s = screen(&c);
    assert!(s.contains(&name), "{phone} finds {name}:\n{s}");
    assert!(
        s.contains(&format!("☎{}", &phone[phone.len() - 4..])),
        "{s}"
    );
    assert_eq!(c.app.data.total(), 1, "{s}");
    // The last six digits: the person is among what it finds.
    press(&mut c, "\u{1b}/");
    press(&mut c, &phone[phone.len() - 6..]);
    press(&mut c, "\n");
    let s = screen(&c);
    assert!(s.contains(&name), "{s}");
}

#[test]
fn the_wide_roster_shows_the_whole_phone() {
    let (_d, mut c) = console(Lang::Zh, 160, 48);
    let (name, phone) = someone(&c);
    press(&mut c, "R/");
    press(&mut c, &phone);
    press(&mut c, "\n");
    let s = screen(&c);
    assert!(
        s.lines().any(|l| l.contains(&name) && l.contains(&phone)),
        "{s}"
    );
}

#[test]
fn a_person_picker_shows_the_last_four_digits() {
    let line = frontline::store::person_ref::Candidate {
        id: 3,
        name: "王芳".into(),
        staff_code: "FL000003".into(),
        community: None,
        phone_tail: "8736".into(),
        state: "off".into(),
    }
    .line("off");
    assert!(line.contains("☎8736") && !line.contains('…'), "{line}");
}

#[test]
fn the_call_up_picker_shows_each_persons_last_four_digits() {
    let (_d, mut c) = console(Lang::En, 120, 40);
    press(&mut c, "Sa");
    let frontline::app::screens::ScreenData::Callup(p) = &c.app.data else {
        panic!("call-up list:\n{}", screen(&c));
    };
    let first = p.rows[0].clone();
    let s = screen(&c);
    let tail = &first.phone[first.phone.len() - 4..];
    assert!(
        s.lines()
            .any(|l| l.contains(&first.name) && l.contains(&format!("☎{tail}"))),
        "{s}"
    );
}
