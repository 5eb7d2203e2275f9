//! The channels besides the inbox: an account's email setting, the robots an org registered,
//! and the deliveries through them.

use crate::db::Conn;
use crate::error::Result;
use domain::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

/// An account's email setting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmailSetting {
    pub email: String,
    pub on: bool,
}

pub async fn email_setting<'e, E>(ex: E, account_id: i64) -> Result<EmailSetting>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row =
        sqlx::query("SELECT email, email_on FROM notification_settings WHERE account_id = $1")
            .bind(account_id)
            .fetch_optional(ex)
            .await?;
    Ok(match row {
        Some(r) => EmailSetting {
            email: r.try_get("email")?,
            on: r.try_get::<i64, _>("email_on")? != 0,
        },
        None => EmailSetting::default(),
    })
}

pub async fn set_email(
    conn: &mut Conn,
    account_id: i64,
    s: &EmailSetting,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO notification_settings (account_id, email, email_on, updated_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (account_id) DO UPDATE SET \
         email = excluded.email, email_on = excluded.email_on, updated_at = excluded.updated_at",
    )
    .bind(account_id)
    .bind(&s.email)
    .bind(i64::from(s.on))
    .bind(now.millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// The address to email `account_id` at, when the account turned email on.
pub async fn email_of(conn: &mut Conn, account_id: i64) -> Result<Option<String>> {
    let s = email_setting(&mut *conn, account_id).await?;
    Ok((s.on && !s.email.is_empty()).then_some(s.email))
}

/// A robot as listed (never with its secret).
#[derive(Debug, Clone)]
pub struct Robot {
    pub id: i64,
    pub org_id: i64,
    pub kind: String,
    pub name: String,
    pub url: String,
    pub has_secret: bool,
    pub created_at: Timestamp,
}

/// A robot with what sending needs.
#[derive(Debug, Clone)]
pub struct RobotTarget {
    pub id: i64,
    pub kind: String,
    pub url: String,
    pub secret: String,
}

fn robot(r: &AnyRow) -> Result<Robot> {
    Ok(Robot {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        kind: r.try_get("kind")?,
        name: r.try_get("name")?,
        url: r.try_get("url")?,
        has_secret: !r.try_get::<String, _>("secret")?.is_empty(),
        created_at: Timestamp(r.try_get("created_at")?),
    })
}

/// A robot to register.
pub struct NewRobot<'a> {
    pub org_id: i64,
    pub kind: &'a str,
    pub name: &'a str,
    pub url: &'a str,
    pub secret: &'a str,
}

pub async fn add_robot(conn: &mut Conn, r: &NewRobot<'_>, by: i64, now: Timestamp) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO robots (org_id, kind, name, url, secret, status, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'active', $6, $7) RETURNING id",
    )
    .bind(r.org_id)
    .bind(r.kind)
    .bind(r.name)
    .bind(r.url)
    .bind(r.secret)
    .bind(by)
    .bind(now.millis())
    .fetch_one(conn)
    .await?)
}

/// Marks a robot removed; false when it was removed already.
pub async fn remove_robot(conn: &mut Conn, id: i64, now: Timestamp) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE robots SET status = 'removed', removed_at = $1 WHERE id = $2 AND status = 'active'",
    )
    .bind(now.millis())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The active robots of `org_id`.
pub async fn robots_of<'e, E>(ex: E, org_id: i64) -> Result<Vec<Robot>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT id, org_id, kind, name, url, secret, created_at FROM robots \
         WHERE org_id = $1 AND status = 'active' ORDER BY id",
    )
    .bind(org_id)
    .fetch_all(ex)
    .await?
    .iter()
    .map(robot)
    .collect()
}

/// An active robot by id.
pub async fn robot_by_id<'e, E>(ex: E, id: i64) -> Result<Option<Robot>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT id, org_id, kind, name, url, secret, created_at FROM robots \
         WHERE id = $1 AND status = 'active'",
    )
    .bind(id)
    .fetch_optional(ex)
    .await?
    .as_ref()
    .map(robot)
    .transpose()
}

pub async fn robot_target<'e, E>(ex: E, id: i64) -> Result<Option<RobotTarget>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query("SELECT id, kind, url, secret FROM robots WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await?;
    row.map(|r| {
        Ok(RobotTarget {
            id: r.try_get("id")?,
            kind: r.try_get("kind")?,
            url: r.try_get("url")?,
            secret: r.try_get("secret")?,
        })
    })
    .transpose()
}

/// A delivery to queue.
pub struct NewDelivery<'a> {
    pub channel: &'a str,
    pub kind: &'a str,
    pub args: &'a str,
    pub link: &'a str,
    pub message_id: Option<i64>,
    pub account_id: Option<i64>,
    pub robot_id: Option<i64>,
    pub org_id: Option<i64>,
    pub target: &'a str,
}

pub async fn queue(conn: &mut Conn, d: &NewDelivery<'_>, now: Timestamp) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO deliveries (channel, kind, args, link, message_id, account_id, robot_id, \
         org_id, target, status, next_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $10) RETURNING id",
    )
    .bind(d.channel)
    .bind(d.kind)
    .bind(d.args)
    .bind(d.link)
    .bind(d.message_id)
    .bind(d.account_id)
    .bind(d.robot_id)
    .bind(d.org_id)
    .bind(d.target)
    .bind(now.millis())
    .fetch_one(conn)
    .await?)
}

/// A delivery as the sender and the list of failures see it.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub id: i64,
    pub channel: String,
    pub kind: String,
    pub args: String,
    pub link: String,
    pub account_id: Option<i64>,
    pub robot_id: Option<i64>,
    pub org_id: Option<i64>,
    pub target: String,
    pub status: String,
    pub attempts: i64,
    pub last_result: String,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
}

const DELIVERY: &str = "id, channel, kind, args, link, account_id, robot_id, org_id, target, \
     status, attempts, last_result, created_at, sent_at";

fn delivery(r: &AnyRow) -> Result<Delivery> {
    Ok(Delivery {
        id: r.try_get("id")?,
        channel: r.try_get("channel")?,
        kind: r.try_get("kind")?,
        args: r.try_get("args")?,
        link: r.try_get("link")?,
        account_id: r.try_get("account_id")?,
        robot_id: r.try_get("robot_id")?,
        org_id: r.try_get("org_id")?,
        target: r.try_get("target")?,
        status: r.try_get("status")?,
        attempts: r.try_get("attempts")?,
        last_result: r.try_get("last_result")?,
        created_at: Timestamp(r.try_get("created_at")?),
        sent_at: r.try_get::<Option<i64>, _>("sent_at")?.map(Timestamp),
    })
}

/// Claims up to `limit` deliveries that are due: each is marked `sending` and put off by
/// `lease` in one statement, so another server (or a pass that overran) does not take it too;
/// a claim whose sender died is taken again once its lease runs out.
pub async fn claim_due(
    conn: &mut Conn,
    now: Timestamp,
    lease_ms: i64,
    limit: i64,
) -> Result<Vec<Delivery>> {
    let skip_locked = match crate::Backend::of(conn) {
        crate::Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        crate::Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE deliveries SET status = 'sending', next_at = $1 WHERE id IN (\
         SELECT id FROM deliveries WHERE status IN ('pending', 'sending') AND next_at <= $2 \
         ORDER BY next_at, id LIMIT $3{skip_locked}) RETURNING {DELIVERY}"
    );
    sqlx::query(&sql)
        .bind(now.millis() + lease_ms)
        .bind(now.millis())
        .bind(limit)
        .fetch_all(conn)
        .await?
        .iter()
        .map(delivery)
        .collect()
}

/// Records a delivery's outcome: sent, tried again at `retry_at`, or given up (`failed`).
pub async fn record(conn: &mut Conn, id: i64, outcome: Outcome<'_>, now: Timestamp) -> Result<()> {
    let (status, next_at, sent_at, result, outcome) = match outcome {
        Outcome::Sent(result) => ("sent", now, Some(now.millis()), result, "sent"),
        Outcome::Retry(at, result) => ("pending", at, None, result, "retry"),
        Outcome::Failed(result) => ("failed", now, None, result, "failed"),
    };
    let attempt: i64 = sqlx::query_scalar(
        "UPDATE deliveries SET status = $1, next_at = $2, sent_at = $3, last_result = $4, \
         attempts = attempts + 1 WHERE id = $5 RETURNING attempts",
    )
    .bind(status)
    .bind(next_at.millis())
    .bind(sent_at)
    .bind(result)
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO delivery_attempts (delivery_id, attempt, at, outcome, result) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(attempt)
    .bind(now.millis())
    .bind(outcome)
    .bind(result)
    .execute(conn)
    .await?;
    Ok(())
}

/// One attempt at a delivery.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub attempt: i64,
    pub at: Timestamp,
    /// sent, retry or failed
    pub outcome: String,
    pub result: String,
}

/// Every attempt at the deliveries `ids`, in order.
pub async fn attempts_of<'e, E>(
    ex: E,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<Attempt>>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut found: std::collections::HashMap<i64, Vec<Attempt>> = Default::default();
    if ids.is_empty() {
        return Ok(found);
    }
    let mut sql = crate::sql::Sql::new(
        "SELECT delivery_id, attempt, at, outcome, result FROM delivery_attempts WHERE ",
    );
    sql.in_ints("delivery_id", ids)
        .push(" ORDER BY delivery_id, attempt");
    for r in sql.query().fetch_all(ex).await? {
        found
            .entry(r.try_get("delivery_id")?)
            .or_default()
            .push(Attempt {
                attempt: r.try_get("attempt")?,
                at: Timestamp(r.try_get("at")?),
                outcome: r.try_get("outcome")?,
                result: r.try_get("result")?,
            });
    }
    Ok(found)
}

/// How a delivery attempt ended.
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'a> {
    Sent(&'a str),
    Retry(Timestamp, &'a str),
    Failed(&'a str),
}

/// The deliveries of the orgs under `roots` that have not gone out (failed, or waiting to be
/// tried again), newest first.
pub async fn troubled<'e, E>(ex: E, roots: &[String], limit: i64) -> Result<Vec<Delivery>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = crate::sql::Sql::new(&format!(
        "SELECT {} FROM deliveries d JOIN orgs o ON o.id = d.org_id \
         WHERE (d.status = 'failed' OR (d.status = 'pending' AND d.attempts > 0)) AND ",
        DELIVERY
            .split(", ")
            .map(|c| format!("d.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    sql.subtree("o.path", roots)
        .push(" ORDER BY d.id DESC LIMIT ")
        .bind_int(limit);
    sql.query()
        .fetch_all(ex)
        .await?
        .iter()
        .map(delivery)
        .collect()
}

/// Every delivery of the message or reminder chain, for tests and the account's own view.
pub async fn of_account<'e, E>(ex: E, account_id: i64, limit: i64) -> Result<Vec<Delivery>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT {DELIVERY} FROM deliveries WHERE account_id = $1 ORDER BY id DESC LIMIT $2"
    );
    sqlx::query(&sql)
        .bind(account_id)
        .bind(limit)
        .fetch_all(ex)
        .await?
        .iter()
        .map(delivery)
        .collect()
}

/// Which of `org_ids` have an active robot.
pub async fn orgs_with_robots(
    conn: &mut Conn,
    org_ids: &[i64],
) -> Result<std::collections::HashSet<i64>> {
    let mut found = std::collections::HashSet::new();
    for chunk in org_ids.chunks(5_000) {
        let mut sql =
            crate::sql::Sql::new("SELECT DISTINCT org_id FROM robots WHERE status = 'active' AND ");
        sql.in_ints("org_id", chunk);
        for r in sql.query().fetch_all(&mut *conn).await? {
            found.insert(r.try_get("org_id")?);
        }
    }
    Ok(found)
}
