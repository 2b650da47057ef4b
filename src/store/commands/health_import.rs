//! Health reports and test results in bulk: match each checked row to one person
//! (staff code, else phone, else name; several is an error naming them), say what it would
//! change, and write the changed rows through the console's own handlers (`record_health`,
//! `record_test`: same validation, and a positive has every effect a console positive has), in
//! one transaction with one audit row of counts. Health data never reaches the audit text.

use super::{Exec, Outcome, PersonRef, R, Refusal};
use crate::domain::TestResult;
use crate::domain::health::temperature_dc;
use crate::import::health::{HealthRow, LineError, Problem, TestRow, Who, normalise_phone};
use crate::store::Store;
use crate::store::db::{Connection, OptionalExtension, params};
use crate::store::person_ref::{MAX_LISTED, id_form, lookup};
use serde_json::json;
use std::collections::HashMap;

/// What an import would do / did; `not_found` and `ambiguous` rows are never written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct HealthImportCounts {
    pub new: usize,
    pub replaced: usize,
    pub unchanged: usize,
    /// Earlier reports of the same person and day in the file, replaced by a later line.
    pub superseded: usize,
    pub not_found: usize,
    pub ambiguous: usize,
    /// Positive results that newly take someone off duty.
    pub positives: usize,
    /// Bad rows left out (`--skip-invalid`).
    pub skipped: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    New,
    Replaced,
    Unchanged,
    Superseded,
}

/// Each row's person and change, or its problem; and the counts.
pub struct Plan {
    pub rows: Vec<Result<(i64, Change), LineError>>,
    pub counts: HealthImportCounts,
}

/// Every living person by staff code, phone and name, read once (20 000 people: one scan).
struct Index {
    code: HashMap<String, (i64, bool)>,
    phone: HashMap<String, Vec<i64>>,
    name: HashMap<String, Vec<i64>>,
}

fn index(conn: &Connection) -> crate::store::db::Result<Index> {
    let mut ix = Index {
        code: HashMap::new(),
        phone: HashMap::new(),
        name: HashMap::new(),
    };
    let mut st =
        conn.prepare("SELECT id, staff_code, phone, name, retired_at IS NOT NULL FROM people")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (id, code, phone, name, retired): (i64, String, String, String, bool) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        ix.code.insert(code, (id, retired));
        if retired {
            continue;
        }
        if let Some(p) = normalise_phone(&phone) {
            ix.phone.entry(p).or_default().push(id);
        }
        ix.name.entry(name).or_default().push(id);
    }
    Ok(ix)
}

/// The one person a row names: by staff code (the id number too), else phone, else name.
fn find(conn: &Connection, ix: &Index, w: &Who, line: usize, now: i64) -> Result<i64, LineError> {
    let err = |field: &'static str, problem: Problem, value: &str| LineError {
        line,
        field,
        problem,
        value: value.chars().take(40).collect(),
    };
    for (field, code) in [("staff_code", &w.staff_code), ("id_no", &w.id_no)] {
        if code.is_empty() {
            continue;
        }
        if let Some((id, retired)) = ix.code.get(code.as_str()) {
            if *retired {
                return Err(err(field, Problem::Retired, code));
            }
            return Ok(*id);
        }
    }
    let id_phone = normalise_phone(&w.id_no).filter(|_| w.phone.is_empty());
    for (field, key, map) in [
        ("phone", Some(&w.phone), &ix.phone),
        ("id_no", id_phone.as_ref(), &ix.phone),
        ("name", Some(&w.name), &ix.name),
    ] {
        let Some(key) = key.filter(|k| !k.is_empty()) else {
            continue;
        };
        match map.get(key.as_str()).map(Vec::as_slice) {
            Some([one]) => return Ok(*one),
            Some(many) if many.len() > 1 => {
                let mut shown = Vec::new();
                for id in many.iter().take(MAX_LISTED) {
                    if let Ok((c, _)) = lookup(conn, &id_form(*id), now, 1) {
                        shown.extend(c.iter().map(|c| c.line(&c.state)));
                    }
                }
                return Err(err(field, Problem::Ambiguous(shown, many.len()), key));
            }
            _ => {}
        }
    }
    let (field, value) = [
        ("staff_code", &w.staff_code),
        ("phone", &w.phone),
        ("id_no", &w.id_no),
        ("name", &w.name),
    ]
    .into_iter()
    .find(|(_, v)| !v.is_empty())
    .unwrap_or(("name", &w.name));
    Err(err(field, Problem::NotFound, value))
}

fn tally(c: &mut HealthImportCounts, r: &Result<(i64, Change), LineError>) {
    match r {
        Ok((_, Change::New)) => c.new += 1,
        Ok((_, Change::Replaced)) => c.replaced += 1,
        Ok((_, Change::Unchanged)) => c.unchanged += 1,
        Ok((_, Change::Superseded)) => c.superseded += 1,
        Err(e) if e.problem == Problem::NotFound => c.not_found += 1,
        Err(e) if matches!(e.problem, Problem::Ambiguous(..)) => c.ambiguous += 1,
        Err(_) => {}
    }
}

/// Health reports: a second report of a person's day in the file supersedes the earlier one
/// (the later submission wins, as a second `h` would); the same person and submission time
/// twice is a duplicate.
pub fn plan_health(
    conn: &Connection,
    rows: &[HealthRow],
    now: i64,
) -> crate::store::db::Result<Plan> {
    let ix = index(conn)?;
    let mut out: Vec<Result<(i64, Change), LineError>> = Vec::with_capacity(rows.len());
    // (person, day) → index in `out` of the row that holds it now.
    let mut latest: HashMap<(i64, i64), usize> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT temp_dc, symptoms, fit, note FROM health_reports WHERE person_id = ?1 AND day = ?2",
    )?;
    for (i, r) in rows.iter().enumerate() {
        let pid = match find(conn, &ix, &r.who, r.line, now) {
            Ok(p) => p,
            Err(e) => {
                out.push(Err(e));
                continue;
            }
        };
        if let Some(&j) = latest.get(&(pid, r.day)) {
            let earlier = &rows[j];
            if earlier.submitted == r.submitted {
                out.push(Err(LineError {
                    line: r.line,
                    field: "submitted",
                    problem: Problem::Duplicate(earlier.line),
                    value: String::new(),
                }));
                continue;
            }
            // The later submission holds the day; the other is superseded.
            if earlier.submitted > r.submitted {
                out.push(Ok((pid, Change::Superseded)));
                continue;
            }
            out[j] = Ok((pid, Change::Superseded));
            latest.insert((pid, r.day), i);
        } else {
            latest.insert((pid, r.day), i);
        }
        let have: Option<(Option<i64>, String, bool, String)> = st
            .query_row(params![pid, r.day], |x| {
                Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?))
            })
            .optional()?;
        let change = match have {
            None => Change::New,
            Some((t, s, f, n))
                if t == temperature_dc(r.temperature)
                    && s == r.symptoms.trim()
                    && f == r.fit
                    && n == r.note.trim() =>
            {
                Change::Unchanged
            }
            Some(_) => Change::Replaced,
        };
        out.push(Ok((pid, change)));
    }
    let mut counts = HealthImportCounts::default();
    out.iter().for_each(|r| tally(&mut counts, r));
    Ok(Plan { rows: out, counts })
}

/// Lab results: one test per person and sampling time; the same twice in a file is a
/// duplicate. A known test with the same result (and site) is unchanged.
pub fn plan_tests(conn: &Connection, rows: &[TestRow], now: i64) -> crate::store::db::Result<Plan> {
    let ix = index(conn)?;
    let mut out = Vec::with_capacity(rows.len());
    let mut seen: HashMap<(i64, i64), usize> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT result, site FROM nucleic_tests WHERE person_id = ?1 AND tested_at = ?2",
    )?;
    let mut counts = HealthImportCounts::default();
    for r in rows {
        let pid = match find(conn, &ix, &r.who, r.line, now) {
            Ok(p) => p,
            Err(e) => {
                out.push(Err(e));
                continue;
            }
        };
        if let Some(first) = seen.insert((pid, r.sampled), r.line) {
            seen.insert((pid, r.sampled), first);
            out.push(Err(LineError {
                line: r.line,
                field: "sampled",
                problem: Problem::Duplicate(first),
                value: String::new(),
            }));
            continue;
        }
        let have: Option<(String, String)> = st
            .query_row(params![pid, r.sampled], |x| Ok((x.get(0)?, x.get(1)?)))
            .optional()?;
        let change = match &have {
            None => Change::New,
            Some((res, site))
                if res == r.result.as_str()
                    && (r.site.trim().is_empty() || site == r.site.trim()) =>
            {
                Change::Unchanged
            }
            Some(_) => Change::Replaced,
        };
        let was_positive = have
            .as_ref()
            .is_some_and(|(res, _)| res == TestResult::Positive.as_str());
        if r.result == TestResult::Positive && !was_positive {
            counts.positives += 1;
        }
        out.push(Ok((pid, change)));
    }
    out.iter().for_each(|r| tally(&mut counts, r));
    Ok(Plan { rows: out, counts })
}

impl Store {
    /// What importing these health reports would do (`--dry-run`, the console's preview).
    pub fn health_import_plan(&self, rows: &[HealthRow], now: i64) -> anyhow::Result<Plan> {
        Ok(plan_health(&self.conn, rows, now)?)
    }

    /// What importing these test results would do.
    pub fn tests_import_plan(&self, rows: &[TestRow], now: i64) -> anyhow::Result<Plan> {
        Ok(plan_tests(&self.conn, rows, now)?)
    }
}

/// A row that no longer matches inside the transaction (the roster changed meanwhile).
fn stale(e: &LineError) -> Refusal {
    Refusal::BadValue {
        field: "line",
        value: e.line.to_string(),
    }
}

impl Exec<'_> {
    pub(super) fn import_health(
        &self,
        rows: &[HealthRow],
        skipped: usize,
    ) -> R<(Outcome, String, serde_json::Value)> {
        let plan = plan_health(self.tx, rows, self.ctx.now)?;
        self.rows_total(rows.len());
        for (r, p) in rows.iter().zip(&plan.rows) {
            self.row_done()?;
            let (pid, change) = p.as_ref().map_err(stale)?;
            if matches!(change, Change::New | Change::Replaced) {
                self.record_health(
                    &PersonRef::id(*pid),
                    Some(r.day),
                    Some(r.temperature),
                    &r.symptoms,
                    r.fit,
                    &r.note,
                    false,
                    Some(r.submitted),
                )?;
            }
        }
        Ok(self.imported("health", plan.counts, rows.len(), skipped))
    }

    pub(super) fn import_tests(
        &self,
        rows: &[TestRow],
        skipped: usize,
    ) -> R<(Outcome, String, serde_json::Value)> {
        let plan = plan_tests(self.tx, rows, self.ctx.now)?;
        self.rows_total(rows.len());
        for (r, p) in rows.iter().zip(&plan.rows) {
            self.row_done()?;
            let (pid, change) = p.as_ref().map_err(stale)?;
            if matches!(change, Change::New | Change::Replaced) {
                self.record_test(&PersonRef::id(*pid), Some(r.sampled), r.result, &r.site)?;
            }
        }
        Ok(self.imported("tests", plan.counts, rows.len(), skipped))
    }

    fn imported(
        &self,
        what: &'static str,
        mut c: HealthImportCounts,
        rows: usize,
        skipped: usize,
    ) -> (Outcome, String, serde_json::Value) {
        c.skipped = skipped;
        (
            Outcome::HealthImported { what, counts: c },
            what.into(),
            json!({"rows": rows, "new": c.new, "replaced": c.replaced, "unchanged": c.unchanged,
                   "superseded": c.superseded, "positives": c.positives, "skipped": skipped}),
        )
    }
}
