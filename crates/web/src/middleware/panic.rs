//! A panic while answering a request is caught, logged (inside the request's span, so with its
//! id) and answered 500 like any internal error; the server keeps serving. The error renderer
//! writes the body, which names the request id.
//!
//! For the test suite only, [`Config::test_panic_route`](crate::Config) mounts [`PATH`] and
//! [`API_PATH`], routes that panic on purpose; no flag or variable of the CLI sets it.

use crate::error::info_for_status;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::any::Any;

/// The page that panics on purpose, mounted only for tests.
pub const PATH: &str = "/__test/panic";
/// The same under the API, whose errors are JSON.
pub const API_PATH: &str = "/api/v1/__test/panic";

/// The answer to a caught panic: 500, its body left to the error renderer.
pub fn answer(panic: Box<dyn Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = what, "a handler panicked");
    let status = StatusCode::INTERNAL_SERVER_ERROR;
    let mut response = status.into_response();
    response.extensions_mut().insert(info_for_status(status));
    response
}

/// Panics, to prove that a panic is caught (tests only).
pub async fn on_purpose() -> Response {
    panic!("the test panic route was called");
}
