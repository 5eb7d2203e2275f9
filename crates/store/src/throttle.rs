//! 登录限速: login attempts counted per source address, across accounts: charged before the
//! password is checked, refunded when it was right.

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

/// Charges an attempt to `ip` before its password is checked, unless the address already has
/// `max` failures in its window (of `window_ms`); answers the failures counted with this one and
/// the window's start, or `None` when the address must wait. One statement counts and checks, so parallel attempts
/// cannot all slip under the limit. A window that is over starts afresh.
pub async fn charge(
    conn: &mut Conn,
    ip: &str,
    now: Timestamp,
    window_ms: i64,
    max: i64,
) -> Result<Option<(i64, Timestamp)>> {
    let row = sqlx::query(
        "INSERT INTO login_throttle (ip, window_start, failures) VALUES ($1, $2, 1) \
         ON CONFLICT (ip) DO UPDATE SET \
           failures = CASE WHEN login_throttle.window_start + $3 <= $2 THEN 1 \
                           ELSE login_throttle.failures + 1 END, \
           window_start = CASE WHEN login_throttle.window_start + $3 <= $2 THEN $2 \
                               ELSE login_throttle.window_start END \
         WHERE login_throttle.window_start + $3 <= $2 OR login_throttle.failures < $4 \
         RETURNING failures, window_start",
    )
    .bind(ip)
    .bind(now.millis())
    .bind(window_ms)
    .bind(max)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok((
            r.try_get("failures")?,
            Timestamp(r.try_get("window_start")?),
        ))
    })
    .transpose()
}

/// Gives back an attempt charged to `ip` whose password was right.
pub async fn refund(conn: &mut Conn, ip: &str) -> Result<()> {
    sqlx::query("UPDATE login_throttle SET failures = failures - 1 WHERE ip = $1 AND failures > 0")
        .bind(ip)
        .execute(conn)
        .await?;
    Ok(())
}
