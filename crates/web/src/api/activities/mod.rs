//! `/api/v1/activities` and around: branch activities (活动 / 会议记录) for integrations — plan
//! or record one, edit it while it is open, hold, confirm and cancel it, correct a confirmed
//! record with its reason, read every version; attendance (考勤) and a member confirming their
//! own; photos; the 三会一课 ledger, the committee's board, a member's own list; the kinds of
//! activity and each branch's choices.
//!
//! Every use case answers `Result<Result<T, Refused>>`: the outer error is not found (404) or
//! internal, the inner a rule's "no", answered by [`refused`] as 422 (409 for a stale version)
//! with the field it belongs to.

pub(super) mod attendance;
mod body;
pub(super) mod photos;
pub(super) mod records;
pub(super) mod summaries;
mod views;

use crate::error::{Error, FieldIssue, Message};
use crate::routes::Routes;
use app::activities::Refused;
use axum::http::StatusCode;
use domain::Problem;

/// Every route of activities.
pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/activities", records::list)
        .post("/api/v1/activities", records::create)
        .get("/api/v1/activities/ledger", summaries::ledger)
        .get("/api/v1/activities/board", summaries::board)
        .get("/api/v1/activities/{id}", records::show)
        .put("/api/v1/activities/{id}", records::update)
        .post("/api/v1/activities/{id}/held", records::held)
        .post("/api/v1/activities/{id}/confirm", records::confirm)
        .post("/api/v1/activities/{id}/cancel", records::cancel)
        .post("/api/v1/activities/{id}/correct", records::correct)
        .get("/api/v1/activities/{id}/versions", records::versions)
        .put("/api/v1/activities/{id}/attendance", attendance::mark)
        .post("/api/v1/activities/{id}/attend", attendance::attend)
        .post_with_body_limit(
            "/api/v1/activities/{id}/photos",
            photos::add,
            crate::files::BODY_LIMIT,
        )
        .get("/api/v1/activities/{id}/photos/{photo_id}", photos::show)
        .get("/api/v1/me/activities", summaries::mine)
        .get("/api/v1/activity-kinds", summaries::kinds)
        .put("/api/v1/activity-kinds", summaries::set_kinds)
        .get("/api/v1/orgs/{id}/activity-settings", summaries::settings)
        .put(
            "/api/v1/orgs/{id}/activity-settings",
            summaries::set_settings,
        )
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
