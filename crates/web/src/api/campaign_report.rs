//! `POST /api/v1/campaigns/{id}/report-tasks`: a campaign's report task (及时报送学习情况),
//! assigned to the branches taking part with the standard study-report form whose figures the
//! branches' records fill in.

use super::ApiJson;
use super::task_views::TaskView;
use crate::auth::CurrentUser;
use crate::error::{Error, FieldIssue, Message, Result};
use crate::i18n::T;
use crate::state::AppState;
use app::campaigns::report::{ReportTaskRefused, create_task};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::Problem;
use serde::Deserialize;
use utoipa::ToSchema;

type ErrorBody = crate::api::openapi::ErrorBody;

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReportTaskBody {
    /// The last day to report, `YYYY-MM-DD` (due at the end of that day).
    #[serde(default)]
    pub deadline: String,
}

/// A report task's refusal as the API answers it: 422, the problems named by field.
pub(crate) fn refused(r: ReportTaskRefused) -> Error {
    match r {
        ReportTaskRefused::Campaign(p) => Error::problem(&p),
        ReportTaskRefused::Task(list) => {
            let Some(first) = list.first() else {
                return Error::unprocessable("invalid_task", "task.problem.invalid");
            };
            let issues = list
                .iter()
                .map(|p| FieldIssue {
                    field: p.field().unwrap_or("task").to_owned(),
                    code: p.code(),
                    message: Message::new(p.message_key()),
                })
                .collect();
            Error::problem(first).problems(issues)
        }
    }
}

#[utoipa::path(
    post, path = "/api/v1/campaigns/{id}/report-tasks", tag = "campaigns", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The campaign")),
    request_body = ReportTaskBody,
    responses(
        (status = 201, description = "The report task, assigned to the orgs taking part (each with its subtree) and tied to the campaign. Its form's fields say their `source`: opening its report, a branch finds them filled from its records", body = TaskView),
        (status = 404, description = "Not a campaign whose committee the caller runs campaigns and tasks for", body = ErrorBody),
        (status = 422, description = "deadline_required, invalid_deadline, campaign_not_open (a draft) or no_assignees", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReportTaskBody>,
) -> Result<(StatusCode, Json<TaskView>)> {
    let task_id = create_task(&state, &user, t, id, &body.deadline)
        .await?
        .map_err(refused)?;
    Ok((
        StatusCode::CREATED,
        Json(super::tasks::view(&state, &user, task_id).await?),
    ))
}
