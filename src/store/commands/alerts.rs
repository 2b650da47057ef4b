//! Acknowledging an alert (issue 9): `rest:…` and `low:…` alerts get a row in `alert_acks`;
//! a positive test (`test:ID`, or a bare number) is acknowledged where the health area keeps
//! it, by the same handler as `do ack-alert`. Either way one audit row.

use super::{Exec, Outcome, R, Refusal};
use rusqlite::{OptionalExtension, params};
use serde_json::json;

type Done = (Outcome, String, serde_json::Value);

impl Exec<'_> {
    pub(super) fn alert_ack(&self, key: &str) -> R<Done> {
        let key = key.trim();
        let bad = || Refusal::AlertNotOpen(key.to_string());
        let parts: Vec<&str> = key.split(':').collect();
        let name: String = match parts[..] {
            [id] | ["test", id] => {
                let id: i64 = id.parse().map_err(|_| bad())?;
                return self.ack_alert(Some(id));
            }
            ["rest", person, since] => {
                let (person, _since): (i64, i64) = (
                    person.parse().map_err(|_| bad())?,
                    since.parse().map_err(|_| bad())?,
                );
                self.tx
                    .query_row("SELECT name FROM people WHERE id = ?1", [person], |r| {
                        r.get(0)
                    })
                    .optional()?
                    .ok_or_else(bad)?
            }
            ["low", item, day] => {
                let item: i64 = item.parse().map_err(|_| bad())?;
                if chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_err() {
                    return Err(bad());
                }
                self.tx
                    .query_row(
                        "SELECT name_zh FROM supply_items WHERE id = ?1",
                        [item],
                        |r| r.get(0),
                    )
                    .optional()?
                    .ok_or_else(bad)?
            }
            _ => return Err(bad()),
        };
        let taken = self.exec(
            "INSERT OR IGNORE INTO alert_acks(key, acknowledged_at, acknowledged_by)
             VALUES (?1, ?2, ?3)",
            params![key, self.ctx.now, self.ctx.operator],
        )?;
        if taken == 0 {
            return Err(bad());
        }
        Ok((
            Outcome::AlertAcked {
                key: key.to_string(),
                name,
            },
            key.to_string(),
            json!({ "key": key }),
        ))
    }
}
