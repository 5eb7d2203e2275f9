//! `POST /api/v1/auth/token`: exchange a username and password for a bearer token;
//! `DELETE` ends the token the request carries.

use super::ApiJson;
use crate::auth::login::{self, Refusal};
use crate::auth::{AnyUser, Client};
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::state::AppState;
use app::zone::rfc3339;
use axum::Json;
use axum::extract::State;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use store::sessions::SessionKind;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    pub username: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// RFC 3339, UTC: the latest the token lives; it also ends after 30 idle minutes.
    pub expires_at: String,
    pub must_change_password: bool,
}

#[utoipa::path(
    post, path = "/api/v1/auth/token", tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 401, description = "Wrong username or password", body = crate::api::openapi::ErrorBody),
        (status = 403, description = "Account disabled", body = crate::api::openapi::ErrorBody),
        (status = 422, description = "Malformed body", body = crate::api::openapi::ErrorBody),
        (status = 429, description = "Account locked or address limited; the message says until when, `Retry-After` how many seconds", body = crate::api::openapi::ErrorBody),
        (status = 503, description = "Too many logins being checked at once; try again after `Retry-After` seconds", body = crate::api::openapi::ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    client: Client,
    t: T,
    ApiJson(body): ApiJson<TokenRequest>,
) -> Result<Response> {
    let refusal = match login::attempt(
        &state,
        &body.username,
        body.password,
        &client,
        SessionKind::Api,
        None,
    )
    .await?
    {
        Ok(done) => {
            return Ok(Json(TokenResponse {
                token: done.secret,
                expires_at: rfc3339(done.expires_at),
                must_change_password: done.account.must_change_password,
            })
            .into_response());
        }
        Err(refusal) => refusal,
    };
    let error = match refusal {
        Refusal::BadCredentials { .. } => Error::client(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "login.failed",
        ),
        Refusal::Locked { until } => Error::too_many("account_locked", "login.locked")
            .arg("until", state.zone.date_time(until, t.locale))
            .detail(rfc3339(until)),
        Refusal::AddressLimited { until } => {
            Error::too_many("address_limited", "login.address_limited")
                .arg("until", state.zone.date_time(until, t.locale))
                .detail(rfc3339(until))
        }
        Refusal::Disabled => {
            Error::client(StatusCode::FORBIDDEN, "account_disabled", "login.disabled")
        }
        Refusal::Busy { .. } => {
            Error::client(StatusCode::SERVICE_UNAVAILABLE, "busy", "login.busy")
        }
    };
    let mut response = error.into_response();
    if let Some(secs) = refusal.retry_after(state.now()) {
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(secs));
    }
    Ok(response)
}

#[utoipa::path(
    delete, path = "/api/v1/auth/token", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The token no longer works"),
        (status = 401, description = "No valid token", body = crate::api::openapi::ErrorBody),
    )
)]
pub async fn revoke(State(state): State<AppState>, user: AnyUser) -> Result<StatusCode> {
    crate::auth::logout::end_current(&state, &user).await?;
    Ok(StatusCode::NO_CONTENT)
}
