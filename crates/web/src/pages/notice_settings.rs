//! 通知设置: whether a notice's draft needs 签发 (核稿 and 签发 by someone other than its
//! writer) before it goes out, for a committee administrator over the whole tree.

use super::layout::Chrome;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use app::notices::settings;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "notices/settings.html")]
struct SettingsPage {
    chrome: Chrome,
    signoff: bool,
    saved: bool,
}

#[derive(Debug, Deserialize)]
pub struct SettingsQuery {
    done: Option<String>,
}

/// `GET /settings/notices`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(q): Query<SettingsQuery>,
) -> Result<Html<String>> {
    settings::require_admin(&state, &user).await?;
    let page = SettingsPage {
        signoff: settings::signoff_required(&state).await?,
        saved: q.done.as_deref() == Some("saved"),
        chrome,
    };
    Ok(Html(page.render()?))
}

/// The form: an unticked checkbox sends nothing, which is "off".
#[derive(Debug, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    signoff: Option<String>,
}

/// `POST /settings/notices`
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<SettingsForm>,
) -> Result<Response> {
    settings::set_signoff_required(&state, &user, form.signoff.is_some()).await?;
    Ok(Redirect::to("/settings/notices?done=saved").into_response())
}
