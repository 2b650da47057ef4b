//! Frontline — a terminal dispatch console for an epidemic-response command post.
//!
//! Layers, bottom to top; a module uses those below it, never one above (`LAYERS`, checked by
//! the test at the end of this file):
//!
//! - `domain`: plain types and rules, no I/O; time is passed in.
//! - `clock`, `files`, `path_complete` (in that order): the clock, private files written
//!   safely, typed paths completed.
//! - `import`: roster and form files read and checked into rows.
//! - `store`: SQLite, the queries, and the one executor every write goes through.
//! - `i18n`: the two languages (`Lang`), labels and every outcome and refusal in words.
//! - `report`, then `export`: the daily report and volunteer hours; tables and lists to files.
//! - `demo`: the deterministic demo database.
//! - `app`: console state, keys, forms, `update`, and the viewport; no SQL, no drawing.
//! - `settings`: the config file and where files live.
//! - `ui`: pure rendering of the app's snapshot.
//! - `console`: the terminal loop and its file work.
//! - `bench`: `frontline bench` and the soak run.
//! - `cli`: the command line, wiring all of the above; `main.rs` calls it.

pub mod app;
pub mod bench;
pub mod cli;
pub mod clock;

pub mod console;
pub mod demo;
pub mod domain;
pub mod export;
pub mod files;
pub mod i18n;
pub mod import;
pub mod path_complete;
pub mod report;
pub mod settings;
pub mod store;
pub mod ui;

/// The layers, bottom to top: a module may use its own layer and those before it. `console_*`
/// files belong to `console` (the bench's files, and the soak run's, are in `src/bench/`).
pub const LAYERS: &[&[&str]] = &[
    &["domain"],
    &["clock"],
    &["files"],
    &["path_complete"],
    &["import"],
    &["store"],
    // `key!` and `t!` are the catalogue's macros, exported at the crate root.
    &["i18n", "key", "t"],
    &["report"],
    &["export"],
    &["demo"],
    &["app"],
    &["settings"],
    &["ui"],
    &["console"],
    &["bench"],
    &["cli"],
];

#[cfg(test)]
mod layer_order {
    use super::LAYERS;
    use std::path::{Path, PathBuf};

    /// The layer of a top-level module (`console_paper` is `console`'s).
    fn layer(module: &str) -> Option<usize> {
        let group = |m: &str| {
            ["console_"]
                .iter()
                .find(|p| m.starts_with(*p))
                .map_or(m, |p| p.trim_end_matches('_'))
                .to_string()
        };
        let m = group(module);
        LAYERS.iter().position(|l| l.contains(&m.as_str()))
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// The top-level modules a text names after `crate::`, with their line (1-based); `use
    /// crate::{a, b::c}` names `a` and `b`, across lines too. Comment lines are skipped.
    fn uses(text: &str) -> Vec<(String, usize)> {
        let code: String = text
            .lines()
            .map(|l| {
                if l.trim_start().starts_with("//") {
                    ""
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let line_of = |at: usize| code[..at].matches('\n').count() + 1;
        let ident = |s: &str| -> String {
            s.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        };
        let mut out = Vec::new();
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let (mut depth, mut start) = (0usize, true);
                for (i, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => start = true,
                        c if c.is_whitespace() => {}
                        _ if start => {
                            start = false;
                            let name = ident(&group[i..]);
                            if !name.is_empty() && name != "self" {
                                out.push((name, line_of(at + "crate::{".len() + i)));
                            }
                        }
                        _ => {}
                    }
                }
            } else {
                let name = ident(rest);
                if !name.is_empty() {
                    out.push((name, line_of(at)));
                }
            }
        }
        out
    }

    #[test]
    fn uses_reads_paths_groups_and_lines() {
        let text = "use crate::store::Store;\n// crate::cli in a comment\nuse crate::{\n    app::App,\n    domain::{Ts, time},\n};\nlet x = crate::ui::render;\n";
        let got: Vec<(String, usize)> = uses(text);
        let want =
            [("store", 1), ("app", 4), ("domain", 5), ("ui", 7)].map(|(m, l)| (m.to_string(), l));
        assert_eq!(got, want);
    }

    #[test]
    fn no_module_uses_a_higher_layer() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        files.sort();
        let mut wrong = Vec::new();
        for f in &files {
            let rel = f.strip_prefix(&src).unwrap();
            let top = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy();
            let module = top.trim_end_matches(".rs");
            if module == "lib" || module == "main" {
                continue;
            }
            let Some(own) = layer(module) else {
                wrong.push(format!(
                    "src/{}: module `{module}` has no layer in LAYERS",
                    rel.display()
                ));
                continue;
            };
            let text = std::fs::read_to_string(f).unwrap();
            for (used, line) in uses(&text) {
                match layer(&used) {
                    None => wrong.push(format!(
                        "src/{}:{line}: uses `crate::{used}`, which has no layer in LAYERS",
                        rel.display()
                    )),
                    Some(l) if l > own => wrong.push(format!(
                        "src/{}:{line}: `{module}` (layer {own}) uses `crate::{used}` (layer {l}, above it)",
                        rel.display()
                    )),
                    _ => {}
                }
            }
        }
        assert!(
            files.len() > 100,
            "found only {} files under src/",
            files.len()
        );
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// Every file under src/ opens with a module doc (`//!`) saying what it owns.
    #[test]
    fn every_module_says_what_it_owns() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        files.sort();
        let bare: Vec<String> = files
            .iter()
            .filter(|f| {
                let text = std::fs::read_to_string(f).unwrap();
                !text.trim_start().starts_with("//!")
            })
            .map(|f| f.strip_prefix(&src).unwrap().display().to_string())
            .collect();
        assert!(
            bare.is_empty(),
            "no module doc (`//!`) in src/{}",
            bare.join(", src/")
        );
    }
}
