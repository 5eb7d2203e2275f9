//! 登录失败计数: failed logins per typed username (known or not), per (username, address) and
//! account-wide (address `''`), and the addresses each account has logged in from.
//!
//! A login is *charged* before its password is checked: one statement counts it and checks the
//! limit, so parallel attempts cannot all read the same count and all be let through. A right
//! password refunds the charge.

use crate::db::Conn;
use crate::error::Result;
use domain::Timestamp;
use domain::login_policy::Limit;
use sqlx::Row;

/// The address of the account-wide counter.
pub const ACCOUNT_WIDE: &str = "";

/// What charging one attempt came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charge {
    /// Counted: the failures in the window with this one, and the lock this one set by
    /// reaching the limit.
    Counted {
        failures: i64,
        locked_until: Option<Timestamp>,
    },
    /// Already locked until then; nothing was counted and the password must not be checked.
    Locked(Timestamp),
}

fn ms(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// Counts one attempt for `username` from `ip` (or [`ACCOUNT_WIDE`]) unless it is locked; the
/// attempt that reaches `limit.max_failures` sets the lock. A window or lock that has run out
/// starts the count afresh.
pub async fn charge(
    conn: &mut Conn,
    username: &str,
    ip: &str,
    limit: Limit,
    now: Timestamp,
) -> Result<Charge> {
    let fresh =
        "(login_failures.locked_until IS NOT NULL OR login_failures.window_start + $6 <= $3)";
    let next = format!("(CASE WHEN {fresh} THEN 1 ELSE login_failures.failures + 1 END)");
    let sql = format!(
        "INSERT INTO login_failures (username, ip, window_start, failures, locked_until) \
         VALUES ($1, $2, $3, 1, CASE WHEN $4 <= 1 THEN $3 + $5 END) \
         ON CONFLICT (username, ip) DO UPDATE SET \
           failures = {next}, \
           window_start = CASE WHEN {fresh} THEN $3 ELSE login_failures.window_start END, \
           locked_until = CASE WHEN {next} >= $4 THEN $3 + $5 ELSE NULL END \
         WHERE login_failures.locked_until IS NULL OR login_failures.locked_until <= $3 \
         RETURNING failures, locked_until"
    );
    let row = sqlx::query(&sql)
        .bind(username)
        .bind(ip)
        .bind(now.millis())
        .bind(limit.max_failures)
        .bind(ms(limit.lock_for))
        .bind(ms(limit.window))
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(r) = row {
        return Ok(Charge::Counted {
            failures: r.try_get("failures")?,
            locked_until: r.try_get::<Option<i64>, _>("locked_until")?.map(Timestamp),
        });
    }
    let until: Option<i64> = sqlx::query_scalar(
        "SELECT locked_until FROM login_failures WHERE username = $1 AND ip = $2",
    )
    .bind(username)
    .bind(ip)
    .fetch_optional(&mut *conn)
    .await?
    .flatten();
    Ok(Charge::Locked(Timestamp(
        until.unwrap_or_else(|| now.plus(limit.lock_for).millis()),
    )))
}

/// Gives back one charged attempt whose password was right; `lift` also ends the lock that
/// attempt set.
pub async fn refund(conn: &mut Conn, username: &str, ip: &str, lift: bool) -> Result<()> {
    sqlx::query(
        "UPDATE login_failures SET failures = failures - 1, \
           locked_until = CASE WHEN $1 = 1 THEN NULL ELSE locked_until END \
         WHERE username = $2 AND ip = $3 AND failures > 0",
    )
    .bind(lift as i64)
    .bind(username)
    .bind(ip)
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets the count of `username` from `ip` (a login there succeeded).
pub async fn clear(conn: &mut Conn, username: &str, ip: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE username = $1 AND ip = $2")
        .bind(username)
        .bind(ip)
        .execute(conn)
        .await?;
    Ok(())
}

/// Forgets every count and lock of `username` (an administrator gave it a new password).
pub async fn clear_username(conn: &mut Conn, username: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE username = $1")
        .bind(username)
        .execute(conn)
        .await?;
    Ok(())
}

/// Forgets counters whose window began `older_than` before `now` and that hold no lock, so
/// guessed names do not pile up.
pub async fn forget_stale(
    conn: &mut Conn,
    older_than: std::time::Duration,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "DELETE FROM login_failures WHERE window_start <= $1 \
         AND (locked_until IS NULL OR locked_until <= $2)",
    )
    .bind(now.minus(older_than).millis())
    .bind(now.millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether `account_id` logged in from `ip` at or after `since`.
pub async fn known_address<'e, E>(
    ex: E,
    account_id: i64,
    ip: &str,
    since: Timestamp,
) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM login_addresses WHERE account_id = $1 AND ip = $2 AND last_success >= $3",
    )
    .bind(account_id)
    .bind(ip)
    .bind(since.millis())
    .fetch_optional(ex)
    .await?;
    Ok(found.is_some())
}

/// Remembers that `account_id` logged in from `ip` at `now`.
pub async fn remember_address(
    conn: &mut Conn,
    account_id: i64,
    ip: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO login_addresses (account_id, ip, last_success) VALUES ($1, $2, $3) \
         ON CONFLICT (account_id, ip) DO UPDATE SET last_success = $3",
    )
    .bind(account_id)
    .bind(ip)
    .bind(now.millis())
    .execute(conn)
    .await?;
    Ok(())
}
