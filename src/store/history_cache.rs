//! The finished shifts the Overdue panel evaluates, kept in memory between refreshes.
//!
//! A visible overdue row needs the person's finished shifts before the running one; at city
//! size that is about 20 index range reads (~0.5 ms) on every refresh, while the answer for a
//! running shift almost never changes. Entries are keyed by (person, start of the running
//! shift) and dropped by reading the audit log, which every write has a row in: a new row
//! targeting `person:N` drops N's entries, any other target drops them all. The last row seen is
//! remembered by id, action and time, so a restored backup (whose next row can reuse an id)
//! drops everything too. So the cache is exactly as fresh as the database, for this process's
//! writes and for any other's.
//!
//! The same read keeps the home screen's case and supplies pages (`Panels`): dropped by any new
//! audit row but a duty action's, which writes neither.

use super::Store;
use super::queries::{CaseRow, Page, SupplyRow, Window};
use crate::domain::{Interval, Ts};
use crate::store::db::params;
use anyhow::Result;
use std::collections::HashMap;

/// Beyond this many new audit rows at once (another console busy for a while, an import),
/// starting again is cheaper than reading them.
const MAX_FEED: i64 = 200;
/// The visible rows of a few refreshes; more means someone scrolled far, so start again.
const MAX_ENTRIES: usize = 2_000;

/// An audit row as the cache last saw it: id, action and time. A restored backup can reuse an
/// id for a different row, so the id alone does not say nothing changed.
type Mark = (i64, String, i64);

#[derive(Debug, Default)]
pub(crate) struct HistoryCache {
    /// The last audit row read; `None` until the first read.
    seen: Option<Mark>,
    lookback: i64,
    entries: HashMap<(i64, Ts), Vec<Interval>>,
    /// The home screen's case and supplies pages as last read, kept by the same feed.
    pub(super) panels: Panels,
}

/// The home screen's panels that only some actions change: the family cases' page (by its
/// window) and the supplies' (by window, local day and the rules it is worked out with). A new
/// audit row of any action but `DUTY_ONLY`'s drops both, so after a desk's duty action (a
/// forced rest, a check-in) the refresh reads neither (on a server, three statements fewer).
#[derive(Debug, Default)]
pub(super) struct Panels {
    pub(super) cases: Option<(Window, Page<CaseRow>)>,
    pub(super) supplies: Option<(SuppliesKey, Page<SupplyRow>)>,
}

/// What a supplies page is worked out from besides the data: its window, the local day, the
/// burn window's days and the low-stock days (as bits).
pub(super) type SuppliesKey = (Window, i64, u32, u64);

/// The actions that write only shifts, rest periods and the compensation ledger (and what
/// their triggers keep: counters, duty ranks, a person's last duty and rest): no case, no stock,
/// no name. They are the undoable ones (`commands::UNDOABLE`): undo puts back exactly those
/// rows, so an action that wrote anything else could not be undoable. Anything else, `undo`
/// included, drops the kept panels.
const DUTY_ONLY: &[&str] = super::commands::UNDOABLE;

/// What a new audit row drops from the cache, by its target.
#[derive(Debug, PartialEq)]
enum Drops {
    Person(i64),
    Nothing,
    All,
}

/// The targets of the actions that write no shift: stock (`item:`), family cases (`case:`),
/// logistics requests (`request:`), alert acknowledgements (`alert:`) and party nominations
/// (`nomination:`). A stock issue used to drop every entry, so the Overdue panel read all its
/// visible rows' histories again after it (on a server, a round trip each).
const NO_SHIFTS: &[&str] = &["item:", "case:", "request:", "alert:", "nomination:"];

fn drops(target: &str) -> Drops {
    if let Some(p) = target
        .strip_prefix("person:")
        .and_then(|id| id.parse::<i64>().ok())
    {
        return Drops::Person(p);
    }
    if NO_SHIFTS.iter().any(|k| target.starts_with(k)) {
        return Drops::Nothing;
    }
    Drops::All
}

impl Store {
    /// One audit row's mark (none: a zero mark).
    fn audit_mark(&self, sql: &str, p: impl crate::store::db::Params) -> Result<Mark> {
        use crate::store::db::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_row(p, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
            .unwrap_or((0, String::new(), 0)))
    }

    /// Bring the cache up to date with the audit log: one indexed read, whether or not
    /// anything changed (the row last seen and those after it, with their targets).
    fn sync_history_cache(&self, cache: &mut HistoryCache) -> Result<()> {
        let lookback = self.cfg.rules.lookback_secs();
        let same_rules = cache.lookback == lookback;
        let fed = match (&cache.seen, same_rules) {
            (Some(seen), true) => {
                let mut st = self.conn.prepare_cached(
                    "SELECT id, action, at, target FROM audit_log WHERE id >= ?1 ORDER BY id LIMIT ?2",
                )?;
                let rows: Vec<(Mark, String)> = st
                    .query_map(params![seen.0, MAX_FEED + 2], |r| {
                        Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?))
                    })?
                    .collect::<crate::store::db::Result<_>>()?;
                // The row last seen is still there and at most `MAX_FEED` came after it: drop
                // what their targets name. Anything else (a restored backup, a fresh start, a
                // long gap) keeps nothing.
                match rows.split_first() {
                    Some(((first, _), newer))
                        if first == seen && newer.len() as i64 <= MAX_FEED =>
                    {
                        for ((_, action, _), t) in newer {
                            if !DUTY_ONLY.contains(&action.as_str()) {
                                cache.panels = Panels::default();
                            }
                            match drops(t) {
                                Drops::Person(p) => {
                                    cache.entries.retain(|&(person, _), _| person != p)
                                }
                                Drops::Nothing => {}
                                Drops::All => cache.entries.clear(),
                            }
                        }
                        rows.last().map(|(m, _)| m.clone())
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        let last = match fed {
            Some(last) => last,
            None => {
                cache.entries.clear();
                cache.panels = Panels::default();
                self.audit_mark(
                    "SELECT id, action, at FROM audit_log ORDER BY id DESC LIMIT 1",
                    [],
                )?
            }
        };
        cache.seen = Some(last);
        cache.lookback = lookback;
        Ok(())
    }

    /// Bring the cache (histories and kept panels) up to date with the audit log: the one
    /// audit read of a home refresh (`Store::home`), before its panels.
    pub(super) fn sync_feed(&self) -> Result<()> {
        self.sync_history_cache(&mut self.history_cache.borrow_mut())
    }

    /// `Store::history(person, since)` for each key, from the cache where it can.
    pub(crate) fn histories(&self, keys: &[(i64, Ts)]) -> Result<Vec<Vec<Interval>>> {
        self.histories_fed(keys, true)
    }

    /// `histories`; `sync: false` when the caller has just brought the cache up to date
    /// (`sync_feed`).
    pub(super) fn histories_fed(
        &self,
        keys: &[(i64, Ts)],
        sync: bool,
    ) -> Result<Vec<Vec<Interval>>> {
        let mut cache = self.history_cache.borrow_mut();
        if sync {
            self.sync_history_cache(&mut cache)?;
        }
        if cache.entries.len() > MAX_ENTRIES {
            cache.entries.clear();
        }
        let lookback = cache.lookback;
        keys.iter()
            .map(|&(person, since)| {
                if let Some(h) = cache.entries.get(&(person, since)) {
                    return Ok(h.clone());
                }
                let h = Store::history(&self.conn, person, since, lookback, self.cfg.tz)?;
                cache.entries.insert((person, since), h.clone());
                Ok(h)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{Drops, drops};

    #[test]
    fn a_new_audit_row_drops_its_persons_entries_nothing_or_all() {
        assert_eq!(drops("person:42"), Drops::Person(42));
        for t in ["item:3", "case:9", "request:1", "alert:7", "nomination:2"] {
            assert_eq!(drops(t), Drops::Nothing, "{t}");
        }
        // Anything else may have moved shifts: a shift, a post, an import, a target this list
        // does not know, a malformed person.
        for t in [
            "shift:5",
            "post:2",
            "import:roster.csv",
            "",
            "person:x",
            "items:3",
        ] {
            assert_eq!(drops(t), Drops::All, "{t}");
        }
    }
}
