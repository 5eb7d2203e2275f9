//! What the reminder scheduler reads: the periods that still have reports owed, with what the
//! ladder needs to know about them; and a task's own ladder.

use crate::db::Conn;
use crate::error::Result;
use domain::Timestamp;
use sqlx::Row;

/// A period of an open task with reports still owed.
#[derive(Debug, Clone)]
pub struct LivePeriod {
    pub task_id: i64,
    pub task_title: String,
    pub task_org_id: i64,
    pub task_org_name: String,
    /// The task's own ladder (JSON), if it has one.
    pub ladder: Option<String>,
    pub period: String,
    pub deadline: Timestamp,
    /// When the period opened (a one-off task's: when it was assigned).
    pub opened_at: Timestamp,
}

/// The periods of open tasks with a report not started, in draft or returned, whose deadline
/// is after `since` (older ones are left to people: the ladder does not chase forever).
pub async fn live_periods<'e, E>(ex: E, since: Timestamp) -> Result<Vec<LivePeriod>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT t.id AS task_id, t.title, t.org_id, o.name AS org_name, t.reminder_ladder, \
         p.period, p.deadline, p.opened_at \
         FROM task_periods p JOIN tasks t ON t.id = p.task_id JOIN orgs o ON o.id = t.org_id \
         WHERE t.status = 'open' AND p.not_started + p.draft + p.returned > 0 \
         AND p.deadline > $1 ORDER BY p.deadline, t.id, p.period",
    )
    .bind(since.millis())
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(LivePeriod {
                task_id: r.try_get("task_id")?,
                task_title: r.try_get("title")?,
                task_org_id: r.try_get("org_id")?,
                task_org_name: r.try_get("org_name")?,
                ladder: r.try_get("reminder_ladder")?,
                period: r.try_get("period")?,
                deadline: Timestamp(r.try_get("deadline")?),
                opened_at: Timestamp(r.try_get("opened_at")?),
            })
        })
        .collect()
}

/// A task's own ladder (JSON), or `None` when it follows the deployment's.
pub async fn task_ladder<'e, E>(ex: E, task_id: i64) -> Result<Option<String>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(
        sqlx::query_scalar("SELECT reminder_ladder FROM tasks WHERE id = $1")
            .bind(task_id)
            .fetch_optional(ex)
            .await?
            .flatten(),
    )
}

/// Sets (or with `None` clears) a task's own ladder.
pub async fn set_task_ladder(conn: &mut Conn, task_id: i64, ladder: Option<&str>) -> Result<()> {
    sqlx::query("UPDATE tasks SET reminder_ladder = $1 WHERE id = $2")
        .bind(ladder)
        .bind(task_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The enabled accounts holding one of `roles` at the parent of the org `org_id`: whom an
/// escalation about that org goes to.
pub async fn parent_recipients(conn: &mut Conn, org_id: i64, roles: &[&str]) -> Result<Vec<i64>> {
    let parent: Option<i64> = sqlx::query_scalar("SELECT parent_id FROM orgs WHERE id = $1")
        .bind(org_id)
        .fetch_optional(&mut *conn)
        .await?
        .flatten();
    match parent {
        Some(p) => crate::reminders::recipients(conn, p, roles).await,
        None => Ok(Vec::new()),
    }
}
