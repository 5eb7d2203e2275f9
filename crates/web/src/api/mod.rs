//! The JSON API under `/api/v1`, described by the OpenAPI document it serves.

mod audit;
mod json;
mod me;
mod openapi;
mod token;

pub use json::ApiJson;

use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .post("/api/v1/auth/token", token::create)
        .delete("/api/v1/auth/token", token::revoke)
        .get("/api/v1/me", me::show)
        .post("/api/v1/me/password", me::change_password)
        .get("/api/v1/openapi.json", openapi::document)
        .get("/api/v1/audit", audit::list)
}
