//! 我的会话: the account's open sessions, each endable.

use super::layout::Chrome;
use crate::auth::CurrentUser;
use crate::auth::cookies::{self, SESSION_COOKIE};
use crate::error::{Error, Result};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use store::sessions::{self, EndReason};

struct SessionRow {
    id: i64,
    kind: String,
    current: bool,
    started: String,
    last_seen: String,
    ip: String,
    user_agent: String,
}

#[derive(Template)]
#[template(path = "sessions.html")]
struct SessionsPage {
    chrome: Chrome,
    sessions: Vec<SessionRow>,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
) -> Result<Html<String>> {
    let open = sessions::open_for_account(state.db.read(), user.account.id).await?;
    let t = chrome.t;
    let rows = open
        .into_iter()
        .map(|s| SessionRow {
            id: s.id,
            kind: t
                .s(if s.kind == "api" {
                    "sessions.kind_api"
                } else {
                    "sessions.kind_web"
                })
                .to_owned(),
            current: s.id == user.session.id,
            started: state.zone.date_time(s.created_at, t.locale),
            last_seen: state.zone.date_time(s.last_seen_at, t.locale),
            ip: s.ip,
            user_agent: s.user_agent,
        })
        .collect();
    Ok(Html(
        SessionsPage {
            chrome,
            sessions: rows,
        }
        .render()?,
    ))
}

pub async fn end(
    State(state): State<AppState>,
    user: CurrentUser,
    jar: CookieJar,
    Path(id): Path<i64>,
) -> Result<Response> {
    let mut w = state.write(&user).await?;
    // Only the account's own sessions match; anyone else's id is simply not found.
    if !sessions::end(&mut w.tx, user.account.id, id, EndReason::Ended, w.now).await? {
        return Err(Error::not_found());
    }
    w.commit("session.end", ("session", id), None, "").await?;
    if id == user.session.id {
        let jar = jar.remove(cookies::removal(SESSION_COOKIE));
        return Ok((
            jar,
            super::logout::CLEAR_STORAGE,
            Redirect::to("/login?logged_out=1"),
        )
            .into_response());
    }
    Ok(Redirect::to("/account/sessions").into_response())
}
