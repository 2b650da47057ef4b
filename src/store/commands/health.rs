//! Health: daily reports, nucleic-acid tests (a positive one takes the person off
//! duty, out of service, and raises an alert), medical follow-up per community, alerts.

use super::care::{CareOutcome, CareRefusal, Done, done, no};
use super::{Exec, PersonRef, R};
use crate::domain::health::{is_unwell, temperature_dc};
use crate::domain::time::local_day;
use crate::domain::{AlertKind, TestResult, Ts};
use crate::store::db::{OptionalExtension, params};
use serde_json::json;

impl Exec<'_> {
    /// Since when the person has been out of service (health), if they are.
    pub(super) fn out_of_service(&self, person: i64) -> R<Option<Ts>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT start_at FROM out_of_service WHERE person_id = ?1 AND end_at IS NULL",
            )?
            .query_row([person], |r| r.get(0))
            .optional()?)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn record_health(
        &self,
        pr: &PersonRef,
        day: Option<i64>,
        temperature: Option<f64>,
        symptoms: &str,
        fit: bool,
        note: &str,
        via_phone: bool,
        // When the report was made (a form's submission time); `None` = now.
        at: Option<Ts>,
    ) -> R<Done> {
        let temp_dc = match temperature {
            None => None,
            Some(c) => Some(temperature_dc(c).ok_or(no(CareRefusal::BadTemperature(c)))?),
        };
        let p = self.person(pr)?;
        let now = self.ctx.now;
        let today = local_day(now, self.cfg.tz);
        let day = day.unwrap_or(today);
        if day > today {
            return Err(no(CareRefusal::FutureDate));
        }
        let (symptoms, note) = (symptoms.trim(), note.trim());
        let unwell = is_unwell(temp_dc, fit, symptoms);
        let existing: Option<(i64, bool)> = self
            .tx
            .prepare_cached(
                "SELECT id, unwell FROM health_reports WHERE person_id = ?1 AND day = ?2",
            )?
            .query_row(params![p.id, day], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        // A correction keeps the time of the first report, so an on-time report stays on time.
        self.exec(
            "INSERT INTO health_reports(person_id, day, temp_dc, symptoms, fit, unwell, note, reported_at, via_phone)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT(person_id, day) DO UPDATE SET temp_dc = excluded.temp_dc,
               symptoms = excluded.symptoms, fit = excluded.fit, unwell = excluded.unwell,
               note = excluded.note, via_phone = excluded.via_phone",
            params![p.id, day, temp_dc, symptoms, fit, unwell, note, at.unwrap_or(now), via_phone],
        )?;
        let id = match existing {
            Some(e) => e.0,
            None => self.tx.last_insert_rowid()?,
        };
        // The day's tally: one more report unless corrected; unwell by the change (written
        // when the command ends, `write_health_days`).
        let was_unwell = existing.is_some_and(|e| e.1);
        {
            let mut days = self.health_days.borrow_mut();
            let t = days.entry(day).or_default();
            t.0 += i64::from(existing.is_none());
            t.1 += i64::from(unwell) - i64::from(was_unwell);
        }
        done(
            CareOutcome::HealthRecorded {
                name: p.name,
                day,
                unwell,
                replaced: existing.is_some(),
                via_phone,
            },
            format!("person:{}", p.id),
            json!({"person_id": p.id, "report_id": id}),
        )
    }

    /// The command's health tallies, one statement per day it touched (`health_days`).
    pub(super) fn write_health_days(&self) -> R<()> {
        let days = std::mem::take(&mut *self.health_days.borrow_mut());
        for (day, (reported, unwell)) in days {
            self.exec(
                "INSERT INTO health_daily(day, reported, unwell) VALUES (?1, ?2, max(0, ?3))
                 ON CONFLICT(day) DO UPDATE SET reported = health_daily.reported + excluded.reported,
                   unwell = max(0, health_daily.unwell + ?3)",
                params![day, reported, unwell],
            )?;
        }
        Ok(())
    }

    pub(super) fn record_test(
        &self,
        pr: &PersonRef,
        tested_at: Option<Ts>,
        result: TestResult,
        site: &str,
    ) -> R<Done> {
        let p = self.person(pr)?;
        let now = self.ctx.now;
        if tested_at.is_some_and(|t| t > now) {
            return Err(no(CareRefusal::FutureDate));
        }
        // Which test: the one sampled at the given time, else (for a result) the latest
        // pending one, else a new test sampled now.
        let known: Option<(i64, Ts, String)> = match tested_at {
            Some(t) => self
                .tx
                .prepare_cached(
                    "SELECT id, tested_at, result FROM nucleic_tests WHERE person_id = ?1 AND tested_at = ?2",
                )?
                .query_row(params![p.id, t], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?,
            None if result != TestResult::Pending => self
                .tx
                .prepare_cached(
                    "SELECT id, tested_at, result FROM nucleic_tests WHERE person_id = ?1
                     AND result = 'pending' ORDER BY tested_at DESC LIMIT 1",
                )?
                .query_row([p.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?,
            None => None,
        };
        let site = site.trim();
        let (test_id, at, was_positive) = match known {
            Some((id, at, old)) => {
                self.exec(
                    "UPDATE nucleic_tests SET result = ?2, recorded_at = ?3,
                       site = CASE WHEN ?4 = '' THEN site ELSE ?4 END WHERE id = ?1",
                    params![id, result.as_str(), now, site],
                )?;
                (id, at, old == TestResult::Positive.as_str())
            }
            None => {
                let at = tested_at.unwrap_or(now);
                self.exec(
                    "INSERT INTO nucleic_tests(person_id, tested_at, result, site, recorded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![p.id, at, result.as_str(), site, now],
                )?;
                (self.tx.last_insert_rowid()?, at, false)
            }
        };
        let mut details = json!({"person_id": p.id, "test_id": test_id});
        let mut ended_shift = false;
        let positive = result == TestResult::Positive;
        if positive && !was_positive {
            // Off duty now, in the same transaction: end the shift, cancel what is planned,
            // out of service until ended by hand, and an alert until acknowledged.
            if let Some(a) = self.active(p.id)? {
                self.end_active(&a)?;
                details["ended_shift_id"] = json!(a.shift);
                ended_shift = true;
            }
            let cancelled = self.exec(
                "UPDATE shifts SET status = 'cancelled' WHERE person_id = ?1 AND status = 'planned' AND planned_end > ?2",
                params![p.id, now],
            )?;
            details["cancelled_planned"] = json!(cancelled);
            if self.out_of_service(p.id)?.is_none() {
                self.exec(
                    "INSERT INTO out_of_service(person_id, reason, start_at, test_id) VALUES (?1, 'health', ?2, ?3)",
                    params![p.id, now, test_id],
                )?;
                details["out_of_service_id"] = json!(self.tx.last_insert_rowid()?);
            }
            self.exec(
                "INSERT INTO alerts(kind, person_id, ref_id, raised_at) VALUES (?1, ?2, ?3, ?4)",
                params![AlertKind::PositiveTest.as_str(), p.id, test_id, now],
            )?;
            details["alert_id"] = json!(self.tx.last_insert_rowid()?);
        }
        done(
            CareOutcome::TestRecorded {
                name: p.name,
                tested_at: at,
                result,
                ended_shift,
                out_of_service: positive,
            },
            format!("person:{}", p.id),
            details,
        )
    }

    pub(super) fn return_to_service(&self, pr: &PersonRef) -> R<Done> {
        let p = self.person(pr)?;
        let row: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT id FROM out_of_service WHERE person_id = ?1 AND end_at IS NULL",
            )?
            .query_row([p.id], |r| r.get(0))
            .optional()?;
        let Some(id) = row else {
            return Err(no(CareRefusal::NotOutOfService(p.name)));
        };
        self.exec(
            "UPDATE out_of_service SET end_at = max(start_at, ?2) WHERE id = ?1",
            params![id, self.ctx.now],
        )?;
        done(
            CareOutcome::ReturnedToService { name: p.name },
            format!("person:{}", p.id),
            json!({"person_id": p.id, "out_of_service_id": id}),
        )
    }

    pub(super) fn ack_alert(&self, id: Option<i64>) -> R<Done> {
        type Row = (i64, String, Option<i64>, Option<i64>);
        let row: Option<Row> = match id {
            Some(id) => self
                .tx
                .prepare_cached(
                    "SELECT id, kind, person_id, acknowledged_at FROM alerts WHERE id = ?1",
                )?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()?,
            None => self
                .tx
                .prepare_cached(
                    "SELECT id, kind, person_id, acknowledged_at FROM alerts
                     WHERE acknowledged_at IS NULL ORDER BY raised_at, id LIMIT 1",
                )?
                .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()?,
        };
        let (id, kind, person, acked) = match (row, id) {
            (Some(r), _) => r,
            (None, Some(id)) => return Err(no(CareRefusal::UnknownAlert(id))),
            (None, None) => return Err(no(CareRefusal::NoAlert)),
        };
        if acked.is_some() {
            return Err(no(CareRefusal::AlertAlreadyAcknowledged(id)));
        }
        self.exec(
            "UPDATE alerts SET acknowledged_at = ?2, acknowledged_by = ?3 WHERE id = ?1",
            params![id, self.ctx.now, self.ctx.operator],
        )?;
        let name: Option<String> = match person {
            Some(pid) => self
                .tx
                .prepare_cached("SELECT name FROM people WHERE id = ?1")?
                .query_row([pid], |r| r.get(0))
                .optional()?,
            None => None,
        };
        done(
            CareOutcome::AlertAcknowledged {
                id,
                kind: AlertKind::parse(&kind).unwrap_or(AlertKind::PositiveTest),
                name,
            },
            format!("alert:{id}"),
            json!({"alert_id": id, "person_id": person}),
        )
    }

    pub(super) fn assign_medic(&self, pr: &PersonRef, community: i64, end: bool) -> R<Done> {
        let p = self.person(pr)?;
        let cname: String = self
            .tx
            .prepare_cached("SELECT name FROM communities WHERE id = ?1")?
            .query_row([community], |r| r.get(0))
            .optional()?
            .ok_or(no(CareRefusal::UnknownCommunity(community)))?;
        let category: String = self
            .tx
            .prepare_cached("SELECT category FROM people WHERE id = ?1")?
            .query_row([p.id], |r| r.get(0))?;
        let current: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT id FROM medical_assignments WHERE person_id = ?1 AND community_id = ?2 AND until IS NULL",
            )?
            .query_row(params![p.id, community], |r| r.get(0))
            .optional()?;
        let id = match (end, current) {
            (false, Some(_)) => {
                return Err(no(CareRefusal::AlreadyMedic {
                    name: p.name,
                    community: cname,
                }));
            }
            (true, None) => {
                return Err(no(CareRefusal::NotMedic {
                    name: p.name,
                    community: cname,
                }));
            }
            (true, Some(id)) => {
                self.exec(
                    "UPDATE medical_assignments SET until = max(since, ?2) WHERE id = ?1",
                    params![id, self.ctx.now],
                )?;
                id
            }
            (false, None) => {
                if category != "medical" {
                    return Err(no(CareRefusal::NotMedical(p.name)));
                }
                self.exec(
                    "INSERT INTO medical_assignments(person_id, community_id, since) VALUES (?1, ?2, ?3)",
                    params![p.id, community, self.ctx.now],
                )?;
                self.tx.last_insert_rowid()?
            }
        };
        done(
            CareOutcome::MedicAssigned {
                name: p.name,
                community: cname,
                ended: end,
            },
            format!("person:{}", p.id),
            json!({"person_id": p.id, "community_id": community, "assignment_id": id, "ended": end}),
        )
    }
}
