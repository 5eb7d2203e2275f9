//! Ending the session a request came with (logout), for the page and the API alike.

use crate::auth::AnyUser;
use crate::error::Result;
use crate::state::AppState;
use store::sessions::{self, EndReason};

/// Ends the request's own session with its audit event.
pub async fn end_current(state: &AppState, user: &AnyUser) -> Result<()> {
    let mut w = state.write(user).await?;
    let session = user.session.id;
    sessions::end(
        &mut w.tx,
        user.account.id,
        session,
        EndReason::Logout,
        w.now,
    )
    .await?;
    w.commit("logout", ("session", session), None, "").await?;
    Ok(())
}
