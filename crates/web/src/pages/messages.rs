//! 消息: the account's inbox page. Opening a message marks it read and goes to the page it is
//! about; "全部标为已读" clears the badge.

use super::layout::Chrome;
use super::safe_local_path;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use app::reminders::inbox;
use app::reminders::words::words;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Redirect};
use serde::Deserialize;

struct Row {
    id: i64,
    title: String,
    body: Vec<String>,
    when: String,
    unread: bool,
}

#[derive(Template)]
#[template(path = "messages/inbox.html")]
struct InboxPage {
    chrome: Chrome,
    rows: Vec<Row>,
    unread_only: bool,
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct InboxQuery {
    #[serde(default)]
    unread: bool,
    page: Option<i64>,
}

fn href(unread_only: bool, page: i64) -> String {
    match (unread_only, page) {
        (false, 0) => "/messages".to_owned(),
        (false, p) => format!("/messages?page={p}"),
        (true, 0) => "/messages?unread=true".to_owned(),
        (true, p) => format!("/messages?unread=true&page={p}"),
    }
}

/// `GET /messages`
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(q): Query<InboxQuery>,
) -> Result<Html<String>> {
    let page = q.page.unwrap_or(0).max(0);
    let t = chrome.t;
    let found = inbox::page(&state, &user, q.unread, page).await?;
    let full = i64::try_from(found.len()).unwrap_or(0) == inbox::PAGE;
    let rows = found
        .iter()
        .map(|m| {
            let shown = words(t, &state.zone, m);
            Row {
                id: m.id,
                title: shown.title,
                body: shown.body.lines().map(str::to_owned).collect(),
                when: state.zone.date_time(m.created_at, t.locale),
                unread: m.read_at.is_none(),
            }
        })
        .collect();
    let html = InboxPage {
        chrome,
        rows,
        unread_only: q.unread,
        prev: (page > 0).then(|| href(q.unread, page - 1)),
        next: full.then(|| href(q.unread, page + 1)),
    }
    .render()?;
    Ok(Html(html))
}

/// `GET /messages/{id}`: marks it read and goes to its page (another account's message is
/// not found).
pub async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Redirect> {
    let message = inbox::open(&state, &user, id).await?;
    Ok(Redirect::to(&safe_local_path(&message.link)))
}

/// `POST /messages/read-all`
pub async fn read_all(State(state): State<AppState>, user: CurrentUser) -> Result<Redirect> {
    inbox::mark_all_read(&state, &user).await?;
    Ok(Redirect::to("/messages"))
}
