//! A member's own study over the API: their entries, a new one, withdrawing one, progress.

use super::views::{ProgressView, StudyLogView};
use super::{answer, unreadable};
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::state::AppState;
use app::campaigns::study;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::campaign_study::{StudyInput, StudySource};
use serde::Deserialize;
use utoipa::ToSchema;

type ErrorBody = crate::api::openapi::ErrorBody;

#[utoipa::path(
    get, path = "/api/v1/campaigns/{id}/study-logs", tag = "study", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The campaign")),
    responses(
        (status = 200, description = "The caller's standing entries, latest first", body = Vec<StudyLogView>),
        (status = 404, description = "No such campaign, or not one the caller takes part in or views", body = ErrorBody),
        (status = 422, description = "not_a_member (the account stands for no member of the roster), not_taking_part, campaign_not_open (a draft, to its committee)", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<StudyLogView>>> {
    let p = answer(study::progress(&state, &user, id).await?)?;
    Ok(Json(p.logs.iter().map(StudyLogView::from).collect()))
}

/// An entry as sent.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StudyLogBody {
    /// One of the campaign's materials; null (or absent) for online study of no one material.
    #[serde(default)]
    pub material_id: Option<i64>,
    /// A chapter's index in the material's chapters (from 0); null for the whole material.
    #[serde(default)]
    pub chapter: Option<usize>,
    /// YYYY-MM-DD, within the campaign's period and not after today; today when absent.
    #[serde(default)]
    pub day: Option<String>,
    /// 1–720
    pub minutes: i64,
    /// self (自学, the default) or online (学习强国 …, with its link)
    #[serde(default)]
    pub source: Option<String>,
    /// http(s) only
    #[serde(default)]
    pub link: String,
    #[serde(default)]
    pub note: String,
}

#[utoipa::path(
    post, path = "/api/v1/campaigns/{id}/study-logs", tag = "study", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The campaign")),
    request_body = StudyLogBody,
    responses(
        (status = 201, description = "Logged for the caller's member, in their branch now", body = StudyLogView),
        (status = 404, description = "No such campaign, or not one the caller takes part in or views", body = ErrorBody),
        (status = 422, description = "not_a_member, not_taking_part, campaign_not_open, study_in_future, study_outside_period, invalid_minutes, unknown_material, unknown_chapter, invalid_link, too_long, invalid_date, invalid_source; `error.problems` names the field", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<StudyLogBody>,
) -> Result<(StatusCode, Json<StudyLogView>)> {
    let day = match body.day.as_deref().map(str::trim) {
        None | Some("") => state.zone.civil_date(state.now()),
        Some(d) => d
            .parse()
            .map_err(|_| unreadable("day", "invalid_date", "study.api.invalid_date"))?,
    };
    let source = match body.source.as_deref().map(str::trim) {
        None | Some("") => StudySource::SelfStudy,
        Some(s) => StudySource::parse(s)
            .ok_or_else(|| unreadable("source", "invalid_source", "study.api.invalid_source"))?,
    };
    let input = StudyInput {
        material_id: body.material_id,
        chapter: body.chapter,
        day,
        // Below 1 or beyond any day's length: the rule refuses it as invalid_minutes.
        minutes: u32::try_from(body.minutes).unwrap_or(0),
        source,
        link: body.link,
        note: body.note,
    };
    let log_id = answer(study::log(&state, &user, id, input).await?)?;
    let log = store::study::log_by_id(state.db.read(), log_id)
        .await?
        .ok_or_else(Error::not_found)?;
    Ok((StatusCode::CREATED, Json(StudyLogView::from(&log))))
}

#[utoipa::path(
    post, path = "/api/v1/study-logs/{id}/withdraw", tag = "study", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The entry")),
    responses(
        (status = 200, description = "Withdrawn (kept, marked; no longer counted); again changes nothing", body = StudyLogView),
        (status = 404, description = "No such entry, or another member's", body = ErrorBody),
        (status = 422, description = "campaign_not_open (closed: entries stay as they are)", body = ErrorBody),
    )
)]
pub async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<StudyLogView>> {
    answer(study::withdraw(&state, &user, id).await?)?;
    let log = store::study::log_by_id(state.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)?;
    Ok(Json(StudyLogView::from(&log)))
}

#[utoipa::path(
    get, path = "/api/v1/campaigns/{id}/progress", tag = "study", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The campaign")),
    responses(
        (status = 200, description = "The caller's progress: each material as a whole or chapter by chapter (self-study and sessions sat in apart), minutes, entries, sessions, and what is left", body = ProgressView),
        (status = 404, description = "No such campaign, or not one the caller takes part in or views", body = ErrorBody),
        (status = 422, description = "not_a_member, not_taking_part, campaign_not_open (a draft)", body = ErrorBody),
    )
)]
pub async fn progress(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<ProgressView>> {
    let p = answer(study::progress(&state, &user, id).await?)?;
    Ok(Json(ProgressView::from(&p)))
}
