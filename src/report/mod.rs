//! The daily report (日报, less paperwork) and volunteer hours (志愿时) as plain data —
//! sections of headed rows — built from store queries and rendered by `render` to Markdown,
//! CSV or XLSX from that one structure.

pub mod handover;
pub mod render;

use crate::domain::Ts;
use crate::domain::hours;
use crate::domain::time::{day_start, fmt_full, fmt_short, local_day, to_local};
use crate::i18n::Lang;
use crate::i18n::{self, key, t};
use crate::store::Store;
use crate::store::queries::Window;
use anyhow::Result;
use render::{Cell, Table};
use std::path::Path;

/// A built report: what it is about, and its sections in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    /// Lines under the title (date, as-of time).
    pub lead: Vec<String>,
    pub sections: Vec<Table>,
    pub lang: Lang,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Md,
    Csv,
    Xlsx,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Md),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
    pub fn ext(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

impl Report {
    pub fn markdown(&self) -> String {
        render::markdown(
            &self.title,
            &self.lead,
            &self.sections,
            t!(self.lang, "rep.none"),
        )
    }
    pub fn csv(&self) -> Result<String> {
        render::csv(&self.sections)
    }
    pub fn xlsx(&self, path: &Path, existing: crate::files::Existing) -> Result<()> {
        render::xlsx(&self.sections, path, existing)
    }
}

fn table(lang: Lang, key: crate::i18n::Key, headers: &[&str], rows: Vec<Vec<Cell>>) -> Table {
    Table {
        key: key.name().trim_start_matches("rep.").to_string(),
        title: t(lang, key).to_string(),
        headers: headers
            .iter()
            .map(|h| crate::i18n::words::rep_head(lang, h).to_string())
            .collect(),
        rows,
    }
}

fn measure(lang: Lang, key: &str, v: impl Into<Cell>) -> Vec<Cell> {
    vec![crate::i18n::words::rep_measure(lang, key).into(), v.into()]
}

/// The moment a report for local day `d` reads the state at ("as of T"): 23:59:59 local of
/// that day, or `now` for today; never before the day began.
pub fn report_moment(store: &Store, d: i64, now: Ts) -> Ts {
    let tz = store.cfg.tz;
    (day_start(d + 1, tz) - 1).min(now).max(day_start(d, tz))
}

/// The daily report for the local day holding `day`, as of 23:59:59 of that day or `now`,
/// whichever is earlier (`report_moment`): what had happened by then, events at that second
/// included, later events left out (see `store::asof_queries`).
pub fn daily(store: &Store, lang: Lang, day: Ts, now: Ts) -> Result<Report> {
    let tz = store.cfg.tz;
    let d = local_day(day, tz);
    let from = day_start(d, tz);
    let asof = report_moment(store, d, now);
    let date = to_local(from, tz).format("%Y-%m-%d").to_string();
    let mut sections = vec![];

    // 1. Headcount by post and category; the last row counts distinct people.
    let cats = ["medical", "cadre", "community", "volunteer"];
    let mut heads: Vec<String> = vec![t!(lang, "rep.h.post").into()];
    heads.extend(
        cats.iter()
            .map(|c| crate::i18n::words::category(lang, c).to_string()),
    );
    heads.push(t!(lang, "rep.h.total").into());
    heads.push(t!(lang, "rep.h.on_duty_now").into());
    let hc = store.day_headcount(from, asof)?;
    let row = |label: String, p: &crate::store::asof_queries::PostHeadcount| {
        let mut r: Vec<Cell> = vec![label.into()];
        r.extend(p.by_category.iter().map(|n| Cell::Int(*n)));
        r.push(p.total.into());
        r.push(p.on_duty_now.into());
        r
    };
    let mut rows: Vec<Vec<Cell>> = hc.posts.iter().map(|p| row(p.post.clone(), p)).collect();
    if !rows.is_empty() {
        rows.push(row(t!(lang, "rep.h.total_people").into(), &hc.all));
    }
    sections.push(Table {
        key: "headcount".into(),
        title: t!(lang, "rep.headcount").into(),
        headers: heads,
        rows,
    });

    // 2. Coverage gaps of the day.
    let (gaps, _) = store.coverage_full(from, true, &Window::all())?;
    let slot = |s: Option<Ts>, e: Option<Ts>| match (s, e) {
        (Some(s), Some(e)) => format!("{}–{}", fmt_short(s, tz), fmt_short(e, tz)),
        _ => "—".into(),
    };
    let rows = gaps
        .rows
        .into_iter()
        .filter(|r| r.short_by() > 0)
        .map(|r| {
            vec![
                r.post.clone().into(),
                r.community.clone().into(),
                slot(r.start, r.end).into(),
                r.required.into(),
                r.assigned.into(),
                r.short_by().into(),
            ]
        })
        .collect();
    sections.push(table(
        lang,
        key!("rep.gaps"),
        &["post", "community", "slot", "required", "assigned", "short"],
        rows,
    ));

    // 3. Overdue for rest (on duty at the report moment, a rule broken by then) and forced rest.
    let rows = store
        .overdue_at(asof)?
        .into_iter()
        .map(|r| {
            let b = r.breaches.first();
            vec![
                r.name.into(),
                r.staff_code.into(),
                r.post.into(),
                fmt_full(r.since, tz).into(),
                b.map(|b| i18n::breach(lang, b)).unwrap_or_default().into(),
                b.map_or(0.0, |b| b.over_by_minutes as f64 / 60.0).into(),
            ]
        })
        .collect();
    sections.push(table(
        lang,
        key!("rep.overdue"),
        &["name", "staff_code", "post", "since", "rule", "over_h"],
        rows,
    ));
    let rows = store
        .forced_rest_at(asof)?
        .into_iter()
        .map(|r| {
            vec![
                r.name.into(),
                r.staff_code.into(),
                fmt_full(r.start, tz).into(),
                fmt_full(r.end, tz).into(),
                r.reason.into(),
            ]
        })
        .collect();
    sections.push(table(
        lang,
        key!("rep.forced"),
        &["name", "staff_code", "start", "end", "reason"],
        rows,
    ));

    // 4. Health: the day's reports and tests, as of the report moment.
    let s = store.health_at(d, asof)?;
    // Not reported (yet): the report is read during the day too, before the deadline.
    let missing = s.people.saturating_sub(s.reported);
    let positives = store.positives_between(from, asof)?;
    sections.push(table(
        lang,
        key!("rep.health"),
        &["measure", "value"],
        vec![
            measure(lang, "people", s.people),
            measure(lang, "reported", s.reported),
            measure(lang, "missing", missing),
            measure(lang, "unwell", s.unwell),
            measure(lang, "tests_overdue", s.tests_overdue),
            measure(lang, "positives", positives.len()),
            measure(lang, "out_of_service", s.out_of_service),
        ],
    ));
    let rows = store
        .unwell_on(d, asof)?
        .into_iter()
        .map(|r| {
            vec![
                r.name.into(),
                r.staff_code.into(),
                r.community.into(),
                (r.value as f64 / 10.0).into(),
            ]
        })
        .collect();
    sections.push(table(
        lang,
        key!("rep.unwell"),
        &["name", "staff_code", "community", "temp"],
        rows,
    ));
    let rows = positives
        .into_iter()
        .map(|r| {
            vec![
                r.name.into(),
                r.staff_code.into(),
                r.community.into(),
                fmt_full(r.value, tz).into(),
            ]
        })
        .collect();
    sections.push(table(
        lang,
        key!("rep.positives"),
        &["name", "staff_code", "community", "tested_at"],
        rows,
    ));

    // 5. Family-support cases; 6. care visits and party dues.
    let rows = store
        .day_cases(from, asof)?
        .by_category
        .into_iter()
        .map(|(c, n, o, r)| {
            vec![
                crate::i18n::words::case(lang, &c).into(),
                n.into(),
                o.into(),
                r.into(),
            ]
        })
        .collect();
    sections.push(table(
        lang,
        key!("rep.cases"),
        &["category", "new", "open", "resolved"],
        rows,
    ));
    let v = store.day_visits(from, asof)?;
    sections.push(table(
        lang,
        key!("rep.care"),
        &["measure", "value"],
        vec![
            measure(lang, "visits", v.visits),
            measure(lang, "family_visits", v.to_family),
            measure(lang, "dues", v.dues_fen as f64 / 100.0),
            measure(lang, "dues_total", v.dues_total_fen as f64 / 100.0),
        ],
    ));

    // 7. Stock with days of cover, low first; 8. logistics requests open.
    let rows = store
        .supplies_at(asof)?
        .into_iter()
        .map(|r| {
            vec![
                crate::i18n::pick(lang, r.name_en, r.name_zh).into(),
                r.on_hand.into(),
                r.burn_per_day.into(),
                r.days_of_cover.map_or(Cell::Text("—".into()), Cell::from),
                t(
                    lang,
                    if r.low {
                        key!("rep.low")
                    } else {
                        key!("rep.ok")
                    },
                )
                .into(),
            ]
        })
        .collect();
    sections.push(table(
        lang,
        key!("rep.stock"),
        &["item", "on_hand", "per_day", "cover", "state"],
        rows,
    ));
    let rows = store
        .requests_at(asof)?
        .into_iter()
        .map(|r| {
            let who = match (r.post, r.person) {
                (Some(p), Some(n)) => format!("{p} · {n}"),
                (Some(p), None) => p,
                (None, Some(n)) => n,
                (None, None) => String::new(),
            };
            vec![
                r.id.into(),
                crate::i18n::words::req(lang, r.kind.as_str()).into(),
                who.into(),
                r.quantity.into(),
                fmt_full(r.needed_by, tz).into(),
                crate::i18n::words::req_status(lang, r.status.as_str()).into(),
            ]
        })
        .collect();
    sections.push(table(
        lang,
        key!("rep.requests"),
        &["id", "kind", "for", "quantity", "needed_by", "status"],
        rows,
    ));

    // 9. Volunteer hours of the day: duty up to the report moment, cut at midnight (a shift
    // still running at 23:59:59 of a past day counts to midnight, as `frontline hours` does).
    let hours_to = if asof < now {
        day_start(d + 1, tz)
    } else {
        asof
    };
    sections.push(hours_table(store, lang, d, d, hours_to.min(now), false)?);

    Ok(Report {
        title: format!("{} {date}", t!(lang, "rep.title")),
        lead: vec![format!(
            "{}{}{}",
            t!(lang, "rep.asof"),
            crate::i18n::notes::colon(lang),
            to_local(asof, tz).format("%Y-%m-%d %H:%M:%S")
        )],
        sections,
        lang,
    })
}

/// One volunteer's hours over a period.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HoursRow {
    pub staff_code: String,
    pub name: String,
    pub on_post_hours: f64,
    pub other_hours: f64,
    pub total_hours: f64,
    /// Days with any duty.
    pub days: usize,
}

/// Per person and day (for the volunteer-time system): staff code, name, date, hours.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HoursDay {
    pub staff_code: String,
    pub name: String,
    pub date: String,
    pub on_post_hours: f64,
    pub other_hours: f64,
    pub hours: f64,
    /// The seconds behind the figures: totals are summed from these and rounded once.
    #[serde(skip)]
    pub on_post_secs: i64,
    #[serde(skip)]
    pub other_secs: i64,
}

/// Hours per (person, day) over local days `[from_day, to_day]`, counted up to `asof`.
pub fn hours_by_day(
    store: &Store,
    from_day: i64,
    to_day: i64,
    asof: Ts,
    everyone: bool,
) -> Result<Vec<HoursDay>> {
    let tz = store.cfg.tz;
    let (spans, people) = store.actual_duty(
        day_start(from_day, tz),
        day_start(to_day + 1, tz),
        asof,
        everyone,
    )?;
    let mut out: Vec<HoursDay> = hours::by_day(&spans, from_day, to_day, tz)
        .into_iter()
        .map(|((p, day), s)| {
            let who = &people[&p];
            HoursDay {
                staff_code: who.staff_code.clone(),
                name: who.name.clone(),
                date: to_local(day_start(day, tz), tz)
                    .format("%Y-%m-%d")
                    .to_string(),
                on_post_hours: hours::hours(s.on_post),
                other_hours: hours::hours(s.other),
                hours: hours::hours(s.on_post + s.other),
                on_post_secs: s.on_post,
                other_secs: s.other,
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.staff_code, &a.date).cmp(&(&b.staff_code, &b.date)));
    Ok(out)
}

/// Totals per person over the period, by staff code: the seconds summed over the days, then
/// rounded once to hundredths of an hour (not a sum of rounded daily figures).
pub fn hours_totals(days: &[HoursDay]) -> Vec<HoursRow> {
    let mut out: Vec<(HoursRow, i64, i64)> = vec![];
    for d in days {
        if out.last().is_none_or(|r| r.0.staff_code != d.staff_code) {
            out.push((
                HoursRow {
                    staff_code: d.staff_code.clone(),
                    name: d.name.clone(),
                    on_post_hours: 0.0,
                    other_hours: 0.0,
                    total_hours: 0.0,
                    days: 0,
                },
                0,
                0,
            ));
        }
        let r = out.last_mut().expect("pushed above");
        r.1 += d.on_post_secs;
        r.2 += d.other_secs;
        r.0.days += 1;
    }
    out.into_iter()
        .map(|(mut r, on_post, other)| {
            r.on_post_hours = hours::hours(on_post);
            r.other_hours = hours::hours(other);
            r.total_hours = hours::hours(on_post + other);
            r
        })
        .collect()
}

/// The volunteer-hours section: one row per person over the period.
pub fn hours_table(
    store: &Store,
    lang: Lang,
    from_day: i64,
    to_day: i64,
    asof: Ts,
    everyone: bool,
) -> Result<Table> {
    let days = hours_by_day(store, from_day, to_day, asof, everyone)?;
    let rows = hours_totals(&days)
        .into_iter()
        .map(|r| {
            vec![
                r.staff_code.into(),
                r.name.into(),
                Cell::Num(r.on_post_hours),
                Cell::Num(r.other_hours),
                Cell::Num(r.total_hours),
            ]
        })
        .collect();
    Ok(table(
        lang,
        key!("rep.hours"),
        &["staff_code", "name", "on_post_h", "other_h", "total"],
        rows,
    ))
}
