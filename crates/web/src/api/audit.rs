//! `GET /api/v1/audit`: the audit log for audit administrators, filtered and paged like the
//! audit page (see `audit_query` for who sees which events).

use crate::audit_query::{self, AuditQuery, FilterProblem};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use app::zone::rfc3339;
use axum::Json;
use axum::extract::{Query, State};
use serde::Serialize;
use store::audit::{self, Page};
use utoipa::ToSchema;

/// One recorded event.
#[derive(Serialize, ToSchema)]
pub struct AuditEventView {
    /// Position in the hash chain; higher is newer.
    pub seq: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub account_id: Option<i64>,
    /// The username recorded (as typed, for failed logins); `system` for the server itself.
    pub username: String,
    pub ip: String,
    /// Action code: login, logout, session.end, access.denied, audit.export …
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub org_id: Option<i64>,
    pub org_name: Option<String>,
    /// success, failure or denied
    pub result: String,
    pub detail: String,
}

/// A page of events, newest first, and how many match in all.
#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub events: Vec<AuditEventView>,
}

#[utoipa::path(
    get, path = "/api/v1/audit", tag = "audit",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "Matching events, newest first", body = AuditPage),
        (status = 401, description = "No valid token", body = crate::api::openapi::ErrorBody),
        (status = 404, description = "The account may not read the audit log, or the org is outside its grant (the refusal is recorded)", body = crate::api::openapi::ErrorBody),
        (status = 422, description = "A filter is malformed (code invalid_filter)", body = crate::api::openapi::ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<AuditQuery>,
) -> Result<Json<AuditPage>> {
    let roots = audit_query::require_auditor(&state, &user).await?;
    let criteria = q.parse(&state.zone).map_err(FilterProblem::error)?;
    let scope = audit_query::scope(&state, &user, roots, criteria.org_id).await?;
    let filter = audit_query::filter(&criteria, &scope);
    let total = audit::count(state.db.read(), &filter).await?;
    let page = Page::new(criteria.per_page, criteria.offset());
    let events = audit::search(state.db.read(), &filter, page).await?;
    Ok(Json(AuditPage {
        total,
        page: criteria.page,
        per_page: criteria.per_page,
        events: events
            .into_iter()
            .map(|e| AuditEventView {
                seq: e.seq,
                at: rfc3339(e.at),
                account_id: e.account_id,
                username: e.username,
                ip: e.ip,
                action: e.action,
                object_type: e.object_type,
                object_id: e.object_id,
                org_id: e.org_id,
                org_name: e.org_name,
                result: e.result,
                detail: e.detail,
            })
            .collect(),
    }))
}
