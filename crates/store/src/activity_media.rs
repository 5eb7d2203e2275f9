//! An activity's photos and files (the bytes live on disk by content hash, see [`crate::files`]),
//! and each branch's choices about its records. Removing a photo or file is a state.

use crate::db::Conn;
use crate::error::Result;
use domain::Timestamp;
use sqlx::Row;

/// A photo, resized and stripped of EXIF, with its thumbnail.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Photo {
    pub id: i64,
    pub activity_id: i64,
    pub file_hash: String,
    pub thumb_hash: String,
    pub width: i64,
    pub height: i64,
    pub caption: String,
    pub uploaded_at: i64,
}

/// A photo to keep (its files already recorded).
pub struct NewPhoto<'a> {
    pub activity_id: i64,
    pub file_hash: &'a str,
    pub thumb_hash: &'a str,
    pub width: i64,
    pub height: i64,
    pub caption: &'a str,
}

pub async fn add_photo(conn: &mut Conn, p: NewPhoto<'_>, by: i64, now: Timestamp) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO activity_photos (activity_id, file_hash, thumb_hash, width, height, caption, \
         uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(p.activity_id)
    .bind(p.file_hash)
    .bind(p.thumb_hash)
    .bind(p.width)
    .bind(p.height)
    .bind(p.caption)
    .bind(by)
    .bind(now.0)
    .fetch_one(conn)
    .await?)
}

/// The photos of activity `id` still shown, in upload order.
pub async fn photos<'e, E>(ex: E, id: i64) -> Result<Vec<Photo>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT id, activity_id, file_hash, thumb_hash, width, height, caption, uploaded_at \
         FROM activity_photos WHERE activity_id = $1 AND removed_at IS NULL ORDER BY id",
    )
    .bind(id)
    .fetch_all(ex)
    .await?
    .iter()
    .map(|r| {
        Ok(Photo {
            id: r.try_get("id")?,
            activity_id: r.try_get("activity_id")?,
            file_hash: r.try_get("file_hash")?,
            thumb_hash: r.try_get("thumb_hash")?,
            width: r.try_get("width")?,
            height: r.try_get("height")?,
            caption: r.try_get("caption")?,
            uploaded_at: r.try_get("uploaded_at")?,
        })
    })
    .collect()
}

/// Removes photo `photo_id` of activity `id` from view. Answers whether it was shown.
pub async fn remove_photo(
    conn: &mut Conn,
    id: i64,
    photo_id: i64,
    by: i64,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE activity_photos SET removed_by = $3, removed_at = $4 \
         WHERE activity_id = $1 AND id = $2 AND removed_at IS NULL",
    )
    .bind(id)
    .bind(photo_id)
    .bind(by)
    .bind(now.0)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A file attached to an activity.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ActivityFile {
    pub id: i64,
    pub file_hash: String,
    pub name: String,
    pub size: i64,
    pub content_type: String,
    pub uploaded_at: i64,
}

pub async fn add_file(
    conn: &mut Conn,
    activity_id: i64,
    hash: &str,
    name: &str,
    by: i64,
    now: Timestamp,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO activity_files (activity_id, file_hash, name, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(activity_id)
    .bind(hash)
    .bind(name)
    .bind(by)
    .bind(now.0)
    .fetch_one(conn)
    .await?)
}

/// The files of activity `id` still shown.
pub async fn files<'e, E>(ex: E, id: i64) -> Result<Vec<ActivityFile>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT a.id, a.file_hash, a.name, f.size, f.content_type, a.uploaded_at \
         FROM activity_files a JOIN files f ON f.hash = a.file_hash \
         WHERE a.activity_id = $1 AND a.removed_at IS NULL ORDER BY a.id",
    )
    .bind(id)
    .fetch_all(ex)
    .await?
    .iter()
    .map(|r| {
        Ok(ActivityFile {
            id: r.try_get("id")?,
            file_hash: r.try_get("file_hash")?,
            name: r.try_get("name")?,
            size: r.try_get("size")?,
            content_type: r.try_get("content_type")?,
            uploaded_at: r.try_get("uploaded_at")?,
        })
    })
    .collect()
}

pub async fn remove_file(
    conn: &mut Conn,
    id: i64,
    file_id: i64,
    by: i64,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE activity_files SET removed_by = $3, removed_at = $4 \
         WHERE activity_id = $1 AND id = $2 AND removed_at IS NULL",
    )
    .bind(id)
    .bind(file_id)
    .bind(by)
    .bind(now.0)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A branch's choices about its records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OrgChoices {
    /// Members read the branch's records (minutes, attendance).
    pub share_records: bool,
    /// Members confirm their own attendance from their phones.
    pub self_attendance: bool,
}

pub async fn choices<'e, E>(ex: E, org_id: i64) -> Result<OrgChoices>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query(
        "SELECT share_records, self_attendance FROM activity_org_settings WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_optional(ex)
    .await?;
    Ok(match row {
        None => OrgChoices::default(),
        Some(r) => OrgChoices {
            share_records: r.try_get::<i64, _>("share_records")? != 0,
            self_attendance: r.try_get::<i64, _>("self_attendance")? != 0,
        },
    })
}

pub async fn set_choices(
    conn: &mut Conn,
    org_id: i64,
    c: OrgChoices,
    by: i64,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO activity_org_settings (org_id, share_records, self_attendance, changed_by, \
         changed_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id) DO UPDATE SET \
         share_records = excluded.share_records, self_attendance = excluded.self_attendance, \
         changed_by = excluded.changed_by, changed_at = excluded.changed_at",
    )
    .bind(org_id)
    .bind(i64::from(c.share_records))
    .bind(i64::from(c.self_attendance))
    .bind(by)
    .bind(now.0)
    .execute(conn)
    .await?;
    Ok(())
}
