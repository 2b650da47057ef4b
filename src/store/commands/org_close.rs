//! Closing an organisation row (never deleting it) and finding a row by what people type.

use super::org::{Done, Found, OrgKind, OrgOutcome, OrgRefusal, OrgTable, refuse};
use super::{Exec, R, Refusal};
use crate::store::db::{OptionalExtension, params};
use serde_json::json;

impl Exec<'_> {
    pub(super) fn org_close(&self, kind: OrgKind, target: &str) -> R<Done> {
        let f = self.resolve(kind, target)?;
        if f.closed {
            return refuse(OrgRefusal::Closed { kind, name: f.name });
        }
        let mut cancelled = 0;
        match kind {
            OrgKind::Street | OrgKind::Community => {
                let child = if kind == OrgKind::Street {
                    OrgKind::Community
                } else {
                    OrgKind::Post
                };
                let n: i64 = self.tx.query_row(
                    &format!(
                        "SELECT count(*) FROM {} WHERE {} = ?1 AND closed_at IS NULL",
                        child.table(),
                        child.parent_col()
                    ),
                    [f.id],
                    |r| r.get(0),
                )?;
                if n > 0 {
                    return refuse(OrgRefusal::StillOpen {
                        kind,
                        name: f.name,
                        children: n as usize,
                    });
                }
            }
            OrgKind::Post => {
                let people: Vec<String> = self
                    .tx
                    .prepare_cached(
                        "SELECT p.name || ' (' || p.staff_code || ')' FROM shifts s JOIN people p ON p.id = s.person_id
                         WHERE s.post_id = ?1 AND s.status = 'active' ORDER BY p.name",
                    )?
                    .query_map([f.id], |r| r.get(0))?
                    .collect::<crate::store::db::Result<_>>()?;
                if !people.is_empty() {
                    return refuse(OrgRefusal::OnDuty {
                        post: f.name,
                        people,
                    });
                }
                cancelled = self.exec(
                    "UPDATE shifts SET status = 'cancelled' WHERE post_id = ?1 AND status = 'planned'",
                    [f.id],
                )?;
            }
            OrgKind::Depot => {
                let on_hand: i64 = self.tx.query_row(
                    "SELECT coalesce(sum(on_hand), 0) FROM stock WHERE depot_id = ?1",
                    [f.id],
                    |r| r.get(0),
                )?;
                if on_hand > 0 {
                    return refuse(OrgRefusal::HoldsStock {
                        name: f.name,
                        on_hand,
                    });
                }
            }
            OrgKind::Item => {}
        }
        self.exec(
            &format!("UPDATE {} SET closed_at = ?2 WHERE id = ?1", kind.table()),
            params![f.id, self.ctx.now],
        )?;
        Ok((
            super::Outcome::Org(OrgOutcome::Closed {
                kind,
                name: f.name,
                cancelled,
            }),
            format!("{}:{}", kind.as_str(), f.id),
            json!({"id": f.id, "cancelled_shifts": cancelled}),
        ))
    }
}

/// The one row `text` names: `#id`, a code (items), `parent/name`, a name, or bare digits
/// as an id when no row has that name.
pub(crate) fn resolve_in(
    conn: &crate::store::db::Connection,
    kind: OrgKind,
    text: &str,
) -> R<Found> {
    let t = text.trim();
    let unknown = || {
        Refusal::Org(OrgRefusal::Unknown {
            kind,
            text: t.to_string(),
        })
    };
    if t.is_empty() {
        return Err(unknown());
    }
    let table = kind.table();
    let name_col = if kind == OrgKind::Item {
        "name_zh"
    } else {
        "name"
    };
    let by_id = |id: i64| -> R<Option<Found>> {
        Ok(conn
            .prepare_cached(&format!(
                "SELECT id, {name_col}, closed_at FROM {table} WHERE id = ?1"
            ))?
            .query_row([id], |r| {
                Ok(Found {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    closed: r.get::<_, Option<i64>>(2)?.is_some(),
                })
            })
            .optional()?)
    };
    if let Some(id) = t.strip_prefix('#').and_then(|s| s.parse::<i64>().ok()) {
        return by_id(id)?.ok_or_else(unknown);
    }
    let (parent, name) = match (kind.parent(), t.rsplit_once('/')) {
        (Some(pk), Some((p, n))) => (Some(resolve_in(conn, pk, p)?.id), n.trim()),
        _ => (None, t),
    };
    let sql = if kind == OrgKind::Item {
        "SELECT id, name_zh, closed_at, '' FROM supply_items WHERE code = upper(?1) OR name_zh = ?1 OR lower(name_en) = lower(?1) ORDER BY id".to_string()
    } else {
        let pc = kind.parent_col();
        let parent_name = match kind.parent() {
            Some(pk) => format!(
                "coalesce((SELECT name FROM {} WHERE id = x.{pc}), '')",
                pk.table()
            ),
            None => "''".into(),
        };
        format!(
            "SELECT id, name, closed_at, {parent_name} FROM {table} x WHERE name = ?1 AND (?2 IS NULL OR {pc} = ?2) ORDER BY closed_at IS NOT NULL, id"
        )
    };
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows: Vec<(Found, String)> = if kind == OrgKind::Item {
        st.query_map(params![name], |r| {
            Ok((
                Found {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    closed: r.get::<_, Option<i64>>(2)?.is_some(),
                },
                r.get(3)?,
            ))
        })?
        .collect::<crate::store::db::Result<_>>()?
    } else {
        st.query_map(params![name, parent], |r| {
            Ok((
                Found {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    closed: r.get::<_, Option<i64>>(2)?.is_some(),
                },
                r.get(3)?,
            ))
        })?
        .collect::<crate::store::db::Result<_>>()?
    };
    // An open row wins over closed namesakes (a post re-made after closing the old one).
    if rows.len() > 1 && rows.iter().filter(|r| !r.0.closed).count() == 1 {
        rows.retain(|r| !r.0.closed);
    }
    match rows.len() {
        0 => match name.parse::<i64>() {
            Ok(id) if parent.is_none() => by_id(id)?.ok_or_else(unknown),
            _ => Err(unknown()),
        },
        1 => Ok(rows.pop().unwrap().0),
        _ => refuse(OrgRefusal::Ambiguous {
            kind,
            text: t.to_string(),
            candidates: rows
                .iter()
                .map(|(f, p)| {
                    if p.is_empty() {
                        format!("{} #{}", f.name, f.id)
                    } else {
                        format!("{p}/{} #{}", f.name, f.id)
                    }
                })
                .collect(),
        }),
    }
}
