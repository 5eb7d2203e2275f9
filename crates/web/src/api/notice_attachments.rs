//! `/api/v1/notices/{id}/attachments`: a notice's attachments (附件). Its issuer side adds
//! and removes them; the issuer side and the recipients list and download them.

use super::notice_views::AttachmentJson;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::notices::attachments;
use crate::state::AppState;
use app::notices::rules;
use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa::ToSchema;

type ErrorBody = crate::api::openapi::ErrorBody;

/// The upload: one multipart field.
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "only describes the multipart form for the OpenAPI document"
)]
pub struct AttachmentUpload {
    /// PDF, .docx/.xlsx/.pptx, .doc/.xls/.ppt, PNG, JPEG, GIF or plain UTF-8 text, told by the
    /// content; at most the server's upload limit (50 MB unless configured otherwise).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

#[utoipa::path(
    post, path = "/api/v1/notices/{id}/attachments", tag = "notices", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notice")),
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = AttachmentJson),
        (status = 404, description = "Not a notice of the caller's issuing orgs", body = ErrorBody),
        (status = 413, description = "Larger than the upload limit", body = ErrorBody),
        (status = 422, description = "file_type_refused (HTML, SVG, scripts, executables … the message names the file), empty_file, no_file, or withdrawn", body = ErrorBody),
    )
)]
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    request: Request,
) -> Result<(StatusCode, Json<AttachmentJson>)> {
    let added = attachments::add(&state, &user, id, request).await?;
    Ok((StatusCode::CREATED, Json(added.into())))
}

#[utoipa::path(
    get, path = "/api/v1/notices/{id}/attachments", tag = "notices", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notice")),
    responses(
        (status = 200, description = "Attachments not removed, oldest first", body = Vec<AttachmentJson>),
        (status = 404, description = "Neither issued nor received by the caller's orgs", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<AttachmentJson>>> {
    let loaded = rules::load(&state, &user, id).await?;
    let list = attachments::list(&state, loaded.notice.id).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

#[utoipa::path(
    get, path = "/api/v1/notices/{id}/attachments/{attachment_id}", tag = "notices", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notice"), ("attachment_id" = i64, Path, description = "The attachment")),
    responses(
        (status = 200, description = "The file, as an attachment (Content-Disposition with the original name), with the type found from its content", content_type = "*/*"),
        (status = 404, description = "No such attachment, removed, or the notice is not the caller's", body = ErrorBody),
    )
)]
pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, attachment_id)): Path<(i64, i64)>,
) -> Result<Response> {
    attachments::download(&state, &user, id, attachment_id).await
}

#[utoipa::path(
    delete, path = "/api/v1/notices/{id}/attachments/{attachment_id}", tag = "notices", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notice"), ("attachment_id" = i64, Path, description = "The attachment")),
    responses(
        (status = 204, description = "Removed (a state: the file is kept, no longer listed or downloadable)"),
        (status = 404, description = "No such attachment, removed already, or not the caller's to change", body = ErrorBody),
        (status = 422, description = "withdrawn", body = ErrorBody),
    )
)]
pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, attachment_id)): Path<(i64, i64)>,
) -> Result<StatusCode> {
    if !attachments::remove(&state, &user, id, attachment_id).await? {
        // Removed before: nothing of that id is there to remove.
        return Err(Error::not_found());
    }
    Ok(StatusCode::NO_CONTENT)
}
