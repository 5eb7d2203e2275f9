//! The files handed in with reports (a files field's answers): remembered per task and org,
//! so a report can only name its own org's uploads.

use crate::db::Conn;
use crate::error::Result;
use domain::Timestamp;
use sqlx::Row;

/// Remembers an uploaded file for a report; answers its id.
pub async fn add_file(
    conn: &mut Conn,
    task_id: i64,
    org_id: i64,
    name: &str,
    hash: &str,
    by: i64,
    now: Timestamp,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO submission_files (task_id, org_id, name, file_hash, added_by, added_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(task_id)
    .bind(org_id)
    .bind(name)
    .bind(hash)
    .bind(by)
    .bind(now.millis())
    .fetch_one(conn)
    .await?)
}

/// A file of a report: (name, hash, content type, size).
pub async fn file<'e, E>(
    ex: E,
    task_id: i64,
    org_id: i64,
    id: i64,
) -> Result<Option<(String, String, String, i64)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query(
        "SELECT sf.name, sf.file_hash, f.content_type, f.size FROM submission_files sf \
         JOIN files f ON f.hash = sf.file_hash WHERE sf.id = $1 AND sf.task_id = $2 AND sf.org_id = $3",
    )
    .bind(id)
    .bind(task_id)
    .bind(org_id)
    .fetch_optional(ex)
    .await?;
    row.map(|r| {
        Ok((
            r.try_get("name")?,
            r.try_get("file_hash")?,
            r.try_get("content_type")?,
            r.try_get("size")?,
        ))
    })
    .transpose()
}

/// How many of `ids` are files of this task and org (to check a files answer).
pub async fn count_files<'e, E>(ex: E, task_id: i64, org_id: i64, ids: &[i64]) -> Result<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if ids.is_empty() {
        return Ok(0);
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT COUNT(*) FROM submission_files WHERE task_id = $1 AND org_id = $2 AND id IN ({list})"
    );
    Ok(sqlx::query_scalar(&sql)
        .bind(task_id)
        .bind(org_id)
        .fetch_one(ex)
        .await?)
}

/// A report file as lists name it.
#[derive(Debug, Clone)]
pub struct FileName {
    pub id: i64,
    pub name: String,
    pub size: i64,
}

/// The files among `ids` that are this task's and org's, with their names and sizes (to show
/// a files answer by name); ids of other orgs' files are simply not found.
pub async fn file_names<'e, E>(
    ex: E,
    task_id: i64,
    org_id: i64,
    ids: &[i64],
) -> Result<Vec<FileName>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT sf.id, sf.name, f.size FROM submission_files sf JOIN files f ON f.hash = sf.file_hash \
         WHERE sf.task_id = $1 AND sf.org_id = $2 AND sf.id IN ({list})"
    );
    sqlx::query(&sql)
        .bind(task_id)
        .bind(org_id)
        .fetch_all(ex)
        .await?
        .iter()
        .map(|r| {
            Ok(FileName {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                size: r.try_get("size")?,
            })
        })
        .collect()
}
