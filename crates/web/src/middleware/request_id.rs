//! One id per request, in every log line of the request and in the `X-Request-Id` response
//! header, so a user's report can be matched to the log. A load balancer's id is kept when it
//! looks like one (up to 64 letters, digits, `-`, `_`, `.`); otherwise a fresh random one is
//! made. Paths are logged without their query strings, and no header or body is logged.

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header::HeaderName;
use axum::http::{Extensions, HeaderValue, Response};
use std::time::Duration;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;
use tracing::Span;

/// The header the id travels in, both ways.
pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The longest id taken from a request.
const MAX_LEN: usize = 64;

/// Makes a 16-hex-digit random id.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomId;

impl MakeRequestId for RandomId {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).ok()?;
        let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// The request's id, for error bodies.
pub fn of(extensions: &Extensions) -> Option<&str> {
    extensions.get::<RequestId>()?.header_value().to_str().ok()
}

fn acceptable(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_LEN
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Drops an incoming id that does not look like one, so a fresh one is made.
async fn drop_odd_id(mut request: Request) -> Request {
    if request
        .headers()
        .get(&HEADER)
        .is_some_and(|v| !acceptable(v))
    {
        request.headers_mut().remove(&HEADER);
    }
    request
}

fn span(request: &Request<Body>) -> Span {
    let id = of(request.extensions()).unwrap_or("");
    tracing::info_span!(
        "request",
        id = %id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}

fn answered(response: &Response<Body>, latency: Duration, span: &Span) {
    tracing::info!(
        parent: span,
        status = response.status().as_u16(),
        micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX),
        "answered"
    );
}

/// Wraps `router` so every request gets an id, a log span carrying it, and the id back in its
/// response (a panic's 500 too, when the panic layer sits inside).
pub fn around(router: Router) -> Router {
    router
        .layer(PropagateRequestIdLayer::new(HEADER))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(span as fn(&Request<Body>) -> Span)
                .on_request(())
                .on_response(answered as fn(&Response<Body>, Duration, &Span))
                .on_failure(()),
        )
        .layer(SetRequestIdLayer::new(HEADER, RandomId))
        .layer(axum::middleware::map_request(drop_odd_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_outside_are_kept_only_when_they_look_like_ids() {
        assert!(acceptable(&HeaderValue::from_static("a1b2-c3_d4.e5")));
        assert!(!acceptable(&HeaderValue::from_static("")));
        assert!(!acceptable(&HeaderValue::from_static("<script>")));
        assert!(!acceptable(&HeaderValue::from_static("a b")));
        let long = "a".repeat(MAX_LEN + 1);
        assert!(!acceptable(&HeaderValue::from_str(&long).unwrap()));
    }

    #[test]
    fn made_ids_are_sixteen_hex_digits() {
        let request = Request::new(Body::empty());
        let id = RandomId.make_request_id(&request).unwrap();
        let text = id.header_value().to_str().unwrap();
        assert_eq!(text.len(), 16);
        assert!(text.chars().all(|c| c.is_ascii_hexdigit()));
    }
}
