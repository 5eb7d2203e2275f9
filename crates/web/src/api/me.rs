//! `GET /api/v1/me`: who the token belongs to and what they may do;
//! `POST /api/v1/me/password`: change one's password.

use super::ApiJson;
use crate::auth::AnyUser;
use crate::auth::password_change;
use crate::error::{Error, Result};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct AccountRef {
    pub id: i64,
    pub username: String,
}

#[derive(Serialize, ToSchema)]
pub struct GrantView {
    /// committee_admin, branch_admin, member, system_admin, security_admin or audit_admin
    pub role: String,
    pub org_id: i64,
    pub org_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub account: AccountRef,
    pub display_name: String,
    /// zh-CN or en; null when the account follows the browser.
    pub locale: Option<String>,
    pub must_change_password: bool,
    pub grants: Vec<GrantView>,
}

#[utoipa::path(
    get, path = "/api/v1/me", tag = "account",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account the token belongs to", body = Me),
        (status = 401, description = "No valid token", body = crate::api::openapi::ErrorBody),
    )
)]
pub async fn show(user: AnyUser) -> Result<Json<Me>> {
    let a = &user.account;
    Ok(Json(Me {
        account: AccountRef {
            id: a.id,
            username: a.username.clone(),
        },
        display_name: a.display_name.clone(),
        locale: a.locale.map(|l| l.as_str().to_owned()),
        must_change_password: a.must_change_password,
        grants: user
            .grants
            .iter()
            .map(|g| GrantView {
                role: g.role.as_str().to_owned(),
                org_id: g.org_id,
                org_name: g.org_name.clone(),
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

#[utoipa::path(
    post, path = "/api/v1/me/password", tag = "account",
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; every session of the account, this token's included, has ended"),
        (status = 401, description = "No valid token", body = crate::api::openapi::ErrorBody),
        (status = 422, description = "Wrong current password, or the new one breaks the policy", body = crate::api::openapi::ErrorBody),
    )
)]
pub async fn change_password(
    State(state): State<AppState>,
    user: AnyUser,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<StatusCode> {
    match password_change::change(&state, &user, body.current_password, &body.new_password).await? {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(problem) => Err(Error::problem(&problem)),
    }
}
