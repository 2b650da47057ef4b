//! The schedule and coverage screen and the screens it leads to (a slot's shifts, the call-up
//! list), the ledger and the watch list: where they are, and what their keys do. No SQL and
//! no drawing: reads are `Effect::Refresh`, writes `Effect::Execute` or a form.

use super::form::{FieldKind, FormKind, Prefill};
use super::keys::Screen;
use super::screens::ScreenData;
use super::{App, Effect, ListState, Status};
use crate::app::form::ShiftForm;
use crate::domain::ShiftStatus;
use crate::domain::Ts;
use crate::domain::time::{day_start, fmt_short, local_day, to_local};
use crate::i18n::{self, key, t};
use crate::store::commands::{Command, PersonRef};
use crate::store::shift_queries::{CallupQuery, CandidateStatus, SlotRow, SlotShift};

/// What a key on these screens asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchedKey {
    OpenSlot,
    Callup,
    Replace,
    Plan,
    Move,
    Cancel,
    CopyDay,
    PrevDay,
    NextDay,
    Today,
    /// Gaps only (schedule) / everyone (call-up).
    Toggle,
    Assign,
    Rest,
    Convert,
    Adjust,
}

/// One slot: a post's shifts starting together.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotCtx {
    pub post: i64,
    pub post_name: String,
    pub community_id: i64,
    pub community: String,
    pub start: Ts,
    pub end: Ts,
    pub required: i64,
}

/// The shift the call-up list is for.
#[derive(Debug, Clone, PartialEq)]
pub struct CallupCtx {
    pub post: i64,
    pub post_name: String,
    pub start: Ts,
    pub end: Ts,
    /// A planned shift the pick takes over (a handover), and whose it is.
    pub replaces: Option<(i64, String)>,
    /// Everyone, marked (the picker), or only who can go (the call-up list).
    pub everyone: bool,
}

impl CallupCtx {
    pub fn query(&self, now: Ts) -> CallupQuery {
        CallupQuery {
            post: self.post,
            start: self.start,
            end: self.end,
            now,
            everyone: self.everyone,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SchedState {
    /// Local day number shown; `None`: today.
    pub day: Option<i64>,
    pub gaps_only: bool,
    pub slot: Option<SlotCtx>,
    pub callup: Option<CallupCtx>,
    /// What the duty gate says to planning the selected candidate (the call-up picker).
    pub gate: Option<super::gate::Gate>,
}

impl App {
    /// Midnight starting the day the schedule shows.
    pub fn sched_day(&self) -> Ts {
        let d = self
            .sched
            .day
            .unwrap_or_else(|| local_day(self.now, self.tz));
        day_start(d, self.tz)
    }

    pub fn selected_slot(&self) -> Option<&SlotRow> {
        match &self.data {
            ScreenData::Schedule(p, _) => p.rows.get(self.selected_in_window()?),
            _ => None,
        }
    }

    /// The person on the selected row of a full screen, for forms that ask "who?":
    /// (id, post, reason for a forced rest).
    pub(super) fn screen_selected_person(&self) -> Option<(i64, Option<i64>, Option<String>)> {
        self.data.person_at(self.selected_in_window()?, self.lang)
    }

    fn say(&mut self, key: crate::i18n::Key) -> Vec<Effect> {
        self.status = Status {
            text: t(self.lang, key).to_string(),
            error: true,
        };
        vec![]
    }

    fn go(&mut self, s: Screen) -> Vec<Effect> {
        self.open_screen(s);
        self.screen_lists.insert(s, ListState::default());
        vec![Effect::Refresh]
    }

    /// The slot a key on the schedule or slot screen is about: the selected row, or the
    /// open slot. A post with nothing planned gets a day shift (08:00, or the next hour
    /// if later) of 8 hours.
    fn current_slot(&self) -> Option<SlotCtx> {
        if self.screen == Screen::Slot {
            return self.sched.slot.clone();
        }
        let r = self.selected_slot()?;
        let (start, end) = match (r.start, r.end) {
            (Some(s), Some(e)) => (s, e),
            _ => {
                let s = (self.sched_day() + 8 * 3600).max((self.now / 3600 + 1) * 3600);
                (s, s + 8 * 3600)
            }
        };
        Some(SlotCtx {
            post: r.post_id,
            post_name: r.post.clone(),
            community_id: r.community_id,
            community: r.community.clone(),
            start,
            end,
            required: r.required,
        })
    }

    pub(super) fn sched_key(&mut self, k: SchedKey) -> Vec<Effect> {
        use SchedKey as K;
        match k {
            K::PrevDay | K::NextDay | K::Today => {
                let d = local_day(self.sched_day(), self.tz);
                self.sched.day = match k {
                    K::PrevDay => Some(d - 1),
                    K::NextDay => Some(d + 1),
                    _ => None,
                };
                self.go(Screen::Schedule)
            }
            K::Toggle => {
                match self.screen {
                    Screen::Callup => {
                        if let Some(c) = &mut self.sched.callup {
                            c.everyone = !c.everyone;
                        }
                    }
                    _ => self.sched.gaps_only = !self.sched.gaps_only,
                }
                let s = self.screen;
                self.go(s)
            }
            K::OpenSlot => match self.current_slot() {
                Some(s) if self.selected_slot().is_some_and(|r| r.start.is_some()) => {
                    self.sched.slot = Some(s);
                    self.go(Screen::Slot)
                }
                Some(_) => self.say(key!("sched.no_slot")),
                None => vec![],
            },
            K::Callup | K::Replace => {
                let Some(s) = self.current_slot() else {
                    return vec![];
                };
                // A handover keeps the shift's own times, not the slot's.
                let (mut start, mut end) = (s.start, s.end);
                let replaces = if k == K::Replace {
                    match self.selected_slot_row() {
                        Some(r) if r.status == ShiftStatus::Planned => {
                            (start, end) = (r.planned_start, r.planned_end);
                            Some((r.shift_id, r.name))
                        }
                        Some(_) => return self.say(key!("sched.only_planned")),
                        None => return vec![],
                    }
                } else {
                    None
                };
                self.sched.gate = None;
                self.sched.callup = Some(CallupCtx {
                    post: s.post,
                    post_name: s.post_name,
                    start,
                    end,
                    everyone: replaces.is_some(),
                    replaces,
                });
                self.go(Screen::Callup)
            }
            K::Assign => self.assign(),
            K::Plan => {
                let s = self.current_slot();
                let text = s
                    .as_ref()
                    .map(|s| {
                        vec![
                            (FieldKind::ShiftStart, fmt_short(s.start, self.tz)),
                            (FieldKind::ShiftEnd, fmt_short(s.end, self.tz)),
                        ]
                    })
                    .unwrap_or_default();
                let pre = Prefill {
                    post: s.map(|s| s.post),
                    text,
                    ..Default::default()
                };
                self.open_prefilled(FormKind::Shifts(ShiftForm::PlanShift), &pre)
            }
            K::Move | K::Cancel => {
                let Some(row) = self.selected_slot_row() else {
                    return vec![];
                };
                let (id, status) = (row.shift_id, row.status);
                if status != ShiftStatus::Planned {
                    return self.say(key!("sched.only_planned"));
                }
                let slot = self.sched.slot.clone();
                let kind = if k == K::Move {
                    FormKind::Shifts(ShiftForm::MoveShift)
                } else {
                    FormKind::Shifts(ShiftForm::CancelShift)
                };
                let subject = format!("{} {}", row.name, fmt_short(row.planned_start, self.tz));
                // The shift's own times: changing only the post must leave them as they are.
                let pre = Prefill {
                    post: slot.as_ref().map(|s| s.post),
                    shift: Some(id),
                    subject: Some(subject),
                    text: vec![
                        (FieldKind::Start, fmt_short(row.planned_start, self.tz)),
                        (FieldKind::End, fmt_short(row.planned_end, self.tz)),
                    ],
                    ..Default::default()
                };
                self.open_prefilled(kind, &pre)
            }
            K::CopyDay => {
                let day = to_local(self.sched_day(), self.tz)
                    .format("%Y-%m-%d")
                    .to_string();
                let pre = Prefill {
                    text: vec![(FieldKind::Date, day), (FieldKind::Days, "1".into())],
                    ..Default::default()
                };
                self.open_prefilled(FormKind::Shifts(ShiftForm::CopyDay), &pre)
            }
            K::Rest => {
                let comp = self.screen == Screen::Ledger;
                let owed = match (&self.data, self.selected_in_window()) {
                    (ScreenData::Ledger(p), Some(i)) => p.rows.get(i).map(|r| r.owed_minutes),
                    _ => None,
                };
                let hours = match owed {
                    Some(m) if comp => ((m / 60).clamp(1, 24)) as f64,
                    _ => 24.0,
                };
                let start = day_start(local_day(self.now, self.tz) + 1, self.tz);
                let pre = Prefill {
                    person: self.screen_selected_person().map(|p| p.0.to_string()),
                    hours: Some(hours),
                    text: vec![
                        (
                            FieldKind::RestKind,
                            i18n::shifts::rest_kind_word(
                                self.lang,
                                if comp {
                                    crate::domain::RestKind::Compensatory
                                } else {
                                    crate::domain::RestKind::Rotation
                                },
                            ),
                        ),
                        (FieldKind::ShiftStart, fmt_short(start, self.tz)),
                    ],
                    ..Default::default()
                };
                self.open_prefilled(FormKind::Shifts(ShiftForm::Rest), &pre)
            }
            K::Convert => {
                let pre = Prefill {
                    text: self
                        .current_slot()
                        .map(|s| vec![(FieldKind::Community, s.community)])
                        .unwrap_or_default(),
                    ..Default::default()
                };
                self.open_prefilled(FormKind::Shifts(ShiftForm::Convert), &pre)
            }
            K::Adjust => {
                let pre = Prefill {
                    person: self.screen_selected_person().map(|p| p.0.to_string()),
                    ..Default::default()
                };
                self.open_prefilled(FormKind::Shifts(ShiftForm::LedgerAdjust), &pre)
            }
        }
    }

    /// The selected row of the slot screen.
    fn selected_slot_row(&self) -> Option<SlotShift> {
        match &self.data {
            ScreenData::Slot(p) => p.rows.get(self.selected_in_window()?).cloned(),
            _ => None,
        }
    }

    /// Planning the selected candidate of the call-up list into its slot, as the executor
    /// gets it (`Enter` sends exactly this when they can go).
    pub(super) fn pick_trial(&self) -> Option<Command> {
        let (Some(c), ScreenData::Callup(p)) = (&self.sched.callup, &self.data) else {
            return None;
        };
        if self.screen != Screen::Callup {
            return None;
        }
        let cand = self.selected_in_window().and_then(|i| p.rows.get(i))?;
        Some(Command::ShiftPlan {
            person: PersonRef(cand.id.to_string()),
            post: c.post,
            start: c.start,
            end: c.end,
            replaces: c.replaces.as_ref().map(|r| r.0),
            override_reason: None,
        })
    }

    /// Ask the gate about the selected candidate, if that changed since the last answer.
    pub(super) fn pick_gate_effect(&mut self) -> Vec<Effect> {
        if !matches!(self.mode, super::Mode::Normal) {
            return vec![];
        }
        match self.pick_trial() {
            Some(cmd) if self.sched.gate.as_ref().is_some_and(|g| g.cmd == cmd) => vec![],
            Some(cmd) => {
                self.sched.gate = None;
                vec![Effect::Trial(cmd)]
            }
            None => {
                self.sched.gate = None;
                vec![]
            }
        }
    }

    /// One key assigns the selected candidate: a planned shift for the slot, through the
    /// executor. Someone who cannot go gets the plan form instead, saying why, so that only a
    /// written override puts them on.
    fn assign(&mut self) -> Vec<Effect> {
        let (Some(c), ScreenData::Callup(p)) = (self.sched.callup.clone(), &self.data) else {
            return vec![];
        };
        let Some(cand) = self
            .selected_in_window()
            .and_then(|i| p.rows.get(i))
            .cloned()
        else {
            return vec![];
        };
        // The gate's own answer when it has one for this pick; else the list's.
        let trial = self.pick_trial();
        let can_go = match &self.sched.gate {
            Some(g) if trial.as_ref() == Some(&g.cmd) => g.refusal.is_none(),
            _ => cand.status == CandidateStatus::Available,
        };
        if can_go {
            return vec![Effect::Execute(Command::ShiftPlan {
                person: PersonRef::id(cand.id),
                post: c.post,
                start: c.start,
                end: c.end,
                replaces: c.replaces.map(|r| r.0),
                override_reason: None,
            })];
        }
        let pre = Prefill {
            person: Some(cand.id.to_string()),
            post: Some(c.post),
            shift: c.replaces.as_ref().map(|r| r.0),
            subject: c
                .replaces
                .as_ref()
                .map(|r| format!("{} {}", t!(self.lang, "callup.replacing"), r.1)),
            text: vec![
                (FieldKind::ShiftStart, fmt_short(c.start, self.tz)),
                (FieldKind::ShiftEnd, fmt_short(c.end, self.tz)),
            ],
            ..Default::default()
        };
        let fx = self.open_prefilled(FormKind::Shifts(ShiftForm::PlanShift), &pre);
        if let super::Mode::Form(f) = &mut self.mode {
            f.error = Some(i18n::shifts::candidate_why(self.lang, &cand, self.tz));
            if let Some(i) = f.fields.iter().position(|x| x.kind == FieldKind::Override) {
                f.focus = i;
            }
        }
        fx
    }
}
