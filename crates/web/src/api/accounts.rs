//! `/api/v1/accounts` and `/api/v1/grants`: account administration for integrations, with the
//! same rules as the pages (`app::accounts`). Passwords appear in exactly two answers,
//! creating an account and resetting its password, and only those once.

use super::ApiJson;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use app::accounts::list::{self, Row, Status};
use app::accounts::target::{self, Need};
use app::accounts::{create, detail, grants, password, status};
use app::zone::rfc3339;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use serde::{Deserialize, Serialize};
use store::accounts::Summary;
use store::grants::GrantRecord;
use utoipa::{IntoParams, ToSchema};

type ErrorBody = crate::api::openapi::ErrorBody;

/// Answers that carry a password are kept out of every cache.
const NO_STORE: [(axum::http::HeaderName, &str); 1] = [(CACHE_CONTROL, "no-store")];

#[derive(Serialize, ToSchema)]
pub struct OrgRef {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct AccountView {
    pub id: i64,
    pub username: String,
    /// Null when the account is a member's and the caller may not read that roster (system
    /// roles read no roster).
    pub display_name: Option<String>,
    /// The account is linked to a member (党员).
    pub member_linked: bool,
    /// The org of the linked member.
    pub org: Option<OrgRef>,
    /// active, disabled or locked
    pub status: String,
    /// When a locked account unlocks (RFC 3339, UTC).
    pub locked_until: Option<String>,
    /// The account must choose a new password at its next login.
    pub must_change_password: bool,
    pub created_at: String,
}

fn view(summary: &Summary, name: Option<String>, status: Status) -> AccountView {
    AccountView {
        id: summary.id,
        username: summary.username.clone(),
        display_name: name,
        member_linked: summary.member_id.is_some(),
        org: summary
            .member_org_id
            .zip(summary.member_org_name.clone())
            .map(|(id, name)| OrgRef { id, name }),
        status: status.code().to_owned(),
        locked_until: match status {
            Status::Locked(until) => Some(rfc3339(until)),
            _ => None,
        },
        must_change_password: summary.must_change_password,
        created_at: rfc3339(summary.created_at),
    }
}

impl From<Row> for AccountView {
    fn from(r: Row) -> AccountView {
        view(&r.summary, r.name, r.status)
    }
}

#[derive(Serialize, ToSchema)]
pub struct GrantRecordView {
    pub id: i64,
    pub account_id: i64,
    /// committee_admin, branch_admin, member, system_admin, security_admin or audit_admin
    pub role: String,
    /// The grant covers this org and everything under it.
    pub org_id: i64,
    pub org_name: String,
    /// Username of the granter; null for grants made by the system.
    pub granted_by: Option<String>,
    pub granted_at: String,
    /// Set once revoked; a revoked grant gives nothing.
    pub revoked_at: Option<String>,
}

impl From<GrantRecord> for GrantRecordView {
    fn from(g: GrantRecord) -> GrantRecordView {
        GrantRecordView {
            id: g.id,
            account_id: g.account_id,
            role: g.role,
            org_id: g.org_id,
            org_name: g.org_name,
            granted_by: g.granted_by,
            granted_at: rfc3339(g.created_at),
            revoked_at: g.revoked_at.map(rfc3339),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AccountPage {
    /// How many accounts match, on all pages.
    pub total: i64,
    pub accounts: Vec<AccountView>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountQuery {
    /// Username or display name contains.
    pub q: Option<String>,
    /// At most 100; default 30.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[utoipa::path(
    get, path = "/api/v1/accounts", tag = "accounts", params(AccountQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The accounts the caller administers, by username", body = AccountPage),
        (status = 404, description = "The caller administers no accounts", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<AccountQuery>,
) -> Result<Json<AccountPage>> {
    let listing = list::list(
        &state,
        &user,
        q.q.as_deref().unwrap_or(""),
        q.limit.unwrap_or(list::PER_PAGE),
        q.offset.unwrap_or(0),
    )
    .await?;
    Ok(Json(AccountPage {
        total: listing.total,
        accounts: listing.rows.into_iter().map(AccountView::from).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewAccount {
    /// 3–32 of a-z, 0-9, '.', '_', '-', starting with a letter or digit; stored lowercased.
    pub username: String,
    /// Defaults to the member's name.
    pub display_name: Option<String>,
    /// The member (党员) the account is for; required unless the caller manages all accounts.
    pub member_id: Option<i64>,
    /// The first role; defaults to `member` for a member's account.
    pub role: Option<String>,
    /// The org of the first role; defaults to the member's org.
    pub org_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedAccount {
    pub id: i64,
    pub username: String,
    /// Shown this once; the account must change it at its first login.
    pub initial_password: String,
}

#[utoipa::path(
    post, path = "/api/v1/accounts", tag = "accounts", request_body = NewAccount,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created; the password is never shown again", body = CreatedAccount),
        (status = 403, description = "The first role is not the caller's to grant", body = ErrorBody),
        (status = 404, description = "The member or org is outside the caller's subtree", body = ErrorBody),
        (status = 409, description = "The username is taken, or the member has an account", body = ErrorBody),
        (status = 422, description = "A field is invalid; the message names it", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NewAccount>,
) -> Result<(
    StatusCode,
    [(axum::http::HeaderName, &'static str); 1],
    Json<CreatedAccount>,
)> {
    let input = create::NewAccountInput {
        username: body.username,
        display_name: body.display_name,
        member_id: body.member_id,
        role: body.role,
        org_id: body.org_id,
    };
    let created = create::create(&state, &user, &input).await?;
    Ok((
        StatusCode::CREATED,
        NO_STORE,
        Json(CreatedAccount {
            id: created.id,
            username: created.username.to_string(),
            initial_password: created.password.expose().to_owned(),
        }),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct AccountDetail {
    pub account: AccountView,
    /// Sessions (browsers and API tokens) open now.
    pub open_sessions: i64,
    /// Every grant, live ones first.
    pub grants: Vec<GrantRecordView>,
}

#[utoipa::path(
    get, path = "/api/v1/accounts/{id}", params(("id" = i64, Path, description = "The account")), tag = "accounts", security(("bearer" = [])),
    responses(
        (status = 200, body = AccountDetail),
        (status = 404, description = "No such account, or outside the caller's reach", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<AccountDetail>> {
    let d = detail::load(&state, &user, id).await?;
    Ok(Json(AccountDetail {
        account: view(&d.target.summary, d.name, d.status),
        open_sessions: d.open_sessions as i64,
        grants: d.history.into_iter().map(GrantRecordView::from).collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct TemporaryPassword {
    /// Shown this once; the account must change it at its next login.
    pub temporary_password: String,
}

#[utoipa::path(
    post, path = "/api/v1/accounts/{id}/reset-password", params(("id" = i64, Path, description = "The account")), tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Reset; every session of the account has ended", body = TemporaryPassword),
        (status = 403, description = "The caller's own account; `system_account`: a system, security or audit administrator's account (changed only at the server); `reset_by_org_admin`: an account with business powers, reset by its organisation's administrator", body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
pub async fn reset_password(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<(
    [(axum::http::HeaderName, &'static str); 1],
    Json<TemporaryPassword>,
)> {
    let temporary = password::reset(&state, &user, id).await?;
    Ok((
        NO_STORE,
        Json(TemporaryPassword {
            temporary_password: temporary.expose().to_owned(),
        }),
    ))
}

#[utoipa::path(
    post, path = "/api/v1/accounts/{id}/disable", params(("id" = i64, Path, description = "The account")), tag = "accounts", security(("bearer" = [])),
    responses(
        (status = 204, description = "Disabled (or already was); its sessions have ended"),
        (status = 403, description = "The caller's own account; `system_account`: a system, security or audit administrator's account (changed only at the server)", body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
pub async fn disable(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode> {
    status::set_disabled(&state, &user, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post, path = "/api/v1/accounts/{id}/enable", params(("id" = i64, Path, description = "The account")), tag = "accounts", security(("bearer" = [])),
    responses(
        (status = 204, description = "Enabled (or already was)"),
        (status = 403, description = "The caller's own account; `system_account`: a system, security or audit administrator's account (changed only at the server)", body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
pub async fn enable(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode> {
    status::set_disabled(&state, &user, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get, path = "/api/v1/accounts/{id}/grants", params(("id" = i64, Path, description = "The account")), tag = "accounts", security(("bearer" = [])),
    responses(
        (status = 200, description = "Every grant of the account, live ones first", body = [GrantRecordView]),
        (status = 404, body = ErrorBody),
    )
)]
pub async fn grant_list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<GrantRecordView>>> {
    target::load(&state, &user, id, Need::See).await?;
    let history = store::grants::history(state.db.read(), id).await?;
    Ok(Json(
        history.into_iter().map(GrantRecordView::from).collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct NewGrant {
    /// committee_admin, branch_admin, member, system_admin, security_admin or audit_admin
    pub role: String,
    /// The grant covers this org and everything under it.
    pub org_id: i64,
}

#[utoipa::path(
    post, path = "/api/v1/accounts/{id}/grants", params(("id" = i64, Path, description = "The account")), tag = "accounts", request_body = NewGrant,
    security(("bearer" = [])),
    responses(
        (status = 201, body = GrantRecordView),
        (status = 403, description = "A grant to oneself, or a role not the caller's to grant", body = ErrorBody),
        (status = 404, description = "The account or org is outside the caller's reach", body = ErrorBody),
        (status = 409, description = "The account already holds the role there", body = ErrorBody),
        (status = 422, description = "Unknown role, or a system role beside other roles", body = ErrorBody),
    )
)]
pub async fn grant_create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<NewGrant>,
) -> Result<(StatusCode, Json<GrantRecordView>)> {
    let record = grants::add(&state, &user, id, &body.role, Some(body.org_id)).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

#[utoipa::path(
    delete, path = "/api/v1/grants/{id}", params(("id" = i64, Path, description = "The grant")), tag = "accounts", security(("bearer" = [])),
    responses(
        (status = 204, description = "Revoked; the grant stays on record with its end time"),
        (status = 403, description = "One's own grant, or a role not the caller's to revoke; `system_grant`: a system role, revoked only at the server", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Already revoked", body = ErrorBody),
    )
)]
pub async fn grant_revoke(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode> {
    grants::revoke(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
