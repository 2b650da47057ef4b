//! `LISTEN` on a connection of its own, so a console hears another desk's commit at once: the
//! schema's `audit_notify` trigger sends `pg_notify('frontline', id)` for every audit row.
//!
//! The sync client runs its own tokio runtime and panics on a thread inside one (the console's
//! loop), so, as `worker.rs`, the connection lives on an OS thread of its own. The thread
//! waits for notifications a `TICK` at a time (it looks at its stop switch in between), tells
//! a burst once (`COALESCE`, `MIN_GAP`), checks a quiet connection now and then (`PROBE_EVERY`), and when
//! the connection is lost says so once, connects again every `RETRY_EVERY` and, once it listens
//! again, says `Back`: what was committed in the gap was not heard, so the caller reads the
//! newest version once.

use super::{PgError, Target, target};
use postgres::Client;
use postgres::fallible_iterator::FallibleIterator;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// What the listener tells its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    /// One or more notifications (a burst is told once).
    Notified,
    /// The connection is lost (the server stopped, or the network went); told once per loss.
    Lost,
    /// Connected and listening again after `Lost`: anything committed in the gap was not heard.
    Back,
}

/// The listening thread: dropping this ends it (within a `TICK`).
pub struct Listening {
    stop: Arc<AtomicBool>,
}

impl Drop for Listening {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// How long one wait for a notification lasts before the stop switch is looked at.
const TICK: Duration = Duration::from_millis(250);
/// After a notification, others arriving within this are told with it.
const COALESCE: Duration = Duration::from_millis(20);
/// Two tellings at least this far apart: however fast the desks write, a console re-reads at
/// most five times a second (as often as the old 250 ms poll), and still within a second.
const MIN_GAP: Duration = Duration::from_millis(200);
/// A connection quiet this long is asked whether it is still there (a dead peer sends no
/// close: a stopped server does, a pulled cable does not).
const PROBE_EVERY: Duration = Duration::from_secs(5);
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);
/// How often a lost connection is tried again.
const RETRY_EVERY: Duration = Duration::from_secs(1);

/// Listen on `channel` (letters, digits and `_`) with the settings of `url` (those of the
/// store's own connection). `tell` is called on the listener's thread for each event; it
/// returns `false` once nobody wants them, which ends the thread. The first connection is
/// made before this returns: its error is the caller's.
pub fn listen(
    url: &str,
    channel: &str,
    tell: impl FnMut(Heard) -> bool + Send + 'static,
) -> Result<Listening, PgError> {
    if channel.is_empty()
        || !channel
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(PgError::new(format!("not a channel name: {channel:?}")));
    }
    let cfg = target(url)?;
    let sql = format!("LISTEN \"{channel}\"");
    let stop = Arc::new(AtomicBool::new(false));
    let (first_tx, first_rx) = std::sync::mpsc::channel();
    let stopped = stop.clone();
    std::thread::Builder::new()
        .name("frontline-listen".into())
        .spawn(move || {
            let client = match connect(&cfg, &sql) {
                Ok(c) => {
                    let _ = first_tx.send(Ok(()));
                    c
                }
                Err(e) => {
                    let _ = first_tx.send(Err(e));
                    return;
                }
            };
            run(&cfg, &sql, client, &stopped, tell);
        })
        .map_err(|e| PgError::new(format!("cannot start the listening thread: {e}")))?;
    match first_rx.recv() {
        Ok(Ok(())) => Ok(Listening { stop }),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(PgError::new("the listening thread ended while connecting")),
    }
}

/// Connect as `worker.rs` does (the same TLS settings and failure lines), then `LISTEN`.
fn connect(t: &Target, sql: &str) -> Result<Client, PgError> {
    let mut client = super::worker::connect(&t.cfg, &t.tls).map_err(|mut e| {
        e.message = format!("cannot connect to PostgreSQL: {}", e.message);
        e
    })?;
    client
        .batch_execute(sql)
        .map_err(|e| PgError::from_pg(&e))?;
    Ok(client)
}

fn run(
    cfg: &Target,
    sql: &str,
    client: Client,
    stop: &AtomicBool,
    mut tell: impl FnMut(Heard) -> bool,
) {
    let mut client = Some(client);
    let mut heard_at = Instant::now();
    let mut told_at = Instant::now() - MIN_GAP;
    while !stop.load(Ordering::Relaxed) {
        let Some(c) = client.as_mut() else {
            // Lost: wait, looking at the switch, then try again.
            let until = Instant::now() + RETRY_EVERY;
            while Instant::now() < until {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(TICK.min(until.saturating_duration_since(Instant::now())));
            }
            if let Ok(c) = connect(cfg, sql) {
                client = Some(c);
                heard_at = Instant::now();
                tracing::info!("listening again for commits");
                if !tell(Heard::Back) {
                    return;
                }
            }
            continue;
        };
        let lost = match wait(c, told_at + MIN_GAP) {
            Ok(0) => {
                c.is_closed()
                    || (heard_at.elapsed() >= PROBE_EVERY && {
                        heard_at = Instant::now();
                        c.is_valid(PROBE_TIMEOUT).is_err()
                    })
            }
            Ok(_) => {
                heard_at = Instant::now();
                told_at = heard_at;
                if !tell(Heard::Notified) {
                    return;
                }
                false
            }
            Err(e) => {
                tracing::warn!("listening for commits: {e}");
                true
            }
        };
        if lost {
            client = None;
            if !tell(Heard::Lost) {
                return;
            }
        }
    }
}

/// Notifications within a `TICK`, and with the first all that follow within `COALESCE` and
/// until `not_before` (the last telling's `MIN_GAP`).
fn wait(c: &mut Client, not_before: Instant) -> Result<usize, postgres::Error> {
    let mut n = c.notifications();
    if n.timeout_iter(TICK).next()?.is_none() {
        return Ok(0);
    }
    let mut count = 1;
    let until = (Instant::now() + COALESCE).max(not_before);
    loop {
        let left = until.saturating_duration_since(Instant::now());
        // `None`: the time is up (or the connection closed: the caller sees that next).
        if left.is_zero() || n.timeout_iter(left).next()?.is_none() {
            break;
        }
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    use super::super::tests::url;

    #[test]
    fn a_channel_name_is_letters_digits_and_underscores() {
        for bad in ["", "a b", "a\"b", "x;DROP"] {
            let e = listen("postgres://u@127.0.0.1:1/db", bad, |_| true)
                .err()
                .unwrap();
            assert!(e.message.contains("channel"), "{e}");
        }
    }

    /// A commit of another connection wakes the listener well under a second, and a burst of
    /// notifications in one commit is told once.
    #[test]
    fn another_connections_commit_wakes_the_listener_at_once_and_a_burst_once() {
        let Some(url) = url() else { return };
        let channel = format!("listen_test_{}", std::process::id());
        let (tx, rx) = channel_pair();
        let _listening = listen(&url, &channel, move |h| {
            tx.send((h, Instant::now())).is_ok()
        })
        .expect("listen");
        let other = super::super::PgClient::connect(&url).unwrap();
        // One notification at a time (farther apart than `MIN_GAP`): each heard well under a
        // second after its commit was sent.
        for _ in 0..3 {
            std::thread::sleep(MIN_GAP + Duration::from_millis(50));
            let sent = Instant::now();
            other
                .batch(&format!("SELECT pg_notify('{channel}', 'one')"))
                .unwrap();
            let (h, at) = rx.recv_timeout(Duration::from_secs(2)).expect("woken");
            assert_eq!(h, Heard::Notified);
            let took = at.saturating_duration_since(sent);
            eprintln!("woken {took:?} after the commit was sent");
            assert!(took < Duration::from_secs(1), "woken after {took:?}");
        }
        // A burst: 200 notifications in one commit.
        let burst: String = (0..200)
            .map(|i| format!("SELECT pg_notify('{channel}', '{i}');"))
            .collect();
        other.batch(&format!("BEGIN; {burst} COMMIT;")).unwrap();
        let (h, _) = rx.recv_timeout(Duration::from_secs(2)).expect("woken");
        assert_eq!(h, Heard::Notified);
        std::thread::sleep(Duration::from_millis(300));
        let more = rx.try_iter().count();
        assert!(more <= 2, "a burst of 200 was told {} times", more + 1);
        // A steady stream (one commit every 10 ms for a second) is told at most every 200 ms.
        for i in 0..100 {
            other
                .batch(&format!("SELECT pg_notify('{channel}', 's{i}')"))
                .unwrap();
            std::thread::sleep(Duration::from_millis(10));
        }
        std::thread::sleep(Duration::from_millis(300));
        let told: Vec<Instant> = rx.try_iter().map(|(_, at)| at).collect();
        assert!((2..=8).contains(&told.len()), "told {} times", told.len());
        for w in told.windows(2) {
            let gap = w[1] - w[0];
            assert!(gap >= Duration::from_millis(190), "told {gap:?} apart");
        }
        // A notification on another channel is not heard.
        other
            .batch("SELECT pg_notify('listen_test_other', 'x')")
            .unwrap();
        assert!(rx.recv_timeout(Duration::from_millis(400)).is_err());
    }

    /// Dropping the handle ends the thread: its connection leaves the server.
    #[test]
    fn dropping_the_handle_ends_the_listening_connection() {
        let Some(url) = url() else { return };
        let channel = format!("listen_drop_{}", std::process::id());
        let other = super::super::PgClient::connect(&url).unwrap();
        let listening = |c: &str| {
            other
                .query(
                    &format!(
                        "SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN \"{c}\"'"
                    ),
                    super::super::Args::Pos(Vec::new()),
                )
                .unwrap()[0][0]
                .clone()
        };
        let handle = listen(&url, &channel, |_| true).unwrap();
        assert_eq!(listening(&channel), rusqlite::types::Value::Integer(1));
        drop(handle);
        let until = Instant::now() + Duration::from_secs(3);
        while listening(&channel) != rusqlite::types::Value::Integer(0) {
            assert!(Instant::now() < until, "the listening connection stayed");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Its backend terminated (as a server restart does): `Lost` once, then `Back` once it
    /// listens on a new connection, and notifications are heard again.
    #[test]
    fn a_lost_connection_is_told_made_again_and_listens_again() {
        let Some(url) = url() else { return };
        let channel = format!("listen_lost_{}", std::process::id());
        let (tx, rx) = channel_pair();
        let _listening = listen(&url, &channel, move |h| {
            tx.send((h, Instant::now())).is_ok()
        })
        .unwrap();
        let other = super::super::PgClient::connect(&url).unwrap();
        other
            .batch(&format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE query = 'LISTEN \"{channel}\"'"
            ))
            .unwrap();
        let (h, _) = rx.recv_timeout(Duration::from_secs(3)).expect("told lost");
        assert_eq!(h, Heard::Lost);
        let (h, _) = rx.recv_timeout(Duration::from_secs(5)).expect("told back");
        assert_eq!(h, Heard::Back);
        other
            .batch(&format!("SELECT pg_notify('{channel}', 'again')"))
            .unwrap();
        let (h, _) = rx.recv_timeout(Duration::from_secs(2)).expect("woken");
        assert_eq!(h, Heard::Notified);
    }

    type Told = (Heard, Instant);

    fn channel_pair() -> (
        std::sync::mpsc::Sender<Told>,
        std::sync::mpsc::Receiver<Told>,
    ) {
        channel()
    }
}
