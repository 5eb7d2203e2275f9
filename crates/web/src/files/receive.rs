//! Reading a file upload (multipart/form-data) without holding it in memory: the part named
//! `file` is streamed to a temporary file, counted against the upload limit as it arrives.

use super::blobs::{FileStore, Incoming};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;

/// The file of an upload, written and sniffed, with the name it was sent under.
#[derive(Debug)]
pub struct Upload {
    pub name: String,
    pub incoming: Incoming,
}

/// Why an upload could not be read.
#[derive(Debug)]
pub enum UploadError {
    /// Larger than the limit; the name it was sent under.
    TooLarge(String),
    /// Not a multipart body, or a broken one.
    Invalid(String),
    /// Writing the temporary file failed.
    Io(std::io::Error),
}

/// After a refusal, this much more of the body is read and dropped so the client sees the
/// answer instead of a reset connection; a larger body is cut off.
const DRAIN: u64 = 8 * 1024 * 1024;

/// The part named `file` of `request`, or `None` when there is none (or an empty, nameless
/// one: a form sent with no file chosen). Other parts are ignored.
pub async fn file(store: &FileStore, request: Request) -> Result<Option<Upload>, UploadError> {
    let mut form = Multipart::from_request(request, &())
        .await
        .map_err(|e| UploadError::Invalid(e.body_text()))?;
    let mut upload = None;
    while let Some(mut field) = form.next_field().await.map_err(refused)? {
        if field.name() != Some("file") || upload.is_some() {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let (tx, done) = store.writer();
        let mut size = 0u64;
        let mut too_large = false;
        while let Some(piece) = field.chunk().await.map_err(refused)? {
            size += piece.len() as u64;
            if size > store.limit() {
                too_large = true;
                break;
            }
            if tx.send(piece).await.is_err() {
                break;
            }
        }
        drop(tx);
        let incoming = done
            .await
            .map_err(|e| UploadError::Io(std::io::Error::other(e)))?
            .map_err(UploadError::Io)?;
        if too_large {
            drop(incoming);
            drain(field, size).await;
            return Err(UploadError::TooLarge(name));
        }
        if !(name.is_empty() && incoming.size == 0) {
            upload = Some(Upload { name, incoming });
        }
    }
    Ok(upload)
}

async fn drain(mut field: axum::extract::multipart::Field<'_>, mut read: u64) {
    let stop = read.saturating_add(DRAIN);
    while let Ok(Some(piece)) = field.chunk().await {
        read += piece.len() as u64;
        if read > stop {
            break;
        }
    }
}

fn refused(e: axum::extract::multipart::MultipartError) -> UploadError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        UploadError::TooLarge(String::new())
    } else {
        UploadError::Invalid(e.body_text())
    }
}
