//! Security headers on every response: a CSP with no inline script or style, no framing, no
//! MIME sniffing, no full referrers to other sites; `Cache-Control: no-store` on whatever did
//! not choose its own caching (pages and API answers carry personal data; static assets keep
//! their long cache); and `Strict-Transport-Security` when the site is served over https.

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, HeaderName, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use tower_http::set_header::SetResponseHeaderLayer;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A year, the usual HSTS lifetime; subdomains are left to their own operators.
const HSTS: &str = "max-age=31536000";

const CROSS_ORIGIN_OPENER_POLICY: HeaderName =
    HeaderName::from_static("cross-origin-opener-policy");

fn always(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

/// Wraps `router` with the headers; `https` adds HSTS (set with `--secure-cookies`).
pub fn around(router: Router, https: bool) -> Router {
    let hsts = https.then(|| HeaderValue::from_static(HSTS));
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            STRICT_TRANSPORT_SECURITY,
            hsts,
        ))
        .layer(always(CONTENT_SECURITY_POLICY, CSP))
        .layer(always(X_FRAME_OPTIONS, "DENY"))
        .layer(always(X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(always(REFERRER_POLICY, "strict-origin-when-cross-origin"))
        .layer(always(CROSS_ORIGIN_OPENER_POLICY, "same-origin"))
}
