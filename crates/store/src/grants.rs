//! 授权: roles granted to accounts over org subtrees.

use crate::db::Conn;
use crate::error::Result;
use domain::{Role, Timestamp};
use sqlx::Row;

/// A live grant, with the name of the org at its root.
#[derive(Debug, Clone)]
pub struct Grant {
    pub id: i64,
    pub role: Role,
    pub org_id: i64,
    pub org_name: String,
    pub org_path: String,
}

pub async fn create(
    conn: &mut Conn,
    account_id: i64,
    role: Role,
    org_id: i64,
    granted_by: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO grants (account_id, role, org_id, granted_by, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(account_id)
    .bind(role.as_str())
    .bind(org_id)
    .bind(granted_by)
    .bind(now.millis())
    .fetch_one(conn)
    .await?)
}

/// An account's live grants.
pub async fn for_account<'e, E>(ex: E, account_id: i64) -> Result<Vec<Grant>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT g.id, g.role, g.org_id, o.name AS org_name, o.path AS org_path \
         FROM grants g JOIN orgs o ON o.id = g.org_id \
         WHERE g.account_id = $1 AND g.revoked_at IS NULL ORDER BY g.id",
    )
    .bind(account_id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .filter_map(|r| {
            let role: String = match r.try_get("role") {
                Ok(role) => role,
                Err(e) => return Some(Err(e.into())),
            };
            // A role this build does not know grants nothing.
            let role = Role::parse(&role)?;
            Some((|| {
                Ok(Grant {
                    id: r.try_get("id")?,
                    role,
                    org_id: r.try_get("org_id")?,
                    org_name: r.try_get("org_name")?,
                    org_path: r.try_get("org_path")?,
                })
            })())
        })
        .collect()
}

// Grant administration (授权管理): every grant an account was given, revoked ones included
// (revoking is a state: the row stays, with the time it ended).

use sqlx::any::AnyRow;

/// A grant as the administration shows it.
#[derive(Debug, Clone)]
pub struct GrantRecord {
    pub id: i64,
    pub account_id: i64,
    /// The stored role name; `Role::parse` it (a role this build does not know grants nothing).
    pub role: String,
    pub org_id: i64,
    pub org_name: String,
    pub org_path: String,
    /// The username of the account that granted it; `None` for grants made by the system.
    pub granted_by: Option<String>,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

const RECORD_SELECT: &str = "SELECT g.id, g.account_id, g.role, g.org_id, o.name AS org_name, \
     o.path AS org_path, b.username AS granted_by, g.created_at, g.revoked_at \
     FROM grants g JOIN orgs o ON o.id = g.org_id LEFT JOIN accounts b ON b.id = g.granted_by";

fn record_from_row(r: &AnyRow) -> Result<GrantRecord> {
    Ok(GrantRecord {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        role: r.try_get("role")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        org_path: r.try_get("org_path")?,
        granted_by: r.try_get("granted_by")?,
        created_at: Timestamp(r.try_get("created_at")?),
        revoked_at: r.try_get::<Option<i64>, _>("revoked_at")?.map(Timestamp),
    })
}

/// Every grant of an account: live ones first, each group oldest first.
pub async fn history<'e, E>(ex: E, account_id: i64) -> Result<Vec<GrantRecord>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "{RECORD_SELECT} WHERE g.account_id = $1 \
         ORDER BY CASE WHEN g.revoked_at IS NULL THEN 0 ELSE 1 END, g.id"
    );
    sqlx::query(&sql)
        .bind(account_id)
        .fetch_all(ex)
        .await?
        .iter()
        .map(record_from_row)
        .collect()
}

/// One grant, live or revoked.
pub async fn record<'e, E>(ex: E, id: i64) -> Result<Option<GrantRecord>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("{RECORD_SELECT} WHERE g.id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(record_from_row)
        .transpose()
}

/// Whether the account already holds `role` over `org_id`.
pub async fn live_exists<'e, E>(ex: E, account_id: i64, role: Role, org_id: i64) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM grants WHERE account_id = $1 AND role = $2 AND org_id = $3 \
         AND revoked_at IS NULL",
    )
    .bind(account_id)
    .bind(role.as_str())
    .bind(org_id)
    .fetch_one(ex)
    .await?;
    Ok(n > 0)
}

/// Ends a live grant; answers whether it was live.
pub async fn revoke(conn: &mut Conn, id: i64, now: Timestamp) -> Result<bool> {
    let done =
        sqlx::query("UPDATE grants SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now.millis())
            .bind(id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}
