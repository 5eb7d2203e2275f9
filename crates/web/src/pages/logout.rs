//! 退出: ends the session the request came with, and has the browser forget what it stored
//! for the site (report drafts in `localStorage`): by `Clear-Site-Data` where the browser
//! honours it (https), and by the login page's script it lands on in any case.

use crate::auth::AnyUser;
use crate::auth::cookies::{self, SESSION_COOKIE};
use crate::error::Result;
use crate::state::AppState;
use axum::extract::State;
use axum::http::HeaderName;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;

pub async fn submit(
    State(state): State<AppState>,
    user: AnyUser,
    jar: CookieJar,
) -> Result<Response> {
    crate::auth::logout::end_current(&state, &user).await?;
    let jar = jar.remove(cookies::removal(SESSION_COOKIE));
    Ok((jar, CLEAR_STORAGE, Redirect::to("/login?logged_out=1")).into_response())
}

/// Asks the browser to drop the site's local storage (cookies are handled one by one).
pub const CLEAR_STORAGE: [(HeaderName, &str); 1] =
    [(HeaderName::from_static("clear-site-data"), "\"storage\"")];
