//! Acknowledging an alert: `rest:…` and `low:…` alerts get a row in `alert_acks`;
//! a positive test (`test:ID`, or a bare number) is acknowledged where the health area keeps
//! it, by the same handler as `do ack-alert`. Either way one audit row.

use super::{Exec, Outcome, R, Refusal};
use crate::store::db::{OptionalExtension, params};
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
            // Open now: the person is on the shift that started then, and it is over a rule.
            ["rest", person, since] => {
                let (person, since): (i64, i64) = (
                    person.parse().map_err(|_| bad())?,
                    since.parse().map_err(|_| bad())?,
                );
                self.tx
                    .prepare_cached(
                        "SELECT p.name FROM shifts s JOIN people p ON p.id = s.person_id
                         WHERE s.person_id = ?1 AND s.status = 'active' AND s.actual_start = ?2
                           AND s.breach_at IS NOT NULL AND s.breach_at <= ?3",
                    )?
                    .query_row(params![person, since, self.ctx.now], |r| r.get(0))
                    .optional()?
                    .ok_or_else(bad)?
            }
            // Open now: today's key of an item that is low now.
            ["low", item, _] => {
                let item: i64 = item.parse().map_err(|_| bad())?;
                if key != crate::store::alert_queries::low_key(item, self.ctx.now, self.cfg.tz) {
                    return Err(bad());
                }
                let every = crate::store::queries::Window {
                    offset: 0,
                    limit: None,
                    filter: String::new(),
                };
                crate::store::Store::supplies_on(self.tx, self.cfg, self.ctx.now, &every)?
                    .rows
                    .into_iter()
                    .find(|s| s.id == item && s.low)
                    .map(|s| s.name_zh)
                    .ok_or_else(bad)?
            }
            _ => return Err(bad()),
        };
        let taken = self.exec(
            "INSERT INTO alert_acks(key, acknowledged_at, acknowledged_by)
             VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
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
