//! An activity's photos over the API: an upload is decoded and encoded afresh (upright, at
//! most 1600 px, a 400 px thumbnail, no EXIF or GPS left) before a byte is kept; both JPEGs
//! are kept by content hash like every uploaded file, then recorded on the activity.

use super::answer;
use super::views::PhotoView;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::files::photos;
use crate::state::AppState;
use anyhow::Context;
use app::activities::media;
use app::activities::photo_image::PhotoProblem;
use axum::Json;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

type ErrorBody = crate::api::openapi::ErrorBody;

/// The upload.
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "only describes the multipart form for the OpenAPI document"
)]
pub struct PhotoUpload {
    /// A JPEG or PNG, at most the server's upload limit.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// At most 200 characters.
    caption: Option<String>,
}

/// After a refusal, this much more is read and dropped so the client sees the answer rather
/// than a reset connection.
const DRAIN: u64 = 8 * 1024 * 1024;

/// A photo refused, with its code; too large is 413 like every upload over the limit.
fn photo_error(p: PhotoProblem) -> Error {
    use domain::Problem;
    // Too large is 413 like every upload over the limit; the rest are the photo's own fault.
    let status = match p {
        PhotoProblem::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let key = p.message_key();
    p.args()
        .into_iter()
        .fold(Error::client(status, p.code(), key), |e, (name, value)| {
            e.arg(name, value)
        })
}

fn too_large(limit: u64) -> Error {
    photo_error(PhotoProblem::TooLarge {
        limit_mb: limit.div_ceil(1024 * 1024),
    })
}

fn invalid(detail: String) -> Error {
    Error::bad_request("invalid_upload", "notice.attachment.invalid_upload").detail(detail)
}

/// The photo's bytes and caption from the multipart fields `file` and `caption`, refused as
/// soon as the photo passes `limit`.
async fn read(request: Request, limit: u64) -> Result<(Vec<u8>, String)> {
    let mut form = Multipart::from_request(request, &())
        .await
        .map_err(|e| invalid(e.body_text()))?;
    let (mut bytes, mut caption, mut seen) = (Vec::new(), String::new(), false);
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|e| invalid(e.body_text()))?
    {
        match field.name() {
            Some("file") if !seen => {
                seen = true;
                while let Some(piece) = field.chunk().await.map_err(|e| invalid(e.body_text()))? {
                    bytes.extend_from_slice(&piece);
                    if bytes.len() as u64 > limit {
                        let mut read = bytes.len() as u64;
                        while let Ok(Some(more)) = field.chunk().await {
                            read += more.len() as u64;
                            if read > limit.saturating_add(DRAIN) {
                                break;
                            }
                        }
                        return Err(too_large(limit));
                    }
                }
            }
            Some("caption") => caption = field.text().await.map_err(|e| invalid(e.body_text()))?,
            _ => {}
        }
    }
    if bytes.is_empty() {
        return Err(Error::unprocessable("no_file", "notice.attachment.no_file"));
    }
    Ok((bytes, caption))
}

#[utoipa::path(
    post, path = "/api/v1/activities/{id}/photos", tag = "activities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The activity")),
    request_body(content = PhotoUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Kept: upright, at most 1600 px, with a 400 px thumbnail, EXIF and GPS removed", body = PhotoView),
        (status = 404, description = "Not an activity the caller records", body = ErrorBody),
        (status = 413, description = "photo_too_large: larger than the upload limit", body = ErrorBody),
        (status = 422, description = "photo_not_a_photo, photo_heic, photo_too_many_pixels, photo_damaged, no_file, activity_locked or activity_cancelled", body = ErrorBody),
    )
)]
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    request: Request,
) -> Result<(StatusCode, Json<PhotoView>)> {
    // Authorised, and the record still open, before a byte of the upload is read.
    answer(media::open_for_media(&state, &user, id).await?)?;
    let limit = state.files.limit();
    let (bytes, caption) = read(request, limit).await?;
    let photo = photos::process_and_keep(&state.files, bytes, caption)
        .await?
        .map_err(photo_error)?;
    let photo_id = answer(media::add_photo(&state, &user, id, photo).await?)?;
    let photos = store::activity_media::photos(state.db.read(), id).await?;
    let added = photos
        .iter()
        .find(|p| p.id == photo_id)
        .ok_or_else(Error::not_found)?;
    Ok((StatusCode::CREATED, Json(PhotoView::from(added))))
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Size {
    Full,
    Thumb,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PhotoQuery {
    /// full (default) or thumb
    #[param(inline)]
    pub size: Option<Size>,
}

#[utoipa::path(
    get, path = "/api/v1/activities/{id}/photos/{photo_id}", tag = "activities", security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "The activity"),
        ("photo_id" = i64, Path, description = "The photo"),
        PhotoQuery,
    ),
    responses(
        (status = 200, description = "The photo or its thumbnail", content_type = "image/jpeg"),
        (status = 404, description = "No such photo on an activity the caller may read, or removed", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, photo_id)): Path<(i64, i64)>,
    Query(q): Query<PhotoQuery>,
) -> Result<Response> {
    let (a, _) = app::activities::access::readable(&state, &user, id).await?;
    let photos = store::activity_media::photos(state.db.read(), a.id).await?;
    let photo = photos
        .iter()
        .find(|p| p.id == photo_id)
        .ok_or_else(Error::not_found)?;
    let hash = match q.size.unwrap_or(Size::Full) {
        Size::Full => &photo.file_hash,
        Size::Thumb => &photo.thumb_hash,
    };
    let stored = state.files.open(hash).await.context("opening a photo")?;
    let size = stored.size;
    let mut response = crate::files::stream::body(stored).into_response();
    let h = response.headers_mut();
    h.insert(CONTENT_LENGTH, HeaderValue::from(size));
    h.insert(CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}
