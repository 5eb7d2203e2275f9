//! `GET /api/v1/orgs/export.xlsx` and `GET /api/v1/members/export.xlsx`: the ledgers (台账).

use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::ledger::exports::{self, LedgerQuery};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::Response;

#[utoipa::path(
    get, path = "/api/v1/orgs/export.xlsx", tag = "ledger",
    security(("bearer" = [])),
    params(LedgerQuery),
    responses(
        (status = 200, description = "组织台账: the org tree (level, name, short name, kind, society, contact, status, members including the orgs below) as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, description = "No valid token", body = crate::api::openapi::ErrorBody),
        (status = 404, description = "The caller may not export ledgers, or not of org_id", body = crate::api::openapi::ErrorBody),
    )
)]
pub async fn orgs(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Query(q): Query<LedgerQuery>,
) -> Result<Response> {
    exports::orgs(&state, &user, t, q).await
}

#[utoipa::path(
    get, path = "/api/v1/members/export.xlsx", tag = "ledger",
    security(("bearer" = [])),
    params(LedgerQuery),
    responses(
        (status = 200, description = "党员名册: the roster (序号, 姓名, 性别, 出生日期, 所在组织, 党员类型, 入党日期, 职务, 手机号码, 电子邮箱, 状态) as .xlsx; birth date, phone and email only where the caller may see personal data", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, description = "No valid token", body = crate::api::openapi::ErrorBody),
        (status = 404, description = "The caller may not export ledgers, or not of org_id", body = crate::api::openapi::ErrorBody),
    )
)]
pub async fn roster(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Query(q): Query<LedgerQuery>,
) -> Result<Response> {
    exports::roster(&state, &user, t, q).await
}
