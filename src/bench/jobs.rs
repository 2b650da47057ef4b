//! `frontline bench`: no freeze while a job runs. The console's frame loop (finished jobs
//! handled, a re-read when another connection committed, the footer gauge, one frame on a
//! `TestBackend` every 16 ms) runs while each job works off it on a thread of its own; the
//! figure is the longest gap between two frames (target < 100 ms).

use crate::app::Action;
use crate::app::paperwork::PaperEffect;
use crate::console::Console;
use crate::domain::Ts;
use crate::files::Existing;
use crate::i18n::Lang;
use crate::store::commands::Command;
use crate::store::{Store, StoreConfig};
use anyhow::{Result, ensure};
use ratatui::{Terminal, backend::TestBackend};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

const FRAME: Duration = Duration::from_millis(16);

/// The longest gap between two frames, in ms, per job: `import_roster` (preview and apply of
/// a file of `rows` new people: the bench passes its people count, 100 000 at city size),
/// `export_shifts`, `daily_report`, `backup`. The database at `db` is a working copy: the
/// import's rows are written to it. Files go to a folder of their own, removed after.
pub fn frame_gaps(
    db: &Path,
    rows: usize,
    now: Ts,
    cfg: &StoreConfig,
) -> Result<BTreeMap<String, f64>> {
    let store = Store::open(db, cfg.clone())?;
    let mut c = Console::new(store, Lang::Zh, "bench".into(), (160, 48))?;
    c.app.now = now;
    c.jobs.inline = false;
    c.refresh()?;
    let mut term = Terminal::new(TestBackend::new(160, 48))?;
    let dir = c
        .store
        .path()
        .parent()
        .unwrap_or(Path::new("."))
        .join("bench-jobs");
    crate::files::own_dir(&dir)?;
    let mut out = BTreeMap::new();

    let file = dir.join("roster.csv");
    roster_file(&c.store, &file, rows)?;
    let path = file.display().to_string();
    let preview = gap(&mut c, &mut term, crate::key!("job.preview"), move |c| {
        Some(Action::Paper(c.paper(PaperEffect::PreviewImport(path))))
    })?;
    let good = c
        .app
        .paper
        .previewed
        .clone()
        .map(|p| p.1)
        .unwrap_or_default();
    ensure!(
        good.len() == rows,
        "the benchmark's roster preview refused the file: {}",
        c.app.status.text
    );
    let apply = gap(&mut c, &mut term, crate::key!("job.import"), move |c| {
        let cmd = Command::ImportRoster {
            rows: good,
            skipped: 0,
        };
        Some(Action::Done(c.execute(&cmd)))
    })?;
    ensure!(!c.app.status.error, "import refused: {}", c.app.status.text);
    out.insert("import_roster".into(), preview.max(apply));

    // CSV: at city size the shifts table has more rows than a sheet of XLSX can hold.
    let csv = dir.join("shifts.csv");
    let export = gap(&mut c, &mut term, crate::key!("job.export"), move |c| {
        let r = crate::export::table_to(
            &c.store,
            "shifts",
            crate::export::ExportFormat::Csv,
            Some(&csv),
            Existing::Replace,
        );
        r.err().map(|e| Action::Done(Err(e.into())))
    })?;
    ensure!(!c.app.status.error, "export: {}", c.app.status.text);
    out.insert("export_shifts".into(), export);

    // The console's `D`, written into the bench's folder rather than beside the database.
    let report = dir.join("daily.xlsx");
    let report_gap = gap(&mut c, &mut term, crate::key!("job.report"), move |c| {
        let (now, lang) = (c.app.now, c.app.lang);
        let r = crate::report::daily(&c.store, lang, now, now).and_then(|r| {
            r.xlsx(&report, Existing::Replace)?;
            let md = report.with_extension("md");
            crate::files::write_private(&md, r.markdown().as_bytes(), Existing::Replace)
        });
        r.err().map(|e| Action::Done(Err(e.into())))
    })?;
    out.insert("daily_report".into(), report_gap);
    ensure!(!c.app.status.error, "report: {}", c.app.status.text);

    let backup = dir.join("backup.db");
    out.insert(
        "backup".into(),
        gap(&mut c, &mut term, crate::key!("job.backup"), move |c| {
            c.store
                .backup_to(&backup)
                .err()
                .map(|e| Action::Done(Err(e.into())))
        })?,
    );
    ensure!(!c.app.status.error, "{}", c.app.status.text);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(out)
}

/// Run `work` as a job doing `what` and the console's frame loop until it has finished; the longest gap
/// between two frames in ms.
fn gap(
    c: &mut Console,
    term: &mut Terminal<TestBackend>,
    what: crate::i18n::Key,
    work: impl FnOnce(&mut Console) -> Option<Action> + Send + 'static,
) -> Result<f64> {
    let first = c.start_job(what, work);
    ensure!(first.is_none(), "the job ran inline");
    let mut last = Instant::now();
    let mut longest = Duration::ZERO;
    loop {
        c.pump_jobs()?;
        // As the loop's change watch: another connection (the job's) committed.
        if c.store.data_version()? != c.seen_version() {
            c.refresh()?;
        }
        c.sync_gauge();
        term.draw(|f| crate::ui::render(f, &c.app))?;
        longest = longest.max(last.elapsed());
        last = Instant::now();
        if c.jobs.busy() == 0 {
            break;
        }
        std::thread::sleep(FRAME);
    }
    Ok(longest.as_secs_f64() * 1000.0)
}

/// `rows` new people in the importer's format, in the first community.
fn roster_file(store: &Store, file: &Path, rows: usize) -> Result<()> {
    use std::fmt::Write;
    let community = store
        .community_names()?
        .into_iter()
        .min()
        .unwrap_or_default();
    let mut csv = String::from("姓名,工号,类别,单位,社区,政治面貌,电话,备注\n");
    for i in 0..rows {
        writeln!(
            csv,
            "导入{i},BJ{i:06},医务人员,测试医院,{community},群众,138{i:08},"
        )?;
    }
    std::fs::write(file, csv)?;
    Ok(())
}

pub fn text(gaps: &BTreeMap<String, f64>, import_rows: usize) -> String {
    let mut s = String::from("\nlongest gap between frames while a job runs (target < 100 ms):");
    for (job, ms) in gaps {
        s += &format!("\n  {job:<16} {ms:8.1} ms");
        if job == "import_roster" {
            s += &format!("   ({import_rows} new people)");
        }
    }
    s
}
