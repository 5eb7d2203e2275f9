//! Crash safety: the real `zhibu serve` binary under a hand-in load from concurrent clients,
//! killed with SIGKILL at random moments and restarted on the same data, keeps every version
//! it acknowledged, shows no half-written submission, passes SQLite's integrity check and
//! `zhibu audit verify`. Three rounds here; `bench/src/bin/crash_rounds.rs` runs fifty.
//! On PostgreSQL (`ZHIBU_TEST_DATABASE=postgres`) the server is killed, never the database.

use crate::helpers::{PostgresDatabase, using_postgres};
use bench::crash::{self, Setup};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_at_random_moments_the_server_keeps_every_acknowledged_report() {
    let dir = tempfile::tempdir().unwrap();
    let postgres = if using_postgres() {
        Some(PostgresDatabase::create().await)
    } else {
        None
    };
    let setup = Setup {
        zhibu: env!("CARGO_BIN_EXE_zhibu").into(),
        data_dir: dir.path().join("data"),
        database_url: postgres.as_ref().map(|(_, url)| url.clone()),
        clients: 6,
        max_run: Duration::from_millis(1500),
    };
    let rounds = crash::run(&setup, 3).await.unwrap();
    let acknowledged: usize = rounds.iter().map(|r| r.acknowledged).sum();
    eprintln!(
        "{acknowledged} versions acknowledged over {} kills",
        rounds.len()
    );
    assert!(acknowledged > 0, "no version was acknowledged in any round");
    for (n, round) in rounds.iter().enumerate() {
        assert!(
            round.findings.problems.is_empty(),
            "round {}: {:#?}",
            n + 1,
            round.findings.problems
        );
    }
    // The last round checked everything acknowledged in all of them.
    assert_eq!(rounds[2].findings.checked, acknowledged);
}
