//! A notice sent as a file (multipart/form-data): the issuing org, the file (.docx, .txt or
//! .md) or the text in `source`, and optional header corrections.

use crate::error::{Error, Result};
use app::notices::compose::HeaderFields;
use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;

/// The largest notice file read: a .docx with a few pictures.
pub const MAX_FILE: usize = 20 * 1024 * 1024;
/// The body limit of the create route: the file and the form around it.
pub const BODY_LIMIT: usize = MAX_FILE + 64 * 1024;

#[derive(Debug, Default)]
pub struct NoticeUpload {
    pub org_id: Option<i64>,
    /// (file name as sent, content)
    pub file: Option<(String, Vec<u8>)>,
    /// The notice's text, when sent as a field instead of a file.
    pub source: Option<String>,
    pub fields: HeaderFields,
}

fn too_large() -> Error {
    Error::client(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        "notice.api.file_too_large",
    )
    .arg("max", (MAX_FILE / (1024 * 1024)).to_string())
}

fn refused(e: MultipartError) -> Error {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        Error::bad_request("invalid_upload", "notice.attachment.invalid_upload")
            .detail(e.body_text())
    }
}

/// Reads the form of `request`.
pub async fn read(request: Request) -> Result<NoticeUpload> {
    let mut form = Multipart::from_request(request, &()).await.map_err(|e| {
        Error::bad_request("invalid_upload", "notice.attachment.invalid_upload")
            .detail(e.body_text())
    })?;
    let mut upload = NoticeUpload::default();
    while let Some(field) = form.next_field().await.map_err(refused)? {
        let Some(name) = field.name().map(str::to_owned) else {
            continue;
        };
        if name == "file" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(refused)?;
            if bytes.len() > MAX_FILE {
                return Err(too_large());
            }
            if !(file_name.is_empty() && bytes.is_empty()) {
                upload.file = Some((file_name, bytes.to_vec()));
            }
            continue;
        }
        let value = field.text().await.map_err(refused)?;
        match name.as_str() {
            "org_id" => {
                upload.org_id = Some(value.trim().parse().map_err(|_| {
                    Error::unprocessable("invalid_body", "error.invalid_body").detail("org_id")
                })?)
            }
            "source" => upload.source = Some(value),
            "title" => upload.fields.title = value,
            "doc_number" => upload.fields.doc_number = value,
            "issuer" => upload.fields.issuer = value,
            "recipients" => upload.fields.recipients = value,
            "date" => upload.fields.date = value,
            _ => {}
        }
    }
    Ok(upload)
}
