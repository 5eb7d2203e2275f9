//! 照片 and 附件 of an activity: several photos sent at once from a phone's camera or album,
//! each made upright, scaled and stripped of its metadata (GPS included) before anything is
//! kept; both sizes kept by content hash like every upload. Photos are served as JPEG inline
//! (they are re-encoded by us, never what was sent), files always as downloads.

use super::show;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::files::accept::accept;
use crate::files::{clean_name, photos, serve, stream};
use crate::pages::layout::Chrome;
use crate::state::AppState;
use anyhow::Context;
use app::activities::access;
use app::activities::media::{self, Item, Stored};
use app::activities::photo_image::PhotoProblem;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::response::{IntoResponse, Redirect, Response};

/// The record again: back to it, or shown with what was refused.
async fn back(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    id: i64,
    errors: Vec<String>,
) -> Result<Response> {
    if errors.is_empty() {
        return Ok(Redirect::to(&format!("/activities/{id}")).into_response());
    }
    let html = show::render(state, user, chrome, id, errors).await?;
    Ok(super::refused(html))
}

/// One photo as sent: its name and bytes, or too large to read.
struct Sent {
    name: String,
    bytes: Option<Vec<u8>>,
}

/// Reads the parts named `photo`, each up to `limit` bytes (a larger one is read no further).
async fn read_photos(request: Request, limit: u64) -> Result<Vec<Sent>> {
    let mut form = Multipart::from_request(request, &())
        .await
        .map_err(|_| Error::bad_request("invalid_upload", "notice.attachment.invalid_upload"))?;
    let mut sent = Vec::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                return Err(Error::bad_request(
                    "invalid_upload",
                    "notice.attachment.invalid_upload",
                ));
            }
        };
        let mut field = field;
        if field.name() != Some("photo") {
            continue;
        }
        let name = clean_name(field.file_name().unwrap_or_default());
        let mut bytes = Vec::new();
        let mut too_large = false;
        while let Ok(Some(piece)) = field.chunk().await {
            if too_large {
                continue;
            }
            if bytes.len() as u64 + piece.len() as u64 > limit {
                too_large = true;
                bytes = Vec::new();
                continue;
            }
            bytes.extend_from_slice(&piece);
        }
        if name.is_empty() && bytes.is_empty() && !too_large {
            // The form sent with no photo chosen.
            continue;
        }
        sent.push(Sent {
            name,
            bytes: (!too_large).then_some(bytes),
        });
    }
    Ok(sent)
}

/// `POST /activities/{id}/photos?csrf_token=…`, one or more photos in the parts `photo`.
/// The good ones are kept; each refused one is named with its reason.
pub async fn add_photos(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    request: Request,
) -> Result<Response> {
    let t = chrome.t;
    // Authorised (and still open) before a byte of the upload is read.
    if let Err(r) = media::open_for_media(&state, &user, id).await? {
        return back(&state, &user, chrome, id, vec![t.problem(&r)]).await;
    }
    let limit = state.files.limit();
    let sent = read_photos(request, limit).await?;
    let mut errors = Vec::new();
    if sent.is_empty() {
        errors.push(t.s("activity.page.no_photo_chosen").to_owned());
    }
    for s in sent {
        let name = if s.name.is_empty() {
            t.s("activity.page.unnamed_photo").to_owned()
        } else {
            s.name.clone()
        };
        let refuse = |message: String| {
            t.f(
                "activity.page.photo_refused",
                &[("name", &name), ("why", &message)],
            )
        };
        let kept = match s.bytes {
            None => Err(PhotoProblem::TooLarge {
                limit_mb: limit.div_ceil(1024 * 1024),
            }),
            Some(bytes) => photos::process_and_keep(&state.files, bytes, String::new()).await?,
        };
        let photo = match kept {
            Ok(p) => p,
            Err(problem) => {
                errors.push(refuse(t.problem(&problem)));
                continue;
            }
        };
        if let Err(r) = media::add_photo(&state, &user, id, photo).await? {
            errors.push(refuse(t.problem(&r)));
        }
    }
    back(&state, &user, chrome, id, errors).await
}

/// A photo (or its thumbnail) of a readable activity, as the JPEG we made of it.
async fn serve_photo(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    photo: i64,
    thumb: bool,
) -> Result<Response> {
    let (a, _) = access::readable(state, user, id).await?;
    let (photos, _) = media::of(state, &a).await?;
    let p = photos
        .into_iter()
        .find(|p| p.id == photo)
        .ok_or_else(Error::not_found)?;
    let hash = if thumb { &p.thumb_hash } else { &p.file_hash };
    let stored = state.files.open(hash).await.context("opening a photo")?;
    let size = stored.size;
    let mut response = stream::body(stored).into_response();
    let h = response.headers_mut();
    h.insert(CONTENT_LENGTH, HeaderValue::from(size));
    h.insert(CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let disposition = format!(
        "inline; filename=\"activity-{id}-photo-{photo}{}.jpg\"",
        if thumb { "-thumb" } else { "" }
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    h.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    Ok(response)
}

/// `GET /activities/{id}/photos/{photo}`
pub async fn photo(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, photo)): Path<(i64, i64)>,
) -> Result<Response> {
    serve_photo(&state, &user, id, photo, false).await
}

/// `GET /activities/{id}/photos/{photo}/thumb`
pub async fn thumb(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, photo)): Path<(i64, i64)>,
) -> Result<Response> {
    serve_photo(&state, &user, id, photo, true).await
}

async fn remove(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    id: i64,
    item: Item,
) -> Result<Response> {
    let errors = match media::remove(state, user, id, item).await? {
        Ok(()) => Vec::new(),
        Err(r) => vec![chrome.t.problem(&r)],
    };
    back(state, user, chrome, id, errors).await
}

/// `POST /activities/{id}/photos/{photo}/remove`
pub async fn remove_photo(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path((id, photo)): Path<(i64, i64)>,
) -> Result<Response> {
    remove(&state, &user, chrome, id, Item::Photo(photo)).await
}

/// `POST /activities/{id}/files/{file}/remove`
pub async fn remove_file(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response> {
    remove(&state, &user, chrome, id, Item::File(file)).await
}

/// `POST /activities/{id}/files?csrf_token=…` with the file in the part `file`.
pub async fn add_file(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    request: Request,
) -> Result<Response> {
    if let Err(r) = media::open_for_media(&state, &user, id).await? {
        let message = chrome.t.problem(&r);
        return back(&state, &user, chrome, id, vec![message]).await;
    }
    let f = accept(&state, request, "file").await?;
    let stored = Stored {
        hash: f.hash,
        size: f.size,
        content_type: f.content_type.to_owned(),
    };
    let errors = match media::add_file(&state, &user, id, stored, &f.name).await? {
        Ok(_) => Vec::new(),
        Err(r) => vec![chrome.t.problem(&r)],
    };
    back(&state, &user, chrome, id, errors).await
}

/// `GET /activities/{id}/files/{file}`: always a download.
pub async fn file(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response> {
    let (a, _) = access::readable(&state, &user, id).await?;
    let (_, files) = media::of(&state, &a).await?;
    let f = files
        .into_iter()
        .find(|f| f.id == file)
        .ok_or_else(Error::not_found)?;
    let stored = state
        .files
        .open(&f.file_hash)
        .await
        .context("opening a file")?;
    let ext = f.name.rsplit_once('.').map(|(_, e)| e).unwrap_or("bin");
    let fallback = format!("activity-{id}-file-{file}.{ext}");
    Ok(serve::download(stored, &f.content_type, &f.name, &fallback))
}
