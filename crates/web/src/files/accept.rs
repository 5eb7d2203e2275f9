//! Taking a file from an upload: read under the size limit, named safely, refused when empty
//! or when its bytes are not a document, an image or plain text, then kept on disk. What holds
//! the file (a notice, a report) records it in its own table afterwards.

use super::receive::{self, UploadError};
use super::{clean_name, sniff};
use crate::error::{Error, Result};
use crate::state::AppState;
use anyhow::Context;
use axum::extract::Request;
use axum::http::StatusCode;

/// A file accepted and kept on disk.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// The name it was sent under, with the extension of its content.
    pub name: String,
    pub hash: String,
    pub size: i64,
    pub content_type: &'static str,
}

/// `35 KB`, `1.2 MB`.
pub fn size_label(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        let tenths = (bytes * 10 + MB / 2) / MB;
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

fn refused(e: UploadError, limit: u64) -> Error {
    match e {
        UploadError::TooLarge(name) => Error::client(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "notice.attachment.too_large",
        )
        .arg("name", clean_name(&name))
        .arg("max", size_label(limit)),
        UploadError::Invalid(detail) => {
            Error::bad_request("invalid_upload", "notice.attachment.invalid_upload").detail(detail)
        }
        UploadError::Io(e) => {
            Error::Internal(anyhow::Error::new(e).context("writing an uploaded file"))
        }
    }
}

/// Takes the file in the multipart field `file` of `request`; a file sent without a name is
/// called `<unnamed>-<hash>`. Refusals name the file and the rule.
pub async fn accept(state: &AppState, request: Request, unnamed: &str) -> Result<Accepted> {
    let limit = state.files.limit();
    let upload = receive::file(&state.files, request)
        .await
        .map_err(|e| refused(e, limit))?
        .ok_or_else(|| Error::unprocessable("no_file", "notice.attachment.no_file"))?;
    let incoming = upload.incoming;
    let mut name = clean_name(&upload.name);
    if name.is_empty() {
        name = format!("{unnamed}-{}", &incoming.hash[..8]);
    }
    if incoming.size == 0 {
        return Err(
            Error::unprocessable("empty_file", "notice.attachment.empty").arg("name", name),
        );
    }
    let Some(kind) = incoming.kind else {
        return Err(
            Error::unprocessable("file_type_refused", "notice.attachment.refused_type")
                .arg("name", name),
        );
    };
    let accepted = Accepted {
        name: sniff::named_for(&name, kind),
        hash: incoming.hash.clone(),
        size: incoming.size as i64,
        content_type: kind.content_type,
    };
    state
        .files
        .keep(incoming)
        .await
        .context("keeping an uploaded file")?;
    Ok(accepted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_label(0), "0 KB");
        assert_eq!(size_label(1), "1 KB");
        assert_eq!(size_label(35 * 1024), "35 KB");
        assert_eq!(size_label(1024 * 1024), "1 MB");
        assert_eq!(size_label(1_258_291), "1.2 MB");
    }
}
