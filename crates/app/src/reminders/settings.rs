//! The reminder ladder and calendar: the deployment's defaults (kept in settings, changed by a
//! committee administrator over the whole tree) and a task's own ladder.

use crate::tasks::rules::{self, require_categories_admin};
use crate::{Actor, App, Result};
use domain::reminder_ladder::{Calendar, Ladder, LadderProblem};
use store::tasks::Task;

const LADDER: &str = "reminders.ladder";
const CALENDAR: &str = "reminders.calendar";

/// The deployment's ladder and calendar; a stored value this build cannot read counts as the
/// default (and is logged), so a bad setting never stops reminders.
pub async fn deployment(app: &App) -> Result<(Ladder, Calendar)> {
    let db = app.db.read();
    let ladder = read(store::settings::get(db, LADDER).await?, LADDER);
    let calendar = read(
        store::settings::get(app.db.read(), CALENDAR).await?,
        CALENDAR,
    );
    Ok((ladder, calendar))
}

fn read<T: serde::de::DeserializeOwned + Default>(stored: Option<String>, key: &str) -> T {
    match stored.map(|s| serde_json::from_str(&s)) {
        Some(Ok(v)) => v,
        Some(Err(e)) => {
            tracing::warn!(key, error = %e, "unreadable reminder setting; using the default");
            T::default()
        }
        None => T::default(),
    }
}

/// The ladder a task chases with: its own, or the deployment's.
pub fn ladder_of(own: Option<&str>, deployment: &Ladder) -> Ladder {
    own.and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_else(|| deployment.clone())
}

/// Replaces the deployment's ladder and calendar (a committee administrator over every root).
pub async fn set_deployment(
    app: &App,
    actor: &Actor,
    ladder: Ladder,
    calendar: Calendar,
) -> Result<std::result::Result<(Ladder, Calendar), LadderProblem>> {
    let roots = require_categories_admin(app, actor).await?;
    let ladder = match ladder.checked() {
        Ok(l) => l,
        Err(p) => return Ok(Err(p)),
    };
    let before = deployment(app).await?;
    let (ladder_json, calendar_json) = (to_json(&ladder)?, to_json(&calendar)?);
    let mut w = app.write(actor).await?;
    store::settings::set(&mut w.tx, LADDER, &ladder_json).await?;
    store::settings::set(&mut w.tx, CALENDAR, &calendar_json).await?;
    let detail = serde_json::json!({
        "before": {"ladder": before.0, "calendar": before.1},
        "after": {"ladder": ladder, "calendar": calendar},
    })
    .to_string();
    let org = roots.first().map(|r| r.id).unwrap_or_default();
    w.commit("settings.reminders", ("settings", 0), org, detail)
        .await?;
    Ok(Ok((ladder, calendar)))
}

/// Gives a task its own ladder, or with `None` makes it follow the deployment's again. Only
/// its assigning side may.
pub async fn set_for_task(
    app: &App,
    actor: &Actor,
    task_id: i64,
    ladder: Option<Ladder>,
) -> Result<std::result::Result<Option<Ladder>, LadderProblem>> {
    let task: Task = rules::load_as_assigner(app, actor, task_id).await?;
    let ladder = match ladder.map(Ladder::checked).transpose() {
        Ok(l) => l,
        Err(p) => return Ok(Err(p)),
    };
    let json = ladder.as_ref().map(to_json).transpose()?;
    let mut w = app.write(actor).await?;
    store::reminder_schedule::set_task_ladder(&mut w.tx, task.id, json.as_deref()).await?;
    let detail = json.unwrap_or_else(|| "deployment default".to_owned());
    w.commit(
        "task.reminder_ladder",
        ("task", task.id),
        task.org_id,
        detail,
    )
    .await?;
    Ok(Ok(ladder))
}

fn to_json(v: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string(v).map_err(|e| crate::Error::Internal(e.into()))
}
