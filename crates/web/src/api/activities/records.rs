//! Activities themselves: list, plan or record, read, edit, hold, confirm, cancel, correct,
//! and every version.

use super::answer;
use super::body::ContentBody;
use super::views::{
    ActivityVersionView, ActivityView, AttendeeView, FileView, PhotoView, SummaryView,
};
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::state::AppState;
use app::activities::access::{self, Reach};
use app::activities::listing::{self, ActivityFilter};
use app::activities::records::{self, Start, Step};
use app::zone::rfc3339;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type ErrorBody = crate::api::openapi::ErrorBody;

/// The activity as the caller may read it.
pub async fn view(state: &AppState, user: &CurrentUser, id: i64) -> Result<ActivityView> {
    let (a, reach) = access::readable(state, user, id).await?;
    let list = store::activity_attendance::of_activity(state.db.read(), a.id).await?;
    let (photos, files) = app::activities::media::of(state, &a).await?;
    let c = &a.content;
    Ok(ActivityView {
        summary: SummaryView::from(&a),
        host: c.host.clone(),
        recorder: c.recorder.clone(),
        speaker: c.speaker.clone(),
        topic: c.topic.clone(),
        leader: c.leader.clone(),
        led_content: c.led_content.clone(),
        agenda: c.agenda.clone(),
        minutes: c.minutes.clone(),
        resolutions: c.resolutions.clone(),
        outcomes: c.outcomes.clone(),
        notice_id: c.notice_id,
        cancel_reason: a.cancel_reason.clone(),
        confirmed_by: a.confirmed_by,
        confirmed_at: a.confirmed_at.map(rfc3339),
        created_at: rfc3339(a.created_at),
        reach: match reach {
            Reach::Records => "records",
            Reach::Views => "views",
            Reach::Shared => "shared",
        }
        .to_owned(),
        figures: app::activities::attendance::figures(&list).into(),
        attendance: list.iter().map(AttendeeView::from).collect(),
        photos: photos.iter().map(PhotoView::from).collect(),
        files: files.iter().map(FileView::from).collect(),
    })
}

/// The years an activity list or ledger may ask for.
pub(super) fn check_year(year: Option<i16>) -> Result<()> {
    match year {
        Some(y) if !(1900..=2999).contains(&y) => {
            Err(Error::bad_request("invalid_year", "activity.problem.year"))
        }
        _ => Ok(()),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    /// One org's own activities (the caller must see its records).
    pub org: Option<i64>,
    /// A kind's code.
    pub kind: Option<String>,
    /// planned, held, confirmed or cancelled
    pub state: Option<String>,
    /// Starting in this year (in the deployment's zone), 1900–2999.
    pub year: Option<i16>,
    /// At most 200; default 50.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ActivityPage {
    /// All that match (up to 5000).
    pub total: i64,
    pub activities: Vec<SummaryView>,
}

#[utoipa::path(
    get, path = "/api/v1/activities", tag = "activities", params(ActivityQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "The activities the caller may see, latest first: those of the orgs whose records the caller views, and of the caller's own branch when it shares them", body = ActivityPage),
        (status = 404, description = "`org` is not an org whose records the caller may read", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ActivityQuery>,
) -> Result<Json<ActivityPage>> {
    check_year(q.year)?;
    if let Some(org) = q.org {
        app::activities::ledger::readable_org(&state, &user, org).await?;
    }
    let filter = ActivityFilter {
        org: q.org,
        kind: q.kind,
        state: q.state,
        year: q.year,
    };
    let found = listing::list(&state, &user, &filter).await?;
    let limit = q.limit.unwrap_or(50).clamp(1, 200) as usize;
    let offset = q.offset.unwrap_or(0).clamp(0, listing::MAX) as usize;
    Ok(Json(ActivityPage {
        total: found.len() as i64,
        activities: found
            .iter()
            .skip(offset)
            .take(limit)
            .map(SummaryView::from)
            .collect(),
    }))
}

/// Planned ahead, or recorded after it took place.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Plan,
    Record,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewActivityBody {
    /// The branch; the caller must record its activities.
    pub org_id: i64,
    /// plan (计划) or record (已召开)
    pub mode: Mode,
    #[serde(flatten)]
    #[schema(inline)]
    pub content: ContentBody,
}

#[utoipa::path(
    post, path = "/api/v1/activities", tag = "activities", security(("bearer" = [])),
    request_body = NewActivityBody,
    responses(
        (status = 201, description = "Planned or recorded; its list is the branch's members now", body = ActivityView),
        (status = 404, description = "The caller does not record the activities of org_id, or cannot see notice_id", body = ErrorBody),
        (status = 422, description = "title_required, unknown_kind, start_required, end_before_start, too_long or invalid_time; `error.problems` names the field", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NewActivityBody>,
) -> Result<(StatusCode, Json<ActivityView>)> {
    // The org first: a caller who may not record there learns nothing of the fields.
    app::roster::orgs::load(
        &state,
        &user,
        body.org_id,
        domain::access::Action::RecordActivities,
    )
    .await?;
    let typed = body.content.typed(&state, &user).await?;
    let start = match body.mode {
        Mode::Plan => Start::Plan,
        Mode::Record => Start::Record,
    };
    let id = answer(records::add(&state, &user, body.org_id, typed, start).await?)?;
    Ok((StatusCode::CREATED, Json(view(&state, &user, id).await?)))
}

#[utoipa::path(
    get, path = "/api/v1/activities/{id}", tag = "activities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The activity")),
    responses(
        (status = 200, description = "The activity with its figures, attendance, photos and files", body = ActivityView),
        (status = 404, description = "No such activity, or not one the caller may read (a member reads their branch's records only when it shares them)", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<ActivityView>> {
    Ok(Json(view(&state, &user, id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EditBody {
    /// The version the caller read; a newer one saved since answers 409 `stale_version`.
    pub version: Option<i64>,
    /// It took place: a planned activity becomes held.
    #[serde(default)]
    pub held: bool,
    #[serde(flatten)]
    #[schema(inline)]
    pub content: ContentBody,
}

#[utoipa::path(
    put, path = "/api/v1/activities/{id}", tag = "activities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The activity")),
    request_body = EditBody,
    responses(
        (status = 200, description = "Saved as a new version", body = ActivityView),
        (status = 404, description = "Not an activity the caller records", body = ErrorBody),
        (status = 409, description = "stale_version: saved by someone since `version`", body = ErrorBody),
        (status = 422, description = "activity_locked (confirmed: correct it instead), activity_cancelled, or a field's problem (see `error.problems`)", body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<EditBody>,
) -> Result<Json<ActivityView>> {
    access::recordable(&state, &user, id).await?;
    let typed = body.content.typed(&state, &user).await?;
    answer(records::edit(&state, &user, id, body.version, typed, body.held).await?)?;
    Ok(Json(view(&state, &user, id).await?))
}

async fn take(
    state: AppState,
    user: CurrentUser,
    id: i64,
    step: Step,
) -> Result<Json<ActivityView>> {
    answer(records::step(&state, &user, id, step).await?)?;
    Ok(Json(view(&state, &user, id).await?))
}

#[utoipa::path(
    post, path = "/api/v1/activities/{id}/held", tag = "activities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The activity")),
    responses(
        (status = 200, description = "Held (已召开); its list follows the branch's members now", body = ActivityView),
        (status = 404, description = "Not an activity the caller records", body = ErrorBody),
        (status = 422, description = "activity_locked or activity_cancelled", body = ErrorBody),
    )
)]
pub async fn held(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<ActivityView>> {
    take(state, user, id, Step::Held).await
}

#[utoipa::path(
    post, path = "/api/v1/activities/{id}/confirm", tag = "activities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The activity")),
    responses(
        (status = 200, description = "Confirmed: locked; changes from now on are corrections with a reason", body = ActivityView),
        (status = 404, description = "Not an activity the caller records", body = ErrorBody),
        (status = 422, description = "activity_not_held, activity_locked or activity_cancelled", body = ErrorBody),
    )
)]
pub async fn confirm(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<ActivityView>> {
    take(state, user, id, Step::Confirm).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReasonBody {
    #[serde(default)]
    pub reason: String,
}

#[utoipa::path(
    post, path = "/api/v1/activities/{id}/cancel", tag = "activities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The activity")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "Cancelled (取消) with its reason", body = ActivityView),
        (status = 404, description = "Not an activity the caller records", body = ErrorBody),
        (status = 422, description = "reason_required, activity_locked or activity_cancelled", body = ErrorBody),
    )
)]
pub async fn cancel(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> Result<Json<ActivityView>> {
    take(state, user, id, Step::Cancel(body.reason)).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CorrectBody {
    /// The version the caller read.
    pub version: Option<i64>,
    /// Why the confirmed record is corrected (kept with the version).
    #[serde(default)]
    pub reason: String,
    #[serde(flatten)]
    #[schema(inline)]
    pub content: ContentBody,
}

#[utoipa::path(
    post, path = "/api/v1/activities/{id}/correct", tag = "activities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The activity")),
    request_body = CorrectBody,
    responses(
        (status = 200, description = "Corrected: a new version with the reason and the attendance at that moment", body = ActivityView),
        (status = 404, description = "Not an activity the caller records", body = ErrorBody),
        (status = 409, description = "stale_version", body = ErrorBody),
        (status = 422, description = "reason_required, activity_not_held (only a confirmed record is corrected), activity_cancelled, or a field's problem", body = ErrorBody),
    )
)]
pub async fn correct(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<CorrectBody>,
) -> Result<Json<ActivityView>> {
    access::recordable(&state, &user, id).await?;
    let typed = body.content.typed(&state, &user).await?;
    answer(records::correct(&state, &user, id, body.version, typed, &body.reason).await?)?;
    Ok(Json(view(&state, &user, id).await?))
}

#[utoipa::path(
    get, path = "/api/v1/activities/{id}/versions", tag = "activities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The activity")),
    responses(
        (status = 200, description = "Every saved version, oldest first", body = Vec<ActivityVersionView>),
        (status = 404, description = "Not an activity the caller may read", body = ErrorBody),
    )
)]
pub async fn versions(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ActivityVersionView>>> {
    let (a, _) = access::readable(&state, &user, id).await?;
    let list = store::activities::versions(state.db.read(), a.id).await?;
    Ok(Json(
        list.into_iter().map(ActivityVersionView::from).collect(),
    ))
}
