//! Settings: the configuration file, and where files live (`paths`: data directory, database,
//! rules, zone, operator).
//!
//! The configuration file: one TOML file in the platform config directory (or `--config PATH`,
//! or `$FRONTLINE_CONFIG`) with the post's name, time zone, language, rules file, thresholds,
//! theme, mouse, bell and key bindings. A bad value is reported with file, line and field, and
//! nothing of the file is applied: every problem is collected, then the whole file is refused.

pub mod paths;
mod show;

use crate::app::keymap::{Keymap, Override};
use crate::app::theme::ThemeName;
use crate::domain::rules::RestRules;
use crate::i18n::Lang;
use anyhow::{Result, anyhow};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// What `frontline config init` writes: every setting, documented, at its default.
pub const TEMPLATE: &str = include_str!("../../assets/config.toml");

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Raw {
    database: Option<Spanned<String>>,
    password_file: Option<Spanned<String>>,
    post_name: Option<Spanned<String>>,
    time_zone: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
    rules: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    mouse: Option<bool>,
    bell: Option<bool>,
    #[serde(default)]
    thresholds: RawThresholds,
    #[serde(default)]
    keys: BTreeMap<String, Spanned<KeyVal>>,
    #[serde(default)]
    import: RawImport,
}

/// `[[import.health.form]]`: one form's kept column mappings, written as `--map` takes them
/// for the health imports. Keys stay ASCII so the file needs no quoting; the Chinese is in the values.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawImport {
    #[serde(default)]
    health: RawImportHealth,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawImportHealth {
    #[serde(default)]
    form: Vec<RawForm>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForm {
    name: Spanned<String>,
    #[serde(default)]
    map: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    low_stock_days: Option<Spanned<f64>>,
    warn_within_hours: Option<Spanned<f64>>,
    case_overdue_days: Option<Spanned<i64>>,
    test_interval_hours: Option<Spanned<i64>>,
    talk_interval_days: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum KeyVal {
    One(String),
    Many(Vec<String>),
}

/// Rule thresholds the config file may set over the rules file.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Thresholds {
    pub low_stock_days: Option<f64>,
    pub warn_within_hours: Option<f64>,
    pub case_overdue_days: Option<u32>,
    pub test_interval_hours: Option<u32>,
    pub talk_interval_days: Option<u32>,
}

impl Thresholds {
    pub fn apply(&self, r: &mut RestRules) {
        if let Some(v) = self.low_stock_days {
            r.low_stock_days = v;
        }
        if let Some(v) = self.warn_within_hours {
            r.warn_within_hours = v;
        }
        if let Some(v) = self.case_overdue_days {
            r.case_overdue_days = v;
        }
        if let Some(v) = self.test_interval_hours {
            r.test_interval_hours = v;
        }
        if let Some(v) = self.talk_interval_days {
            r.talk_interval_days = v;
        }
    }
}

/// The effective settings of the file (defaults where it says nothing or does not exist).
#[derive(Debug, Clone)]
pub struct Settings {
    pub path: PathBuf,
    pub exists: bool,
    /// The database when neither `--db` nor `$FRONTLINE_DB` names one: a file, or a server's
    /// `postgres://USER@HOST/DB` (no password: it comes from `~/.pgpass`).
    pub database: Option<PathBuf>,
    /// A file whose first line is the server password (resolved against the config file's
    /// directory); read at start by `store::db::pg::use_password_file`, never kept here.
    pub password_file: Option<PathBuf>,
    pub post_name: Option<String>,
    pub time_zone: Option<String>,
    pub language: Option<Lang>,
    /// A rules file (resolved against the config file's directory) or a preset's name.
    pub rules: Option<PathBuf>,
    pub theme: Option<ThemeName>,
    pub mouse: bool,
    pub bell: bool,
    pub thresholds: Thresholds,
    pub keys: Vec<Override>,
    pub keymap: Keymap,
    /// Column mappings per form (`[[import.health.form]]`), each as `COLUMN=HEADER`, the
    /// shape `--map` takes.
    pub import_forms: BTreeMap<String, Vec<String>>,
}

/// What the console and subcommands take from the config file and the flags.
#[derive(Debug, Clone)]
pub struct UiOptions {
    pub theme: ThemeName,
    pub mouse: bool,
    pub bell: bool,
    pub post_name: Option<String>,
    pub keymap: Keymap,
    /// Column mappings per form (`[[import.health.form]]`), for the console's import.
    pub import_forms: BTreeMap<String, Vec<String>>,
}

impl UiOptions {
    /// The config file's choices with the flags over them (`--theme`, `--no-mouse`).
    pub fn resolve(theme_flag: Option<&str>, no_mouse: bool, s: &Settings) -> Result<UiOptions> {
        let asked = match theme_flag {
            Some(t) => Some(ThemeName::parse(t).ok_or_else(|| {
                anyhow!("--theme must be default, high-contrast or monochrome, not '{t}'")
            })?),
            None => s.theme,
        };
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Ok(UiOptions {
            theme: ThemeName::choose(asked, no_color),
            mouse: s.mouse && !no_mouse,
            bell: s.bell,
            post_name: s.post_name.clone(),
            keymap: s.keymap.clone(),
            import_forms: s.import_forms.clone(),
        })
    }
}

/// Where the config file is: `--config`, else `$FRONTLINE_CONFIG`, else the platform config
/// directory's `config.toml`.
pub fn path(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("FRONTLINE_CONFIG").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    paths::project_dirs()
        .map(|d| d.config_dir().join("config.toml"))
        .ok_or_else(|| anyhow!("no home directory; pass --config PATH"))
}

/// Read the file at `path` (none there: the defaults).
pub fn load(path: &Path) -> Result<Settings> {
    if !path.exists() {
        return parse(path, "", false).map_err(|e| anyhow!(e));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow!("cannot read config file {}: {e}", path.display()))?;
    parse(path, &text, true).map_err(|e| anyhow!(e))
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

/// Parse and check the whole file; `Err` holds one line per problem,
/// `FILE:LINE: field: what is wrong`.
pub fn parse(path: &Path, text: &str, exists: bool) -> Result<Settings, String> {
    let file = path.display().to_string();
    let raw: Raw = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            let msg = e.message().trim().replace('\n', " ");
            return Err(format!("{file}:{line}: {msg}"));
        }
    };
    let mut problems: Vec<(usize, String, String)> = Vec::new();
    let at = |s: &std::ops::Range<usize>| line_of(text, s.start);
    let mut check =
        |v: &Option<Spanned<String>>, field: &str, ok: &dyn Fn(&str) -> Result<(), String>| {
            if let Some(v) = v
                && let Err(m) = ok(v.get_ref())
            {
                problems.push((at(&v.span()), field.to_string(), m));
            }
        };
    check(&raw.time_zone, "time_zone", &|s| {
        s.parse::<chrono_tz::Tz>()
            .map(|_| ())
            .map_err(|_| format!("unknown time zone '{s}' (e.g. Asia/Shanghai)"))
    });
    check(&raw.language, "language", &|s| {
        Lang::parse(s)
            .map(|_| ())
            .ok_or_else(|| format!("'{s}' is not zh or en"))
    });
    check(&raw.theme, "theme", &|s| {
        ThemeName::parse(s)
            .map(|_| ())
            .ok_or_else(|| format!("'{s}' is not default, high-contrast or monochrome"))
    });
    check(&raw.database, "database", &|s| {
        if s.trim().is_empty() || s.chars().count() > 400 || s.chars().any(char::is_control) {
            Err("must be a file path or postgres://USER@HOST/DB, 1 to 400 characters".into())
        } else if crate::store::server::has_password(s) {
            Err(crate::store::server::NO_PASSWORD_HERE.into())
        } else {
            Ok(())
        }
    });
    check(&raw.password_file, "password_file", &|s| {
        if s.trim().is_empty() || s.chars().count() > 400 || s.chars().any(char::is_control) {
            Err("must be a file path, 1 to 400 characters".into())
        } else {
            Ok(())
        }
    });
    check(&raw.post_name, "post_name", &|s| {
        if s.trim().is_empty() || s.chars().count() > 40 {
            Err("must be 1 to 40 characters".into())
        } else {
            Ok(())
        }
    });
    let t = &raw.thresholds;
    let pos_f = |v: &Option<Spanned<f64>>, f: &str, p: &mut Vec<(usize, String, String)>| {
        v.as_ref().and_then(|v| {
            let x = *v.get_ref();
            if x > 0.0 && x.is_finite() {
                Some(x)
            } else {
                p.push((
                    at(&v.span()),
                    format!("thresholds.{f}"),
                    format!("{x} is not above 0"),
                ));
                None
            }
        })
    };
    let pos_i = |v: &Option<Spanned<i64>>, f: &str, p: &mut Vec<(usize, String, String)>| {
        v.as_ref().and_then(|v| {
            let x = *v.get_ref();
            match u32::try_from(x) {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    p.push((
                        at(&v.span()),
                        format!("thresholds.{f}"),
                        format!("{x} is not a whole number above 0"),
                    ));
                    None
                }
            }
        })
    };
    let thresholds = Thresholds {
        low_stock_days: pos_f(&t.low_stock_days, "low_stock_days", &mut problems),
        warn_within_hours: pos_f(&t.warn_within_hours, "warn_within_hours", &mut problems),
        case_overdue_days: pos_i(&t.case_overdue_days, "case_overdue_days", &mut problems),
        test_interval_hours: pos_i(&t.test_interval_hours, "test_interval_hours", &mut problems),
        talk_interval_days: pos_i(&t.talk_interval_days, "talk_interval_days", &mut problems),
    };
    let keys: Vec<Override> = raw
        .keys
        .iter()
        .map(|(name, v)| Override {
            name: name.clone(),
            keys: match v.get_ref() {
                KeyVal::One(s) => vec![s.clone()],
                KeyVal::Many(v) => v.clone(),
            },
            line: at(&v.span()),
        })
        .collect();
    let keymap = match Keymap::with_overrides(&keys) {
        Ok(m) => Some(m),
        Err(ps) => {
            problems.extend(ps.into_iter().map(|p| (p.line, p.field, p.msg)));
            None
        }
    };
    let mut import_forms: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for form in &raw.import.health.form {
        let name = form.name.get_ref().trim();
        let line = at(&form.name.span());
        if name.is_empty() || name.chars().count() > 40 {
            let m = "must be 1 to 40 characters".to_string();
            problems.push((line, "import.health.form.name".into(), m));
            continue;
        }
        if import_forms.contains_key(name) {
            let m = format!("'{name}' is already a form above");
            problems.push((line, "import.health.form.name".into(), m));
            continue;
        }
        let mut maps = Vec::new();
        for m in &form.map {
            let v = m.get_ref();
            let field = format!("import.health.form.map ({name})");
            let bad = match v.split_once('=') {
                None => Some(format!("'{v}' is not COLUMN=HEADER (e.g. 体温=腋下温度)")),
                Some((to, _)) if crate::import::health::canonical(to).is_none() => Some(format!(
                    "'{}' is not a column (e.g. 体温, 姓名, 工号, 手机号, 提交时间, 采样时间, 检测结果)",
                    to.trim()
                )),
                Some((_, from)) if from.trim().is_empty() || from.contains('\n') => {
                    Some(format!("'{v}': the header must be one non-empty line"))
                }
                Some((to, from)) => {
                    maps.push(format!("{}={}", to.trim(), from.trim()));
                    None
                }
            };
            if let Some(msg) = bad {
                problems.push((at(&m.span()), field, msg));
            }
        }
        import_forms.insert(name.to_string(), maps);
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.0);
        return Err(problems
            .iter()
            .map(|(l, f, m)| format!("{file}:{l}: {f}: {m}"))
            .collect::<Vec<_>>()
            .join("\n"));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let s = |v: Option<Spanned<String>>| v.map(Spanned::into_inner);
    Ok(Settings {
        path: path.to_path_buf(),
        exists,
        database: s(raw.database).map(|d| {
            let p = PathBuf::from(d.trim());
            if p.is_relative() && !crate::store::server::is_server(&p) {
                dir.join(p)
            } else {
                p
            }
        }),
        password_file: s(raw.password_file).map(|f| dir.join(f.trim())),
        post_name: s(raw.post_name).map(|p| p.trim().to_string()),
        time_zone: s(raw.time_zone),
        language: s(raw.language).and_then(|l| Lang::parse(&l)),
        rules: s(raw.rules).map(|r| {
            let p = PathBuf::from(&r);
            let beside = dir.join(&p);
            // A preset's name stays a name; a relative file is read beside the config file.
            if p.is_relative() && (beside.exists() || r.contains(['/', '.'])) {
                beside
            } else {
                p
            }
        }),
        theme: s(raw.theme).and_then(|t| ThemeName::parse(&t)),
        mouse: raw.mouse.unwrap_or(true),
        bell: raw.bell.unwrap_or(true),
        thresholds,
        keys,
        keymap: keymap.unwrap_or_default(),
        import_forms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Settings, String> {
        parse(Path::new("/etc/fl.toml"), text, true)
    }

    #[test]
    fn the_template_parses_to_the_defaults() {
        let s = p(TEMPLATE).unwrap();
        assert!(s.mouse && s.bell);
        assert_eq!(s.theme, Some(ThemeName::Default));
        assert!(s.keys.is_empty());
        assert!(s.import_forms.is_empty());
        // The documented form example, uncommented, is a valid form.
        let t = TEMPLATE
            .replace("# [[import.health.form]]", "[[import.health.form]]")
            .replace("# name = \"问卷星\"", "name = \"问卷星\"")
            .replace("# map = [", "map = [");
        assert_eq!(p(&t).unwrap().import_forms["问卷星"].len(), 2);
    }

    #[test]
    fn values_are_read_and_keys_rebound() {
        let s = p("post_name = \"白鹤洞街指挥部\"\nlanguage = \"zh\"\ntheme = \"monochrome\"\nmouse = false\n[thresholds]\nlow_stock_days = 5\n[keys]\nforce_rest = \"F\"\ndown = [\"Down\", \"J\"]\n").unwrap();
        assert_eq!(s.post_name.as_deref(), Some("白鹤洞街指挥部"));
        assert_eq!(s.language.map(Lang::code), Some("zh"));
        assert!(!s.mouse);
        assert_eq!(s.thresholds.low_stock_days, Some(5.0));
        let b = s
            .keymap
            .bindings
            .iter()
            .find(|b| b.name == "force_rest")
            .unwrap();
        assert_eq!(b.label, "F");
    }

    #[test]
    fn every_bad_value_is_reported_with_file_line_and_field() {
        let err = p("language = \"fr\"\ntheme = \"pink\"\n[thresholds]\ntest_interval_hours = -4\n[keys]\nforce_rest = \"o\"\nfly = \"y\"\n").unwrap_err();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 5, "{err}");
        assert!(lines[0].starts_with("/etc/fl.toml:1: language:"), "{err}");
        assert!(lines[1].starts_with("/etc/fl.toml:2: theme:"), "{err}");
        assert!(
            lines[2].starts_with("/etc/fl.toml:4: thresholds.test_interval_hours:"),
            "{err}"
        );
        assert!(
            lines[3].starts_with("/etc/fl.toml:6: keys.force_rest: 'o' is already check_out"),
            "{err}"
        );
        assert!(
            lines[4].starts_with("/etc/fl.toml:7: keys.fly: unknown action"),
            "{err}"
        );
    }

    #[test]
    fn a_forms_column_mappings_are_kept_and_a_bad_one_names_its_line() {
        let s = p("[[import.health.form]]\nname = \"问卷星\"\nmap = [\"体温=腋下温度\", \"name = 人员姓名 \"]\n").unwrap();
        assert_eq!(
            s.import_forms["问卷星"],
            vec!["体温=腋下温度".to_string(), "name=人员姓名".to_string()]
        );
        let err = p("mouse = true\n[[import.health.form]]\nname = \"问卷星\"\nmap = [\n  \"体温=腋下温度\",\n  \"体重=kg\",\n  \"姓名=\",\n  \"姓名\",\n]\n[[import.health.form]]\nname = \"问卷星\"\n").unwrap_err();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 4, "{err}");
        assert!(
            lines[0].starts_with(
                "/etc/fl.toml:6: import.health.form.map (问卷星): '体重' is not a column"
            ),
            "{err}"
        );
        assert!(
            lines[1].starts_with(
                "/etc/fl.toml:7: import.health.form.map (问卷星): '姓名=': the header must be"
            ),
            "{err}"
        );
        assert!(
            lines[2].starts_with(
                "/etc/fl.toml:8: import.health.form.map (问卷星): '姓名' is not COLUMN=HEADER"
            ),
            "{err}"
        );
        assert!(
            lines[3].starts_with("/etc/fl.toml:11: import.health.form.name: '问卷星' is already"),
            "{err}"
        );
        let err = p("[[import.health.form]]\nname = \"问卷星\"\nmap = [36]\n").unwrap_err();
        assert!(err.starts_with("/etc/fl.toml:3:"), "{err}");
        let err = p("[[import.health.form]]\nname = \"问卷星\"\nmaps = []\n").unwrap_err();
        assert!(err.starts_with("/etc/fl.toml:3:"), "{err}");
    }

    #[test]
    fn a_password_file_is_a_path_beside_the_file_and_a_password_in_the_address_is_refused() {
        let s = p("password_file = \"db.password\"\n").unwrap();
        assert_eq!(s.password_file, Some(PathBuf::from("/etc/db.password")));
        let err = p("password_file = \"\"\n").unwrap_err();
        assert!(err.starts_with("/etc/fl.toml:1: password_file:"), "{err}");
        let err = p("database = \"postgres://d@h/db?password=hunter2\"\n").unwrap_err();
        assert!(
            err.contains("password_file") && !err.contains("hunter2"),
            "{err}"
        );
    }

    #[test]
    fn a_syntax_error_or_unknown_field_names_its_line() {
        let err = p("mouse = true\nmose = false\n").unwrap_err();
        assert!(
            err.starts_with("/etc/fl.toml:2: unknown field `mose`"),
            "{err}"
        );
        let err = p("mouse = true\nbell = \"loud\"\n").unwrap_err();
        assert!(err.starts_with("/etc/fl.toml:2:"), "{err}");
    }
}
