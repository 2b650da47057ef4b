//! Going live: `init`, `do org …`, `import org`, `import template`, and a post set up
//! from an empty database with the command line only.

mod org_files;
mod pick;
mod round_trip;

use crate::support::cli::Env;
use org_files::fill;

/// The `#id` an "added (#N)" line names.
fn id_of(out: &str) -> String {
    let i = out.rfind("#").expect("an id in the output");
    out[i + 1..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect()
}

fn init(e: &Env) {
    let out = e.ok(&["init"]);
    assert!(
        out.contains("created") && out.contains("9 supply items"),
        "{out}"
    );
}

fn sql_i64(e: &Env, q: &str) -> i64 {
    e.conn().query_row(q, [], |r| r.get(0)).unwrap()
}

#[test]
fn init_creates_an_empty_database_once_and_refuses_an_existing_path() {
    let e = Env::empty();
    init(&e);
    let s = e.status();
    assert_eq!(s["on_duty"].as_array().unwrap().len(), 0);
    assert_eq!(s["supplies"].as_array().unwrap().len(), 9, "the catalogue");
    assert_eq!(sql_i64(&e, "SELECT count(*) FROM posts"), 0);
    assert_eq!(sql_i64(&e, "SELECT count(*) FROM depots"), 1);
    // Again: refused, nothing changed.
    let before = e.contents();
    let err = e.refused(&["init"]);
    // A file "already exists"; a server database "already holds a Frontline database".
    let already = if e.on_server() {
        "already holds"
    } else {
        "already exists"
    };
    assert!(err.contains(already), "{err}");
    assert_eq!(e.contents(), before);
    if e.sqlite_only("its last part, another program's file at the --db path") {
        return;
    }
    // Another file at the path is not touched either.
    let other = Env::empty();
    std::fs::write(&other.db, b"my notes").unwrap();
    other.refused(&["init"]);
    assert_eq!(std::fs::read(&other.db).unwrap(), b"my notes");
}

#[test]
fn the_organisation_is_built_by_name_and_closed_posts_take_no_shifts() {
    let e = Env::empty();
    init(&e);
    e.ok(&["do", "org", "street", "add", "--name", "白鹤洞街"]);
    e.ok(&["do", "org", "street", "add", "--name", "多宝街"]);
    e.ok(&[
        "do",
        "org",
        "community",
        "add",
        "--name",
        "东社区",
        "--street",
        "白鹤洞街",
    ]);
    e.ok(&[
        "do",
        "org",
        "community",
        "add",
        "--name",
        "东社区",
        "--street",
        "多宝街",
    ]);
    // A community name in two streets is never guessed; street/community names one.
    let err = e.refused(&[
        "do",
        "org",
        "post",
        "add",
        "--name",
        "东卡口",
        "--kind",
        "卡口",
        "--community",
        "东社区",
        "--headcount",
        "2",
    ]);
    assert!(
        err.contains("names 2 communities, none is guessed"),
        "{err}"
    );
    assert!(
        err.contains("白鹤洞街/东社区") && err.contains("多宝街/东社区"),
        "{err}"
    );
    let out = e.ok(&[
        "do",
        "org",
        "post",
        "add",
        "--name",
        "东卡口",
        "--kind",
        "卡口",
        "--community",
        "白鹤洞街/东社区",
        "--headcount",
        "2",
        "--shifts",
        "08:00-16:00,16:00-24:00,00:00-08:00",
    ]);
    assert!(out.contains("post 东卡口 added"), "{out}");
    let post = id_of(&out);
    // Refusals, in both languages, nothing written.
    for (args, en, zh) in [
        (
            vec!["--headcount", "0"],
            "must be at least 1",
            "每班人数无效",
        ),
        (
            vec!["--headcount", "-2"],
            "must be at least 1",
            "每班人数无效",
        ),
        (
            vec!["--headcount", "three"],
            "not a whole number",
            "每班人数无效",
        ),
        (
            vec!["--kind", "parking"],
            "unknown post kind 'parking'",
            "未知点位类型",
        ),
        (
            vec!["--shifts", "08:00-16:00,12:00-20:00"],
            "overlap",
            "班次重叠",
        ),
        (
            vec!["--shifts", "08:00-08:00"],
            "leaves no time",
            "没有时长",
        ),
    ] {
        let mut a = vec![
            "do",
            "org",
            "post",
            "add",
            "--name",
            "新点",
            "--community",
            "多宝街/东社区",
        ];
        for (flag, default) in [("--kind", "卡口"), ("--headcount", "1")] {
            if !args.contains(&flag) {
                a.extend([flag, default]);
            }
        }
        a.extend(args);
        let err = e.refused(&a);
        assert!(err.contains(en), "{a:?}: {err}");
        let mut z = vec!["--lang", "zh"];
        z.extend(&a);
        let err = e.refused(&z);
        assert!(err.contains(zh), "{z:?}: {err}");
    }
    let err = e.refused(&[
        "do",
        "org",
        "post",
        "add",
        "--name",
        "东卡口",
        "--kind",
        "卡口",
        "--community",
        "白鹤洞街/东社区",
        "--headcount",
        "2",
    ]);
    assert!(err.contains("already exists"), "{err}");
    // Edit by name within its community.
    let err = e.refused(&[
        "do",
        "org",
        "post",
        "edit",
        "东社区/东卡口",
        "--headcount",
        "3",
    ]);
    assert!(err.contains("names 2 communities"), "{err}");
    let out = e.ok(&[
        "do",
        "org",
        "post",
        "edit",
        "白鹤洞街/东社区/东卡口",
        "--headcount",
        "3",
    ]);
    assert!(out.contains("headcount"), "{out}");
    assert_eq!(
        sql_i64(
            &e,
            &format!("SELECT required_per_shift FROM posts WHERE id = {post}")
        ),
        3
    );
    // Someone on duty there: closing is refused, naming them.
    e.ok(&[
        "do",
        "person",
        "add",
        "--name",
        "林晓",
        "--category",
        "volunteer",
        "--code",
        "WJ1",
    ]);
    e.ok(&["do", "check-in", "--person", "WJ1", "--post", &post]);
    let err = e.refused(&["do", "org", "post", "close", "东卡口"]);
    assert!(
        err.contains("林晓 (WJ1)") && err.contains("on duty"),
        "{err}"
    );
    let err = e.refused(&["--lang", "zh", "do", "org", "post", "close", "东卡口"]);
    assert!(err.contains("林晓") && err.contains("在岗"), "{err}");
    e.ok(&["do", "check-out", "--person", "WJ1"]);
    let out = e.ok(&["do", "org", "post", "close", "东卡口"]);
    assert!(out.contains("closed"), "{out}");
    // A closed post takes no new shifts.
    let err = e.refused(&["do", "check-in", "--person", "WJ1", "--post", &post]);
    assert!(err.contains("is closed"), "{err}");
    let err = e.refused(&[
        "do",
        "shift",
        "plan",
        "--person",
        "WJ1",
        "--post",
        &post,
        "--start",
        "06-11 08:00",
        "--end",
        "06-11 16:00",
    ]);
    assert!(err.contains("is closed"), "{err}");
    // One audit row per action, named by kind and action.
    let actions: Vec<String> = e
        .audit()
        .iter()
        .map(|r| r["action"].as_str().unwrap().to_string())
        .collect();
    for a in [
        "org_street_add",
        "org_community_add",
        "org_post_add",
        "org_post_edit",
        "org_post_close",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    assert_eq!(actions.iter().filter(|a| *a == "org_street_add").count(), 2);
}

#[test]
fn depots_and_items_are_added_edited_and_closed() {
    let e = Env::empty();
    init(&e);
    let out = e.ok(&[
        "do",
        "org",
        "item",
        "add",
        "--code",
        "kn95",
        "--name",
        "KN95口罩",
        "--unit",
        "只",
        "--reorder",
        "200",
    ]);
    assert!(out.contains("item KN95口罩 added"), "{out}");
    let err = e.refused(&[
        "do", "org", "item", "add", "--code", "KN95", "--name", "别的", "--unit", "只",
    ]);
    assert!(err.contains("already exists"), "{err}");
    let err = e.refused(&["do", "org", "item", "edit", "KN95", "--reorder", "-1"]);
    assert!(err.contains("at least 0"), "{err}");
    e.ok(&["do", "org", "item", "edit", "kn95", "--reorder", "300"]);
    assert_eq!(
        sql_i64(
            &e,
            "SELECT reorder_level FROM supply_items WHERE code = 'KN95'"
        ),
        300
    );
    let err = e.refused(&[
        "do", "org", "item", "add", "--code", "X1", "--name", "X", "--kind", "卡口",
    ]);
    assert!(err.contains("--kind does not apply to a item"), "{err}");
    e.ok(&["do", "org", "depot", "add", "--name", "二号仓库"]);
    e.ok(&[
        "do",
        "stock",
        "receive",
        "--item",
        "N95",
        "--quantity",
        "10",
        "--depot",
        "二号仓库",
    ]);
    let err = e.refused(&["do", "org", "depot", "close", "二号仓库"]);
    assert!(err.contains("still holds 10"), "{err}");
    e.ok(&["do", "org", "item", "close", "KN95"]);
    let err = e.refused(&["do", "org", "item", "close", "KN95"]);
    assert!(err.contains("is closed"), "{err}");
}

#[test]
fn a_post_goes_live_from_an_empty_database_with_the_command_line_only() {
    let e = Env::empty();
    // 1. A new database on purpose.
    init(&e);
    // 2. The office's workbooks, from the templates, filled by program.
    let (org_t, roster_t) = (
        e.dir.path().join("org.xlsx"),
        e.dir.path().join("roster.xlsx"),
    );
    e.ok(&[
        "import",
        "template",
        "org",
        "--out",
        org_t.to_str().unwrap(),
    ]);
    e.ok(&[
        "import",
        "template",
        "roster",
        "--out",
        roster_t.to_str().unwrap(),
    ]);
    let (org, roster) = (
        e.dir.path().join("我的组织.xlsx"),
        e.dir.path().join("我的花名册.xlsx"),
    );
    fill(
        &org_t,
        &org,
        &[
            ("街道", vec![vec!["白鹤洞街"]]),
            (
                "社区",
                vec![
                    vec!["白鹤洞东社区", "白鹤洞街"],
                    vec!["白鹤洞西社区", "白鹤洞街"],
                ],
            ),
            (
                "点位",
                vec![
                    vec![
                        "白鹤洞东卡口",
                        "卡口",
                        "白鹤洞东社区",
                        "2",
                        "08:00-20:00,20:00-08:00",
                    ],
                    vec![
                        "白鹤洞西采样点",
                        "核酸采样点",
                        "白鹤洞西社区",
                        "3",
                        "08:00-16:00,16:00-24:00,00:00-08:00",
                    ],
                ],
            ),
        ],
    );
    fill(
        &roster_t,
        &roster,
        &[(
            "花名册",
            vec![
                vec![
                    "林晓",
                    "WJ0001",
                    "志愿者",
                    "荔湾区团委",
                    "白鹤洞东社区",
                    "群众",
                    "13800138000",
                ],
                vec![
                    "陈立",
                    "GB0002",
                    "机关干部",
                    "区司法局",
                    "白鹤洞西社区",
                    "党员",
                    "",
                ],
                vec![
                    "黄敏",
                    "YS0003",
                    "医务人员",
                    "荔湾区人民医院",
                    "白鹤洞西社区",
                    "党员",
                    "",
                ],
            ],
        )],
    );
    // 3. Import the organisation, then the roster that names its communities.
    let out = e.ok(&["import", "org", org.to_str().unwrap()]);
    assert!(out.contains("post: 2 new"), "{out}");
    let out = e.ok(&["import", "roster", roster.to_str().unwrap()]);
    assert!(out.contains("3 new"), "{out}");
    // 4. Check people in at their posts, by name.
    e.ok(&[
        "do",
        "check-in",
        "--person",
        "WJ0001",
        "--post",
        "白鹤洞东卡口",
    ]);
    e.ok(&[
        "do",
        "check-in",
        "--person",
        "陈立",
        "--post",
        "白鹤洞西社区/白鹤洞西采样点",
    ]);
    // 5. Live: status shows them on duty at their own posts, and the supply catalogue.
    let s = e.status();
    let mut on_duty: Vec<(String, String)> = s["on_duty"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().into(),
                r["post"].as_str().unwrap().into(),
            )
        })
        .collect();
    on_duty.sort();
    assert_eq!(
        on_duty,
        [
            ("林晓".to_string(), "白鹤洞东卡口".to_string()),
            ("陈立".to_string(), "白鹤洞西采样点".to_string()),
        ]
    );
    assert_eq!(s["supplies"].as_array().unwrap().len(), 9);
    let text = e.ok(&["status"]);
    assert!(text.starts_with("on duty 2  overdue 0"), "{text}");
}
