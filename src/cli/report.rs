//! `frontline report daily`, `frontline hours`, `frontline export TABLE`.

use super::{Env, Global, open_read, say};
use crate::clock;
use crate::domain::time::{local_day, parse_day};
use crate::report::{self, Format};
use anyhow::{Result, anyhow, bail};
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum ReportCmd {
    /// The daily report (日报): headcount, gaps, rest, health, cases, care, stock, requests,
    /// volunteer hours. md and csv go to stdout without --out; xlsx needs --out.
    Daily {
        /// YYYY-MM-DD or MM-DD (default today).
        #[arg(long)]
        date: Option<String>,
        #[arg(long, default_value = "md", value_name = "md|csv|xlsx")]
        format: String,
        /// The file (md and csv: default stdout). Created 0600; an existing file is replaced
        /// only with --force.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace --out if it exists.
        #[arg(long)]
        force: bool,
    },
}

fn write_or_print(text: &str, out: Option<&PathBuf>, force: bool) -> Result<()> {
    match out {
        Some(p) => {
            crate::files::write_private(p, text.as_bytes(), crate::files::Existing::force(force))?;
            say(format!("{}", p.display()));
        }
        None => {
            use std::io::Write;
            let _ = std::io::stdout()
                .lock()
                .write_all(crate::domain::text::terminal(text).as_bytes());
        }
    }
    Ok(())
}

/// `frontline handover`: the sheet of the shift since `since` (else the operator's last
/// sign-in, else anyone's, else 12 hours ago), now.
pub fn handover(
    since: Option<String>,
    format: &str,
    out: Option<PathBuf>,
    force: bool,
    g: &Global,
    env: &Env,
) -> Result<ExitCode> {
    use crate::report::handover as h;
    if !matches!(format, "md" | "xlsx" | "json") {
        bail!("--format must be md, xlsx or json, not '{format}'");
    }
    if format == "xlsx" && out.is_none() {
        bail!("--format xlsx writes a file: give it with --out FILE");
    }
    let store = open_read(g, env)?;
    let (now, tz) = (clock::now(), store.cfg.tz);
    let since = match since {
        Some(s) => crate::domain::time::parse_time(&s, now, tz).map_err(|e| anyhow!(e))?,
        None => store
            .last_sign_in(Some(&env.operator))?
            .map_or(now - 12 * 3600, |(at, _)| at),
    };
    if since > now {
        bail!("--since is in the future");
    }
    let sheet = store.handover(since, now)?;
    match format {
        "xlsx" => {
            let p = out.expect("checked above");
            h::xlsx(
                env.lang,
                tz,
                &sheet,
                &p,
                crate::files::Existing::force(force),
            )?;
            say(format!("{}", p.display()));
        }
        "json" => write_or_print(
            &(serde_json::to_string_pretty(&h::json(env.lang, tz, &sheet))? + "\n"),
            out.as_ref(),
            force,
        )?,
        _ => write_or_print(&h::md(env.lang, tz, &sheet), out.as_ref(), force)?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn report(cmd: ReportCmd, g: &Global, env: &Env) -> Result<ExitCode> {
    let ReportCmd::Daily {
        date,
        format,
        out,
        force,
    } = cmd;
    let fmt = Format::parse(&format)
        .ok_or_else(|| anyhow!("--format must be md, csv or xlsx, not '{format}'"))?;
    if fmt == Format::Xlsx && out.is_none() {
        bail!("--format xlsx writes a file: give it with --out FILE");
    }
    let store = open_read(g, env)?;
    let now = clock::now();
    let day = match date {
        Some(d) => parse_day(&d, now, store.cfg.tz).map_err(|e| anyhow!(e))?,
        None => now,
    };
    if day > now {
        bail!("--date is in the future");
    }
    let r = report::daily(&store, env.lang, day, now)?;
    match fmt {
        Format::Md => write_or_print(&r.markdown(), out.as_ref(), force)?,
        Format::Csv => write_or_print(&r.csv()?, out.as_ref(), force)?,
        Format::Xlsx => {
            let p = out.expect("checked above");
            r.xlsx(&p, crate::files::Existing::force(force))?;
            say(format!("{}", p.display()));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `frontline hours`: volunteer hours from actual shifts.
#[allow(clippy::too_many_arguments)]
pub fn hours(
    from: Option<String>,
    to: Option<String>,
    json: bool,
    export: Option<String>,
    (out, force): (Option<PathBuf>, bool),
    everyone: bool,
    g: &Global,
    env: &Env,
) -> Result<ExitCode> {
    let store = open_read(g, env)?;
    let now = clock::now();
    let tz = store.cfg.tz;
    let day = |s: &Option<String>, default: i64| -> Result<i64> {
        Ok(match s {
            Some(s) => local_day(parse_day(s, now, tz).map_err(|e| anyhow!(e))?, tz),
            None => default,
        })
    };
    let to_day = day(&to, local_day(now, tz))?;
    let from_day = day(&from, to_day - 29)?;
    if from_day > to_day {
        bail!("--from must not come after --to");
    }
    let days = report::hours_by_day(&store, from_day, to_day, now, everyone)?;
    if let Some(f) = export {
        if f != "csv" {
            bail!("--export takes csv (staff code, name, date, hours)");
        }
        let out = out.ok_or_else(|| anyhow!("--export csv needs --out FILE"))?;
        let mut w = csv::Writer::from_writer(vec![]);
        w.write_record(["staff_code", "name", "date", "hours"])?;
        for d in &days {
            use crate::domain::text::csv_cell;
            w.write_record([
                csv_cell(&d.staff_code).as_ref(),
                csv_cell(&d.name).as_ref(),
                &d.date,
                &format!("{:.2}", d.hours),
            ])?;
        }
        let bytes = w.into_inner().map_err(|e| anyhow!("{e}"))?;
        crate::files::write_private(&out, &bytes, crate::files::Existing::force(force))?;
        say(format!("{} ({} rows)", out.display(), days.len()));
        return Ok(ExitCode::SUCCESS);
    }
    let totals = report::hours_totals(&days);
    if json {
        say(serde_json::to_string_pretty(&serde_json::json!({
            "from": crate::domain::time::to_local(crate::domain::time::day_start(from_day, tz), tz).format("%Y-%m-%d").to_string(),
            "to": crate::domain::time::to_local(crate::domain::time::day_start(to_day, tz), tz).format("%Y-%m-%d").to_string(),
            "people": totals,
            "days": days,
        }))?);
    } else {
        let t = report::hours_table(&store, env.lang, from_day, to_day, now, everyone)?;
        say(t.headers.join("\t"));
        for r in t.rows {
            say(r.iter().map(|c| c.text()).collect::<Vec<_>>().join("\t"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `frontline export TABLE --format csv|xlsx|json [--out FILE]`.
pub fn export(
    table: &str,
    format: &str,
    (out, force): (Option<PathBuf>, bool),
    g: &Global,
    env: &Env,
) -> Result<ExitCode> {
    use crate::export::{self, ExportFormat};
    let fmt = ExportFormat::parse(format)
        .ok_or_else(|| anyhow!("--format must be csv, xlsx or json, not '{format}'"))?;
    if fmt == ExportFormat::Xlsx && out.is_none() {
        bail!("--format xlsx writes a file: give it with --out FILE");
    }
    let store = open_read(g, env)?;
    if table.trim() == "org" {
        return export_org(&store, fmt, (out, force));
    }
    match out {
        Some(p) => {
            let n = export::table_to(
                &store,
                table,
                fmt,
                Some(&p),
                crate::files::Existing::force(force),
            )?;
            say(format!("{} ({n} rows)", p.display()));
        }
        None => {
            export::table_to(&store, table, fmt, None, crate::files::Existing::Refuse)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `export org`: the organisation workbook (XLSX, one sheet per kind, as `import org` reads it)
/// or the same tables as JSON; CSV would be five files, so it is refused with what to use.
fn export_org(
    store: &crate::store::Store,
    fmt: crate::export::ExportFormat,
    (out, force): (Option<PathBuf>, bool),
) -> Result<ExitCode> {
    use crate::export::ExportFormat;
    let tables = crate::export::org_tables(store)?;
    let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
    match (fmt, out) {
        (ExportFormat::Csv, _) => {
            bail!(
                "the organisation is five sheets: export it with --format xlsx --out FILE (or json)"
            )
        }
        (ExportFormat::Xlsx, Some(p)) => {
            crate::report::render::xlsx(&tables, &p, crate::files::Existing::force(force))?;
            say(format!("{} ({rows} rows)", p.display()));
        }
        (_, out) => {
            let text = serde_json::to_string_pretty(&crate::report::render::json(&tables))? + "\n";
            write_or_print(&text, out.as_ref(), force)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
