//! A campaign's materials: add, change, remove (the committee, while not closed).

use super::answer;
use super::records::{material_input, view};
use super::views::{CampaignView, MaterialBody};
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use app::campaigns::materials as use_case;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

type ErrorBody = crate::api::openapi::ErrorBody;

#[utoipa::path(
    post, path = "/api/v1/campaigns/{id}/materials", tag = "campaigns", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The campaign")),
    request_body = MaterialBody,
    responses(
        (status = 201, description = "Added at the end", body = CampaignView),
        (status = 404, description = "Not a campaign the caller runs", body = ErrorBody),
        (status = 422, description = "not_allowed_now (closed), title_required, too_many_chapters, too_long, invalid_link or invalid_material_kind", body = ErrorBody),
    )
)]
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<MaterialBody>,
) -> Result<(StatusCode, Json<CampaignView>)> {
    app::campaigns::access::manageable(&state, &user, id).await?;
    let input = material_input(body)?;
    answer(use_case::add(&state, &user, id, input, None).await?)?;
    Ok((StatusCode::CREATED, Json(view(&state, &user, id).await?)))
}

#[utoipa::path(
    put, path = "/api/v1/campaigns/{id}/materials/{material_id}", tag = "campaigns", security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "The campaign"),
        ("material_id" = i64, Path, description = "The material"),
    ),
    request_body = MaterialBody,
    responses(
        (status = 200, description = "Changed", body = CampaignView),
        (status = 404, description = "Not a campaign the caller runs, or not one of its materials", body = ErrorBody),
        (status = 422, description = "chapters_kept (chapters may be renamed or added, not taken out), not_allowed_now, or a field's problem", body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, material_id)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<MaterialBody>,
) -> Result<Json<CampaignView>> {
    app::campaigns::access::manageable(&state, &user, id).await?;
    let input = material_input(body)?;
    answer(use_case::edit(&state, &user, id, material_id, input, None).await?)?;
    Ok(Json(view(&state, &user, id).await?))
}

#[utoipa::path(
    delete, path = "/api/v1/campaigns/{id}/materials/{material_id}", tag = "campaigns", security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "The campaign"),
        ("material_id" = i64, Path, description = "The material"),
    ),
    responses(
        (status = 200, description = "Removed from the campaign (kept, with the study logged on it); removing it again changes nothing", body = CampaignView),
        (status = 404, description = "Not a campaign the caller runs, or not one of its materials", body = ErrorBody),
        (status = 422, description = "not_allowed_now: closed", body = ErrorBody),
    )
)]
pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, material_id)): Path<(i64, i64)>,
) -> Result<Json<CampaignView>> {
    answer(use_case::remove(&state, &user, id, material_id).await?)?;
    Ok(Json(view(&state, &user, id).await?))
}
