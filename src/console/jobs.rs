//! Jobs: the console's long work — a file import (preview and apply), an export, the daily
//! report, the daily backup — run off the event loop, each on a blocking thread with its own
//! store connection. A job reports how far it is (`store::progress::Progress`, the footer's
//! gauge), stops when `Esc` cancels it (an import's one transaction is rolled back: nothing
//! written), and its result comes back as an `Action` that goes through `App::update` like any
//! other. Writes still go through `Store::execute`.
//!
//! Screen tests drive `Console` directly: there jobs run inline (`Jobs::inline`, the default),
//! at once on the console's own connection, so every test sees the result deterministically.

use super::Console;
use crate::app::paperwork::{JobGauge, PaperResult};
use crate::app::{Action, App};
use crate::store::progress::Progress;
use crate::store::{Recount, Store};
use anyhow::Result;
use std::sync::Arc;
use tokio::sync::mpsc;

/// A job's work, given a console of its own (its own connection, a copy of the screen state).
/// `None`: nothing to tell the app.
pub type Work = Box<dyn FnOnce(&mut Console) -> Option<Action> + Send>;

/// A job ended: its result, to go through `App::update`.
pub struct Finished {
    id: u64,
    pub action: Option<Action>,
}

struct Running {
    id: u64,
    what: crate::i18n::Key,
    progress: Arc<Progress>,
}

pub struct Jobs {
    /// Run each job at once on the console's own connection (screen tests, the default);
    /// the event loop turns this off.
    pub inline: bool,
    next: u64,
    running: Vec<Running>,
    tx: mpsc::UnboundedSender<Finished>,
    /// Where finished jobs arrive; the event loop takes it to wait on it (`take_receiver`).
    rx: Option<mpsc::UnboundedReceiver<Finished>>,
    /// The event loop's runtime, whose blocking pool runs the jobs (the loop handles events
    /// outside its context, so it is given here).
    pub runtime: Option<tokio::runtime::Handle>,
}

impl Default for Jobs {
    fn default() -> Jobs {
        let (tx, rx) = mpsc::unbounded_channel();
        Jobs {
            inline: true,
            next: 0,
            running: Vec::new(),
            tx,
            rx: Some(rx),
            runtime: None,
        }
    }
}

impl Jobs {
    /// Jobs still running.
    pub fn busy(&self) -> usize {
        self.running.len()
    }

    /// Cancel the newest running job that can be (not the backup: it writes a new file of its
    /// own, never half of the database); `false`: none runs.
    pub fn cancel_newest(&mut self) -> bool {
        let open = |r: &&Running| !r.progress.is_cancelled() && r.what != crate::key!("job.backup");
        match self.running.iter().rev().find(open) {
            Some(r) => {
                r.progress.cancel();
                true
            }
            None => false,
        }
    }

    /// Cancel every job (the console is closing).
    pub fn cancel_all(&self) {
        self.running.iter().for_each(|r| r.progress.cancel());
    }

    /// The channel finished jobs arrive on, for the event loop to wait on.
    pub fn take_receiver(&mut self) -> Option<mpsc::UnboundedReceiver<Finished>> {
        self.rx.take()
    }
}

/// The parts of the screen state a job reads (which screen, list, filter, day), on a fresh
/// `App`: the job's console answers as the screen stood when the job started.
fn snapshot(app: &App) -> App {
    let mut a = App::new(
        app.lang,
        app.tz,
        app.operator.clone(),
        app.rules.clone(),
        app.now,
        app.size,
    );
    a.screen = app.screen;
    a.focus = app.focus;
    a.lists = app.lists.clone();
    a.screen_lists = app.screen_lists.clone();
    a.sched = app.sched.clone();
    a.care = app.care.clone();
    a.people = app.people.clone();
    a
}

impl Console {
    /// Start `work` as a job doing `what` (a catalogue key, shown in the gauge). Inline, its
    /// result is returned at once; spawned, it arrives later through `Jobs`' channel.
    pub(crate) fn start_job(
        &mut self,
        what: crate::i18n::Key,
        work: impl FnOnce(&mut Console) -> Option<Action> + Send + 'static,
    ) -> Option<Action> {
        let progress = Arc::new(Progress::default());
        if self.jobs.inline {
            self.store.set_progress(Some(progress));
            let a = work(self);
            self.store.set_progress(None);
            return a;
        }
        let id = self.jobs.next;
        self.jobs.next += 1;
        self.jobs.running.push(Running {
            id,
            what,
            progress: Arc::clone(&progress),
        });
        self.sync_gauge();
        let (path, cfg) = (self.store.source().to_path_buf(), self.store.cfg.clone());
        let (app, clock, desk) = (snapshot(&self.app), self.clock, self.desk.clone());
        let forms = self.import_forms.clone();
        let tx = self.jobs.tx.clone();
        let job = move || {
            // A job never recounts the rules on opening: that is a job of its own.
            let action = match Store::open_deferring_recount(&path, cfg) {
                Ok(mut store) => {
                    store.set_desk(desk.clone());
                    store.set_progress(Some(progress));
                    let mut c = Console::worker(store, app, clock, desk, forms);
                    work(&mut c)
                }
                Err(e) => Some(Action::Paper(PaperResult::Wrote(Err(format!("{e:#}"))))),
            };
            let _ = tx.send(Finished { id, action });
        };
        let runtime = match &self.jobs.runtime {
            Some(rt) => Ok(rt.clone()),
            None => tokio::runtime::Handle::try_current(),
        };
        match runtime {
            Ok(rt) => drop(rt.spawn_blocking(job)),
            // Outside the event loop (the bench): a thread of its own.
            Err(_) => drop(std::thread::spawn(job)),
        }
        None
    }

    /// A job's console: its own connection, the screen state copied, jobs inline.
    fn worker(
        store: Store,
        app: App,
        clock: fn() -> crate::domain::Ts,
        desk: String,
        import_forms: std::collections::BTreeMap<String, Vec<String>>,
    ) -> Console {
        Console {
            app,
            store,
            clock,
            seen_version: 0,
            offline: false,
            read_at: clock(),
            seen_audit: i64::MAX,
            told_version: None,
            own_since_told: 0,
            bells: 0,
            defer_trials: false,
            pending_trial: None,
            desk,
            import_forms,
            jobs: Jobs::default(),
        }
    }

    /// The data version this console last read at (compare with `store.data_version()`).
    pub fn seen_version(&self) -> i64 {
        self.seen_version
    }

    /// Whether the job this console runs was cancelled (`Esc`).
    pub(super) fn cancelled(&self) -> bool {
        self.store.progress().is_some_and(|p| p.is_cancelled())
    }

    /// A finished job: off the gauge, its result through `update`. `Ok(true)`: quit.
    pub fn job_finished(&mut self, f: Finished) -> Result<bool> {
        self.jobs.running.retain(|r| r.id != f.id);
        self.sync_gauge();
        match f.action {
            Some(a) => self.handle(a),
            None => Ok(false),
        }
    }

    /// Handle every job finished so far, without waiting (when nothing waits on the channel).
    /// `Ok(true)`: quit.
    pub fn pump_jobs(&mut self) -> Result<bool> {
        loop {
            let next = match self.jobs.rx.as_mut() {
                Some(rx) => rx.try_recv().ok(),
                None => None,
            };
            match next {
                Some(f) => {
                    if self.job_finished(f)? {
                        return Ok(true);
                    }
                }
                None => return Ok(false),
            }
        }
    }

    /// The footer's gauge from the newest running job's progress.
    pub fn sync_gauge(&mut self) {
        self.app.job = self.jobs.running.last().map(|r| {
            let (done, total) = r.progress.get();
            JobGauge {
                what: if r.progress.is_cancelled() {
                    crate::key!("job.cancelled")
                } else {
                    r.what
                },
                done,
                total,
            }
        });
    }

    /// The running shifts' breaches recounted as a job when the rest rules changed since
    /// they were computed (the console opens without it, so its first frame does not wait).
    pub fn start_rules_recount(&mut self) -> Option<Action> {
        if !self.store.rules_recount_due().unwrap_or(false) {
            return None;
        }
        self.start_job(crate::key!("job.rules_recount"), |c| {
            let lang = c.app.lang;
            let text = |n| crate::i18n::notes::rules_recounted(lang, n);
            Some(Action::Paper(PaperResult::Wrote(
                match c.store.recount_rules() {
                    Ok(Recount::Done(n)) => Ok(text(Some(n))),
                    Ok(Recount::NotDue) => return None,
                    Ok(Recount::Cancelled) => Err(text(None)),
                    Err(e) => Err(format!("{e:#}")),
                },
            )))
        })
    }

    /// Today's automatic backup as a job (the console's start); a failure is shown and logged.
    pub fn start_daily_backup(&mut self, keep: usize) -> Option<Action> {
        self.start_job(crate::key!("job.backup"), move |c| {
            let day = crate::domain::time::to_local(c.app.now, c.store.cfg.tz)
                .format("%Y-%m-%d")
                .to_string();
            // A page cache of 2 MB, not the console's 32: the copy reads every page once.
            let _ = c.store.conn.pragma_update(None, "cache_size", -2000);
            match c.store.auto_backup(&day, keep) {
                Ok(Some(f)) => {
                    tracing::info!(file = %f.display(), "daily backup written");
                    None
                }
                Ok(None) => None,
                Err(e) => {
                    tracing::warn!("daily backup failed: {e:#}");
                    Some(Action::Paper(PaperResult::Wrote(Err(format!("{e:#}")))))
                }
            }
        })
    }
}
