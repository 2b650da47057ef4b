//! Say it before Enter: the check-in, reassign and shift forms and the pickers show what the
//! duty gate would answer for the person and the times on screen. The answer is the executor's
//! own, asked of the store as a trial (`Effect::Trial`: the command run in a transaction that
//! is rolled back, nothing written), so the preview and the gate cannot disagree.

use super::form::{Form, FormKind};
use super::{App, Effect, Mode};
use crate::app::form::{DutyForm, ShiftForm};
use crate::domain::Ts;
use crate::i18n::Lang;
use crate::i18n::{self, t};
use crate::store::commands::{Command, Outcome, Refusal};
use chrono_tz::Tz;

/// The gate's answer to one command.
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    /// The command tried (without its override reason).
    pub cmd: Command,
    /// `None`: it would go through.
    pub refusal: Option<Refusal>,
}

/// Forms whose command the duty gate judges.
fn gated(kind: FormKind) -> bool {
    matches!(
        kind,
        FormKind::Duty(DutyForm::CheckIn)
            | FormKind::Duty(DutyForm::Reassign)
            | FormKind::Shifts(ShiftForm::PlanShift)
            | FormKind::Shifts(ShiftForm::MoveShift)
    )
}

/// The command a form would send, without its override reason: what the gate says to the
/// person and the times alone. `None` while the answers do not make a command.
pub fn trial_command(f: &Form, lang: Lang, now: Ts, tz: Tz) -> Option<Command> {
    if !gated(f.kind) {
        return None;
    }
    let mut cmd = f.to_command(lang, now, tz).ok()?;
    strip_override(&mut cmd);
    Some(cmd)
}

/// The same command with no override reason.
pub fn strip_override(cmd: &mut Command) {
    match cmd {
        Command::CheckIn {
            override_reason, ..
        }
        | Command::Reassign {
            override_reason, ..
        }
        | Command::ShiftPlan {
            override_reason, ..
        }
        | Command::ShiftMove {
            override_reason, ..
        } => *override_reason = None,
        _ => {}
    }
}

/// One line: "✓ available" or "✗ would break: 7d hours 104.5>60 · rest 8.6h<11h".
pub fn line(lang: Lang, tz: Tz, g: &Gate) -> (bool, String) {
    match &g.refusal {
        None => (true, format!("✓ {}", t!(lang, "gate.available"))),
        Some(Refusal::BreaksRules { breaches, .. }) => {
            let list: Vec<String> = breaches.iter().map(|b| i18n::breach(lang, b)).collect();
            (
                false,
                format!(
                    "✗ {}{}",
                    t!(lang, "gate.would_break"),
                    list.join(i18n::notes::list_sep(lang))
                ),
            )
        }
        Some(Refusal::InForcedRest { until, .. }) => (
            false,
            format!(
                "✗ {}{} {}",
                t!(lang, "gate.would_break"),
                t!(lang, "gate.forced_rest_until"),
                crate::domain::time::fmt_short(*until, tz)
            ),
        ),
        Some(r) => (false, format!("✗ {}", i18n::refusal(lang, r, tz))),
    }
}

impl App {
    /// Ask the gate about the form on screen, if its command changed since the last answer.
    pub(super) fn gate_effect(&mut self) -> Vec<Effect> {
        let (lang, now, tz) = (self.lang, self.now, self.tz);
        let Mode::Form(f) = &mut self.mode else {
            return vec![];
        };
        let Some(cmd) = trial_command(f, lang, now, tz) else {
            f.gate = None;
            return vec![];
        };
        if f.gate.as_ref().is_some_and(|g| g.cmd == cmd) {
            return vec![];
        }
        f.gate = None;
        vec![Effect::Trial(cmd)]
    }

    /// The store's answer to a trial; kept only if it is still the form's (or picker's) command.
    pub(super) fn tried(&mut self, cmd: Command, result: Result<Outcome, Refusal>) -> Vec<Effect> {
        let refusal = match result {
            Ok(_) => None,
            // The store could not answer (busy): say nothing rather than something wrong.
            Err(Refusal::Busy | Refusal::Offline | Refusal::Storage(_)) => return vec![],
            Err(r) => Some(r),
        };
        let (lang, now, tz) = (self.lang, self.now, self.tz);
        let pick = self.pick_trial();
        match &mut self.mode {
            Mode::Form(f) if trial_command(f, lang, now, tz).as_ref() == Some(&cmd) => {
                f.gate = Some(Gate { cmd, refusal });
            }
            _ if pick.as_ref() == Some(&cmd) => self.sched.gate = Some(Gate { cmd, refusal }),
            _ => {}
        }
        vec![]
    }
}
