//! 考勤 over the API: marking the list, and a member confirming their own attendance.

use super::answer;
use super::views::{AttendanceView, AttendeeView};
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::Error;
use crate::error::Result;
use crate::state::AppState;
use app::activities::attendance::{self, MarkInput};
use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use utoipa::ToSchema;

type ErrorBody = crate::api::openapi::ErrorBody;

/// One member's mark.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MarkBody {
    pub member_id: i64,
    /// present (出席), leave (请假, with a reason), absent (缺席) or guest (列席: a member of
    /// another org, added to the list)
    pub mark: String,
    #[serde(default)]
    pub reason: String,
    /// Volunteer time (志愿服务) in hours, 0–24, halves allowed.
    #[serde(default)]
    pub hours: Option<f64>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AttendanceBody {
    pub marks: Vec<MarkBody>,
    /// Needed on a confirmed record: the change is a correction, kept as a version.
    #[serde(default)]
    pub reason: Option<String>,
}

#[utoipa::path(
    put, path = "/api/v1/activities/{id}/attendance", tag = "activities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The activity")),
    request_body = AttendanceBody,
    responses(
        (status = 200, description = "The list and its figures after the marks", body = AttendanceView),
        (status = 404, description = "Not an activity the caller records, or a guest the caller cannot see", body = ErrorBody),
        (status = 422, description = "unknown_mark, leave_reason_required, invalid_hours, guest_from_own_branch, not_expected, reason_required (a confirmed record), activity_cancelled", body = ErrorBody),
    )
)]
pub async fn mark(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<AttendanceBody>,
) -> Result<Json<AttendanceView>> {
    let marks: Vec<MarkInput> = body
        .marks
        .into_iter()
        .map(|m| MarkInput {
            member_id: m.member_id,
            mark: m.mark,
            reason: m.reason,
            hours: m.hours,
        })
        .collect();
    let list = answer(attendance::mark(&state, &user, id, &marks, body.reason.as_deref()).await?)?;
    Ok(Json(AttendanceView::of(&list)))
}

#[utoipa::path(
    post, path = "/api/v1/activities/{id}/attend", tag = "activities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The activity")),
    responses(
        (status = 200, description = "The caller's own line: marked present, self-confirmed", body = AttendeeView),
        (status = 404, description = "The caller's account is not a member on this activity's list", body = ErrorBody),
        (status = 422, description = "self_attendance_off (the branch does not allow it), not_begun (from 30 minutes before the start), activity_locked, activity_cancelled", body = ErrorBody),
    )
)]
pub async fn attend(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<AttendeeView>> {
    answer(attendance::confirm_own(&state, &user, id).await?)?;
    // Only the caller's own line: the list is the branch's to read when it shares it.
    let list = store::activity_attendance::of_activity(state.db.read(), id).await?;
    list.iter()
        .find(|a| Some(a.member_id) == user.account.member_id)
        .map(|a| Json(AttendeeView::from(a)))
        .ok_or_else(Error::not_found)
}
