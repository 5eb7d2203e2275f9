//! 登录限速: failed logins counted per source address, across accounts.

use crate::db::Conn;
use crate::error::Result;
use domain::Timestamp;
use sqlx::Row;

/// The address's current window: (window start, failures in it).
pub async fn window<'e, E>(ex: E, ip: &str) -> Result<Option<(Timestamp, i64)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query("SELECT window_start, failures FROM login_throttle WHERE ip = $1")
        .bind(ip)
        .fetch_optional(ex)
        .await?;
    row.map(|r| {
        Ok((
            Timestamp(r.try_get("window_start")?),
            r.try_get("failures")?,
        ))
    })
    .transpose()
}

/// Counts a failure from `ip`, opening a new window when the old one (of `window_ms`) is over.
pub async fn record_failure(
    conn: &mut Conn,
    ip: &str,
    now: Timestamp,
    window_ms: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO login_throttle (ip, window_start, failures) VALUES ($1, $2, 1) \
         ON CONFLICT (ip) DO UPDATE SET \
           failures = CASE WHEN login_throttle.window_start + $3 <= $2 THEN 1 \
                           ELSE login_throttle.failures + 1 END, \
           window_start = CASE WHEN login_throttle.window_start + $3 <= $2 THEN $2 \
                               ELSE login_throttle.window_start END",
    )
    .bind(ip)
    .bind(now.millis())
    .bind(window_ms)
    .execute(conn)
    .await?;
    Ok(())
}
