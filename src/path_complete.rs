//! Completing a typed file path (the import forms' path field): the longest common
//! prefix of the entries in its folder that start with what was typed after the last `/`; a
//! folder gets a trailing `/`; `~` stands for the home folder. The console calls this (it is
//! I/O); the app only asks for it and shows the answer.

use std::path::{Path, PathBuf};

/// At most this many entries of one folder are read.
pub const MAX_ENTRIES: usize = 1000;

/// What a completion came to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Completion {
    /// The field's new text (the typed text itself when nothing matches).
    pub text: String,
    /// When several entries match: their names, sorted, a folder's with `/` (raw, not escaped).
    pub candidates: Vec<String>,
}

/// Complete `typed` against the file system; `home` is what `~` stands for.
pub fn complete(typed: &str, home: Option<&Path>) -> Completion {
    let same = || Completion {
        text: typed.to_string(),
        candidates: vec![],
    };
    if typed == "~" {
        return match home {
            Some(_) => Completion {
                text: "~/".into(),
                candidates: vec![],
            },
            None => same(),
        };
    }
    let (dir_part, prefix) = match typed.rfind('/') {
        Some(i) => typed.split_at(i + 1),
        None => ("", typed),
    };
    let dir: PathBuf = match (dir_part.strip_prefix("~/"), home) {
        (Some(rest), Some(h)) => h.join(rest),
        _ if dir_part.is_empty() => PathBuf::from("."),
        _ => PathBuf::from(dir_part),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return same();
    };
    let mut names: Vec<String> = entries
        .take(MAX_ENTRIES)
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            // Hidden entries only when a `.` was typed.
            if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            // A link to a folder is a folder.
            let is_dir = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
            Some(if is_dir { format!("{name}/") } else { name })
        })
        .collect();
    names.sort();
    match names.as_slice() {
        [] => same(),
        [one] => Completion {
            text: format!("{dir_part}{one}"),
            candidates: vec![],
        },
        [first, rest @ ..] => {
            let mut common = first.as_str();
            for n in rest {
                let len = common
                    .char_indices()
                    .zip(n.chars())
                    .find(|((_, a), b)| a != b)
                    .map_or(common.len().min(n.len()), |((i, _), _)| i);
                common = &common[..len];
            }
            Completion {
                text: format!("{dir_part}{common}"),
                candidates: names.clone(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_a_unique_prefix_a_common_prefix_and_a_folder_and_leaves_no_match() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("roster-june.csv"), "").unwrap();
        std::fs::write(d.path().join("health-0610.csv"), "").unwrap();
        std::fs::write(d.path().join("health-0611.xlsx"), "").unwrap();
        std::fs::write(d.path().join(".hidden.csv"), "").unwrap();
        std::fs::create_dir(d.path().join("reports")).unwrap();
        let base = format!("{}/", d.path().display());
        let c = |s: &str| complete(&format!("{base}{s}"), None);

        // One match: the whole name.
        assert_eq!(c("ros").text, format!("{base}roster-june.csv"));
        assert!(c("ros").candidates.is_empty());
        // Several: their common prefix, and each of them.
        let several = c("he");
        assert_eq!(several.text, format!("{base}health-061"));
        assert_eq!(several.candidates, ["health-0610.csv", "health-0611.xlsx"]);
        // A folder gets `/`.
        assert_eq!(c("rep").text, format!("{base}reports/"));
        // `r` matches a file and a folder: their common prefix, the folder shown with `/`.
        assert_eq!(c("r").text, format!("{base}r"));
        assert_eq!(c("r").candidates, ["reports/", "roster-june.csv"]);
        // No match, or no such folder: the text as typed.
        assert_eq!(c("zz").text, format!("{base}zz"));
        assert_eq!(c("nope/x").text, format!("{base}nope/x"));
        // Hidden entries only when a `.` is typed.
        assert_eq!(c(".h").text, format!("{base}.hidden.csv"));
        assert!(!c("").candidates.iter().any(|n| n.starts_with('.')));

        // `~` is the home folder; the field keeps `~/`.
        assert_eq!(complete("~", Some(d.path())).text, "~/");
        assert_eq!(
            complete("~/rep", Some(d.path())).text,
            "~/reports/".to_string()
        );
    }
}
