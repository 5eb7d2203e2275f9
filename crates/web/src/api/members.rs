//! `/api/v1/members`: the roster for integrations. Guarded fields (phone, birth date, email)
//! are null unless the caller's grant covers them.

use super::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::roster::invalid;
use crate::state::AppState;
use app::roster::members::{self as rules, MemberRefusal};
use app::roster::orgs as org_rules;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::access::Action;
use domain::drafts::MemberInput;
use serde::{Deserialize, Serialize};
use store::members::{Member, RosterFilter};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct MemberView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub name: String,
    /// male, female or empty
    pub gender: String,
    pub birth_date: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// full or probationary
    pub member_type: String,
    pub joined_party: Option<String>,
    /// active or left
    pub status: String,
    /// Position codes: secretary, deputy_secretary, organization, propaganda, discipline, party_worker
    pub positions: Vec<String>,
}

impl From<Member> for MemberView {
    fn from(m: Member) -> MemberView {
        MemberView {
            id: m.id,
            org_id: m.org_id,
            org_name: m.org_name,
            name: m.name,
            gender: m.gender,
            birth_date: m.birth_date,
            phone: m.phone,
            email: m.email,
            member_type: m.member_type,
            joined_party: m.joined_party,
            status: m.status.as_str().to_owned(),
            positions: m.positions,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MemberPage {
    pub total: i64,
    pub members: Vec<MemberView>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MemberQuery {
    /// The subtree of this org (default: everything the caller may see).
    pub org_id: Option<i64>,
    /// Only members directly in `org_id`, not its sub-organisations.
    #[serde(default)]
    pub direct: bool,
    /// Name contains.
    pub name: Option<String>,
    #[serde(default)]
    pub include_left: bool,
    /// At most 500; default 100.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

fn refused(t: T, refusal: MemberRefusal) -> Error {
    match refusal {
        MemberRefusal::Fields(errors) => invalid(t, "member.field.", &errors),
        other => Error::problem(&other),
    }
}

#[utoipa::path(get, path = "/api/v1/members", tag = "members", params(MemberQuery), security(("bearer" = [])),
    responses((status = 200, body = MemberPage), (status = 404, body = crate::api::openapi::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<MemberQuery>,
) -> Result<Json<MemberPage>> {
    let roots = org_rules::scope(&state, &user, q.org_id, Action::ViewRoster).await?;
    let filter = RosterFilter {
        org_id: q.org_id.filter(|_| q.direct),
        name: q.name,
        include_left: q.include_left,
    };
    let limit = q.limit.unwrap_or(100).clamp(1, 500);
    let (members, total) = store::members::list(
        state.db.read(),
        &roots,
        &filter,
        limit,
        q.offset.unwrap_or(0).max(0),
    )
    .await?;
    Ok(Json(MemberPage {
        total,
        members: members
            .into_iter()
            .map(|m| rules::visible(&user, m).into())
            .collect(),
    }))
}

#[utoipa::path(get, path = "/api/v1/members/{id}", params(("id" = i64, Path, description = "The member")), tag = "members", security(("bearer" = [])),
    responses((status = 200, body = MemberView), (status = 404, body = crate::api::openapi::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<MemberView>> {
    let m = rules::view(&state, &user, id).await?;
    Ok(Json(rules::visible(&user, m).into()))
}

#[derive(Deserialize, ToSchema)]
pub struct NewMemberBody {
    pub org_id: i64,
    #[serde(flatten)]
    #[schema(inline)]
    pub fields: MemberFieldsBody,
}

/// Member fields; dates as YYYY-MM-DD (2022年8月5日 and 2022/8/5 are accepted too).
#[derive(Deserialize, ToSchema, Default)]
pub struct MemberFieldsBody {
    pub name: String,
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub member_type: String,
    #[serde(default)]
    pub joined_party: String,
    #[serde(default)]
    pub positions: Vec<String>,
}

impl From<MemberFieldsBody> for MemberInput {
    fn from(b: MemberFieldsBody) -> MemberInput {
        MemberInput {
            name: b.name,
            gender: b.gender,
            birth_date: b.birth_date,
            phone: b.phone,
            email: b.email,
            member_type: b.member_type,
            joined_party: b.joined_party,
            positions: b.positions,
        }
    }
}

async fn reload(state: &AppState, user: &CurrentUser, id: i64) -> Result<Json<MemberView>> {
    let m = store::members::by_id(state.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)?;
    Ok(Json(rules::visible(user, m).into()))
}

#[utoipa::path(post, path = "/api/v1/members", tag = "members", request_body = NewMemberBody, security(("bearer" = [])),
    responses((status = 201, body = MemberView), (status = 404, body = crate::api::openapi::ErrorBody), (status = 422, body = crate::api::openapi::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    ApiJson(body): ApiJson<NewMemberBody>,
) -> Result<(StatusCode, Json<MemberView>)> {
    let org = org_rules::load(&state, &user, body.org_id, Action::ManageRoster).await?;
    let input: MemberInput = body.fields.into();
    let id = rules::create(&state, &user, &org, &input)
        .await?
        .map_err(|r| refused(t, r))?;
    Ok((StatusCode::CREATED, reload(&state, &user, id).await?))
}

#[utoipa::path(put, path = "/api/v1/members/{id}", params(("id" = i64, Path, description = "The member")), tag = "members", request_body = MemberFieldsBody, security(("bearer" = [])),
    responses((status = 200, body = MemberView), (status = 404, body = crate::api::openapi::ErrorBody), (status = 422, body = crate::api::openapi::ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<MemberFieldsBody>,
) -> Result<Json<MemberView>> {
    let m = rules::load(&state, &user, id, Action::ManageRoster).await?;
    rules::update(&state, &user, &m, &body.into())
        .await?
        .map_err(|r| refused(t, r))?;
    reload(&state, &user, id).await
}

#[derive(Deserialize, ToSchema)]
pub struct TransferBody {
    pub to_org_id: i64,
    #[serde(default)]
    pub note: String,
}

#[utoipa::path(post, path = "/api/v1/members/{id}/transfer", params(("id" = i64, Path, description = "The member")), tag = "members", request_body = TransferBody, security(("bearer" = [])),
    responses((status = 200, body = MemberView), (status = 404, body = crate::api::openapi::ErrorBody), (status = 422, body = crate::api::openapi::ErrorBody)))]
pub async fn transfer(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<TransferBody>,
) -> Result<Json<MemberView>> {
    let m = rules::load(&state, &user, id, Action::ManageRoster).await?;
    let to = org_rules::load(&state, &user, body.to_org_id, Action::ManageRoster).await?;
    rules::transfer(&state, &user, &m, &to, &body.note)
        .await?
        .map_err(|r| refused(t, r))?;
    reload(&state, &user, id).await
}

#[utoipa::path(post, path = "/api/v1/members/{id}/leave", params(("id" = i64, Path, description = "The member")), tag = "members", security(("bearer" = [])),
    responses((status = 200, body = MemberView), (status = 404, body = crate::api::openapi::ErrorBody)))]
pub async fn leave(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<MemberView>> {
    let m = rules::load(&state, &user, id, Action::ManageRoster).await?;
    rules::set_active(&state, &user, &m, false).await?;
    reload(&state, &user, id).await
}

#[utoipa::path(post, path = "/api/v1/members/{id}/rejoin", params(("id" = i64, Path, description = "The member")), tag = "members", security(("bearer" = [])),
    responses((status = 200, body = MemberView), (status = 404, body = crate::api::openapi::ErrorBody)))]
pub async fn rejoin(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<MemberView>> {
    let m = rules::load(&state, &user, id, Action::ManageRoster).await?;
    rules::set_active(&state, &user, &m, true).await?;
    reload(&state, &user, id).await
}
