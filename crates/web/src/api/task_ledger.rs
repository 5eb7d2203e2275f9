//! `GET /api/v1/tasks/{id}/board.xlsx`: a period of the supervision board as a 台账, the same
//! workbook the task's page offers.

use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::state::AppState;
use crate::tasks::board_ledger;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

type ErrorBody = crate::api::openapi::ErrorBody;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LedgerQuery {
    /// The period (`once`, `2026-11` …); default the newest.
    pub period: Option<String>,
}

#[utoipa::path(
    get, path = "/api/v1/tasks/{id}/board.xlsx", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task"), LedgerQuery),
    responses(
        (status = 200, description = "报送情况台账: a title row naming the task and period with its counts, then 序号, 组织, 状态, 首次报送时间, 最近报送时间, 是否逾期, 变更待审 per reporting org in tree order", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 404, description = "Not a task of the caller's assigning orgs, or no such period", body = ErrorBody),
    )
)]
pub async fn ledger(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path(id): Path<i64>,
    Query(q): Query<LedgerQuery>,
) -> Result<Response> {
    board_ledger::download(&state, &user, t, id, q.period.as_deref()).await
}
