//! The app plus the store it reads and writes: `Console::handle` feeds an action through
//! `App::update` and performs the effects it asks for, first asked first done. Long work (file
//! imports, exports, the daily report) goes to a job (`jobs.rs`) instead of being done here.

use crate::app::paperwork::{PaperEffect, PaperResult};
use crate::app::screens::ScreenData;
use crate::app::{Action, App, Effect};
use crate::clock;
use crate::i18n::Lang;
use crate::settings::UiOptions;
use crate::store::Store;
use crate::store::commands::{Command, Ctx, Outcome, Refusal};
use crate::store::queries::Version;
use anyhow::Result;
use std::collections::VecDeque;

/// The app plus the store it reads and writes: performs the effects `update` asks for.
pub struct Console {
    pub app: App,
    pub store: Store,
    /// Time of a write: the process clock (tests pin it).
    pub clock: fn() -> crate::domain::Ts,
    pub(super) seen_version: i64,
    /// The database server was lost and not yet reached again (`outlive`).
    pub(super) offline: bool,
    /// When the panels were last read (the header shows it while the server is lost).
    pub(super) read_at: crate::domain::Ts,
    /// The newest audit entry this console has seen: newer ones by other desks are told.
    pub(super) seen_audit: i64,
    /// The data version when the audit log was last read for other desks' actions (`refresh`).
    pub(super) told_version: Option<i64>,
    /// This console's own actions committed since then (each is one audit row).
    pub(super) own_since_told: i64,
    /// Bells asked for and not yet rung (a new alert).
    pub bells: usize,
    /// Hold gate trials until the keys queued so far are handled (the event loop sets this;
    /// tests run each trial at once).
    pub defer_trials: bool,
    pub(super) pending_trial: Option<crate::store::commands::Command>,
    /// This console's desk, as recorded in its audit rows.
    pub(super) desk: String,
    /// The config file's column mappings per form, for `I` on the health screen.
    pub import_forms: std::collections::BTreeMap<String, Vec<String>>,
    /// Imports, exports, reports and backups running off the loop (`jobs.rs`). Inline (done at
    /// once on this connection) unless the event loop turns spawning on.
    pub jobs: super::jobs::Jobs,
}

impl Console {
    pub fn new(
        mut store: Store,
        lang: Lang,
        operator: String,
        size: (u16, u16),
    ) -> Result<Console> {
        // One desk per console: its `u` reverses only what this console did, even when another
        // console or `frontline do` acts under the same operator name.
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let desk = format!("console-{}-{started:x}", std::process::id());
        store.set_desk(desk.clone());
        let mut app = App::new(
            lang,
            store.cfg.tz,
            operator,
            store.cfg.rules.clone(),
            clock::now(),
            size,
        );
        app.frozen = clock::is_frozen();
        // Nothing to show yet (no posts, no people or no stock): the first-run checklist.
        if crate::app::setup::needs_checklist(&store.first_run(app.now)?) {
            app.open_first_run();
        }
        let seen_audit = store.audit(1)?.first().map_or(0, |r| r.id);
        Ok(Console {
            app,
            store,
            clock: clock::now,
            seen_version: 0,
            offline: false,
            read_at: clock::now(),
            seen_audit,
            told_version: None,
            own_since_told: 0,
            bells: 0,
            defer_trials: false,
            pending_trial: None,
            desk,
            import_forms: Default::default(),
            jobs: Default::default(),
        })
    }

    /// Apply the config file's and the flags' choices (keys, theme, post, bell).
    pub fn configure(&mut self, ui: &UiOptions) {
        self.app.keymap = ui.keymap.clone();
        self.app.theme = ui.theme;
        self.app.post_name = ui.post_name.clone();
        self.app.alerts.bell = ui.bell;
        self.app.mouse_on = ui.mouse;
        self.import_forms = ui.import_forms.clone();
    }

    pub fn refresh(&mut self) -> Result<()> {
        // Another desk's action is an audit row and moves the data version: while the version
        // stands where it was when the audit log was last read, there is nothing new to tell
        // and the log is not read again (on a server its statement is the dearest of a refresh
        // to plan). Not `seen_version`: a load after this desk's own action moves that one.
        let read = self.store.version_for(self.app.now)?;
        let version = read.value;
        if self.told_version != Some(version) {
            // Moved by exactly this desk's own actions since (one audit row each): nobody
            // else's to tell, and a statement fewer after each action (on a server, a round
            // trip). Any other move reads the log.
            let own_only = self.told_version.is_some_and(|t| {
                self.store
                    .moved_by_own_actions_only(t, version, self.own_since_told)
            });
            let others = if own_only {
                Vec::new()
            } else {
                self.others_since()?
            };
            self.told_version = Some(version);
            self.own_since_told = 0;
            if !others.is_empty() {
                self.handle(Action::OthersActed(others))?;
            }
        }
        let a = self.load_at(read)?;
        self.handle(a)?;
        Ok(())
    }

    /// Other desks' actions since the last look, in words (this desk's own are not news).
    fn others_since(&mut self) -> Result<Vec<String>> {
        let rows = self.store.audit_after(self.seen_audit)?;
        if let Some(r) = rows.last() {
            self.seen_audit = r.id;
        }
        // The list shows each one's time; the words say who did what to whom.
        let l = self.app.lang;
        Ok(rows
            .iter()
            .filter(|r| r.details["desk"].as_str() != Some(self.desk.as_str()))
            .map(|r| crate::i18n::audit::by(l, r))
            .collect())
    }

    /// Read what the current screen shows. The home panels are always read: the header's
    /// alert counts stay live on every screen.
    fn load(&mut self) -> Result<Action> {
        let read = self.store.version_for(self.app.now)?;
        self.load_at(read)
    }

    /// `load`, the data version just read being `read` (on a server, with the home's totals:
    /// a statement fewer).
    fn load_at(&mut self, read: Version) -> Result<Action> {
        self.seen_version = read.value;
        let home = self.store.home_with(&self.app.home_query(), read)?;
        let w = self.app.screen_window();
        let data = self.screen_data(&w)?;
        self.read_at = (self.clock)();
        Ok(Action::Refreshed(Box::new(home), Box::new(data)))
    }

    /// The current full screen's rows in window `w` (the export asks for all of them): the
    /// screen registry's `load` (`app::screens::SCREENS`).
    pub(crate) fn screen_data(&self, w: &crate::store::queries::Window) -> Result<ScreenData> {
        self.app.screen.load(&self.store, &self.app, w)
    }

    /// Ask the gate about `cmd` as of now, writing nothing.
    fn trial(&mut self, cmd: crate::store::commands::Command) -> Action {
        let ctx = Ctx {
            operator: self.app.operator.clone(),
            now: (self.clock)(),
        };
        let result = self.store.trial(&cmd, &ctx);
        Action::Tried(cmd, result)
    }

    /// Run the last trial held back while keys were arriving.
    pub fn flush_trial(&mut self) -> Result<bool> {
        match self.pending_trial.take() {
            Some(cmd) => {
                let a = self.trial(cmd);
                self.handle(a)
            }
            None => Ok(false),
        }
    }

    /// Feed one action through `update` and perform its effects. `Ok(true)`: quit.
    pub fn handle(&mut self, action: Action) -> Result<bool> {
        // `Esc` while a job runs cancels it (the newest); the screen under it keeps its `Esc`.
        if let Action::Event(ev) = &action
            && is_esc(ev)
            && self.jobs.cancel_newest()
        {
            self.sync_gauge();
            return Ok(false);
        }
        // First asked, first done: an effect's answer is handled after the effects asked
        // before it.
        let mut queue = VecDeque::from([action]);
        while let Some(a) = queue.pop_front() {
            for effect in self.app.update(a) {
                match effect {
                    Effect::Quit => return Ok(true),
                    Effect::Refresh => queue.push_back(self.load()?),
                    Effect::Lookup { person, post } => {
                        let pick = self.store.pick_person(self.app.now, &person)?;
                        let post = match post {
                            Some(id) => Some(self.store.post_name(id)?),
                            None => None,
                        };
                        queue.push_back(Action::LookedUp { person: pick, post });
                    }
                    Effect::Pick { field, kind, text } => {
                        let (choices, total) = self.store.pick(
                            kind,
                            &text,
                            self.app.now,
                            true,
                            crate::store::pick::MAX_CHOICES,
                        )?;
                        queue.push_back(Action::Picked {
                            field,
                            text,
                            choices,
                            total,
                        });
                    }
                    Effect::Bell => self.bells += 1,
                    // A file's rows: a job with a gauge, cancellable, off the loop.
                    Effect::Execute(cmd) if is_import(&cmd) => {
                        if !self.jobs.inline {
                            // The form closes; the gauge says how far the import is, and the
                            // outcome comes to the status line.
                            self.app.mode = crate::app::Mode::Normal;
                        }
                        let job = move |c: &mut Console| Some(Action::Done(c.execute(&cmd)));
                        queue.extend(self.start_job(crate::key!("job.import"), job));
                    }
                    Effect::Execute(cmd) => {
                        let ctx = Ctx {
                            operator: self.app.operator.clone(),
                            now: (self.clock)(),
                        };
                        let result = self.store.execute(&cmd, &ctx);
                        if result.is_ok() {
                            self.own_since_told += 1;
                        }
                        // Nothing of this desk's to undo: say whose the last one is, if anyone's.
                        let elsewhere = match (&cmd, &result) {
                            (Command::Undo, Err(Refusal::NothingToUndo)) => {
                                self.others_last().unwrap_or(None)
                            }
                            _ => None,
                        };
                        queue.push_back(match elsewhere {
                            Some(row) => Action::UndoElsewhere(Box::new(row)),
                            None => Action::Done(result),
                        });
                    }
                    Effect::Paper(p @ PaperEffect::CompletePath(_)) => {
                        queue.push_back(Action::Paper(self.paper(p)))
                    }
                    // Reading a file, writing a report or an export: a job.
                    Effect::Paper(p) => {
                        let what = match p {
                            PaperEffect::DailyReport => crate::key!("job.report"),
                            PaperEffect::Handover => crate::key!("job.handover"),
                            PaperEffect::Export => crate::key!("job.export"),
                            _ => crate::key!("job.preview"),
                        };
                        let job = move |c: &mut Console| {
                            let r = c.paper(p);
                            // Cancelled: a preview's findings are dropped, a file not yet
                            // written is not; one written before `Esc` is reported as written.
                            Some(match (c.cancelled(), &r) {
                                (true, PaperResult::Wrote(Ok(_))) | (false, _) => Action::Paper(r),
                                (true, _) => Action::Done(Err(Refusal::Cancelled)),
                            })
                        };
                        queue.extend(self.start_job(what, job));
                    }
                    // Typing fast: only the last trial asked for is run (`flush_trial`).
                    Effect::Trial(cmd) if self.defer_trials => self.pending_trial = Some(cmd),
                    Effect::Trial(cmd) => queue.push_back(self.trial(cmd)),
                    // Ask only what would go through; a refusal is shown at once.
                    Effect::Ask(cmd, question) => match self.trial(cmd) {
                        Action::Tried(cmd, Ok(_)) => queue.push_back(Action::Ask(cmd, question)),
                        Action::Tried(_, Err(r)) => queue.push_back(Action::Done(Err(r))),
                        a => queue.push_back(a),
                    },
                }
            }
        }
        Ok(false)
    }
}

/// Commands that write a whole file's rows: run as jobs.
fn is_import(cmd: &Command) -> bool {
    matches!(
        cmd,
        Command::ImportRoster { .. } | Command::ImportHealth { .. } | Command::ImportTests { .. }
    )
}

fn is_esc(ev: &crossterm::event::Event) -> bool {
    use crossterm::event::{Event, KeyCode, KeyEventKind};
    matches!(ev, Event::Key(k) if k.code == KeyCode::Esc && k.kind != KeyEventKind::Release)
}

impl Console {
    /// Run `cmd` through the one executor, as this console's operator, now.
    pub(crate) fn execute(&mut self, cmd: &Command) -> Result<Outcome, Refusal> {
        let ctx = Ctx {
            operator: self.app.operator.clone(),
            now: (self.clock)(),
        };
        self.store.execute(cmd, &ctx)
    }

    /// The newest action that could still be undone (it kept before-images and has not been
    /// undone), when it is not this desk's: `u` then points to the audit screen.
    fn others_last(&self) -> Result<Option<crate::store::queries::AuditRow>> {
        let rows = self.store.audit(50)?;
        let undone: Vec<i64> = rows
            .iter()
            .filter(|r| r.action == "undo")
            .filter_map(|r| r.details["undoes"].as_i64())
            .collect();
        Ok(rows
            .into_iter()
            .find(|r| {
                r.action != "undo" && r.details.get("undo").is_some() && !undone.contains(&r.id)
            })
            .filter(|r| {
                r.details["desk"].as_str() != Some(self.desk.as_str())
                    || r.operator != self.app.operator
            }))
    }
}

impl std::fmt::Debug for Console {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Console")
            .field("db", &self.store.path())
            .finish()
    }
}
