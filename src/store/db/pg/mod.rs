//! The PostgreSQL half of the store's db facade: one connection on its own OS thread.
//!
//! The sync `postgres` client runs its own tokio runtime, so it panics on a thread that is
//! already inside one ("Cannot start a runtime from within a runtime"), and the store is called
//! from the console's `current_thread` runtime. A worker thread with no runtime of its own owns
//! the `postgres::Client`; `PgClient` sends it each statement over a std channel and blocks on
//! the answer, exactly as a rusqlite call blocks. Dropping `PgClient` ends the thread, which
//! closes the connection.
//!
//! The worker rewrites the store's SQLite dialect (`rewrite`), prepares each statement with one
//! type per parameter taken from the bound value, keeps the prepared statements, and reads every
//! column into a rusqlite `Value`. A lost connection is not re-established here: every later
//! call fails with `lost` set, and the caller decides.

mod pgpass;
mod rewrite;
#[cfg(test)]
mod tests;
mod value;

pub use rewrite::{Rewritten, rewrite};
pub use rusqlite::types::Value;

use postgres::config::{Host, SslMode};
use postgres::types::ToSql;
use postgres::{Client, NoTls, Statement};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;
use value::{Out, Param, param_type, readable};

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

const NO_TLS: &str =
    "this build has no TLS for PostgreSQL; use sslmode=disable on a trusted network";
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
}

struct Req {
    op: Op,
    sql: String,
    args: Args,
}

enum Reply {
    Rows(Vec<Vec<Value>>),
    Count(u64),
    Done,
}

/// One PostgreSQL connection, owned by a worker thread. `Send`, not `Sync`.
pub struct PgClient {
    to_worker: Option<Sender<Req>>,
    from_worker: Receiver<Result<Reply, PgError>>,
    thread: Option<JoinHandle<()>>,
    /// Statements prepared so far (cache misses), for the cache test.
    #[cfg(test)]
    prepares: Arc<AtomicU64>,
}

impl PgClient {
    /// url: postgres://user[:password]@host[:port]/db[?sslmode=disable|prefer|require]. Without
    /// a password in the URL, libpq's password file is read (`$PGPASSFILE`, else `~/.pgpass`).
    pub fn connect(url: &str) -> Result<PgClient, PgError> {
        let config = config(url)?;
        let (to_worker, requests) = channel::<Req>();
        let (replies, from_worker) = channel();
        let counter = Arc::new(AtomicU64::new(0));
        #[cfg(test)]
        let prepares = counter.clone();
        let thread = std::thread::Builder::new()
            .name("frontline-pg".into())
            .spawn(move || worker(config, requests, replies, counter))
            .map_err(|e| PgError::new(format!("cannot start the PostgreSQL thread: {e}")))?;
        let mut client = PgClient {
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
        to_worker
            .send(Req {
                op,
                sql: sql.to_owned(),
                args,
            })
            .map_err(|_| ended())?;
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
        self.prepares.load(Ordering::Relaxed)
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

/// The connection settings from a URL: TLS modes this build cannot honour are refused, and a
/// missing password comes from the password file.
fn config(url: &str) -> Result<postgres::Config, PgError> {
    config_with(url, pgpass::default_path())
}

/// `config` with the password file given.
fn config_with(url: &str, passfile: Option<PathBuf>) -> Result<postgres::Config, PgError> {
    // in a URL's query or a `key=value` string
    let mut settings = url.split(|c: char| c == '?' || c == '&' || c.is_whitespace());
    let sslmode = settings.find_map(|kv| kv.strip_prefix("sslmode="));
    if matches!(sslmode, Some("require" | "verify-ca" | "verify-full")) {
        return Err(PgError::new(NO_TLS));
    }
    let mut cfg: postgres::Config = url
        .parse()
        .map_err(|e: postgres::Error| PgError::new(format!("invalid PostgreSQL address: {e}")))?;
    if cfg.get_ssl_mode() == SslMode::Require {
        return Err(PgError::new(NO_TLS));
    }
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
            if let Some(pw) = pgpass::from_file(&path, wanted) {
                cfg.password(pw);
            }
        }
    }
    Ok(cfg)
}

/// Every `$k` in a text (a `$k` inside a literal counts too: declaring it is harmless).
fn parameters_named(sql: &str) -> Vec<usize> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'$' {
            let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 0
                && let Ok(k) = sql[i + 1..i + 1 + digits].parse::<usize>()
                && !out.contains(&k)
            {
                out.push(k);
            }
            i += 1 + digits;
        } else {
            i += 1;
        }
    }
    out
}

struct Cached {
    rewritten: Rewritten,
    /// Its parameters used as `$k IS NULL`: a NULL bound to one is written into the text.
    null_tested: Vec<usize>,
    /// The parameters the text names (`$k`): a NULL bound to one it never names cannot be
    /// typed by the server, so it is declared text.
    named: Vec<usize>,
    /// Prepared statements by their parameters' type oids.
    prepared: Vec<(Vec<u32>, Statement)>,
}

impl Cached {
    fn new(sql: &str) -> Cached {
        let rewritten = rewrite(sql);
        let null_tested = rewrite::null_tested(&rewritten.sql);
        let named = parameters_named(&rewritten.sql);
        Cached {
            rewritten,
            null_tested,
            named,
            prepared: Vec::new(),
        }
    }
}

struct Worker {
    client: Client,
    /// By the store's SQL text: its rewrite and its prepared statements.
    cache: HashMap<String, Cached>,
    cached: usize,
    lost: Option<PgError>,
    prepares: Arc<AtomicU64>,
    /// To connect again after the connection was lost.
    config: postgres::Config,
    /// Inside a transaction the caller began (a lost connection lost it: no reconnect until
    /// the caller ends it).
    in_tx: bool,
    /// The last attempt to connect again (at most one per `RETRY_EVERY`).
    tried: Option<std::time::Instant>,
}

/// How often a lost connection is tried again (each try may wait for the connect timeout).
const RETRY_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// The first word of a text, upper-cased (`BEGIN`, `COMMIT` …).
fn first_word(sql: &str) -> String {
    sql.trim_start()
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("")
        .to_ascii_uppercase()
}

fn worker(
    config: postgres::Config,
    requests: Receiver<Req>,
    replies: Sender<Result<Reply, PgError>>,
    prepares: Arc<AtomicU64>,
) {
    let client = match config.connect(NoTls) {
        Ok(client) => client,
        Err(e) => {
            let mut e = PgError::from_pg(&e);
            e.message = format!("cannot connect to PostgreSQL: {}", e.message);
            e.lost = false;
            let _ = replies.send(Err(e));
            return;
        }
    };
    if replies.send(Ok(Reply::Done)).is_err() {
        return;
    }
    let mut w = Worker {
        client,
        cache: HashMap::new(),
        cached: 0,
        lost: None,
        prepares,
        config,
        in_tx: false,
        tried: None,
    };
    for req in requests {
        let reply = w.handle(req);
        if replies.send(reply).is_err() {
            break;
        }
    }
}

impl Worker {
    fn handle(&mut self, req: Req) -> Result<Reply, PgError> {
        let word = if req.op == Op::Batch {
            first_word(&req.sql)
        } else {
            String::new()
        };
        if let Some(lost) = self.lost.clone() {
            match word.as_str() {
                // The server ended the transaction with the connection: nothing to roll back.
                "ROLLBACK" => {
                    self.in_tx = false;
                    return Ok(Reply::Done);
                }
                // Never committed: the caller must hear so.
                "COMMIT" | "END" => {
                    self.in_tx = false;
                    return Err(lost);
                }
                _ if self.in_tx => return Err(lost),
                _ => self.reconnect(lost)?,
            }
        }
        match word.as_str() {
            "BEGIN" | "START" => self.in_tx = true,
            "COMMIT" | "END" | "ROLLBACK" => self.in_tx = false,
            _ => {}
        }
        // A read outside a transaction asks once more on a new connection when the old one
        // turns out to be gone (a server restart, an idle connection cut): nobody needs to see
        // that. A write never is asked twice: it may have been done.
        let again = (req.op == Op::Query && !self.in_tx).then(|| req.args.clone());
        let mut reply = self.run(&req.op, &req.sql, req.args);
        if let (Err(e), Some(args)) = (&reply, again)
            && (e.lost || self.client.is_closed())
            && self.reconnect(e.clone()).is_ok()
        {
            reply = self.run(&Op::Query, &req.sql, args);
        }
        reply.map_err(|mut e| {
            if e.lost || self.client.is_closed() {
                e.lost = true;
                self.lost = Some(PgError {
                    message: format!("the connection to PostgreSQL was lost: {}", e.message),
                    ..e.clone()
                });
            }
            e
        })
    }

    fn run(&mut self, op: &Op, sql: &str, args: Args) -> Result<Reply, PgError> {
        match op {
            Op::Query => self.query(sql, args).map(Reply::Rows),
            Op::Execute => self.execute(sql, args).map(Reply::Count),
            Op::Batch => self.batch(sql).map(|_| Reply::Done),
        }
    }

    /// Connect again (at most once per `RETRY_EVERY`); the statement cache starts empty.
    fn reconnect(&mut self, lost: PgError) -> Result<(), PgError> {
        if self.tried.is_some_and(|t| t.elapsed() < RETRY_EVERY) {
            return Err(lost);
        }
        self.tried = Some(std::time::Instant::now());
        match self.config.connect(NoTls) {
            Ok(client) => {
                self.client = client;
                self.clear_cache();
                self.lost = None;
                tracing::info!("reconnected to PostgreSQL");
                Ok(())
            }
            Err(e) => Err(PgError {
                message: format!(
                    "reconnecting to PostgreSQL: {}",
                    PgError::from_pg(&e).message
                ),
                ..lost
            }),
        }
    }

    /// The prepared statement for `sql` with these values bound, and the values in `$k` order.
    fn prepare(&mut self, sql: &str, args: Args) -> Result<(Statement, Vec<Value>), PgError> {
        if !self.cache.contains_key(sql) {
            if self.cache.len() >= CACHE_MAX {
                self.clear_cache();
            }
            self.cache.insert(sql.to_owned(), Cached::new(sql));
        }
        let entry = self.cache.get_mut(sql).expect("just cached");
        let values = match args {
            Args::Pos(values) => values,
            Args::Named(mut pairs) => {
                let names = &entry.rewritten.names;
                if let Some((extra, _)) = pairs.iter().find(|(n, _)| !names.contains(n)) {
                    return Err(PgError::new(format!(
                        "no parameter {extra} in the statement"
                    )));
                }
                let mut values = Vec::with_capacity(names.len());
                for name in names {
                    let at = pairs.iter().position(|(n, _)| n == name);
                    let at =
                        at.ok_or_else(|| PgError::new(format!("no value for parameter {name}")))?;
                    values.push(pairs.swap_remove(at).1);
                }
                values
            }
        };
        let mut types: Vec<_> = values.iter().map(param_type).collect();
        let oids: Vec<u32> = types.iter().map(|t| t.oid()).collect();
        if let Some((_, stmt)) = entry.prepared.iter().find(|(o, _)| *o == oids) {
            return Ok((stmt.clone(), values));
        }
        // A NULL is usually typed by the server (oid 0), but not in `$1 IS NULL OR a = $1`:
        // there it is written into the text, and its parameter, now unused, is declared text.
        for k in 1..=values.len() {
            if values[k - 1] == Value::Null && !entry.named.contains(&k) {
                types[k - 1] = postgres::types::Type::TEXT;
            }
        }
        let nulls: Vec<usize> = (1..=values.len())
            .filter(|k| values[k - 1] == Value::Null && entry.null_tested.contains(k))
            .collect();
        let text = if nulls.is_empty() {
            entry.rewritten.sql.clone()
        } else {
            nulls
                .iter()
                .for_each(|k| types[k - 1] = postgres::types::Type::TEXT);
            rewrite::null_literals(&entry.rewritten.sql, &nulls)
        };
        let stmt = self
            .client
            .prepare_typed(&text, &types)
            .map_err(|e| PgError::from_pg(&e))?;
        self.prepares.fetch_add(1, Ordering::Relaxed);
        if self.cached >= CACHE_MAX {
            self.clear_cache();
            self.cache.insert(sql.to_owned(), Cached::new(sql));
        }
        let entry = self.cache.get_mut(sql).expect("just cached");
        entry.prepared.push((oids, stmt.clone()));
        self.cached += 1;
        Ok((stmt, values))
    }

    fn clear_cache(&mut self) {
        self.cache.clear();
        self.cached = 0;
    }

    fn query(&mut self, sql: &str, args: Args) -> Result<Vec<Vec<Value>>, PgError> {
        let (stmt, values) = self.prepare(sql, args)?;
        for col in stmt.columns() {
            if !readable(col.type_()) {
                return Err(PgError::new(format!(
                    "column {} is of type {}, which the store cannot read",
                    col.name(),
                    col.type_()
                )));
            }
        }
        let params: Vec<Param> = values.iter().map(Param).collect();
        let refs: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let rows = self
            .client
            .query(&stmt, &refs)
            .map_err(|e| PgError::from_pg(&e))?;
        rows.iter()
            .map(|row| {
                (0..row.len())
                    .map(|i| {
                        row.try_get::<_, Out>(i).map(|o| o.0).map_err(|e| {
                            let col = &stmt.columns()[i];
                            let cause = std::error::Error::source(&e)
                                .map(|c| c.to_string())
                                .unwrap_or_default();
                            PgError::new(format!(
                                "cannot read column {} ({}): {cause}",
                                col.name(),
                                col.type_()
                            ))
                        })
                    })
                    .collect()
            })
            .collect()
    }

    fn execute(&mut self, sql: &str, args: Args) -> Result<u64, PgError> {
        let (stmt, values) = self.prepare(sql, args)?;
        let params: Vec<Param> = values.iter().map(Param).collect();
        let refs: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        self.client
            .execute(&stmt, &refs)
            .map_err(|e| PgError::from_pg(&e))
    }

    fn batch(&mut self, sql: &str) -> Result<(), PgError> {
        // DDL may change what a kept statement reads; transaction control does not
        let first = sql
            .trim_start()
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        let control = [
            "BEGIN",
            "START",
            "COMMIT",
            "END",
            "ROLLBACK",
            "SAVEPOINT",
            "RELEASE",
            "SET",
        ];
        if !control.iter().any(|k| first.eq_ignore_ascii_case(k)) {
            self.clear_cache();
        }
        self.client
            .batch_execute(sql)
            .map_err(|e| PgError::from_pg(&e))
    }
}
