//! What a branch's report took from its records, per field: a field whose draft still equals
//! the value filled in is refreshed from the records; one the branch changed is its own.

use crate::db::Conn;
use crate::error::{Result, StoreError};
use domain::Timestamp;
use sqlx::Row;
use std::collections::BTreeMap;

/// The values last filled in from records for the report of `org_id` on `task_id`, by field.
pub async fn of_report<'e, E>(
    ex: E,
    task_id: i64,
    org_id: i64,
) -> Result<BTreeMap<String, serde_json::Value>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT field_key, value FROM report_record_fills WHERE task_id = $1 AND org_id = $2",
    )
    .bind(task_id)
    .bind(org_id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| {
            let v: String = r.try_get("value")?;
            Ok((
                r.try_get("field_key")?,
                serde_json::from_str(&v).map_err(|e| StoreError::Invalid(e.to_string()))?,
            ))
        })
        .collect()
}

/// Records the value filled in for one field.
pub async fn put(
    conn: &mut Conn,
    task_id: i64,
    org_id: i64,
    field_key: &str,
    value: &serde_json::Value,
    now: Timestamp,
) -> Result<()> {
    let v = serde_json::to_string(value).map_err(|e| StoreError::Invalid(e.to_string()))?;
    sqlx::query(
        "INSERT INTO report_record_fills (task_id, org_id, field_key, value, filled_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (task_id, org_id, field_key) \
         DO UPDATE SET value = excluded.value, filled_at = excluded.filled_at",
    )
    .bind(task_id)
    .bind(org_id)
    .bind(field_key)
    .bind(v)
    .bind(now.millis())
    .execute(conn)
    .await?;
    Ok(())
}
