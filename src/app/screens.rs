//! What each full screen shows: a page of its rows, loaded by the console from the store.

use crate::store::care_queries::{
    CarePersonRow, CareSummary, CareView, CaseDetailRow, CaseSummary, VisitRow,
};
use crate::store::health_queries::HealthPage;
use crate::store::party_queries::{NominationRow, PartyRow};
use crate::store::person_queries::PersonDetail;
use crate::store::queries::{AuditRow, Page};
use crate::store::roster_queries::RosterRow;
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
    Health(Box<HealthPage>),
    Cases(Page<CaseDetailRow>, CaseSummary),
    Care(Box<CareData>),
    Alerts(Page<crate::store::alert_queries::AlertRow>),
    /// The roster (a window of it).
    Roster(Page<RosterRow>),
    /// One person's record.
    Person(Box<PersonDetail>),
    /// The party-development list.
    Party(Page<PartyRow>),
    /// Nominations of exemplary workers.
    Honours(Page<NominationRow>),
}

/// The care screen: one of its two lists, and the figures above them.
#[derive(Debug, Clone, Default)]
pub struct CareData {
    pub view: CareView,
    /// `Some`: the people tab; `None` with `visits`: the visits tab.
    pub people: Option<Page<CarePersonRow>>,
    pub visits: Option<Page<VisitRow>>,
    pub summary: CareSummary,
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
            ScreenData::Health(h) => h.rows.total,
            ScreenData::Cases(p, _) => p.total,
            ScreenData::Alerts(p) => p.total,
            ScreenData::Care(c) => c
                .people
                .as_ref()
                .map(|p| p.total)
                .or(c.visits.as_ref().map(|p| p.total))
                .unwrap_or(0),
            ScreenData::Roster(p) => p.total,
            // The record scrolls as text (see `App::person_scroll`), not as a list.
            ScreenData::Person(_) => 0,
            ScreenData::Party(p) => p.total,
            ScreenData::Honours(p) => p.total,
        }
    }
}
