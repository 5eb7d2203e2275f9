//! 催办 of a notice's 签收 through the API: reminding the recipients that have not signed, and
//! the 签收时限 the reminder ladder chases.

use super::ApiJson;
use super::task_reminders::ReminderResult;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::state::AppState;
use app::notices::rules;
use app::reminders::notice::{read_sign_by, remind, set_sign_by};
use app::zone::rfc3339;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::reminder::NoticeAudience;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

type ErrorBody = crate::api::openapi::ErrorBody;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NoticeReminderBody {
    /// `orgs` (those in `org_ids`, the default), `unsigned` (every recipient that has not
    /// signed) or `unread` (every recipient nobody of which has opened it).
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub org_ids: Vec<i64>,
    /// The sender's words, at most 500 characters.
    #[serde(default)]
    pub note: String,
}

#[utoipa::path(
    post, path = "/api/v1/notices/{id}/reminders", tag = "notices", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notice")),
    request_body = NoticeReminderBody,
    responses(
        (status = 201, description = "Each recipient chosen that has not signed gets a reminder, and each of its signing accounts an inbox message", body = ReminderResult),
        (status = 404, description = "Not a notice of the caller's issuing orgs", body = ErrorBody),
        (status = 422, description = "nobody_chosen, unknown_scope, nothing_owed (all chosen have signed), note_too_long, note_unreadable, notice_not_published", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<NoticeReminderBody>,
) -> Result<(StatusCode, Json<ReminderResult>)> {
    let notice = rules::load_as_issuer(&state, &user, id).await?;
    let audience =
        NoticeAudience::parse(&body.scope, &body.org_ids).map_err(|p| Error::problem(&p))?;
    match remind(&state, &user, &notice, &audience, &body.note).await? {
        Ok(sent) => Ok((StatusCode::CREATED, Json(sent.into()))),
        Err(p) => Err(Error::problem(&p)),
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SignBy {
    /// RFC 3339, `2026-12-10` (the end of that day) or `2026-12-10 17:00`; `null`: none.
    pub sign_by: Option<String>,
}

#[utoipa::path(
    put, path = "/api/v1/notices/{id}/sign-by", tag = "notices", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notice")),
    request_body = SignBy,
    responses(
        (status = 200, description = "The 签收时限 from now on (RFC 3339), or null", body = SignBy),
        (status = 404, description = "Not a notice of the caller's issuing orgs", body = ErrorBody),
        (status = 422, description = "invalid_sign_by, sign_by_past, withdrawn", body = ErrorBody),
    )
)]
pub async fn sign_by(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<SignBy>,
) -> Result<Json<SignBy>> {
    let notice = rules::load_as_issuer(&state, &user, id).await?;
    let when = read_sign_by(&state, body.sign_by.as_deref().unwrap_or(""))
        .map_err(|p| Error::problem(&p))?;
    match set_sign_by(&state, &user, &notice, when).await? {
        Ok(()) => Ok(Json(SignBy {
            sign_by: when.map(rfc3339),
        })),
        Err(p) => Err(Error::problem(&p)),
    }
}
