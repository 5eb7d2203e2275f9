//! 催办: the reminders sent to orgs about the reports they owe, and who receives them.

use crate::db::Conn;
use crate::decode::state;
use crate::error::Result;
use crate::sql::Sql;
use domain::Timestamp;
use domain::submission::SubmissionState;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::HashMap;

/// An assignee's report for a period, as a reminder needs it.
#[derive(Debug, Clone)]
pub struct Report {
    pub org_id: i64,
    pub org_name: String,
    pub state: SubmissionState,
}

fn report(r: &AnyRow) -> Result<Report> {
    Ok(Report {
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        state: state(r, "state", SubmissionState::parse)?,
    })
}

/// The reports of a task's period, to narrow further.
fn reports_query(task_id: i64, period: &str) -> Sql {
    let mut sql = Sql::new(
        "SELECT s.org_id, o.name AS org_name, s.state FROM submissions s \
         JOIN orgs o ON o.id = s.org_id WHERE s.task_id = ",
    );
    sql.bind_int(task_id)
        .push(" AND s.period = ")
        .bind_text(period);
    sql
}

async fn fetch_reports(conn: &mut Conn, sql: &Sql) -> Result<Vec<Report>> {
    sql.query()
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(report)
        .collect()
}

/// The period's reports of the orgs `org_ids` (those that are assignees; others are absent).
pub async fn reports_of(
    conn: &mut Conn,
    task_id: i64,
    period: &str,
    org_ids: &[i64],
) -> Result<Vec<Report>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = reports_query(task_id, period);
    sql.push(" AND ")
        .in_ints("s.org_id", org_ids)
        .push(" ORDER BY s.org_id");
    fetch_reports(conn, &sql).await
}

/// The period's reports in `states`, in board order.
pub async fn reports_in(
    conn: &mut Conn,
    task_id: i64,
    period: &str,
    states: &[SubmissionState],
) -> Result<Vec<Report>> {
    if states.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = reports_query(task_id, period);
    sql.push(" AND ")
        .in_texts("s.state", states.iter().map(|s| s.as_str()))
        .push(" ORDER BY s.urgency, s.org_id");
    fetch_reports(conn, &sql).await
}

/// What a reminder is about.
#[derive(Debug, Clone, Copy)]
pub enum About<'a> {
    /// A task period's report.
    Report { task_id: i64, period: &'a str },
    /// A notice's 签收.
    Notice { notice_id: i64 },
}

/// A reminder to write.
#[derive(Debug, Clone)]
pub struct NewReminder<'a> {
    pub about: About<'a>,
    pub org_id: i64,
    pub rung: &'a str,
    /// Where the org stood: a report's state, or `unread` / `unsigned`.
    pub state: &'a str,
    pub note: &'a str,
    pub sent_by: Option<i64>,
    /// The scheduler's claim; `None` for a reminder sent by a person.
    pub once_key: Option<&'a str>,
}

/// Writes a reminder; `None` when its `once_key` was claimed already (sent before, or by
/// another server at the same moment).
pub async fn insert(conn: &mut Conn, r: &NewReminder<'_>, now: Timestamp) -> Result<Option<i64>> {
    let (task_id, period, notice_id) = match r.about {
        About::Report { task_id, period } => (Some(task_id), period, None),
        About::Notice { notice_id } => (None, "", Some(notice_id)),
    };
    Ok(sqlx::query_scalar(
        "INSERT INTO reminders (task_id, period, notice_id, org_id, rung, state, note, sent_by, \
         sent_at, once_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (once_key) DO NOTHING RETURNING id",
    )
    .bind(task_id)
    .bind(period)
    .bind(notice_id)
    .bind(r.org_id)
    .bind(r.rung)
    .bind(r.state)
    .bind(r.note)
    .bind(r.sent_by)
    .bind(now.millis())
    .bind(r.once_key)
    .fetch_optional(conn)
    .await?)
}

/// The orgs already sent the rung `rung` about `about`: the scheduler skips them without
/// trying their claim again (one read instead of a conflicting insert per org, every minute).
pub async fn already_sent(
    conn: &mut Conn,
    about: About<'_>,
    rung: &str,
) -> Result<std::collections::HashSet<i64>> {
    let mut sql = Sql::new("SELECT org_id FROM reminders WHERE rung = ");
    sql.bind_text(rung).push(" AND ");
    match about {
        About::Report { task_id, period } => {
            sql.push("task_id = ")
                .bind_int(task_id)
                .push(" AND period = ")
                .bind_text(period);
        }
        About::Notice { notice_id } => {
            sql.push("notice_id = ").bind_int(notice_id);
        }
    }
    let rows = sql.query().fetch_all(&mut *conn).await?;
    rows.iter().map(|r| Ok(r.try_get("org_id")?)).collect()
}

/// Notes how many inboxes a reminder reached.
pub async fn set_recipients(conn: &mut Conn, id: i64, recipients: i64) -> Result<()> {
    sqlx::query("UPDATE reminders SET recipients = $1 WHERE id = $2")
        .bind(recipients)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// How often each of `org_ids` was reminded about the period, and when last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub count: i64,
    pub last: Timestamp,
}

pub async fn tallies<'e, E>(ex: E, about: About<'_>, org_ids: &[i64]) -> Result<HashMap<i64, Tally>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if org_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut sql =
        Sql::new("SELECT org_id, COUNT(*) AS n, MAX(sent_at) AS last FROM reminders WHERE ");
    match about {
        About::Report { task_id, period } => {
            sql.push("task_id = ")
                .bind_int(task_id)
                .push(" AND period = ")
                .bind_text(period);
        }
        About::Notice { notice_id } => {
            sql.push("notice_id = ").bind_int(notice_id);
        }
    }
    sql.push(" AND ")
        .in_ints("org_id", org_ids)
        .push(" GROUP BY org_id");
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter()
        .map(|r| {
            let tally = Tally {
                count: r.try_get("n")?,
                last: Timestamp(r.try_get("last")?),
            };
            Ok((r.try_get("org_id")?, tally))
        })
        .collect()
}

/// One reminder as a report's thread shows it.
#[derive(Debug, Clone)]
pub struct Sent {
    pub id: i64,
    pub rung: String,
    pub note: String,
    /// The sender's display name; `None` for the scheduler.
    pub sent_by: Option<String>,
    pub sent_at: Timestamp,
}

/// The reminders an org received about a period's report, oldest first.
pub async fn for_report<'e, E>(ex: E, task_id: i64, period: &str, org_id: i64) -> Result<Vec<Sent>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT r.id, r.rung, r.note, a.display_name, r.sent_at FROM reminders r \
         LEFT JOIN accounts a ON a.id = r.sent_by \
         WHERE r.task_id = $1 AND r.period = $2 AND r.org_id = $3 ORDER BY r.sent_at, r.id",
    )
    .bind(task_id)
    .bind(period)
    .bind(org_id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Sent {
                id: r.try_get("id")?,
                rung: r.try_get("rung")?,
                note: r.try_get("note")?,
                sent_by: r.try_get("display_name")?,
                sent_at: Timestamp(r.try_get("sent_at")?),
            })
        })
        .collect()
}

/// The enabled accounts holding one of `roles` at exactly the org `org_id`: those a reminder
/// to the org reaches (an administrator of a whole committee is not reminded of each branch's
/// reports).
pub async fn recipients(conn: &mut Conn, org_id: i64, roles: &[&str]) -> Result<Vec<i64>> {
    if roles.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT DISTINCT g.account_id FROM grants g JOIN accounts a ON a.id = g.account_id \
         WHERE g.revoked_at IS NULL AND a.disabled = 0 AND g.org_id = ",
    );
    sql.bind_int(org_id)
        .push(" AND ")
        .in_texts("g.role", roles.iter().copied())
        .push(" ORDER BY g.account_id");
    let rows = sql.query().fetch_all(&mut *conn).await?;
    rows.iter().map(|r| Ok(r.try_get("account_id")?)).collect()
}

/// [`recipients`] for many orgs at once: each org's accounts (orgs with none are absent).
pub async fn recipients_of_orgs(
    conn: &mut Conn,
    org_ids: &[i64],
    roles: &[&str],
) -> Result<HashMap<i64, Vec<i64>>> {
    let mut found: HashMap<i64, Vec<i64>> = HashMap::new();
    if roles.is_empty() {
        return Ok(found);
    }
    // Bounded lists: well under both databases' limits on bound values.
    for chunk in org_ids.chunks(5_000) {
        let mut sql = Sql::new(
            "SELECT DISTINCT g.org_id, g.account_id FROM grants g \
             JOIN accounts a ON a.id = g.account_id \
             WHERE g.revoked_at IS NULL AND a.disabled = 0 AND ",
        );
        sql.in_ints("g.org_id", chunk)
            .push(" AND ")
            .in_texts("g.role", roles.iter().copied())
            .push(" ORDER BY g.org_id, g.account_id");
        for r in sql.query().fetch_all(&mut *conn).await? {
            found
                .entry(r.try_get("org_id")?)
                .or_default()
                .push(r.try_get("account_id")?);
        }
    }
    Ok(found)
}
