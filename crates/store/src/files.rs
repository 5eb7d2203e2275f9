//! 附件: stored files, known by their content hash, and the attachments of notices.
//!
//! The bytes live on disk under the data directory (the web tier writes them); a `files` row
//! records one content once, however many notices attach it. Removing an attachment is a
//! state (`removed_at`): the row and the file stay, as everything a user handed in does.

use crate::db::Conn;
use crate::error::Result;
use domain::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

/// Records a stored content; a content already known is left as it is.
pub async fn record(
    conn: &mut Conn,
    hash: &str,
    size: i64,
    content_type: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO files (hash, size, content_type, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (hash) DO NOTHING",
    )
    .bind(hash)
    .bind(size)
    .bind(content_type)
    .bind(now.millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// The content type a stored content was recorded with.
pub async fn content_type<'e, E>(ex: E, hash: &str) -> Result<Option<String>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query("SELECT content_type FROM files WHERE hash = $1")
        .bind(hash)
        .fetch_optional(ex)
        .await?;
    Ok(row.map(|r| r.try_get("content_type")).transpose()?)
}

/// An attachment of a notice with its file's size and type.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub id: i64,
    pub notice_id: i64,
    /// The name it was uploaded under.
    pub name: String,
    pub file_hash: String,
    pub size: i64,
    pub content_type: String,
    pub added_by: Option<i64>,
    pub added_at: Timestamp,
    pub removed_at: Option<Timestamp>,
}

const SELECT: &str = "SELECT a.id, a.notice_id, a.name, a.file_hash, f.size, f.content_type, a.added_by, \
     a.added_at, a.removed_at FROM notice_attachments a JOIN files f ON f.hash = a.file_hash";

fn from_row(r: &AnyRow) -> Result<Attachment> {
    Ok(Attachment {
        id: r.try_get("id")?,
        notice_id: r.try_get("notice_id")?,
        name: r.try_get("name")?,
        file_hash: r.try_get("file_hash")?,
        size: r.try_get("size")?,
        content_type: r.try_get("content_type")?,
        added_by: r.try_get("added_by")?,
        added_at: Timestamp(r.try_get("added_at")?),
        removed_at: r.try_get::<Option<i64>, _>("removed_at")?.map(Timestamp),
    })
}

/// Attaches a recorded file to a notice under `name`; answers the attachment's id.
pub async fn attach(
    conn: &mut Conn,
    notice_id: i64,
    name: &str,
    hash: &str,
    by: i64,
    now: Timestamp,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO notice_attachments (notice_id, name, file_hash, added_by, added_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(notice_id)
    .bind(name)
    .bind(hash)
    .bind(by)
    .bind(now.millis())
    .fetch_one(conn)
    .await?)
}

/// The attachments of a notice that were not removed, in the order they were added.
pub async fn attachments<'e, E>(ex: E, notice_id: i64) -> Result<Vec<Attachment>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("{SELECT} WHERE a.notice_id = $1 AND a.removed_at IS NULL ORDER BY a.id");
    sqlx::query(&sql)
        .bind(notice_id)
        .fetch_all(ex)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// One attachment of a notice, removed or not.
pub async fn attachment<'e, E>(ex: E, notice_id: i64, id: i64) -> Result<Option<Attachment>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("{SELECT} WHERE a.notice_id = $1 AND a.id = $2");
    sqlx::query(&sql)
        .bind(notice_id)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Marks an attachment removed; answers false when it was already.
pub async fn detach(conn: &mut Conn, notice_id: i64, id: i64, now: Timestamp) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE notice_attachments SET removed_at = $1 WHERE notice_id = $2 AND id = $3 AND removed_at IS NULL",
    )
    .bind(now.millis())
    .bind(notice_id)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}
