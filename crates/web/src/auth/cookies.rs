//! The cookies zhibu sets: all HttpOnly, SameSite=Lax, Secure when served over https.
//!
//! They carry no Max-Age: they end with the browser, and the server enforces the idle and
//! absolute session limits whatever the browser keeps.

use axum_extra::extract::cookie::{Cookie, SameSite};

pub const SESSION_COOKIE: &str = "zhibu_session";
/// Carries the CSRF token of a visitor who is not logged in yet (the login form).
pub const PRE_SESSION_CSRF_COOKIE: &str = "zhibu_csrf";

pub fn build(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
}

pub fn removal(name: &'static str) -> Cookie<'static> {
    Cookie::build((name, "")).path("/").build()
}
