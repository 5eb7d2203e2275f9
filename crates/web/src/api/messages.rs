//! `/api/v1/messages`: the caller's own inbox (消息).

use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::state::AppState;
use app::reminders::inbox;
use app::reminders::words::words;
use app::zone::rfc3339;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type ErrorBody = crate::api::openapi::ErrorBody;

#[derive(Serialize, ToSchema)]
pub struct MessageView {
    pub id: i64,
    /// task_reminder, …
    pub kind: String,
    /// In the caller's language.
    pub title: String,
    pub body: String,
    /// The page the message is about (a path in zhibu).
    pub link: String,
    pub created_at: String,
    pub read: bool,
}

#[derive(Serialize, ToSchema)]
pub struct Inbox {
    /// Unread messages in all, not only on this page.
    pub unread: i64,
    pub messages: Vec<MessageView>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// Only unread messages.
    #[serde(default)]
    pub unread: bool,
    /// From 0; 50 to a page.
    pub page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/messages", tag = "messages", params(InboxQuery), security(("bearer" = [])),
    responses((status = 200, description = "The caller's messages, newest first", body = Inbox)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Query(q): Query<InboxQuery>,
) -> Result<Json<Inbox>> {
    let page = inbox::page(&state, &user, q.unread, q.page.unwrap_or(0)).await?;
    let messages = page
        .iter()
        .map(|m| {
            let shown = words(t, &state.zone, m);
            MessageView {
                id: m.id,
                kind: m.kind.clone(),
                title: shown.title,
                body: shown.body,
                link: m.link.clone(),
                created_at: rfc3339(m.created_at),
                read: m.read_at.is_some(),
            }
        })
        .collect();
    Ok(Json(Inbox {
        unread: inbox::unread(&state, &user).await?,
        messages,
    }))
}

#[utoipa::path(post, path = "/api/v1/messages/{id}/read", tag = "messages", security(("bearer" = [])),
    params(("id" = i64, Path, description = "One of the caller's messages")),
    responses((status = 204, description = "Marked read (or it was already)"),
        (status = 404, description = "Not one of the caller's messages", body = ErrorBody)))]
pub async fn read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode> {
    inbox::open(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Marked {
    /// How many were unread.
    pub marked: u64,
}

#[utoipa::path(post, path = "/api/v1/messages/read-all", tag = "messages", security(("bearer" = [])),
    responses((status = 200, description = "Every message of the caller marked read", body = Marked)))]
pub async fn read_all(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Marked>> {
    let marked = inbox::mark_all_read(&state, &user).await?;
    Ok(Json(Marked { marked }))
}
