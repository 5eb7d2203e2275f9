//! The JSON API under `/api/v1`, described by the OpenAPI document it serves.

mod json;
mod me;
mod openapi;
mod token;

pub use json::ApiJson;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/auth/token",
            post(token::create).delete(token::revoke),
        )
        .route("/api/v1/me", get(me::show))
        .route("/api/v1/me/password", post(me::change_password))
        .route("/api/v1/openapi.json", get(openapi::document))
}
