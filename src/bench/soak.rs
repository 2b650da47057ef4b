//! `frontline soak` (hidden): a stream of real actions for the durability test. After each
//! commit it prints `ack <audit id>` and flushes, so whatever it printed was acknowledged and
//! must survive a `kill -9` at any point.

use crate::domain::Ts;
use crate::store::Store;
use crate::store::commands::{Command, Ctx, PersonRef};
use crate::store::queries::Window;
use anyhow::Result;
use std::io::Write;

pub fn run(mut store: Store, now: Ts, count: usize) -> Result<()> {
    let ctx = Ctx {
        operator: "soak".into(),
        now,
    };
    let mut out = std::io::stdout().lock();
    let mut done = 0;
    while done < count {
        let on = store.on_duty(
            now,
            &Window {
                offset: 0,
                limit: Some(20),
                filter: String::new(),
            },
        )?;
        for r in on.rows {
            let person = PersonRef::id(r.id);
            for cmd in [
                Command::CheckOut {
                    person: person.clone(),
                },
                Command::CheckIn {
                    person: person.clone(),
                    post: r.post_id,
                    override_reason: Some("soak".into()),
                },
            ] {
                if store.execute(&cmd, &ctx).is_ok() {
                    let id: i64 =
                        store
                            .conn
                            .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))?;
                    writeln!(out, "ack {id}")?;
                    out.flush()?;
                    done += 1;
                }
            }
        }
    }
    Ok(())
}
