//! 消息: each account's inbox. A message stores its kind and values, not its words, so it reads
//! in whatever language its reader uses.

use crate::db::Conn;
use crate::error::Result;
use domain::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A message to write.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub account_id: i64,
    pub kind: &'a str,
    /// A JSON object of strings.
    pub args: &'a str,
    pub link: &'a str,
    pub reminder_id: Option<i64>,
}

pub async fn insert(conn: &mut Conn, m: &NewMessage<'_>, now: Timestamp) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO messages (account_id, kind, args, link, reminder_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(m.account_id)
    .bind(m.kind)
    .bind(m.args)
    .bind(m.link)
    .bind(m.reminder_id)
    .bind(now.millis())
    .fetch_one(conn)
    .await?)
}

/// A message in an inbox.
#[derive(Debug, Clone)]
pub struct Message {
    pub id: i64,
    pub kind: String,
    pub args: String,
    pub link: String,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
}

const COLUMNS: &str = "id, kind, args, link, created_at, read_at";

fn message(r: &AnyRow) -> Result<Message> {
    Ok(Message {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        args: r.try_get("args")?,
        link: r.try_get("link")?,
        created_at: Timestamp(r.try_get("created_at")?),
        read_at: r.try_get::<Option<i64>, _>("read_at")?.map(Timestamp),
    })
}

/// How many of the account's messages are unread: the badge on every page.
pub async fn unread<'e, E>(ex: E, account_id: i64) -> Result<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM messages WHERE account_id = $1 AND read_at IS NULL",
    )
    .bind(account_id)
    .fetch_one(ex)
    .await?)
}

/// A page of the account's messages, newest first; with `unread_only`, only those not read.
pub async fn page<'e, E>(
    ex: E,
    account_id: i64,
    unread_only: bool,
    limit: i64,
    offset: i64,
) -> Result<Vec<Message>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let filter = if unread_only {
        " AND read_at IS NULL"
    } else {
        ""
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM messages WHERE account_id = $1{filter} \
         ORDER BY id DESC LIMIT $2 OFFSET $3"
    );
    sqlx::query(&sql)
        .bind(account_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(ex)
        .await?
        .iter()
        .map(message)
        .collect()
}

/// The account's message `id`; another account's is not found.
pub async fn get<'e, E>(ex: E, account_id: i64, id: i64) -> Result<Option<Message>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM messages WHERE id = $1 AND account_id = $2");
    sqlx::query(&sql)
        .bind(id)
        .bind(account_id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(message)
        .transpose()
}

/// Marks the account's message read; false when it was read already (or is not theirs).
pub async fn mark_read(conn: &mut Conn, account_id: i64, id: i64, now: Timestamp) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE messages SET read_at = $1 WHERE id = $2 AND account_id = $3 AND read_at IS NULL",
    )
    .bind(now.millis())
    .bind(id)
    .bind(account_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks every unread message of the account read; answers how many.
pub async fn mark_all_read(conn: &mut Conn, account_id: i64, now: Timestamp) -> Result<u64> {
    let done =
        sqlx::query("UPDATE messages SET read_at = $1 WHERE account_id = $2 AND read_at IS NULL")
            .bind(now.millis())
            .bind(account_id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected())
}
