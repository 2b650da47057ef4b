//! Supplies and logistics: receive, issue, transfer and adjust stock; open, arrange and finish
//! logistics requests.
//!
//! Stock never goes negative: every check of `on_hand` happens inside the executor's IMMEDIATE
//! transaction, so two consoles issuing the last units are serialised and the second sees what
//! the first left. The `stock` row, the movement and the day's totals change together.

use super::{Exec, Outcome, PersonRef, R, Refusal};
use crate::domain::stock::ItemLabel;
use crate::domain::time::local_day;
use crate::domain::{RequestKind, RequestStatus, Ts};
use crate::store::db::{OptionalExtension, params};
use serde_json::json;

/// A stock adjustment: by a signed amount (damage, expiry: negative), or to a counted number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adjustment {
    By(i64),
    To(i64),
}

/// Largest quantity one movement or request may carry: a typo guard, not a business rule.
const MAX_QUANTITY: i64 = 10_000_000;

/// A request may be "needed by" a moment a little in the past (typed as HH:MM a minute late).
const NEEDED_BY_GRACE: i64 = 10 * 60;

struct Item {
    id: i64,
    label: ItemLabel,
}

struct Depot {
    id: i64,
    name: String,
    post_id: Option<i64>,
}

struct Request {
    kind: RequestKind,
    status: RequestStatus,
    requester: String,
}

type Done = (Outcome, String, serde_json::Value);

fn check_quantity(q: i64) -> R<()> {
    if q <= 0 || q > MAX_QUANTITY {
        Err(Refusal::BadQuantity(q.to_string()))
    } else {
        Ok(())
    }
}

impl Exec<'_> {
    /// An item by code (any case), id or exact name.
    fn item(&self, key: &str) -> R<Item> {
        let key = super::id_text(key);
        self.tx
            .prepare_cached(
                "SELECT id, code, name_zh, name_en, unit_zh, unit_en FROM supply_items
                 WHERE lower(code) = lower(?1) OR name_zh = ?1 OR lower(name_en) = lower(?1)
                    OR id = ?2
                 ORDER BY lower(code) = lower(?1) DESC, id LIMIT 1",
            )?
            .query_row(params![key, crate::store::db::digits_id(key)], |r| {
                Ok(Item {
                    id: r.get(0)?,
                    label: ItemLabel {
                        code: r.get(1)?,
                        name_zh: r.get(2)?,
                        name_en: r.get(3)?,
                        unit_zh: r.get(4)?,
                        unit_en: r.get(5)?,
                    },
                })
            })
            .optional()?
            .ok_or_else(|| Refusal::UnknownItem(key.to_string()))
    }

    /// A depot by id or exact name; none given: the command-post store (the first depot that
    /// belongs to no post).
    fn depot(&self, key: &Option<String>) -> R<Depot> {
        let key = key.as_deref().map(super::id_text).unwrap_or("");
        let row = |r: &crate::store::db::Row| {
            Ok(Depot {
                id: r.get(0)?,
                name: r.get(1)?,
                post_id: r.get(2)?,
            })
        };
        let found = if key.is_empty() {
            self.tx
                .prepare_cached(
                    "SELECT id, name, post_id FROM depots ORDER BY post_id IS NOT NULL, id LIMIT 1",
                )?
                .query_row([], row)
                .optional()?
        } else {
            self.tx
                .prepare_cached(
                    "SELECT id, name, post_id FROM depots
                     WHERE name = ?1 OR id = ?2
                     ORDER BY name = ?1 DESC, id LIMIT 1",
                )?
                .query_row(params![key, crate::store::db::digits_id(key)], row)
                .optional()?
        };
        found.ok_or_else(|| Refusal::UnknownDepot(if key.is_empty() { "—" } else { key }.into()))
    }

    fn on_hand(&self, item: i64, depot: i64) -> R<i64> {
        Ok(self
            .tx
            .prepare_cached("SELECT on_hand FROM stock WHERE item_id = ?1 AND depot_id = ?2")?
            .query_row(params![item, depot], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    fn total(&self, item: i64) -> R<i64> {
        Ok(self
            .tx
            .prepare_cached("SELECT coalesce(sum(on_hand), 0) FROM stock WHERE item_id = ?1")?
            .query_row([item], |r| r.get(0))?)
    }

    /// Move `delta` units into (or, negative, out of) a depot: refused if it would leave less
    /// than nothing; else the stock row and one movement row are written. Returns the new on hand.
    #[allow(clippy::too_many_arguments)]
    fn move_stock(
        &self,
        item: &Item,
        depot: &Depot,
        kind: &str,
        delta: i64,
        post: Option<i64>,
        person: Option<i64>,
        reason: &str,
    ) -> R<i64> {
        let have = self.on_hand(item.id, depot.id)?;
        let new = have + delta;
        if new < 0 {
            return Err(Refusal::NotEnoughStock {
                item: Box::new(item.label.clone()),
                depot: depot.name.clone(),
                on_hand: have,
                wanted: -delta,
            });
        }
        self.tx
            .prepare_cached(
                "INSERT INTO stock(item_id, depot_id, on_hand) VALUES (?1, ?2, ?3)
                 ON CONFLICT(item_id, depot_id) DO UPDATE SET on_hand = excluded.on_hand",
            )?
            .execute(params![item.id, depot.id, new])?;
        self.tx
            .prepare_cached(
                "INSERT INTO stock_movements(item_id, depot_id, kind, quantity, at, post_id, person_id, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                item.id,
                depot.id,
                kind,
                delta,
                self.ctx.now,
                post,
                person,
                reason
            ])?;
        Ok(new)
    }

    /// Keep the day's totals (what the burn rate and the charts read) in step.
    fn daily(&self, item: i64, received: i64, issued: i64, adjusted: i64) -> R<()> {
        let day = local_day(self.ctx.now, self.cfg.tz);
        self.tx
            .prepare_cached(
                "INSERT INTO stock_daily(item_id, day, received, issued, adjusted) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(item_id, day) DO UPDATE SET received = stock_daily.received + excluded.received,
                   issued = stock_daily.issued + excluded.issued,
                   adjusted = stock_daily.adjusted + excluded.adjusted",
            )?
            .execute(params![item, day, received, issued, adjusted])?;
        Ok(())
    }

    pub(super) fn stock_receive(
        &self,
        item: &str,
        depot: &Option<String>,
        quantity: i64,
        from: Option<String>,
    ) -> R<Done> {
        let item = self.item(item)?;
        let depot = self.depot(depot)?;
        check_quantity(quantity)?;
        let from = from.unwrap_or_default();
        let on_hand = self.move_stock(&item, &depot, "receive", quantity, None, None, &from)?;
        self.daily(item.id, quantity, 0, 0)?;
        let total = self.total(item.id)?;
        let details = json!({"item": item.label.code, "item_id": item.id, "depot_id": depot.id,
            "quantity": quantity, "from": from, "on_hand": on_hand});
        Ok((
            Outcome::StockReceived {
                item: item.label,
                quantity,
                depot: depot.name,
                on_hand,
                total,
            },
            format!("item:{}", item.id),
            details,
        ))
    }

    pub(super) fn stock_issue(
        &self,
        item: &str,
        depot: &Option<String>,
        quantity: i64,
        post: Option<i64>,
        person: Option<&PersonRef>,
    ) -> R<Done> {
        let item = self.item(item)?;
        let depot = self.depot(depot)?;
        check_quantity(quantity)?;
        let post_id = post.or(depot.post_id).ok_or(Refusal::PostRequired)?;
        let post_name = self.post(post_id)?;
        let person = match person.filter(|p| !p.0.trim().is_empty()) {
            Some(p) => Some(self.person(p)?),
            None => None,
        };
        let on_hand = self.move_stock(
            &item,
            &depot,
            "issue",
            -quantity,
            Some(post_id),
            person.as_ref().map(|p| p.id),
            "",
        )?;
        self.daily(item.id, 0, quantity, 0)?;
        let total = self.total(item.id)?;
        let details = json!({"item": item.label.code, "item_id": item.id, "depot_id": depot.id,
            "quantity": quantity, "post_id": post_id, "person_id": person.as_ref().map(|p| p.id),
            "on_hand": on_hand});
        Ok((
            Outcome::StockIssued {
                item: item.label,
                quantity,
                depot: depot.name,
                post: post_name,
                person: person.map(|p| p.name),
                on_hand,
                total,
            },
            format!("item:{}", item.id),
            details,
        ))
    }

    pub(super) fn stock_transfer(
        &self,
        item: &str,
        from: &Option<String>,
        to: &str,
        quantity: i64,
    ) -> R<Done> {
        let item = self.item(item)?;
        let src = self.depot(from)?;
        let dst = self.depot(&Some(to.to_string()).filter(|s| !s.trim().is_empty()))?;
        if src.id == dst.id {
            return Err(Refusal::SameDepot);
        }
        check_quantity(quantity)?;
        let reason = format!("{} → {}", src.name, dst.name);
        let on_hand_from = self.move_stock(
            &item,
            &src,
            "transfer_out",
            -quantity,
            dst.post_id,
            None,
            &reason,
        )?;
        let on_hand_to =
            self.move_stock(&item, &dst, "transfer_in", quantity, None, None, &reason)?;
        let details = json!({"item": item.label.code, "item_id": item.id, "from_depot_id": src.id,
            "to_depot_id": dst.id, "quantity": quantity});
        Ok((
            Outcome::StockTransferred {
                item: item.label,
                quantity,
                from: src.name,
                to: dst.name,
                on_hand_from,
                on_hand_to,
            },
            format!("item:{}", item.id),
            details,
        ))
    }

    pub(super) fn stock_adjust(
        &self,
        item: &str,
        depot: &Option<String>,
        change: Adjustment,
        reason: &str,
    ) -> R<Done> {
        let item = self.item(item)?;
        let depot = self.depot(depot)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Refusal::ReasonRequired);
        }
        let have = self.on_hand(item.id, depot.id)?;
        let bad = || Refusal::BadValue {
            field: "change",
            value: match change {
                Adjustment::By(d) => d.to_string(),
                Adjustment::To(n) => format!("={n}"),
            },
        };
        let delta = match change {
            Adjustment::By(d) => d,
            Adjustment::To(n) if n < 0 => return Err(Refusal::BadQuantity(n.to_string())),
            Adjustment::To(n) if n > MAX_QUANTITY => return Err(bad()),
            Adjustment::To(n) => n - have,
        };
        if delta == 0 {
            return Err(Refusal::BadQuantity(match change {
                Adjustment::By(d) => d.to_string(),
                Adjustment::To(n) => format!("={n}"),
            }));
        }
        // unsigned_abs: i64::MIN has no positive i64 (abs() panicked, or wrapped).
        if delta.unsigned_abs() > MAX_QUANTITY as u64 {
            return Err(bad());
        }
        let on_hand = self.move_stock(&item, &depot, "adjust", delta, None, None, reason)?;
        self.daily(item.id, 0, 0, delta)?;
        let total = self.total(item.id)?;
        let details = json!({"item": item.label.code, "item_id": item.id, "depot_id": depot.id,
            "change": delta, "was": have, "on_hand": on_hand, "reason": reason});
        Ok((
            Outcome::StockAdjusted {
                item: item.label,
                change: delta,
                depot: depot.name,
                on_hand,
                total,
            },
            format!("item:{}", item.id),
            details,
        ))
    }

    pub(super) fn request_open(
        &self,
        kind: RequestKind,
        post: Option<i64>,
        person: Option<&PersonRef>,
        quantity: i64,
        needed_by: Ts,
        note: Option<String>,
    ) -> R<Done> {
        let post_name = post.map(|p| self.post(p)).transpose()?;
        let person = match person.filter(|p| !p.0.trim().is_empty()) {
            Some(p) => Some(self.person(p)?),
            None => None,
        };
        if post_name.is_none() && person.is_none() {
            return Err(Refusal::RequesterRequired);
        }
        check_quantity(quantity)?;
        if needed_by < self.ctx.now - NEEDED_BY_GRACE {
            return Err(Refusal::NeededByPassed(needed_by));
        }
        let note = note.unwrap_or_default();
        self.exec(
            "INSERT INTO logistics_requests(kind, post_id, person_id, quantity, needed_by, note, status, opened_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7)",
            params![kind.as_str(), post, person.as_ref().map(|p| p.id), quantity, needed_by, note, self.ctx.now],
        )?;
        let id = self.tx.last_insert_rowid()?;
        let requester = requester(
            post_name.as_deref(),
            person.as_ref().map(|p| p.name.as_str()),
        );
        let details = json!({"kind": kind.as_str(), "post_id": post,
            "person_id": person.as_ref().map(|p| p.id), "quantity": quantity,
            "needed_by": needed_by, "note": note});
        Ok((
            Outcome::RequestOpened {
                id,
                kind,
                requester,
                quantity,
                needed_by,
            },
            format!("request:{id}"),
            details,
        ))
    }

    fn request(&self, id: i64) -> R<Request> {
        let row: Option<(String, String, Option<String>, Option<String>)> = self
            .tx
            .prepare_cached(
                "SELECT r.kind, r.status, po.name, pe.name FROM logistics_requests r
                 LEFT JOIN posts po ON po.id = r.post_id LEFT JOIN people pe ON pe.id = r.person_id
                 WHERE r.id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let (kind, status, post, person) = row.ok_or(Refusal::UnknownRequest(id))?;
        Ok(Request {
            kind: RequestKind::parse(&kind).unwrap_or(RequestKind::Meals),
            status: RequestStatus::parse(&status).unwrap_or(RequestStatus::Open),
            requester: requester(post.as_deref(), person.as_deref()),
        })
    }

    pub(super) fn request_arrange(&self, id: i64, note: Option<String>) -> R<Done> {
        let r = self.request(id)?;
        if r.status != RequestStatus::Open {
            return Err(Refusal::RequestIs {
                id,
                status: r.status,
            });
        }
        self.exec(
            "UPDATE logistics_requests SET status = 'arranged', arranged_at = ?2, arrangement = ?3 WHERE id = ?1",
            params![id, self.ctx.now, note],
        )?;
        Ok((
            Outcome::RequestArranged {
                id,
                kind: r.kind,
                requester: r.requester,
            },
            format!("request:{id}"),
            json!({"request_id": id, "arrangement": note}),
        ))
    }

    /// Done from open (fulfilled at once) or from arranged; never twice.
    pub(super) fn request_done(&self, id: i64) -> R<Done> {
        let r = self.request(id)?;
        if r.status == RequestStatus::Done {
            return Err(Refusal::RequestIs {
                id,
                status: r.status,
            });
        }
        self.exec(
            "UPDATE logistics_requests SET status = 'done', done_at = ?2 WHERE id = ?1",
            params![id, self.ctx.now],
        )?;
        Ok((
            Outcome::RequestDone {
                id,
                kind: r.kind,
                requester: r.requester,
            },
            format!("request:{id}"),
            json!({"request_id": id, "was": r.status.as_str()}),
        ))
    }
}

/// "岭南西社区卡口 · 张三": who asked.
fn requester(post: Option<&str>, person: Option<&str>) -> String {
    match (post, person) {
        (Some(p), Some(n)) => format!("{p} · {n}"),
        (Some(p), None) => p.to_string(),
        (None, Some(n)) => n.to_string(),
        (None, None) => "—".to_string(),
    }
}
