//! `POST /api/v1/tasks/{id}/reminders`: 催办 the orgs that still owe a period's report.

use super::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::state::AppState;
use app::reminders::task::{Sent, remind};
use app::tasks::rules;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::reminder::Audience;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

type ErrorBody = crate::api::openapi::ErrorBody;

/// The most orgs one reminder may name.
const MAX_ORGS: usize = 20_000;

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReminderBody {
    /// The period (default: the latest).
    pub period: Option<String>,
    /// `orgs` (those in `org_ids`, the default), `owing` (every org not yet handed in), or one
    /// owed state: `not_started`, `draft`, `returned`.
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub org_ids: Vec<i64>,
    /// The sender's words, at most 500 characters.
    #[serde(default)]
    pub note: String,
}

#[derive(Serialize, ToSchema)]
pub struct ReminderResult {
    /// Orgs reminded.
    pub orgs: usize,
    /// Orgs chosen that have handed in, or are not assignees: left alone.
    pub skipped: usize,
    /// Orgs reminded that no account in zhibu receives reminders for.
    pub unreached: usize,
    /// Inbox messages written.
    pub messages: usize,
}

#[utoipa::path(
    post, path = "/api/v1/tasks/{id}/reminders", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task")),
    request_body = ReminderBody,
    responses(
        (status = 201, description = "Reminded: each org that still owes the report gets a reminder, shown on the board, and each of its accounts an inbox message", body = ReminderResult),
        (status = 404, description = "Not a task the caller's orgs assigned, or no such period", body = ErrorBody),
        (status = 422, description = "nobody_chosen, unknown_scope, nothing_owed (all chosen have handed in), note_too_long, note_unreadable, task_not_open, too_many", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReminderBody>,
) -> Result<(StatusCode, Json<ReminderResult>)> {
    let loaded = rules::load(&state, &user, id).await?;
    if body.org_ids.len() > MAX_ORGS {
        return Err(Error::unprocessable(
            "too_many",
            "submission.problem.too_many",
        ));
    }
    let audience = Audience::parse(&body.scope, &body.org_ids).map_err(|p| Error::problem(&p))?;
    let period = rules::period(&state, &user, &loaded.task, body.period.as_deref()).await?;
    match remind(&state, &user, &loaded, &period, &audience, &body.note).await? {
        Ok(sent) => Ok((StatusCode::CREATED, Json(result(sent)))),
        Err(p) => Err(Error::problem(&p)),
    }
}

fn result(s: Sent) -> ReminderResult {
    ReminderResult {
        orgs: s.orgs,
        skipped: s.skipped,
        unreached: s.unreached,
        messages: s.messages,
    }
}
