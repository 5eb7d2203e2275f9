//! 账号: logins, their password hashes and their lockout state.

use crate::db::Conn;
use crate::error::{Result, on_constraint};
use domain::{Locale, Timestamp};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub member_id: Option<i64>,
    pub locale: Option<Locale>,
    pub must_change_password: bool,
    pub disabled: bool,
    pub failed_logins: i64,
    pub locked_until: Option<Timestamp>,
}

const COLUMNS: &str = "id, username, display_name, password_hash, member_id, locale, \
     must_change_password, disabled, failed_logins, locked_until";

fn from_row(r: &AnyRow) -> Result<Account> {
    let locale: Option<String> = r.try_get("locale")?;
    Ok(Account {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        password_hash: r.try_get("password_hash")?,
        member_id: r.try_get("member_id")?,
        locale: locale.as_deref().and_then(Locale::parse),
        must_change_password: r.try_get::<i64, _>("must_change_password")? != 0,
        disabled: r.try_get::<i64, _>("disabled")? != 0,
        failed_logins: r.try_get("failed_logins")?,
        locked_until: r.try_get::<Option<i64>, _>("locked_until")?.map(Timestamp),
    })
}

pub async fn by_username<'e, E>(ex: E, username: &str) -> Result<Option<Account>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE username = $1");
    sqlx::query(&sql)
        .bind(username)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn by_id<'e, E>(ex: E, id: i64) -> Result<Option<Account>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// What a new account starts with.
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub member_id: Option<i64>,
    pub must_change_password: bool,
}

pub async fn create(conn: &mut Conn, a: NewAccount<'_>, now: Timestamp) -> Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO accounts (username, display_name, password_hash, member_id, \
         must_change_password, password_changed_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(a.username)
    .bind(a.display_name)
    .bind(a.password_hash)
    .bind(a.member_id)
    .bind(a.must_change_password as i64)
    .bind(now.millis())
    .fetch_one(conn)
    .await
    .map_err(on_constraint)
}

/// Stores the failure count and lock after a failed login.
pub async fn set_failures(
    conn: &mut Conn,
    id: i64,
    failures: i64,
    locked_until: Option<Timestamp>,
) -> Result<()> {
    sqlx::query("UPDATE accounts SET failed_logins = $1, locked_until = $2 WHERE id = $3")
        .bind(failures)
        .bind(locked_until.map(Timestamp::millis))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A successful login clears the failure count.
pub async fn clear_failures(conn: &mut Conn, id: i64) -> Result<()> {
    sqlx::query("UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_password(conn: &mut Conn, id: i64, hash: &str, now: Timestamp) -> Result<()> {
    sqlx::query(
        "UPDATE accounts SET password_hash = $1, must_change_password = 0, \
         password_changed_at = $2 WHERE id = $3",
    )
    .bind(hash)
    .bind(now.millis())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_locale(conn: &mut Conn, id: i64, locale: Locale) -> Result<()> {
    sqlx::query("UPDATE accounts SET locale = $1 WHERE id = $2")
        .bind(locale.as_str())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn count<'e, E>(ex: E) -> Result<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(ex)
        .await?)
}
