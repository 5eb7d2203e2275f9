//! 账号管理 pages: the account list, the new-account form, an account's page and the forms
//! on it. The rules live in `app::accounts`; these handlers parse, call and render.

pub mod actions;
pub mod list;
pub mod new;
pub mod show;

use crate::error::Error;
use crate::i18n::T;
use app::accounts::list::Status;
use app::zone::Zone;
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::Role;

/// "正常", "已停用", "锁定至 2022年8月5日 14:30".
fn status_text(t: T, zone: &Zone, status: Status) -> String {
    match status {
        Status::Active => t.s("accounts.status_active").to_owned(),
        Status::Disabled => t.s("accounts.status_disabled").to_owned(),
        Status::Locked(until) => t.f(
            "accounts.status_locked",
            &[("until", &zone.date_time(until, t.locale))],
        ),
    }
}

/// The name of a stored role in the reader's language (the stored code if unknown).
fn role_name(t: T, stored: &str) -> String {
    match Role::parse(stored) {
        Some(role) => t.s(role.message_key()).to_owned(),
        None => stored.to_owned(),
    }
}

/// A number typed into a form; empty or not a number is none.
fn form_id(input: &str) -> Option<i64> {
    input.trim().parse().ok()
}

/// The message of a refusal a form should show beside itself (409, 422, 403); `None` for the
/// errors that get the error page (404, internal).
fn form_refusal(t: T, error: &Error) -> Option<(StatusCode, String)> {
    match error {
        Error::Client {
            status, message, ..
        } if *status != StatusCode::NOT_FOUND => {
            let args: Vec<(&str, &str)> =
                message.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            Some((*status, t.f(message.key, &args)))
        }
        _ => None,
    }
}

/// A page showing a password: kept out of every cache and the browser's history store.
fn no_store(response: impl IntoResponse) -> Response {
    let mut response = response.into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The CSS class that colours a status tag.
fn layout_status(status: Status) -> &'static str {
    match status {
        Status::Active => "ok",
        Status::Disabled => "closed",
        Status::Locked(_) => "warn",
    }
}
