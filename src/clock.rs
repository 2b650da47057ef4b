//! The one place that reads the system clock. `FRONTLINE_NOW` freezes it for the whole process.

use crate::domain::Ts;
use std::sync::OnceLock;

static FROZEN: OnceLock<Option<Ts>> = OnceLock::new();

/// Parse `FRONTLINE_NOW` (RFC 3339). A malformed value is an error, not silently ignored.
pub fn frozen() -> Result<Option<Ts>, String> {
    match std::env::var("FRONTLINE_NOW") {
        Ok(v) if !v.trim().is_empty() => chrono::DateTime::parse_from_rfc3339(v.trim())
            .map(|d| Some(d.timestamp()))
            .map_err(|e| {
                format!("FRONTLINE_NOW={v}: {e} (expected e.g. 2021-06-10T08:00:00+08:00)")
            }),
        _ => Ok(None),
    }
}

/// Current time: frozen if `FRONTLINE_NOW` is set, else the system clock.
pub fn now() -> Ts {
    match FROZEN.get_or_init(|| frozen().ok().flatten()) {
        Some(t) => *t,
        None => chrono::Utc::now().timestamp(),
    }
}

pub fn is_frozen() -> bool {
    FROZEN.get_or_init(|| frozen().ok().flatten()).is_some()
}
