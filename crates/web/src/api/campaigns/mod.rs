//! `/api/v1/campaigns` and around: study campaigns (主题学习活动) for integrations — write one
//! with its materials and required activities, open and close it, keep its materials, and put
//! an activity in it with the materials it studied.
//!
//! Every use case answers `Result<Result<T, Refused>>`: the outer error is not found (404) or
//! internal, the inner a rule's "no", answered by [`refused`] as 422 (409 for a stale version)
//! with the field it belongs to.

pub(super) mod materials;
pub(super) mod records;
pub(super) mod sessions;
mod views;

use crate::error::{Error, FieldIssue, Message};
use crate::routes::Routes;
use app::campaigns::Refused;
use axum::http::StatusCode;
use domain::Problem;

/// Every route of campaign management.
pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/campaigns", records::list)
        .post("/api/v1/campaigns", records::create)
        .get("/api/v1/campaigns/{id}", records::show)
        .put("/api/v1/campaigns/{id}", records::update)
        .post("/api/v1/campaigns/{id}/open", records::open)
        .post("/api/v1/campaigns/{id}/close", records::close)
        .get("/api/v1/campaigns/{id}/versions", records::versions)
        .post("/api/v1/campaigns/{id}/materials", materials::add)
        .put(
            "/api/v1/campaigns/{id}/materials/{material_id}",
            materials::update,
        )
        .delete(
            "/api/v1/campaigns/{id}/materials/{material_id}",
            materials::remove,
        )
        .get("/api/v1/activities/{id}/campaign", sessions::show)
        .put("/api/v1/activities/{id}/campaign", sessions::link)
}

/// A rule's "no" as the API answers it: 409 for a stale version, else 422; the field it
/// belongs to named in `problems`.
pub(crate) fn refused(r: Refused) -> Error {
    let status = match r {
        Refused::Stale { .. } => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let e = Error::problem_as(status, &r);
    match r.field() {
        Some(field) => {
            let mut message = Message::new(r.message_key());
            message.args = r.args();
            e.problems(vec![FieldIssue {
                field: field.to_owned(),
                code: r.code(),
                message,
            }])
        }
        None => e,
    }
}

/// A use case's answer with its rule's "no" turned into the API's error.
pub(crate) fn answer<T>(r: Result<T, Refused>) -> crate::error::Result<T> {
    r.map_err(refused)
}

/// A date as the API takes it (`YYYY-MM-DD`), or 422 `invalid_date` naming the field.
pub(crate) fn date(field: &str, s: &str) -> crate::error::Result<jiff::civil::Date> {
    s.trim().parse().map_err(|_| {
        Error::unprocessable("invalid_date", "campaign.problem.date").problems(vec![FieldIssue {
            field: field.to_owned(),
            code: "invalid_date",
            message: Message::new("campaign.problem.date"),
        }])
    })
}
