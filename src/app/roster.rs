//! The roster, a person's record and the party screen: sort order, which person is open and
//! where Esc goes back to, which tab the party screen shows, and which form a key opens,
//! prefilled from the selected row.

use super::form::{FieldKind as F, Form, FormKind, Prefill};
use super::keys::{KeyAction, Screen};
use super::screens::ScreenData;
use super::{App, Effect, ListState, Mode, Status};
use crate::app::form::PeopleForm;
use crate::domain::people::PersonState;
use crate::domain::{DevStatus, NominationStatus};
use crate::i18n::{key, t};
use crate::store::commands::{Command, PeopleCommand, PersonRef};
use crate::store::roster_queries::RosterSort;

/// What a key asks of this area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeopleKey {
    Sort,
    Open,
    Add,
    Edit,
    Retire,
    Party,
    Nominate,
    Flag,
    Advance,
    Tab,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PartyTab {
    #[default]
    Development,
    Honours,
}

#[derive(Debug, Clone, Default)]
pub struct PeopleState {
    pub sort: RosterSort,
    /// The person whose record is open.
    pub person: Option<i64>,
    pub tab: PartyTab,
    /// After a command: the row to keep selected when the list comes back reordered.
    pub keep: Option<(u8, i64)>,
}

/// What the selected row says about its person: id, and whether they are retired.
struct Sel {
    id: i64,
    retired: bool,
    prefill: Vec<(F, String)>,
    subject: String,
}

impl App {
    fn people_selected(&self) -> Option<Sel> {
        let i = self.selected_in_window();
        match &self.data {
            ScreenData::Roster(p) => p.rows.get(i?).map(|r| Sel {
                id: r.id,
                retired: r.state == PersonState::Retired,
                subject: format!("{} {}", r.staff_code, r.name),
                prefill: roster_prefill(self.lang, r),
            }),
            ScreenData::Person(d) => Some(Sel {
                id: d.person.id,
                retired: d.person.state == PersonState::Retired,
                subject: format!("{} {}", d.person.staff_code, d.person.name),
                prefill: roster_prefill(self.lang, &d.person),
            }),
            ScreenData::Party(p) => p.rows.get(i?).map(|r| Sel {
                id: r.id,
                retired: false,
                subject: format!("{} {}", r.staff_code, r.name),
                prefill: vec![(
                    F::Party,
                    crate::i18n::words::party(self.lang, r.party_status.as_str()).to_string(),
                )],
            }),
            ScreenData::Honours(p) => p.rows.get(i?).map(|r| Sel {
                id: r.person_id,
                retired: false,
                subject: format!("{} {}", r.staff_code, r.name),
                prefill: vec![],
            }),
            _ => None,
        }
    }

    fn people_say(&mut self, key: crate::i18n::Key) -> Vec<Effect> {
        self.status = Status {
            text: t(self.lang, key).to_string(),
            error: true,
        };
        vec![]
    }

    fn open_people_form(&mut self, kind: PeopleForm, sel: Option<&Sel>) -> Vec<Effect> {
        let mut pre = Prefill::default();
        if let Some(s) = sel {
            pre.person = Some(s.id.to_string());
            pre.subject = Some(s.subject.clone());
            let wanted = kind.fields();
            pre.text = s
                .prefill
                .iter()
                .filter(|(k, _)| wanted.contains(k))
                .cloned()
                .collect();
        }
        let mut form = Form::new(FormKind::People(kind), &pre);
        form.about = sel.map(|s| s.id);
        self.mode = Mode::Form(Box::new(form));
        self.prefill_picks()
    }

    pub(super) fn people_act(&mut self, k: PeopleKey) -> Vec<Effect> {
        use PeopleKey as K;
        let sel = self.people_selected();
        match k {
            K::Sort => {
                self.people.sort = self.people.sort.next();
                self.people_restart()
            }
            K::Tab => {
                self.people.tab = match self.people.tab {
                    PartyTab::Development => PartyTab::Honours,
                    PartyTab::Honours => PartyTab::Development,
                };
                self.people_restart()
            }
            K::Open => match sel {
                Some(s) => {
                    self.people.person = Some(s.id);
                    self.open_screen(Screen::Person);
                    self.screen_lists
                        .insert(Screen::Person, ListState::default());
                    vec![Effect::Refresh]
                }
                None => self.people_say(key!("needs_person_row")),
            },
            K::Add => self.open_people_form(PeopleForm::PersonAdd, None),
            _ if sel.is_none() => self.people_say(key!("needs_person_row")),
            K::Edit => self.open_people_form(PeopleForm::PersonEdit, sel.as_ref()),
            K::Retire if sel.as_ref().is_some_and(|s| s.retired) => {
                self.open_people_form(PeopleForm::PersonReinstate, sel.as_ref())
            }
            K::Retire => self.open_people_form(PeopleForm::PersonRetire, sel.as_ref()),
            K::Party => self.open_people_form(PeopleForm::PartySet, sel.as_ref()),
            K::Nominate => self.open_people_form(PeopleForm::Nominate, sel.as_ref()),
            K::Flag => self.open_people_form(PeopleForm::Flag, sel.as_ref()),
            K::Advance => self.advance(),
        }
    }

    /// The next step of the selected development-list row or nomination.
    fn advance(&mut self) -> Vec<Effect> {
        let Some(i) = self.selected_in_window() else {
            return vec![];
        };
        let cmd = match &self.data {
            ScreenData::Party(p) => match p.rows.get(i) {
                Some(r) => {
                    let person = PersonRef::id(r.id);
                    match r.development.as_ref().map(|d| d.status) {
                        Some(DevStatus::Candidate) => PeopleCommand::Recommend { person },
                        Some(DevStatus::Recommended) => PeopleCommand::Admit { person },
                        Some(DevStatus::Admitted) => return self.people_say(key!("party.done")),
                        None => return self.people_act(PeopleKey::Flag),
                    }
                }
                None => return vec![],
            },
            ScreenData::Honours(p) => match p.rows.get(i) {
                Some(r) => match r.status {
                    NominationStatus::Nominated => PeopleCommand::NominationApprove { id: r.id },
                    NominationStatus::Approved => PeopleCommand::NominationPublicise { id: r.id },
                    NominationStatus::Publicised => return self.people_say(key!("nom.done")),
                },
                None => return vec![],
            },
            _ => return vec![],
        };
        vec![Effect::Execute(Command::People(cmd))]
    }

    fn people_restart(&mut self) -> Vec<Effect> {
        let l = self.list_mut();
        *l = ListState {
            filter: std::mem::take(&mut l.filter),
            ..Default::default()
        };
        vec![Effect::Refresh]
    }

    /// On a person's record the arrow keys scroll the text. `None`: not handled here.
    pub(super) fn person_scroll(&mut self, a: KeyAction) -> Option<Vec<Effect>> {
        if self.screen != Screen::Person {
            return None;
        }
        let ScreenData::Person(d) = &self.data else {
            return None;
        };
        let page = (super::layout::screen_rows(self.size) + 1).max(1);
        let lines = super::layout::person_lines(d, self.size.0);
        let max = lines.saturating_sub(page);
        let l = self.list_mut();
        let off = l.offset;
        l.offset = match a {
            KeyAction::Up => off.saturating_sub(1),
            KeyAction::Down => off + 1,
            KeyAction::PageUp => off.saturating_sub(page),
            KeyAction::PageDown => off + page,
            KeyAction::Top => 0,
            KeyAction::Bottom => max,
            _ => return None,
        }
        .min(max);
        l.selected = l.offset;
        Some(vec![])
    }

    /// The person on the selected row of the roster or the party screen.
    /// (which list, id): 0 the roster, 1 the development list, 2 the nominations.
    pub(super) fn people_selected_id(&self) -> Option<(u8, i64)> {
        let i = self.selected_in_window()?;
        Some(match &self.data {
            ScreenData::Roster(p) => (0, p.rows.get(i)?.id),
            ScreenData::Party(p) => (1, p.rows.get(i)?.id),
            ScreenData::Honours(p) => (2, p.rows.get(i)?.id),
            _ => return None,
        })
    }

    /// After a command's refresh, keep the selection on the same person (or nomination) when the rows
    /// moved under it (a step on the party screen reorders the list) and it is still in view.
    pub(super) fn keep_person_selected(&mut self, was: Option<(u8, i64)>) {
        let Some((list, id)) = was else {
            return;
        };
        let at = match (&self.data, list) {
            (ScreenData::Roster(p), 0) => p.rows.iter().position(|r| r.id == id),
            (ScreenData::Party(p), 1) => p.rows.iter().position(|r| r.id == id),
            (ScreenData::Honours(p), 2) => p.rows.iter().position(|r| r.id == id),
            _ => None,
        };
        if let Some(i) = at {
            let l = self.list_mut();
            l.selected = l.offset + i;
        }
    }
}

/// The row's values as the form shows them: category and party status as words of the
/// language (the executor reads Chinese and English words alike).
fn roster_prefill(
    lang: crate::i18n::Lang,
    r: &crate::store::roster_queries::RosterRow,
) -> Vec<(F, String)> {
    let word = |f: crate::i18n::Family, v: &str| f(lang, v).to_string();
    vec![
        (F::StaffCode, r.staff_code.clone()),
        (F::Name, r.name.clone()),
        (
            F::PersonCategory,
            word(crate::i18n::words::category, r.category.as_str()),
        ),
        (F::SourceUnit, r.source_unit.clone()),
        (F::PersonCommunity, r.community.clone().unwrap_or_default()),
        (F::PersonPhone, r.phone.clone()),
        (
            F::Party,
            word(crate::i18n::words::party, r.party_status.as_str()),
        ),
        (F::Branch, r.party_branch.clone()),
        (
            F::Residence,
            r.residence_community.clone().unwrap_or_default(),
        ),
    ]
}
