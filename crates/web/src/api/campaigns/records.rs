//! Campaigns themselves: list, write, read, edit, open, close and every version.

use super::views::{
    CampaignMaterialView, CampaignOrgView, CampaignSummaryView, CampaignVersionView, CampaignView,
    MaterialBody, RequirementView,
};
use super::{answer, date};
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{Error, FieldIssue, Message, Result};
use crate::state::AppState;
use app::campaigns::access;
use app::campaigns::campaigns::{self as use_case, Draft};
use app::campaigns::materials::MaterialInput;
use app::zone::rfc3339;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::campaign::{CampaignChange, MaterialKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

type ErrorBody = crate::api::openapi::ErrorBody;

/// The campaign as the caller may read it.
pub async fn view(state: &AppState, user: &CurrentUser, id: i64) -> Result<CampaignView> {
    let (c, seat) = access::readable(state, user, id).await?;
    let db = state.db.read();
    let orgs = store::campaigns::orgs_of(db, c.id).await?;
    let materials = store::campaigns::materials(db, c.id, false).await?;
    Ok(CampaignView {
        summary: CampaignSummaryView::new(&c, &seat),
        description: c.description.clone(),
        requirements: c.requirements.iter().map(RequirementView::from).collect(),
        orgs: orgs
            .into_iter()
            .map(|(id, name, _)| CampaignOrgView { id, name })
            .collect(),
        materials: materials.iter().map(CampaignMaterialView::from).collect(),
        task_ids: store::campaigns::tasks_of(db, c.id).await?,
        notice_id: c.notice_id,
        created_at: rfc3339(c.created_at),
        updated_at: rfc3339(c.updated_at),
    })
}

/// A material body as the use case takes it, or 422 `invalid_material_kind`.
pub(super) fn material_input(m: MaterialBody) -> Result<MaterialInput> {
    let Some(kind) = MaterialKind::parse(&m.kind) else {
        return Err(Error::unprocessable(
            "invalid_material_kind",
            "campaign.problem.material_kind",
        )
        .problems(vec![FieldIssue {
            field: "kind".to_owned(),
            code: "invalid_material_kind",
            message: Message::new("campaign.problem.material_kind"),
        }]));
    };
    Ok(MaterialInput {
        kind,
        title: m.title,
        link: m.link,
        chapters: m.chapters,
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignList {
    pub campaigns: Vec<CampaignSummaryView>,
}

#[utoipa::path(
    get, path = "/api/v1/campaigns", tag = "campaigns", security(("bearer" = [])),
    responses(
        (status = 200, description = "The campaigns the caller's committees run (drafts included) and the open or closed ones the caller takes part in, latest first", body = CampaignList),
    )
)]
pub async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Json<CampaignList>> {
    let list = use_case::list(&state, &user).await?;
    Ok(Json(CampaignList {
        campaigns: list
            .iter()
            .map(|(c, seat)| CampaignSummaryView::new(c, seat))
            .collect(),
    }))
}

/// A campaign's heading as the caller sends it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct HeadingBody {
    pub theme: String,
    /// YYYY-MM-DD
    pub starts_on: String,
    /// YYYY-MM-DD, not before starts_on
    pub ends_on: String,
    #[serde(default)]
    pub description: String,
    /// Activities each taking-part branch must hold, linked to the campaign.
    #[serde(default)]
    pub requirements: Vec<RequirementView>,
    /// The orgs taking part, each with its subtree; none: the whole committee.
    #[serde(default)]
    pub org_ids: Vec<i64>,
}

impl HeadingBody {
    fn draft(self) -> Result<Draft> {
        Ok(Draft {
            starts_on: date("starts_on", &self.starts_on)?,
            ends_on: date("ends_on", &self.ends_on)?,
            theme: self.theme,
            description: self.description,
            requirements: self.requirements.into_iter().map(Into::into).collect(),
            org_ids: self.org_ids,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCampaignBody {
    /// The committee that runs it; the caller must run campaigns there.
    pub org_id: i64,
    #[serde(flatten)]
    #[schema(inline)]
    pub heading: HeadingBody,
    /// The first materials.
    #[serde(default)]
    pub materials: Vec<MaterialBody>,
    /// The notice it is made from.
    pub notice_id: Option<i64>,
}

#[utoipa::path(
    post, path = "/api/v1/campaigns", tag = "campaigns", security(("bearer" = [])),
    request_body = NewCampaignBody,
    responses(
        (status = 201, description = "Written as a draft: only its committee sees it until it is opened", body = CampaignView),
        (status = 404, description = "The caller does not run campaigns for org_id or one of org_ids, or cannot see notice_id", body = ErrorBody),
        (status = 422, description = "theme_required, end_before_start, invalid_date, too_long, unknown_kind, invalid_count, duplicate_kind, too_many_requirements, title_required, too_many_chapters, invalid_link or invalid_material_kind; `error.problems` names the field", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NewCampaignBody>,
) -> Result<(StatusCode, Json<CampaignView>)> {
    // The org first: a caller who may not run campaigns there learns nothing of the fields.
    app::roster::orgs::load(
        &state,
        &user,
        body.org_id,
        domain::access::Action::ManageCampaigns,
    )
    .await?;
    let draft = body.heading.draft()?;
    let materials = body
        .materials
        .into_iter()
        .map(material_input)
        .collect::<Result<Vec<_>>>()?;
    let id = answer(
        use_case::create(&state, &user, body.org_id, draft, materials, body.notice_id).await?,
    )?;
    Ok((StatusCode::CREATED, Json(view(&state, &user, id).await?)))
}

#[utoipa::path(
    get, path = "/api/v1/campaigns/{id}", tag = "campaigns", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The campaign")),
    responses(
        (status = 200, description = "The campaign with its materials, requirements, orgs and report tasks", body = CampaignView),
        (status = 404, description = "No such campaign, a draft of another committee, or one that does not reach the caller", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<CampaignView>> {
    Ok(Json(view(&state, &user, id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EditCampaignBody {
    /// The version the caller read; a newer one saved since answers 409 `stale_version`.
    pub version: Option<i64>,
    #[serde(flatten)]
    #[schema(inline)]
    pub heading: HeadingBody,
}

#[utoipa::path(
    put, path = "/api/v1/campaigns/{id}", tag = "campaigns", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The campaign")),
    request_body = EditCampaignBody,
    responses(
        (status = 200, description = "Saved as a new version", body = CampaignView),
        (status = 404, description = "Not a campaign the caller runs", body = ErrorBody),
        (status = 409, description = "stale_version: saved by someone since `version`", body = ErrorBody),
        (status = 422, description = "not_allowed_now (closed), or a field's problem (see `error.problems`)", body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<EditCampaignBody>,
) -> Result<Json<CampaignView>> {
    access::manageable(&state, &user, id).await?;
    let draft = body.heading.draft()?;
    answer(use_case::edit(&state, &user, id, body.version, draft).await?)?;
    Ok(Json(view(&state, &user, id).await?))
}

async fn change(
    state: AppState,
    user: CurrentUser,
    id: i64,
    change: CampaignChange,
) -> Result<Json<CampaignView>> {
    answer(use_case::change(&state, &user, id, change).await?)?;
    Ok(Json(view(&state, &user, id).await?))
}

#[utoipa::path(
    post, path = "/api/v1/campaigns/{id}/open", tag = "campaigns", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The campaign")),
    responses(
        (status = 200, description = "Open (or reopened): the taking-part branches see it and study in it", body = CampaignView),
        (status = 404, description = "Not a campaign the caller runs", body = ErrorBody),
        (status = 422, description = "not_allowed_now: already open", body = ErrorBody),
    )
)]
pub async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<CampaignView>> {
    change(state, user, id, CampaignChange::Open).await
}

#[utoipa::path(
    post, path = "/api/v1/campaigns/{id}/close", tag = "campaigns", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The campaign")),
    responses(
        (status = 200, description = "Closed: everything stays readable, nothing more is studied or linked", body = CampaignView),
        (status = 404, description = "Not a campaign the caller runs", body = ErrorBody),
        (status = 422, description = "not_allowed_now: a draft or already closed", body = ErrorBody),
    )
)]
pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<CampaignView>> {
    change(state, user, id, CampaignChange::Close).await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignVersionList {
    pub versions: Vec<CampaignVersionView>,
}

#[utoipa::path(
    get, path = "/api/v1/campaigns/{id}/versions", tag = "campaigns", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The campaign")),
    responses(
        (status = 200, description = "Every heading the campaign has had, oldest first", body = CampaignVersionList),
        (status = 404, description = "Not a campaign the caller runs", body = ErrorBody),
    )
)]
pub async fn versions(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<CampaignVersionList>> {
    let list = use_case::versions(&state, &user, id).await?;
    Ok(Json(CampaignVersionList {
        versions: list.iter().map(CampaignVersionView::from).collect(),
    }))
}
