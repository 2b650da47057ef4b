//! The desk's shift (交接班): signing in and out at a desk, and the desk's log (值班日志).
//! Each is its audit row and nothing else — the audit log is append-only, so the log's notes
//! and the desk's sign-ins are too, with their time, author and desk.

use super::{Exec, Outcome, R, Refusal};
use serde_json::{Value, json};

/// The longest name a dispatcher signs in with.
pub const MAX_NAME: usize = 40;
/// The longest note of the desk's log.
pub const MAX_NOTE: usize = 1000;

#[derive(Debug, Clone, PartialEq)]
pub enum DeskCommand {
    /// Sign in at this desk as `name`: the operator of every later action of the console.
    SignIn { name: String },
    /// Sign out of this desk (the operator who signs out is the context's).
    SignOut,
    /// A free note in the desk's log, with its time and author.
    Note { text: String },
}

impl DeskCommand {
    pub fn name(&self) -> &'static str {
        match self {
            DeskCommand::SignIn { .. } => "desk_sign_in",
            DeskCommand::SignOut => "desk_sign_out",
            DeskCommand::Note { .. } => "log_note",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeskOutcome {
    SignedIn { name: String },
    SignedOut { name: String },
    Noted { author: String },
}

fn bad(field: &'static str, value: &str) -> Refusal {
    Refusal::BadValue {
        field,
        value: value.chars().take(40).collect(),
    }
}

impl Exec<'_> {
    pub(super) fn desk(&self, c: &DeskCommand) -> R<(Outcome, String, Value)> {
        let out = |o| Outcome::Desk(o);
        match c {
            DeskCommand::SignIn { name } => {
                let n = name.trim();
                if n.is_empty() || n.chars().count() > MAX_NAME || n.chars().any(|c| c.is_control())
                {
                    return Err(bad("name", name));
                }
                Ok((
                    out(DeskOutcome::SignedIn { name: n.into() }),
                    "desk".into(),
                    json!({"name": n}),
                ))
            }
            DeskCommand::SignOut => {
                let name = self.ctx.operator.trim().to_string();
                Ok((
                    out(DeskOutcome::SignedOut { name: name.clone() }),
                    "desk".into(),
                    json!({"name": name}),
                ))
            }
            DeskCommand::Note { text } => {
                let t = text.trim();
                if t.is_empty() || t.chars().count() > MAX_NOTE {
                    return Err(bad("text", text));
                }
                Ok((
                    out(DeskOutcome::Noted {
                        author: self.ctx.operator.clone(),
                    }),
                    "desk".into(),
                    json!({"text": t}),
                ))
            }
        }
    }
}
