//! SQLite only: opening and migrating the file, the queries behind each panel, and the one
//! executor through which every write goes.

/// A server's data version (`data_version`) as a select-list item.
macro_rules! server_version_sql {
    () => {
        "coalesce((SELECT max(id) FROM audit_log), 0) \
         + coalesce((SELECT value FROM counters WHERE name = 'recounts'), 0)"
    };
}

pub mod alert_queries;
pub mod asof_queries;
pub mod audit_queries;
pub mod backup;
pub mod callup_queries;
pub mod care_queries;
pub mod case_detail;
pub mod commands;
pub mod db;
mod duty_history;
pub mod handover_queries;
pub mod health_queries;
mod history_cache;
pub mod home_panel_queries;
pub mod kept;
pub mod key;
pub mod org_queries;
pub mod party_queries;
pub mod person_queries;
pub mod person_ref;
pub mod pick;
pub mod progress;
pub mod queries;
pub mod report_queries;
pub mod resting_queries;
mod restore;
pub mod roster_queries;
pub mod schema;
pub mod server;
pub mod setup_queries;
pub mod shift_queries;
pub mod sql_enums;
pub mod supplies_queries;
pub mod transfer;

use crate::domain::Ts;
use crate::domain::rules::{Duty, RestRules, first_breach};
use anyhow::{Context, Result, bail};
use chrono_tz::Tz;
use db::{Connection, params};
use rusqlite::OpenFlags;
use std::path::{Path, PathBuf};

/// Settings the store needs to derive data: rules and the local zone.
#[derive(Debug, Clone)]
pub struct StoreConfig {
    pub rules: RestRules,
    pub tz: Tz,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            rules: RestRules::default(),
            tz: chrono_tz::Asia::Shanghai,
        }
    }
}

pub struct Store {
    pub(crate) conn: Connection,
    pub cfg: StoreConfig,
    /// The database file, or for a server database the local anchor of the files that sit
    /// beside a database (`server::local_home`).
    path: PathBuf,
    /// What was opened: the file, or the server's address (`--db` as given).
    source: PathBuf,
    /// Finished shifts behind the visible Overdue rows (`history_cache.rs`).
    history_cache: std::cell::RefCell<history_cache::HistoryCache>,
    /// Volunteers uninsured now, good while nothing insurance-related changes and the clock
    /// stays between the same two policy boundaries (`care_queries.rs`).
    uninsured: std::cell::RefCell<Option<care_queries::Uninsured>>,
    /// This console's desk (`set_desk`): recorded with each action, and undo reverses only
    /// the desk's own. `None`: the command line, whose undo reverses only command-line actions.
    desk: Option<String>,
    /// A long command's progress and cancel switch (`set_progress`): the executor counts its
    /// rows there and stops, writing nothing, once it is cancelled.
    progress: Option<std::sync::Arc<progress::Progress>>,
}

/// Whether `e` is (or was caused by) a lost connection to the database server: the console
/// outlives it, saying so, and the connection is made again at the next call.
pub fn connection_lost(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<db::Error>()
            .is_some_and(|e| e.kind() == db::Kind::Lost)
            || c.downcast_ref::<db::pg::PgError>().is_some_and(|e| e.lost)
    })
}

/// What `Store::recount_rules` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recount {
    /// The breaches were computed under these rules already.
    NotDue,
    /// This many running shifts recounted.
    Done(usize),
    /// Cancelled: nothing written, still due.
    Cancelled,
}

pub use db::pg::listen::{Heard, Listening};

/// See `Store::change_watch`.
pub struct ChangeWatch(Connection);

impl ChangeWatch {
    /// Changes whenever another connection (any other, this process's too) commits.
    pub fn data_version(&self) -> Result<i64> {
        data_version(&self.0)
    }
}

/// SQLite: the file's `data_version`, which moves on every commit of another connection.
/// PostgreSQL: the newest audit row's id (every write is audited) plus the number of rules
/// recounts (the one write with no audit row), so it moves on every write of any desk.
fn data_version(c: &Connection) -> Result<i64> {
    Ok(match c.engine() {
        db::Engine::Sqlite => c.query_row("PRAGMA data_version", [], |r| r.get(0))?,
        db::Engine::Postgres => {
            c.query_row(concat!("SELECT ", server_version_sql!()), [], |r| r.get(0))?
        }
    })
}

/// Create the file (and its folder) with owner-only permissions before SQLite touches it;
/// SQLite gives the -wal and -shm files the same permissions as the database.
pub(crate) fn create_private(path: &Path) -> Result<()> {
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    match opts.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot create database {}", path.display())),
    }
}

impl Store {
    /// Open (creating if needed) and migrate. Refuses a database from a newer Frontline and a
    /// file that is not a Frontline database, with a one-line reason.
    pub fn open(path: &Path, cfg: StoreConfig) -> Result<Store> {
        Self::open_with(path, cfg, true, true)
    }

    /// Open and migrate, but leave the rules recount (`rules_recount_due`, `recount_rules`) to
    /// the caller: the console opens so and recounts as a job, its first frame not waiting.
    pub fn open_deferring_recount(path: &Path, cfg: StoreConfig) -> Result<Store> {
        Self::open_with(path, cfg, true, false)
    }

    /// For a read-only command: an existing Frontline database of this build's schema; an older
    /// one is refused rather than migrated (a look must not change the file).
    pub fn open_read(path: &Path, cfg: StoreConfig) -> Result<Store> {
        if !server::is_server(path) && std::fs::symlink_metadata(path).is_err() {
            bail!("no database at {}", path.display());
        }
        Self::open_with(path, cfg, false, true)
    }

    fn open_with(path: &Path, cfg: StoreConfig, migrate: bool, recount: bool) -> Result<Store> {
        if server::is_server(path) {
            let url = path.to_str().unwrap_or_default();
            let conn = server::open(url, migrate)?;
            let home = server::local_home(&server::Address::parse(url)?)?;
            return Self::opened(conn, cfg, home, path, migrate, recount);
        }
        // Only a file this call creates may start empty: an existing 0-byte file is a database
        // that lost its content (or never was one), not a new Frontline database.
        let fresh = std::fs::symlink_metadata(path).is_err();
        if fresh {
            create_private(path)?;
        } else {
            let meta = std::fs::metadata(path)
                .with_context(|| format!("cannot open {}", path.display()))?;
            if meta.is_dir() {
                bail!("{} is a folder, not a database file", path.display());
            }
            if meta.len() == 0 {
                bail!(
                    "{} is empty (0 bytes): not a Frontline database; if it was one, restore a backup (`frontline restore`)",
                    path.display()
                );
            }
        }
        // `--db` is always a path: no SQLite URI (`file:x.db?mode=memory` is a file name).
        let mut conn = key::connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // SQLite falls back to read-only when it may not write the file; say so now rather
        // than at the dispatcher's first action.
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(key::read_only(path));
        }
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| key::explain(path, &e))?;
        if !fresh && version == 0 {
            // Another program's SQLite file: never add Frontline's tables to it.
            let tables: i64 = conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(|e| key::explain(path, &e))?;
            if tables > 0 {
                bail!(
                    "{} is an SQLite file of another program, not a Frontline database; refusing to change it",
                    path.display()
                );
            }
        }
        if !migrate && version < schema::LATEST as i64 {
            bail!(
                "{} was written by an older Frontline (schema {version}, this build has {}); a read-only command does not upgrade it: open the console or run a `frontline do` command first",
                path.display(),
                schema::LATEST
            );
        }
        if version > schema::LATEST as i64 {
            bail!(
                "{} was written by a newer Frontline (schema {version}, this build knows {}); refusing to open it",
                path.display(),
                schema::LATEST
            );
        }
        // WAL: readers never block the writer, so several consoles share one file.
        // synchronous=FULL: a commit reported to the user survives a power cut.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| key::explain(path, &e))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // 32 MB of page cache keeps the panels' index pages warm between refreshes.
        conn.pragma_update(None, "cache_size", -32_000)?;
        conn.set_prepared_statement_cache_capacity(256);
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        schema::migrations()
            .to_latest(&mut conn)
            .map_err(|e| anyhow::anyhow!("cannot migrate {}: {e}", path.display()))?;
        // Foreign keys are enforced from here on; migrations run without them, as a table
        // rebuild needs (SQLite's own procedure: migration 15).
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Self::opened(
            Connection::sqlite(conn),
            cfg,
            path.to_path_buf(),
            path,
            migrate,
            recount,
        )
    }

    fn opened(
        mut conn: Connection,
        cfg: StoreConfig,
        path: PathBuf,
        source: &Path,
        migrate: bool,
        recount: bool,
    ) -> Result<Store> {
        // People whose pinyin initials and phone tail are not yet indexed (rows from before
        // migration 14, or written outside the executor).
        if migrate {
            let tx = conn.transaction()?;
            pick::fill_people(&tx)?;
            tx.commit()?;
        }
        let mut store = Store {
            conn,
            cfg,
            path,
            source: source.to_path_buf(),
            history_cache: Default::default(),
            uninsured: Default::default(),
            desk: None,
            progress: None,
        };
        if recount {
            store.recount_rules()?;
        }
        Ok(store)
    }

    /// The SQLite connection, for what only a SQLite file has (pragmas, the backup API, a
    /// bulk load); an error on another engine.
    pub(crate) fn sqlite(&self) -> Result<&rusqlite::Connection> {
        self.conn
            .as_sqlite()
            .ok_or_else(|| anyhow::anyhow!("this needs a SQLite database file"))
    }

    pub(crate) fn sqlite_mut(&mut self) -> Result<&mut rusqlite::Connection> {
        self.conn
            .as_sqlite_mut()
            .ok_or_else(|| anyhow::anyhow!("this needs a SQLite database file"))
    }

    /// The database file; for a server database, the local anchor of the files kept beside
    /// a database (logs, exports, reports).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What to open again for another connection to this database (a job's): the file, or
    /// the server's address.
    pub fn source(&self) -> &Path {
        &self.source
    }

    /// The connection, for `frontline check`-style reads and for tests' raw assertions; every
    /// write goes through `execute`.
    #[doc(hidden)]
    pub fn db(&self) -> &Connection {
        &self.conn
    }

    /// Which engine holds this database.
    pub fn engine(&self) -> db::Engine {
        self.conn.engine()
    }

    /// Name this connection's desk (one per console process; see `desk`).
    pub fn set_desk(&mut self, desk: String) {
        self.desk = Some(desk);
    }

    /// This connection's desk, if it has one.
    pub fn desk(&self) -> Option<&str> {
        self.desk.as_deref()
    }

    /// Report the next commands' rows to `p` and let `p` cancel them (`None`: stop reporting).
    pub fn set_progress(&mut self, p: Option<std::sync::Arc<progress::Progress>>) {
        self.progress = p;
    }

    /// Where the next commands report their rows, if anywhere.
    pub fn progress(&self) -> Option<&progress::Progress> {
        self.progress.as_deref()
    }

    /// Changes whenever another connection commits; one cheap call per tick tells the console
    /// whether to re-query.
    pub fn data_version(&self) -> Result<i64> {
        data_version(&self.conn)
    }

    /// Whether the data version went from `told` to `now` by this store's own `own` committed
    /// actions alone (each one audit row), so nobody else wrote since. SQLite's version moves
    /// only on other connections' commits; a server's counts every desk's.
    pub fn moved_by_own_actions_only(&self, told: i64, now: i64, own: i64) -> bool {
        match self.engine() {
            db::Engine::Sqlite => now == told,
            db::Engine::Postgres => now == told + own,
        }
    }

    /// Commits of any desk told as they happen, on a connection of its own: on a server,
    /// `LISTEN` on the channel the audit trigger notifies (`db::pg::listen`), each event given
    /// to `tell` on the listener's thread. `None` on SQLite (nothing tells; poll
    /// `change_watch`). Dropping the handle stops listening.
    pub fn listen(
        &self,
        tell: impl FnMut(Heard) -> bool + Send + 'static,
    ) -> Result<Option<Listening>> {
        if self.engine() != db::Engine::Postgres {
            return Ok(None);
        }
        let url = self.source.to_str().unwrap_or_default();
        Ok(Some(db::pg::listen::listen(url, "frontline", tell)?))
    }

    /// A connection of its own that only tells when another connection committed (the
    /// console's change watch polls it off the loop).
    pub fn change_watch(&self) -> Result<ChangeWatch> {
        if self.engine() == db::Engine::Postgres {
            let url = self.source.to_str().unwrap_or_default();
            return Ok(ChangeWatch(server::open(url, false)?));
        }
        let conn = key::connect(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Ok(ChangeWatch(Connection::sqlite(conn)))
    }

    /// Whether the running shifts' first breaches were computed under other rules than this
    /// store's (a rules file changed since): `recount_rules` is due.
    pub fn rules_recount_due(&self) -> Result<bool> {
        let stored: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'rules'", [], |r| {
                r.get(0)
            })
            .ok();
        Ok(stored.as_deref() != Some(self.cfg.rules.fingerprint().as_str()))
    }

    /// Recompute each active shift's first-breach time when the rules differ from those it was
    /// computed with (a rules file changed). Derived data only: no audit row. With a progress
    /// (`set_progress`) each shift is a step, and a cancel rolls the whole recount back.
    pub fn recount_rules(&mut self) -> Result<Recount> {
        if !self.rules_recount_due()? {
            return Ok(Recount::NotDue);
        }
        let fp = self.cfg.rules.fingerprint();
        let tx = self
            .conn
            .transaction_with_behavior(db::TransactionBehavior::Immediate)?;
        let active: Vec<(i64, i64, Ts)> = {
            let mut st = tx.prepare(
                "SELECT id, person_id, actual_start FROM shifts WHERE status = 'active'",
            )?;
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<crate::store::db::Result<_>>()?
        };
        let n = active.len();
        if let Some(p) = &self.progress {
            p.start(n as u64);
        }
        for (shift, person, start) in active {
            if let Some(p) = &self.progress
                && !p.step()
            {
                // Dropping the transaction rolls it back: the old breaches stand, still due.
                return Ok(Recount::Cancelled);
            }
            let hist = Self::history(
                &tx,
                person,
                start,
                self.cfg.rules.lookback_secs(),
                self.cfg.tz,
            )?;
            let fb = first_breach(
                &Duty {
                    history: &hist,
                    current_start: Some(start),
                },
                &self.cfg.rules,
                self.cfg.tz,
            );
            tx.execute(
                "UPDATE shifts SET breach_at = ?2, breach_rule = ?3 WHERE id = ?1",
                params![shift, fb.map(|b| b.0), fb.map(|b| b.1.as_str())],
            )?;
        }
        tx.execute(
            "INSERT INTO meta(key, value) VALUES ('rules', ?1) \
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [fp],
        )?;
        if tx.engine() == db::Engine::Postgres {
            // No audit row: the other desks' change watch learns of it from this count (its
            // poll) and, within the second, from a notification of its own at commit.
            tx.execute(
                "INSERT INTO counters(name, value) VALUES ('recounts', 1) \
                 ON CONFLICT(name) DO UPDATE SET value = counters.value + 1",
                [],
            )?;
            tx.execute_batch("NOTIFY frontline, 'recount'")?;
        }
        tx.commit()?;
        Ok(Recount::Done(n))
    }

    /// Leave WAL checkpoints to a thread of their own (every `every`), so no keyboard action
    /// waits while SQLite copies the log into the main file. The console calls this; `do` and
    /// scripts keep SQLite's automatic checkpoint.
    pub fn checkpoint_in_background(&self, every: std::time::Duration) -> Result<()> {
        if self.engine() != db::Engine::Sqlite {
            return Ok(());
        }
        self.sqlite()?
            .pragma_update(None, "wal_autocheckpoint", 0)?;
        let path = self.path.clone();
        std::thread::Builder::new()
            .name("checkpoint".into())
            .spawn(move || {
                let conn = match key::connect(
                    &path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                ) {
                    Ok(c) => c,
                    Err(e) => return tracing::warn!("no background checkpoints: {e:#}"),
                };
                let _ = conn.busy_timeout(std::time::Duration::from_secs(5));
                loop {
                    std::thread::sleep(every);
                    // PASSIVE: copy what no reader still needs, never wait for a writer.
                    if let Err(e) = conn.execute_batch("PRAGMA wal_checkpoint(PASSIVE)") {
                        tracing::warn!("checkpoint failed: {e}");
                    }
                }
            })?;
        Ok(())
    }

    /// Fold the WAL into the main file (before copying the file).
    pub fn checkpoint(&self) -> Result<()> {
        if self.engine() != db::Engine::Sqlite {
            return Ok(());
        }
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        Ok(())
    }

    /// Mark the rules fingerprint as current (the demo generator computes breaches itself).
    pub(crate) fn stamp_rules(conn: &Connection, rules: &RestRules) -> Result<()> {
        conn.execute(
            "INSERT INTO meta(key, value) VALUES ('rules', ?1) \
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [rules.fingerprint()],
        )?;
        Ok(())
    }
}
