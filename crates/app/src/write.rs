//! The one way a use case writes: begin, do, record, commit.
//!
//! [`App::write`] (or [`App::system_write`] for a background job) opens the transaction and
//! fixes the moment of the write; the use case does its work on [`Write::tx`];
//! [`Write::commit`] appends the audit event inside the same transaction and commits both, or
//! neither. Dropping a `Write` without committing (a rule said no halfway, an error) rolls
//! everything back, audit events included.

use crate::{Actor, App, Result};
use domain::Timestamp;
use store::audit::{AuditEntry, Outcome};

/// A write in progress.
pub struct Write<'a> {
    pub tx: store::Tx,
    /// When the write happens: every row it stamps and its audit events share this moment.
    pub now: Timestamp,
    by: By<'a>,
}

/// Who a write's audit events name.
#[derive(Clone, Copy)]
enum By<'a> {
    Actor(&'a Actor),
    /// zhibu itself: a background job (periods opening, reminders).
    System,
}

impl App {
    /// Begins a write by `actor`.
    pub async fn write<'a>(&self, actor: &'a Actor) -> Result<Write<'a>> {
        self.begin(By::Actor(actor)).await
    }

    /// Begins a write by zhibu itself (audit events name `system`).
    pub async fn system_write(&self) -> Result<Write<'static>> {
        self.begin(By::System).await
    }

    async fn begin<'a>(&self, by: By<'a>) -> Result<Write<'a>> {
        Ok(Write {
            tx: self.db.begin().await?,
            now: self.now(),
            by,
        })
    }
}

impl Write<'_> {
    /// Appends an audit event (`action` on `object`, within `org_id`) to the transaction, for
    /// a write that makes more than one; [`Write::commit`] records the last.
    pub async fn record(
        &mut self,
        action: &str,
        object: (&str, i64),
        org_id: impl Into<Option<i64>>,
        detail: impl Into<String>,
    ) -> Result<()> {
        let entry = entry(
            self.by,
            self.now,
            action,
            object,
            org_id.into(),
            detail.into(),
        );
        store::audit::record(&mut self.tx, entry).await?;
        Ok(())
    }

    /// Records the write's audit event and commits.
    pub async fn commit(
        mut self,
        action: &str,
        object: (&str, i64),
        org_id: impl Into<Option<i64>>,
        detail: impl Into<String>,
    ) -> Result<()> {
        self.record(action, object, org_id, detail).await?;
        self.finish().await
    }

    /// Commits a write whose events were all recorded along the way with [`Write::record`]
    /// (or which, on a second look, had nothing to change).
    pub async fn finish(self) -> Result<()> {
        store::commit(self.tx).await?;
        Ok(())
    }
}

fn entry<'e>(
    by: By<'e>,
    now: Timestamp,
    action: &'e str,
    object: (&'e str, i64),
    org_id: Option<i64>,
    detail: String,
) -> AuditEntry<'e> {
    match by {
        By::Actor(actor) => actor.audit(now, action, object, org_id, detail),
        By::System => AuditEntry {
            at: now,
            account_id: None,
            username: "system",
            ip: "",
            action,
            object_type: object.0,
            object_id: object.1.to_string(),
            org_id,
            outcome: Outcome::Success,
            detail,
        },
    }
}
