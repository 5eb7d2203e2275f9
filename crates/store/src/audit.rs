//! 审计日志: the tamper-evident audit log.
//!
//! Every event carries the SM3 hash of its content chained with the previous event's hash, so
//! editing or removing any row breaks the chain from there on. Events are written inside the
//! transaction of the change they record: the change and its record commit or vanish together.

use crate::db::Conn;
use crate::error::Result;
use domain::Timestamp;
use sm3::{Digest, Sm3};
use sqlx::Row;

/// Outcome recorded with an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
    Denied,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Denied => "denied",
        }
    }
}

/// One event to record.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub at: Timestamp,
    pub account_id: Option<i64>,
    pub username: &'a str,
    pub ip: &'a str,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: String,
    pub org_id: Option<i64>,
    pub outcome: Outcome,
    pub detail: String,
}

/// SM3 over the event's fields, each length-prefixed so no two events share an encoding.
fn chain_hash(prev_hash: &str, seq: i64, e: &AuditEntry<'_>) -> String {
    let mut h = Sm3::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    field(prev_hash.as_bytes());
    field(&seq.to_be_bytes());
    field(&e.at.millis().to_be_bytes());
    field(&e.account_id.unwrap_or(-1).to_be_bytes());
    field(e.username.as_bytes());
    field(e.ip.as_bytes());
    field(e.action.as_bytes());
    field(e.object_type.as_bytes());
    field(e.object_id.as_bytes());
    field(&e.org_id.unwrap_or(-1).to_be_bytes());
    field(e.outcome.as_str().as_bytes());
    field(e.detail.as_bytes());
    hex(&h.finalize())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Appends an event to the chain inside the caller's transaction. Call it last in the
/// transaction: the chain head stays locked until commit.
pub async fn record(conn: &mut Conn, entry: AuditEntry<'_>) -> Result<i64> {
    let head = sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut *conn)
        .await?;
    let seq: i64 = head.try_get("seq")?;
    let prev_hash: String = head.try_get("hash")?;
    let hash = chain_hash(&prev_hash, seq, &entry);
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO audit_events (seq, at, account_id, username, ip, action, object_type, \
         object_id, org_id, result, detail, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(seq)
    .bind(entry.at.millis())
    .bind(entry.account_id)
    .bind(entry.username)
    .bind(entry.ip)
    .bind(entry.action)
    .bind(entry.object_type)
    .bind(&entry.object_id)
    .bind(entry.org_id)
    .bind(entry.outcome.as_str())
    .bind(&entry.detail)
    .bind(&prev_hash)
    .bind(&hash)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// A stored event, as read back.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub seq: i64,
    pub at: Timestamp,
    pub account_id: Option<i64>,
    pub username: String,
    pub ip: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub result: String,
    pub detail: String,
}

/// The most recent events, newest first.
pub async fn recent<'e, E>(ex: E, limit: i64) -> Result<Vec<AuditEvent>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT seq, at, account_id, username, ip, action, object_type, object_id, result, detail \
         FROM audit_events ORDER BY seq DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AuditEvent {
                seq: r.try_get("seq")?,
                at: Timestamp(r.try_get("at")?),
                account_id: r.try_get("account_id")?,
                username: r.try_get("username")?,
                ip: r.try_get("ip")?,
                action: r.try_get("action")?,
                object_type: r.try_get("object_type")?,
                object_id: r.try_get("object_id")?,
                result: r.try_get("result")?,
                detail: r.try_get("detail")?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(detail: &str) -> AuditEntry<'static> {
        AuditEntry {
            at: Timestamp(1),
            account_id: Some(1),
            username: "admin",
            ip: "127.0.0.1",
            action: "login",
            object_type: "account",
            object_id: "1".into(),
            org_id: None,
            outcome: Outcome::Success,
            detail: detail.into(),
        }
    }

    #[test]
    fn any_change_of_content_or_position_changes_the_hash() {
        let a = chain_hash("00", 1, &entry("x"));
        assert_eq!(a.len(), 64);
        assert_ne!(a, chain_hash("00", 1, &entry("y")));
        assert_ne!(a, chain_hash("00", 2, &entry("x")));
        assert_ne!(a, chain_hash("01", 1, &entry("x")));
        assert_eq!(a, chain_hash("00", 1, &entry("x")));
    }
}
