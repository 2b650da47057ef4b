//! Pickers at the store: for each kind, a name (a part of it), its pinyin initials, a code
//! and a phone tail each find the right row; several matches are a choice; closed posts and
//! retired people are not offered for new work.

use frontline::domain::org::{OrgFields, OrgKind};
use frontline::store::commands::{
    Command, Ctx, OrgCommand, OrgOutcome, Outcome, PeopleCommand, PeopleOutcome, PersonRef,
};
use frontline::store::pick::{Detail, PickKind, Resolved};
use frontline::store::{Store, StoreConfig};
use tempfile::TempDir;

const NOW: i64 = 1_623_283_200;

struct Org {
    _dir: TempDir,
    store: Store,
}

impl Org {
    fn run(&mut self, cmd: Command) -> Outcome {
        let ctx = Ctx {
            operator: "test".into(),
            now: NOW,
        };
        self.store.execute(&cmd, &ctx).unwrap()
    }

    fn add(&mut self, kind: OrgKind, fields: OrgFields) -> i64 {
        match self.run(Command::Org(OrgCommand::Add { kind, fields })) {
            Outcome::Org(OrgOutcome::Added { id, .. }) => id,
            o => panic!("{o:?}"),
        }
    }

    fn person(&mut self, name: &str, phone: &str) -> (i64, String) {
        match self.run(Command::People(PeopleCommand::Add {
            staff_code: String::new(),
            name: name.into(),
            category: "volunteer".into(),
            source_unit: String::new(),
            community: "多宝社区".into(),
            phone: phone.into(),
            party_status: "none".into(),
        })) {
            Outcome::People(PeopleOutcome::Added { id, staff_code, .. }) => (id, staff_code),
            o => panic!("{o:?}"),
        }
    }

    /// The ids `text` offers for new work, best first.
    fn ids(&self, kind: PickKind, text: &str) -> Vec<i64> {
        let (rows, total) = self.store.pick(kind, text, NOW, true, 50).unwrap();
        assert_eq!(rows.len(), total, "{text}: every match listed");
        rows.iter().map(|c| c.id).collect()
    }
}

fn named(name: &str) -> OrgFields {
    OrgFields {
        name: Some(name.into()),
        ..Default::default()
    }
}

fn under(name: &str, parent: &str) -> OrgFields {
    OrgFields {
        parent: Some(parent.into()),
        ..named(name)
    }
}

fn post(name: &str, community: &str, kind: &str) -> OrgFields {
    OrgFields {
        kind: Some(kind.into()),
        headcount: Some("2".into()),
        ..under(name, community)
    }
}

fn item(code: &str, zh: &str, en: &str, unit: &str) -> OrgFields {
    OrgFields {
        code: Some(code.into()),
        name_en: Some(en.into()),
        unit: Some(unit.into()),
        unit_en: Some("box".into()),
        ..named(zh)
    }
}

/// Two streets, three communities, three posts, a post's cabinet besides the command-post
/// store, an item besides the catalogue a new database starts with.
fn org() -> (Org, [i64; 4]) {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::support::db::open(&dir.path().join("p.db"), StoreConfig::default()).unwrap();
    let mut o = Org { _dir: dir, store };
    let fang = o.add(OrgKind::Street, named("芳村街道"));
    o.add(OrgKind::Street, named("白鹤洞街道"));
    let duobao = o.add(OrgKind::Community, under("多宝社区", "芳村街道"));
    o.add(OrgKind::Community, under("东湖社区", "芳村街道"));
    o.add(OrgKind::Community, under("多福社区", "白鹤洞街道"));
    let west = o.add(OrgKind::Post, post("多宝西卡口", "多宝社区", "checkpoint"));
    o.add(OrgKind::Post, post("多宝东卡口", "多宝社区", "checkpoint"));
    o.add(OrgKind::Post, post("东湖采样点", "东湖社区", "sampling"));
    o.add(OrgKind::Depot, under("多宝西柜", "多宝西卡口"));
    o.add(
        OrgKind::Item,
        item("TESTKIT", "抗原试剂盒", "Antigen test kit", "盒"),
    );
    (o, [fang, duobao, west, 0])
}

#[test]
fn a_post_is_picked_by_name_part_initials_and_id_and_a_closed_one_is_not_offered() {
    let (mut o, [_, duobao, west, _]) = org();
    let k = PickKind::POST;
    assert_eq!(o.ids(k, "多宝西"), vec![west], "a part of the name");
    assert_eq!(o.ids(k, "dbx"), vec![west], "pinyin initials");
    assert_eq!(o.ids(k, "DBX"), vec![west], "initials in capitals");
    assert_eq!(o.ids(k, &format!("#{west}")), vec![west]);
    assert_eq!(o.ids(k, "西卡"), vec![west], "a part from the middle");
    // Two posts of 多宝: a choice, with what tells them apart.
    let (rows, total) = o.store.pick(k, "多宝", NOW, true, 8).unwrap();
    assert_eq!(total, 2);
    let Detail::Post {
        post_kind,
        community,
        closed,
    } = &rows[0].detail
    else {
        panic!("{rows:?}")
    };
    assert_eq!(
        (
            rows[0].name.as_str(),
            post_kind.as_str(),
            community.as_str(),
            *closed
        ),
        ("多宝西卡口", "checkpoint", "多宝社区", false)
    );
    match o.store.resolve_pick(k, "多宝", NOW, true).unwrap() {
        Resolved::Many { choices, total } => {
            assert_eq!(total, 2);
            assert_eq!(choices.len(), 2);
        }
        r => panic!("one of two was guessed: {r:?}"),
    }
    // Closed: not offered for new work, still found to edit.
    o.run(Command::Org(OrgCommand::Close {
        kind: OrgKind::Post,
        target: "多宝西卡口".into(),
    }));
    assert!(o.ids(k, "dbx").is_empty());
    let (rows, _) = o.store.pick(k, "dbx", NOW, false, 8).unwrap();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].closed());
    // Now 多宝 names one open post: taken.
    assert!(matches!(
        o.store.resolve_pick(k, "多宝", NOW, true).unwrap(),
        Resolved::One(c) if c.name == "多宝东卡口"
    ));
    let _ = duobao;
}

#[test]
fn a_community_and_a_street_are_picked_by_name_initials_and_id() {
    let (o, [fang, duobao, _, _]) = org();
    let k = PickKind::COMMUNITY;
    assert_eq!(o.ids(k, "多宝"), vec![duobao]);
    assert_eq!(o.ids(k, "dbsq"), vec![duobao]);
    assert_eq!(o.ids(k, &format!("#{duobao}")), vec![duobao]);
    assert_eq!(o.ids(k, "多").len(), 2, "多宝 and 多福");
    let (rows, _) = o.store.pick(k, "dfsq", NOW, true, 8).unwrap();
    assert!(
        matches!(&rows[0].detail, Detail::Community { street, .. } if street == "白鹤洞街道"),
        "{rows:?}"
    );
    assert_eq!(o.ids(PickKind::STREET, "fcjd"), vec![fang]);
    assert_eq!(o.ids(PickKind::STREET, "芳村"), vec![fang]);
}

#[test]
fn a_depot_is_picked_by_name_initials_and_id_with_its_post() {
    let (o, _) = org();
    let k = PickKind::DEPOT;
    let cabinet = o.ids(k, "多宝西柜");
    assert_eq!(cabinet.len(), 1);
    assert_eq!(o.ids(k, "dbxg"), cabinet);
    assert_eq!(o.ids(k, &format!("#{}", cabinet[0])), cabinet);
    let (rows, _) = o.store.pick(k, "仓库", NOW, true, 8).unwrap();
    assert_eq!(rows[0].name, "指挥部仓库");
    assert!(matches!(&rows[0].detail, Detail::Depot { post: None, .. }));
    let (rows, _) = o.store.pick(k, "dbxg", NOW, true, 8).unwrap();
    assert!(
        matches!(&rows[0].detail, Detail::Depot { post: Some(p), .. } if p == "多宝西卡口"),
        "{rows:?}"
    );
}

#[test]
fn an_item_is_picked_by_code_name_initials_and_english_name() {
    let (o, _) = org();
    let k = PickKind::ITEM;
    let suit = o.ids(k, "SUIT");
    assert_eq!(suit.len(), 1, "the code");
    assert_eq!(o.ids(k, "suit"), suit, "the code in any case");
    assert_eq!(o.ids(k, "防护"), suit, "a part of the name");
    assert_eq!(o.ids(k, "fhf"), suit, "pinyin initials");
    assert_eq!(o.ids(k, "protective"), suit, "the English name");
    let kit = o.ids(k, "TESTKIT");
    assert_eq!(kit.len(), 1);
    assert_eq!(
        o.ids(k, "kysj"),
        kit,
        "an item added later, by its initials"
    );
    assert_eq!(o.ids(k, &format!("#{}", suit[0])), suit);
    let (rows, _) = o.store.pick(k, "fhf", NOW, true, 8).unwrap();
    assert!(
        matches!(&rows[0].detail, Detail::Item { code, unit_zh, .. } if code == "SUIT" && unit_zh == "套"),
        "{rows:?}"
    );
}

#[test]
fn a_person_is_picked_by_name_initials_staff_code_and_phone_tail() {
    let (mut o, _) = org();
    let (fan, fan_code) = o.person("范杰邦", "138-0013-4821");
    let (fang, _) = o.person("方佳", "139 0000 7777");
    let (other, _) = o.person("范小红", "137-0000-1111");
    let k = PickKind::Person;
    assert_eq!(o.ids(k, "范杰邦"), vec![fan], "the whole name");
    assert_eq!(o.ids(k, "杰邦"), vec![fan], "a part of the name");
    assert_eq!(o.ids(k, "fjb"), vec![fan], "pinyin initials");
    assert_eq!(o.ids(k, &fan_code), vec![fan], "the staff code");
    assert_eq!(o.ids(k, "4821"), vec![fan], "the phone's last four");
    assert_eq!(o.ids(k, "134821"), vec![fan], "more of the phone's tail");
    assert_eq!(o.ids(k, &format!("#{fan}")), vec![fan]);
    assert_eq!(o.ids(k, "7777"), vec![fang]);
    // 范 names two: a choice, each with what tells them apart.
    let (rows, total) = o.store.pick(k, "范", NOW, true, 8).unwrap();
    assert_eq!(total, 2);
    assert!(
        matches!(&rows[0].detail, Detail::Person(c) if c.phone_tail == "4821" || c.phone_tail == "1111")
    );
    assert!(matches!(
        o.store.resolve_pick(k, "范", NOW, true).unwrap(),
        Resolved::Many { total: 2, .. }
    ));
    // Renamed: found by the new name's initials, not the old.
    o.run(Command::People(PeopleCommand::Edit {
        person: PersonRef(format!("#{other}")),
        staff_code: None,
        name: Some("黄小红".into()),
        category: None,
        source_unit: None,
        community: None,
        phone: None,
    }));
    assert_eq!(o.ids(k, "hxh"), vec![other]);
    assert!(o.ids(k, "fxh").is_empty());
    // Retired: not offered for new work.
    o.run(Command::People(PeopleCommand::Retire {
        person: PersonRef(format!("#{fan}")),
        reason: "调离".into(),
    }));
    assert!(o.ids(k, "fjb").is_empty());
    assert_eq!(o.store.pick(k, "fjb", NOW, false, 8).unwrap().1, 1);
}

/// A command's person by a name several people share: a choice listing at most eight, with
/// the true number of matches (two, and eleven); one name or an `#id` is that one person.
#[test]
fn a_shared_name_in_a_command_is_a_choice_with_the_true_count() {
    use frontline::store::commands::Refusal;
    let (mut o, _) = org();
    let two: Vec<i64> = (0..2)
        .map(|i| o.person("同名甲", &format!("1380000{i:04}")).0)
        .collect();
    let eleven: Vec<i64> = (0..11)
        .map(|i| o.person("同名乙", &format!("1390000{i:04}")).0)
        .collect();
    let (one, _) = o.person("独名", "13700000001");
    let retire = |who: &str| {
        Command::People(PeopleCommand::Retire {
            person: PersonRef(who.into()),
            reason: "调离".into(),
        })
    };
    let ctx = Ctx {
        operator: "test".into(),
        now: NOW,
    };
    for (name, ids) in [("同名甲", &two), ("同名乙", &eleven)] {
        match o.store.execute(&retire(name), &ctx) {
            Err(Refusal::AmbiguousPerson {
                candidates, total, ..
            }) => {
                assert_eq!(total, ids.len(), "{name}: every match counted");
                assert_eq!(
                    candidates.len(),
                    ids.len().min(8),
                    "{name}: at most eight listed"
                );
                assert!(candidates.iter().all(|c| ids.contains(&c.id)));
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    assert!(o.store.execute(&retire("独名"), &ctx).is_ok());
    assert!(matches!(
        o.store.execute(&retire(&format!("#{}", eleven[3])), &ctx),
        Ok(Outcome::People(PeopleOutcome::Retired { .. }))
    ));
    assert!(matches!(
        o.store.execute(&retire(&format!("#{one}")), &ctx),
        Err(Refusal::Retired(_))
    ));
}

#[test]
fn people_written_outside_the_executor_are_indexed_when_the_store_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    // As a database from before migration 14 would have them: nothing filled. Written by the
    // store's connection, not the executor (on PostgreSQL the file is only the copy's source).
    let store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    store
        .db()
        .execute(
            "INSERT INTO people(staff_code, name, category, phone) VALUES ('X1', '欧阳娜娜', 'cadre', '13900005566')",
            [],
        )
        .unwrap();
    drop(store);
    let store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    let (rows, _) = store.pick(PickKind::Person, "oynn", NOW, true, 8).unwrap();
    assert_eq!(rows.len(), 1);
    let (rows, _) = store.pick(PickKind::Person, "5566", NOW, true, 8).unwrap();
    assert_eq!(rows[0].name, "欧阳娜娜");
}

#[test]
fn a_database_of_schema_15_keeps_its_posts_and_shifts_when_kind_other_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut c = rusqlite::Connection::open(&path).unwrap();
        frontline::store::schema::migrations()
            .to_version(&mut c, 15)
            .unwrap();
        c.execute_batch(
            "INSERT INTO streets(id, name) VALUES (1, '芳村街道');
             INSERT INTO communities(id, street_id, name) VALUES (1, 1, '多宝社区');
             INSERT INTO posts(id, community_id, name, kind, required_per_shift, shift_pattern)
               VALUES (7, 1, '多宝西卡口', 'checkpoint', 2, '2x12');
             INSERT INTO people(id, staff_code, name, category) VALUES (1, 'A1', '林晓', 'cadre');
             INSERT INTO shifts(person_id, post_id, planned_start, planned_end, status)
               VALUES (1, 7, 1623369600, 1623398400, 'planned');",
        )
        .unwrap();
        assert!(
            c.execute(
                "INSERT INTO posts(community_id, name, kind, required_per_shift) VALUES (1, 'x', 'other', 1)",
                [],
            )
            .is_err(),
            "schema 15 refuses the kind"
        );
    }
    let mut store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    // Read through the store's connection: on PostgreSQL the file is only the copy's source.
    let post: (String, String, String) = store
        .db()
        .query_row(
            "SELECT p.name, p.kind, p.shift_pattern FROM shifts s JOIN posts p ON p.id = s.post_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (post.0.as_str(), post.1.as_str(), post.2.as_str()),
        ("多宝西卡口", "checkpoint", "2x12"),
        "the same row, same id"
    );
    // On PostgreSQL the copy itself proved it: the server checks every foreign key.
    if let Some(c) = store.db().as_sqlite() {
        let broken: i64 = c
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(broken, 0, "every shift still names its post");
    }
    // The new kind is taken through the executor, and the kept counts follow a kind change.
    let ctx = Ctx {
        operator: "t".into(),
        now: NOW,
    };
    store
        .execute(
            &Command::Org(OrgCommand::Add {
                kind: OrgKind::Post,
                fields: OrgFields {
                    kind: Some("其他".into()),
                    headcount: Some("1".into()),
                    ..under("消杀点", "多宝社区")
                },
            }),
            &ctx,
        )
        .unwrap();
    store
        .execute(
            &Command::Org(OrgCommand::Edit {
                kind: OrgKind::Post,
                target: "多宝西卡口".into(),
                fields: OrgFields {
                    kind: Some("other".into()),
                    ..Default::default()
                },
            }),
            &ctx,
        )
        .unwrap();
    let kinds: i64 = store
        .db()
        .query_row("SELECT count(*) FROM posts WHERE kind = 'other'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kinds, 2);
    let drift = frontline::store::kept::check(store.db()).unwrap();
    assert!(drift.is_empty(), "kept values drifted: {drift:#?}");
}
