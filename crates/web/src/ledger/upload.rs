//! Reading an import upload (multipart/form-data): the file and, from the page's form, the
//! chosen org and which button was pressed. Shared by the page and the API.

use super::MAX_UPLOAD;
use crate::error::{Error, Result};
use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;

/// The body limit of an import route: the file and the form around it.
pub const BODY_LIMIT: usize = MAX_UPLOAD + 64 * 1024;

#[derive(Debug, Default)]
pub struct Upload {
    /// (file name as sent, content); `None` when no file was chosen.
    pub file: Option<(String, Vec<u8>)>,
    pub org_id: Option<i64>,
    pub commit: Option<bool>,
}

fn too_large() -> Error {
    Error::client(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        "ledger.file_too_large",
    )
    .arg("max", (MAX_UPLOAD / (1024 * 1024)).to_string())
}

fn refused(e: MultipartError) -> Error {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        Error::bad_request("invalid_upload", "ledger.invalid_upload").detail(e.body_text())
    }
}

/// `true`, `1` and `on` mean yes, as forms and query strings write it.
pub fn yes(value: &str) -> bool {
    matches!(value.trim(), "true" | "1" | "on" | "yes")
}

/// Reads the upload of `request`. Handlers take the bare request and call this after their
/// authorisation check, so a refused caller is refused whatever they sent.
pub async fn read(request: Request) -> Result<Upload> {
    let mut form = Multipart::from_request(request, &()).await.map_err(|e| {
        Error::bad_request("invalid_upload", "ledger.invalid_upload").detail(e.body_text())
    })?;
    let mut upload = Upload::default();
    while let Some(field) = form.next_field().await.map_err(refused)? {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map_err(refused)?;
                if bytes.len() > MAX_UPLOAD {
                    return Err(too_large());
                }
                // A form sent with no file chosen still carries an empty, nameless part.
                if !(name.is_empty() && bytes.is_empty()) {
                    upload.file = Some((name, bytes.to_vec()));
                }
            }
            Some("org_id") => {
                let value = field.text().await.map_err(refused)?;
                let value = value.trim();
                if !value.is_empty() {
                    upload.org_id = Some(value.parse().map_err(|_| {
                        Error::bad_request("invalid_upload", "ledger.invalid_upload")
                            .detail("org_id")
                    })?);
                }
            }
            Some("commit") => upload.commit = Some(yes(&field.text().await.map_err(refused)?)),
            _ => {}
        }
    }
    Ok(upload)
}
