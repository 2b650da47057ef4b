//! The organisation workbook round trip: the template filled by program, imported, exported
//! (`export org`), and the export imported into a new database gives the same organisation;
//! imported again into the first, it adds nothing.

use super::init;
use super::org_files::{fill, sheets_of};
use crate::support::cli::Env;

/// Every open organisation row in words: streets, communities with their street, posts with
/// their community, kind, headcount and pattern, depots with their post, items.
fn organisation(e: &Env) -> Vec<String> {
    let c = e.conn();
    let mut out = Vec::new();
    for sql in [
        "SELECT 'street ' || name FROM streets ORDER BY name",
        "SELECT 'community ' || s.name || '/' || c.name FROM communities c
           JOIN streets s ON s.id = c.street_id ORDER BY 1",
        "SELECT 'post ' || s.name || '/' || c.name || '/' || p.name || ' ' || p.kind || ' '
           || p.required_per_shift || ' ' || p.shift_pattern FROM posts p
           JOIN communities c ON c.id = p.community_id JOIN streets s ON s.id = c.street_id ORDER BY 1",
        "SELECT 'depot ' || d.name || ' ' || coalesce(c.name || '/' || p.name, '-') FROM depots d
           LEFT JOIN posts p ON p.id = d.post_id LEFT JOIN communities c ON c.id = p.community_id
           ORDER BY 1",
        "SELECT 'item ' || code || ' ' || name_zh || ' ' || name_en || ' ' || unit_zh || ' '
           || unit_en || ' ' || reorder_level FROM supply_items ORDER BY 1",
    ] {
        let mut st = c.prepare(sql).unwrap();
        out.extend(
            st.query_map([], |r| r.get::<_, String>(0))
                .unwrap()
                .map(Result::unwrap),
        );
    }
    out
}

#[test]
fn a_filled_template_imports_exports_and_imports_elsewhere_to_the_same_organisation() {
    let e = Env::empty();
    init(&e);
    let t = e.dir.path().join("org.xlsx");
    e.ok(&["import", "template", "org", "--out", t.to_str().unwrap()]);
    let filled = e.dir.path().join("filled.xlsx");
    // Two communities of one name in two streets: the posts under them are told apart by path.
    fill(
        &t,
        &filled,
        &[
            ("街道", vec![vec!["沙面街"], vec!["多宝街"]]),
            (
                "社区",
                vec![vec!["东社区", "沙面街"], vec!["东社区", "多宝街"]],
            ),
            (
                "点位",
                vec![
                    vec!["卡口一", "卡口", "沙面街/东社区", "2", "2x12"],
                    vec![
                        "采样点",
                        "核酸采样点",
                        "多宝街/东社区",
                        "4",
                        "08:00-16:00,16:00-24:00,00:00-08:00",
                    ],
                ],
            ),
            ("仓库", vec![vec!["卡口一物资柜", "卡口一"]]),
            (
                "物资",
                vec![vec!["KN95", "KN95口罩", "KN95 masks", "只", "pcs", "100"]],
            ),
        ],
    );
    e.ok(&["import", "org", filled.to_str().unwrap()]);
    let first = organisation(&e);
    assert!(
        first.contains(
            &"post 多宝街/东社区/采样点 sampling 4 00:00-08:00,08:00-16:00,16:00-24:00".to_string()
        ),
        "{first:#?}"
    );

    let out = e.dir.path().join("exported.xlsx");
    let said = e.ok(&[
        "export",
        "org",
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(said.contains("exported.xlsx"), "{said}");
    let sheets = sheets_of(&out);
    let names: Vec<&str> = sheets.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(names, ["街道", "社区", "点位", "仓库", "物资"]);
    assert_eq!(
        sheets[2].1,
        [
            vec!["点位名称", "类型", "所属社区", "每班人数", "班次"],
            vec![
                "卡口一",
                "卡口",
                "沙面街/东社区",
                "2",
                "08:00-20:00,20:00-08:00"
            ],
            vec![
                "采样点",
                "核酸采样点",
                "多宝街/东社区",
                "4",
                "00:00-08:00,08:00-16:00,16:00-24:00"
            ],
        ]
    );

    // Into a new post's database: the same organisation.
    let other = Env::empty();
    init(&other);
    other.ok(&["import", "org", out.to_str().unwrap()]);
    assert_eq!(organisation(&other), first);
    // Back into the first: nothing new, nothing changed.
    let again = e.ok(&["import", "org", out.to_str().unwrap()]);
    assert!(
        !again.contains("1 new") && !again.contains("2 new"),
        "{again}"
    );
    assert_eq!(organisation(&e), first);
    // CSV would be five files: refused with what to use.
    let o = e.run(&["export", "org"]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("--format xlsx --out FILE"),
        "refused with what to use"
    );
}
