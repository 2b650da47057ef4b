//! The terminal: set up, the event loop, and giving the terminal back on every way out
//! (quit, error, panic, SIGTERM/SIGHUP/SIGINT).
//!
//! One tokio `select!` loop waits on the terminal's input (crossterm's `EventStream`), the
//! clock's second, a change watch (SQLite: its own connection polling `PRAGMA data_version`
//! every 250 ms; a server: `LISTEN` for the audit trigger's notifications, a read once the
//! listener is back after losing the server, and a slow poll of the newest audit id as the
//! last fallback; either way another desk's commit shows within a second), the signals, and
//! the jobs
//! (`jobs.rs`: imports, export, report, backup run off the loop). Rendering is coalesced:
//! whatever is queued is handled first, then one frame is drawn.
//!
//! `effects.rs` is the console proper (the app and the store, and the effects `update` asks
//! for); `paperwork.rs` and `health_import.rs` are its file work.

mod effects;
pub mod health_import;
pub mod jobs;
pub mod paperwork;

pub use effects::Console;

use crate::app::Action;
use crate::clock;
use crate::i18n::Lang;
use crate::settings::UiOptions;
use crate::store::Store;
use crate::ui;
use anyhow::{Context, Result};
use crossterm::event::{Event, EventStream};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use futures_util::StreamExt;
use std::time::{Duration, Instant};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

/// Re-query the panels at least this often even when nothing was written, so rows that cross
/// a rest limit with the passing of time appear.
const REQUERY_EVERY: Duration = Duration::from_secs(5);
const DATA_CHECK_EVERY: Duration = Duration::from_millis(250);
/// On a server the watch is told of commits (`Store::listen`); it still polls this often in
/// case a notification was missed. Tests set `FRONTLINE_WATCH_POLL_MS` (milliseconds) to make
/// it long, which proves a commit was shown by its notification.
const FALLBACK_POLL_EVERY: Duration = Duration::from_secs(2);
/// While a job runs its gauge is redrawn this often.
const GAUGE_EVERY: Duration = Duration::from_millis(100);
/// Days of automatic backups kept.
const BACKUPS_KEPT: usize = 7;

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
    // One thread for the loop; jobs go to tokio's blocking pool.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the console's runtime")?;
    let out = run_loop(&rt, store, lang, operator, ui);
    // A job still running was cancelled (nothing half-written); do not wait for it.
    rt.shutdown_timeout(Duration::from_secs(2));
    out
}

/// What woke the loop.
enum Wake {
    Input(Option<std::io::Result<Event>>),
    Second,
    Gauge,
    Watch(Watched),
    Job(Option<Box<jobs::Finished>>),
    Signal(i32),
}

/// The loop waits inside the runtime (`block_on`) and handles what woke it outside: the store's
/// PostgreSQL client then runs each statement on this thread, not handed to its own thread
/// and back (`store::db::pg::PgClient`); on SQLite it makes no difference.
fn run_loop(
    rt: &tokio::runtime::Runtime,
    store: Store,
    lang: Lang,
    operator: String,
    ui: &UiOptions,
) -> Result<i32> {
    // Signals, timers and the change watch's task are made in the runtime's context; nothing
    // after this block is (jobs are given the runtime's handle).
    let entered = rt.enter();
    let mut sigs = Vec::new();
    for (kind, n) in [
        (SignalKind::terminate(), 15),
        (SignalKind::hangup(), 1),
        (SignalKind::interrupt(), 2),
    ] {
        sigs.push((signal(kind).context("cannot install signal handlers")?, n));
    }
    let mut terminal = ratatui::try_init()
        .context("cannot open the terminal (is this an interactive terminal?)")?;
    let _guard = TerminalGuard;
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste);
    let mut input = EventStream::new();
    store.checkpoint_in_background(Duration::from_secs(5))?;
    let size = terminal.size()?;
    if ui.mouse {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture);
    }
    let mut changes = change_watch(&store)?;
    let mut second = tokio::time::interval(Duration::from_secs(1));
    second.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut gauge = tokio::time::interval(GAUGE_EVERY);
    gauge.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    drop(entered);
    let mut console = Console::new(store, lang, operator, (size.width, size.height))?;
    console.configure(ui);
    console.defer_trials = true;
    console.jobs.inline = false;
    console.jobs.runtime = Some(rt.handle().clone());
    let mut finished = console
        .jobs
        .take_receiver()
        .context("the console's job channel is taken")?;
    let recent_file = console.store.path().with_extension("recent");
    console.app.palette.recent = crate::app::palette::load_recent(&recent_file);
    console.refresh()?;
    console.start_daily_backup(BACKUPS_KEPT);
    // After the backup, so the gauge (the newest job's) shows the recount while it runs.
    console.start_rules_recount();
    let mut last_query = Instant::now();
    let mut clock_second = clock::now();
    let mut dirty = true;
    // The listener is connected again after losing the server (`Watched::Back`).
    let mut heard_back = false;
    loop {
        if dirty {
            console.sync_gauge();
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
        let busy = console.jobs.busy() > 0;
        let [s0, s1, s2] = &mut sigs[..] else {
            unreachable!("three signals")
        };
        let wake = rt.block_on(async {
            tokio::select! {
                ev = input.next() => Wake::Input(ev),
                _ = second.tick() => Wake::Second,
                _ = gauge.tick(), if busy => Wake::Gauge,
                Some(w) = changes.recv() => Wake::Watch(w),
                f = finished.recv() => Wake::Job(f.map(Box::new)),
                _ = s0.0.recv() => Wake::Signal(s0.1),
                _ = s1.0.recv() => Wake::Signal(s1.1),
                _ = s2.0.recv() => Wake::Signal(s2.1),
            }
        });
        // Everything else already queued is handled before the one frame is drawn.
        let mut next = Some(wake);
        let mut keys = false;
        // One commit wake per frame: a steady stream of commits (each a re-read) must not keep
        // the frame from being drawn; the next one is taken after it.
        let mut watched = false;
        while let Some(wake) = next.take() {
            match wake {
                Wake::Input(Some(Ok(ev))) => {
                    keys = true;
                    let before = console.app.palette.recent.first().cloned();
                    let r = console.handle(Action::Event(ev));
                    if outlive(&mut console, r, false)? {
                        return Ok(quit(&console));
                    }
                    if console.app.palette.recent.first() != before.as_ref() {
                        crate::app::palette::save_recent(&recent_file, &console.app.palette.recent);
                    }
                }
                // The terminal is gone (closed window, dropped SSH session): stop.
                Wake::Input(_) => {
                    console.jobs.cancel_all();
                    anyhow::bail!("the terminal closed")
                }
                Wake::Second => {
                    let now = clock::now();
                    if now != clock_second {
                        clock_second = now;
                        let r = console.handle(Action::Tick(now));
                        outlive(&mut console, r, false)?;
                    }
                    // Lost, but the listener reached the server again: try each second (the
                    // store's connection tries at most every 2 s, failing at once between).
                    // Not while the listener too is lost: connecting to a dead host may wait
                    // for the connect timeout.
                    if last_query.elapsed() >= REQUERY_EVERY || (console.offline && heard_back) {
                        let r = console.refresh();
                        outlive(&mut console, r, true)?;
                        let r = console.flush_trial();
                        outlive(&mut console, r, false)?;
                        last_query = Instant::now();
                    }
                }
                Wake::Gauge => {}
                // The listener lost the server: say so now, not at the next refresh.
                Wake::Watch(Watched::Lost) => {
                    heard_back = false;
                    server_lost(&mut console)?;
                }
                // The listener is back: read once, which catches what was committed in the
                // gap and tells that the server is reached again.
                Wake::Watch(Watched::Back) => {
                    heard_back = true;
                    let r = console.refresh();
                    outlive(&mut console, r, true)?;
                    let r = console.flush_trial();
                    outlive(&mut console, r, false)?;
                    last_query = Instant::now();
                }
                // Another connection committed: re-read unless it was this console's own
                // write (its connection's version does not move then, it has refreshed).
                Wake::Watch(Watched::Changed) => {
                    watched = true;
                    let v = console.store.data_version();
                    if outlive(&mut console, v, true)? != console.seen_version {
                        let r = console.refresh();
                        outlive(&mut console, r, true)?;
                        let r = console.flush_trial();
                        outlive(&mut console, r, false)?;
                        last_query = Instant::now();
                    }
                }
                Wake::Job(Some(f)) => {
                    if console.job_finished(*f)? {
                        return Ok(quit(&console));
                    }
                }
                Wake::Job(None) => {}
                Wake::Signal(n) => {
                    console.jobs.cancel_all();
                    return Ok(n);
                }
            }
            dirty = true;
            next = rt.block_on(ready(&mut input, &mut changes, &mut finished, !watched));
        }
        // One gate trial for the whole burst of keys, not one per key.
        let r = if keys {
            console.flush_trial()
        } else {
            Ok(false)
        };
        if outlive(&mut console, r, false)? {
            return Ok(quit(&console));
        }
    }
}

/// A lost connection to the database server is outlived: the footer says so, the panels keep
/// what was last read, and the next second's refresh connects again (`store::db::pg`). Any
/// other error ends the console, as before. `read`: `r` came from the server (a refresh), so
/// its success means the server is back.
fn outlive<T: Default>(console: &mut Console, r: Result<T>, read: bool) -> Result<T> {
    match r {
        Err(e) if crate::store::connection_lost(&e) => {
            tracing::warn!("database server lost: {e:#}");
            server_lost(console)?;
            Ok(T::default())
        }
        Ok(v) if read && console.offline => {
            console.offline = false;
            console.app.stale_since = None;
            tracing::info!("database server reached again");
            let said = crate::i18n::t(console.app.lang, crate::key!("server.back"));
            console.handle(Action::Paper(crate::app::paperwork::PaperResult::Wrote(
                Ok(said.to_string()),
            )))?;
            Ok(v)
        }
        r => r,
    }
}

/// The footer says the server is lost and the header says "reconnecting…" with the time the
/// panels were read; they keep what they show, dimmed, until a read succeeds (`outlive`).
fn server_lost(console: &mut Console) -> Result<()> {
    // Said once: a write refused meanwhile keeps its line.
    if console.offline {
        return Ok(());
    }
    console.offline = true;
    console.app.stale_since = Some(console.read_at);
    let said = crate::i18n::t(console.app.lang, crate::key!("server.lost"));
    console.handle(Action::Paper(crate::app::paperwork::PaperResult::Wrote(
        Err(said.to_string()),
    )))?;
    Ok(())
}

/// The next source already ready, without waiting.
///
/// The input is polled with this task's own waker, never a no-op one (`now_or_never`): a
/// pending `EventStream` hands the waker of the poll that found it empty to the thread that
/// waits for the terminal, and a no-op waker there left the next key unseen until the
/// one-second clock woke the loop.
async fn ready(
    input: &mut EventStream,
    changes: &mut mpsc::UnboundedReceiver<Watched>,
    finished: &mut mpsc::UnboundedReceiver<jobs::Finished>,
    watch_too: bool,
) -> Option<Wake> {
    let polled = std::future::poll_fn(|cx| std::task::Poll::Ready(input.poll_next_unpin(cx))).await;
    if let std::task::Poll::Ready(ev) = polled {
        return Some(Wake::Input(ev));
    }
    if let Ok(f) = finished.try_recv() {
        return Some(Wake::Job(Some(Box::new(f))));
    }
    if !watch_too {
        return None;
    }
    changes.try_recv().ok().map(Wake::Watch)
}

/// Leaving by `q`: jobs still running are cancelled.
fn quit(console: &Console) -> i32 {
    console.jobs.cancel_all();
    0
}

/// What the change watch tells the loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Watched {
    /// Something was committed (perhaps by this console: the loop compares versions).
    Changed,
    /// The listener lost the server.
    Lost,
    /// The listener reached the server again and listens.
    Back,
}

/// The fallback poll's interval on a server: `FALLBACK_POLL_EVERY`, or for tests
/// `FRONTLINE_WATCH_POLL_MS`.
fn fallback_poll_every() -> Duration {
    std::env::var("FRONTLINE_WATCH_POLL_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|&ms| ms > 0)
        .map_or(FALLBACK_POLL_EVERY, Duration::from_millis)
}

/// The change watch: a listener where the engine tells of commits (each told as a message,
/// bursts coalesced by the listener and by the loop), and a task polling a connection of its
/// own for another commit — every 250 ms where nothing tells, slowly where the listener does.
fn change_watch(store: &Store) -> Result<mpsc::UnboundedReceiver<Watched>> {
    let (tx, rx) = mpsc::unbounded_channel();
    let told = tx.clone();
    let listening = store.listen(move |h| {
        let w = match h {
            crate::store::Heard::Notified => Watched::Changed,
            crate::store::Heard::Lost => Watched::Lost,
            crate::store::Heard::Back => Watched::Back,
        };
        told.send(w).is_ok()
    })?;
    // A server: its round trips may wait for a lost server, so they go to a blocking thread.
    let server = listening.is_some();
    let period = if server {
        fallback_poll_every()
    } else {
        DATA_CHECK_EVERY
    };
    let mut watch = store.change_watch()?;
    let mut seen = watch.data_version()?;
    tokio::spawn(async move {
        // Listening as long as the watch runs.
        let _listening = listening;
        let mut every = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let mut failing = false;
        loop {
            every.tick().await;
            // SQLite: a microsecond read of the WAL index, on the loop.
            let v = if server {
                match tokio::task::spawn_blocking(move || {
                    let v = watch.data_version();
                    (watch, v)
                })
                .await
                {
                    Ok((w, v)) => {
                        watch = w;
                        v
                    }
                    Err(_) => break,
                }
            } else {
                watch.data_version()
            };
            match v {
                Ok(v) if v != seen => {
                    seen = v;
                    failing = false;
                    if tx.send(Watched::Changed).is_err() {
                        break;
                    }
                }
                Ok(_) => failing = false,
                // A lost server: keep watching (its connection is made again); said once.
                Err(e) if server => {
                    if !failing {
                        tracing::warn!("change watch: {e:#}");
                    }
                    failing = true;
                }
                Err(e) => {
                    tracing::warn!("change watch stopped: {e:#}");
                    break;
                }
            }
        }
    });
    Ok(rx)
}

pub fn is_interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::io::stdin().is_terminal()
}
