//! `App::update` alone: no database, no terminal. Each test builds an app with empty data,
//! feeds it keys and results, and checks the mode, the form, the screen and the effects asked.

use super::form::{FieldKind, FormKind};
use super::keys::Screen;
use super::screens::ScreenData;
use super::*;
use crate::app::form::DutyForm;
use crate::store::commands::PersonRef;
use crate::store::queries::Page;
use crate::store::shift_queries::{CoverageSummary, SlotRow};
use crossterm::event::{KeyEvent, KeyModifiers};

const NOW: Ts = 1_623_283_200; // 2021-06-10 08:00 +08:00

fn app() -> App {
    App::new(
        Lang::En,
        chrono_tz::Asia::Shanghai,
        "tester".into(),
        RestRules::default(),
        NOW,
        (120, 40),
    )
}

fn key(a: &mut App, code: KeyCode) -> Vec<Effect> {
    a.update(Action::Event(Event::Key(KeyEvent::new(
        code,
        KeyModifiers::NONE,
    ))))
}

fn ch(a: &mut App, c: char) -> Vec<Effect> {
    key(a, KeyCode::Char(c))
}

fn typed(a: &mut App, s: &str) -> Vec<Effect> {
    s.chars().flat_map(|c| ch(a, c)).collect()
}

fn loaded(a: &mut App, data: ScreenData) -> Vec<Effect> {
    a.update(Action::Refreshed(Box::default(), Box::new(data)))
}

fn form_kind(a: &App) -> Option<FormKind> {
    match &a.mode {
        Mode::Form(f) => Some(f.kind),
        _ => None,
    }
}

/// A day's schedule with one slot that has times (so `Enter` opens it).
fn schedule_with_a_slot() -> ScreenData {
    let row = SlotRow {
        post_id: 7,
        post: "North gate".into(),
        community_id: 1,
        community: "Riverside".into(),
        start: Some(NOW),
        end: Some(NOW + 8 * 3600),
        required: 2,
        assigned: 1,
        on_duty: 0,
        cancelled: 0,
    };
    ScreenData::Schedule(
        Page {
            rows: vec![row],
            total: 1,
        },
        CoverageSummary::default(),
    )
}

#[test]
fn a_screen_key_goes_there_and_esc_comes_home() {
    let mut a = app();
    assert_eq!(ch(&mut a, 'A'), vec![Effect::Refresh]);
    assert_eq!(a.screen, Screen::Audit);
    assert_eq!(key(&mut a, KeyCode::Esc), vec![Effect::Refresh]);
    assert_eq!(a.screen, Screen::Home);
    // Esc at home with no filter: nothing to do, nothing asked of the store.
    assert_eq!(key(&mut a, KeyCode::Esc), vec![]);
    assert_eq!(a.screen, Screen::Home);
}

#[test]
fn screen_keys_are_siblings_not_a_trail() {
    let mut a = app();
    ch(&mut a, 'A');
    ch(&mut a, 'R');
    ch(&mut a, 'P');
    assert_eq!(a.screen, Screen::Supplies);
    key(&mut a, KeyCode::Esc);
    assert_eq!(
        a.screen,
        Screen::Home,
        "a jump does not stack the screen it left"
    );
    assert!(a.nav.is_empty());
}

#[test]
fn a_drill_down_stacks_and_esc_unwinds_it() {
    let mut a = app();
    ch(&mut a, 'S');
    assert_eq!(a.screen, Screen::Schedule);
    loaded(&mut a, schedule_with_a_slot());
    assert_eq!(key(&mut a, KeyCode::Enter), vec![Effect::Refresh]);
    assert_eq!(a.screen, Screen::Slot);
    assert_eq!(a.sched.slot.as_ref().map(|s| s.post), Some(7));
    // From the slot, the call-up list for it.
    loaded(&mut a, ScreenData::Slot(Page::default()));
    ch(&mut a, 'a');
    assert_eq!(a.screen, Screen::Callup);
    assert_eq!(a.nav, vec![Screen::Home, Screen::Schedule, Screen::Slot]);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Slot);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Schedule);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Home);
}

#[test]
fn a_call_up_opened_from_the_schedule_goes_back_to_it_after_a_pick() {
    let mut a = app();
    ch(&mut a, 'S');
    loaded(&mut a, schedule_with_a_slot());
    ch(&mut a, 'a');
    assert_eq!(a.screen, Screen::Callup);
    // The pick went through: back where the gap was, not home.
    let done = a.update(Action::Done(Ok(Outcome::CheckedOut {
        name: "Li".into(),
        post: "North gate".into(),
        minutes: 60,
    })));
    assert_eq!(done, vec![Effect::Refresh]);
    assert_eq!(a.screen, Screen::Schedule);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Home);
}

#[test]
fn a_screen_already_under_is_returned_to_not_stacked_twice() {
    let mut a = app();
    ch(&mut a, 'S');
    loaded(&mut a, schedule_with_a_slot());
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::Slot);
    a.open_screen(Screen::Schedule);
    assert_eq!(a.screen, Screen::Schedule);
    assert_eq!(a.nav, vec![Screen::Home]);
}

#[test]
fn esc_clears_a_filter_before_it_leaves_the_screen() {
    let mut a = app();
    ch(&mut a, 'R');
    ch(&mut a, '/');
    assert!(matches!(a.mode, Mode::Filter(_)));
    let effects = typed(&mut a, "li");
    assert_eq!(effects, vec![Effect::Refresh, Effect::Refresh]);
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.mode, Mode::Normal));
    assert_eq!(a.list().filter, "li");
    assert_eq!(key(&mut a, KeyCode::Esc), vec![Effect::Refresh]);
    assert_eq!(
        a.screen,
        Screen::Roster,
        "the first Esc only clears the filter"
    );
    assert_eq!(a.list().filter, "");
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Home);
}

#[test]
fn check_in_opens_a_form_that_looks_up_as_you_type_and_esc_cancels() {
    let mut a = app();
    let effects = ch(&mut a, 'i');
    assert_eq!(form_kind(&a), Some(FormKind::Duty(DutyForm::CheckIn)));
    assert_eq!(
        effects,
        vec![Effect::Lookup {
            person: String::new(),
            post: None
        }]
    );
    let effects = typed(&mut a, "P7");
    assert_eq!(
        &effects[effects.len() - 2..],
        &[
            Effect::Lookup {
                person: "P7".into(),
                post: None
            },
            Effect::Pick {
                field: FieldKind::Person,
                kind: crate::store::pick::PickKind::Person,
                text: "P7".into()
            }
        ]
    );
    assert_eq!(key(&mut a, KeyCode::Esc), vec![]);
    assert!(matches!(a.mode, Mode::Normal));
}

#[test]
fn a_form_with_a_bad_answer_keeps_its_error_and_asks_nothing() {
    let mut a = app();
    ch(&mut a, 'i');
    typed(&mut a, "P7");
    key(&mut a, KeyCode::Tab);
    typed(&mut a, "north");
    assert_eq!(key(&mut a, KeyCode::Enter), vec![]);
    let Mode::Form(f) = &a.mode else {
        panic!("the form stays open");
    };
    assert_eq!(
        f.error.as_deref(),
        Some("Post: name or initials: “north” — nothing matches")
    );
    assert_eq!(f.value(FieldKind::Post), "north");
}

#[test]
fn a_form_that_makes_sense_asks_the_store_to_run_its_command() {
    let mut a = app();
    ch(&mut a, 'i');
    typed(&mut a, "P7");
    key(&mut a, KeyCode::Tab);
    typed(&mut a, "3");
    let effects = key(&mut a, KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::Execute(Command::CheckIn {
            person: PersonRef("P7".into()),
            post: 3,
            override_reason: None
        })]
    );
    // The store said yes: the form closes and the screen is read again.
    let done = a.update(Action::Done(Ok(Outcome::CheckedOut {
        name: "Li".into(),
        post: "North gate".into(),
        minutes: 60,
    })));
    assert_eq!(done, vec![Effect::Refresh]);
    assert!(matches!(a.mode, Mode::Normal));
}

#[test]
fn a_refusal_lands_in_the_open_form() {
    let mut a = app();
    ch(&mut a, 'i');
    a.update(Action::Done(Err(Refusal::NothingToUndo)));
    let Mode::Form(f) = &a.mode else {
        panic!("the form stays open after a refusal");
    };
    assert!(f.error.is_some());
    assert!(a.status.error);
}

#[test]
fn the_palette_opens_finds_and_goes() {
    let mut a = app();
    ch(&mut a, ':');
    assert!(matches!(a.mode, Mode::Palette(_)));
    typed(&mut a, "audit log");
    let effects = key(&mut a, KeyCode::Enter);
    assert!(matches!(a.mode, Mode::Normal));
    assert_eq!(a.screen, Screen::Audit);
    assert_eq!(effects, vec![Effect::Refresh]);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Home);
}

#[test]
fn the_palette_closes_on_esc_without_acting() {
    let mut a = app();
    ch(&mut a, ':');
    typed(&mut a, "audit");
    assert_eq!(key(&mut a, KeyCode::Esc), vec![]);
    assert!(matches!(a.mode, Mode::Normal));
    assert_eq!(a.screen, Screen::Home);
}

#[test]
fn confirm_no_writes_nothing_and_yes_runs_the_command() {
    let mut a = app();
    let cmd = Command::Undo;
    assert_eq!(a.update(Action::Ask(cmd.clone(), "Sure?".into())), vec![]);
    assert!(matches!(a.mode, Mode::Confirm(_)));
    // Other keys do nothing while the question is up.
    assert_eq!(ch(&mut a, 'A'), vec![]);
    assert_eq!(a.screen, Screen::Home);
    assert_eq!(ch(&mut a, 'n'), vec![]);
    assert!(matches!(a.mode, Mode::Normal));
    assert_eq!(a.status.text, "Cancelled — nothing written.");
    a.update(Action::Ask(cmd.clone(), "Sure?".into()));
    assert_eq!(ch(&mut a, 'y'), vec![Effect::Execute(cmd)]);
}

#[test]
fn cancelling_a_confirm_brings_back_the_form_it_came_from() {
    let mut a = app();
    ch(&mut a, 'e');
    assert_eq!(form_kind(&a), Some(FormKind::Duty(DutyForm::EndRest)));
    let cmd = Command::EndRest {
        person: PersonRef("P7".into()),
        reason: None,
    };
    a.update(Action::Ask(cmd, "End it?".into()));
    assert!(matches!(a.mode, Mode::Confirm(_)));
    key(&mut a, KeyCode::Esc);
    assert_eq!(form_kind(&a), Some(FormKind::Duty(DutyForm::EndRest)));
}

#[test]
fn help_opens_and_any_key_closes_it() {
    let mut a = app();
    ch(&mut a, '?');
    assert!(matches!(a.mode, Mode::Help));
    assert_eq!(ch(&mut a, 'A'), vec![], "the key only closes the overlay");
    assert!(matches!(a.mode, Mode::Normal));
    assert_eq!(a.screen, Screen::Home);
}

#[test]
fn too_small_a_terminal_takes_only_quit() {
    let mut a = app();
    a.update(Action::Event(Event::Resize(60, 20)));
    assert_eq!(ch(&mut a, 'A'), vec![]);
    assert_eq!(ch(&mut a, 'i'), vec![]);
    assert!(matches!(a.mode, Mode::Normal));
    assert_eq!(a.screen, Screen::Home);
    assert_eq!(ch(&mut a, 'q'), vec![Effect::Quit]);
    // Big enough again: keys work as before.
    assert_eq!(
        a.update(Action::Event(Event::Resize(120, 40))),
        vec![Effect::Refresh]
    );
    ch(&mut a, 'A');
    assert_eq!(a.screen, Screen::Audit);
}

#[test]
fn tab_moves_the_focus_round_the_home_panels() {
    let mut a = app();
    assert_eq!(a.focus, Panel::OnDuty);
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Panel::Overdue);
    ch(&mut a, '4');
    assert_eq!(a.focus, Panel::Supplies);
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Panel::OnDuty);
}

#[test]
fn force_rest_needs_a_person_row() {
    let mut a = app();
    ch(&mut a, 'W');
    assert_eq!(ch(&mut a, 'f'), vec![]);
    assert_eq!(form_kind(&a), None, "no row selected: no form");
    assert!(a.status.error);
}

fn post_choice(id: i64, name: &str, community: &str) -> crate::store::pick::Choice {
    crate::store::pick::Choice {
        id,
        name: name.into(),
        detail: crate::store::pick::Detail::Post {
            post_kind: "checkpoint".into(),
            community: community.into(),
            closed: false,
        },
    }
}

fn picked(a: &mut App, field: FieldKind, text: &str, choices: Vec<crate::store::pick::Choice>) {
    let total = choices.len();
    a.update(Action::Picked {
        field,
        text: text.into(),
        choices,
        total,
    });
}

fn form(a: &App) -> &form::Form {
    match &a.mode {
        Mode::Form(f) => f,
        m => panic!("no form: {m:?}"),
    }
}

#[test]
fn a_post_field_asks_what_its_text_fits_and_enter_takes_the_highlighted_one() {
    let mut a = app();
    ch(&mut a, 'i');
    key(&mut a, KeyCode::Tab);
    let effects = typed(&mut a, "dbx");
    assert!(
        effects.contains(&Effect::Pick {
            field: FieldKind::Post,
            kind: crate::store::pick::PickKind::POST,
            text: "dbx".into(),
        }),
        "{effects:?}"
    );
    // An answer for an older text is not shown.
    picked(
        &mut a,
        FieldKind::Post,
        "db",
        vec![post_choice(1, "多宝东卡口", "多宝社区")],
    );
    assert!(form(&a).picker_for(FieldKind::Post).is_none());
    picked(
        &mut a,
        FieldKind::Post,
        "dbx",
        vec![
            post_choice(4, "多宝西卡口", "多宝社区"),
            post_choice(9, "多宝西采样点", "多宝社区"),
        ],
    );
    assert!(form(&a).choosing());
    // Two fit: Enter before choosing is not a guess of the first, it takes the highlighted;
    // Down moves the highlight (and does not leave the field).
    key(&mut a, KeyCode::Down);
    assert_eq!(form(&a).focused(), FieldKind::Post);
    assert_eq!(form(&a).picker_for(FieldKind::Post).unwrap().at, 1);
    key(&mut a, KeyCode::Up);
    key(&mut a, KeyCode::Up);
    assert_eq!(form(&a).picker_for(FieldKind::Post).unwrap().at, 1, "wraps");
    let effects = key(&mut a, KeyCode::Enter);
    let f = form(&a);
    assert_eq!(
        f.value(FieldKind::Post),
        "多宝西采样点",
        "the field shows the name"
    );
    assert_eq!(
        f.fields[1].picked,
        Some((9, "#9".into())),
        "the id kept behind it"
    );
    assert_eq!(f.focused(), FieldKind::Override, "on to the next field");
    assert!(
        effects.contains(&Effect::Lookup {
            person: String::new(),
            post: Some(9)
        }),
        "{effects:?}"
    );
    // No person: said in words.
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        form(&a).error.as_deref(),
        Some(
            "Person: name, initials, staff code or phone tail: type a few letters of the name, \
             its pinyin initials or a code, then pick from the list"
        )
    );
    // A person by phone tail that fits one: Enter runs the check-in with both ids.
    key(&mut a, KeyCode::BackTab);
    key(&mut a, KeyCode::BackTab);
    typed(&mut a, "4821");
    let fan = crate::store::person_ref::Candidate {
        id: 42,
        name: "范杰邦".into(),
        staff_code: "FL000042".into(),
        community: None,
        phone_tail: "4821".into(),
        state: "off".into(),
    };
    a.update(Action::Picked {
        field: FieldKind::Person,
        text: "4821".into(),
        choices: vec![crate::store::pick::Choice {
            id: 42,
            name: "范杰邦".into(),
            detail: crate::store::pick::Detail::Person(fan),
        }],
        total: 1,
    });
    assert!(!form(&a).choosing(), "one row is no choice to make");
    assert_eq!(form(&a).person.as_ref().map(|p| p.id), Some(42));
    // The exact lookup (which knows no phone tails) answering later does not forget them.
    a.update(Action::LookedUp {
        person: Default::default(),
        post: Some(Some("多宝西采样点".into())),
    });
    assert_eq!(form(&a).person.as_ref().map(|p| p.id), Some(42));
    assert_eq!(
        key(&mut a, KeyCode::Enter),
        vec![Effect::Execute(Command::CheckIn {
            person: PersonRef("#42".into()),
            post: 9,
            override_reason: None,
        })]
    );
}

#[test]
fn a_prefilled_post_shows_its_name_and_is_typed_over_not_appended_to() {
    let mut a = app();
    let pre = form::Prefill {
        post: Some(7),
        ..Default::default()
    };
    let effects = a.open_prefilled(FormKind::Duty(DutyForm::CheckIn), &pre);
    assert!(
        effects.contains(&Effect::Pick {
            field: FieldKind::Post,
            kind: crate::store::pick::PickKind::POST,
            text: "#7".into(),
        }),
        "{effects:?}"
    );
    picked(
        &mut a,
        FieldKind::Post,
        "#7",
        vec![post_choice(7, "North gate", "Riverside")],
    );
    assert_eq!(form(&a).value(FieldKind::Post), "North gate");
    key(&mut a, KeyCode::Tab);
    assert_eq!(form(&a).focused(), FieldKind::Post);
    ch(&mut a, '1');
    let f = form(&a);
    assert_eq!(
        f.value(FieldKind::Post),
        "1",
        "typed over, not \"North gate1\""
    );
    assert_eq!(f.fields[1].picked, None);
    // Nothing fits: Enter says so in words, and nothing is asked of the store.
    picked(&mut a, FieldKind::Post, "1", vec![]);
    key(&mut a, KeyCode::BackTab);
    typed(&mut a, "P7");
    key(&mut a, KeyCode::Tab);
    assert_eq!(key(&mut a, KeyCode::Enter), vec![]);
    assert_eq!(
        form(&a).error.as_deref(),
        Some("Post: name or initials: “1” — nothing matches")
    );
}

#[test]
fn leaving_a_picker_field_whose_text_fits_one_row_takes_that_row() {
    let mut a = app();
    ch(&mut a, 'i');
    key(&mut a, KeyCode::Tab);
    typed(&mut a, "bhd");
    picked(
        &mut a,
        FieldKind::Post,
        "bhd",
        vec![post_choice(3, "白鹤洞卡口", "白鹤洞社区")],
    );
    let effects = key(&mut a, KeyCode::Tab);
    let f = form(&a);
    assert_eq!(f.value(FieldKind::Post), "白鹤洞卡口");
    assert_eq!(f.fields[1].picked, Some((3, "#3".into())));
    assert_eq!(f.focused(), FieldKind::Override);
    assert!(
        effects.contains(&Effect::Lookup {
            person: String::new(),
            post: Some(3)
        }),
        "{effects:?}"
    );
}
