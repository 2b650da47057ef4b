//! The demo's organisation is imported through the executor (`OrgCommand::Import`), as a
//! post's own workbook is: one audit row whose counts are the rows the demo holds, names a
//! real post could give (no two posts of one name in a community), kept values in step.

use crate::support::db::demo;
use frontline::store::StoreConfig;
use frontline::store::db::Connection;

fn one(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every value kept by triggers equals a count of the rows themselves (`frontline check`), on
/// the store's own database (the file, or its copy on the server).
fn kept_counts_match(c: &Connection) {
    let drift = frontline::store::kept::check(c).unwrap();
    assert!(
        drift.is_empty(),
        "kept values drifted from what they count: {drift:#?}"
    );
}

#[test]
fn the_demo_organisation_is_one_import_through_the_executor() {
    let d = demo(300, 2, 7, StoreConfig::default());
    let c = d.store.db();
    let (action, operator, details): (String, String, String) = c
        .query_row(
            "SELECT action, operator, details FROM audit_log ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((action.as_str(), operator.as_str()), ("import_org", "demo"));
    let details: serde_json::Value = serde_json::from_str(&details).unwrap();
    for (kind, table) in [
        ("street", "streets"),
        ("community", "communities"),
        ("post", "posts"),
    ] {
        assert_eq!(
            details["counts"][kind]["new"].as_i64().unwrap(),
            one(c, &format!("SELECT count(*) FROM {table}")),
            "{kind}: {details}"
        );
    }
    // The store comes with every new database; the cabinet is the import's one depot.
    assert_eq!(details["counts"]["depot"]["new"], 1, "{details}");
    assert_eq!(one(c, "SELECT count(*) FROM depots"), 2);
    kept_counts_match(c);
}

#[test]
fn at_its_most_posts_the_demo_names_each_post_once_in_its_community() {
    // 264 posts over 104 communities (seed 4): some community holds two of a kind, numbered.
    let d = demo(6_000, 14, 4, StoreConfig::default());
    let c = d.store.db();
    assert_eq!(one(c, "SELECT count(*) FROM posts"), 265);
    assert_eq!(
        one(
            c,
            "SELECT count(*) FROM (SELECT 1 FROM posts GROUP BY community_id, name HAVING count(*) > 1) AS x"
        ),
        0
    );
    // Names ending in a digit (GLOB '*[0-9]', which PostgreSQL lacks).
    assert!(
        one(
            c,
            "SELECT count(*) FROM posts WHERE substr(name, length(name)) BETWEEN '0' AND '9'"
        ) > 0
    );
    kept_counts_match(c);
}

/// A demo of one day: its lapsed volunteer policies still end after they begin (a 6 000-person
/// demo of one or two days was refused by the insurance table's check).
#[test]
fn a_demo_of_one_day_is_made_and_every_policy_ends_after_it_begins() {
    for days in [1, 2] {
        let d = demo(6000, days, 1, StoreConfig::default());
        let c = d.store.db();
        assert!(one(c, "SELECT count(*) FROM insurance") > 1000);
        assert_eq!(
            one(
                c,
                "SELECT count(*) FROM insurance WHERE valid_until <= valid_from"
            ),
            0
        );
        kept_counts_match(c);
    }
}

/// The audit screen's search runs over a log whose targets are not all `kind:id` (the import's
/// `org`, the demo's `database`) on either engine; a target that is a row is still named (an
/// item in both languages), and found by that name.
#[test]
fn the_audit_search_reads_targets_that_are_not_ids_and_names_those_that_are() {
    use frontline::store::commands::{Command, Ctx};
    use frontline::store::queries::Window;
    let mut d = demo(300, 2, 7, StoreConfig::default());
    let receive = Command::StockReceive {
        item: "MASK".into(),
        depot: None,
        quantity: 5,
        from: None,
    };
    let ctx = Ctx {
        operator: "t".into(),
        now: crate::support::db::DEMO_NOW,
    };
    d.store.execute(&receive, &ctx).unwrap();
    let newest = d.store.audit(1).unwrap().remove(0);
    assert!(newest.target.starts_with("item:"), "{newest:?}");
    let name = newest.name.clone().expect("the item by its name");
    assert!(newest.name_en.is_some(), "{newest:?}");
    let search = |filter: &str| {
        d.store
            .audit_page(&Window {
                filter: filter.into(),
                ..Window::default()
            })
            .unwrap()
    };
    let org = search("org");
    assert!(
        org.rows
            .iter()
            .any(|r| r.target == "org" && r.name.is_none()),
        "{:?}",
        org.rows
    );
    let found = search(&name);
    assert!(found.rows.iter().any(|r| r.id == newest.id), "{name}");
}
