//! What Frontline writes out. Stored text never reaches a terminal, a CSV
//! or a Markdown file with its escape sequences raw, nor a spreadsheet as a formula; output
//! files are private (0600 in 0700 folders), never follow a symlink, never replace a file
//! without `--force`.

use crate::support::cli::Env;

const OSC: &str = "\u{1b}]2;pwned\u{7}";

fn raw_controls(s: &str) -> bool {
    s.chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t' && c != '\r') || c == '\u{202e}')
}

fn first_code(e: &Env) -> String {
    e.json(&["people", "--json", "--limit", "1"])["rows"][0]["staff_code"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn stored_escape_sequences_and_formulas_never_go_out_raw() {
    let e = Env::with_demo(40, 3);
    let code = first_code(&e);
    let evil = format!("{OSC}\u{202e}x");
    e.ok(&[
        "do", "talk", "--person", &code, "--by", &evil, "--note", &evil,
    ]);
    e.ok(&[
        "do",
        "force-rest",
        "--person",
        &code,
        "--reason",
        "=HYPERLINK(\"http://x\")",
    ]);
    // An operator name like this is refused now; one stored by an older build is still shown.
    e.conn()
        .execute(
            "INSERT INTO audit_log(at, operator, action, target, details) VALUES (1623283200, ?1, 'note', 'x', '{}')",
            [&evil],
        )
        .unwrap();
    let check = |args: &[&str]| {
        let out = e.ok(args);
        assert!(
            !raw_controls(&out),
            "{args:?} printed raw controls: {out:?}"
        );
        out
    };
    let person = check(&["person", &code]);
    assert!(person.contains("\\u001b]2;pwned\\u0007"), "{person}");
    check(&["people", "--limit", "50"]);
    check(&["cases"]);
    check(&["honours"]);
    check(&["audit", "--limit", "5"]);
    check(&["report", "daily"]);
    let json = check(&["person", &code, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON stays valid");
    assert!(v.to_string().contains("pwned"));
    let csv = check(&["export", "rest_periods"]);
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
    let csv = check(&["export", "audit"]);
    assert!(
        !csv.lines()
            .any(|l| l.split(',').any(|c| c.starts_with('='))),
        "{csv}"
    );
    check(&["export", "talks"]);
    check(&["report", "daily", "--format", "csv"]);
    // A refusal naming stored text: one line, no raw controls.
    let err = e.refused(&["do", "talk", "--person", &evil]);
    assert!(!raw_controls(&err), "{err:?}");
}

fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn output_files_are_private_never_follow_links_and_need_force_to_replace() {
    let e = Env::with_demo(40, 3);
    let d = e.dir.path();
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("people.csv", vec!["export", "people", "--out"]),
        (
            "people.xlsx",
            vec!["export", "people", "--format", "xlsx", "--out"],
        ),
        ("daily.md", vec!["report", "daily", "--out"]),
        (
            "daily.xlsx",
            vec!["report", "daily", "--format", "xlsx", "--out"],
        ),
        (
            "hours.csv",
            vec!["hours", "--export", "csv", "--all", "--out"],
        ),
    ];
    for (name, args) in &cases {
        // A new file in a new folder: 0600 in 0700.
        let dir = d.join(format!("out-{name}"));
        let f = dir.join(name);
        let fs = f.to_str().unwrap().to_string();
        let mut a = args.clone();
        a.push(&fs);
        e.ok(&a);
        assert_eq!(mode(&f), 0o600, "{name}");
        assert_eq!(mode(&dir), 0o700, "{name}");
        // Not replaced without --force; replaced with it.
        std::fs::write(&f, "keep").unwrap();
        let err = e.refused(&a);
        assert!(err.contains("--force"), "{name}: {err}");
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "keep");
        let mut forced = a.clone();
        forced.push("--force");
        e.ok(&forced);
        assert_ne!(std::fs::read(&f).unwrap(), b"keep");
        assert_eq!(mode(&f), 0o600, "{name}");
        // Never through a link, dangling or not, even with --force.
        let target = d.join(format!("target-{name}"));
        let link = d.join(format!("link-{name}"));
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let ls = link.to_str().unwrap().to_string();
        for force in [false, true] {
            let mut a = args.clone();
            a.push(&ls);
            if force {
                a.push("--force");
            }
            let err = e.refused(&a);
            assert!(err.contains("symbolic link"), "{name}: {err}");
            assert!(!target.exists(), "{name}: the link was followed");
        }
    }
    // backup --out: a dangling link is not followed.
    let target = d.join("backup-target.db");
    let link = d.join("backup-link.db");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    e.refused(&["backup", "--out", link.to_str().unwrap()]);
    assert!(!target.exists(), "backup followed the link");
    let b = d.join("b").join("copy.db");
    e.ok(&["backup", "--out", b.to_str().unwrap()]);
    assert_eq!(mode(&b), 0o600);
    // The log beside the database (on a server, in the folder kept for it; a 0644 one from an older build is tightened), and the
    // config file.
    let log = e.side_dir().join("frontline.log");
    if log.exists() {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    e.ok(&[
        "do",
        "force-rest",
        "--person",
        &first_code(&e),
        "--reason",
        "r",
    ]);
    assert_eq!(mode(&log), 0o600);
    e.ok(&["config", "init"]);
    let conf = e.ok(&["config", "path"]);
    assert_eq!(mode(std::path::Path::new(conf.trim())), 0o600);
}

/// The health-report export shows the local date and °C, not a day number
/// and tenths of a degree.
#[test]
fn the_health_report_export_shows_the_date_and_degrees() {
    let e = Env::with_demo(40, 3);
    let code = first_code(&e);
    e.ok(&["do", "health", "--person", &code, "--temp", "36.9"]);
    let v = e.json(&["export", "health_reports", "--format", "json"]);
    let rows = v.as_array().expect("rows");
    let mine = rows
        .iter()
        .find(|r| r["staff_code"] == code.as_str() && r["day"] == "2021-06-10")
        .unwrap_or_else(|| panic!("no 2021-06-10 row for {code}: {v}"));
    assert_eq!(mine["temp_c"], 36.9, "{mine}");
    let csv = e.ok(&["export", "health_reports"]);
    assert!(
        csv.lines().next().unwrap().contains(",day,temp_c,"),
        "{csv}"
    );
    assert!(csv.contains(",2021-06-10,36.9,"), "{csv}");
}
