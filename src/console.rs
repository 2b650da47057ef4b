//! The terminal: set up, the event loop, and giving the terminal back on every way out
//! (quit, error, panic, SIGTERM/SIGHUP/SIGINT).
//!
//! The loop redraws only when something changed: a key, a result, the clock's second, or
//! another process's commit (seen through `PRAGMA data_version`, checked every 250 ms).

use crate::app::screens::ScreenData;
use crate::app::{Action, App, Effect};
use crate::clock;
use crate::i18n::Lang;
use crate::settings::UiOptions;
use crate::store::Store;
use crate::store::commands::{Command, Ctx, Refusal};
use crate::ui;
use anyhow::{Context, Result};
use crossterm::event;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// Re-query the panels at least this often even when nothing was written, so rows that cross
/// a rest limit with the passing of time appear.
const REQUERY_EVERY: Duration = Duration::from_secs(5);
const DATA_CHECK_EVERY: Duration = Duration::from_millis(250);

/// Restores the terminal when dropped, whichever way `run` is left.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste);
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture);
        ratatui::restore();
    }
}

/// Runs until the user quits (`Ok(0)`) or a signal stops it (`Ok(signal number)`: the caller
/// exits 128 + it, as a shell expects of a process ended by SIGTERM, SIGHUP or SIGINT).
pub fn run(store: Store, lang: Lang, operator: String, ui: &UiOptions) -> Result<i32> {
    if !is_interactive() {
        anyhow::bail!(
            "the console needs an interactive terminal; for scripts use `frontline status` or `frontline do`"
        );
    }
    let stop = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register_usize(sig, Arc::clone(&stop), sig as usize)
            .context("cannot install signal handlers")?;
    }
    let mut terminal = ratatui::try_init()
        .context("cannot open the terminal (is this an interactive terminal?)")?;
    let _guard = TerminalGuard;
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste);
    let input = spawn_input();
    store.checkpoint_in_background(Duration::from_secs(5))?;
    let size = terminal.size()?;
    if ui.mouse {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture);
    }
    let mut console = Console::new(store, lang, operator, (size.width, size.height))?;
    console.configure(ui);
    console.defer_trials = true;
    let recent_file = console.store.path().with_extension("recent");
    console.app.palette.recent = crate::app::palette::load_recent(&recent_file);
    console.refresh()?;
    let mut dirty = true;
    let mut last_check = Instant::now();
    let mut last_query = Instant::now();
    let mut second = clock::now();
    while stop.load(Ordering::Relaxed) == 0 {
        if dirty {
            crossterm::queue!(std::io::stdout(), BeginSynchronizedUpdate)?;
            terminal.draw(|f| ui::render(f, &console.app))?;
            crossterm::execute!(std::io::stdout(), EndSynchronizedUpdate)?;
            dirty = false;
            if console.bells > 0 {
                console.bells = 0;
                use std::io::Write;
                let _ = std::io::stdout().write_all(b"\x07");
                let _ = std::io::stdout().flush();
            }
            // For the terminal-restore test: a crash after the first frame.
            if std::env::var_os("FRONTLINE_TEST_PANIC").is_some() {
                panic!("FRONTLINE_TEST_PANIC is set");
            }
        }
        let wait = DATA_CHECK_EVERY.saturating_sub(last_check.elapsed());
        match input.recv_timeout(wait) {
            Ok(ev) => {
                // Drain everything queued before drawing once.
                let mut next = Some(ev);
                while let Some(ev) = next {
                    let before = console.app.palette.recent.first().cloned();
                    if console.handle(Action::Event(ev))? {
                        return Ok(0);
                    }
                    if console.app.palette.recent.first() != before.as_ref() {
                        crate::app::palette::save_recent(&recent_file, &console.app.palette.recent);
                    }
                    next = input.try_recv().ok();
                }
                // One gate trial for the whole burst of keys, not one per key.
                if console.flush_trial()? {
                    return Ok(0);
                }
                dirty = true;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            // The terminal is gone (closed window, dropped SSH session): stop.
            Err(mpsc::RecvTimeoutError::Disconnected) => anyhow::bail!("the terminal closed"),
        }
        let now = clock::now();
        if now != second {
            second = now;
            console.handle(Action::Tick(now))?;
            dirty = true;
        }
        if last_check.elapsed() >= DATA_CHECK_EVERY {
            last_check = Instant::now();
            let v = console.store.data_version()?;
            if v != console.seen_version || last_query.elapsed() >= REQUERY_EVERY {
                console.refresh()?;
                console.flush_trial()?;
                last_query = Instant::now();
                dirty = true;
            }
        }
    }
    Ok(stop.load(Ordering::Relaxed) as i32)
}

/// Terminal input on its own thread. crossterm's reader can spin without returning when the
/// terminal hangs up, so the loop waits on a channel instead and stays free to see the stop
/// flag (SIGHUP) or a disconnected channel (read error) and leave.
fn spawn_input() -> mpsc::Receiver<event::Event> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            if tx.send(ev).is_err() {
                break;
            }
        }
    });
    rx
}

/// The app plus the store it reads and writes: performs the effects `update` asks for.
pub struct Console {
    pub app: App,
    pub store: Store,
    /// Time of a write: the process clock (tests pin it).
    pub clock: fn() -> crate::domain::Ts,
    seen_version: i64,
    /// Bells asked for and not yet rung (a new alert).
    pub bells: usize,
    /// Hold gate trials until the keys queued so far are handled (the event loop sets this;
    /// tests run each trial at once).
    pub defer_trials: bool,
    pending_trial: Option<crate::store::commands::Command>,
    /// This console's desk, as recorded in its audit rows.
    desk: String,
    /// The config file's column mappings per form, for `I` on the health screen.
    pub import_forms: std::collections::BTreeMap<String, Vec<String>>,
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
        Ok(Console {
            app,
            store,
            clock: clock::now,
            seen_version: 0,
            bells: 0,
            defer_trials: false,
            pending_trial: None,
            desk,
            import_forms: Default::default(),
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
        let a = self.load()?;
        self.handle(a)?;
        Ok(())
    }

    /// Read what the current screen shows. The home panels are always read: the header's
    /// alert counts stay live on every screen.
    fn load(&mut self) -> Result<Action> {
        self.seen_version = self.store.data_version()?;
        let home = self.store.home(&self.app.home_query())?;
        let w = self.app.screen_window();
        let data = self.screen_data(&w)?;
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
        let mut queue = vec![action];
        while let Some(a) = queue.pop() {
            for effect in self.app.update(a) {
                match effect {
                    Effect::Quit => return Ok(true),
                    Effect::Refresh => queue.push(self.load()?),
                    Effect::Lookup { person, post } => {
                        let pick = self.store.pick_person(self.app.now, &person)?;
                        let post = match post {
                            Some(id) => Some(self.store.post_name(id)?),
                            None => None,
                        };
                        queue.push(Action::LookedUp { person: pick, post });
                    }
                    Effect::Bell => self.bells += 1,
                    Effect::Execute(cmd) => {
                        let ctx = Ctx {
                            operator: self.app.operator.clone(),
                            now: (self.clock)(),
                        };
                        let result = self.store.execute(&cmd, &ctx);
                        // Nothing of this desk's to undo: say whose the last one is, if anyone's.
                        let elsewhere = match (&cmd, &result) {
                            (Command::Undo, Err(Refusal::NothingToUndo)) => {
                                self.others_last().unwrap_or(None)
                            }
                            _ => None,
                        };
                        queue.push(match elsewhere {
                            Some(row) => Action::UndoElsewhere(Box::new(row)),
                            None => Action::Done(result),
                        });
                    }
                    Effect::Paper(p) => queue.push(Action::Paper(self.paper(p))),
                    // Typing fast: only the last trial asked for is run (`flush_trial`).
                    Effect::Trial(cmd) if self.defer_trials => self.pending_trial = Some(cmd),
                    Effect::Trial(cmd) => queue.push(self.trial(cmd)),
                    // Ask only what would go through; a refusal is shown at once.
                    Effect::Ask(cmd, question) => match self.trial(cmd) {
                        Action::Tried(cmd, Ok(_)) => queue.push(Action::Ask(cmd, question)),
                        Action::Tried(_, Err(r)) => queue.push(Action::Done(Err(r))),
                        a => queue.push(a),
                    },
                }
            }
        }
        Ok(false)
    }
}

impl Console {
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

pub fn is_interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::io::stdin().is_terminal()
}
