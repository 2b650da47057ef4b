//! Rest of three kinds (轮休 rotation, 调休 swapped, 补休 compensatory), the compensatory-leave
//! ledger, and residents added on the spot as community staff (就地转化).

use super::{Command, Exec, Outcome, PersonRef, R, Refusal};
use crate::domain::{PartyStatus, RestKind, Ts};
use crate::store::db::{OptionalExtension, params};
use serde_json::json;

type Done = (Outcome, String, serde_json::Value);

impl Exec<'_> {
    /// Record a rest. It may not overlap a shift or another rest of the person (move or cancel
    /// those first); compensatory rest is taken from the hours the ledger owes.
    pub(super) fn rest(
        &self,
        pr: &PersonRef,
        kind: RestKind,
        start: Ts,
        hours: f64,
        reason: &str,
    ) -> R<Done> {
        if kind == RestKind::Forced {
            return Err(Refusal::BadValue {
                field: "kind",
                value: kind.as_str().into(),
            });
        }
        if !(hours.is_finite() && hours * 60.0 >= 1.0 && hours <= 24.0 * 14.0) {
            return Err(Refusal::BadHours(format!("{hours}")));
        }
        let p = self.person(pr)?;
        let end = start + (hours * 3600.0).round() as i64;
        if let Some((s, e)) = self.clash(p.id, start, end, None)? {
            return Err(Refusal::RestClash {
                name: p.name,
                start: s,
                end: e,
            });
        }
        if let Some(r) = self.rest_overlapping(p.id, start, end, true)? {
            return Err(Refusal::RestOverlap {
                name: p.name,
                start: r.start,
                end: r.end,
            });
        }
        let minutes = (end - start) / 60;
        let owed = self.owed(p.id)?;
        if kind == RestKind::Compensatory && minutes > owed {
            return Err(Refusal::NotOwed {
                name: p.name,
                owed_minutes: owed,
                asked_minutes: minutes,
            });
        }
        self.exec(
            "INSERT INTO rest_periods(person_id, kind, start_at, end_at, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![p.id, kind.as_str(), start, end, reason.trim()],
        )?;
        let rest_id = self.tx.last_insert_rowid()?;
        self.created_rest(rest_id);
        let owed_after = (kind == RestKind::Compensatory).then_some(owed - minutes);
        if kind == RestKind::Compensatory {
            self.ledger(p.id, -minutes, "taken", Some(rest_id), reason.trim())?;
        }
        let details = json!({"person_id": p.id, "rest_id": rest_id, "kind": kind.as_str(), "start": start,
            "end": end, "hours": hours, "reason": reason.trim(), "owed_minutes_after": owed_after});
        Ok((
            Outcome::RestRecorded {
                name: p.name,
                kind,
                start,
                end,
                owed_after,
            },
            format!("person:{}", p.id),
            details,
        ))
    }

    /// A correction of the ledger by hand: hours owed for leave that could not be taken
    /// (positive) or settled otherwise (negative). Never below zero.
    pub(super) fn ledger_adjust(&self, pr: &PersonRef, hours: f64, reason: &str) -> R<Done> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Refusal::ReasonRequired);
        }
        let minutes = (hours * 60.0).round();
        if !(minutes.is_finite() && minutes != 0.0 && minutes.abs() <= 1000.0 * 60.0) {
            return Err(Refusal::BadHours(format!("{hours}")));
        }
        let minutes = minutes as i64;
        let p = self.person(pr)?;
        let owed = self.owed(p.id)?;
        if owed + minutes < 0 {
            return Err(Refusal::NotOwed {
                name: p.name,
                owed_minutes: owed,
                asked_minutes: -minutes,
            });
        }
        self.ledger(p.id, minutes, "adjust", None, reason)?;
        let details = json!({"person_id": p.id, "minutes": minutes, "reason": reason,
            "balance_minutes": owed + minutes});
        Ok((
            Outcome::LedgerAdjusted {
                name: p.name,
                minutes,
                balance: owed + minutes,
            },
            format!("person:{}", p.id),
            details,
        ))
    }

    /// 就地转化: a resident of a sealed zone joins as community staff of their community,
    /// with party status and dual registration (双报到) noted; scheduled like everyone else.
    pub(super) fn convert(&self, cmd: &Command) -> R<Done> {
        let Command::Convert {
            name,
            community,
            party_status,
            source_unit,
            phone,
            dual_registered,
            note,
        } = cmd
        else {
            unreachable!("convert is only called with Command::Convert");
        };
        let bad = |field: &'static str, value: &str| Refusal::BadValue {
            field,
            value: value.to_string(),
        };
        let name = name.trim();
        if !crate::domain::people::valid_name(name) {
            return Err(bad("name", name));
        }
        let party = if party_status.trim().is_empty() {
            PartyStatus::None
        } else {
            PartyStatus::parse(party_status.trim()).ok_or_else(|| bad("party", party_status))?
        };
        let phone = phone.trim();
        if phone.len() > 20
            || !phone
                .chars()
                .all(|c| c.is_ascii_digit() || "+- ".contains(c))
        {
            return Err(bad("phone", phone));
        }
        let c = super::id_text(community);
        let found: Option<(i64, String)> = self
            .tx
            .prepare_cached(
                "SELECT id, name FROM communities
                 WHERE name = ?1 OR id = ?2 LIMIT 1",
            )?
            .query_row(params![c, crate::store::db::digits_id(c)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let (community_id, community_name) =
            found.ok_or_else(|| Refusal::UnknownCommunity(c.to_string()))?;
        if !phone.is_empty() {
            let dup: Option<String> = self
                .tx
                .prepare_cached(
                    "SELECT staff_code FROM people WHERE name = ?1 AND phone = ?2 AND retired_at IS NULL LIMIT 1",
                )?
                .query_row(params![name, phone], |r| r.get(0))
                .optional()?;
            if let Some(code) = dup {
                return Err(Refusal::DuplicatePerson {
                    name: name.to_string(),
                    staff_code: code,
                });
            }
        }
        let id: i64 = self.tx.next_id("people")?;
        let mut code = format!("FL{id:06}");
        let taken = |c: &str| -> R<bool> {
            Ok(self
                .tx
                .prepare_cached("SELECT 1 FROM people WHERE staff_code = ?1")?
                .query_row([c], |_| Ok(()))
                .optional()?
                .is_some())
        };
        let mut n = 1;
        while taken(&code)? {
            code = format!("FL{id:06}-{n}");
            n += 1;
        }
        self.exec(
            "INSERT INTO people(id, staff_code, name, category, source_unit, community_id, party_status, phone,
                                note, dual_registered, converted_at)
             VALUES (?1, ?2, ?3, 'community', ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![id, code, name, source_unit.trim(), community_id, party.as_str(), phone,
                note.trim(), *dual_registered as i64, self.ctx.now],
        )?;
        let details = json!({"person_id": id, "staff_code": code, "community_id": community_id,
            "party_status": party.as_str(), "dual_registered": dual_registered, "source_unit": source_unit.trim()});
        Ok((
            Outcome::Converted {
                id,
                name: name.to_string(),
                staff_code: code,
                community: community_name,
            },
            format!("person:{id}"),
            details,
        ))
    }
}
