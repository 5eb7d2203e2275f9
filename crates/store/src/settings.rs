//! Deployment-wide key/value settings (e.g. whether demo data was loaded).

use crate::db::Conn;
use crate::error::Result;

/// Whether a notice's draft needs 签发 before it goes out: `on` or `off` (the default).
pub const NOTICE_SIGNOFF: &str = "notice.signoff";

/// The kinds of activity on offer, with their expected frequency, as JSON
/// (`domain::activity_content::Kind`); absent: the defaults.
pub const ACTIVITY_KINDS: &str = "activity.kinds";

pub async fn get<'e, E>(ex: E, key: &str) -> Result<Option<String>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(
        sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(ex)
            .await?,
    )
}

pub async fn set(conn: &mut Conn, key: &str, value: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ($1, $2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(conn)
    .await?;
    Ok(())
}
