//! Reads for the daily report (日报) and volunteer hours (志愿时) that the panels do not already
//! have. Day bounds are passed in as unix seconds; `asof` is the report's moment (the end of
//! the day, or now for today).

use super::Store;
use crate::domain::Ts;
use crate::report::hours::DutySpan;
use anyhow::Result;
use rusqlite::params;
use std::collections::HashMap;

/// People on duty during a day at one post: per category, and how many are on duty at `asof`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PostHeadcount {
    pub post: String,
    /// medical, cadre, community, volunteer (distinct people).
    pub by_category: [i64; 4],
    pub on_duty_now: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForcedRestRow {
    pub name: String,
    pub staff_code: String,
    pub start: Ts,
    pub end: Ts,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NamedRow {
    pub name: String,
    pub staff_code: String,
    pub community: String,
    /// What the row is about: a temperature in tenths, a time…
    pub value: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayCases {
    /// category → (opened on the day, still open at asof, resolved on the day)
    pub by_category: Vec<(String, i64, i64, i64)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayVisits {
    pub visits: i64,
    pub to_family: i64,
    pub dues_fen: i64,
    pub dues_total_fen: i64,
}

/// A person named by hours: staff code, name.
#[derive(Debug, Clone, PartialEq)]
pub struct HoursPerson {
    pub staff_code: String,
    pub name: String,
}

const CATEGORIES: [&str; 4] = ["medical", "cadre", "community", "volunteer"];

impl Store {
    /// Everyone whose actual duty overlaps `[from, asof)`, per post and category.
    pub fn day_headcount(&self, from: Ts, asof: Ts) -> Result<Vec<PostHeadcount>> {
        let mut st = self.conn.prepare_cached(
            "SELECT po.name, pe.category, count(DISTINCT s.person_id),
                    count(DISTINCT CASE WHEN s.status = 'active' THEN s.person_id END)
             FROM shifts s JOIN people pe ON pe.id = s.person_id JOIN posts po ON po.id = s.post_id
             WHERE s.planned_start < ?2 AND s.planned_start >= ?1 - 2 * 86400
               AND s.actual_start IS NOT NULL AND s.actual_start < ?2
               AND coalesce(s.actual_end, ?2) > ?1
             GROUP BY po.id, pe.category ORDER BY po.id",
        )?;
        let mut out: Vec<PostHeadcount> = vec![];
        let rows = st.query_map(params![from, asof], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        for row in rows {
            let (post, cat, n, now) = row?;
            if out.last().is_none_or(|p| p.post != post) {
                out.push(PostHeadcount {
                    post,
                    ..Default::default()
                });
            }
            let p = out.last_mut().expect("pushed above");
            if let Some(i) = CATEGORIES.iter().position(|c| *c == cat) {
                p.by_category[i] += n;
            }
            p.on_duty_now += now;
        }
        Ok(out)
    }

    /// Forced rest in force at `asof`, longest remaining first.
    pub fn forced_rest_at(&self, asof: Ts) -> Result<Vec<ForcedRestRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT pe.name, pe.staff_code, r.start_at, r.end_at, r.reason
             FROM rest_periods r JOIN people pe ON pe.id = r.person_id
             WHERE r.kind = 'forced' AND r.end_at > ?1 AND r.start_at <= ?1
             ORDER BY r.end_at DESC, pe.id",
        )?;
        let rows = st.query_map([asof], |r| {
            Ok(ForcedRestRow {
                name: r.get(0)?,
                staff_code: r.get(1)?,
                start: r.get(2)?,
                end: r.get(3)?,
                reason: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn named(&self, sql: &str, p: impl rusqlite::Params) -> Result<Vec<NamedRow>> {
        let mut st = self.conn.prepare_cached(sql)?;
        let rows = st.query_map(p, |r| {
            Ok(NamedRow {
                name: r.get(0)?,
                staff_code: r.get(1)?,
                community: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                value: r.get::<_, Option<i64>>(3)?.unwrap_or(0),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Who reported unwell on local day `day` (value: temperature in tenths of °C).
    pub fn unwell_on(&self, day: i64) -> Result<Vec<NamedRow>> {
        self.named(
            "SELECT pe.name, pe.staff_code, c.name, h.temp_dc
             FROM health_reports h JOIN people pe ON pe.id = h.person_id
             LEFT JOIN communities c ON c.id = pe.community_id
             WHERE h.day = ?1 AND h.unwell = 1 ORDER BY h.temp_dc DESC, pe.id",
            [day],
        )
    }

    /// Positive tests sampled in `[from, asof)` (value: when sampled).
    pub fn positives_between(&self, from: Ts, asof: Ts) -> Result<Vec<NamedRow>> {
        self.named(
            "SELECT pe.name, pe.staff_code, c.name, t.tested_at
             FROM nucleic_tests t JOIN people pe ON pe.id = t.person_id
             LEFT JOIN communities c ON c.id = pe.community_id
             WHERE t.tested_at >= ?1 AND t.tested_at < ?2 AND t.result = 'positive'
             ORDER BY t.tested_at, pe.id",
            params![from, asof],
        )
    }

    /// Family cases per category: opened in `[from, asof)`, open at `asof`, resolved in it.
    pub fn day_cases(&self, from: Ts, asof: Ts) -> Result<DayCases> {
        let mut st = self.conn.prepare_cached(
            "SELECT category,
                    sum(opened_at >= ?1 AND opened_at < ?2),
                    sum(opened_at < ?2 AND (resolved_at IS NULL OR resolved_at >= ?2)),
                    sum(resolved_at >= ?1 AND resolved_at < ?2)
             FROM family_cases GROUP BY category ORDER BY category",
        )?;
        let rows = st.query_map(params![from, asof], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                r.get::<_, Option<i64>>(3)?.unwrap_or(0),
            ))
        })?;
        Ok(DayCases {
            by_category: rows.collect::<rusqlite::Result<_>>()?,
        })
    }

    pub fn day_visits(&self, from: Ts, asof: Ts) -> Result<DayVisits> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FILTER (WHERE visited_at >= ?1),
                    count(*) FILTER (WHERE visited_at >= ?1 AND to_family = 1),
                    coalesce(sum(dues_fen) FILTER (WHERE visited_at >= ?1), 0),
                    coalesce(sum(dues_fen), 0)
             FROM care_visits WHERE visited_at < ?2",
            )?
            .query_row(params![from, asof], |r| {
                Ok(DayVisits {
                    visits: r.get(0)?,
                    to_family: r.get(1)?,
                    dues_fen: r.get(2)?,
                    dues_total_fen: r.get(3)?,
                })
            })?)
    }

    /// Actual duty overlapping `[from, to)` (a running shift counts up to `asof`), of volunteers
    /// only unless `everyone`; and who each person is.
    pub fn actual_duty(
        &self,
        from: Ts,
        to: Ts,
        asof: Ts,
        everyone: bool,
    ) -> Result<(Vec<DutySpan>, HashMap<i64, HoursPerson>)> {
        let mut st = self.conn.prepare_cached(
            "SELECT s.person_id, s.actual_start, coalesce(s.actual_end, ?3), po.kind <> 'command',
                    pe.staff_code, pe.name
             FROM shifts s JOIN people pe ON pe.id = s.person_id JOIN posts po ON po.id = s.post_id
             WHERE s.planned_start < ?2 AND s.planned_start >= ?1 - 2 * 86400
               AND s.actual_start IS NOT NULL AND s.status IN ('active', 'done', 'cancelled')
               AND s.actual_start < ?2 AND coalesce(s.actual_end, ?3) > ?1
               AND (?4 OR pe.category = 'volunteer')
             ORDER BY s.person_id, s.actual_start",
        )?;
        let mut spans = vec![];
        let mut people = HashMap::new();
        let mut rows = st.query(params![from, to, asof, everyone])?;
        while let Some(r) = rows.next()? {
            let person: i64 = r.get(0)?;
            spans.push(DutySpan {
                person,
                start: r.get(1)?,
                end: r.get::<_, Ts>(2)?.min(asof),
                on_post: r.get(3)?,
            });
            people.entry(person).or_insert(HoursPerson {
                staff_code: r.get(4)?,
                name: r.get(5)?,
            });
        }
        Ok((spans, people))
    }
}
