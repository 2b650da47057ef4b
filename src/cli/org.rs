//! Going live: `frontline init` and `frontline do org …` (streets, communities,
//! posts, depots and items through the one executor).

use super::{Env, Global, say, warn};
use crate::i18n::Lang;
use crate::settings::paths;
use crate::store::Store;
use anyhow::Result;
use std::process::ExitCode;

/// `frontline init [--db PATH]`: a new, empty Frontline database on purpose. An existing path
/// (a database, another file, a dangling link) is refused and left untouched.
pub(super) fn init(g: &Global, env: &Env) -> Result<ExitCode> {
    if g.demo {
        warn(
            "error: `init` makes an empty database for a real post; the demo database is made by `frontline --demo` or `frontline demo --db PATH`",
        );
        return Ok(ExitCode::FAILURE);
    }
    let path = paths::db_path(g.db.as_deref(), false)?;
    let server = crate::store::server::is_server(&path);
    if server && crate::store::server::is_set_up(&path.to_string_lossy())? {
        warn(&format!(
            "error: {} already holds a Frontline database; `init` only creates a new one (nothing was changed)",
            crate::store::server::Address::parse(&path.to_string_lossy())?
        ));
        return Ok(ExitCode::FAILURE);
    }
    if !server && std::fs::symlink_metadata(&path).is_ok() {
        warn(&format!(
            "error: {} already exists; `init` only creates a new database (nothing was changed)",
            path.display()
        ));
        return Ok(ExitCode::FAILURE);
    }
    let store = Store::open(&path, env.store_cfg.clone())?;
    let (items, depots) = store.catalogue_counts()?;
    say(crate::i18n::notes::created(env.lang, &path, items, depots));
    Ok(ExitCode::SUCCESS)
}

use crate::store::commands::{Command, OrgCommand, OrgFields, OrgKind};
use clap::{Args, Subcommand};

/// `frontline do org KIND add|edit|close …`.
#[derive(Subcommand, Debug)]
pub enum OrgCmd {
    /// Streets (街道).
    #[command(subcommand)]
    Street(OrgOp),
    /// Communities (社区), each in a street.
    #[command(subcommand)]
    Community(OrgOp),
    /// Posts (点位): kind, community, headcount per shift, shift pattern.
    #[command(subcommand)]
    Post(OrgOp),
    /// Depots (仓库): the command-post store, or a post's cabinet.
    #[command(subcommand)]
    Depot(OrgOp),
    /// Supply items (物资): code, names, unit, reorder level.
    #[command(subcommand)]
    Item(OrgOp),
    /// The medics following up each community (`do medic` by another name: the same command,
    /// the same audit row).
    #[command(subcommand)]
    Medic(MedicOp),
}

/// `frontline do org medic add|end`.
#[derive(Subcommand, Debug)]
pub enum MedicOp {
    /// A medical worker follows up a community.
    Add(MedicOpArgs),
    /// They no longer do.
    End(MedicOpArgs),
}

#[derive(Args, Debug)]
pub struct MedicOpArgs {
    /// The medical worker: name, staff code, phone tail or #id.
    #[arg(long)]
    pub person: String,
    /// The community: name, pinyin initials or #id.
    #[arg(long)]
    pub community: String,
}

impl MedicOp {
    /// The same arguments as `do medic` (`--end` for `end`).
    pub(super) fn into_medic(self) -> super::care::MedicArgs {
        match self {
            MedicOp::Add(a) => super::care::MedicArgs::new(a.person, a.community, false),
            MedicOp::End(a) => super::care::MedicArgs::new(a.person, a.community, true),
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum OrgOp {
    /// Add one.
    Add(OrgArgs),
    /// Change what is given. TARGET: a name, `parent/name`, `#id` (items: their code).
    Edit {
        target: String,
        #[command(flatten)]
        args: OrgArgs,
    },
    /// Close (never deleted: its history stays). A closed post takes no new shifts; closing a
    /// post with people on duty is refused, naming them; its planned shifts are cancelled.
    Close { target: String },
}

#[derive(Args, Debug, Default)]
pub struct OrgArgs {
    /// The name (an item's Chinese name).
    #[arg(long)]
    pub name: Option<String>,
    /// A community's street (name or #id).
    #[arg(long)]
    pub street: Option<String>,
    /// A post's community (name, street/name or #id).
    #[arg(long)]
    pub community: Option<String>,
    /// A depot's post (name, community/name or #id); empty = a command-post store.
    #[arg(long)]
    pub post: Option<String>,
    /// A post's kind: sampling|checkpoint|sealed|command|other (核酸采样点|卡口|封控区|指挥部|其他).
    #[arg(long)]
    pub kind: Option<String>,
    /// A post's required people per shift (at least 1).
    #[arg(long, allow_negative_numbers = true)]
    pub headcount: Option<String>,
    /// A post's shift pattern: 08:00-16:00,16:00-24:00,00:00-08:00 or 2x12.
    #[arg(long)]
    pub shifts: Option<String>,
    /// An item's code.
    #[arg(long)]
    pub code: Option<String>,
    /// An item's English name (default: its name).
    #[arg(long)]
    pub name_en: Option<String>,
    /// An item's unit (只, 套, …).
    #[arg(long)]
    pub unit: Option<String>,
    /// An item's English unit (default: its unit).
    #[arg(long)]
    pub unit_en: Option<String>,
    /// An item's reorder level (at least 0).
    #[arg(long, allow_negative_numbers = true)]
    pub reorder: Option<String>,
}

/// The command a `do org …` line asks for; a flag that does not belong to the kind is refused.
pub(super) fn build(c: OrgCmd) -> Result<Command, String> {
    let (kind, op) = match c {
        OrgCmd::Street(o) => (OrgKind::Street, o),
        OrgCmd::Community(o) => (OrgKind::Community, o),
        OrgCmd::Post(o) => (OrgKind::Post, o),
        OrgCmd::Depot(o) => (OrgKind::Depot, o),
        OrgCmd::Item(o) => (OrgKind::Item, o),
        // Rewritten to `do medic` before building (`actions::run`); built the same way here.
        OrgCmd::Medic(m) => {
            return super::care::build(
                super::care::CareDo::Medic(m.into_medic()),
                0,
                chrono_tz::UTC,
            );
        }
    };
    let fields = |a: OrgArgs| -> Result<OrgFields, String> {
        let allowed: &[&str] = match kind {
            OrgKind::Street => &["name"],
            OrgKind::Community => &["name", "street"],
            OrgKind::Post => &["name", "community", "kind", "headcount", "shifts"],
            OrgKind::Depot => &["name", "post"],
            OrgKind::Item => &["name", "code", "name-en", "unit", "unit-en", "reorder"],
        };
        let given = [
            ("name", a.name.is_some()),
            ("street", a.street.is_some()),
            ("community", a.community.is_some()),
            ("post", a.post.is_some()),
            ("kind", a.kind.is_some()),
            ("headcount", a.headcount.is_some()),
            ("shifts", a.shifts.is_some()),
            ("code", a.code.is_some()),
            ("name-en", a.name_en.is_some()),
            ("unit", a.unit.is_some()),
            ("unit-en", a.unit_en.is_some()),
            ("reorder", a.reorder.is_some()),
        ];
        if let Some((f, _)) = given.iter().find(|(f, g)| *g && !allowed.contains(f)) {
            return Err(format!(
                "--{f} does not apply to a {} (flags: --{})",
                kind.as_str(),
                allowed.join(", --")
            ));
        }
        Ok(OrgFields {
            name: a.name,
            parent: a.street.or(a.community).or(a.post),
            kind: a.kind,
            headcount: a.headcount,
            pattern: a.shifts,
            code: a.code,
            name_en: a.name_en,
            unit: a.unit,
            unit_en: a.unit_en,
            reorder: a.reorder,
        })
    };
    Ok(Command::Org(match op {
        OrgOp::Add(a) => OrgCommand::Add {
            kind,
            fields: fields(a)?,
        },
        OrgOp::Edit { target, args } => OrgCommand::Edit {
            kind,
            target,
            fields: fields(args)?,
        },
        OrgOp::Close { target } => OrgCommand::Close { kind, target },
    }))
}

/// `frontline import org FILE…`: every row checked first; nothing written while any row is
/// bad unless `--skip-invalid`; `--dry-run` runs the import in a transaction rolled back.
pub(super) fn import_org(
    files: &[std::path::PathBuf],
    skip_invalid: bool,
    dry_run: bool,
    g: &Global,
    env: &Env,
) -> Result<ExitCode> {
    use crate::import::org::{self as io, OrgFileError};
    use crate::store::commands::Ctx;
    let lang = env.lang;
    let fail = |m: String| {
        warn(&format!("error: {m}"));
        Ok(ExitCode::FAILURE)
    };
    let mut store = super::open_existing(g, env)?;
    super::init_logging(store.path());
    let file_error = |e: OrgFileError| match e {
        OrgFileError::File(f, e) => format!("{f}: {}", crate::i18n::import::file_error(lang, &e)),
        OrgFileError::UnknownSheet(s) => crate::i18n::notes::org_unknown_sheet(lang, &s),
        OrgFileError::MissingColumns(s, c) => crate::i18n::notes::org_missing_columns(lang, &s, &c),
        OrgFileError::NoSheets => crate::i18n::notes::org_no_sheets(lang),
    };
    let sheets = match io::read_files(files) {
        Ok(s) => s,
        Err(e) => return fail(file_error(e)),
    };
    let (good, errors) = match io::validate(&sheets, &store.org_known()?) {
        Ok(v) => v,
        Err(e) => return fail(file_error(e)),
    };
    for e in errors.iter().take(super::import::MAX_ERROR_LINES) {
        warn(&crate::i18n::notes::org_line(
            lang,
            &e.sheet,
            e.line,
            &e.field,
            &e.problem,
            &e.problem_zh,
        ));
    }
    if errors.len() > super::import::MAX_ERROR_LINES {
        let more = errors.len() - super::import::MAX_ERROR_LINES;
        warn(&crate::i18n::notes::more_errors(lang, more));
    }
    let bad_rows = errors
        .iter()
        .map(|e| (e.sheet.clone(), e.line))
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if bad_rows > 0 && !skip_invalid && !dry_run {
        return fail(crate::i18n::notes::bad_rows(
            lang,
            bad_rows,
            good.rows.len(),
        ));
    }
    let tz = store.cfg.tz;
    let cmd = Command::Org(OrgCommand::Import {
        rows: good,
        skipped: bad_rows,
    });
    let ctx = Ctx {
        operator: env.operator.clone(),
        now: crate::clock::now(),
    };
    let result = if dry_run {
        store.trial(&cmd, &ctx)
    } else {
        store.execute(&cmd, &ctx)
    };
    match result {
        Ok(crate::store::commands::Outcome::Org(
            crate::store::commands::OrgOutcome::Imported { counts, skipped },
        )) if dry_run => {
            say(crate::i18n::org::imported(lang, &counts, skipped, true));
            Ok(if bad_rows > 0 && !skip_invalid {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Ok(o) => {
            say(crate::i18n::outcome(lang, &o, tz));
            Ok(ExitCode::SUCCESS)
        }
        Err(r) => fail(crate::i18n::refusal(lang, &r, tz)),
    }
}

/// `frontline import template org|roster --out FILE.xlsx`.
pub(super) fn template(
    what: &str,
    out: &std::path::Path,
    force: bool,
    env: &Env,
) -> Result<ExitCode> {
    let bytes = match what {
        "org" => crate::import::template::org_template(),
        _ => crate::import::template::roster_template(),
    }
    .map_err(|e| anyhow::anyhow!("cannot build the template: {e}"))?;
    crate::files::write_private(out, &bytes, crate::files::Existing::force(force))?;
    say(crate::i18n::notes::template_written(env.lang, out));
    Ok(ExitCode::SUCCESS)
}

/// `frontline posts [--json] [--all]`: the posts a check-in or a plan may name.
pub(super) fn posts(store: &Store, json: bool, all: bool, lang: Lang) -> Result<ExitCode> {
    let rows: Vec<_> = store
        .org_posts()?
        .into_iter()
        .filter(|p| all || !p.closed)
        .collect();
    if json {
        say(serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    for p in rows {
        let kind = crate::i18n::notes::post_kind(lang, &p.kind);
        say(format!(
            "#{:<4} {}  {}  {kind}  {}{}  {}{}",
            p.id,
            p.name,
            p.community,
            p.required,
            crate::i18n::notes::per_shift(lang),
            p.pattern,
            if p.closed {
                crate::i18n::notes::post_closed(lang)
            } else {
                ""
            }
        ));
    }
    Ok(ExitCode::SUCCESS)
}
