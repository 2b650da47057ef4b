//! The roster (花名册): everyone, searchable on name, staff code, unit and community, sorted on
//! any column. Every sort is an index walk: name, staff code, category, source unit and
//! community have an index each (migration 8); party status and current status are
//! walked as segments in a fixed order (member, activist, applicant, none; on duty, out of
//! service, forced rest, resting, off, retired), each segment an index walk or a small set.

use super::Store;
use super::kept::Rank;
use super::queries::{Page, Window};
use crate::domain::people::{PersonState, Record, duty_totals};
use crate::domain::time::local_day;
use crate::domain::{PartyStatus, Ts};
use crate::store::db::{Connection, named_params};
use anyhow::Result;
use chrono_tz::Tz;
use serde::Serialize;

/// The roster's sort column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RosterSort {
    #[default]
    Name,
    Code,
    Category,
    Unit,
    Community,
    Party,
    Status,
}

impl RosterSort {
    pub const ALL: [RosterSort; 7] = [
        RosterSort::Name,
        RosterSort::Code,
        RosterSort::Category,
        RosterSort::Unit,
        RosterSort::Community,
        RosterSort::Party,
        RosterSort::Status,
    ];
    pub fn next(self) -> RosterSort {
        let i = Self::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
    pub fn parse(s: &str) -> Option<RosterSort> {
        Some(match s {
            "name" => RosterSort::Name,
            "code" | "staff_code" => RosterSort::Code,
            "category" => RosterSort::Category,
            "unit" | "source_unit" => RosterSort::Unit,
            "community" => RosterSort::Community,
            "party" => RosterSort::Party,
            "status" | "state" => RosterSort::Status,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterRow {
    pub id: i64,
    pub staff_code: String,
    pub name: String,
    pub category: crate::domain::Category,
    pub source_unit: String,
    pub community_id: Option<i64>,
    pub community: Option<String>,
    pub party_status: crate::domain::PartyStatus,
    pub phone: String,
    pub retired_at: Option<Ts>,
    pub state: PersonState,
    /// Where, when on duty.
    pub post: Option<String>,
    /// 双报到: registered with the residence community.
    pub dual_registered: bool,
    pub party_branch: String,
    pub residence_community_id: Option<i64>,
    pub residence_community: Option<String>,
}

/// The state of `pe` now (`:now`), highest first.
pub(crate) const STATE_CASE: &str = "CASE WHEN pe.retired_at IS NOT NULL THEN 'retired'
  WHEN EXISTS(SELECT 1 FROM shifts s WHERE s.person_id = pe.id AND s.status = 'active') THEN 'on_duty'
  WHEN EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = pe.id AND o.end_at IS NULL) THEN 'out_of_service'
  WHEN EXISTS(SELECT 1 FROM rest_periods r WHERE r.person_id = pe.id AND r.kind = 'forced' AND r.start_at <= :now AND r.end_at > :now) THEN 'forced_rest'
  WHEN EXISTS(SELECT 1 FROM rest_periods r WHERE r.person_id = pe.id AND r.start_at <= :now AND r.end_at > :now AND r.end_at > r.start_at) THEN 'resting'
  ELSE 'off' END";

const COLS: &str = "pe.id, pe.staff_code, pe.name, pe.category, pe.source_unit, pe.community_id, c.name,
  pe.party_status, pe.phone, pe.retired_at, pe.dual_registered, pe.party_branch, pe.residence_community_id, rc.name";

const FROM: &str = "people pe LEFT JOIN communities c ON c.id = pe.community_id
  LEFT JOIN communities rc ON rc.id = pe.residence_community_id";

/// The search, on the person's own columns and their community's name (no join: the walk
/// stays on one index).
const FILTER: &str = "(:f = '%%' OR pe.name LIKE :f ESCAPE '\\' OR pe.staff_code LIKE :f ESCAPE '\\' OR pe.phone LIKE :f ESCAPE '\\'
  OR pe.source_unit LIKE :f ESCAPE '\\' OR pe.community_id IN (SELECT id FROM communities WHERE name LIKE :f ESCAPE '\\'))";

// The sets behind the states that end with the clock, each read once per query (an IN over a
// subquery).
const PE: &str = "people pe";
/// Those with a rest ending after now (`rest_until`, migration 13): the few who can be in
/// forced rest or resting, walked on their own index instead of testing 60 000 of rank 4.
const PE_RESTING: &str = "people pe INDEXED BY people_resting";

const FORCED: &str = "(SELECT person_id FROM rest_periods WHERE kind = 'forced' AND end_at > :now AND start_at <= :now)";
const REST: &str = "(SELECT person_id FROM rest_periods WHERE end_at > :now AND start_at <= :now)";

fn roster_row(r: &crate::store::db::Row) -> crate::store::db::Result<RosterRow> {
    let state: String = r.get(14)?;
    Ok(RosterRow {
        id: r.get(0)?,
        staff_code: r.get(1)?,
        name: r.get(2)?,
        category: r.get(3)?,
        source_unit: r.get(4)?,
        community_id: r.get(5)?,
        community: r.get(6)?,
        party_status: r.get(7)?,
        phone: r.get(8)?,
        retired_at: r.get(9)?,
        dual_registered: r.get::<_, i64>(10)? != 0,
        party_branch: r.get(11)?,
        residence_community_id: r.get(12)?,
        residence_community: r.get(13)?,
        state: PersonState::parse(&state).unwrap_or(PersonState::Off),
        post: r.get(15)?,
    })
}

/// One person's row, retired or not.
fn row_of(conn: &Connection, id: i64, now: Ts) -> Result<Option<RosterRow>> {
    use crate::store::db::OptionalExtension;
    let sql = format!(
        "SELECT {COLS}, {STATE_CASE},
           (SELECT po.name FROM shifts s JOIN posts po ON po.id = s.post_id WHERE s.person_id = pe.id AND s.status = 'active')
         FROM {FROM} WHERE pe.id = :id"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(named_params! {":id": id, ":now": now}, roster_row)
        .optional()?)
}

/// A window of `cond` (and the filter) in `order`: the ids by an index walk (no join, no
/// sort), then each row of the window by its id. `from` is `PE`, or names the index to walk.
#[allow(clippy::too_many_arguments)]
fn rows(
    conn: &Connection,
    from: &str,
    cond: &str,
    order: &str,
    w: &Window,
    offset: usize,
    limit: Option<usize>,
    now: Ts,
) -> Result<Vec<RosterRow>> {
    // Unfiltered, the walk reads the sort index alone (it holds the id).
    let filter = if w.filter.trim().is_empty() {
        "true"
    } else {
        FILTER
    };
    let sql = format!(
        "SELECT pe.id FROM {from} WHERE {cond} AND {filter} ORDER BY {order} LIMIT :lim OFFSET :off"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let lim = limit.map_or(-1, |l| l as i64);
    let like = w.like();
    let off = offset as i64;
    let mut names: Vec<(&str, &dyn crate::store::db::ToSql)> = vec![(":lim", &lim), (":off", &off)];
    if sql.contains(":f") {
        names.push((":f", &like));
    }
    if sql.contains(":now") {
        names.push((":now", &now));
    }
    let ids: Vec<i64> = st
        .query_map(names.as_slice(), |r| r.get(0))?
        .collect::<crate::store::db::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(r) = row_of(conn, id, now)? {
            out.push(r);
        }
    }
    Ok(out)
}

fn count(conn: &Connection, sql: &str, w: &Window, now: Ts) -> Result<usize> {
    let mut st = conn.prepare_cached(sql)?;
    let mut names: Vec<(&str, &dyn crate::store::db::ToSql)> = Vec::new();
    let like = w.like();
    if sql.contains(":f") {
        names.push((":f", &like));
    }
    if sql.contains(":now") {
        names.push((":now", &now));
    }
    Ok(st.query_row(names.as_slice(), |r| r.get::<_, i64>(0))? as usize)
}

/// Segments of the status order: (condition, state), each exclusive of the ones before. On
/// duty, out of service and retired are the person's kept `duty_rank` (`store::kept::Rank`),
/// each an index walk in name order; forced rest and rest end with the clock, so they are read
/// from their sets, which are small, walking only those whose latest rest ends after now
/// (`people_resting`); off duty is everyone else available, walked on `people_rank_rest` with
/// their latest rest end (`rest_until`, migration 13).
fn state_segments() -> Vec<(&'static str, String, PersonState)> {
    let rank = |r: Rank| r.is("pe.duty_rank");
    let free = rank(Rank::Available);
    vec![
        (PE, rank(Rank::OnDuty), PersonState::OnDuty),
        (PE, rank(Rank::OutOfService), PersonState::OutOfService),
        (
            PE_RESTING,
            format!("pe.rest_until > :now AND {free} AND pe.id IN {FORCED}"),
            PersonState::ForcedRest,
        ),
        (
            PE_RESTING,
            format!(
                "pe.rest_until > :now AND {free} AND pe.id IN {REST} AND pe.id NOT IN {FORCED}"
            ),
            PersonState::Resting,
        ),
        // Whoever has no rest ending after now is not resting: tested on the index
        // (`people_rank_rest`), so only the few with a rest still to end are looked up.
        (
            PE,
            format!(
                "{free} AND (pe.rest_until IS NULL OR pe.rest_until <= :now OR pe.id NOT IN {REST})"
            ),
            PersonState::Off,
        ),
        (PE, rank(Rank::Retired), PersonState::Retired),
    ]
}

/// How many are in a state, counted on the rank index or from the state's set (never row by
/// row over everyone); `None` for off duty (everyone else).
fn state_count_sql(s: PersonState) -> Option<String> {
    let count = |r: Rank| format!("SELECT count(*) FROM people WHERE {}", r.is("duty_rank"));
    let free = Rank::Available.is("pe.duty_rank");
    Some(match s {
        PersonState::OnDuty => count(Rank::OnDuty),
        PersonState::OutOfService => count(Rank::OutOfService),
        PersonState::ForcedRest => format!(
            "SELECT count(*) FROM {PE_RESTING} WHERE pe.rest_until > :now AND {free}
               AND pe.id IN {FORCED}"
        ),
        PersonState::Resting => format!(
            "SELECT count(*) FROM {PE_RESTING} WHERE pe.rest_until > :now AND {free}
               AND pe.id IN {REST} AND pe.id NOT IN {FORCED}"
        ),
        PersonState::Off => return None,
        PersonState::Retired => count(Rank::Retired),
    })
}

/// The status rank of `pe`: the kept rank, with forced rest (2) and rest (3) between out of
/// service and available.
fn state_rank() -> String {
    format!(
        "CASE WHEN pe.duty_rank <> {a} THEN pe.duty_rank WHEN pe.id IN {FORCED} THEN 2
           WHEN pe.id IN {REST} THEN 3 ELSE {a} END",
        a = Rank::Available as i64
    )
}

impl Store {
    /// A window of the roster in `sort` order, at `now`.
    pub fn roster(&self, now: Ts, sort: RosterSort, w: &Window) -> Result<Page<RosterRow>> {
        let c = &self.conn;
        let filtered = !w.filter.trim().is_empty();
        let total = if filtered {
            count(
                c,
                &format!("SELECT count(*) FROM {FROM} WHERE {FILTER}"),
                w,
                now,
            )?
        } else {
            count(c, "SELECT count(*) FROM people", w, now)?
        };
        let order = match sort {
            RosterSort::Name => "pe.name, pe.id",
            RosterSort::Code => "pe.staff_code",
            RosterSort::Category => "pe.category, pe.name, pe.id",
            RosterSort::Unit => "pe.source_unit, pe.name, pe.id",
            RosterSort::Community => "pe.community_id, pe.name, pe.id",
            RosterSort::Party | RosterSort::Status if filtered => {
                // The matches are scanned anyway: sort them by rank.
                let rank = if sort == RosterSort::Party {
                    "CASE pe.party_status WHEN 'member' THEN 0 WHEN 'activist' THEN 1 WHEN 'applicant' THEN 2 ELSE 3 END".to_string()
                } else {
                    state_rank()
                };
                let order = format!("{rank}, pe.name, pe.id");
                let rows = rows(c, PE, "true", &order, w, w.offset, w.limit, now)?;
                return Ok(Page { rows, total });
            }
            RosterSort::Party => {
                let segs: Vec<(&str, String, usize)> = PartyStatus::ALL
                    .iter()
                    .map(|p| {
                        let cond = format!("pe.party_status = '{}'", p.as_str());
                        let n = count(
                            c,
                            &format!("SELECT count(*) FROM people pe WHERE {cond}"),
                            w,
                            now,
                        )?;
                        Ok((PE, cond, n))
                    })
                    .collect::<Result<_>>()?;
                let rows = self.segmented(&segs, w, now)?;
                return Ok(Page { rows, total });
            }
            RosterSort::Status => {
                let mut segs: Vec<(&str, String, usize)> = Vec::new();
                let mut others = 0;
                for (from, cond, s) in state_segments() {
                    let n = match state_count_sql(s) {
                        Some(sql) => count(c, &sql, w, now)?,
                        None => 0,
                    };
                    others += n;
                    segs.push((from, cond, n));
                }
                // Off: everyone else (the big segment is never counted row by row).
                let off = total.saturating_sub(others);
                if let Some(s) = segs.get_mut(4) {
                    s.2 = off;
                }
                let rows = self.segmented(&segs, w, now)?;
                return Ok(Page { rows, total });
            }
        };
        let rows = rows(c, PE, "true", order, w, w.offset, w.limit, now)?;
        Ok(Page { rows, total })
    }

    /// The window over segments laid end to end, each in name order.
    fn segmented(
        &self,
        segs: &[(&str, String, usize)],
        w: &Window,
        now: Ts,
    ) -> Result<Vec<RosterRow>> {
        let lim = w.limit.unwrap_or(usize::MAX);
        let mut out: Vec<RosterRow> = Vec::new();
        let mut start = 0usize;
        for (from, cond, n) in segs {
            let end = start + n;
            let want = w.offset + out.len();
            if out.len() >= lim {
                break;
            }
            if *n > 0 && want < end {
                let local = want.saturating_sub(start);
                let take = (lim - out.len()).min(end - want.max(start));
                out.extend(rows(
                    &self.conn,
                    from,
                    cond,
                    "pe.name, pe.id",
                    w,
                    local,
                    Some(take),
                    now,
                )?);
            }
            start = end;
        }
        Ok(out)
    }

    /// One person's roster row by id (retired too).
    pub fn roster_row(&self, now: Ts, id: i64) -> Result<Option<RosterRow>> {
        row_of(&self.conn, id, now)
    }

    /// The one person `key` names (see `person_ref`); several are an error, never a guess.
    pub fn person_id(&self, key: &str) -> Result<Option<i64>> {
        use super::person_ref::{Resolved, resolve};
        match resolve(&self.conn, key, 0)? {
            Resolved::One(c) => Ok(Some(c.id)),
            Resolved::None => Ok(None),
            Resolved::Many { total, .. } => {
                anyhow::bail!("'{}' names {total} people", key.trim())
            }
        }
    }

    pub fn record(&self, person: i64, now: Ts) -> Result<Record> {
        Ok(record(&self.conn, person, now, self.cfg.tz)?)
    }
}

/// A person's frontline record at `now`, from their shifts, rests, talks, trainings and
/// commendations (each read by the person's index).
pub(crate) fn record(
    conn: &Connection,
    person: i64,
    now: Ts,
    tz: Tz,
) -> crate::store::db::Result<Record> {
    let spans: Vec<(Ts, Ts)> = conn
        .prepare_cached(
            "SELECT actual_start, CASE WHEN status = 'active' THEN max(?2, actual_start) ELSE actual_end END
             FROM shifts WHERE person_id = ?1 AND status IN ('done', 'active')
               AND actual_start IS NOT NULL AND (actual_end IS NOT NULL OR status = 'active')
             ORDER BY planned_start",
        )?
        .query_map(rusqlite::params![person, now], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::store::db::Result<_>>()?;
    let (hours, duty_days) = duty_totals(&spans, |t| local_day(t, tz));
    let n = |sql: &str| -> crate::store::db::Result<i64> {
        conn.prepare_cached(sql)?.query_row([person], |r| r.get(0))
    };
    Ok(Record {
        hours,
        duty_days,
        shifts: spans.len() as i64,
        forced_rests: n(
            "SELECT count(*) FROM rest_periods WHERE person_id = ?1 AND kind = 'forced'",
        )?,
        talks: n("SELECT count(*) FROM talks WHERE person_id = ?1")?,
        trainings: n("SELECT count(*) FROM trainings WHERE person_id = ?1")?,
        commendations: n(
            "SELECT count(*) FROM nominations WHERE person_id = ?1 AND status IN ('approved', 'publicised')",
        )?,
        first_duty: spans.first().map(|s| s.0),
        last_duty: spans.last().map(|s| s.1),
    })
}
