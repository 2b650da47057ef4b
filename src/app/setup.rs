//! The Setup screen (基础设置) and the first-run checklist. Setup: one tab per kind of the
//! organisation (streets, communities, posts, depots, items, medics); `a` adds, `e` edits the
//! selected row, `x` closes it after a second key — through the forms of `form_org`, which make
//! the commands `frontline do org …` makes. The checklist: four steps from an empty database to
//! a live post, each judged from the store's counts by `checklist` (pure), with the key that
//! does it here and the command that does it in a script.

use super::form::{FieldKind as F, Form, FormKind, OrgForm, Prefill};
use super::keys::{KeyAction, Screen};
use super::screens::ScreenData;
use super::{App, Effect, Mode, Status};
use crate::app::form::CareForm;
use crate::i18n::{Key, key, t};
use crate::store::commands::{CareCommand, Command, OrgCommand, OrgKind, PersonRef};
use crate::store::queries::Page;
use crate::store::setup_queries::{FirstRunCounts, OrgList, OrgRow};

/// What a key asks of the Setup screen and the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupKey {
    NextTab,
    PrevTab,
    Add,
    Edit,
    Close,
    /// The checklist: do the selected step.
    Step,
}

#[derive(Debug, Clone, Default)]
pub struct SetupState {
    pub tab: OrgList,
    /// The checklist was opened by the console on start: it steps aside once done.
    pub first_run_auto: bool,
}

/// A tab's title.
pub fn tab_key(t: OrgList) -> Key {
    match t {
        OrgList::Streets => key!("setup.tab.streets"),
        OrgList::Communities => key!("setup.tab.communities"),
        OrgList::Posts => key!("setup.tab.posts"),
        OrgList::Depots => key!("setup.tab.depots"),
        OrgList::Items => key!("setup.tab.items"),
        OrgList::Medics => key!("setup.tab.medics"),
    }
}

/// One step of the first-run checklist.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Step {
    pub n: u8,
    #[serde(skip)]
    pub title: Key,
    /// What is left to do; 0: done.
    pub to_go: i64,
    /// The console action that does it (its key as bound now is shown).
    #[serde(skip)]
    pub action: KeyAction,
    /// Then, on that screen (the schedule's plan and copy-day, the supplies' receive).
    #[serde(skip)]
    pub then: Option<Key>,
    /// The command that does it in a script.
    pub command: &'static str,
}

/// The checklist's four steps, judged from the counts: 1 organisation (a street, a community,
/// a post), 2 roster (anyone on it), 3 shift pattern (open posts with no shift planned from
/// yesterday on), 4 stock-take (open items with no stock anywhere).
pub fn checklist(c: &FirstRunCounts) -> Page<Step> {
    let org = [c.streets, c.communities, c.posts]
        .iter()
        .filter(|n| **n == 0)
        .count() as i64;
    let rows = vec![
        Step {
            n: 1,
            title: key!("first.org"),
            to_go: org,
            action: KeyAction::Go(Screen::Setup),
            then: Some(key!("first.org_then")),
            command: "frontline import org 组织.xlsx",
        },
        Step {
            n: 2,
            title: key!("first.roster"),
            to_go: i64::from(c.people == 0),
            action: KeyAction::ImportRoster,
            then: None,
            command: "frontline import roster 花名册.xlsx",
        },
        Step {
            n: 3,
            title: key!("first.shifts"),
            to_go: if c.posts == 0 { 1 } else { c.posts_unplanned },
            action: KeyAction::Go(Screen::Schedule),
            then: Some(key!("first.shifts_then")),
            command: "frontline do shift copy-day …",
        },
        Step {
            n: 4,
            title: key!("first.stock"),
            to_go: c.items_unstocked,
            action: KeyAction::Go(Screen::Supplies),
            then: Some(key!("first.stock_then")),
            command: "frontline do stock receive …",
        },
    ];
    Page { rows, total: 4 }
}

/// The checklist is shown on start while the post has no posts, no people or no stock.
pub fn needs_checklist(c: &FirstRunCounts) -> bool {
    c.posts == 0 || c.people == 0 || c.items_unstocked >= c.items
}

impl App {
    fn setup_row(&self) -> Option<&OrgRow> {
        let ScreenData::Setup(_, page) = &self.data else {
            return None;
        };
        page.rows.get(self.selected_in_window()?)
    }

    fn setup_say(&mut self, k: Key) -> Vec<Effect> {
        self.status = Status {
            text: t(self.lang, k).to_string(),
            error: true,
        };
        vec![]
    }

    /// A console that starts on a database with nothing to show opens the checklist.
    pub fn open_first_run(&mut self) {
        self.go_to(Screen::FirstRun);
        self.setup.first_run_auto = true;
    }

    /// After a refresh: the checklist opened on start steps aside once the post is live.
    pub(super) fn first_run_refreshed(&mut self) -> Vec<Effect> {
        if self.screen != Screen::FirstRun || !self.setup.first_run_auto {
            return vec![];
        }
        match &self.data {
            ScreenData::FirstRun(_, c) if !needs_checklist(c) => {
                self.setup.first_run_auto = false;
                self.go_to(Screen::Home);
                vec![Effect::Refresh]
            }
            _ => vec![],
        }
    }

    pub(super) fn setup_act(&mut self, k: SetupKey) -> Vec<Effect> {
        let tabs = OrgList::ALL;
        let at = tabs.iter().position(|t| *t == self.setup.tab).unwrap_or(0);
        match k {
            SetupKey::NextTab | SetupKey::PrevTab => {
                let n = tabs.len();
                let to = if k == SetupKey::NextTab {
                    (at + 1) % n
                } else {
                    (at + n - 1) % n
                };
                self.setup.tab = tabs[to];
                self.restart_list()
            }
            SetupKey::Step => self.first_run_step(),
            SetupKey::Add => match self.setup.tab.kind() {
                Some(kind) => self.open_org_form(OrgForm::Add(kind), None),
                None => {
                    let pre = Prefill {
                        community: self.setup_row().map(|r| r.count),
                        ..Default::default()
                    };
                    self.open_prefilled(FormKind::Care(CareForm::Medic), &pre)
                }
            },
            SetupKey::Edit => match (self.setup.tab.kind(), self.setup_row().cloned()) {
                (_, None) => self.setup_say(key!("setup.needs_row")),
                (None, Some(_)) => self.setup_say(key!("setup.medic_no_edit")),
                (Some(kind), Some(row)) => self.open_org_form(OrgForm::Edit(kind), Some(&row)),
            },
            SetupKey::Close => {
                let Some(row) = self.setup_row().cloned() else {
                    return self.setup_say(key!("setup.needs_row"));
                };
                if row.closed {
                    return self.setup_say(key!("setup.already_closed"));
                }
                let (cmd, what) = match self.setup.tab.kind() {
                    Some(kind) => (
                        Command::Org(OrgCommand::Close {
                            kind,
                            target: format!("#{}", row.id),
                        }),
                        format!("{} {}", crate::i18n::org::kind(self.lang, kind), row.name),
                    ),
                    None => match row.person {
                        Some(p) => (
                            Command::Care(CareCommand::AssignMedic {
                                person: PersonRef::id(p),
                                community: row.count,
                                end: true,
                            }),
                            format!("{} · {}", row.name, row.parent.unwrap_or_default()),
                        ),
                        None => return vec![],
                    },
                };
                let q = t!(self.lang, "setup.confirm_close").replace("{what}", &what);
                vec![Effect::Ask(cmd, q)]
            }
        }
    }

    fn open_org_form(&mut self, form: OrgForm, row: Option<&OrgRow>) -> Vec<Effect> {
        let mut pre = Prefill::default();
        if let Some(r) = row {
            pre.text = org_prefill(self.lang, form.kind(), r);
            pre.subject = Some(r.name.clone());
        }
        let mut f = Form::new(FormKind::Org(form), &pre);
        f.about = row.map(|r| r.id);
        self.mode = Mode::Form(Box::new(f));
        vec![]
    }

    /// `Enter` on the checklist: that step's screen (or form), `Esc` comes back here.
    fn first_run_step(&mut self) -> Vec<Effect> {
        let ScreenData::FirstRun(page, _) = &self.data else {
            return vec![];
        };
        let l = self.list();
        let Some(step) = page.rows.get(l.selected.saturating_sub(l.offset)) else {
            return vec![];
        };
        match step.action {
            KeyAction::Go(s) => {
                self.open_screen(s);
                vec![Effect::Refresh]
            }
            a => self.act(a),
        }
    }
}

/// The selected row's values as the edit form starts with them.
fn org_prefill(lang: crate::i18n::Lang, kind: OrgKind, r: &OrgRow) -> Vec<(F, String)> {
    let parent = r
        .path
        .clone()
        .or_else(|| r.parent.clone())
        .unwrap_or_default();
    match kind {
        OrgKind::Street => vec![(F::OrgName, r.name.clone())],
        OrgKind::Community => vec![(F::OrgName, r.name.clone()), (F::OrgStreet, parent)],
        OrgKind::Post => vec![
            (F::OrgName, r.name.clone()),
            (F::OrgCommunity, parent),
            (
                F::PostKind,
                post_kind_label(lang, r.kind.as_deref().unwrap_or("")).to_string(),
            ),
            (
                F::Headcount,
                r.headcount.map(|h| h.to_string()).unwrap_or_default(),
            ),
            (F::ShiftPattern, r.pattern.clone().unwrap_or_default()),
        ],
        OrgKind::Depot => vec![(F::OrgName, r.name.clone()), (F::OrgPost, parent)],
        OrgKind::Item => vec![
            (F::ItemCode, r.code.clone().unwrap_or_default()),
            (F::OrgName, r.name.clone()),
            (F::ItemNameEn, r.name_en.clone().unwrap_or_default()),
            (F::ItemUnit, r.unit.clone().unwrap_or_default()),
            (
                F::Reorder,
                r.reorder.map(|h| h.to_string()).unwrap_or_default(),
            ),
        ],
    }
}

/// A post kind in the interface's language (the executor reads either).
pub fn post_kind_label(lang: crate::i18n::Lang, stored: &str) -> &str {
    let zh = crate::domain::org::POST_KINDS
        .iter()
        .find(|(k, _)| *k == stored)
        .map_or(stored, |(_, z)| *z);
    crate::i18n::pick(lang, stored, zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_database_has_every_step_to_go_and_a_live_one_none() {
        let empty = FirstRunCounts {
            items: 44,
            items_unstocked: 44,
            ..Default::default()
        };
        let steps = checklist(&empty);
        let to_go: Vec<i64> = steps.rows.iter().map(|s| s.to_go).collect();
        assert_eq!(to_go, vec![3, 1, 1, 44]);
        assert!(needs_checklist(&empty));
        let live = FirstRunCounts {
            streets: 1,
            communities: 2,
            posts: 3,
            people: 40,
            posts_unplanned: 1,
            items: 44,
            items_unstocked: 40,
        };
        let to_go: Vec<i64> = checklist(&live).rows.iter().map(|s| s.to_go).collect();
        assert_eq!(to_go, vec![0, 0, 1, 40]);
        assert!(!needs_checklist(&live));
        assert!(needs_checklist(&FirstRunCounts { people: 0, ..live }));
    }
}
