//! CSRF protection for every state-changing request.
//!
//! A request authenticated by a bearer token needs nothing more: browsers never attach one on
//! their own. Anything else that changes state must carry the token bound to its session (or,
//! before login, the one in the `zhibu_csrf` cookie) in an `X-CSRF-Token` header or a
//! `csrf_token` form field (for a multipart upload: a `csrf_token` query parameter of the
//! form's action); and when the browser names an `Origin`, it must be this site: the same host
//! (and port) and the same scheme, https when the site is served over https (`--secure-cookies`),
//! http otherwise.

use crate::auth::cookies::PRE_SESSION_CSRF_COOKIE;
use crate::auth::current::Authenticated;
use crate::auth::token;
use crate::error::Error;
use crate::state::AppState;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use std::sync::Arc;

/// Forms larger than this are refused before the token is looked for.
pub const FORM_LIMIT: usize = 2 * 1024 * 1024;
pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";

/// Requests that need no token: asking for an API token takes a password, not a cookie.
const EXEMPT: &[(Method, &str)] = &[(Method::POST, "/api/v1/auth/token")];

/// `host` without the default port of `scheme`.
fn without_default_port<'a>(host: &'a str, scheme: &str) -> &'a str {
    let default = if scheme == "https" { ":443" } else { ":80" };
    host.strip_suffix(default).unwrap_or(host)
}

/// Whether the browser says the request comes from another site: another scheme, host or port.
fn cross_origin(headers: &HeaderMap, scheme: &str) -> bool {
    let (Some(origin), Some(host)) = (headers.get(ORIGIN), headers.get(HOST)) else {
        return false;
    };
    let origin = origin.to_str().unwrap_or("");
    let host = host.to_str().unwrap_or("");
    let Some((origin_scheme, origin_host)) = origin.split_once("://") else {
        // "null" (a sandboxed frame, a file) or garbage.
        return true;
    };
    !origin_scheme.eq_ignore_ascii_case(scheme)
        || !without_default_port(origin_host, scheme)
            .eq_ignore_ascii_case(without_default_port(host, scheme))
}

pub async fn check(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let authenticated = request.extensions().get::<Arc<Authenticated>>().cloned();
    if needs_no_token(&request, authenticated.as_deref()) {
        return next.run(request).await;
    }
    let scheme = if state.secure_cookies {
        "https"
    } else {
        "http"
    };
    if cross_origin(request.headers(), scheme) {
        return Error::csrf().into_response();
    }
    if session_ran_out(&request, authenticated.as_deref()) {
        // Log in again (the page keeps what was typed: forms.js); nothing is done here.
        return Error::unauthorized().into_response();
    }
    let Some(expected) = expected_token(&request, authenticated.as_deref()) else {
        return Error::csrf().into_response();
    };
    if let Some(sent) = request.headers().get(HEADER) {
        return if token::same(sent.to_str().unwrap_or(""), &expected) {
            next.run(request).await
        } else {
            Error::csrf().into_response()
        };
    }
    // A file upload (multipart) carries its token in the query string of the form's action:
    // the body may be large and is streamed to the handler unread.
    if content_type_is(&request, "multipart/form-data") {
        let sent = request
            .uri()
            .query()
            .and_then(|q| form_urlencoded_field(q.as_bytes(), FIELD));
        return if sent.is_some_and(|s| token::same(&s, &expected)) {
            next.run(request).await
        } else {
            Error::csrf().into_response()
        };
    }
    if !content_type_is(&request, "application/x-www-form-urlencoded") {
        return Error::csrf().into_response();
    }
    check_form_field(request, &expected, next).await
}

/// A page's form sent with a session cookie whose session has ended (idle, logged out
/// elsewhere): the person is asked to log in rather than told the form is stale.
fn session_ran_out(request: &Request, authenticated: Option<&Authenticated>) -> bool {
    let path = request.uri().path();
    authenticated.is_none()
        && !path.starts_with("/api/")
        && path != "/login"
        && CookieJar::from_headers(request.headers())
            .get(crate::auth::cookies::SESSION_COOKIE)
            .is_some()
}

/// Reads, asks for a bearer token, or is exempt: nothing a cookie alone could be abused for.
fn needs_no_token(request: &Request, authenticated: Option<&Authenticated>) -> bool {
    matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) || authenticated.is_some_and(|a| a.via_bearer)
        || EXEMPT
            .iter()
            .any(|(method, path)| method == request.method() && *path == request.uri().path())
}

/// The token the request must carry: its session's, or before login the cookie's.
fn expected_token(request: &Request, authenticated: Option<&Authenticated>) -> Option<String> {
    let expected = match authenticated {
        Some(a) => Some(a.session.csrf_token.clone()),
        None => CookieJar::from_headers(request.headers())
            .get(PRE_SESSION_CSRF_COOKIE)
            .map(|c| c.value().to_owned()),
    };
    expected.filter(|e| !e.is_empty())
}

fn content_type_is(request: &Request, prefix: &str) -> bool {
    request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(prefix))
}

/// A urlencoded form: read it to find the field, then hand the same bytes on to the handler.
async fn check_form_field(request: Request, expected: &str, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, FORM_LIMIT).await else {
        return Error::client(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "error.payload_too_large",
        )
        .into_response();
    };
    let sent = form_urlencoded_field(&bytes, FIELD);
    if !sent.is_some_and(|s| token::same(&s, expected)) {
        return Error::csrf().into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The first value of `name` in an urlencoded body.
fn form_urlencoded_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(origin: &'static str, host: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(ORIGIN, HeaderValue::from_static(origin));
        h.insert(HOST, HeaderValue::from_static(host));
        h
    }

    #[test]
    fn the_origin_must_match_in_scheme_host_and_port() {
        let same = [
            ("https://zhibu.example", "zhibu.example", "https"),
            ("https://zhibu.example:443", "zhibu.example", "https"),
            ("https://ZHIBU.example", "zhibu.example:443", "https"),
            ("http://127.0.0.1:8080", "127.0.0.1:8080", "http"),
        ];
        for (origin, host, scheme) in same {
            assert!(!cross_origin(&headers(origin, host), scheme), "{origin}");
        }
        let other = [
            ("http://zhibu.example", "zhibu.example", "https"),
            ("https://127.0.0.1:8080", "127.0.0.1:8080", "http"),
            ("https://zhibu.example:8443", "zhibu.example", "https"),
            ("https://evil.example", "zhibu.example", "https"),
            (
                "https://zhibu.example.evil.example",
                "zhibu.example",
                "https",
            ),
            ("null", "zhibu.example", "https"),
        ];
        for (origin, host, scheme) in other {
            assert!(cross_origin(&headers(origin, host), scheme), "{origin}");
        }
    }

    #[test]
    fn no_origin_is_left_to_the_token() {
        let mut h = HeaderMap::new();
        h.insert(HOST, HeaderValue::from_static("zhibu.example"));
        assert!(!cross_origin(&h, "https"));
    }
}
