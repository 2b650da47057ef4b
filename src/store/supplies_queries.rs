//! The reads behind the supplies screen, `frontline stock` and the logistics requests: stock per
//! depot, each item's last weeks (one `stock_daily` row a day), tomorrow's demand from the
//! planned shifts, and open requests by the time they are needed.

use super::Store;
use super::queries::{Page, SupplyRow, Window};
use crate::domain::time::{day_start, local_day};
use crate::domain::{PostKind, Ts};
use crate::store::db::params;
use anyhow::Result;
use serde::Serialize;

/// A depot: the command-post store (no post) or a post's own cabinet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepotRow {
    pub id: i64,
    pub name: String,
    pub post_id: Option<i64>,
    pub post: Option<String>,
}

/// One item's stock at one depot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepotStock {
    pub depot_id: i64,
    pub depot: String,
    pub on_hand: i64,
}

/// One local day of an item: what came in, went out, was corrected, and what was left at the
/// end of the day (all depots together).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayFigures {
    pub day: i64,
    pub received: i64,
    pub issued: i64,
    pub adjusted: i64,
    pub level: i64,
}

/// An item as the supplies screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupplyLine {
    #[serde(flatten)]
    pub row: SupplyRow,
    /// Units tomorrow's planned shifts will use (ratios per post kind, from the rules).
    pub need_tomorrow: f64,
    pub depots: Vec<DepotStock>,
    /// Oldest first, ending today (today is still running).
    pub history: Vec<DayFigures>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SuppliesScreen {
    pub items: Page<SupplyLine>,
    pub depots: Vec<DepotRow>,
    /// Planned person-shifts starting tomorrow (local day), by post kind.
    pub shifts_tomorrow: Vec<(PostKind, i64)>,
    pub window_days: u32,
    pub low_stock_days: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestRow {
    pub id: i64,
    pub kind: crate::domain::RequestKind,
    pub post_id: Option<i64>,
    pub post: Option<String>,
    pub person_id: Option<i64>,
    pub person: Option<String>,
    pub quantity: i64,
    pub needed_by: Ts,
    pub status: crate::domain::RequestStatus,
    pub note: String,
    pub arrangement: Option<String>,
    pub opened_at: Ts,
}

impl RequestRow {
    /// A row of `SELECT r.id, r.kind, r.post_id, po.name, r.person_id, pe.name, r.quantity,
    /// r.needed_by, r.status, r.note, <arrangement>, r.opened_at`, in that order.
    pub(crate) fn from_row(r: &crate::store::db::Row) -> crate::store::db::Result<RequestRow> {
        Ok(RequestRow {
            id: r.get(0)?,
            kind: r.get(1)?,
            post_id: r.get(2)?,
            post: r.get(3)?,
            person_id: r.get(4)?,
            person: r.get(5)?,
            quantity: r.get(6)?,
            needed_by: r.get(7)?,
            status: r.get(8)?,
            note: r.get(9)?,
            arrangement: r.get(10)?,
            opened_at: r.get(11)?,
        })
    }
}

impl Store {
    /// Every depot, the store(s) first.
    pub fn depots(&self) -> Result<Vec<DepotRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT d.id, d.name, d.post_id, p.name FROM depots d LEFT JOIN posts p ON p.id = d.post_id
             ORDER BY d.post_id IS NOT NULL, d.id",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok(DepotRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    post_id: r.get(2)?,
                    post: r.get(3)?,
                })
            })?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(rows)
    }

    /// Planned person-shifts starting on the local day after `now`, by post kind: at most 96
    /// quarter-hour rows per kind, never the shift rows themselves.
    pub fn shifts_tomorrow(&self, now: Ts) -> Result<Vec<(PostKind, i64)>> {
        let tz = self.cfg.tz;
        let tomorrow = local_day(now, tz) + 1;
        // Kept by triggers per quarter hour and post kind (schema migration 6).
        let mut st = self.conn.prepare_cached(
            "SELECT kind, sum(n) FROM planned_quarters
             WHERE quarter >= ?1 / 900 AND quarter < ?2 / 900
             GROUP BY kind HAVING sum(n) > 0 ORDER BY kind",
        )?;
        let rows = st
            .query_map(
                params![day_start(tomorrow, tz), day_start(tomorrow + 1, tz)],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
            )?
            .collect::<crate::store::db::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(k, n)| PostKind::parse(&k).map(|k| (k, n)))
            .collect())
    }

    /// Stock of every item at every depot that holds some, by item.
    fn depot_stock(&self) -> Result<Vec<(i64, DepotStock)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT s.item_id, d.id, d.name, s.on_hand FROM stock s JOIN depots d ON d.id = s.depot_id
             ORDER BY s.item_id, d.post_id IS NOT NULL, d.id",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    DepotStock {
                        depot_id: r.get(1)?,
                        depot: r.get(2)?,
                        on_hand: r.get(3)?,
                    },
                ))
            })?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(rows)
    }

    /// The last `days` local days of each of `items` (id, stock today), ending today, in one
    /// statement (on a server a statement per item was a round trip per line of the supplies
    /// screen): the days of every item, by the key of each, those of the others skipped. The
    /// level at the end of each day is worked back from today's stock through the days' net
    /// change, so it costs one row a day however many movements there were.
    pub fn items_history(
        &self,
        now: Ts,
        items: &[(i64, i64)],
        days: usize,
    ) -> Result<Vec<Vec<DayFigures>>> {
        let today = local_day(now, self.cfg.tz);
        let from = today - days.max(1) as i64 + 1;
        let blank: Vec<DayFigures> = (from..=today)
            .map(|day| DayFigures {
                day,
                received: 0,
                issued: 0,
                adjusted: 0,
                level: 0,
            })
            .collect();
        let mut out: Vec<Vec<DayFigures>> = vec![blank; items.len()];
        if items.is_empty() {
            return Ok(out);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT d.item_id, d.day, d.received, d.issued, d.adjusted FROM supply_items i
             JOIN stock_daily d ON d.item_id = i.id AND d.day >= ?1 AND d.day <= ?2",
        )?;
        for r in st.query_map(params![from, today], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })? {
            let (item, d, rec, iss, adj) = r?;
            for (i, _) in items.iter().enumerate().filter(|(_, (id, _))| *id == item) {
                let f = &mut out[i][(d - from) as usize];
                (f.received, f.issued, f.adjusted) = (rec, iss, adj);
            }
        }
        for (days, (_, on_hand)) in out.iter_mut().zip(items) {
            let mut level = *on_hand;
            for f in days.iter_mut().rev() {
                f.level = level.max(0);
                level -= f.received - f.issued + f.adjusted;
            }
        }
        Ok(out)
    }

    /// What the supplies screen shows: the items (windowed, low first) with their depots, last
    /// `history_days` days and tomorrow's need, and the depots.
    pub fn supplies_screen(
        &self,
        now: Ts,
        w: &Window,
        history_days: usize,
    ) -> Result<SuppliesScreen> {
        let page = self.supplies(now, w)?;
        let shifts = self.shifts_tomorrow(now)?;
        let stock = self.depot_stock()?;
        let supplies = &self.cfg.rules.supplies;
        let mut histories = if history_days > 0 {
            let items: Vec<(i64, i64)> = page.rows.iter().map(|r| (r.id, r.on_hand)).collect();
            self.items_history(now, &items, history_days)?
        } else {
            Vec::new()
        };
        let mut rows = Vec::with_capacity(page.rows.len());
        for (i, row) in page.rows.into_iter().enumerate() {
            let history = histories.get_mut(i).map(std::mem::take).unwrap_or_default();
            rows.push(SupplyLine {
                need_tomorrow: supplies.demand(&row.code, &shifts),
                depots: stock
                    .iter()
                    .filter(|(i, _)| *i == row.id)
                    .map(|(_, d)| d.clone())
                    .collect(),
                history,
                row,
            });
        }
        Ok(SuppliesScreen {
            items: Page {
                rows,
                total: page.total,
            },
            depots: self.depots()?,
            shifts_tomorrow: shifts,
            window_days: supplies.burn_window_days,
            low_stock_days: self.cfg.rules.low_stock_days,
        })
    }

    /// Logistics requests by the time they are needed: pending ones (open or arranged) unless
    /// `all`, filtered on kind, post, person or note.
    pub fn requests(&self, w: &Window, all: bool) -> Result<Page<RequestRow>> {
        let c = &self.conn;
        let cond = "(?1 = '%%' OR r.kind LIKE ?1 ESCAPE '\\' OR po.name LIKE ?1 ESCAPE '\\'
                     OR pe.name LIKE ?1 ESCAPE '\\' OR r.note LIKE ?1 ESCAPE '\\')";
        let (from, pending) = if all {
            ("logistics_requests r", "true")
        } else {
            (
                "logistics_requests r INDEXED BY requests_pending",
                "r.status <> 'done'",
            )
        };
        let joins =
            "LEFT JOIN posts po ON po.id = r.post_id LEFT JOIN people pe ON pe.id = r.person_id";
        let total = c
            .prepare_cached(&format!(
                "SELECT count(*) FROM {from} {joins} WHERE {pending} AND {cond}"
            ))?
            .query_row([w.like()], |r| r.get::<_, i64>(0))? as usize;
        let mut st = c.prepare_cached(&format!(
            "SELECT r.id, r.kind, r.post_id, po.name, r.person_id, pe.name, r.quantity, r.needed_by,
                    r.status, r.note, r.arrangement, r.opened_at
             FROM {from} {joins} WHERE {pending} AND {cond}
             ORDER BY r.needed_by, r.id LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = st
            .query_map(
                params![w.like(), w.lim(), w.offset as i64],
                RequestRow::from_row,
            )?
            .collect::<crate::store::db::Result<_>>()?;
        Ok(Page { rows, total })
    }
}
