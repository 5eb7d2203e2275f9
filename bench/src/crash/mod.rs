//! Crash safety: run the real `zhibu serve` binary on a data directory, hand in reports from
//! concurrent clients, kill the server with SIGKILL at a random moment, and check what the
//! restarted server keeps: every acknowledged version present, no half-written submission,
//! `PRAGMA integrity_check` ok (SQLite), `zhibu audit verify` passing. The suite runs a few
//! rounds (`crates/zhibu/tests/suite/crash.rs`); `bench/src/bin/crash_rounds.rs` runs 50.

mod check;
mod load;
mod server;

pub use check::Findings;
pub use server::Server;

use anyhow::Context;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Where and how to run the server.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The `zhibu` binary.
    pub zhibu: PathBuf,
    /// The data directory (SQLite file, audit key and checkpoints).
    pub data_dir: PathBuf,
    /// A PostgreSQL URL, or `None` for the SQLite file in `data_dir`.
    pub database_url: Option<String>,
    /// How many clients hand in reports at once (one demo branch each, at most 14).
    pub clients: usize,
    /// The longest the server runs under load before it is killed.
    pub max_run: Duration,
}

/// What one round saw.
#[derive(Debug, Clone)]
pub struct Round {
    /// Versions the server acknowledged with 2xx in this round.
    pub acknowledged: usize,
    /// How long the server ran under load before the kill.
    pub ran: Duration,
    /// From starting the killed server's successor to its first healthy answer.
    pub recovery: Duration,
    /// What the checks found after the restart.
    pub findings: Findings,
}

/// Runs `rounds` kill-and-restart rounds on a fresh data directory; answers each round's
/// figures. A round's problems are in its `findings`; an `Err` means the run itself failed.
pub async fn run(setup: &Setup, rounds: usize) -> anyhow::Result<Vec<Round>> {
    let mut server = Server::start(setup).await.context("first start")?;
    let plan = load::Plan::prepare(&server, setup)
        .await
        .context("creating the task and logging the branches in")?;
    let mut acked: Vec<load::Acked> = Vec::new();
    let mut random = load::Random::seeded();
    let mut out = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let run_for = Duration::from_millis(
            100 + random.below(setup.max_run.as_millis().max(101) as u64 - 100),
        );
        let started = Instant::now();
        let (stop, workers) = load::start(&server, &plan, round);
        tokio::time::sleep(run_for).await;
        server.kill();
        let ran = started.elapsed();
        let new = load::finish(stop, workers).await;
        let acknowledged = new.len();
        acked.extend(new);
        let mut findings = check::stopped(setup).await?;
        let restart = Instant::now();
        server = Server::start(setup)
            .await
            .with_context(|| format!("restarting after round {}", round + 1))?;
        let recovery = restart.elapsed();
        findings.merge(check::running(setup, &plan, &acked).await?);
        out.push(Round {
            acknowledged,
            ran,
            recovery,
            findings,
        });
    }
    server.kill();
    Ok(out)
}
