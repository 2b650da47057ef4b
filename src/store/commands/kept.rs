//! `RepairKept`: recount the values the schema keeps by trigger (see `store::kept`) where they
//! differ from their real count, in the command's one transaction.

use super::{Exec, Outcome, R};
use crate::store::kept;

impl Exec<'_> {
    pub(crate) fn repair_kept(&self) -> R<(Outcome, String, serde_json::Value)> {
        let mut fixed = Vec::new();
        for k in kept::KEPT.iter() {
            let n = kept::drift_of(self.tx, k)?.len();
            if n > 0 {
                self.tx.execute_batch(&k.recount)?;
                fixed.push((k.name, n));
            }
        }
        let details: serde_json::Map<String, serde_json::Value> = fixed
            .iter()
            .map(|(name, n)| (name.to_string(), serde_json::json!(n)))
            .collect();
        Ok((
            Outcome::KeptRepaired { fixed },
            "kept values".into(),
            serde_json::json!({ "fixed": details }),
        ))
    }
}
