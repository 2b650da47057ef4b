//! One way to name a person, everywhere (`frontline do`, import, the console, read-only
//! commands): `#42` is the person whose id is 42; anything else is a staff code as typed or a
//! name. A lookup returns *every* person the text names; more than one is never guessed.
//!
//! Bare digits are also tried as an id (older scripts name people so), but only as one more
//! candidate: when staff code `42` and person 42 are different people, both are listed.

use crate::domain::Ts;
use crate::store::db::{Connection, params};
use serde::Serialize;

/// At most this many candidates are listed in a refusal; the count says how many there were.
pub const MAX_LISTED: usize = 8;

/// What the text names: an explicit id (`#42`) or a staff code / name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Key<'a> {
    Id(i64),
    /// `#` followed by something that is not a number: names nobody.
    BadId,
    Text(&'a str),
}

pub fn parse(text: &str) -> Key<'_> {
    let t = text.trim();
    match t.strip_prefix('#') {
        Some(n) => n.trim().parse().map(Key::Id).unwrap_or(Key::BadId),
        None => Key::Text(t),
    }
}

/// The explicit id form of a person, for code that already holds the id.
pub fn id_form(id: i64) -> String {
    format!("#{id}")
}

/// A staff code may not look like an id form.
pub fn looks_like_id_form(code: &str) -> bool {
    code.trim_start().starts_with('#')
}

/// One person a text may name, with what tells them apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub staff_code: String,
    pub community: Option<String>,
    /// The last four digits of the phone ("" when none).
    pub phone_tail: String,
    /// on_duty, out_of_service, forced_rest, resting, off or retired (`state.*` in i18n).
    pub state: String,
}

impl Candidate {
    /// `FL000042 范杰邦 · 东湖社区 · ☎1234 · on_duty` (the state as stored; callers translate).
    pub fn line(&self, state_label: &str) -> String {
        let mut s = format!("#{} {} {}", self.id, self.staff_code, self.name);
        if let Some(c) = &self.community {
            s.push_str(" · ");
            s.push_str(c);
        }
        if !self.phone_tail.is_empty() {
            s.push_str(" · ☎");
            s.push_str(&self.phone_tail);
        }
        s.push_str(" · ");
        s.push_str(state_label);
        s
    }
}

fn tail4(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    digits[digits.len().saturating_sub(4)..].iter().collect()
}

/// Every person `text` names (retired people too, marked so), by id; at most `limit` rows
/// plus the total count.
pub fn lookup(
    conn: &Connection,
    text: &str,
    now: Ts,
    limit: usize,
) -> crate::store::db::Result<(Vec<Candidate>, usize)> {
    let (id, t): (Option<i64>, Option<&str>) = match parse(text) {
        Key::Id(id) => (Some(id), None),
        Key::BadId => return Ok((Vec::new(), 0)),
        Key::Text("") => return Ok((Vec::new(), 0)),
        Key::Text(t) => {
            let legacy = if t.bytes().all(|b| b.is_ascii_digit()) {
                t.parse().ok()
            } else {
                None
            };
            (legacy, Some(t))
        }
    };
    // Three indexed equalities joined by OR: SQLite answers each from its index. The row
    // limit is `+?4`, not `?4`: SQLite plans with a bare bound LIMIT's value and so compiles
    // the statement again each time it is bound (measured: 41 µs a lookup instead of 5, two
    // thirds of a 100 000-row health import); the plan here does not depend on it.
    let mut st = conn.prepare_cached(
        "SELECT pe.id, pe.name, pe.staff_code, c.name, pe.phone,
           CASE WHEN pe.retired_at IS NOT NULL THEN 'retired'
                WHEN EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = pe.id AND s.status = 'active') THEN 'on_duty'
                WHEN EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = pe.id AND o.end_at IS NULL) THEN 'out_of_service'
                WHEN EXISTS(SELECT 1 FROM rest_periods r WHERE r.person_id = pe.id AND r.kind = 'forced' AND r.end_at > ?3 AND r.start_at <= ?3) THEN 'forced_rest'
                WHEN EXISTS(SELECT 1 FROM rest_periods r WHERE r.person_id = pe.id AND r.end_at > ?3 AND r.start_at <= ?3) THEN 'resting'
                ELSE 'off' END
         FROM people pe LEFT JOIN communities c ON c.id = pe.community_id
         WHERE pe.id = ?1 OR pe.staff_code = ?2 OR pe.name = ?2
         ORDER BY pe.id LIMIT +?4",
    )?;
    let rows = st
        .query_map(params![id, t, now, limit as i64], |r| {
            Ok(Candidate {
                id: r.get(0)?,
                name: r.get(1)?,
                staff_code: r.get(2)?,
                community: r.get(3)?,
                phone_tail: tail4(&r.get::<_, String>(4)?),
                state: r.get(5)?,
            })
        })?
        .collect::<crate::store::db::Result<Vec<_>>>()?;
    // Fewer rows than the limit are every row, and an `#id` names one row at most: the count
    // is asked only when a page of text matches is full (one statement a lookup instead of
    // two, so each row of a bulk import saves a round trip).
    if rows.len() < limit || t.is_none() {
        let n = rows.len();
        return Ok((rows, n));
    }
    let total: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM people
             WHERE id = ?1 OR staff_code = ?2 OR name = ?2",
        )?
        .query_row(params![id, t], |r| r.get(0))?;
    Ok((rows, total as usize))
}

/// The one person `text` names, or why not.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    One(Candidate),
    None,
    Many {
        candidates: Vec<Candidate>,
        total: usize,
    },
}

pub fn resolve(conn: &Connection, text: &str, now: Ts) -> crate::store::db::Result<Resolved> {
    let (mut rows, total) = lookup(conn, text, now, MAX_LISTED)?;
    Ok(match total {
        0 => Resolved::None,
        1 if rows.len() == 1 => Resolved::One(rows.remove(0)),
        _ => Resolved::Many {
            candidates: rows,
            total,
        },
    })
}

impl crate::store::Store {
    /// Every person `text` names (see the module), at most `limit`, and the total.
    pub fn lookup_people(
        &self,
        text: &str,
        now: Ts,
        limit: usize,
    ) -> anyhow::Result<(Vec<Candidate>, usize)> {
        Ok(lookup(&self.conn, text, now, limit)?)
    }

    /// The one person `text` names (retired too) for a read-only command, or the refusal
    /// (unknown, or several: never guessed) for the caller to say in the user's language.
    pub fn resolve_person(
        &self,
        text: &str,
        now: Ts,
    ) -> Result<i64, crate::store::commands::Refusal> {
        use crate::store::commands::Refusal;
        match resolve(&self.conn, text, now)? {
            Resolved::One(c) => Ok(c.id),
            Resolved::None => Err(Refusal::UnknownPerson(text.trim().to_string())),
            Resolved::Many { candidates, total } => Err(Refusal::AmbiguousPerson {
                text: text.trim().to_string(),
                candidates,
                total,
            }),
        }
    }
}

/// What the console's "who?" field found for the text typed so far: exactly one person, or
/// several (never guessed; the form lists them and waits for a sharper text).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pick {
    pub one: Option<crate::store::queries::PersonHit>,
    /// Up to `MAX_LISTED` of the people the text may mean, when more than one, with what
    /// tells them apart (staff code, community, phone tail, state).
    pub many: Vec<Candidate>,
    /// How many people it may mean (at least `many.len()`).
    pub total: usize,
}

impl crate::store::Store {
    /// The exact forms first (`#id`, staff code, whole name); failing those, a name prefix.
    pub fn pick_person(&self, now: Ts, text: &str) -> anyhow::Result<Pick> {
        use crate::store::queries::PersonHit;
        let (rows, total) = lookup(&self.conn, text, now, MAX_LISTED)?;
        let live: Vec<PersonHit> = rows
            .into_iter()
            .filter(|c| c.state != "retired")
            .map(|c| PersonHit {
                id: c.id,
                name: c.name,
                staff_code: c.staff_code,
                status: if c.state == "off" {
                    "available".into()
                } else {
                    c.state
                },
            })
            .collect();
        let (mut hits, total) = if total > 1 {
            (live, total)
        } else if total == 1 {
            let n = live.len();
            (live, n)
        } else {
            let hits = self.find_people(now, text, 100)?;
            let n = hits.len();
            (hits, n)
        };
        Ok(if total == 1 && hits.len() == 1 {
            Pick {
                one: hits.pop(),
                many: Vec::new(),
                total,
            }
        } else {
            hits.truncate(MAX_LISTED);
            let mut many = Vec::with_capacity(hits.len());
            for h in hits {
                many.extend(lookup(&self.conn, &id_form(h.id), now, 1)?.0);
            }
            Pick {
                one: None,
                many,
                total,
            }
        })
    }
}

/// A person found by id, staff code or name, for forms that ask "who?".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonHit {
    pub id: i64,
    pub name: String,
    pub staff_code: String,
    pub status: String,
}

impl super::Store {
    /// Find people by id, staff code or name (prefix), for a form's "who?" field.
    pub fn find_people(&self, now: Ts, text: &str, limit: usize) -> anyhow::Result<Vec<PersonHit>> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(Vec::new());
        }
        let mut st = self.conn.prepare_cached(
            "SELECT pe.id, pe.name, pe.staff_code,
               CASE WHEN EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = pe.id AND s.status = 'active') THEN 'on_duty'
                    WHEN EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = pe.id AND o.end_at IS NULL) THEN 'out_of_service'
                    WHEN EXISTS(SELECT 1 FROM rest_periods r WHERE r.person_id = pe.id AND r.kind = 'forced' AND r.end_at > ?3 AND r.start_at <= ?3) THEN 'forced_rest'
                    WHEN EXISTS(SELECT 1 FROM rest_periods r WHERE r.person_id = pe.id AND r.end_at > ?3 AND r.start_at <= ?3) THEN 'resting'
                    ELSE 'available' END
             FROM people pe WHERE pe.retired_at IS NULL AND (pe.staff_code = ?1 OR pe.id = ?5 OR pe.name >= ?1 AND pe.name < ?2)
             ORDER BY pe.staff_code = ?1 DESC, pe.name, pe.id LIMIT ?4",
        )?;
        // Name prefix as an index range: [t, t + U+10FFFF).
        let upper = format!("{t}\u{10FFFF}");
        let rows = st
            .query_map(
                params![t, upper, now, limit as i64, crate::store::db::digits_id(t)],
                |r| {
                    Ok(PersonHit {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        staff_code: r.get(2)?,
                        status: r.get(3)?,
                    })
                },
            )?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(rows)
    }
}
