//! The PostgreSQL half of the store's db facade: one connection on its own OS thread.
//!
//! The sync `postgres` client runs its own tokio runtime, so it panics on a thread that is
//! already inside one ("Cannot start a runtime from within a runtime"). A worker thread with no
//! runtime of its own makes the `postgres::Client` and shares it (`worker::Shared`): a caller
//! inside no runtime (the console handles its events outside its runtime, the command line, the
//! bench) runs each statement itself on that client; a caller inside one (a job on tokio's
//! blocking pool, the change watch) sends it to the worker over a std channel and blocks on the
//! answer. Either way a call blocks exactly as a rusqlite call does. Dropping `PgClient` ends
//! the thread, which drops the client there and closes the connection.
//!
//! The worker rewrites the store's SQLite dialect (`rewrite`), prepares each statement with one
//! type per parameter taken from the bound value, keeps the prepared statements, and reads every
//! column into a rusqlite `Value`. A lost connection is made again outside a transaction
//! (`worker`), with the same TLS settings (`tls`: libpq's sslmode meanings on rustls).

pub mod listen;
mod pgpass;
mod rewrite;
#[cfg(test)]
mod tests;
mod tls;
#[cfg(test)]
mod tls_tests;
mod value;
mod worker;

pub use pgpass::use_password_file;
pub use rewrite::{Rewritten, rewrite};
pub use rusqlite::types::Value;

use postgres::config::Host;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;
#[cfg(test)]
use worker::RETRY_EVERY;
use worker::worker;

/// Parameters: by position (`$1` is the first), or by name as written in the SQL (`":post"`).
#[derive(Debug, Clone)]
pub enum Args {
    Pos(Vec<Value>),
    Named(Vec<(String, Value)>),
}

/// A failed call. `sqlstate` is the server's code ("23505" unique, "40001" serialization …);
/// `lost` means the connection is gone and every later call on this client fails too.
#[derive(Debug, Clone)]
pub struct PgError {
    pub sqlstate: Option<String>,
    pub message: String,
    pub lost: bool,
    /// The table a constraint error names.
    pub table: Option<String>,
}

/// Prepared statements kept per connection; the cache is emptied when it holds this many.
const CACHE_MAX: usize = 512;

impl PgError {
    fn new(message: impl Into<String>) -> PgError {
        PgError {
            sqlstate: None,
            message: message.into(),
            lost: false,
            table: None,
        }
    }

    fn from_pg(e: &postgres::Error) -> PgError {
        let sqlstate = e.code().map(|c| c.code().to_owned());
        let message = match e.as_db_error() {
            Some(db) => match db.detail() {
                Some(detail) => format!("{}: {detail}", db.message()),
                None => db.message().to_owned(),
            },
            None => match std::error::Error::source(e) {
                Some(cause) => format!("{e}: {cause}"),
                None => e.to_string(),
            },
        };
        let io = std::error::Error::source(e).is_some_and(|c| c.is::<std::io::Error>());
        // 08: connection exceptions; 57P01-03: the server shut down or terminated this backend
        let gone = sqlstate
            .as_deref()
            .is_some_and(|c| c.starts_with("08") || matches!(c, "57P01" | "57P02" | "57P03"));
        PgError {
            sqlstate,
            message,
            lost: e.is_closed() || io || gone,
            table: e.as_db_error().and_then(|d| d.table()).map(str::to_owned),
        }
    }
}

impl std::fmt::Display for PgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let one_line: String = self
            .message
            .chars()
            .map(|c| if c == '\n' { ' ' } else { c })
            .collect();
        f.write_str(&one_line)?;
        if let Some(code) = &self.sqlstate {
            write!(f, " (SQLSTATE {code})")?;
        }
        if self.lost {
            f.write_str(" [connection lost]")?;
        }
        Ok(())
    }
}

impl std::error::Error for PgError {}

#[derive(PartialEq)]
enum Op {
    Query,
    Execute,
    Batch,
    Columns,
}

struct Req {
    op: Op,
    sql: String,
    args: Args,
}

enum Reply {
    Rows(Vec<Vec<Value>>),
    Names(Vec<String>),
    Count(u64),
    Done,
}

/// One PostgreSQL connection, made by a thread of its own. `Send`, not `Sync`.
///
/// A caller inside no tokio runtime (the console's loop handles keys outside it, the command
/// line, the bench, a test) runs each statement on its own thread, on the connection the
/// worker made: no hand-off to the worker and back per statement (measured on loopback: a
/// trivial statement about 140 µs through the worker, 30–110 µs on the caller's thread; an
/// action's p50 at city size went from 7.4–9.5 ms to 7.4–8.3 ms). A caller inside a runtime
/// (a job on tokio's blocking pool, the change watch) hands the statement to the worker, whose
/// thread is inside none.
pub struct PgClient {
    shared: worker::Shared,
    to_worker: Option<Sender<Req>>,
    from_worker: Receiver<Result<Reply, PgError>>,
    thread: Option<JoinHandle<()>>,
    /// Statements prepared so far (cache misses), for the cache test.
    #[cfg(test)]
    prepares: Arc<AtomicU64>,
}

impl PgClient {
    /// url: postgres://user[:password]@host[:port]/db[?sslmode=…&sslrootcert=FILE], or a
    /// libpq `key=value` string. Without a password in it, libpq's password file is read
    /// (`$PGPASSFILE`, else `~/.pgpass`); TLS as `tls` says.
    pub fn connect(url: &str) -> Result<PgClient, PgError> {
        PgClient::start(target(url)?)
    }

    /// Connect with settings already read.
    fn start(target: Target) -> Result<PgClient, PgError> {
        let Target { cfg: config, tls } = target;
        let (to_worker, requests) = channel::<Req>();
        let (replies, from_worker) = channel();
        let counter = Arc::new(AtomicU64::new(0));
        #[cfg(test)]
        let prepares = counter.clone();
        let shared = worker::Shared::default();
        let theirs = shared.clone();
        let thread = std::thread::Builder::new()
            .name("frontline-pg".into())
            .spawn(move || worker(config, tls, theirs, requests, replies, counter))
            .map_err(|e| PgError::new(format!("cannot start the PostgreSQL thread: {e}")))?;
        let mut client = PgClient {
            shared,
            to_worker: Some(to_worker),
            from_worker,
            thread: Some(thread),
            #[cfg(test)]
            prepares,
        };
        match client.from_worker.recv() {
            Ok(Ok(_)) => Ok(client),
            Ok(Err(e)) => Err(e),
            Err(_) => {
                client.to_worker = None;
                Err(PgError::new("the PostgreSQL thread ended while connecting"))
            }
        }
    }

    fn call(&self, op: Op, sql: &str, args: Args) -> Result<Reply, PgError> {
        let ended = || PgError {
            sqlstate: None,
            message: "the PostgreSQL thread has ended".into(),
            lost: true,
            table: None,
        };
        let to_worker = self.to_worker.as_ref().ok_or_else(ended)?;
        let req = Req {
            op,
            sql: sql.to_owned(),
            args,
        };
        // The `postgres` client blocks on a runtime of its own, which tokio forbids inside
        // another runtime's context: there, the worker's thread runs it.
        if tokio::runtime::Handle::try_current().is_err() {
            return worker::handle(&self.shared, req);
        }
        to_worker.send(req).map_err(|_| ended())?;
        self.from_worker.recv().map_err(|_| ended())?
    }

    /// Rows of a statement in the store's SQLite dialect, every column read into a `Value`.
    pub fn query(&self, sql: &str, args: Args) -> Result<Vec<Vec<Value>>, PgError> {
        match self.call(Op::Query, sql, args)? {
            Reply::Rows(rows) => Ok(rows),
            _ => unreachable!("a query is answered with rows"),
        }
    }

    /// The number of rows a statement in the store's SQLite dialect changed.
    /// The column names of a statement's result, described by the server (nothing is run).
    pub fn columns(&self, sql: &str) -> Result<Vec<String>, PgError> {
        match self.call(Op::Columns, sql, Args::Pos(Vec::new()))? {
            Reply::Names(names) => Ok(names),
            _ => unreachable!("a description is answered with names"),
        }
    }

    pub fn execute(&self, sql: &str, args: Args) -> Result<u64, PgError> {
        match self.call(Op::Execute, sql, args)? {
            Reply::Count(n) => Ok(n),
            _ => unreachable!("an execute is answered with a count"),
        }
    }

    /// PostgreSQL text as is (simple query protocol), possibly several statements.
    pub fn batch(&self, sql: &str) -> Result<(), PgError> {
        self.call(Op::Batch, sql, Args::Pos(Vec::new())).map(|_| ())
    }

    /// How many statements this connection has prepared (cache misses).
    #[cfg(test)]
    pub(crate) fn prepares(&self) -> u64 {
        self.prepares.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Drop for PgClient {
    fn drop(&mut self) {
        self.to_worker = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// An address's connection settings and TLS settings.
struct Target {
    cfg: postgres::Config,
    tls: tls::Tls,
}

/// The settings from an address and the environment: TLS as libpq would (`tls`), and a missing
/// password from the password file.
fn target(url: &str) -> Result<Target, PgError> {
    target_with(url, pgpass::default_path(), &tls::Env::process())
}

/// What `PgClient::connect` uses for TLS, for a connection made elsewhere (an async LISTEN):
/// the address without `sslmode`/`sslrootcert`, the mode to give tokio-postgres, and the
/// connector that checks the certificate as the mode says. The password file is not read here.
pub fn tls_for(
    url: &str,
) -> Result<
    (
        String,
        postgres::config::SslMode,
        tokio_postgres_rustls::MakeRustlsConnect,
    ),
    PgError,
> {
    let (rest, sslmode, sslrootcert) = tls::take_settings(url);
    let tls = tls::settings(sslmode, sslrootcert, &tls::Env::process())?;
    Ok((rest, tls.mode.pg(), tls.connector))
}

/// The connection settings alone (tests connect with them directly).
#[cfg(test)]
fn config(url: &str) -> Result<postgres::Config, PgError> {
    target(url).map(|t| t.cfg)
}

/// `config` with the password file given and no TLS settings from the environment.
#[cfg(test)]
fn config_with(url: &str, passfile: Option<PathBuf>) -> Result<postgres::Config, PgError> {
    target_with(url, passfile, &tls::Env::default()).map(|t| t.cfg)
}

/// `target` with the password file and the environment given.
fn target_with(url: &str, passfile: Option<PathBuf>, env: &tls::Env) -> Result<Target, PgError> {
    // tokio-postgres's parser knows neither verify-ca/verify-full nor sslrootcert
    let (url, sslmode, sslrootcert) = tls::take_settings(url);
    let mut cfg: postgres::Config = url
        .parse()
        .map_err(|e: postgres::Error| PgError::new(format!("invalid PostgreSQL address: {e}")))?;
    let tls = tls::settings(sslmode, sslrootcert, env)?;
    cfg.ssl_mode(tls.mode.pg());
    if cfg.get_connect_timeout().is_none() {
        cfg.connect_timeout(Duration::from_secs(10));
    }
    if cfg.get_application_name().is_none() {
        cfg.application_name("frontline");
    }
    if cfg.get_password().is_none() {
        let os_user = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .ok();
        let user = cfg.get_user().map(str::to_owned).or(os_user);
        let host = match cfg.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            _ => "localhost".to_owned(),
        };
        if let (Some(user), Some(path)) = (user, passfile) {
            let port = cfg.get_ports().first().copied().unwrap_or(5432);
            let db = cfg.get_dbname().unwrap_or(&user).to_owned();
            let wanted = pgpass::Wanted {
                host: &host,
                port,
                db: &db,
                user: &user,
            };
            let set = pgpass::configured(wanted);
            if let Some(pw) = set.or_else(|| pgpass::from_file(&path, wanted)) {
                cfg.password(pw);
            }
        }
    }
    Ok(Target { cfg, tls })
}
