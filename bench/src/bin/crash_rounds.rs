//! Crash-safety benchmark: 50 rounds of handing in reports from 8 clients while the release
//! `zhibu serve` is killed with SIGKILL at a random moment (0.1–2 s into each round) and
//! restarted on the same data; prints what each check found and the recovery times.
//!
//! ```sh
//! cargo build --release -p zhibu -p bench
//! target/release/crash_rounds [ROUNDS]                         # SQLite in a temporary directory
//! ZHIBU_CRASH_DATABASE_URL=postgres://postgres@127.0.0.1/zhibu_crash target/release/crash_rounds
//! ```
//!
//! The PostgreSQL database must exist and be empty; only the server is killed.

use anyhow::{Context, bail};
use bench::crash::{self, Setup};
use std::path::PathBuf;
use std::time::Duration;

/// The zhibu binary beside this one (target/release), or `ZHIBU_BIN`.
fn zhibu_binary() -> PathBuf {
    match std::env::var_os("ZHIBU_BIN") {
        Some(path) => PathBuf::from(path),
        None => std::env::current_exe()
            .unwrap_or_default()
            .with_file_name("zhibu"),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let rounds: usize = match std::env::args().nth(1) {
        Some(n) => n.parse().context("ROUNDS must be a whole number")?,
        None => 50,
    };
    let dir = tempfile::tempdir()?;
    let setup = Setup {
        zhibu: zhibu_binary(),
        data_dir: dir.path().join("data"),
        database_url: std::env::var("ZHIBU_CRASH_DATABASE_URL").ok(),
        clients: 8,
        max_run: Duration::from_secs(2),
    };
    let backend = if setup.database_url.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "{rounds} rounds, {} clients, {backend}, {}",
        setup.clients,
        setup.zhibu.display()
    );
    let results = crash::run(&setup, rounds).await?;
    let mut recoveries: Vec<Duration> = results.iter().map(|r| r.recovery).collect();
    recoveries.sort();
    let acknowledged: usize = results.iter().map(|r| r.acknowledged).sum();
    let problems: Vec<&String> = results
        .iter()
        .flat_map(|r| r.findings.problems.iter())
        .collect();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("kills (SIGKILL under load):           {}", results.len());
    println!("versions acknowledged with 2xx:       {acknowledged}");
    println!(
        "acknowledged versions checked:        {} (all so far, after every restart)",
        results.last().map(|r| r.findings.checked).unwrap_or(0)
    );
    println!(
        "rounds with a problem:                {}",
        results
            .iter()
            .filter(|r| !r.findings.problems.is_empty())
            .count()
    );
    if let (Some(first), Some(last)) = (recoveries.first(), recoveries.last()) {
        println!(
            "restart to healthy: min {:.0} ms, median {:.0} ms, max {:.0} ms",
            ms(*first),
            ms(recoveries[recoveries.len() / 2]),
            ms(*last)
        );
    }
    if !problems.is_empty() {
        for p in &problems {
            println!("PROBLEM: {p}");
        }
        bail!("{} problems found", problems.len());
    }
    let integrity = if setup.database_url.is_some() {
        ""
    } else {
        "integrity_check: ok, "
    };
    println!("lost: 0, half-written: 0, {integrity}audit verify: ok in every round");
    Ok(())
}
