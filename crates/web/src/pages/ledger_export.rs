//! 台账下载: the org ledger and the roster ledger as .xlsx, for the pages.

use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::ledger::exports::{self, LedgerQuery};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::Response;

pub async fn orgs(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Query(q): Query<LedgerQuery>,
) -> Result<Response> {
    exports::orgs(&state, &user, t, q).await
}

pub async fn roster(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Query(q): Query<LedgerQuery>,
) -> Result<Response> {
    exports::roster(&state, &user, t, q).await
}
