//! A long write's progress and its cancel switch, shared between the thread doing the work and
//! the console showing it. The executor checks the switch between rows: a cancelled command
//! returns `Refusal::Cancelled` and its one transaction is rolled back, so nothing is written.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    total: AtomicU64,
    cancelled: AtomicBool,
}

impl Progress {
    /// Start counting `total` steps from zero (0: no count known).
    pub fn start(&self, total: u64) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// One step done. `false`: the work was cancelled, stop.
    pub fn step(&self) -> bool {
        self.done.fetch_add(1, Ordering::Relaxed);
        !self.is_cancelled()
    }

    /// (done, total) so far.
    pub fn get(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_steps_and_stops_once_cancelled() {
        let p = Progress::default();
        p.start(3);
        assert!(p.step());
        assert_eq!(p.get(), (1, 3));
        p.cancel();
        assert!(!p.step());
        assert_eq!(p.get(), (2, 3));
    }
}
