//! Finds the session a request carries (bearer token or cookie), enforces its idle and
//! absolute limits, and puts the account in the request for the extractors.

use crate::auth::client::client_of;
use crate::auth::cookies::SESSION_COOKIE;
use crate::auth::current::Authenticated;
use crate::auth::token;
use crate::error::Result;
use crate::state::AppState;
use app::Actor;
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use domain::session_policy::SessionCheck;
use std::sync::Arc;
use store::audit::{AuditEntry, Outcome};
use store::sessions::{self, EndReason};

/// Marks a request whose session had just expired, so the login page can say so.
#[derive(Debug, Clone, Copy)]
pub struct SessionExpired;

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    match lookup(&state, &mut request).await {
        Ok(()) => next.run(request).await,
        Err(e) => e.into_response(),
    }
}

async fn lookup(state: &AppState, request: &mut Request) -> Result<()> {
    let headers = request.headers();
    let (secret, via_bearer) = match bearer(headers) {
        Some(secret) => (secret.to_owned(), true),
        None => match CookieJar::from_headers(headers).get(SESSION_COOKIE) {
            Some(cookie) => (cookie.value().to_owned(), false),
            None => return Ok(()),
        },
    };
    // The session, its account and the account's grants in one query: it runs on every
    // request.
    let Some(sessions::Resolved {
        session,
        account,
        grants,
    }) = sessions::resolve(state.db.read(), &token::hash(&secret)).await?
    else {
        return Ok(());
    };
    // A browser cookie cannot be replayed as an API token or the other way round.
    if (session.kind == "api") != via_bearer {
        return Ok(());
    }
    let now = state.now();
    let reason = match state
        .sessions
        .check(session.created_at, session.last_seen_at, now)
    {
        SessionCheck::Live => None,
        SessionCheck::IdleExpired => Some(EndReason::IdleExpired),
        SessionCheck::AbsoluteExpired => Some(EndReason::AbsoluteExpired),
    };
    if let Some(reason) = reason {
        let client = client_of(request.extensions(), request.headers());
        let mut tx = state.db.begin().await?;
        sessions::end(&mut tx, session.account_id, session.id, reason, now).await?;
        let entry = AuditEntry {
            at: now,
            account_id: Some(session.account_id),
            username: "",
            ip: &client.ip,
            action: "session.expire",
            object_type: "session",
            object_id: session.id.to_string(),
            org_id: None,
            outcome: Outcome::Success,
            detail: reason.as_str().to_owned(),
        };
        store::audit::commit_with(tx, entry).await?;
        request.extensions_mut().insert(SessionExpired);
        return Ok(());
    }
    if account.disabled {
        return Ok(());
    }
    if state.sessions.needs_touch(session.last_seen_at, now) {
        let mut tx = state.db.begin().await?;
        sessions::touch(&mut tx, session.id, now).await?;
        store::commit(tx).await?;
    }
    let client = client_of(request.extensions(), request.headers());
    request.extensions_mut().insert(Arc::new(Authenticated {
        actor: Actor::new(account, grants, client),
        session,
        via_bearer,
    }));
    Ok(())
}
