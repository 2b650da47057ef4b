//! What each full screen shows: a page of its rows, loaded by the console from the store.

use crate::store::care_queries::{
    CarePersonRow, CareSummary, CareView, CaseDetailRow, CaseSummary, VisitRow,
};
use crate::store::health_queries::HealthPage;
use crate::store::queries::{AuditRow, Page};

#[derive(Debug, Clone, Default)]
pub enum ScreenData {
    /// The home screen (its panels live in `App::home`).
    #[default]
    None,
    Audit(Page<AuditRow>),
    Health(Box<HealthPage>),
    Cases(Page<CaseDetailRow>, CaseSummary),
    Care(Box<CareData>),
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
            ScreenData::Health(h) => h.rows.total,
            ScreenData::Cases(p, _) => p.total,
            ScreenData::Care(c) => c
                .people
                .as_ref()
                .map(|p| p.total)
                .or(c.visits.as_ref().map(|p| p.total))
                .unwrap_or(0),
        }
    }
}
