//! Reads for the daily report (日报) and volunteer hours (志愿时) that the panels do not already
//! have. Day bounds are passed in as unix seconds; `asof` is the report's moment (the end of
//! the day, or now for today).

use super::Store;
use crate::domain::Ts;
use crate::domain::hours::DutySpan;
use crate::store::db::params;
use anyhow::Result;
use std::collections::HashMap;

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

impl Store {
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
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    fn named(&self, sql: &str, p: impl crate::store::db::Params) -> Result<Vec<NamedRow>> {
        let mut st = self.conn.prepare_cached(sql)?;
        let rows = st.query_map(p, |r| {
            Ok(NamedRow {
                name: r.get(0)?,
                staff_code: r.get(1)?,
                community: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                value: r.get::<_, Option<i64>>(3)?.unwrap_or(0),
            })
        })?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Who reported unwell on local day `day` by `asof` (value: temperature in tenths of °C).
    pub fn unwell_on(&self, day: i64, asof: Ts) -> Result<Vec<NamedRow>> {
        self.named(
            "SELECT pe.name, pe.staff_code, c.name, h.temp_dc
             FROM health_reports h JOIN people pe ON pe.id = h.person_id
             LEFT JOIN communities c ON c.id = pe.community_id
             WHERE h.day = ?1 AND h.unwell = 1 AND h.reported_at <= ?2
             ORDER BY h.temp_dc DESC, pe.id",
            params![day, asof],
        )
    }

    /// Positive tests sampled in `[from, asof]` whose result was recorded by `asof` (value:
    /// when sampled).
    pub fn positives_between(&self, from: Ts, asof: Ts) -> Result<Vec<NamedRow>> {
        self.named(
            "SELECT pe.name, pe.staff_code, c.name, t.tested_at
             FROM nucleic_tests t JOIN people pe ON pe.id = t.person_id
             LEFT JOIN communities c ON c.id = pe.community_id
             WHERE t.tested_at >= ?1 AND t.tested_at <= ?2 AND t.recorded_at <= ?2
               AND t.result = 'positive'
             ORDER BY t.tested_at, pe.id",
            params![from, asof],
        )
    }

    /// Family cases per category: opened in `[from, asof]`, open at `asof` (opened by then, not
    /// resolved by then), resolved in `[from, asof]`.
    pub fn day_cases(&self, from: Ts, asof: Ts) -> Result<DayCases> {
        let mut st = self.conn.prepare_cached(
            "SELECT category,
                    count(*) FILTER (WHERE opened_at >= ?1 AND opened_at <= ?2),
                    count(*) FILTER (WHERE opened_at <= ?2 AND (resolved_at IS NULL OR resolved_at > ?2)),
                    count(*) FILTER (WHERE resolved_at >= ?1 AND resolved_at <= ?2)
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
            by_category: rows.collect::<crate::store::db::Result<_>>()?,
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
             FROM care_visits WHERE visited_at <= ?2",
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

    /// Actual duty overlapping `[from, to)` as of `asof` (see `asof_queries`), of volunteers
    /// only unless `everyone`, each stretch on post unless at the command post; and who each
    /// person is.
    pub fn actual_duty(
        &self,
        from: Ts,
        to: Ts,
        asof: Ts,
        everyone: bool,
    ) -> Result<(Vec<DutySpan>, HashMap<i64, HoursPerson>)> {
        let posts = self.post_names()?;
        let mut who = self.conn.prepare_cached(
            "SELECT staff_code, name, category = 'volunteer' FROM people WHERE id = ?1",
        )?;
        let mut spans = vec![];
        let mut people: HashMap<i64, HoursPerson> = HashMap::new();
        let mut skip = std::collections::HashSet::new();
        for s in self.post_spans(from, to, asof)? {
            if skip.contains(&s.person) {
                continue;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = people.entry(s.person) {
                let (staff_code, name, volunteer): (String, String, bool) =
                    who.query_row([s.person], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                if !everyone && !volunteer {
                    skip.insert(s.person);
                    continue;
                }
                e.insert(HoursPerson { staff_code, name });
            }
            spans.push(DutySpan {
                person: s.person,
                start: s.start,
                end: s.end,
                on_post: posts.get(&s.post).is_none_or(|p| p.1 != "command"),
            });
        }
        Ok((spans, people))
    }
}
