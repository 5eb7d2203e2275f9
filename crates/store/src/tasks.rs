//! 任务: tasks, their versioned report forms, whom they are assigned to, and their reporting
//! periods with the counters the supervision board reads.
//!
//! Assignees are resolved when a task is published and stay fixed. Opening a period makes one
//! `not_started` submission per assignee and sets the period's counters in the same
//! transaction, so the board never counts rows.

use crate::db::Conn;
use crate::decode::state;
use crate::error::Result;
use crate::sql::Sql;
use crate::targets::TASKS;
use domain::Timestamp;
use domain::supervision::Counts;
use domain::task::{Recurrence, TaskStatus};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone)]
pub struct Task {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub org_path: String,
    pub status: TaskStatus,
    pub title: String,
    pub description: String,
    pub category: String,
    pub recurrence: Recurrence,
    pub deadline: Option<Timestamp>,
    pub starts_on: String,
    pub due_days: i64,
    pub form_version: i64,
    pub notice_id: Option<i64>,
    pub notice_section: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub published_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
}

const COLUMNS: &str = "t.id, t.org_id, o.name AS org_name, o.path AS org_path, t.status, t.title, \
     t.description, t.category, t.recurrence, t.deadline, t.starts_on, t.due_days, t.form_version, \
     t.notice_id, t.notice_section, t.created_at, t.updated_at, t.published_at, t.closed_at";

fn ts(r: &AnyRow, col: &str) -> Result<Option<Timestamp>> {
    Ok(r.try_get::<Option<i64>, _>(col)?.map(Timestamp))
}

fn from_row(r: &AnyRow) -> Result<Task> {
    Ok(Task {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        org_path: r.try_get("org_path")?,
        status: state(r, "status", TaskStatus::parse)?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        category: r.try_get("category")?,
        recurrence: state(r, "recurrence", Recurrence::parse)?,
        deadline: ts(r, "deadline")?,
        starts_on: r.try_get("starts_on")?,
        due_days: r.try_get("due_days")?,
        form_version: r.try_get("form_version")?,
        notice_id: r.try_get("notice_id")?,
        notice_section: r.try_get("notice_section")?,
        created_at: Timestamp(r.try_get("created_at")?),
        updated_at: Timestamp(r.try_get("updated_at")?),
        published_at: ts(r, "published_at")?,
        closed_at: ts(r, "closed_at")?,
    })
}

/// A task's fields as the author sets them.
#[derive(Debug, Clone)]
pub struct TaskFields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub category: &'a str,
    pub recurrence: &'a str,
    pub deadline: Option<Timestamp>,
    pub starts_on: &'a str,
    pub due_days: i64,
}

/// Creates a draft task with the first version of its form.
#[allow(clippy::too_many_arguments)]
pub async fn create(
    conn: &mut Conn,
    org_id: i64,
    f: &TaskFields<'_>,
    form: &str,
    notice: Option<(i64, &str)>,
    by: i64,
    now: Timestamp,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO tasks (org_id, status, title, description, category, recurrence, deadline, \
         starts_on, due_days, form_version, notice_id, notice_section, created_by, created_at, updated_at) \
         VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(org_id)
    .bind(f.title)
    .bind(f.description)
    .bind(f.category)
    .bind(f.recurrence)
    .bind(f.deadline.map(|d| d.millis()))
    .bind(f.starts_on)
    .bind(f.due_days)
    .bind(notice.map(|(n, _)| n))
    .bind(notice.map(|(_, s)| s).unwrap_or(""))
    .bind(by)
    .bind(now.millis())
    .fetch_one(&mut *conn)
    .await?;
    insert_form(conn, id, 1, form, by, now).await?;
    Ok(id)
}

async fn insert_form(
    conn: &mut Conn,
    id: i64,
    version: i64,
    definition: &str,
    by: i64,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO task_forms (task_id, version, definition, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(version)
    .bind(definition)
    .bind(by)
    .bind(now.millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Changes a task's fields (the form is changed by [`add_form_version`]).
pub async fn update(conn: &mut Conn, id: i64, f: &TaskFields<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "UPDATE tasks SET title = $1, description = $2, category = $3, recurrence = $4, \
         deadline = $5, starts_on = $6, due_days = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(f.title)
    .bind(f.description)
    .bind(f.category)
    .bind(f.recurrence)
    .bind(f.deadline.map(|d| d.millis()))
    .bind(f.starts_on)
    .bind(f.due_days)
    .bind(now.millis())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Makes `definition` the task's current form as a new version; reports already made keep
/// the version they were made with.
pub async fn add_form_version(
    conn: &mut Conn,
    id: i64,
    definition: &str,
    by: i64,
    now: Timestamp,
) -> Result<i64> {
    let version: i64 = sqlx::query_scalar(
        "UPDATE tasks SET form_version = form_version + 1, updated_at = $1 WHERE id = $2 \
         RETURNING form_version",
    )
    .bind(now.millis())
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    insert_form(conn, id, version, definition, by, now).await?;
    Ok(version)
}

/// A version of a task's form, as JSON.
pub async fn form<'e, E>(ex: E, id: i64, version: i64) -> Result<Option<String>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(
        sqlx::query_scalar("SELECT definition FROM task_forms WHERE task_id = $1 AND version = $2")
            .bind(id)
            .bind(version)
            .fetch_optional(ex)
            .await?,
    )
}

pub async fn by_id<'e, E>(ex: E, id: i64) -> Result<Option<Task>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql =
        format!("SELECT {COLUMNS} FROM tasks t JOIN orgs o ON o.id = t.org_id WHERE t.id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Tasks made from a notice, oldest first.
pub async fn from_notice<'e, E>(ex: E, notice_id: i64) -> Result<Vec<Task>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT {COLUMNS} FROM tasks t JOIN orgs o ON o.id = t.org_id WHERE t.notice_id = $1 ORDER BY t.id"
    );
    sqlx::query(&sql)
        .bind(notice_id)
        .fetch_all(ex)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// Replaces the chosen orgs (org, with its subtree or alone).
pub async fn set_targets(conn: &mut Conn, id: i64, targets: &[(i64, bool)]) -> Result<()> {
    TASKS.set(conn, id, targets).await
}

/// The chosen orgs: (org id, org name, with subtree).
pub async fn targets<'e, E>(ex: E, id: i64) -> Result<Vec<(i64, String, bool)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    TASKS.list(ex, id).await
}

/// Publishes a draft: its targets become assignees (open orgs that are not party groups and
/// not the assigning org). Answers how many there are.
pub async fn publish(conn: &mut Conn, id: i64, issuer: i64, now: Timestamp) -> Result<i64> {
    sqlx::query(
        "UPDATE tasks SET status = 'open', published_at = $1, updated_at = $1 WHERE id = $2",
    )
    .bind(now.millis())
    .bind(id)
    .execute(&mut *conn)
    .await?;
    TASKS.resolve(conn, id, issuer).await
}

/// Closes or reopens a task.
pub async fn set_status(
    conn: &mut Conn,
    id: i64,
    status: TaskStatus,
    now: Timestamp,
) -> Result<()> {
    let closed_at = (status == TaskStatus::Closed).then_some(now.millis());
    sqlx::query("UPDATE tasks SET status = $1, closed_at = $2, updated_at = $3 WHERE id = $4")
        .bind(status.as_str())
        .bind(closed_at)
        .bind(now.millis())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A reporting period with its counters.
#[derive(Debug, Clone)]
pub struct PeriodRow {
    pub task_id: i64,
    pub period: String,
    pub starts_on: String,
    pub deadline: Timestamp,
    pub counts: Counts,
}

const PERIOD_COLUMNS: &str = "p.task_id, p.period, p.starts_on, p.deadline, p.expected, \
     p.not_started, p.draft, p.submitted, p.returned, p.approved, p.received, p.on_time";

fn period_from_row(r: &AnyRow) -> Result<PeriodRow> {
    Ok(PeriodRow {
        task_id: r.try_get("task_id")?,
        period: r.try_get("period")?,
        starts_on: r.try_get("starts_on")?,
        deadline: Timestamp(r.try_get("deadline")?),
        counts: Counts {
            expected: r.try_get("expected")?,
            not_started: r.try_get("not_started")?,
            draft: r.try_get("draft")?,
            submitted: r.try_get("submitted")?,
            returned: r.try_get("returned")?,
            approved: r.try_get("approved")?,
            received: r.try_get("received")?,
            on_time: r.try_get("on_time")?,
        },
    })
}

/// Opens a period: one `not_started` submission per assignee and the counters to match.
/// Does nothing when the period is already open; answers whether it opened it.
pub async fn open_period(
    conn: &mut Conn,
    task_id: i64,
    period: &str,
    starts_on: &str,
    deadline: Timestamp,
    now: Timestamp,
) -> Result<bool> {
    let made = sqlx::query(
        "INSERT INTO task_periods (task_id, period, starts_on, deadline, opened_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(task_id)
    .bind(period)
    .bind(starts_on)
    .bind(deadline.millis())
    .bind(now.millis())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if made == 0 {
        return Ok(false);
    }
    let expected = sqlx::query(
        "INSERT INTO submissions (task_id, period, org_id, state, urgency, updated_at) \
         SELECT task_id, $1, org_id, 'not_started', $2, $3 FROM task_assignees WHERE task_id = $4",
    )
    .bind(period)
    .bind(domain::submission::SubmissionState::NotStarted.urgency())
    .bind(now.millis())
    .bind(task_id)
    .execute(&mut *conn)
    .await?
    .rows_affected() as i64;
    sqlx::query(
        "UPDATE task_periods SET expected = $1, not_started = $1 WHERE task_id = $2 AND period = $3",
    )
    .bind(expected)
    .bind(task_id)
    .bind(period)
    .execute(conn)
    .await?;
    Ok(true)
}

/// Moves a one-off task's deadline (its single period follows).
pub async fn set_period_deadline(
    conn: &mut Conn,
    task_id: i64,
    period: &str,
    deadline: Timestamp,
) -> Result<()> {
    sqlx::query("UPDATE task_periods SET deadline = $1 WHERE task_id = $2 AND period = $3")
        .bind(deadline.millis())
        .bind(task_id)
        .bind(period)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn period<'e, E>(ex: E, task_id: i64, period: &str) -> Result<Option<PeriodRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT {PERIOD_COLUMNS} FROM task_periods p WHERE p.task_id = $1 AND p.period = $2"
    );
    sqlx::query(&sql)
        .bind(task_id)
        .bind(period)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(period_from_row)
        .transpose()
}

/// A task's periods, newest first.
pub async fn periods<'e, E>(ex: E, task_id: i64) -> Result<Vec<PeriodRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT {PERIOD_COLUMNS} FROM task_periods p WHERE p.task_id = $1 ORDER BY p.starts_on DESC"
    );
    sqlx::query(&sql)
        .bind(task_id)
        .fetch_all(ex)
        .await?
        .iter()
        .map(period_from_row)
        .collect()
}

/// A task as the committee's list shows it: with its latest period and that period's counts.
#[derive(Debug, Clone)]
pub struct Issued {
    pub task: Task,
    pub period: Option<PeriodRow>,
}

/// Tasks assigned by orgs under `roots` in `statuses`, with their latest period; open tasks
/// most urgent (earliest deadline) first.
pub async fn issued<'e, E>(
    ex: E,
    roots: &[String],
    statuses: &[TaskStatus],
    limit: i64,
    offset: i64,
) -> Result<Vec<Issued>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if roots.is_empty() || statuses.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(&format!(
        "SELECT {COLUMNS}, p.task_id AS p_task, p.period, p.starts_on AS p_starts_on, \
         p.deadline AS p_deadline, p.expected, p.not_started, p.draft, p.submitted, p.returned, \
         p.approved, p.received, p.on_time \
         FROM tasks t JOIN orgs o ON o.id = t.org_id \
         LEFT JOIN task_periods p ON p.task_id = t.id AND p.starts_on = \
           (SELECT MAX(q.starts_on) FROM task_periods q WHERE q.task_id = t.id) WHERE "
    ));
    sql.subtree("o.path", roots)
        .push(" AND ")
        .in_texts("t.status", statuses.iter().map(|s| s.as_str()))
        .push(
            " ORDER BY CASE t.status WHEN 'open' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, \
             COALESCE(p.deadline, t.deadline, 0), t.id DESC LIMIT ",
        )
        .bind_int(limit)
        .push(" OFFSET ")
        .bind_int(offset);
    sql.query()
        .fetch_all(ex)
        .await?
        .iter()
        .map(|r| {
            let period = match r.try_get::<Option<i64>, _>("p_task")? {
                Some(task_id) => Some(PeriodRow {
                    task_id,
                    period: r.try_get("period")?,
                    starts_on: r.try_get("p_starts_on")?,
                    deadline: Timestamp(r.try_get("p_deadline")?),
                    counts: Counts {
                        expected: r.try_get("expected")?,
                        not_started: r.try_get("not_started")?,
                        draft: r.try_get("draft")?,
                        submitted: r.try_get("submitted")?,
                        returned: r.try_get("returned")?,
                        approved: r.try_get("approved")?,
                        received: r.try_get("received")?,
                        on_time: r.try_get("on_time")?,
                    },
                }),
                None => None,
            };
            Ok(Issued {
                task: from_row(r)?,
                period,
            })
        })
        .collect()
}

/// Open recurring tasks, for opening each one's current period when it begins.
pub async fn open_recurring<'e, E>(ex: E) -> Result<Vec<Task>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT {COLUMNS} FROM tasks t JOIN orgs o ON o.id = t.org_id \
         WHERE t.status = 'open' AND t.recurrence <> 'once' ORDER BY t.id"
    );
    sqlx::query(&sql)
        .fetch_all(ex)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// An assignee org as the caller's side of a task needs it.
#[derive(Debug, Clone)]
pub struct Assignee {
    pub org_id: i64,
    pub org_name: String,
    pub org_path: String,
}

/// The task's assignees under `roots` (the orgs the caller reports for), in tree order.
pub async fn assignees_under<'e, E>(ex: E, task_id: i64, roots: &[String]) -> Result<Vec<Assignee>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT a.org_id, o.name, o.path FROM task_assignees a JOIN orgs o ON o.id = a.org_id \
         WHERE a.task_id = ",
    );
    sql.bind_int(task_id)
        .push(" AND ")
        .subtree("o.path", roots)
        .push(" ORDER BY o.path LIMIT 1000");
    sql.query()
        .fetch_all(ex)
        .await?
        .iter()
        .map(|r| {
            Ok(Assignee {
                org_id: r.try_get("org_id")?,
                org_name: r.try_get("name")?,
                org_path: r.try_get("path")?,
            })
        })
        .collect()
}

/// A task with `org_id` as one of its assignees, if it is one: what a request about one org's
/// report needs, in one query.
pub async fn with_assignee<'e, E>(
    ex: E,
    id: i64,
    org_id: i64,
) -> Result<Option<(Task, Option<Assignee>)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT {COLUMNS}, a.org_id AS a_org_id, ao.name AS a_org_name, ao.path AS a_org_path \
         FROM tasks t JOIN orgs o ON o.id = t.org_id \
         LEFT JOIN (task_assignees a JOIN orgs ao ON ao.id = a.org_id) \
           ON a.task_id = t.id AND a.org_id = $2 \
         WHERE t.id = $1"
    );
    let Some(r) = sqlx::query(&sql)
        .bind(id)
        .bind(org_id)
        .fetch_optional(ex)
        .await?
    else {
        return Ok(None);
    };
    let assignee = match r.try_get::<Option<i64>, _>("a_org_id")? {
        Some(org_id) => Some(Assignee {
            org_id,
            org_name: r.try_get("a_org_name")?,
            org_path: r.try_get("a_org_path")?,
        }),
        None => None,
    };
    Ok(Some((from_row(&r)?, assignee)))
}

/// Whether `org_id` must report on the task.
pub async fn is_assignee<'e, E>(ex: E, task_id: i64, org_id: i64) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM task_assignees WHERE task_id = $1 AND org_id = $2",
    )
    .bind(task_id)
    .bind(org_id)
    .fetch_one(ex)
    .await?;
    Ok(n > 0)
}
