//! The one place error responses get their bodies.
//!
//! Handlers, extractors and the router answer errors with a bare status (and an `ErrorInfo`
//! when they know more). Pages get an HTML page in the reader's language, or a redirect to the
//! login page when the visitor must log in; the API gets `{"error":{"code","message"}}`.
//! A server error (5xx) also names the request's id (`request_id` in JSON), so a person's
//! report can be matched to the log.

use crate::error::{ErrorInfo, Message, info_for_status};
use crate::i18n::T;
use crate::middleware::request_id;
use crate::pages::layout::Chrome;
use askama::Template;
use axum::Json;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde_json::json;

/// Whether the response still needs a body written for its error.
fn pending_error(response: &mut Response) -> Option<ErrorInfo> {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return None;
    }
    if let Some(info) = response.extensions_mut().remove::<ErrorInfo>() {
        return Some(info);
    }
    // A page a handler rendered itself (the login form with its error) is left alone.
    let has_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"));
    (!has_html).then(|| info_for_status(status))
}

fn localise(t: T, m: &Message) -> String {
    let args: Vec<(&str, &str)> = m.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    t.f(m.key, &args)
}

/// The message in the reader's language; the API adds the technical `detail` (a library's own
/// words, for the developer), a page never shows it to a person.
fn message(t: T, info: &ErrorInfo, with_detail: bool) -> String {
    let mut text = localise(t, &info.message);
    if !info.problems.is_empty() {
        let each: Vec<String> = info
            .problems
            .iter()
            .map(|p| localise(t, &p.message))
            .collect();
        text = format!(
            "{text}{}{}",
            t.s("field.separator"),
            each.join(t.s("field.joiner"))
        );
    }
    match &info.detail {
        Some(detail) if with_detail => format!("{text} ({detail})"),
        _ => text,
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    heading: String,
    message: String,
    /// Shown on server errors.
    request_id: Option<String>,
}

/// The request's id when the answer is a server error.
fn id_for(status: StatusCode, request_id: Option<String>) -> Option<String> {
    request_id.filter(|_| status.is_server_error())
}

/// Renders error bodies: JSON under `/api/`, HTML pages elsewhere.
pub async fn render(request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/api/") {
        api(request, next).await
    } else {
        pages(request, next).await
    }
}

async fn pages(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let chrome = Chrome::from_parts(&parts);
    let id = request_id::of(&parts.extensions).map(str::to_owned);
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let mut response = next.run(Request::from_parts(parts, body)).await;
    let Some(info) = pending_error(&mut response) else {
        return response;
    };
    let status = response.status();
    if status == StatusCode::UNAUTHORIZED {
        let login = crate::links::with_query("/login", &[("next", &path_and_query)]);
        return Redirect::to(&login).into_response();
    }
    if info.code == "password_change_required" {
        return Redirect::to("/account/password").into_response();
    }
    let t = chrome.t;
    let page = ErrorPage {
        heading: t.s("error.title").to_owned(),
        message: message(t, &info, false),
        request_id: id_for(status, id),
        chrome,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "rendering the error page");
            status.into_response()
        }
    }
}

async fn api(request: Request, next: Next) -> Response {
    let t = request.extensions().get::<T>().copied().unwrap_or_default();
    let id = request_id::of(request.extensions()).map(str::to_owned);
    let mut response = next.run(request).await;
    let Some(info) = pending_error(&mut response) else {
        return response;
    };
    let mut error = json!({ "code": info.code, "message": message(t, &info, true) });
    if !info.problems.is_empty() {
        let problems: Vec<_> = info
            .problems
            .iter()
            .map(
                |p| json!({ "field": p.field, "code": p.code, "message": localise(t, &p.message) }),
            )
            .collect();
        error["problems"] = json!(problems);
    }
    if let Some(id) = id_for(response.status(), id) {
        error["request_id"] = json!(id);
    }
    let body = json!({ "error": error });
    let mut fresh = (response.status(), Json(body)).into_response();
    for (name, value) in response.headers() {
        if name != CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            fresh.headers_mut().insert(name.clone(), value.clone());
        }
    }
    fresh
}
