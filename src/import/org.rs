//! The office's organisation workbook: an XLSX with one sheet per kind (街道 / 社区 /
//! 点位 / 仓库 / 物资, or streets / communities / posts / depots / items), or one CSV per kind named
//! after its sheet (`点位.csv`), given as files or as the folder holding them. Headers in
//! Chinese or English, any order, extra columns ignored. Every row is checked here (no
//! database: what exists is passed in as `Known`), each problem named by sheet, line and field.

use super::FileError;
use super::read::{self, Sheet};
use crate::domain::org::{self, OrgFields, OrgKind};
use crate::domain::people::valid_name;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A sheet of one kind: its name, its cells as text, its formulas and merged cells.
pub type OrgSheet = (OrgKind, String, Sheet, Vec<read::CellMark>);

/// One good row: its kind, where it came from, and its fields as the executor takes them.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgRow {
    pub kind: OrgKind,
    pub sheet: String,
    pub line: usize,
    pub fields: OrgFields,
}

/// The good rows, streets first, then communities, posts, depots, items (parents before
/// children).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrgRows {
    pub rows: Vec<OrgRow>,
}

/// A bad row: `sheet 点位, line 3: 每班人数: must be at least 1`.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgRowError {
    pub sheet: String,
    pub line: usize,
    pub field: String,
    pub problem: String,
    /// The same in Chinese.
    pub problem_zh: String,
}

/// A workbook that cannot be read at all.
#[derive(Debug, Clone, PartialEq)]
pub enum OrgFileError {
    File(String, FileError),
    /// A sheet (or CSV file) whose name is no kind.
    UnknownSheet(String),
    MissingColumns(String, Vec<&'static str>),
    /// No sheet of any kind.
    NoSheets,
}

/// Names already in the database (open or closed): streets; communities and posts by name
/// with how many rows carry it; depots.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub streets: HashSet<String>,
    pub communities: HashMap<String, usize>,
    pub posts: HashMap<String, usize>,
}

/// Sheet names per kind (Chinese, English) and the sheets a workbook may carry besides.
pub const SHEETS: &[(OrgKind, &str, &str)] = &[
    (OrgKind::Street, "街道", "streets"),
    (OrgKind::Community, "社区", "communities"),
    (OrgKind::Post, "点位", "posts"),
    (OrgKind::Depot, "仓库", "depots"),
    (OrgKind::Item, "物资", "items"),
];
/// The template's explanation and list sheets: read past, not rows.
pub const IGNORED_SHEETS: &[&str] = &["说明", "填写说明", "notes", "readme", "_lists", "选项"];

/// Columns per kind: (field, required, Chinese header, other accepted headers).
pub fn columns(
    kind: OrgKind,
) -> &'static [(&'static str, bool, &'static str, &'static [&'static str])] {
    match kind {
        OrgKind::Street => &[("name", true, "街道名称", &["街道", "street", "name"])],
        OrgKind::Community => &[
            ("name", true, "社区名称", &["社区", "community", "name"]),
            ("parent", true, "所属街道", &["街道", "street"]),
        ],
        OrgKind::Post => &[
            ("name", true, "点位名称", &["点位", "post", "name"]),
            ("kind", true, "类型", &["点位类型", "kind", "type"]),
            ("parent", true, "所属社区", &["社区", "community"]),
            (
                "headcount",
                true,
                "每班人数",
                &["headcount", "per_shift", "required_per_shift"],
            ),
            (
                "pattern",
                false,
                "班次",
                &["shifts", "shift_pattern", "pattern"],
            ),
        ],
        OrgKind::Depot => &[
            ("name", true, "仓库名称", &["仓库", "depot", "name"]),
            ("parent", false, "所属点位", &["点位", "post"]),
        ],
        OrgKind::Item => &[
            ("code", true, "物资编码", &["编码", "code"]),
            ("name", true, "物资名称", &["名称", "name", "name_zh"]),
            ("name_en", false, "英文名称", &["name_en"]),
            ("unit", true, "单位", &["unit", "unit_zh"]),
            ("unit_en", false, "英文单位", &["unit_en"]),
            ("reorder", false, "库存下限", &["reorder_level", "reorder"]),
        ],
    }
}

fn kind_of_sheet(name: &str) -> Option<OrgKind> {
    let n = name.trim().to_lowercase();
    SHEETS
        .iter()
        .find(|(_, zh, en)| n == *zh || n == *en)
        .map(|(k, ..)| *k)
}

/// Read the files: XLSX workbooks (every sheet), CSV files (the sheet named by the file's
/// stem), folders (every `.csv` and `.xlsx` in them). Each file through the bounded readers.
pub fn read_files(paths: &[PathBuf]) -> Result<Vec<OrgSheet>, OrgFileError> {
    let mut files: Vec<PathBuf> = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inner: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| {
                    OrgFileError::File(p.display().to_string(), FileError::Io(e.to_string()))
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                        x.eq_ignore_ascii_case("csv") || x.eq_ignore_ascii_case("xlsx")
                    })
                })
                .collect();
            inner.sort();
            files.extend(inner);
        } else {
            files.push(p.clone());
        }
    }
    let mut out = Vec::new();
    for f in &files {
        let shown = f.display().to_string();
        let bytes = read::read_bounded(f).map_err(|e| OrgFileError::File(shown.clone(), e))?;
        if read::is_xlsx(&bytes) {
            for (name, sheet, marks) in
                read::read_xlsx_sheets(&bytes).map_err(|e| OrgFileError::File(shown.clone(), e))?
            {
                if IGNORED_SHEETS
                    .iter()
                    .any(|i| name.trim().eq_ignore_ascii_case(i))
                {
                    continue;
                }
                let kind =
                    kind_of_sheet(&name).ok_or_else(|| OrgFileError::UnknownSheet(name.clone()))?;
                out.push((kind, name, sheet, marks));
            }
        } else {
            let stem = Path::new(f)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string();
            let kind =
                kind_of_sheet(&stem).ok_or_else(|| OrgFileError::UnknownSheet(stem.clone()))?;
            let sheet = match read::read_bytes(&bytes) {
                Ok(s) => s,
                Err(FileError::Empty) => Sheet::default(),
                Err(e) => return Err(OrgFileError::File(shown, e)),
            };
            out.push((kind, stem, sheet, vec![]));
        }
    }
    if out.is_empty() {
        return Err(OrgFileError::NoSheets);
    }
    out.sort_by_key(|(k, ..)| *k);
    Ok(out)
}

/// Check every row of every sheet. Returns the good rows (parents first) and every problem.
/// A row naming a parent that is neither in the database nor a good row of the workbook is
/// bad, so `--skip-invalid` never leaves a child without its parent.
pub fn validate(
    sheets: &[OrgSheet],
    known: &Known,
) -> Result<(OrgRows, Vec<OrgRowError>), OrgFileError> {
    let mut good = OrgRows::default();
    let mut errors = Vec::new();
    let mut streets: HashSet<String> = known.streets.clone();
    let mut communities = known.communities.clone();
    let mut posts = known.posts.clone();
    let mut new_streets = HashSet::new();
    let mut new_communities = HashSet::new();
    let mut new_posts = HashSet::new();
    // Names (within parents) and codes seen earlier in the workbook: (kind, parent, name) → line.
    let mut seen: HashMap<(OrgKind, String, String), (String, usize)> = HashMap::new();
    for (kind, sheet_name, sheet, marks) in sheets {
        let cols = columns(*kind);
        let mut index: Vec<Option<usize>> = vec![None; cols.len()];
        let mut taken = BTreeSet::new();
        for (ci, (_, _, zh, other)) in cols.iter().enumerate() {
            let pos = sheet.header.iter().enumerate().position(|(hi, h)| {
                let h = h.trim().to_lowercase();
                !taken.contains(&hi) && (h == *zh || other.iter().any(|o| h == *o))
            });
            if let Some(p) = pos {
                taken.insert(p);
                index[ci] = Some(p);
            }
        }
        if sheet.header.is_empty() && sheet.rows.is_empty() {
            continue;
        }
        let missing: Vec<&'static str> = cols
            .iter()
            .zip(&index)
            .filter(|((_, req, ..), i)| *req && i.is_none())
            .map(|((_, _, zh, _), _)| *zh)
            .collect();
        if !missing.is_empty() {
            return Err(OrgFileError::MissingColumns(sheet_name.clone(), missing));
        }
        for (line, cells) in &sheet.rows {
            let get = |f: &str| -> Option<String> {
                let ci = cols.iter().position(|c| c.0 == f)?;
                index[ci].map(|i| cells.get(i).cloned().unwrap_or_default())
            };
            let header = |f: &str| {
                cols.iter()
                    .find(|c| c.0 == f)
                    .map_or(f, |c| c.2)
                    .to_string()
            };
            let mut row_errs: Vec<OrgRowError> = Vec::new();
            let mut bad = |field: &str, problem: String, problem_zh: String| {
                row_errs.push(OrgRowError {
                    sheet: sheet_name.clone(),
                    line: *line,
                    field: header(field),
                    problem,
                    problem_zh,
                });
            };
            let f = OrgFields {
                name: get("name"),
                parent: get("parent"),
                kind: get("kind"),
                headcount: get("headcount"),
                pattern: get("pattern"),
                code: get("code"),
                name_en: get("name_en"),
                unit: get("unit"),
                unit_en: get("unit_en"),
                reorder: get("reorder"),
            };
            // A formula or a merged cell where a value is needed: the value is not what it looks.
            for (ci, (field, ..)) in cols.iter().enumerate() {
                let Some(col) = index[ci].map(|i| i + 1) else {
                    continue;
                };
                for m in marks {
                    match m {
                        read::CellMark::Formula(l, c) if *l == *line && *c == col => bad(
                            field,
                            "holds a formula; type the value".into(),
                            "是公式，请填写数值".into(),
                        ),
                        read::CellMark::Merged((l0, l1), (c0, c1))
                            if (*l0..=*l1).contains(line) && (*c0..=*c1).contains(&col) =>
                        {
                            bad(
                                field,
                                "is a merged cell; unmerge it and fill every row".into(),
                                "是合并单元格，请取消合并并逐行填写".into(),
                            )
                        }
                        _ => {}
                    }
                }
            }
            for (field, req, ..) in cols.iter() {
                if *req && get(field).is_none_or(|v| v.trim().is_empty()) {
                    bad(field, "is empty".into(), "为空".into());
                }
            }
            let name = f.name.clone().unwrap_or_default();
            if !name.is_empty() && !valid_name(&name) {
                bad(
                    "name",
                    format!(
                        "'{name}' is not a valid name (1–40 characters, no control characters)"
                    ),
                    format!("名称无效：'{name}'（1–40个字符，不含控制字符）"),
                );
            }
            if let Some(k) = f.kind.as_deref().filter(|k| !k.is_empty())
                && org::post_kind(k).is_none()
            {
                bad(
                    "kind",
                    format!(
                        "unknown post kind '{k}' (核酸采样点, 卡口, 封控区, 指挥部, 其他 or sampling, checkpoint, sealed, command, other)"
                    ),
                    format!("未知点位类型 '{k}'（核酸采样点、卡口、封控区、指挥部）"),
                );
            }
            if let Some(h) = f.headcount.as_deref().filter(|h| !h.is_empty())
                && let Err(why) = org::headcount(h)
            {
                bad(
                    "headcount",
                    format!("'{h}': {why}"),
                    format!("'{h}'：应为至少 1 的整数"),
                );
            }
            if let Some(p) = f.pattern.as_deref() {
                match org::shift_pattern(p) {
                    Ok(_) => {}
                    Err(org::PatternError::Malformed(x)) => bad(
                        "pattern",
                        format!("'{x}' is not HH:MM-HH:MM (or 2x12)"),
                        format!("'{x}' 不是 HH:MM-HH:MM（或 2x12）"),
                    ),
                    Err(org::PatternError::Empty(x)) => bad(
                        "pattern",
                        format!("'{x}' leaves no time"),
                        format!("'{x}' 没有时长"),
                    ),
                    Err(org::PatternError::Overlap(a, b)) => bad(
                        "pattern",
                        format!("{a} overlaps {b}"),
                        format!("{a} 与 {b} 重叠"),
                    ),
                }
            }
            if let Some(r) = f.reorder.as_deref().filter(|r| !r.is_empty())
                && !r.parse::<f64>().is_ok_and(|x| x >= 0.0 && x.fract() == 0.0)
            {
                bad(
                    "reorder",
                    format!("'{r}' is not a whole number of at least 0"),
                    format!("'{r}' 应为不小于 0 的整数"),
                );
            }
            if let Some(c) = f.code.as_deref().filter(|c| !c.is_empty())
                && (c.chars().count() > 20
                    || c.chars()
                        .any(|ch| ch.is_whitespace() || ch.is_control() || ch == '#'))
            {
                bad(
                    "code",
                    format!("'{c}' is not a code (1–20 characters, no spaces)"),
                    format!("'{c}' 不是有效编码（1–20个字符，不含空格）"),
                );
            }
            let parent = f.parent.clone().unwrap_or_default();
            match kind {
                OrgKind::Community if !parent.is_empty() && !streets.contains(&parent) => bad(
                    "parent",
                    format!(
                        "street '{parent}' does not exist (not in the database nor in sheet 街道)"
                    ),
                    format!("街道“{parent}”不存在（系统和“街道”表中都没有）"),
                ),
                // `街道/社区`: the executor resolves it (and refuses it when it names nothing).
                OrgKind::Post | OrgKind::Depot if parent.contains('/') => {}
                OrgKind::Post if !parent.is_empty() => match communities.get(&parent) {
                    None => bad(
                        "parent",
                        format!(
                            "community '{parent}' does not exist (not in the database nor in sheet 社区)"
                        ),
                        format!("社区“{parent}”不存在（系统和“社区”表中都没有）"),
                    ),
                    Some(n) if *n > 1 => bad(
                        "parent",
                        format!("'{parent}' names {n} communities; write 街道/社区"),
                        format!("“{parent}”对应 {n} 个社区，请写作 街道/社区"),
                    ),
                    _ => {}
                },
                OrgKind::Depot if !parent.is_empty() => match posts.get(&parent) {
                    None => bad(
                        "parent",
                        format!(
                            "post '{parent}' does not exist (not in the database nor in sheet 点位)"
                        ),
                        format!("点位“{parent}”不存在（系统和“点位”表中都没有）"),
                    ),
                    Some(n) if *n > 1 => bad(
                        "parent",
                        format!("'{parent}' names {n} posts; write 社区/点位"),
                        format!("“{parent}”对应 {n} 个点位，请写作 社区/点位"),
                    ),
                    _ => {}
                },
                _ => {}
            }
            // Duplicates: a name within its parent (streets and depots: in the sheet), a code.
            let key = match kind {
                OrgKind::Item => (
                    *kind,
                    String::new(),
                    f.code.clone().unwrap_or_default().to_uppercase(),
                ),
                OrgKind::Street | OrgKind::Depot => (*kind, String::new(), name.clone()),
                _ => (*kind, parent.clone(), name.clone()),
            };
            if !key.2.is_empty() {
                if let Some((_, l)) = seen.get(&key) {
                    let what = if *kind == OrgKind::Item {
                        "code"
                    } else {
                        "name"
                    };
                    bad(
                        what,
                        format!("'{}' repeats line {l}", key.2),
                        format!("'{}' 与第 {l} 行重复", key.2),
                    );
                } else if row_errs.is_empty() {
                    seen.insert(key, (sheet_name.clone(), *line));
                }
            }
            if !row_errs.is_empty() {
                errors.extend(row_errs);
                continue;
            }
            // Each guard records the name as it goes: `insert` is true the first time only.
            match kind {
                OrgKind::Street if new_streets.insert(name.clone()) => {
                    streets.insert(name.clone());
                }
                OrgKind::Community
                    if new_communities.insert((parent.clone(), name.clone()))
                        && !known.communities.contains_key(&name) =>
                {
                    *communities.entry(name.clone()).or_default() += 1;
                }
                OrgKind::Post
                    if new_posts.insert((parent.clone(), name.clone()))
                        && !known.posts.contains_key(&name) =>
                {
                    *posts.entry(name.clone()).or_default() += 1;
                }
                _ => {}
            }
            good.rows.push(OrgRow {
                kind: *kind,
                sheet: sheet_name.clone(),
                line: *line,
                fields: f,
            });
        }
    }
    Ok((good, errors))
}
