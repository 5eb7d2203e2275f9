//! 修改密码: change one's own password. Every session of the account ends with it, this one
//! included, so a stolen session does not outlive the password it was opened with.

use super::layout::Chrome;
use crate::auth::AnyUser;
use crate::auth::cookies::{self, SESSION_COOKIE};
use crate::error::Result;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    chrome: Chrome,
    forced: bool,
    error: Option<String>,
}

pub async fn form(user: AnyUser, chrome: Chrome) -> Result<Html<String>> {
    let page = PasswordPage {
        chrome,
        forced: user.account.must_change_password,
        error: None,
    };
    Ok(Html(page.render()?))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn submit(
    State(state): State<AppState>,
    user: AnyUser,
    chrome: Chrome,
    jar: CookieJar,
    Form(f): Form<PasswordForm>,
) -> Result<Response> {
    let t = chrome.t;
    if f.new != f.confirm {
        return refuse(chrome, &user, t.s("password.mismatch").to_owned());
    }
    match crate::auth::password_change::change(&state, &user, f.current, &f.new).await? {
        Ok(()) => {
            let jar = jar.remove(cookies::removal(SESSION_COOKIE));
            Ok((jar, Redirect::to("/login?password_changed=1")).into_response())
        }
        Err(problem) => refuse(chrome, &user, t.problem(&problem)),
    }
}

fn refuse(chrome: Chrome, user: &AnyUser, error: String) -> Result<Response> {
    let page = PasswordPage {
        chrome,
        forced: user.account.must_change_password,
        error: Some(error),
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
}
