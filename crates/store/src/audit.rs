//! 审计日志: the tamper-evident audit log.
//!
//! Every event carries the SM3 hash of its content chained with the previous event's hash, so
//! editing or removing any row breaks the chain from there on ([`verify`] finds where). Events
//! are written inside the transaction of the change they record: the change and its record
//! commit or vanish together. The database itself refuses to change an event or to delete one
//! younger than 180 days (triggers of migration 0002); [`prune`] removes only events past the
//! retention period and anchors the rest. [`search`] finds events for the audit page.
//! [`checkpoint`] writes the head outside the database, signed, so truncating the log or
//! rewriting it with the chain recomputed is caught too.

pub mod checkpoint;
mod prune;
mod search;
mod verify;

pub use prune::{PruneReport, prune};
pub use search::{ActionMatch, AuditFilter, Page, count, search};
pub use verify::{Break, Problem, VerifyReport, verify};

use crate::db::Conn;
use crate::error::Result;
use domain::Timestamp;
use sm3::{Digest, Sm3};
use sqlx::Row;
use sqlx::any::AnyRow;

/// The hash before the first event, and the anchor of a chain nothing was ever pruned from.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

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

    pub fn parse(s: &str) -> Option<Outcome> {
        [Outcome::Success, Outcome::Failure, Outcome::Denied]
            .into_iter()
            .find(|o| o.as_str() == s)
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

/// What an event's hash covers, borrowed from a new entry or from a stored row alike, so
/// recording and verifying hash exactly the same bytes.
pub(crate) struct Content<'a> {
    pub at: i64,
    pub account_id: Option<i64>,
    pub username: &'a str,
    pub ip: &'a str,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: &'a str,
    pub org_id: Option<i64>,
    pub result: &'a str,
    pub detail: &'a str,
}

impl<'a> Content<'a> {
    fn of_entry(e: &'a AuditEntry<'a>) -> Content<'a> {
        Content {
            at: e.at.millis(),
            account_id: e.account_id,
            username: e.username,
            ip: e.ip,
            action: e.action,
            object_type: e.object_type,
            object_id: &e.object_id,
            org_id: e.org_id,
            result: e.outcome.as_str(),
            detail: &e.detail,
        }
    }
}

/// SM3 over the event's fields, each length-prefixed so no two events share an encoding.
pub(crate) fn chain_hash(prev_hash: &str, seq: i64, c: &Content<'_>) -> String {
    let mut h = Sm3::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    field(prev_hash.as_bytes());
    field(&seq.to_be_bytes());
    field(&c.at.to_be_bytes());
    field(&c.account_id.unwrap_or(-1).to_be_bytes());
    field(c.username.as_bytes());
    field(c.ip.as_bytes());
    field(c.action.as_bytes());
    field(c.object_type.as_bytes());
    field(c.object_id.as_bytes());
    field(&c.org_id.unwrap_or(-1).to_be_bytes());
    field(c.result.as_bytes());
    field(c.detail.as_bytes());
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

/// The last step of every write: records the write's audit event in its transaction and
/// commits both, so a write never lands without its event nor an event without its write.
pub async fn commit_with(mut tx: crate::db::Tx, entry: AuditEntry<'_>) -> Result<()> {
    record(&mut tx, entry).await?;
    crate::db::commit(tx).await
}

/// Appends an event to the chain inside the caller's transaction. Call it last in the
/// transaction: the chain head stays locked until commit.
///
/// Two statements: the head read and locked, then the event, whose insert moves the head by
/// trigger (migration 0006). On SQLite only a write takes the database's write lock, so the
/// head is "updated" to itself: a plain read could be stale by the time this transaction
/// writes, if another process wrote in between. The unique `seq` refuses a second event at
/// one place in the chain whatever happens.
pub async fn record(conn: &mut Conn, entry: AuditEntry<'_>) -> Result<i64> {
    let read_head = if crate::Backend::of(conn) == crate::Backend::Postgres {
        "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"
    } else {
        "UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash"
    };
    let head = sqlx::query(read_head).fetch_one(&mut *conn).await?;
    let seq: i64 = head.try_get::<i64, _>("seq")? + 1;
    let prev_hash: String = head.try_get("hash")?;
    let hash = chain_hash(&prev_hash, seq, &Content::of_entry(&entry));
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
    /// The account's display name now, when the event has an account that still exists: the
    /// audit page names people, the recorded username stays the evidence.
    pub account_name: Option<String>,
    pub username: String,
    pub ip: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub org_id: Option<i64>,
    /// The name of the org the event belongs to, when it has one that still exists.
    pub org_name: Option<String>,
    pub result: String,
    pub detail: String,
}

/// The columns [`event_from_row`] reads, for a query over `audit_events e LEFT JOIN orgs o
/// LEFT JOIN accounts a`.
pub(crate) const EVENT_COLUMNS: &str = "e.seq, e.at, e.account_id, \
     a.display_name AS account_name, e.username, e.ip, e.action, e.object_type, e.object_id, \
     e.org_id, o.name AS org_name, e.result, e.detail";

pub(crate) fn event_from_row(r: &AnyRow) -> Result<AuditEvent> {
    Ok(AuditEvent {
        seq: r.try_get("seq")?,
        at: Timestamp(r.try_get("at")?),
        account_id: r.try_get("account_id")?,
        account_name: r.try_get("account_name")?,
        username: r.try_get("username")?,
        ip: r.try_get("ip")?,
        action: r.try_get("action")?,
        object_type: r.try_get("object_type")?,
        object_id: r.try_get("object_id")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        result: r.try_get("result")?,
        detail: r.try_get("detail")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(detail: &str) -> Content<'_> {
        Content {
            at: 1,
            account_id: Some(1),
            username: "admin",
            ip: "127.0.0.1",
            action: "login",
            object_type: "account",
            object_id: "1",
            org_id: None,
            result: "success",
            detail,
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

    #[test]
    fn outcomes_round_trip_through_their_names() {
        for o in [Outcome::Success, Outcome::Failure, Outcome::Denied] {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
        }
        assert_eq!(Outcome::parse("ok"), None);
    }
}
