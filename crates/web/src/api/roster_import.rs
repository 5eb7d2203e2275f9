//! `POST /api/v1/members/import`: check a roster file, or import it when it is clean.

use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::ledger::{self, import_http, upload};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// `true` writes the rows when the file has no problem; `false` (the default) only checks.
    commit: Option<bool>,
    /// The org every row goes to (rows may name an org under it); without it every row must
    /// name its org in the 所在组织 column.
    org_id: Option<i64>,
}

/// The upload: one multipart field.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ImportUpload {
    /// The roster: .xlsx, .xls, or CSV in UTF-8 (with or without BOM) or GBK; at most 20 MB
    /// and 200,000 rows. Columns (Chinese or English headers, any order): 姓名 name,
    /// 所在组织 org, 性别 gender, 出生日期 birth date, 手机号码 phone, 电子邮箱 email,
    /// 党员类型 member type, 入党日期 date joined, 职务 positions.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// One problem found in the file.
#[derive(Serialize, ToSchema)]
pub struct ImportProblem {
    /// The row as the spreadsheet numbers it (the header is row 1); null for the whole file.
    row: Option<u32>,
    /// The column's header as the file writes it (or its usual name); null for the whole file.
    column: Option<String>,
    /// The roster field: name, org, gender, birth_date, phone, email, member_type,
    /// joined_party or positions.
    field: Option<String>,
    /// missing_column, missing, phone, date, future_date, unknown_org, duplicate_in_file,
    /// duplicate_in_roster, empty_file, header_only, not_a_spreadsheet, unknown_encoding …
    code: String,
    /// For people, in the request's language.
    message: String,
}

#[derive(Serialize, ToSchema)]
pub struct ImportResult {
    /// No problem found.
    ok: bool,
    /// The rows were written.
    committed: bool,
    /// Data rows in the file.
    rows: usize,
    /// All problems found; `problems` lists the first 1,000.
    problem_count: usize,
    problems: Vec<ImportProblem>,
}

#[utoipa::path(
    post, path = "/api/v1/members/import", tag = "ledger",
    security(("bearer" = [])),
    params(ImportParams),
    request_body(content = ImportUpload, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "The file is clean; with commit=true its rows were written, in one transaction", body = ImportResult),
        (status = 422, description = "Problems found, each by row and column; nothing was written", body = ImportResult),
        (status = 401, description = "No valid token", body = crate::api::openapi::ErrorBody),
        (status = 404, description = "The caller may not import, or not into org_id", body = crate::api::openapi::ErrorBody),
        (status = 413, description = "The file is larger than 20 MB", body = crate::api::openapi::ErrorBody),
    )
)]
pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Query(params): Query<ImportParams>,
    request: Request,
) -> Result<Response> {
    let roots = import_http::may_import(&state, &user, params.org_id).await?;
    let upload = upload::read(request).await?;
    let commit = params.commit.unwrap_or(false);
    let org_id = params.org_id;
    let report = import_http::import(&state, &user, roots, upload.file, org_id, commit).await?;
    let body = ImportResult {
        ok: report.ok(),
        committed: report.committed,
        rows: report.rows,
        problem_count: report.problem_count,
        problems: report
            .problems
            .iter()
            .take(ledger::MAX_LISTED)
            .map(|p| ImportProblem {
                row: p.row,
                column: p.column(t),
                field: p.field.map(|f| f.code().to_owned()),
                code: p.code().to_owned(),
                message: p.message(t),
            })
            .collect(),
    };
    let status = if body.ok {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(body)).into_response())
}
