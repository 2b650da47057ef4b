//! `frontline import org`: the good rows of an organisation workbook as one command (one
//! transaction, one audit row holding counts). Rows match on their name within their parent
//! (streets and depots on their name, items on their code): new ones are added, changed ones
//! updated, the rest counted unchanged, so importing the same workbook again changes nothing.

use super::org::{OrgCounts, OrgKind, OrgOutcome};
use super::{Exec, R};
use crate::import::org::OrgRows;
use serde_json::json;

impl Exec<'_> {
    pub(super) fn import_org(&self, rows: &OrgRows, skipped: usize) -> R<super::org::Done> {
        let mut counts = OrgCounts::new();
        for row in &rows.rows {
            let (kind, f) = (row.kind, &row.fields);
            let parent = match (kind.parent(), f.parent.as_deref().map(str::trim)) {
                (Some(pk), Some(p)) if !p.is_empty() && kind != OrgKind::Depot => {
                    Some(self.resolve(pk, p)?.id)
                }
                _ => None,
            };
            let key = if kind == OrgKind::Item {
                super::org::item_code(f.code.as_deref().unwrap_or(""))?
            } else {
                f.name.clone().unwrap_or_default().trim().to_string()
            };
            let c = counts.entry(kind).or_default();
            match self.find_within(kind, parent, &key)? {
                None => {
                    self.org(&super::OrgCommand::Add {
                        kind,
                        fields: f.clone(),
                    })?;
                    c.0 += 1;
                }
                Some(id) => {
                    // Only what the workbook gives; a name is the key, not a change.
                    let mut f = f.clone();
                    f.name = None;
                    if kind != OrgKind::Depot {
                        f.parent = None;
                    }
                    if self.org_update(kind, id, &f)?.is_empty() {
                        c.2 += 1;
                    } else {
                        c.1 += 1;
                    }
                }
            }
        }
        let details = json!({
            "skipped": skipped,
            "counts": counts.iter().map(|(k, (a, u, n))| (k.as_str().to_string(), json!({"new": a, "updated": u, "unchanged": n}))).collect::<serde_json::Map<_, _>>(),
        });
        Ok((
            super::Outcome::Org(OrgOutcome::Imported { counts, skipped }),
            "org".into(),
            details,
        ))
    }
}
