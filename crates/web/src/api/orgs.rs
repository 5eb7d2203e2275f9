//! `/api/v1/orgs`: the org tree for integrations.

use super::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::roster::invalid;
use crate::state::AppState;
use app::roster::orgs::{self as rules, OrgRefusal};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::OrgKind;
use domain::access::Action;
use domain::drafts::OrgInput;
use serde::{Deserialize, Serialize};
use store::orgs::{self, Org};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct OrgView {
    pub id: i64,
    pub parent_id: Option<i64>,
    /// committee, general_branch, branch or group
    pub kind: String,
    pub name: String,
    pub short_name: String,
    pub society: String,
    pub contact_person: String,
    pub contact_phone: String,
    /// open or closed
    pub status: String,
    /// Ids from the root down, e.g. `/1/7/`.
    pub path: String,
}

impl From<Org> for OrgView {
    fn from(o: Org) -> OrgView {
        OrgView {
            id: o.id,
            parent_id: o.parent_id,
            kind: o.kind.as_str().to_owned(),
            name: o.name,
            short_name: o.short_name,
            society: o.society,
            contact_person: o.contact_person,
            contact_phone: o.contact_phone,
            status: o.status.as_str().to_owned(),
            path: o.path,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OrgPage {
    pub total: i64,
    pub orgs: Vec<OrgView>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrgQuery {
    /// Only this org's subtree (default: everything the caller may see).
    pub root: Option<i64>,
    /// Name or short name contains.
    pub q: Option<String>,
    /// At most 500; default 100.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

fn refused(t: T, refusal: OrgRefusal) -> Error {
    match refusal {
        OrgRefusal::Fields(errors) => invalid(t, "org.field.", &errors),
        other => Error::problem(&other),
    }
}

#[utoipa::path(get, path = "/api/v1/orgs", tag = "orgs", params(OrgQuery), security(("bearer" = [])),
    responses((status = 200, body = OrgPage), (status = 404, description = "root outside the caller's scope", body = crate::api::openapi::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<OrgQuery>,
) -> Result<Json<OrgPage>> {
    let roots = rules::scope(&state, &user, q.root, Action::ViewOrgs).await?;
    let limit = q.limit.unwrap_or(100).clamp(1, 500);
    let offset = q.offset.unwrap_or(0).max(0);
    let db = state.db.read();
    if let Some(text) = q.q.as_deref().filter(|s| !s.trim().is_empty()) {
        let found = orgs::search(db, &roots, text, limit).await?;
        return Ok(Json(OrgPage {
            total: found.len() as i64,
            orgs: found.into_iter().map(OrgView::from).collect(),
        }));
    }
    let mut total = 0;
    let mut out = Vec::new();
    let mut skip = offset;
    for root in &roots {
        let n = orgs::count_under(db, root).await?;
        total += n;
        if (out.len() as i64) < limit && skip < n {
            let page = orgs::list_under(db, root, limit - out.len() as i64, skip).await?;
            out.extend(page.into_iter().map(OrgView::from));
            skip = 0;
        } else {
            skip = (skip - n).max(0);
        }
    }
    Ok(Json(OrgPage { total, orgs: out }))
}

#[utoipa::path(get, path = "/api/v1/orgs/{id}", params(("id" = i64, Path, description = "The org")), tag = "orgs", security(("bearer" = [])),
    responses((status = 200, body = OrgView), (status = 404, body = crate::api::openapi::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<OrgView>> {
    Ok(Json(
        rules::load(&state, &user, id, Action::ViewOrgs)
            .await?
            .into(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct NewOrgBody {
    pub parent_id: i64,
    /// committee, general_branch, branch or group
    pub kind: String,
    #[serde(flatten)]
    #[schema(inline)]
    pub details: OrgDetailsBody,
}

#[utoipa::path(post, path = "/api/v1/orgs", tag = "orgs", request_body = NewOrgBody, security(("bearer" = [])),
    responses((status = 201, body = OrgView), (status = 404, body = crate::api::openapi::ErrorBody), (status = 422, body = crate::api::openapi::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    ApiJson(body): ApiJson<NewOrgBody>,
) -> Result<(StatusCode, Json<OrgView>)> {
    let parent = rules::load(&state, &user, body.parent_id, Action::ManageOrgs).await?;
    let kind = OrgKind::parse(&body.kind)
        .ok_or_else(|| Error::unprocessable("unknown_kind", "org.unknown_kind"))?;
    let input = OrgInput::from(body.details);
    let id = rules::create(&state, &user, &parent, kind, &input)
        .await?
        .map_err(|r| refused(t, r))?;
    let org = orgs::by_id(state.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)?;
    Ok((StatusCode::CREATED, Json(org.into())))
}

#[utoipa::path(put, path = "/api/v1/orgs/{id}", params(("id" = i64, Path, description = "The org")), tag = "orgs", security(("bearer" = [])),
    request_body(content = inline(OrgDetailsBody)),
    responses((status = 200, body = OrgView), (status = 404, body = crate::api::openapi::ErrorBody), (status = 422, body = crate::api::openapi::ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<OrgDetailsBody>,
) -> Result<Json<OrgView>> {
    let org = rules::load(&state, &user, id, Action::ManageOrgs).await?;
    let input = OrgInput::from(body);
    rules::update(&state, &user, &org, &input)
        .await?
        .map_err(|r| refused(t, r))?;
    Ok(Json(
        orgs::by_id(state.db.read(), id)
            .await?
            .ok_or_else(Error::not_found)?
            .into(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct OrgDetailsBody {
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    #[serde(default)]
    pub society: String,
    #[serde(default)]
    pub contact_person: String,
    #[serde(default)]
    pub contact_phone: String,
}

impl From<OrgDetailsBody> for OrgInput {
    fn from(b: OrgDetailsBody) -> OrgInput {
        OrgInput {
            name: b.name,
            short_name: b.short_name,
            society: b.society,
            contact_person: b.contact_person,
            contact_phone: b.contact_phone,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct MoveBody {
    pub parent_id: i64,
}

#[utoipa::path(post, path = "/api/v1/orgs/{id}/move", params(("id" = i64, Path, description = "The org")), tag = "orgs", request_body = MoveBody, security(("bearer" = [])),
    responses((status = 200, body = OrgView), (status = 404, body = crate::api::openapi::ErrorBody), (status = 422, body = crate::api::openapi::ErrorBody)))]
pub async fn move_under(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<MoveBody>,
) -> Result<Json<OrgView>> {
    let org = rules::load(&state, &user, id, Action::ManageOrgs).await?;
    let parent = rules::load(&state, &user, body.parent_id, Action::ManageOrgs).await?;
    rules::move_under(&state, &user, &org, &parent)
        .await?
        .map_err(|r| refused(t, r))?;
    Ok(Json(
        orgs::by_id(state.db.read(), id)
            .await?
            .ok_or_else(Error::not_found)?
            .into(),
    ))
}

async fn set_open(
    state: AppState,
    user: CurrentUser,
    t: T,
    id: i64,
    open: bool,
) -> Result<Json<OrgView>> {
    let org = rules::load(&state, &user, id, Action::ManageOrgs).await?;
    rules::set_open(&state, &user, &org, open)
        .await?
        .map_err(|r| refused(t, r))?;
    Ok(Json(
        orgs::by_id(state.db.read(), id)
            .await?
            .ok_or_else(Error::not_found)?
            .into(),
    ))
}

#[utoipa::path(post, path = "/api/v1/orgs/{id}/close", params(("id" = i64, Path, description = "The org")), tag = "orgs", security(("bearer" = [])),
    responses((status = 200, body = OrgView), (status = 404, body = crate::api::openapi::ErrorBody), (status = 422, body = crate::api::openapi::ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path(id): Path<i64>,
) -> Result<Json<OrgView>> {
    set_open(state, user, t, id, false).await
}

#[utoipa::path(post, path = "/api/v1/orgs/{id}/reopen", params(("id" = i64, Path, description = "The org")), tag = "orgs", security(("bearer" = [])),
    responses((status = 200, body = OrgView), (status = 404, body = crate::api::openapi::ErrorBody), (status = 422, body = crate::api::openapi::ErrorBody)))]
pub async fn reopen(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path(id): Path<i64>,
) -> Result<Json<OrgView>> {
    set_open(state, user, t, id, true).await
}
