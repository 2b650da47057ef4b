//! The console's paperwork keys as a user sees them: `D` writes today's report beside the
//! database and says where, `E` exports the whole current list (not only the visible rows),
//! `I` previews a roster file and imports it on a second Enter.

use crate::support::ui::{press, screen};

use frontline::app::Action;
use frontline::console::Console;
use frontline::demo::{DemoSpec, generate};
use frontline::i18n::Lang;
use frontline::store::{Store, StoreConfig};

/// 2021-06-10T08:00:00+08:00
const NOW: i64 = 1_623_283_200;

fn fixed_now() -> i64 {
    NOW
}

fn console(lang: Lang) -> (tempfile::TempDir, Console) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ui.db");
    let spec = DemoSpec {
        people: 200,
        days: 14,
        seed: 3,
        now: NOW,
    };
    generate(&path, &spec, &StoreConfig::default()).unwrap();
    let store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    let mut c = Console::new(store, lang, "snap".into(), (120, 40)).unwrap();
    c.clock = fixed_now;
    c.app.frozen = false;
    c.handle(Action::Tick(NOW)).unwrap();
    c.refresh().unwrap();
    (dir, c)
}

#[test]
fn d_writes_the_daily_report_and_the_footer_says_where() {
    let (_dir, mut c) = console(Lang::Zh);
    press(&mut c, "D");
    let xlsx = crate::support::ui::files(&c).join("reports/日报-2021-06-10.xlsx");
    let md = crate::support::ui::files(&c).join("reports/日报-2021-06-10.md");
    assert!(xlsx.exists(), "no {}", xlsx.display());
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.starts_with("# 日报 2021-06-10\n"));
    assert!(text.contains("## 志愿时\n"));
    let s = screen(&c);
    let footer = s
        .lines()
        .find(|l| l.contains("日报已写入"))
        .unwrap_or_else(|| panic!("no footer message in\n{s}"));
    assert!(
        footer.contains(
            &crate::support::ui::files(&c)
                .join("reports")
                .display()
                .to_string()
        ),
        "{footer}"
    );
}

#[test]
fn e_exports_every_row_of_the_current_list_not_only_the_visible_ones() {
    let (_dir, mut c) = console(Lang::En);
    // The audit screen: more rows than fit once a few actions are recorded.
    for _ in 0..3 {
        press(&mut c, "D");
    }
    press(&mut c, "P");
    press(&mut c, "E");
    let files: Vec<_> = std::fs::read_dir(crate::support::ui::files(&c).join("exports"))
        .unwrap()
        .map(|f| f.unwrap().path())
        .collect();
    let csv = files
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .expect("a CSV beside the XLSX");
    assert!(
        files
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "xlsx"))
    );
    let text = std::fs::read_to_string(csv).unwrap();
    let items: i64 = c
        .store
        .supplies(NOW, &frontline::store::queries::Window::all())
        .unwrap()
        .total as i64;
    assert_eq!(text.lines().count() as i64, items + 1, "{text}");
    assert!(text.lines().next().unwrap().contains("code"));
    let s = screen(&c);
    assert!(s.contains("exported to"), "{s}");
    // On duty at home: the whole panel, though only a page of it is on screen.
    press(&mut c, "H");
    let on_duty = c.app.home.counts.on_duty;
    assert!(on_duty > c.app.home.on_duty.rows.len(), "the panel scrolls");
    std::fs::remove_dir_all(crate::support::ui::files(&c).join("exports")).unwrap();
    press(&mut c, "E");
    let csv = std::fs::read_dir(crate::support::ui::files(&c).join("exports"))
        .unwrap()
        .map(|f| f.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .unwrap();
    let text = std::fs::read_to_string(csv).unwrap();
    assert_eq!(text.lines().count(), on_duty + 1);
    // Columns in the row's own order; times as local date and time.
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("id,name,staff_code,category,post_id,post,since")
    );
    let since = lines
        .next()
        .unwrap()
        .rsplit(',')
        .next()
        .unwrap()
        .to_string();
    assert!(since.starts_with("2021-06-"), "{since}");
}

#[test]
fn i_previews_a_roster_then_enter_imports_it() {
    let (dir, mut c) = console(Lang::En);
    let f = dir.path().join("r.csv");
    std::fs::write(
        &f,
        "姓名,工号,类别,社区\n林晓,GZ1001,医务人员,白鹤洞东社区\n陈明,GZ1002,志愿者,\n",
    )
    .unwrap();
    press(&mut c, "I");
    press(&mut c, &format!("{}\n", f.display()));
    let s = screen(&c);
    assert!(
        s.contains("Enter imports: 2 new · 0 updated · 0 unchanged"),
        "{s}"
    );
    let count = |c: &Console| -> i64 {
        crate::support::ui::other_connection(c)
            .query_row(
                "SELECT count(*) FROM people WHERE staff_code LIKE 'GZ%'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(count(&c), 0, "the preview writes nothing");
    press(&mut c, "\n");
    assert_eq!(count(&c), 2);
    let s = screen(&c);
    assert!(
        s.contains("roster imported: 2 new, 0 updated, 0 unchanged"),
        "{s}"
    );
}

#[test]
fn i_shows_bad_rows_and_does_not_import() {
    let (dir, mut c) = console(Lang::En);
    let f = dir.path().join("bad.csv");
    std::fs::write(&f, "name,staff_code,category\nA,Z1,astronaut\n").unwrap();
    press(&mut c, "I");
    press(&mut c, &format!("{}\n", f.display()));
    let s = screen(&c);
    assert!(s.contains("line 2: category: unknown"), "{s}");
    press(&mut c, "\n");
    let n: i64 = crate::support::ui::other_connection(&c)
        .query_row(
            "SELECT count(*) FROM people WHERE staff_code = 'Z1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
}

/// `I` on a 5 KB XLSX with one cell at XFD1048576 says it is too
/// large (it killed the console); `D`'s report is private, also in an existing open folder.
#[test]
fn i_refuses_a_far_cell_xlsx_and_d_writes_private_files() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, mut c) = console(Lang::En);
    let f = dir.path().join("far.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "name").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save(&f).unwrap();
    press(&mut c, "I");
    press(&mut c, &format!("{}\n", f.display()));
    let s = screen(&c);
    assert!(s.contains("too large for a roster"), "{s}");
    press(&mut c, "\u{1b}");
    let reports = crate::support::ui::files(&c).join("reports");
    std::fs::create_dir(&reports).unwrap();
    std::fs::set_permissions(&reports, std::fs::Permissions::from_mode(0o755)).unwrap();
    press(&mut c, "D");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&reports), 0o700);
    assert_eq!(mode(&reports.join("daily-2021-06-10.xlsx")), 0o600);
    assert_eq!(mode(&reports.join("daily-2021-06-10.md")), 0o600);
}

/// Off the test switch, `D` runs as a job on a thread of its own: the footer's gauge says what
/// it does while the screen keeps taking keys, and its result comes back through `update`.
#[test]
fn a_spawned_job_shows_its_gauge_and_its_result_arrives_through_update() {
    let (_dir, mut c) = console(Lang::Zh);
    c.jobs.inline = false;
    press(&mut c, "D");
    assert_eq!(c.jobs.busy(), 1, "D did not start a job");
    let s = screen(&c);
    assert!(s.contains("⟳ 日报 · Esc 取消"), "no gauge in\n{s}");
    // Keys still work while it runs: Tab moves the focus to the next panel.
    let before = c.app.focus;
    press(&mut c, "\t");
    assert_ne!(c.app.focus, before, "a key was not taken while the job ran");
    let start = std::time::Instant::now();
    while c.jobs.busy() > 0 {
        assert!(start.elapsed().as_secs() < 60, "the job never finished");
        c.pump_jobs().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let s = screen(&c);
    assert!(!s.contains("⟳"), "the gauge stayed after the job:\n{s}");
    assert!(s.contains("日报已写入"), "no result in the footer:\n{s}");
    assert!(
        crate::support::ui::files(&c)
            .join("reports/日报-2021-06-10.xlsx")
            .exists()
    );
}

/// The gauge counts rows with grouped digits, and `Esc` cancels the job instead of leaving
/// the screen.
#[test]
fn the_gauge_counts_rows_and_esc_cancels_the_job() {
    let (_dir, mut c) = console(Lang::Zh);
    c.app.job = Some(frontline::app::paperwork::JobGauge {
        what: frontline::key!("job.import"),
        done: 4_200,
        total: 20_200,
    });
    let s = screen(&c);
    assert!(s.contains("⟳ 导入 4 200/20 200 · Esc 取消"), "{s}");

    c.jobs.inline = false;
    press(&mut c, "E");
    assert_eq!(c.jobs.busy(), 1, "E did not start a job");
    press(&mut c, "\x1b");
    let s = screen(&c);
    assert!(s.contains("⟳ 已取消"), "Esc did not cancel the job:\n{s}");
    let start = std::time::Instant::now();
    while c.jobs.busy() > 0 {
        assert!(start.elapsed().as_secs() < 60, "the job never finished");
        c.pump_jobs().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Whether Esc came before the file was written races the job; that a cancel writes
    // nothing is shown deterministically below, on a job held at its start.
    assert!(c.app.job.is_none(), "the gauge stays after the job");
}

/// A demo database whose breaches were counted under the built-in rules, opened by a console
/// whose rules allow six hours on duty (the recount due, not run).
fn under_tighter_rules(lang: Lang) -> (tempfile::TempDir, std::path::PathBuf, Console) {
    use frontline::domain::rules::RestRules;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ui.db");
    let spec = DemoSpec {
        people: 200,
        days: 14,
        seed: 3,
        now: NOW,
    };
    generate(&path, &spec, &StoreConfig::default()).unwrap();
    let tighter = StoreConfig {
        rules: RestRules {
            max_continuous_hours: 6.0,
            ..RestRules::default()
        },
        ..StoreConfig::default()
    };
    // On PostgreSQL the file is copied into a server database first (under the built-in rules,
    // so nothing is recounted), and that database is opened under the tighter ones.
    let source = crate::support::db::open(&path, StoreConfig::default())
        .unwrap()
        .source()
        .to_path_buf();
    let store = Store::open_deferring_recount(&source, tighter).unwrap();
    let mut c = Console::new(store, lang, "snap".into(), (120, 40)).unwrap();
    c.clock = fixed_now;
    (dir, path, c)
}

/// A running job (the rules recount, held at its start by another desk's write) is cancelled
/// by `Esc`: the gauge says so at once, and once it can go on it stops, writes nothing, and the
/// footer says the breaches still follow the old rules.
#[test]
fn esc_cancels_a_running_job_and_it_writes_nothing() {
    let (_dir, _path, mut c) = under_tighter_rules(Lang::Zh);
    c.jobs.inline = false;
    let before = crate::support::db::dump_store(&c.store);
    let mut desk = crate::support::ui::other_connection(&c);
    let held = desk
        .transaction_with_behavior(frontline::store::db::TransactionBehavior::Immediate)
        .unwrap();
    assert!(c.start_rules_recount().is_none(), "not inline");
    assert_eq!(c.jobs.busy(), 1);
    press(&mut c, "\x1b");
    let s = screen(&c);
    assert!(s.contains("⟳ 已取消"), "Esc did not cancel the job:\n{s}");
    held.commit().unwrap();
    let start = std::time::Instant::now();
    while c.jobs.busy() > 0 {
        assert!(start.elapsed().as_secs() < 60, "the job never finished");
        c.pump_jobs().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(c.app.status.error, "{}", c.app.status.text);
    assert_eq!(
        c.app.status.text,
        "已取消重算：超时仍按旧规则计算，下次启动时再算"
    );
    assert_eq!(
        before,
        crate::support::db::dump_store(&c.store),
        "a cancelled job wrote"
    );
    assert!(c.store.rules_recount_due().unwrap());
}

/// Rest rules changed since the breaches were computed: the console opens without waiting for
/// the recount, runs it as a job, and says so in the footer; the Overdue count then follows
/// the new rules.
#[test]
fn a_rules_change_is_recounted_as_a_job_and_the_footer_says_how_many() {
    let (_dir, _path, mut c) = under_tighter_rules(Lang::En);
    c.app.frozen = false;
    c.handle(Action::Tick(NOW)).unwrap();
    c.refresh().unwrap();
    let before = c.app.home.counts.overdue;
    let done = c.start_rules_recount().expect("a recount was due");
    c.handle(done).unwrap();
    c.refresh().unwrap();
    let s = screen(&c);
    let running = c.app.home.counts.on_duty;
    assert!(
        s.contains(&format!(
            "rest rules changed: breaches of {running} running shifts recounted"
        )),
        "{s}"
    );
    assert!(
        c.app.home.counts.overdue > before,
        "{before} → {}",
        c.app.home.counts.overdue
    );
    assert!(c.start_rules_recount().is_none(), "not due twice");
}
