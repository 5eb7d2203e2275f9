//! The forms on an account's page: reset its password (the new temporary one is shown once),
//! disable or enable it, grant a role, revoke a grant. Each answers with the account's page
//! again, or an error page saying why not.

use super::form_id;
use super::new::SecretPage;
use super::no_store;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::accounts::{grants, password, status};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Html, Redirect, Response};
use serde::Deserialize;

fn back_to(account_id: i64) -> Redirect {
    Redirect::to(&format!("/accounts/{account_id}"))
}

pub async fn reset_password(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Response> {
    let temporary = password::reset(&state, &user, id).await?;
    let username = store::accounts::summary(state.db.read(), id)
        .await?
        .map(|s| s.username)
        .unwrap_or_default();
    let page = SecretPage {
        heading: chrome.t.s("accounts.password_reset").to_owned(),
        account_id: id,
        username,
        password: temporary.expose().to_owned(),
        chrome,
    };
    Ok(no_store(Html(page.render()?)))
}

pub async fn disable(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Redirect> {
    status::set_disabled(&state, &user, id, true).await?;
    Ok(back_to(id))
}

pub async fn enable(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Redirect> {
    status::set_disabled(&state, &user, id, false).await?;
    Ok(back_to(id))
}

#[derive(Deserialize)]
pub struct GrantForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    org_id: String,
}

pub async fn add_grant(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<GrantForm>,
) -> Result<Redirect> {
    grants::add(&state, &user, id, &f.role, form_id(&f.org_id)).await?;
    Ok(back_to(id))
}

pub async fn revoke_grant(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Redirect> {
    let revoked = grants::revoke(&state, &user, id).await?;
    Ok(back_to(revoked.account_id))
}
