//! 语言: switch the interface language; remembered in a cookie, and on the account when
//! logged in.

use super::safe_local_path;
use crate::auth::{Client, MaybeUser};
use crate::error::{Error, Result};
use crate::i18n::negotiate::LANG_COOKIE;
use crate::state::AppState;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use domain::Locale;
use serde::Deserialize;
use store::audit::{AuditEntry, Outcome};

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    back: String,
}

pub async fn set(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    client: Client,
    jar: CookieJar,
    Form(f): Form<LanguageForm>,
) -> Result<Response> {
    let locale = Locale::parse(&f.lang)
        .ok_or_else(|| Error::unprocessable("unknown_language", "error.unknown_language"))?;
    if let Some(user) = user {
        let now = state.now();
        let mut tx = state.db.begin().await?;
        store::accounts::set_locale(&mut tx, user.account.id, locale).await?;
        store::audit::commit_with(
            tx,
            AuditEntry {
                at: now,
                account_id: Some(user.account.id),
                username: &user.account.username,
                ip: &client.ip,
                action: "account.set_locale",
                object_type: "account",
                object_id: user.account.id.to_string(),
                org_id: None,
                outcome: Outcome::Success,
                detail: locale.as_str().to_owned(),
            },
        )
        .await?;
    }
    let cookie = Cookie::build((LANG_COOKIE, locale.as_str()))
        .path("/")
        .same_site(SameSite::Lax)
        .secure(state.secure_cookies)
        .permanent()
        .build();
    Ok((jar.add(cookie), Redirect::to(&safe_local_path(&f.back))).into_response())
}
