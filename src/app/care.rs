//! Health, family-support and care actions of the console: which form a key opens, prefilled
//! from the selected row; fast entry of health reports (after each save the form opens again
//! on the next person); which community and view the health screen shows.

use super::form::{FieldKind, Form, FormKind, Prefill};
use super::keys::Screen;
use super::screens::ScreenData;
use super::{App, Effect, ListState, Mode, Status};
use crate::app::form::CareForm;
use crate::domain::care::fmt_day;
use crate::domain::time::{local_day, to_local};
use crate::i18n::t;
use crate::store::care_queries::CareView;
use crate::store::commands::{CareCommand, Command};
use crate::store::health_queries::{HealthQuery, HealthView};

/// What a key asks of this area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CareKey {
    HealthReport,
    PhoneReport,
    Test,
    Ack,
    HealthView,
    NextCommunity,
    PrevCommunity,
    Medic,
    Return,
    CaseOpen,
    CaseAssign,
    CaseProgress,
    CaseResolve,
    /// Open the selected case's detail view; a note on it; reopen it.
    CaseDetail,
    CaseNote,
    CaseReopen,
    Family,
    NextTab,
    Visit,
    Talk,
    Training,
    Insurance,
    CareView,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CareTab {
    #[default]
    People,
    Visits,
}

/// The health and care screens' own state.
#[derive(Debug, Clone, Default)]
pub struct CareState {
    /// The health screen's community (`None`: all).
    pub community: Option<i64>,
    pub health_view: HealthView,
    pub care_view: CareView,
    pub tab: CareTab,
    /// A health report was saved in fast entry: open this form again once the list is fresh.
    reopen: Option<FormKind>,
    /// …on a row after the selected one (the selected one has just reported).
    skip_current: bool,
}

impl App {
    /// What the health screen needs now.
    pub fn health_query(&self) -> HealthQuery {
        HealthQuery {
            now: self.now,
            day: local_day(self.now, self.tz),
            community: self.care.community,
            view: self.care.health_view,
        }
    }

    /// The case on the selected row of the case list, or the case open in full.
    fn selected_case(&self) -> Option<&crate::store::care_queries::CaseDetailRow> {
        match &self.data {
            ScreenData::Cases(p, _) => self.selected_in_window().and_then(|i| p.rows.get(i)),
            ScreenData::Case(d) => Some(&d.case),
            _ => None,
        }
    }

    /// Values from the selected row of the current screen, and a line saying what it is.
    fn care_prefill(&self, kind: FormKind) -> (Prefill, Option<String>) {
        let mut pre = Prefill::default();
        let mut context = None;
        let i = self.selected_in_window();
        let l = self.lang;
        match &self.data {
            ScreenData::Health(h) => {
                if let Some(r) = i.and_then(|i| h.rows.rows.get(i)) {
                    pre.person = Some(r.person_id.to_string());
                    pre.community = r.community_id;
                }
                if let Some(c) = &h.community {
                    pre.community = Some(c.0);
                }
                if matches!(
                    kind,
                    FormKind::Care(CareForm::Health) | FormKind::Care(CareForm::HealthPhone)
                ) {
                    context = Some(format!(
                        "{} · {} {}",
                        fmt_day(h.day, self.tz),
                        t!(l, "health.due"),
                        to_local(h.deadline, self.tz).format("%H:%M")
                    ));
                }
            }
            ScreenData::Cases(..) | ScreenData::Case(_) => {
                if let Some(r) = self.selected_case() {
                    if kind != FormKind::Care(CareForm::CaseOpen) {
                        pre.person = Some(r.person_id.to_string());
                        pre.case = Some(r.id);
                        context = Some(format!(
                            "#{} {} · {} · {}",
                            r.id,
                            r.name,
                            crate::i18n::words::case(l, r.category.as_str()),
                            r.summary
                        ));
                    }
                    if let (FormKind::Care(CareForm::Family), Some(f)) = (kind, &r.family) {
                        pre.extra = vec![
                            (FieldKind::Dependents, f.dependents.to_string()),
                            (FieldKind::Elderly, f.elderly.to_string()),
                            (FieldKind::Children, f.children.to_string()),
                            (FieldKind::Notes, f.notes.clone()),
                        ];
                    }
                }
            }
            ScreenData::Care(c) => {
                let person = match (&c.people, &c.visits, i) {
                    (Some(p), _, Some(i)) => p.rows.get(i).map(|r| r.id),
                    (None, Some(v), Some(i)) => v.rows.get(i).map(|r| r.person_id),
                    _ => None,
                };
                pre.person = person.map(|p| p.to_string());
            }
            _ => {}
        }
        (pre, context)
    }

    fn open_care_form(&mut self, kind: FormKind) -> Vec<Effect> {
        let (pre, context) = self.care_prefill(kind);
        let mut form = Form::new(kind, &pre);
        form.context = context;
        self.mode = Mode::Form(Box::new(form));
        let mut e = self.lookup_effect();
        e.extend(self.prefill_picks());
        e
    }

    /// The list shows something else now: back to its first row, filter kept.
    pub(super) fn restart_list(&mut self) -> Vec<Effect> {
        let l = self.list_mut();
        *l = ListState {
            filter: std::mem::take(&mut l.filter),
            ..Default::default()
        };
        vec![Effect::Refresh]
    }

    pub(super) fn care_act(&mut self, k: CareKey) -> Vec<Effect> {
        use CareKey as K;
        match k {
            K::HealthReport => self.open_care_form(FormKind::Care(CareForm::Health)),
            K::PhoneReport => self.open_care_form(FormKind::Care(CareForm::HealthPhone)),
            K::Test => self.open_care_form(FormKind::Care(CareForm::Test)),
            K::Medic => self.open_care_form(FormKind::Care(CareForm::Medic)),
            K::Return => self.open_care_form(FormKind::Care(CareForm::Return)),
            K::CaseOpen => self.open_care_form(FormKind::Care(CareForm::CaseOpen)),
            K::CaseAssign => self.open_care_form(FormKind::Care(CareForm::CaseAssign)),
            K::CaseProgress => self.open_care_form(FormKind::Care(CareForm::CaseProgress)),
            K::CaseResolve => self.open_care_form(FormKind::Care(CareForm::CaseResolve)),
            K::CaseNote => self.open_care_form(FormKind::Care(CareForm::CaseNote)),
            K::CaseReopen => self.open_care_form(FormKind::Care(CareForm::CaseReopen)),
            K::CaseDetail => {
                let Some(r) = self.selected_case() else {
                    return vec![];
                };
                self.case_open = Some(r.id);
                self.open_screen(Screen::Case);
                vec![Effect::Refresh]
            }
            K::Family => self.open_care_form(FormKind::Care(CareForm::Family)),
            K::Visit => self.open_care_form(FormKind::Care(CareForm::Visit)),
            K::Talk => self.open_care_form(FormKind::Care(CareForm::Talk)),
            K::Training => self.open_care_form(FormKind::Care(CareForm::Training)),
            K::Insurance => self.open_care_form(FormKind::Care(CareForm::Insurance)),
            K::Ack => match &self.data {
                // A positive test's alert: acknowledged only on a second key.
                ScreenData::Health(h) if !h.alerts.is_empty() => {
                    let a = h.alerts[0].clone();
                    let q = super::confirm::ack_question(
                        self,
                        &format!("{} ({})", a.name, a.staff_code),
                    );
                    let cmd = Command::Care(CareCommand::AckAlert { id: Some(a.id) });
                    vec![Effect::Ask(cmd, q)]
                }
                _ => {
                    self.status = Status {
                        text: t!(self.lang, "health.no_alerts").to_string(),
                        error: false,
                    };
                    vec![]
                }
            },
            K::HealthView => {
                self.care.health_view = self.care.health_view.next();
                self.restart_list()
            }
            K::CareView => {
                self.care.care_view = self.care.care_view.next();
                self.care.tab = CareTab::People;
                self.restart_list()
            }
            K::NextTab => {
                self.care.tab = match self.care.tab {
                    CareTab::People => CareTab::Visits,
                    CareTab::Visits => CareTab::People,
                };
                self.restart_list()
            }
            K::NextCommunity | K::PrevCommunity => {
                let ScreenData::Health(h) = &self.data else {
                    return vec![];
                };
                // All communities first, then each one.
                let ids: Vec<Option<i64>> = std::iter::once(None)
                    .chain(h.communities.iter().map(|c| Some(c.0)))
                    .collect();
                let at = ids
                    .iter()
                    .position(|c| *c == self.care.community)
                    .unwrap_or(0);
                let n = ids.len();
                let next = if k == K::NextCommunity {
                    (at + 1) % n
                } else {
                    (at + n - 1) % n
                };
                self.care.community = ids[next];
                self.restart_list()
            }
        }
    }

    /// A command went through. After a health report in fast entry, look for the next person
    /// who has not reported yet (in the "not reported" view the saved person leaves the list,
    /// so the row stays).
    pub(super) fn care_done(&mut self) {
        let Mode::Form(f) = &self.mode else {
            return;
        };
        if self.screen != Screen::Health
            || !matches!(
                f.kind,
                FormKind::Care(CareForm::Health) | FormKind::Care(CareForm::HealthPhone)
            )
            || self.care.health_view == HealthView::Unwell
        {
            return;
        }
        self.care.reopen = Some(f.kind);
        self.care.skip_current = self.care.health_view == HealthView::All;
    }

    /// Fresh rows arrived: reopen the fast-entry form on the next person without a report,
    /// paging on when this page has none.
    pub(super) fn care_refreshed(&mut self, mut effects: Vec<Effect>) -> Vec<Effect> {
        // A window still being moved: wait for the rows it will bring.
        if !effects.is_empty() || self.care.reopen.is_none() {
            return effects;
        }
        let kind = self
            .care
            .reopen
            .take()
            .unwrap_or(FormKind::Care(CareForm::Health));
        let ScreenData::Health(h) = &self.data else {
            return effects;
        };
        if self.screen != Screen::Health || !matches!(self.mode, Mode::Normal) {
            return effects;
        }
        let (rows, total) = (h.rows.rows.len(), h.rows.total);
        let l = self.list();
        let from = (l.selected + usize::from(self.care.skip_current)).saturating_sub(l.offset);
        let next = h.rows.rows[from.min(rows)..]
            .iter()
            .position(|r| r.report.is_none())
            .map(|i| i + from);
        match next {
            Some(i) => {
                self.list_mut().selected = l.offset + i;
                effects.extend(self.open_care_form(kind));
            }
            None if l.offset + rows < total => {
                // Nobody left on this page: the next page starts after it.
                let lm = self.list_mut();
                lm.selected = l.offset + rows;
                lm.offset = lm.selected;
                self.care.reopen = Some(kind);
                self.care.skip_current = false;
                effects.push(Effect::Refresh);
            }
            None => {
                self.status.text += &format!(" · {}", t!(self.lang, "chain.end"));
            }
        }
        effects
    }
}
