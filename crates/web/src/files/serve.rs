//! A stored file as a download: always `attachment` (never shown inline, so an image or a PDF
//! cannot run script in the site's origin), the type found by sniffing, `nosniff`, and the
//! original Chinese name in RFC 6266's `filename*`.

use super::sniff;
use crate::ledger::download::content_disposition;
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::response::{IntoResponse, Response};

/// The response for `bytes` stored as `content_type` under `name`; `ascii_fallback` names it
/// for clients that do not read `filename*`.
pub fn download(bytes: Vec<u8>, content_type: &str, name: &str, ascii_fallback: &str) -> Response {
    // Only sniffed types are stored; anything else (a tampered row) goes out as bytes.
    let content_type = if sniff::ALL.iter().any(|k| k.content_type == content_type) {
        content_type
    } else {
        "application/octet-stream"
    };
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_str(content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&content_disposition(name, ascii_fallback)) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}
