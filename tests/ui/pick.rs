//! Pickers in the console: nobody types an id. The check-in form takes a post by its name's
//! pinyin initials and a person by the tail of their phone, shows the matches under the field
//! with what tells them apart, and the check-in names the rows picked.

use crate::support::ui::*;
use frontline::domain::Ts;
use frontline::domain::org::{OrgFields, OrgKind};
use frontline::i18n::Lang;
use frontline::store::commands::{Command, Ctx, OrgCommand, PeopleCommand};

fn run(c: &mut frontline::console::Console, cmd: Command) {
    c.store
        .execute(
            &cmd,
            &Ctx {
                operator: "t".into(),
                now: NOW as Ts,
            },
        )
        .unwrap();
}

fn down(c: &mut frontline::console::Console) {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    c.handle(frontline::app::Action::Event(Event::Key(KeyEvent::new(
        KeyCode::Down,
        KeyModifiers::NONE,
    ))))
    .unwrap();
}

fn one_i64(c: &frontline::console::Console, sql: &str) -> i64 {
    let conn = crate::support::ui::other_connection(c);
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn check_in_takes_a_post_by_its_initials_and_a_person_by_phone_tail() {
    let (_d, mut c) = console(Lang::En, 120, 36);
    let community: String = {
        let conn = crate::support::ui::other_connection(&c);
        conn.query_row(
            "SELECT name FROM communities WHERE name LIKE '多宝西%' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    run(
        &mut c,
        Command::Org(OrgCommand::Add {
            kind: OrgKind::Post,
            fields: OrgFields {
                name: Some("多宝西卡口".into()),
                parent: Some(community),
                kind: Some("checkpoint".into()),
                headcount: Some("2".into()),
                ..Default::default()
            },
        }),
    );
    run(
        &mut c,
        Command::People(PeopleCommand::Add {
            staff_code: "PK0001".into(),
            name: "欧阳娜娜".into(),
            category: "volunteer".into(),
            source_unit: String::new(),
            community: String::new(),
            party_status: "none".into(),
            phone: "199-8765-4321".into(),
        }),
    );
    let post = one_i64(&c, "SELECT id FROM posts WHERE name = '多宝西卡口'");
    let person = one_i64(&c, "SELECT id FROM people WHERE staff_code = 'PK0001'");
    // The phone's last six digits: one person, named under the field.
    press(&mut c, "i654321");
    let s = screen(&c);
    assert!(
        s.contains(&format!("→ 欧阳娜娜 (PK0001, #{person})")),
        "{s}"
    );
    // Initials that fit several posts: each listed with its kind and community, the first
    // highlighted; one letter more leaves one.
    press(&mut c, "\tdbx");
    let s = screen(&c);
    assert!(s.contains("fit: pick one with ↑↓ and Enter"), "{s}");
    assert!(s.contains("▸ #"), "{s}");
    assert!(s.contains("多宝西卡口 · checkpoint · 多宝西"), "{s}");
    // Down to the post added above (the last of them, by id), Enter takes it.
    let n = {
        let conn = crate::support::ui::other_connection(&c);
        let names: Vec<String> = conn
            .prepare("SELECT name FROM posts WHERE closed_at IS NULL ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        names
            .iter()
            .filter(|n| frontline::domain::text::initials(n).starts_with("dbx"))
            .count()
    };
    assert!(n >= 2, "the demo has other 多宝西 posts: {n}");
    for _ in 1..n {
        down(&mut c);
    }
    press(&mut c, "\n");
    let s = screen(&c);
    assert!(!s.contains("fit: pick one"), "taken: {s}");
    assert!(s.contains("  多宝西卡口"), "the field shows the name: {s}");
    // Enter: the check-in of the person and post picked.
    press(&mut c, "\n");
    let s = screen(&c);
    assert!(s.contains("欧阳娜娜"), "{s}");
    assert_eq!(
        one_i64(
            &c,
            &format!("SELECT post_id FROM shifts WHERE person_id = {person} AND status = 'active'")
        ),
        post
    );
}

#[test]
fn an_empty_or_unmatched_pick_says_what_is_missing_in_words() {
    let (_d, mut c) = console(Lang::En, 120, 36);
    press(&mut c, "i\n");
    let s = screen(&c);
    assert!(
        s.contains("then pick from the list"),
        "an empty person field: {s}"
    );
    press(&mut c, "FL000001\tqqqzzz");
    let s = screen(&c);
    assert!(s.contains("✗ nothing matches"), "{s}");
    press(&mut c, "\n");
    let s = screen(&c);
    assert!(s.contains("“qqqzzz” — nothing matches"), "{s}");
}
