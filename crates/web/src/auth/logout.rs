//! Ending the session a request came with (logout), for the page and the API alike.

use crate::auth::AnyUser;
use crate::error::Result;
use crate::state::AppState;
use store::audit::{AuditEntry, Outcome};
use store::sessions::{self, EndReason};

/// Ends the request's own session with its audit event.
pub async fn end_current(state: &AppState, user: &AnyUser) -> Result<()> {
    let now = state.now();
    let mut tx = state.db.begin().await?;
    sessions::end(
        &mut tx,
        user.account.id,
        user.session.id,
        EndReason::Logout,
        now,
    )
    .await?;
    store::audit::commit_with(
        tx,
        AuditEntry {
            at: now,
            account_id: Some(user.account.id),
            username: &user.account.username,
            ip: &user.client.ip,
            action: "logout",
            object_type: "session",
            object_id: user.session.id.to_string(),
            org_id: None,
            outcome: Outcome::Success,
            detail: String::new(),
        },
    )
    .await?;
    Ok(())
}
