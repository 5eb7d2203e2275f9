//! The notice page's file routes: adding (a multipart form, its CSRF token in the action's
//! query string), removing and downloading attachments (附件), and the 签收情况 ledger.

use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::notices::{attachments, receipts_ledger};
use crate::state::AppState;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};

/// `POST /notices/{id}/attachments?csrf_token=…` with the file in the field `file`; back to
/// the notice.
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    request: Request,
) -> Result<Response> {
    attachments::add(&state, &user, id, request).await?;
    Ok(Redirect::to(&format!("/notices/{id}")).into_response())
}

/// `POST /notices/{id}/attachments/{attachment_id}/remove`; back to the notice (also when it
/// was removed already: the form sent twice).
pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, attachment_id)): Path<(i64, i64)>,
) -> Result<Response> {
    let _removed_now = attachments::remove(&state, &user, id, attachment_id).await?;
    Ok(Redirect::to(&format!("/notices/{id}")).into_response())
}

pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, attachment_id)): Path<(i64, i64)>,
) -> Result<Response> {
    attachments::download(&state, &user, id, attachment_id).await
}

/// 签收情况台账 of a notice, for its issuer side.
pub async fn receipts_ledger(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path(id): Path<i64>,
) -> Result<Response> {
    receipts_ledger::download(&state, &user, t, id).await
}
