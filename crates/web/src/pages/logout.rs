//! 退出: ends the session the request came with.

use crate::auth::AnyUser;
use crate::auth::cookies::{self, SESSION_COOKIE};
use crate::error::Result;
use crate::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;

pub async fn submit(
    State(state): State<AppState>,
    user: AnyUser,
    jar: CookieJar,
) -> Result<Response> {
    crate::auth::logout::end_current(&state, &user).await?;
    let jar = jar.remove(cookies::removal(SESSION_COOKIE));
    Ok((jar, Redirect::to("/login?logged_out=1")).into_response())
}
