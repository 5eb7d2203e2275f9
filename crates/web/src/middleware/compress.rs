//! gzip for text: pages, JSON, scripts and style sheets. Spreadsheets, documents and images
//! are compressed already and pass through as they are.

use axum::http::header::CONTENT_TYPE;
use axum::http::{Extensions, HeaderMap, StatusCode, Version};
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, DefaultPredicate};

/// Bodies smaller than this are sent as they are.
const MIN_SIZE: u16 = 256;

const TEXT: &[&str] = &[
    "text/",
    "application/json",
    "application/javascript",
    "image/svg+xml",
];

fn is_text(_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| TEXT.iter().any(|t| v.starts_with(t)))
}

type Text = fn(StatusCode, Version, &HeaderMap, &Extensions) -> bool;

/// The compression layer: gzip only, for text bodies of some size.
pub fn layer() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new().gzip(true).compress_when(
        DefaultPredicate::new()
            .and(SizeAbove::new(MIN_SIZE))
            .and(is_text as Text),
    )
}
