//! Putting an activity in a campaign, with the materials (or chapters) it studied.

use super::answer;
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use app::campaigns::sessions as use_case;
use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

type ErrorBody = crate::api::openapi::ErrorBody;

/// One material (or one of its chapters) an activity studied.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StudiedMaterial {
    pub material_id: i64,
    /// A chapter's position from 0; null: the material as a whole.
    pub chapter: Option<usize>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ActivityCampaign {
    /// The campaign; null: in none.
    pub campaign_id: Option<i64>,
    #[serde(default)]
    pub materials: Vec<StudiedMaterial>,
}

async fn current(state: &AppState, user: &CurrentUser, id: i64) -> Result<ActivityCampaign> {
    Ok(match use_case::of_activity(state, user, id).await? {
        Some((c, studied)) => ActivityCampaign {
            campaign_id: Some(c.id),
            materials: studied
                .into_iter()
                .map(|(material_id, chapter)| StudiedMaterial {
                    material_id,
                    chapter,
                })
                .collect(),
        },
        None => ActivityCampaign {
            campaign_id: None,
            materials: Vec::new(),
        },
    })
}

#[utoipa::path(
    get, path = "/api/v1/activities/{id}/campaign", tag = "campaigns", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The activity")),
    responses(
        (status = 200, description = "The campaign the activity belongs to and the materials it studied", body = ActivityCampaign),
        (status = 404, description = "Not an activity the caller may read", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<ActivityCampaign>> {
    Ok(Json(current(&state, &user, id).await?))
}

#[utoipa::path(
    put, path = "/api/v1/activities/{id}/campaign", tag = "campaigns", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The activity")),
    request_body = ActivityCampaign,
    responses(
        (status = 200, description = "Linked (or unlinked with a null campaign_id)", body = ActivityCampaign),
        (status = 404, description = "Not an activity the caller records, or a campaign that does not reach its branch", body = ErrorBody),
        (status = 422, description = "campaign_not_open, unknown_material or unknown_chapter", body = ErrorBody),
    )
)]
pub async fn link(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ActivityCampaign>,
) -> Result<Json<ActivityCampaign>> {
    let studied = body
        .materials
        .iter()
        .map(|m| (m.material_id, m.chapter))
        .collect();
    answer(use_case::link(&state, &user, id, body.campaign_id, studied).await?)?;
    Ok(Json(current(&state, &user, id).await?))
}
