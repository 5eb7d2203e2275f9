//! `/api/v1` for a member's part in a study campaign: their own self-study entries (自学,
//! online study elsewhere) and progress with what is left; reflections (心得体会) written,
//! edited (409 on a stale version), withdrawn, commented on and featured by the branch.
//!
//! Every use case answers `Result<Result<T, Refused>>`: the outer error is not found (404:
//! anything that is not the caller's to see) or internal, the inner a rule's "no", answered by
//! [`refused`] as 422 (409 for a stale version) with the field it belongs to.

mod reflections;
mod study;
mod views;

use super::openapi_common::CommonResponses;
use crate::error::{Error, FieldIssue, Message};
use crate::routes::Routes;
use app::campaigns::Refused;
use axum::http::StatusCode;
use domain::Problem;
use utoipa::OpenApi;

/// Every route of members' study.
pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/campaigns/{id}/study-logs", study::list)
        .post("/api/v1/campaigns/{id}/study-logs", study::create)
        .post("/api/v1/study-logs/{id}/withdraw", study::withdraw)
        .get("/api/v1/campaigns/{id}/progress", study::progress)
        .get("/api/v1/campaigns/{id}/reflections", reflections::list)
        .post("/api/v1/campaigns/{id}/reflections", reflections::create)
        .get("/api/v1/reflections/{id}", reflections::show)
        .put("/api/v1/reflections/{id}", reflections::update)
        .post("/api/v1/reflections/{id}/withdraw", reflections::withdraw)
        .post("/api/v1/reflections/{id}/comments", reflections::comment)
        .put("/api/v1/reflections/{id}/feature", reflections::feature)
}

/// The part of the OpenAPI document these routes make, merged into the whole.
#[derive(OpenApi)]
#[openapi(
    paths(
        study::list,
        study::create,
        study::withdraw,
        study::progress,
        reflections::list,
        reflections::create,
        reflections::show,
        reflections::update,
        reflections::withdraw,
        reflections::comment,
        reflections::feature,
    ),
    modifiers(&CommonResponses),
    tags(
        (name = "study", description = "A member's study in a campaign (主题学习活动): their own self-study entries (自学) and online study elsewhere (学习强国 …) with its link, their progress with what is left (sessions sat in count too), and reflections (心得体会) with every version, the branch's comments and featuring"),
    )
)]
pub struct StudyDoc;

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

/// A value of a field that cannot be read (a date, a source), as 422 naming the field.
pub(crate) fn unreadable(field: &'static str, code: &'static str, key: &'static str) -> Error {
    Error::unprocessable(code, key).problems(vec![FieldIssue {
        field: field.to_owned(),
        code,
        message: Message::new(key),
    }])
}
