//! The screens: one registry line per screen (`SCREENS`) with its name, its title in both
//! languages, the key that opens it, the lines it keeps around its list, where `Esc` goes when
//! it was jumped to, and how its rows are read for the visible window; and what each screen
//! holds once read (`ScreenData`), with its total, its rows for export and the person on a
//! selected row. The keymap takes each screen's key from here; the benchmark visits every
//! screen that has one; the drawing is `ui::render`'s one match over `Screen`.
//!
//! A new screen touches three files: a `Screen` variant, its line and its `ScreenData`
//! variant here; its painter in a ui module of its own; that module's line in `ui/mod.rs`
//! (`mod` and the match arm). Its rows come from a store query (an existing one, or one
//! written for it), and keys that act on it, if any, are added to `keys::BINDINGS`.

use super::App;
use super::care::CareTab;
use super::roster::PartyTab;
use crate::export::OrderedRow;
use crate::store::Store;
use crate::store::care_queries::{
    CarePersonRow, CareSummary, CareView, CaseDetailRow, CaseSummary, VisitRow,
};
use crate::store::health_queries::HealthPage;
use crate::store::party_queries::{NominationRow, PartyRow};
use crate::store::person_queries::PersonDetail;
use crate::store::queries::{AuditRow, Page, Window};
use crate::store::roster_queries::RosterRow;
use crate::store::setup_queries::{FirstRunCounts, OrgList, OrgRow};
use crate::store::shift_queries::{
    Candidate, CoverageSummary, LedgerRow, SlotRow, SlotShift, WatchRow,
};
use crate::store::supplies_queries::{RequestRow, SuppliesScreen};
use anyhow::Result;

/// Full screens, one key away. `Home` holds the four panels. The order is `SCREENS`' order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    Home,
    Audit,
    Supplies,
    Requests,
    /// Schedule and coverage of a day (排班与到岗).
    Schedule,
    /// The shifts of one slot of the schedule.
    Slot,
    /// Who can take a slot (令行禁止、有呼必应).
    Callup,
    /// Compensatory leave owed (补休台账).
    Ledger,
    /// On duty and about to break a rest rule (休息预警).
    Watch,
    /// 医务/健康: daily reports, tests and follow-up per community.
    Health,
    /// 家属帮扶: every family-support case.
    Cases,
    /// 关爱: talks, trainings, insurance, care visits.
    Care,
    /// 警报: open alerts to acknowledge.
    Alerts,
    /// 花名册: everyone, searchable and sortable.
    Roster,
    /// 个人档案: one person's full frontline record.
    Person,
    /// 发展党员 and 选树先进典型.
    Party,
    /// 基础设置: the organisation, one tab per kind.
    Setup,
    /// The first-run checklist: from an empty database to a live post.
    FirstRun,
    /// 交接班: this desk's shift, what happened and what comes next.
    Handover,
    /// 休息人员: everyone in forced rest or rest, until when, and due back for which shift.
    Resting,
    /// One family-support case in full: summary, family, every step, notes.
    Case,
}

/// One screen's line in the registry.
pub struct ScreenDef {
    pub screen: Screen,
    /// Its name: the keymap's `go_<name>` action, the benchmark's figure.
    pub name: &'static str,
    /// Its title, in English and in Chinese.
    pub title: (&'static str, &'static str),
    /// The key that opens it, if one does.
    pub open: Option<Open>,
    /// Lines drawn above its list (a summary, an alert) and below it (a detail line).
    pub above: u16,
    pub below: u16,
    /// Where `Esc` goes when the screen was jumped to rather than opened from another.
    pub parent: Option<Screen>,
    /// Its rows in window `w` (the export asks for every row).
    pub load: fn(&Store, &App, &Window) -> Result<ScreenData>,
}

/// The key that opens a screen: from which screens (empty: every screen), and whether the
/// footer shows it (the `?` overlay and the palette show every key).
pub struct Open {
    pub key: char,
    pub from: &'static [Screen],
    pub hint: bool,
}

/// A key that opens its screen from every screen; in the footer when `hint`.
const fn key(key: char, hint: bool) -> Option<Open> {
    Some(Open {
        key,
        from: &[],
        hint,
    })
}

const fn line(
    screen: Screen,
    name: &'static str,
    title: (&'static str, &'static str),
    open: Option<Open>,
    load: Load,
) -> ScreenDef {
    ScreenDef {
        screen,
        name,
        title,
        open,
        above: 0,
        below: 0,
        parent: Some(Screen::Home),
        load,
    }
}

type Load = fn(&Store, &App, &Window) -> Result<ScreenData>;

#[rustfmt::skip]
pub const SCREENS: [ScreenDef; 21] = {
    use Screen as S;
    use ScreenData as D;
    [
        ScreenDef { parent: None, ..line(S::Home, "home", ("home", "首页"), key('H', false), |_, _, _| Ok(D::None)) },
        line(S::Audit, "audit", ("audit log", "操作记录"), key('A', true), |st, _, w| Ok(D::Audit(st.audit_page(w)?))),
        line(S::Supplies, "supplies", ("supplies", "防护物资"), key('P', true), |st, a, w| {
            Ok(D::Supplies(Box::new(st.supplies_screen(a.now, w, SUPPLY_HISTORY_DAYS)?)))
        }),
        line(S::Requests, "requests", ("logistics requests", "后勤保障"), key('L', true), |st, _, w| Ok(D::Requests(st.requests(w, false)?))),
        line(S::Schedule, "schedule", ("Schedule & coverage", "排班与到岗"), key('S', true), |st, a, w| {
            let (page, summary) = st.coverage_full(a.sched_day(), a.sched.gaps_only, w)?;
            Ok(D::Schedule(page, summary))
        }),
        ScreenDef { parent: Some(S::Schedule), ..line(S::Slot, "slot", ("shift slot", "班次"), None, |st, a, w| {
            Ok(match &a.sched.slot {
                Some(s) => D::Slot(st.slot_shifts(s.post, s.start, a.now, w)?),
                None => D::None,
            })
        }) },
        // Below the list: what the gate says to the selected pick.
        ScreenDef { below: 1, parent: Some(S::Schedule), ..line(S::Callup, "callup", ("Call-up", "令行禁止 有呼必应"), None, |st, a, w| {
            Ok(match &a.sched.callup {
                Some(c) => D::Callup(st.callup(&c.query(a.now), w)?),
                None => D::None,
            })
        }) },
        line(S::Ledger, "ledger", ("Compensatory leave owed", "补休台账"), key('B', false), |st, _, w| Ok(D::Ledger(st.ledger_page(w)?))),
        line(S::Watch, "watch", ("Rest watch", "休息预警"), key('W', false), |st, a, w| {
            let within = (st.cfg.rules.warn_within_hours * 3600.0) as i64;
            Ok(D::Watch(st.watch(a.now, within, w)?))
        }),
        // Above the list: the community's summary and its alert.
        ScreenDef { above: 2, ..line(S::Health, "health", ("health", "医务/健康"), key('M', false), |st, a, w| {
            Ok(D::Health(Box::new(st.health_page(&a.health_query(), w)?)))
        }) },
        // Below the list: the selected case's detail.
        ScreenDef { below: 1, ..line(S::Cases, "cases", ("family cases", "家属帮扶"), key('C', false), |st, a, w| {
            Ok(D::Cases(st.case_list(a.now, w, true)?, st.case_summary(a.now)?))
        }) },
        // Above the list: the figures.
        ScreenDef { above: 1, ..line(S::Care, "care", ("care", "关爱"), key('V', false), |st, a, w| {
            Ok(D::Care(Box::new(care_data(st, a, w)?)))
        }) },
        line(S::Alerts, "alerts", ("alerts", "警报"), key('N', false), |st, a, w| Ok(D::Alerts(st.alert_list(a.now, w)?))),
        line(S::Roster, "roster", ("Roster", "花名册"), key('R', false), |st, a, w| {
            Ok(D::Roster(st.roster(a.now, a.people.sort, w)?))
        }),
        ScreenDef { parent: Some(S::Roster), ..line(S::Person, "person", ("Person record", "个人档案"), None, |st, a, _| {
            Ok(match a.people.person {
                Some(id) => st.person_detail(id, a.now)?.map_or(D::None, |d| D::Person(Box::new(d))),
                None => D::None,
            })
        }) },
        line(S::Party, "party", ("Party & honours", "党建与先进"), key('T', false), |st, a, w| {
            Ok(match a.people.tab {
                PartyTab::Development => D::Party(st.party_list(a.now, w)?),
                PartyTab::Honours => D::Honours(st.honours(w)?),
            })
        }),
        // Above the list: the tabs.
        ScreenDef { above: 1, ..line(S::Setup, "setup", ("Setup", "基础设置"), key('O', false), |st, a, w| {
            Ok(D::Setup(a.setup.tab, st.org_rows(a.setup.tab, w)?))
        }) },
        // Below the list: what the steps are for.
        ScreenDef { below: 2, ..line(S::FirstRun, "first_run", ("First run", "开通向导"), Some(Open { key: 'Z', from: &[S::Home, S::Setup], hint: false }), |st, a, _| {
            let c = st.first_run(a.now)?;
            Ok(D::FirstRun(super::setup::checklist(&c), c))
        }) },
        line(S::Handover, "handover", ("handover", "交接班"), Some(Open { key: 'Y', from: &[S::Home], hint: false }), handover_data),
        // Below the list: the selected rest's reason.
        ScreenDef { below: 1, ..line(S::Resting, "resting", ("Resting", "休息人员"), Some(Open { key: 'X', from: &[S::Home], hint: false }), |st, a, w| {
            Ok(D::Resting(st.resting(a.now, !a.resting_all, w)?, !a.resting_all))
        }) },
        ScreenDef { parent: Some(S::Cases), ..line(S::Case, "case", ("Family-support case", "帮扶详情"), None, |st, a, _| {
            Ok(match a.case_open {
                Some(id) => st.case_detail(a.now, id)?.map_or(D::None, |d| D::Case(Box::new(d))),
                None => D::None,
            })
        }) },
    ]
};

/// The Handover screen: other desks' recent actions, then the sheet of this desk's shift
/// (since its sign-in, else the operator's last sign-in, else the last 12 hours).
fn handover_data(st: &Store, a: &App, w: &Window) -> Result<ScreenData> {
    use crate::i18n::handover::{Line, lines, title};
    let since = super::desk::handover_since(st, a)?;
    let h = st.handover(since, a.now)?;
    let mut all = vec![Line {
        heading: true,
        text: format!(
            "{} ({})",
            crate::i18n::t(a.lang, crate::key!("handover.recent")),
            a.desk.activity.len()
        ),
    }];
    all.extend(a.desk.activity.iter().map(|(at, s)| Line {
        heading: false,
        text: format!(
            "  {} {s}",
            crate::domain::time::to_local(*at, a.tz).format("%H:%M")
        ),
    }));
    all.extend(lines(a.lang, a.tz, &h));
    let f = w.filter.trim().to_lowercase();
    if !f.is_empty() {
        all.retain(|l| l.heading || l.text.to_lowercase().contains(&f));
    }
    let total = all.len();
    let rows = all
        .into_iter()
        .skip(w.offset)
        .take(w.limit.unwrap_or(usize::MAX))
        .collect();
    Ok(ScreenData::Handover(
        Page { rows, total },
        title(a.lang, a.tz, &h),
    ))
}

/// Days of stock movement the supplies screen shows.
pub const SUPPLY_HISTORY_DAYS: usize = 28;

impl Screen {
    /// Every screen, in the registry's order.
    pub const ALL: [Screen; SCREENS.len()] = {
        let mut all = [Screen::Home; SCREENS.len()];
        let mut i = 0;
        while i < SCREENS.len() {
            all[i] = SCREENS[i].screen;
            i += 1;
        }
        all
    };

    /// Its line in the registry.
    pub fn def(self) -> &'static ScreenDef {
        &SCREENS[self as usize]
    }

    /// Its title in `lang`.
    pub fn title(self, lang: crate::i18n::Lang) -> &'static str {
        let (en, zh) = self.def().title;
        crate::i18n::pick(lang, en, zh)
    }

    /// Its name (`go_<name>` in the keymap).
    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// Its rows in window `w`, read from the store.
    pub fn load(self, store: &Store, app: &App, w: &Window) -> Result<ScreenData> {
        (self.def().load)(store, app, w)
    }
}

fn care_data(store: &Store, app: &App, w: &Window) -> Result<CareData> {
    let (now, c) = (app.now, &app.care);
    let (people, visits) = match c.tab {
        CareTab::People => (Some(store.care_people(now, c.care_view, w)?), None),
        CareTab::Visits => (None, Some(store.visits(w)?)),
    };
    Ok(CareData {
        view: c.care_view,
        people,
        visits,
        summary: store.care_summary(now)?,
    })
}

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
    /// One tab of the Setup screen.
    Setup(OrgList, Page<OrgRow>),
    /// The first-run checklist's steps, and the counts they were judged from.
    FirstRun(Page<super::setup::Step>, FirstRunCounts),
    /// The handover sheet's lines (other desks' recent actions first) and its title.
    Handover(Page<crate::i18n::handover::Line>, String),
    /// The resting board, and whether it shows forced rest only.
    Resting(Page<crate::store::resting_queries::RestingRow>, bool),
    /// One case in full.
    Case(Box<crate::store::case_detail::CaseDetail>),
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

/// A page of rows of any screen: its total, and its rows serialised for export.
trait Listed {
    fn total(&self) -> usize;
    fn export(&self) -> Vec<OrderedRow>;
}

impl<T: serde::Serialize> Listed for Page<T> {
    fn total(&self) -> usize {
        self.total
    }
    fn export(&self) -> Vec<OrderedRow> {
        self.rows.iter().map(OrderedRow::of).collect()
    }
}

impl ScreenData {
    /// The list the screen scrolls through, if it has one (a person's record scrolls as
    /// text, see `App::person_scroll`).
    fn list(&self) -> Option<&dyn Listed> {
        Some(match self {
            ScreenData::None | ScreenData::Person(_) | ScreenData::Case(_) => return None,
            ScreenData::Audit(p) => p,
            ScreenData::Supplies(s) => &s.items,
            ScreenData::Requests(p) => p,
            ScreenData::Schedule(p, _) => p,
            ScreenData::Slot(p) => p,
            ScreenData::Callup(p) => p,
            ScreenData::Ledger(p) => p,
            ScreenData::Watch(p) => p,
            ScreenData::Health(h) => &h.rows,
            ScreenData::Cases(p, _) => p,
            ScreenData::Alerts(p) => p,
            ScreenData::Care(c) => match (&c.people, &c.visits) {
                (Some(p), _) => p,
                (None, Some(v)) => v,
                (None, None) => return None,
            },
            ScreenData::Roster(p) => p,
            ScreenData::Party(p) => p,
            ScreenData::Honours(p) => p,
            ScreenData::Setup(_, p) => p,
            ScreenData::FirstRun(p, _) => p,
            ScreenData::Handover(p, _) => p,
            ScreenData::Resting(p, _) => p,
        })
    }

    /// The person on row `i` of the window, for forms that ask "who?": (id, post, reason
    /// for a forced rest). `None`: no row there, or the screen lists no people.
    pub fn person_at(
        &self,
        i: usize,
        lang: crate::i18n::Lang,
    ) -> Option<(i64, Option<i64>, Option<String>)> {
        match self {
            ScreenData::Slot(p) => p.rows.get(i).map(|r| (r.person_id, None, None)),
            ScreenData::Callup(p) => p.rows.get(i).map(|r| (r.id, None, None)),
            ScreenData::Ledger(p) => p.rows.get(i).map(|r| (r.id, None, None)),
            ScreenData::Resting(p, _) => p.rows.get(i).map(|r| (r.person_id, None, None)),
            ScreenData::Watch(p) => p.rows.get(i).map(|r| {
                let rule = crate::i18n::words::rule(lang, &r.rule).to_string();
                (r.id, None, Some(rule))
            }),
            _ => None,
        }
    }

    /// Rows matching the screen's filter.
    pub fn total(&self) -> usize {
        self.list().map_or(0, |l| l.total())
    }

    /// The screen's rows, serialised (the export's input). `None`: no list here.
    pub fn rows(&self) -> Option<Vec<OrderedRow>> {
        self.list().map(|l| l.export())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_is_in_the_enum_order_with_a_name_and_two_titles() {
        let mut names = Vec::new();
        for (i, d) in SCREENS.iter().enumerate() {
            assert_eq!(d.screen as usize, i, "{:?}", d.screen);
            let (en, zh) = d.title;
            assert!(!en.trim().is_empty() && en.is_ascii(), "{:?}", d.screen);
            assert!(!zh.trim().is_empty() && !zh.is_ascii(), "{:?}", d.screen);
            assert!(
                d.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{}",
                d.name
            );
            assert!(!names.contains(&d.name), "{} twice", d.name);
            names.push(d.name);
        }
    }

    #[test]
    fn every_parent_leads_home() {
        for d in &SCREENS {
            let mut s = d.screen;
            for _ in 0..SCREENS.len() {
                match s.def().parent {
                    Some(p) => s = p,
                    None => break,
                }
            }
            assert_eq!(s, Screen::Home, "{:?}", d.screen);
        }
    }
}
