//! The thread that owns the PostgreSQL connection: each request's statement prepared (and
//! kept), run and its rows read; a lost connection made again outside a transaction.

use super::rewrite::{self, Rewritten, rewrite};
use super::tls::{self, Tls};
use super::value::{Out, Param, param_type, readable};
use super::{Args, CACHE_MAX, Op, PgError, Reply, Req, Value};
use postgres::config::Host;
use postgres::types::ToSql;
use postgres::{Client, Statement};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};

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
    /// Its parameters used only as a window's bounds (`LIMIT`, `OFFSET`), in a statement that
    /// asks for it (`rewrite::WINDOW_MARK`): their values are written into the text, so the
    /// planner sees them and a refresh of the same window reuses a plan made once (with the
    /// bound as a parameter PostgreSQL planned the on-duty window on every run, which cost
    /// twice the run).
    window: Vec<usize>,
    /// Prepared statements by their parameters' type oids and the window bounds written in.
    prepared: Vec<(Vec<u32>, Vec<i64>, Statement)>,
}

/// Windows of one statement kept prepared at most (scrolling makes a new one per page; the
/// oldest goes).
pub(super) const WINDOWS_MAX: usize = 8;

impl Cached {
    fn new(sql: &str) -> Cached {
        let rewritten = rewrite(sql);
        let null_tested = rewrite::null_tested(&rewritten.sql);
        let named = parameters_named(&rewritten.sql);
        let window = rewrite::window_params(&rewritten.sql);
        Cached {
            rewritten,
            null_tested,
            named,
            window,
            prepared: Vec::new(),
        }
    }
}

pub(super) struct Worker {
    client: Client,
    /// By the store's SQL text: its rewrite and its prepared statements.
    cache: HashMap<String, Cached>,
    cached: usize,
    lost: Option<PgError>,
    prepares: Arc<AtomicU64>,
    /// To connect again after the connection was lost (with the same TLS settings).
    config: postgres::Config,
    tls: Tls,
    /// Inside a transaction the caller began (a lost connection lost it: no reconnect until
    /// the caller ends it).
    in_tx: bool,
    /// The last attempt to connect again (at most one per `RETRY_EVERY`).
    tried: Option<std::time::Instant>,
}

/// How often a lost connection is tried again (each try may wait for the connect timeout).
pub(super) const RETRY_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// The first word of a text, upper-cased (`BEGIN`, `COMMIT` …).
fn first_word(sql: &str) -> String {
    sql.trim_start()
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("")
        .to_ascii_uppercase()
}

/// Connect with these settings; a failure is one line (TLS failures named by `tls::explain`).
pub(super) fn connect(config: &postgres::Config, tls: &Tls) -> Result<Client, PgError> {
    let tried = config.connect(tls.connector.clone());
    // libpq's `prefer`: when the TLS handshake fails (a certificate not trusted by the root
    // file, say), try again in plain text, as a server without TLS is connected in plain.
    let tried = match tried {
        Err(e) if tls.mode == tls::Mode::Prefer && tls::is_handshake_error(&e) => {
            tracing::warn!("TLS handshake failed under sslmode=prefer; connecting without TLS");
            let mut plain = config.clone();
            plain.ssl_mode(postgres::config::SslMode::Disable);
            plain.connect(tls.connector.clone())
        }
        other => other,
    };
    tried.map_err(|e| {
        let host = match config.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            _ => String::new(),
        };
        let mut err = PgError::from_pg(&e);
        if let Some(line) = tls::explain(&e, tls, &host) {
            err.message = line;
        }
        err
    })
}

/// The connection's state, shared by the thread that made it and a caller that may run its
/// statements itself (`PgClient::call`). `None` until connected and after the thread ends.
pub(super) type Shared = Arc<Mutex<Option<Worker>>>;

/// The shared state, even if a panic elsewhere left its lock poisoned (every request leaves it
/// consistent: a statement either ran or it did not).
pub(super) fn lock(shared: &Shared) -> MutexGuard<'_, Option<Worker>> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

pub(super) fn worker(
    config: postgres::Config,
    tls: Tls,
    shared: Shared,
    requests: Receiver<Req>,
    replies: Sender<Result<Reply, PgError>>,
    prepares: Arc<AtomicU64>,
) {
    let client = match connect(&config, &tls) {
        Ok(client) => client,
        Err(mut e) => {
            e.message = format!("cannot connect to PostgreSQL: {}", e.message);
            e.lost = false;
            let _ = replies.send(Err(e));
            return;
        }
    };
    *lock(&shared) = Some(Worker {
        client,
        cache: HashMap::new(),
        cached: 0,
        lost: None,
        prepares,
        config,
        tls,
        in_tx: false,
        tried: None,
    });
    if replies.send(Ok(Reply::Done)).is_ok() {
        for req in requests {
            let reply = handle(&shared, req);
            if replies.send(reply).is_err() {
                break;
            }
        }
    }
    // The client's own runtime is dropped here, on this thread, which is inside no runtime
    // (tokio refuses to drop a runtime from within an asynchronous context).
    let last = lock(&shared).take();
    drop(last);
}

/// One request on the shared connection (on whichever thread asks).
pub(super) fn handle(shared: &Shared, req: Req) -> Result<Reply, PgError> {
    match lock(shared).as_mut() {
        Some(w) => w.handle(req),
        None => Err(PgError {
            sqlstate: None,
            message: "the PostgreSQL thread has ended".into(),
            lost: true,
            table: None,
        }),
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
            Op::Columns => self.prepare(sql, args).map(|(st, _)| {
                Reply::Names(st.columns().iter().map(|c| c.name().to_owned()).collect())
            }),
        }
    }

    /// Connect again (at most once per `RETRY_EVERY`); the statement cache starts empty.
    fn reconnect(&mut self, lost: PgError) -> Result<(), PgError> {
        if self.tried.is_some_and(|t| t.elapsed() < RETRY_EVERY) {
            return Err(lost);
        }
        self.tried = Some(std::time::Instant::now());
        match connect(&self.config, &self.tls) {
            Ok(client) => {
                self.client = client;
                self.clear_cache();
                self.lost = None;
                tracing::info!("reconnected to PostgreSQL");
                Ok(())
            }
            Err(e) => Err(PgError {
                message: format!("reconnecting to PostgreSQL: {}", e.message),
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
        let bounds: Vec<(usize, i64)> = entry
            .window
            .iter()
            .filter_map(|&k| match values.get(k - 1) {
                Some(Value::Integer(v)) => Some((k, *v)),
                _ => None,
            })
            .collect();
        let written: Vec<i64> = bounds.iter().map(|b| b.1).collect();
        if let Some((_, _, stmt)) = entry
            .prepared
            .iter()
            .find(|(o, w, _)| *o == oids && *w == written)
        {
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
        let text = if bounds.is_empty() {
            text
        } else {
            rewrite::int_literals(&text, &bounds)
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
        if !written.is_empty()
            && entry.prepared.iter().filter(|p| !p.1.is_empty()).count() >= WINDOWS_MAX
            && let Some(oldest) = entry.prepared.iter().position(|p| !p.1.is_empty())
        {
            // Dropping the statement closes it on the server.
            entry.prepared.remove(oldest);
            self.cached -= 1;
        }
        entry.prepared.push((oids, written, stmt.clone()));
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
