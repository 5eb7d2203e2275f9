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
