//! The config file from the command line: `config path|show|init`, a bad file refused whole
//! with file, line and field, settings reaching the program; completions, the man page and the
//! help's examples.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const NOW: &str = "2021-06-10T08:00:00+08:00";

struct Env {
    dir: TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("conf").join("frontline.toml")
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("x.db")
    }

    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("frontline").unwrap();
        c.env_clear()
            .env("HOME", self.dir.path())
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("LANG", "C")
            .env("FRONTLINE_NOW", NOW)
            .env("FRONTLINE_CONFIG", self.config())
            .current_dir(self.dir.path());
        c
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        self.cmd().args(args).output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    fn fails(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(!o.status.success(), "{args:?} should fail");
        String::from_utf8(o.stderr).unwrap()
    }

    fn write(&self, text: &str) {
        std::fs::create_dir_all(self.config().parent().unwrap()).unwrap();
        std::fs::write(self.config(), text).unwrap();
    }
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn path_follows_the_flag_then_the_environment_then_the_platform_directory() {
    let e = Env::new();
    assert_eq!(
        e.ok(&["config", "path"]).trim(),
        e.config().display().to_string()
    );
    assert_eq!(
        e.ok(&["--config", "/tmp/other.toml", "config", "path"])
            .trim(),
        "/tmp/other.toml"
    );
    let out = e
        .cmd()
        .env_remove("FRONTLINE_CONFIG")
        .args(["config", "path"])
        .output()
        .unwrap();
    let p = String::from_utf8(out.stdout).unwrap();
    assert!(
        p.trim().starts_with(&e.dir.path().display().to_string())
            && p.trim().ends_with("config.toml"),
        "{p}"
    );
}

#[test]
fn init_writes_documented_defaults_and_never_overwrites_without_force() {
    let e = Env::new();
    let out = e.ok(&["config", "init"]);
    assert!(out.contains("wrote"), "{out}");
    let text = read(&e.config());
    for field in [
        "post_name",
        "time_zone",
        "language",
        "rules",
        "theme",
        "mouse",
        "bell",
        "[thresholds]",
        "[keys]",
    ] {
        assert!(text.contains(field), "{field} is documented");
    }
    assert!(
        text.lines().filter(|l| l.starts_with('#')).count() > 20,
        "comments explain"
    );
    // A second init refuses and leaves the file alone.
    std::fs::write(e.config(), "theme = \"monochrome\"\n").unwrap();
    let err = e.fails(&["config", "init"]);
    assert!(err.contains("exists") && err.contains("--force"), "{err}");
    assert_eq!(read(&e.config()), "theme = \"monochrome\"\n");
    e.ok(&["config", "init", "--force"]);
    assert!(read(&e.config()).contains("[keys]"));
}

#[test]
fn show_prints_the_settings_in_force_with_flags_applied() {
    let e = Env::new();
    e.write("post_name = \"白鹤洞街指挥部\"\nlanguage = \"zh\"\ntheme = \"high-contrast\"\nbell = false\n[thresholds]\nlow_stock_days = 4.5\n[keys]\nforce_rest = \"F\"\n[[import.health.form]]\nname = \"问卷星\"\nmap = [\"体温=腋下温度\"]\n");
    let out = e.ok(&["config", "show"]);
    for want in [
        "post_name = \"白鹤洞街指挥部\"",
        "language = \"zh\"",
        "theme = \"high-contrast\"",
        "bell = false",
        "low_stock_days = 4.5",
        "force_rest = \"F\"",
        "check_out = \"o\"",
        "time_zone = \"Asia/Shanghai\"",
        "[[import.health.form]]\nname = \"问卷星\"\nmap = [\"体温=腋下温度\"]",
    ] {
        assert!(out.contains(want), "{want} in:\n{out}");
    }
    // What `show` prints is itself a config file that says the same.
    std::fs::write(e.dir.path().join("again.toml"), &out).unwrap();
    let again = e
        .cmd()
        .env("FRONTLINE_CONFIG", e.dir.path().join("again.toml"))
        .args(["config", "show"])
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let again = String::from_utf8(again.stdout).unwrap();
    assert_eq!(
        again
            .lines()
            .skip(1)
            .filter(|l| !l.contains("low_stock"))
            .count(),
        out.lines()
            .skip(1)
            .filter(|l| !l.contains("low_stock"))
            .count()
    );
    assert!(again.contains("force_rest = \"F\"") && again.contains("bell = false"));
    assert!(again.contains("map = [\"体温=腋下温度\"]"), "{again}");
    // Flags and NO_COLOR win over the file.
    let out = e.ok(&["--lang", "en", "--theme", "default", "config", "show"]);
    assert!(
        out.contains("language = \"en\"") && out.contains("theme = \"default\""),
        "{out}"
    );
    let out = e
        .cmd()
        .env("NO_COLOR", "1")
        .args(["config", "show"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("theme = \"monochrome\""));
}

#[test]
fn a_bad_file_is_refused_whole_naming_file_line_and_field() {
    let e = Env::new();
    e.ok(&[
        "--db",
        &e.db().display().to_string(),
        "demo",
        "--people",
        "50",
        "--days",
        "3",
    ]);
    e.write("language = \"zh\"\ntime_zone = \"Mars/Olympus\"\n[keys]\nforce_rest = \"o\"\nquit = \"ctrl-q\"\n");
    let db = e.db().display().to_string();
    let err = e.fails(&["--db", &db, "status"]);
    let file = e.config().display().to_string();
    // One line per problem, each `error: FILE:LINE: field: …`.
    assert_eq!(err.lines().count(), 3, "{err}");
    assert!(
        err.lines()
            .all(|l| l.starts_with(&format!("error: {file}:"))),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{file}:2: time_zone: unknown time zone 'Mars/Olympus'"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{file}:4: keys.force_rest: 'o' is already check_out"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{file}:5: keys.quit:")) && err.contains("modifier"),
        "{err}"
    );
    // Nothing applied: the language of the file was not used either (the error is the only output).
    let out = e.run(&["--db", &db, "status"]);
    assert!(out.stdout.is_empty());
    // `config show` reports the same problems; `config path` still works.
    assert!(e.fails(&["config", "show"]).contains(":2: time_zone"));
    e.ok(&["config", "path"]);
}

#[test]
fn the_file_reaches_the_program_language_zone_and_thresholds() {
    let e = Env::new();
    let db = e.db().display().to_string();
    e.ok(&["--db", &db, "demo", "--people", "80", "--days", "5"]);
    let before = e.ok(&["--db", &db, "stock"]);
    e.write("language = \"zh\"\n[thresholds]\nlow_stock_days = 1000.0\n");
    let after = e.ok(&["--db", &db, "stock"]);
    assert_ne!(before, after);
    // Every item is low under a 1000-day threshold, and the labels are Chinese.
    let json = e.ok(&["--db", &db, "stock", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let items = v["items"].as_array().or_else(|| v.as_array()).unwrap();
    assert!(items.iter().all(|i| i["low"] == true), "{json}");
    assert!(
        after
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{after}"
    );
}

#[test]
fn completions_for_three_shells_and_a_man_page_from_the_cli_definition() {
    let e = Env::new();
    let bash = e.ok(&["completions", "bash"]);
    assert!(bash.contains("complete") && bash.contains("force-rest") && bash.contains("config"));
    let zsh = e.ok(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef frontline"), "{}", &zsh[..40]);
    let fish = e.ok(&["completions", "fish"]);
    assert!(fish.contains("complete -c frontline"));
    assert!(e.fails(&["completions", "tcsh"]).contains("invalid value"));
    let man = e.ok(&["man"]);
    assert!(
        man.starts_with(".ie") || man.contains(".TH frontline"),
        "{}",
        &man[..80]
    );
    for s in [
        ".SH SUBCOMMANDS",
        "completions",
        "\\-\\-no\\-mouse",
        "\\-\\-theme",
    ] {
        assert!(man.contains(s), "{s} in the man page");
    }
}

#[test]
fn help_teaches_with_examples() {
    let e = Env::new();
    let top = e.ok(&["--help"]);
    assert!(top.contains("Examples:") && top.contains("config") && top.contains("completions"));
    for sub in [
        vec!["config", "--help"],
        vec!["completions", "--help"],
        vec!["do", "--help"],
        vec!["status", "--help"],
        vec!["alerts", "--help"],
    ] {
        let out = e.ok(&sub);
        assert!(out.contains("Example"), "{sub:?} has examples:\n{out}");
    }
}

/// `database` in the file names the database when neither `--db` nor `$FRONTLINE_DB` does (a
/// relative path is the config file's folder's); `--demo` never takes it; a server address
/// with a password in it is refused with the line.
#[test]
fn the_files_database_is_used_when_no_flag_names_one_and_never_holds_a_password() {
    let e = Env::new();
    e.write("database = \"post.db\"\n");
    let out = e.ok(&["init"]);
    let want = e.config().with_file_name("post.db");
    assert!(out.contains(&want.display().to_string()), "{out}");
    assert!(want.exists());
    assert!(!e.db().exists());
    let db = e.db().display().to_string();
    e.ok(&["--db", &db, "init"]);
    assert!(e.db().exists(), "--db wins over the file");
    e.write("database = \"postgres://desk:secret@db.post/frontline\"\n");
    let err = e.fails(&["status"]);
    assert!(err.contains("database") && err.contains(".pgpass"), "{err}");
    assert!(!err.contains("secret"), "{err}");
}
