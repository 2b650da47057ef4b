//! Options that take a post, community, depot or item accept its name (a part of it, its
//! pinyin initials, an item's code) or `#id`; a name that fits several rows is refused with
//! them listed, and nothing is written.

use super::init;
use crate::support::cli::Env;

fn org(e: &Env) {
    init(e);
    for s in ["芳村街道", "白鹤洞街道"] {
        e.ok(&["do", "org", "street", "add", "--name", s]);
    }
    for (c, s) in [
        ("多宝社区", "芳村街道"),
        ("东社区", "芳村街道"),
        ("东社区", "白鹤洞街道"),
    ] {
        e.ok(&["do", "org", "community", "add", "--name", c, "--street", s]);
    }
    for (p, c) in [
        ("多宝西卡口", "多宝社区"),
        ("东卡口", "芳村街道/东社区"),
        ("东卡口", "白鹤洞街道/东社区"),
    ] {
        e.ok(&[
            "do",
            "org",
            "post",
            "add",
            "--name",
            p,
            "--kind",
            "卡口",
            "--community",
            c,
            "--headcount",
            "2",
        ]);
    }
    e.ok(&[
        "do",
        "person",
        "add",
        "--name",
        "林晓",
        "--code",
        "WJ1",
        "--category",
        "volunteer",
        "--community",
        "dbsq",
    ]);
}

fn plan(e: &Env, post: &str) -> std::process::Output {
    e.run(&[
        "do",
        "shift",
        "plan",
        "--person",
        "WJ1",
        "--post",
        post,
        "--start",
        "06-11 08:00",
        "--end",
        "06-11 16:00",
    ])
}

fn planned_post(e: &Env) -> String {
    e.conn()
        .query_row(
            "SELECT p.name FROM shifts s JOIN posts p ON p.id = s.post_id ORDER BY s.id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn shift_plan_takes_the_post_by_name_and_initials_and_refuses_a_name_of_two() {
    let e = Env::empty();
    org(&e);
    // The person's community was given by its pinyin initials.
    let c: String = e.conn()
        .query_row(
            "SELECT c.name FROM people p JOIN communities c ON c.id = p.community_id WHERE p.staff_code = 'WJ1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(c, "多宝社区");
    let out = plan(&e, "多宝西卡口");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(planned_post(&e), "多宝西卡口");
    e.ok(&["do", "shift", "cancel", "--shift", "1"]);
    let out = plan(&e, "dbx");
    assert!(out.status.success(), "by initials: {out:?}");
    assert_eq!(planned_post(&e), "多宝西卡口");
    // 东卡口 names two posts: refused, both listed with their community, nothing written.
    let before = e.audit_len();
    let out = plan(&e, "东卡口");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("names 2 posts, none is guessed"), "{err}");
    assert!(
        err.contains("东社区/东卡口 #2") && err.contains("东社区/东卡口 #3"),
        "{err}"
    );
    assert_eq!(e.audit_len(), before);
    // Its #id names one.
    e.ok(&["do", "shift", "cancel", "--shift", "2"]);
    let out = plan(&e, "#3");
    assert!(out.status.success(), "{out:?}");
    // A name nothing fits.
    let out = plan(&e, "无此点位");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no such post: 无此点位"), "{err}");
}

#[test]
fn stock_options_take_an_item_and_depot_by_name_and_initials() {
    let e = Env::empty();
    org(&e);
    e.ok(&[
        "do",
        "org",
        "depot",
        "add",
        "--name",
        "多宝西柜",
        "--post",
        "多宝西卡口",
    ]);
    // The item by its pinyin initials (防护服), the depot by its name's initials.
    let out = e.ok(&[
        "do",
        "stock",
        "receive",
        "--item",
        "fhf",
        "--quantity",
        "30",
        "--depot",
        "dbxg",
    ]);
    assert!(out.contains("30"), "{out}");
    let on_hand: i64 = e
        .conn()
        .query_row(
            "SELECT s.on_hand FROM stock s JOIN supply_items i ON i.id = s.item_id
             JOIN depots d ON d.id = s.depot_id WHERE i.code = 'SUIT' AND d.name = '多宝西柜'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(on_hand, 30);
    // 口罩 fits two items (surgical and N95): refused, both listed.
    let err = e.refused(&[
        "do",
        "stock",
        "receive",
        "--item",
        "口罩",
        "--quantity",
        "5",
    ]);
    assert!(err.contains("MASK") && err.contains("N95"), "{err}");
}

#[test]
fn a_post_of_kind_other_is_added_by_either_word_and_takes_shifts() {
    let e = Env::empty();
    org(&e);
    for (name, kind) in [("消杀点", "其他"), ("物资中转站", "other")] {
        e.ok(&[
            "do",
            "org",
            "post",
            "add",
            "--name",
            name,
            "--kind",
            kind,
            "--community",
            "多宝社区",
            "--headcount",
            "1",
        ]);
    }
    let posts = e.ok(&["posts"]);
    assert!(posts.contains("消杀点  多宝社区  other"), "{posts}");
    assert!(posts.contains("物资中转站  多宝社区  other"), "{posts}");
    // The Chinese interface says it in its own word when refusing an unknown one.
    let err = e.refused(&[
        "--lang",
        "zh",
        "do",
        "org",
        "post",
        "add",
        "--name",
        "停车场",
        "--kind",
        "停车",
        "--community",
        "多宝社区",
        "--headcount",
        "1",
    ]);
    assert!(err.contains("其他"), "{err}");
    let out = plan(&e, "xsd");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(planned_post(&e), "消杀点");
}

#[test]
fn org_medic_add_and_end_are_do_medic_with_the_same_audit_row() {
    let e = Env::empty();
    org(&e);
    e.ok(&[
        "do",
        "person",
        "add",
        "--name",
        "王医生",
        "--code",
        "YS1",
        "--category",
        "medical",
        "--phone",
        "13800001234",
    ]);
    // The community by its pinyin initials.
    let out = e.ok(&[
        "do",
        "org",
        "medic",
        "add",
        "--person",
        "YS1",
        "--community",
        "dbsq",
    ]);
    assert!(out.contains("王医生 now follows up 多宝社区"), "{out}");
    let out = e.ok(&[
        "do",
        "org",
        "medic",
        "end",
        "--person",
        "YS1",
        "--community",
        "多宝社区",
    ]);
    assert!(
        out.contains("王医生 no longer follows up 多宝社区"),
        "{out}"
    );
    // `do medic` itself: the same outcome and audit action.
    let out = e.ok(&["do", "medic", "--person", "YS1", "--community", "dbsq"]);
    assert!(out.contains("王医生 now follows up 多宝社区"), "{out}");
    let audit = e.audit();
    let medic: Vec<&serde_json::Value> = audit
        .iter()
        .filter(|r| r["action"] == "assign_medic")
        .collect();
    assert_eq!(medic.len(), 3, "{audit:?}");
}
