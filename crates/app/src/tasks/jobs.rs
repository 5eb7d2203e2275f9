//! The reporting loop's one background job: opening each recurring task's period when it
//! begins, so a branch's to-do list shows this month's report without anyone opening the task
//! first. Reading a task opens its period too; the job only makes sure nobody has to.

use super::rules::{current_period, open_current};
use crate::App;
use domain::task::TaskStatus;
use std::time::Duration;

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
        let Some((period, _, _)) = current_period(state, &task, now) else {
            continue;
        };
        if store::tasks::period(state.db.read(), task.id, &period)
            .await?
            .is_some()
        {
            continue;
        }
        let mut w = state.system_write().await?;
        if open_current(state, &mut w, &task).await? {
            opened += 1;
        }
        w.finish().await?;
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
