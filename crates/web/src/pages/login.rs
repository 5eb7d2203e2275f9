//! 登录: the login page.

use super::layout::Chrome;
use super::safe_local_path;
use crate::auth::cookies::{self, PRE_SESSION_CSRF_COOKIE, SESSION_COOKIE};
use crate::auth::login::{self, Refusal};
use crate::auth::{Client, MaybeUser, token};
use crate::error::Result;
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use store::sessions::SessionKind;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    next: String,
    username: String,
    notice: Option<String>,
    error: Option<String>,
    /// Just logged out: the page's script removes the report drafts kept in this browser.
    clear_drafts: bool,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    expired: Option<String>,
    #[serde(default)]
    logged_out: Option<String>,
    #[serde(default)]
    password_changed: Option<String>,
}

/// Makes sure the visitor has a pre-session CSRF token, so the login form can be posted.
fn with_pre_session_token(state: &AppState, jar: CookieJar, chrome: &mut Chrome) -> CookieJar {
    if chrome.csrf.is_empty() {
        chrome.csrf = token::new_secret();
        jar.add(cookies::build(
            PRE_SESSION_CSRF_COOKIE,
            chrome.csrf.clone(),
            state.secure_cookies,
        ))
    } else {
        jar
    }
}

pub async fn form(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    mut chrome: Chrome,
    jar: CookieJar,
    Query(q): Query<LoginQuery>,
) -> Result<Response> {
    let next = safe_local_path(q.next.as_deref().unwrap_or("/"));
    if user.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let t = chrome.t;
    let notice = if q.expired.is_some() {
        Some(t.s("login.expired"))
    } else if q.logged_out.is_some() {
        Some(t.s("login.logged_out"))
    } else if q.password_changed.is_some() {
        Some(t.s("login.password_changed"))
    } else {
        None
    };
    let jar = with_pre_session_token(&state, jar, &mut chrome);
    let page = LoginPage {
        chrome,
        next,
        username: String::new(),
        notice: notice.map(str::to_owned),
        error: None,
        clear_drafts: q.logged_out.is_some(),
    };
    Ok((jar, Html(page.render()?)).into_response())
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn submit(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    mut chrome: Chrome,
    client: Client,
    jar: CookieJar,
    Form(f): Form<LoginForm>,
) -> Result<Response> {
    let next = safe_local_path(&f.next);
    let replaces = user.as_ref().map(|u| (u.account.id, u.session.id));
    let outcome = login::attempt(
        &state,
        &f.username,
        f.password,
        &client,
        SessionKind::Web,
        replaces,
    )
    .await?;
    let t = chrome.t;
    match outcome {
        Ok(done) => {
            let target = if done.account.must_change_password {
                "/account/password".to_owned()
            } else {
                next
            };
            let jar = jar
                .remove(cookies::removal(PRE_SESSION_CSRF_COOKIE))
                .add(cookies::build(
                    SESSION_COOKIE,
                    done.secret,
                    state.secure_cookies,
                ));
            Ok((jar, Redirect::to(&target)).into_response())
        }
        Err(refusal) => {
            let retry_after = refusal.retry_after(state.now());
            let (status, error) = refused(&state, t, refusal);
            let jar = with_pre_session_token(&state, jar, &mut chrome);
            let page = LoginPage {
                chrome,
                next,
                username: f.username.chars().take(64).collect(),
                notice: None,
                error: Some(error),
                clear_drafts: false,
            };
            let mut response = (status, jar, Html(page.render()?)).into_response();
            if let Some(secs) = retry_after {
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(secs));
            }
            Ok(response)
        }
    }
}

/// The status and the words of a refused sign-in.
fn refused(state: &AppState, t: T, refusal: Refusal) -> (StatusCode, String) {
    match refusal {
        Refusal::BadCredentials { .. } => {
            (StatusCode::UNAUTHORIZED, t.s("login.failed").to_owned())
        }
        Refusal::Locked { until } => (
            StatusCode::TOO_MANY_REQUESTS,
            t.f(
                "login.locked",
                &[("until", &state.zone.date_time(until, t.locale))],
            ),
        ),
        Refusal::AddressLimited { until } => (
            StatusCode::TOO_MANY_REQUESTS,
            t.f(
                "login.address_limited",
                &[("until", &state.zone.date_time(until, t.locale))],
            ),
        ),
        Refusal::Disabled => (StatusCode::FORBIDDEN, t.s("login.disabled").to_owned()),
        Refusal::Busy { .. } => (
            StatusCode::SERVICE_UNAVAILABLE,
            t.s("login.busy").to_owned(),
        ),
    }
}
