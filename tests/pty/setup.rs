//! Going live from an empty database (`frontline init`) using only the console: the first-run
//! checklist, the Setup screen (a street, a community, a post), the roster imported from the
//! console, a check-in by name, and the person in the On duty panel.

use crate::support::pty::*;

/// Send `keys` and wait for `then` on screen.
fn step(pty: &mut Pty, keys: &str, then: &str) -> String {
    pty.send(keys.as_bytes());
    pty.wait_for(then, TIMEOUT)
}

#[test]
fn an_empty_database_goes_live_from_the_console_alone() {
    let fx = Fixture::empty(NOW);
    let db = fx.db().display().to_string();
    fx.cli(&["init", "--db", &db]);
    let roster = fx.dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "姓名,工号,类别,单位,社区,政治面貌,电话\n\
         林晓,GZ1001,医务人员,荔湾区人民医院,白鹤洞东社区,党员,13800138001\n\
         陈明,GZ1002,机关干部,区委组织部,白鹤洞东社区,群众,13800138002\n",
    )
    .unwrap();

    let mut pty = fx.console(100, 30);
    // No posts, no people, no stock: the checklist instead of four empty panels.
    let s = pty.wait_for("First run", TIMEOUT);
    assert!(s.contains("1 Organisation") && s.contains("3 to go"), "{s}");
    assert!(!s.contains("Overdue for rest"), "{s}");

    // Step 1 opens the Setup screen.
    step(&mut pty, "\r", "Setup · Streets");
    step(&mut pty, "a", "Add a street");
    step(&mut pty, "白鹤洞街\r", "street 白鹤洞街 added");
    step(&mut pty, "\t", "Setup · Communities");
    step(&mut pty, "a", "Add a community");
    step(
        &mut pty,
        "白鹤洞东社区\t白鹤洞街\r",
        "community 白鹤洞东社区 added",
    );
    step(&mut pty, "\t", "Setup · Posts");
    step(&mut pty, "a", "Add a post");
    let s = step(
        &mut pty,
        "白鹤洞东卡口\t白鹤洞东社区\t卡口\t2\t2x12\r",
        "post 白鹤洞东卡口 added",
    );
    assert!(s.contains("checkpoint") && s.contains("08:00-20:00"), "{s}");

    // Back on the checklist, the organisation is done; step 2 imports the roster.
    let s = step(&mut pty, "\x1b", "First run");
    assert!(s.contains("✓ done"), "{s}");
    pty.send(b"j");
    step(&mut pty, "\r", "Import roster");
    let path = roster.display().to_string();
    step(&mut pty, &format!("{path}\r"), "2 new");
    step(&mut pty, "\r", "roster imported: 2 new");

    // The four panels, and a check-in by typing the person's name.
    step(&mut pty, "H", "On duty (0)");
    step(&mut pty, "i", "Check in");
    step(&mut pty, "林晓", "(GZ1001, #1)");
    // The post by the start of its name, as the picker finds it.
    step(&mut pty, "\t白鹤洞东", "白鹤洞东卡口 · checkpoint");
    pty.send(b"\r");
    let s = pty.wait_until("林晓 in the On duty panel", TIMEOUT, |s| {
        let c = s.contents();
        c.contains("On duty (1)") && c.lines().any(|l| l.contains("林晓"))
    });
    assert!(!s.contains("Check in ═"), "the form is still open:\n{s}");
    pty.send(b"q");
    assert!(
        pty.wait_exit(TIMEOUT),
        "the console did not exit with success"
    );

    let status = fx.status();
    let on_duty = status["on_duty"].as_array().unwrap();
    assert_eq!(on_duty.len(), 1, "{status:#}");
    assert_eq!(on_duty[0]["name"], "林晓", "{status:#}");
    let audit = fx.json(&["audit", "--json", "--limit", "10"]);
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    for want in [
        "check_in",
        "import_roster",
        "org_post_add",
        "org_community_add",
        "org_street_add",
    ] {
        assert!(actions.contains(&want), "{want} not in {actions:?}");
    }
}
