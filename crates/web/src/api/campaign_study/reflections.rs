//! Reflections (心得体会) over the API: a campaign's list as the caller reads it, writing,
//! reading with versions and comments, editing with the version seen, withdrawing,
//! commenting and featuring.

use super::answer;
use super::views::{ReflectionSummaryView, ReflectionView};
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use app::campaigns::reflections::{self, ReflectionInput};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

type ErrorBody = crate::api::openapi::ErrorBody;

async fn view(state: &AppState, user: &CurrentUser, id: i64) -> Result<ReflectionView> {
    Ok(ReflectionView::from(
        &reflections::read(state, user, id).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReflectionListQuery {
    /// One branch only (for those who read the reflections of several).
    pub org: Option<i64>,
}

#[utoipa::path(
    get, path = "/api/v1/campaigns/{id}/reflections", tag = "study", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The campaign"), ReflectionListQuery),
    responses(
        (status = 200, description = "Latest first: for the campaign's committee and those who guide a branch's study, every written reflection of the branches they reach; for a member, their own (withdrawn ones too) and the featured ones of their branch", body = Vec<ReflectionSummaryView>),
        (status = 404, description = "No such campaign, or not one the caller takes part in or views", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ReflectionListQuery>,
) -> Result<Json<Vec<ReflectionSummaryView>>> {
    let listing = reflections::list(&state, &user, id, q.org).await?;
    Ok(Json(
        listing
            .items
            .iter()
            .map(ReflectionSummaryView::from)
            .collect(),
    ))
}

/// A reflection as sent.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReflectionBody {
    /// One of the campaign's materials, or null for the campaign as a whole.
    #[serde(default)]
    pub material_id: Option<i64>,
    /// Up to 100 characters.
    pub title: String,
    /// Plain text, up to 20,000 characters.
    pub body: String,
}

#[utoipa::path(
    post, path = "/api/v1/campaigns/{id}/reflections", tag = "study", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The campaign")),
    request_body = ReflectionBody,
    responses(
        (status = 201, description = "Written, as version 1, in the caller's branch", body = ReflectionView),
        (status = 404, description = "No such campaign, or not one the caller takes part in or views", body = ErrorBody),
        (status = 422, description = "not_a_member, not_taking_part, campaign_not_open, title_required, body_required, too_long, unknown_material; `error.problems` names the field", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReflectionBody>,
) -> Result<(StatusCode, Json<ReflectionView>)> {
    let input = ReflectionInput {
        material_id: body.material_id,
        title: body.title,
        body: body.body,
    };
    let rid = answer(reflections::write(&state, &user, id, input).await?)?;
    Ok((StatusCode::CREATED, Json(view(&state, &user, rid).await?)))
}

#[utoipa::path(
    get, path = "/api/v1/reflections/{id}", tag = "study", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The reflection")),
    responses(
        (status = 200, description = "The reflection with every version and its comments, and what the caller may do with it", body = ReflectionView),
        (status = 404, description = "No such reflection, or not one the caller reads (a member of the branch reads it once featured; a withdrawn one only its writer)", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<ReflectionView>> {
    Ok(Json(view(&state, &user, id).await?))
}

/// A new version of one's reflection.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReflectionEditBody {
    /// The version the caller read; a newer one saved since answers 409 `stale_version`.
    pub version: i64,
    #[serde(default)]
    pub material_id: Option<i64>,
    pub title: String,
    pub body: String,
}

#[utoipa::path(
    put, path = "/api/v1/reflections/{id}", tag = "study", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The reflection")),
    request_body = ReflectionEditBody,
    responses(
        (status = 200, description = "Saved as the next version", body = ReflectionView),
        (status = 404, description = "No such reflection, or not the caller's", body = ErrorBody),
        (status = 409, description = "stale_version: saved since `version`", body = ErrorBody),
        (status = 422, description = "campaign_not_open, not_allowed_now (withdrawn), title_required, body_required, too_long, unknown_material", body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReflectionEditBody>,
) -> Result<Json<ReflectionView>> {
    let input = ReflectionInput {
        material_id: body.material_id,
        title: body.title,
        body: body.body,
    };
    answer(reflections::edit(&state, &user, id, Some(body.version), input).await?)?;
    Ok(Json(view(&state, &user, id).await?))
}

#[utoipa::path(
    post, path = "/api/v1/reflections/{id}/withdraw", tag = "study", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The reflection")),
    responses(
        (status = 200, description = "Withdrawn: kept with its versions, shown to its writer only; again changes nothing", body = ReflectionView),
        (status = 404, description = "No such reflection, or not the caller's", body = ErrorBody),
    )
)]
pub async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<ReflectionView>> {
    answer(reflections::withdraw(&state, &user, id).await?)?;
    Ok(Json(view(&state, &user, id).await?))
}

/// A comment as sent.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CommentBody {
    /// Plain text, up to 2,000 characters.
    pub body: String,
}

#[utoipa::path(
    post, path = "/api/v1/reflections/{id}/comments", tag = "study", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The reflection")),
    request_body = CommentBody,
    responses(
        (status = 201, description = "Commented; the reflection with its comments", body = ReflectionView),
        (status = 404, description = "No such reflection, or the caller neither guides its branch's study nor wrote it", body = ErrorBody),
        (status = 422, description = "body_required, too_long, not_allowed_now (withdrawn)", body = ErrorBody),
    )
)]
pub async fn comment(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<CommentBody>,
) -> Result<(StatusCode, Json<ReflectionView>)> {
    answer(reflections::comment(&state, &user, id, &body.body).await?)?;
    Ok((StatusCode::CREATED, Json(view(&state, &user, id).await?)))
}

/// Featured or not.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FeatureBody {
    pub featured: bool,
}

#[utoipa::path(
    put, path = "/api/v1/reflections/{id}/feature", tag = "study", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The reflection")),
    request_body = FeatureBody,
    responses(
        (status = 200, description = "Featured (members of the branch read it, the branch's report carries it) or no longer", body = ReflectionView),
        (status = 404, description = "No such reflection, or the caller does not guide its branch's study", body = ErrorBody),
        (status = 422, description = "not_allowed_now (withdrawn)", body = ErrorBody),
    )
)]
pub async fn feature(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<FeatureBody>,
) -> Result<Json<ReflectionView>> {
    answer(reflections::feature(&state, &user, id, body.featured).await?)?;
    Ok(Json(view(&state, &user, id).await?))
}
