//! What must hold after a kill: checked on the stopped data (SQLite's integrity check, the
//! audit chain with `zhibu audit verify`) and on the restarted server's database (every
//! acknowledged version present with its text, no submission of the test's task without all
//! its versions and their audit events (demo data is loaded without events), the board's counters equal to the states).

use super::Setup;
use super::load::{Acked, Plan};
use anyhow::Context;
use sqlx::AnyPool;
use std::collections::HashMap;
use std::process::Command;

/// Problems found (empty when all held) and what was looked at.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    pub problems: Vec<String>,
    /// Acknowledged versions checked.
    pub checked: usize,
}

impl Findings {
    pub fn merge(&mut self, other: Findings) {
        self.problems.extend(other.problems);
        self.checked += other.checked;
    }
}

/// A pool on the setup's database (the SQLite file must exist).
pub async fn connect(setup: &Setup) -> anyhow::Result<AnyPool> {
    sqlx::any::install_default_drivers();
    let url = match &setup.database_url {
        Some(url) => url.clone(),
        None => format!("sqlite://{}", setup.data_dir.join("zhibu.db").display()),
    };
    AnyPool::connect(&url)
        .await
        .context("connecting to the crash test's database")
}

/// Checks on the killed server's data, before anything restarts.
pub async fn stopped(setup: &Setup) -> anyhow::Result<Findings> {
    let mut found = Findings::default();
    if setup.database_url.is_none() {
        let db = connect(setup).await?;
        let answer: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&db)
            .await?;
        db.close().await;
        if answer != "ok" {
            found
                .problems
                .push(format!("PRAGMA integrity_check: {answer}"));
        }
    }
    let mut command = Command::new(&setup.zhibu);
    command
        .args(["audit", "verify", "--data"])
        .arg(&setup.data_dir);
    for (var, _) in std::env::vars() {
        if var.starts_with("ZHIBU_") {
            command.env_remove(var);
        }
    }
    if let Some(url) = &setup.database_url {
        command.env("ZHIBU_DATABASE_URL", url);
    }
    let out = command.output().context("running zhibu audit verify")?;
    if !out.status.success() {
        found.problems.push(format!(
            "zhibu audit verify failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(found)
}

/// Checks on the database after the restart, against everything acknowledged so far.
pub async fn running(setup: &Setup, plan: &Plan, acked: &[Acked]) -> anyhow::Result<Findings> {
    let db = connect(setup).await?;
    let found = consistent(&db, plan, acked).await;
    db.close().await;
    found
}

async fn consistent(db: &AnyPool, plan: &Plan, acked: &[Acked]) -> anyhow::Result<Findings> {
    let mut found = Findings::default();
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT s.org_id, v.version, v.data FROM submission_versions v \
         JOIN submissions s ON s.id = v.submission_id WHERE s.task_id = $1",
    )
    .bind(plan.task)
    .fetch_all(db)
    .await?;
    let stored: HashMap<(i64, i64), String> = rows
        .into_iter()
        .map(|(org, version, data)| ((org, version), data))
        .collect();
    for a in acked {
        found.checked += 1;
        match stored.get(&(a.org, a.version)) {
            Some(data) if data.contains(&a.summary) => {}
            Some(data) => found.problems.push(format!(
                "org {} version {}: acknowledged {:?} but stored {data}",
                a.org, a.version, a.summary
            )),
            None => found.problems.push(format!(
                "org {} version {}: acknowledged but lost",
                a.org, a.version
            )),
        }
    }
    let half: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT id, version, versions, events FROM (SELECT s.id, s.version, \
         (SELECT COUNT(*) FROM submission_versions v WHERE v.submission_id = s.id) AS versions, \
         (SELECT COUNT(*) FROM audit_events e WHERE e.action = 'submission.submit' \
         AND e.object_type = 'submission' AND e.object_id = CAST(s.id AS TEXT)) AS events \
         FROM submissions s WHERE s.task_id = $1) c WHERE version <> versions OR version <> events",
    )
    .bind(plan.task)
    .fetch_all(db)
    .await?;
    for (id, version, versions, events) in half {
        found.problems.push(format!(
            "submission {id} says version {version} but has {versions} versions and {events} \
             hand-in audit events: half-written"
        ));
    }
    let (counted, states): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT CAST(COALESCE(SUM(submitted), 0) AS BIGINT) FROM task_periods WHERE task_id = $1), \
         (SELECT COUNT(*) FROM submissions WHERE task_id = $1 AND state = 'submitted')",
    )
    .bind(plan.task)
    .fetch_one(db)
    .await?;
    if counted != states {
        found.problems.push(format!(
            "the board counts {counted} reports waiting for review, the submissions say {states}"
        ));
    }
    Ok(found)
}
