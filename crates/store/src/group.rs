//! Group commit: several requests' write transactions committed together, one fsync for all.
//!
//! A durable commit waits for the disk (SQLite `synchronous = FULL` syncs the WAL at every
//! commit; PostgreSQL flushes its WAL). One commit after the other, that wait caps the writes a
//! second at about 1 / fsync time (600 on a VM whose fsync takes 1.6 ms), whatever the CPU.
//! And every write also appends to the audit chain, whose head is one row: on PostgreSQL the
//! head's row lock is held through the commit's flush, so concurrent writers queue there too.
//!
//! [`Db::write`](crate::Db::write) queues a write and lets the first writer that finds no
//! batch running lead: it takes every write queued by then, runs each in its own savepoint on
//! one connection inside one transaction — each with its own audit event, chained in order —
//! and commits once. A write that fails or asks to be undone is rolled back to its savepoint
//! and the others go on. Each writer gets its answer only after the shared commit returned,
//! so nothing is acknowledged before it is durable. Under no load a batch holds one write and
//! this is an ordinary transaction.
//!
//! A batch runs in a task of its own, so a request dropped half-way (a client gone) cannot
//! leave the connection inside an open transaction. On SQLite that task runs on a thread of
//! its own (see [`Writer`]).

use crate::db::Conn;
use crate::error::{Result, StoreError};
use sqlx::AnyPool;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// A future borrowing the batch's connection.
pub type ConnFuture<'c, T> = Pin<Box<dyn Future<Output = T> + Send + 'c>>;

/// How a queued write ends: kept (committed with its batch) or undone (rolled back to its
/// savepoint), with the value its caller gets either way.
#[derive(Debug)]
pub enum Finish<T> {
    Commit(T),
    Rollback(T),
}

/// Most writes one batch takes; the rest wait for the next. Each is a savepoint, which on
/// PostgreSQL is a subtransaction: past 64 in one transaction, other sessions' snapshots
/// overflow their cache of them and slow down.
const MAX_BATCH: usize = 64;

trait Job: Send {
    fn run<'c>(self: Box<Self>, conn: &'c mut Conn) -> ConnFuture<'c, Box<dyn Done>>;
    fn fail(self: Box<Self>, why: String);
}

/// A write that ran, waiting for its batch's commit.
trait Done: Send {
    fn keep(&self) -> bool;
    fn deliver(self: Box<Self>, committed: std::result::Result<(), String>);
}

struct JobOf<T, F> {
    write: F,
    answer: oneshot::Sender<Result<T>>,
}

struct DoneOf<T> {
    out: Result<Finish<T>>,
    answer: oneshot::Sender<Result<T>>,
}

impl<T, F> Job for JobOf<T, F>
where
    T: Send + 'static,
    F: for<'c> FnOnce(&'c mut Conn) -> ConnFuture<'c, Result<Finish<T>>> + Send + 'static,
{
    fn run<'c>(self: Box<Self>, conn: &'c mut Conn) -> ConnFuture<'c, Box<dyn Done>> {
        let JobOf { write, answer } = *self;
        Box::pin(async move {
            let out = write(conn).await;
            Box::new(DoneOf { out, answer }) as Box<dyn Done>
        })
    }

    fn fail(self: Box<Self>, why: String) {
        let _ = self.answer.send(Err(StoreError::Invalid(why)));
    }
}

impl<T: Send> Done for DoneOf<T> {
    fn keep(&self) -> bool {
        matches!(self.out, Ok(Finish::Commit(_)))
    }

    fn deliver(self: Box<Self>, committed: std::result::Result<(), String>) {
        let answer = match (self.out, committed) {
            (Err(e), _) => Err(e),
            (Ok(Finish::Rollback(v)), _) => Ok(v),
            (Ok(Finish::Commit(v)), Ok(())) => Ok(v),
            (Ok(Finish::Commit(_)), Err(why)) => Err(StoreError::Invalid(why)),
        };
        let _ = self.answer.send(answer);
    }
}

/// The queue of writes waiting for a batch, and the lock its leader holds.
#[derive(Default)]
pub(crate) struct Group {
    queue: Mutex<Vec<Box<dyn Job>>>,
    leader: Arc<tokio::sync::Mutex<()>>,
    /// Where batches run: a thread of their own (SQLite), or the caller's runtime.
    writer: Option<Writer>,
}

/// A thread with a single-threaded runtime that runs nothing but batches. A batch waits for
/// each statement's answer from SQLite's connection thread; on the server's runtime every
/// such wake-up queues behind the tasks of every request in flight. Measured under 64 clients
/// (docs/PERFORMANCE.md): a write of 7 statements took 1.18 ms there, 0.98 ms here.
struct Writer {
    runtime: tokio::runtime::Handle,
    /// Dropped with the group: the thread's runtime then ends.
    _stop: oneshot::Sender<()>,
}

impl Group {
    /// A group whose batches run on a thread of their own.
    pub(crate) fn with_writer_thread() -> std::io::Result<Group> {
        let (stop, stopped) = oneshot::channel::<()>();
        let (handle_tx, handle_rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("store-writer".to_owned())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(r) => r,
                    Err(e) => {
                        let _ = handle_tx.send(Err(e));
                        return;
                    }
                };
                let _ = handle_tx.send(Ok(runtime.handle().clone()));
                runtime.block_on(async {
                    let _ = stopped.await;
                });
            })?;
        let runtime = handle_rx
            .recv()
            .map_err(|_| std::io::Error::other("the writer thread did not start"))??;
        Ok(Group {
            writer: Some(Writer {
                runtime,
                _stop: stop,
            }),
            ..Group::default()
        })
    }
}

impl std::fmt::Debug for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Group")
    }
}

impl Group {
    /// Queues `write`, then waits for its answer, leading a batch when none is running.
    pub(crate) async fn write<T, F>(self: &Arc<Self>, pool: &AnyPool, write: F) -> Result<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Conn) -> ConnFuture<'c, Result<Finish<T>>> + Send + 'static,
    {
        let (answer, mut answered) = oneshot::channel();
        self.queue
            .lock()
            .expect("the write queue")
            .push(Box::new(JobOf { write, answer }));
        loop {
            tokio::select! {
                biased;
                got = &mut answered => return got.unwrap_or_else(|_| Err(gone())),
                guard = self.leader.clone().lock_owned() => {
                    // A batch that ended while this one waited for the lock may have taken it.
                    if let Ok(got) = answered.try_recv() {
                        return got;
                    }
                    let group = self.clone();
                    let pool = pool.clone();
                    let run = async move {
                        group.run_batch(&pool).await;
                        drop(guard);
                    };
                    let batch = match &self.writer {
                        Some(w) => w.runtime.spawn(run),
                        None => tokio::spawn(run),
                    };
                    if batch.await.is_err() {
                        return Err(StoreError::Invalid("a write batch panicked".to_owned()));
                    }
                }
            }
        }
    }

    fn take(&self) -> Vec<Box<dyn Job>> {
        let mut queue = self.queue.lock().expect("the write queue");
        let n = queue.len().min(MAX_BATCH);
        queue.drain(..n).collect()
    }

    /// Runs the queued writes in one transaction and answers each after the commit.
    async fn run_batch(&self, pool: &AnyPool) {
        let jobs = self.take();
        if jobs.is_empty() {
            return;
        }
        let mut pooled = match pool.acquire().await {
            Ok(c) => c,
            Err(e) => {
                let why = e.to_string();
                jobs.into_iter().for_each(|j| j.fail(why.clone()));
                return;
            }
        };
        let conn: &mut Conn = &mut pooled;
        let writes = jobs.len();
        let started = std::time::Instant::now();
        let mut committing = started;
        let mut done: Vec<Box<dyn Done>> = Vec::with_capacity(writes);
        let mut jobs = jobs.into_iter();
        let outcome: std::result::Result<(), String> = async {
            exec(conn, begin_statement(conn)).await?;
            for job in jobs.by_ref() {
                // Savepoints of one name stack up; ROLLBACK TO undoes the newest (this write's)
                // and COMMIT releases them all, so none needs releasing on its own.
                exec(conn, "SAVEPOINT batched_write").await?;
                let d = job.run(conn).await;
                if !d.keep() {
                    exec(conn, "ROLLBACK TO SAVEPOINT batched_write").await?;
                }
                done.push(d);
            }
            committing = std::time::Instant::now();
            exec(conn, "COMMIT").await
        }
        .await;
        tracing::debug!(
            writes,
            run_micros = committing.duration_since(started).as_micros() as u64,
            commit_micros = committing.elapsed().as_micros() as u64,
            ok = outcome.is_ok(),
            "group commit"
        );
        if let Err(why) = &outcome {
            let _ = exec(conn, "ROLLBACK").await;
            jobs.for_each(|j| j.fail(why.clone()));
        }
        for d in done {
            d.deliver(outcome.clone());
        }
    }
}

async fn exec(conn: &mut Conn, sql: &str) -> std::result::Result<(), String> {
    sqlx::query(sql)
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn gone() -> StoreError {
    StoreError::Invalid("the write batch ended without an answer".to_owned())
}

/// `BEGIN IMMEDIATE` on SQLite (take the write lock at once, waiting for another process's
/// writer instead of failing later), `BEGIN` on PostgreSQL.
fn begin_statement(conn: &Conn) -> &'static str {
    match crate::Backend::of(conn) {
        crate::Backend::Sqlite => "BEGIN IMMEDIATE",
        crate::Backend::Postgres => "BEGIN",
    }
}
