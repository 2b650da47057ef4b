//! What each full screen shows: a page of its rows, loaded by the console from the store.

use crate::store::queries::{AuditRow, Page};
use crate::store::shift_queries::{
    Candidate, CoverageSummary, LedgerRow, SlotRow, SlotShift, WatchRow,
};
use crate::store::supplies_queries::{RequestRow, SuppliesScreen};

#[derive(Debug, Clone, Default)]
pub enum ScreenData {
    /// The home screen (its panels live in `App::home`).
    #[default]
    None,
    Audit(Page<AuditRow>),
    Supplies(Box<SuppliesScreen>),
    Requests(Page<RequestRow>),
    Schedule(Page<SlotRow>, CoverageSummary),
    Slot(Page<SlotShift>),
    Callup(Page<Candidate>),
    Ledger(Page<LedgerRow>),
    Watch(Page<WatchRow>),
}

impl ScreenData {
    /// Rows matching the screen's filter.
    pub fn total(&self) -> usize {
        match self {
            ScreenData::None => 0,
            ScreenData::Audit(p) => p.total,
            ScreenData::Supplies(s) => s.items.total,
            ScreenData::Requests(p) => p.total,
            ScreenData::Schedule(p, _) => p.total,
            ScreenData::Slot(p) => p.total,
            ScreenData::Callup(p) => p.total,
            ScreenData::Ledger(p) => p.total,
            ScreenData::Watch(p) => p.total,
        }
    }
}
