//! Connecting to the database chosen by its URL, and the pools handlers use.

use crate::error::Result;
use crate::group::{ConnFuture, Finish, Group};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Executor};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// A connection inside a transaction or taken from a pool.
pub type Conn = sqlx::AnyConnection;
/// A write transaction; commit it or it rolls back when dropped.
pub type Tx = sqlx::Transaction<'static, Any>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }

    /// The backend a connection speaks, for the few statements written differently on each.
    pub fn of(conn: &Conn) -> Backend {
        match conn.backend_name() {
            "PostgreSQL" => Backend::Postgres,
            _ => Backend::Sqlite,
        }
    }
}

/// The URL of the embedded database in the data directory `data_dir` (created if missing).
pub fn sqlite_url(data_dir: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("zhibu.db").display())
}

/// The database: a pool for reads and a pool for writes.
///
/// On SQLite the write pool holds one connection, so writers queue in the process instead of
/// failing with `SQLITE_BUSY`, while WAL lets readers go on beside them. On PostgreSQL both are
/// the same pool.
#[derive(Clone, Debug)]
pub struct Db {
    read: AnyPool,
    write: AnyPool,
    backend: Backend,
    /// Writes waiting to be committed together (see [`Db::write`]).
    group: Arc<Group>,
}

/// Pragmas for every SQLite connection: WAL for concurrent readers, FULL sync so an
/// acknowledged write survives a power cut, foreign keys enforced, a wait instead of an error
/// when another process holds the lock.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

impl Db {
    /// Connects to `url` (`sqlite://path?mode=rwc` or `postgres://…`).
    pub async fn connect(url: &str) -> Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url).ok_or_else(|| {
            crate::StoreError::Invalid(format!(
                "unsupported database URL (expected sqlite: or postgres://): {}",
                redact(url)
            ))
        })?;
        let options = AnyConnectOptions::from_str(url)?;
        match backend {
            Backend::Sqlite => {
                let pool = |max: u32| {
                    AnyPoolOptions::new()
                        .max_connections(max)
                        .acquire_timeout(Duration::from_secs(30))
                        .after_connect(|conn, _| {
                            Box::pin(async move {
                                conn.execute(SQLITE_PRAGMAS).await?;
                                Ok(())
                            })
                        })
                };
                let write = pool(1).connect_with(options.clone()).await?;
                let read = pool(8).connect_with(options).await?;
                Ok(Db {
                    read,
                    write,
                    backend,
                    group: Arc::new(Group::with_writer_thread().map_err(|e| {
                        crate::StoreError::Invalid(format!("starting the writer thread: {e}"))
                    })?),
                })
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect_with(options)
                    .await?;
                Ok(Db {
                    read: pool.clone(),
                    write: pool,
                    backend,
                    group: Arc::new(Group::with_writer_thread().map_err(|e| {
                        crate::StoreError::Invalid(format!("starting the writer thread: {e}"))
                    })?),
                })
            }
        }
    }

    /// The pool for reads outside a transaction.
    pub fn read(&self) -> &AnyPool {
        &self.read
    }

    pub(crate) fn write_pool(&self) -> &AnyPool {
        &self.write
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Begins a write transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`), so a writer in another process (the CLI, a second scheduler) makes it wait
    /// up to the busy timeout rather than fail when its reads turn into a write.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self.backend {
            Backend::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.write.begin().await?,
        })
    }

    /// Runs `write` in a transaction committed together with the other writes queued at the
    /// same moment, and answers once that commit is durable (group commit: one fsync for the
    /// batch; see the `group` module). `write` runs in a savepoint of its own: returning an
    /// error or [`Finish::Rollback`] undoes it alone. Every write it makes, its audit event
    /// included, goes through the connection it is given; it must not begin a transaction of
    /// its own.
    pub async fn write<T, F>(&self, write: F) -> Result<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Conn) -> ConnFuture<'c, Result<Finish<T>>> + Send + 'static,
    {
        self.group.write(&self.write, write).await
    }

    /// Answers when the database answers a trivial query.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

/// A URL fit for logs and error messages: the password replaced.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &userinfo[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Commits a write transaction.
pub async fn commit(tx: Tx) -> Result<()> {
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted_from_urls() {
        assert_eq!(
            redact("postgres://zhibu:s3cret@db:5432/zhibu"),
            "postgres://zhibu:***@db:5432/zhibu"
        );
        assert_eq!(redact("sqlite://x.db"), "sqlite://x.db");
    }
}
