//! Removing events past their retention period, keeping what is left verifiable.
//!
//! Only a prefix of the chain is ever removed: the events from the start up to the last one
//! recorded before the cutoff. The seq and hash of the last removed event become the anchor the
//! remaining chain is verified from, and the prune itself is recorded in the chain, so the
//! anchor is witnessed by an event that cannot change without breaking the chain. A chain that
//! does not verify is never pruned: that would destroy the evidence.

use super::{AuditEntry, Outcome, VerifyReport, record, verify};
use crate::db::Db;
use crate::error::{Result, StoreError};
use domain::{AuditRetention, Timestamp};

/// What a prune did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PruneReport {
    /// Events removed (0 when none was past retention).
    pub removed: i64,
    /// The chain now starts after this seq.
    pub anchor_seq: i64,
}

/// Removes the events recorded more than `retention` before `now`.
pub async fn prune(db: &Db, retention: AuditRetention, now: Timestamp) -> Result<PruneReport> {
    if let VerifyReport::Broken(b) = verify(db).await? {
        return Err(StoreError::Invalid(format!(
            "the audit chain is broken at seq {} ({}); nothing was pruned",
            b.seq, b.problem
        )));
    }
    let cutoff = retention.cutoff(now);
    let mut tx = db.begin().await?;
    // Taking the head first holds off writers of the chain until this commits.
    sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
        .execute(&mut *tx)
        .await?;
    let anchor_seq: i64 = sqlx::query_scalar("SELECT seq FROM audit_anchor WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?;
    // The prefix ends before the first event inside retention; clocks of several servers may
    // disagree a little, so an old event after a young one stays with it.
    let first_young: Option<i64> =
        sqlx::query_scalar("SELECT MIN(seq) FROM audit_events WHERE at >= $1")
            .bind(cutoff.millis())
            .fetch_one(&mut *tx)
            .await?;
    let upto = match first_young {
        Some(seq) => seq - 1,
        None => sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(seq) FROM audit_events")
            .fetch_one(&mut *tx)
            .await?
            .unwrap_or(anchor_seq),
    };
    if upto <= anchor_seq {
        return Ok(PruneReport {
            removed: 0,
            anchor_seq,
        });
    }
    let hash: String = sqlx::query_scalar("SELECT hash FROM audit_events WHERE seq = $1")
        .bind(upto)
        .fetch_one(&mut *tx)
        .await?;
    let removed = sqlx::query("DELETE FROM audit_events WHERE seq > $1 AND seq <= $2")
        .bind(anchor_seq)
        .bind(upto)
        .execute(&mut *tx)
        .await?
        .rows_affected() as i64;
    sqlx::query("UPDATE audit_anchor SET seq = $1, hash = $2, pruned_at = $3 WHERE id = 1")
        .bind(upto)
        .bind(&hash)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
    record(
        &mut tx,
        AuditEntry {
            at: now,
            account_id: None,
            username: "system",
            ip: "",
            action: "audit.prune",
            object_type: "audit_log",
            object_id: upto.to_string(),
            org_id: None,
            outcome: Outcome::Success,
            detail: format!(
                "removed {removed} events up to seq {upto} recorded before {} (retention {} \
                 days); the chain now starts after seq {upto}, hash {hash}",
                cutoff.millis(),
                retention.days()
            ),
        },
    )
    .await?;
    crate::commit(tx).await?;
    Ok(PruneReport {
        removed,
        anchor_seq: upto,
    })
}
