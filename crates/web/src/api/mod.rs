//! The JSON API under `/api/v1`, described by the OpenAPI document it serves.

mod audit;
mod json;
mod members;
mod me;
mod openapi;
mod orgs;
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
        .get("/api/v1/orgs", orgs::list)
        .post("/api/v1/orgs", orgs::create)
        .get("/api/v1/orgs/{id}", orgs::show)
        .put("/api/v1/orgs/{id}", orgs::update)
        .post("/api/v1/orgs/{id}/move", orgs::move_under)
        .post("/api/v1/orgs/{id}/close", orgs::close)
        .post("/api/v1/orgs/{id}/reopen", orgs::reopen)
        .get("/api/v1/members", members::list)
        .post("/api/v1/members", members::create)
        .get("/api/v1/members/{id}", members::show)
        .put("/api/v1/members/{id}", members::update)
        .post("/api/v1/members/{id}/transfer", members::transfer)
        .post("/api/v1/members/{id}/leave", members::leave)
        .post("/api/v1/members/{id}/rejoin", members::rejoin)
        .get("/api/v1/audit", audit::list)
}
