//! A stored file as a download: always `attachment` (never shown inline, so an image or a PDF
//! cannot run script in the site's origin), the type found by sniffing, `nosniff`, and the
//! original Chinese name in RFC 6266's `filename*`; the bytes streamed from disk.

use super::blobs::Stored;
use super::{sniff, stream};
use crate::ledger::download::content_disposition;
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::response::{IntoResponse, Response};

/// The response for the `stored` file, kept as `content_type` under `name`, streamed;
/// `ascii_fallback` names it for clients that do not read `filename*`.
pub fn download(stored: Stored, content_type: &str, name: &str, ascii_fallback: &str) -> Response {
    // Only sniffed types are stored; anything else (a tampered row) goes out as bytes.
    let content_type = if sniff::ALL.iter().any(|k| k.content_type == content_type) {
        content_type
    } else {
        "application/octet-stream"
    };
    let size = stored.size;
    let mut response = stream::body(stored).into_response();
    let h = response.headers_mut();
    // A streamed body has no length of its own; the client's progress bar wants one.
    h.insert(CONTENT_LENGTH, HeaderValue::from(size));
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

#[cfg(test)]
mod tests {
    use super::*;
    use futures_core::Stream;
    use std::io::{Seek, Write};

    /// A stored file of `bytes`, as the store opens it.
    fn stored(bytes: &[u8]) -> Stored {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(bytes).unwrap();
        file.rewind().unwrap();
        Stored {
            file,
            size: bytes.len() as u64,
        }
    }

    #[tokio::test]
    async fn a_download_streams_in_pieces_with_its_headers_kept() {
        // Three and a bit pieces, every byte telling its place.
        let content: Vec<u8> = (0..3 * 64 * 1024 + 7).map(|i| (i % 251) as u8).collect();
        let response = download(
            stored(&content),
            "application/pdf",
            "通知附件.pdf",
            "attachment-1.pdf",
        );
        let h = response.headers();
        assert_eq!(h[CONTENT_TYPE], "application/pdf");
        assert_eq!(h[CONTENT_LENGTH], content.len().to_string().as_str());
        assert_eq!(h[X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(h[CACHE_CONTROL], "private, no-store");
        let disposition = h[CONTENT_DISPOSITION].to_str().unwrap();
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        assert!(disposition.contains("attachment-1.pdf"), "{disposition}");

        let mut pieces = response.into_body().into_data_stream();
        let mut received = Vec::new();
        let mut count = 0;
        while let Some(piece) =
            std::future::poll_fn(|cx| std::pin::Pin::new(&mut pieces).poll_next(cx)).await
        {
            let piece = piece.unwrap();
            assert!(piece.len() <= 64 * 1024, "a piece of {} bytes", piece.len());
            received.extend_from_slice(&piece);
            count += 1;
        }
        assert_eq!(received, content);
        assert!(count >= 4, "{count} pieces");
    }

    #[tokio::test]
    async fn a_type_never_sniffed_goes_out_as_bytes_never_as_html() {
        let response = download(
            stored(b"<script>1</script>"),
            "text/html",
            "a.html",
            "a.html",
        );
        assert_eq!(response.headers()[CONTENT_TYPE], "application/octet-stream");
        assert_eq!(response.headers()[X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
}
