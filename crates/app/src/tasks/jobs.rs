//! The reporting loop's one background job: opening each recurring task's period when it
//! begins, so a branch's to-do list shows this month's report without anyone opening the task
//! first. Reading a task opens its period too; the job only makes sure nobody has to.

use super::rules::current_period;
use crate::App;
use domain::task::TaskStatus;
use std::time::Duration;
use store::audit::{self, AuditEntry, Outcome};

/// How often the job looks for periods that have begun.
pub const EVERY: Duration = Duration::from_secs(60);

/// Opens the current period of every open recurring task that lacks it; answers how many it
/// opened. Each in its own transaction, with its audit event by `system`.
pub async fn open_due_periods(state: &App) -> crate::error::Result<usize> {
    let now = state.now();
    let mut opened = 0;
    for task in store::tasks::open_recurring(state.db.read()).await? {
        if task.status != TaskStatus::Open {
            continue;
        }
        let Some((period, starts, deadline)) = current_period(state, &task, now) else {
            continue;
        };
        if store::tasks::period(state.db.read(), task.id, &period)
            .await?
            .is_some()
        {
            continue;
        }
        let mut tx = state.db.begin().await?;
        if store::tasks::open_period(&mut tx, task.id, &period, &starts, deadline, now).await? {
            audit::record(
                &mut tx,
                AuditEntry {
                    at: now,
                    account_id: None,
                    username: "system",
                    ip: "",
                    action: "task.period_open",
                    object_type: "task",
                    object_id: task.id.to_string(),
                    org_id: Some(task.org_id),
                    outcome: Outcome::Success,
                    detail: period,
                },
            )
            .await?;
            opened += 1;
        }
        store::commit(tx).await?;
    }
    Ok(opened)
}

/// Runs [`open_due_periods`] every [`EVERY`] until the server stops.
pub async fn run(state: App) {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        if let Err(e) = open_due_periods(&state).await {
            tracing::error!(error = %e, "opening the periods of recurring tasks");
        }
    }
}
