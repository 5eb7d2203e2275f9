//! `GET/POST /orgs/{id}/activity-settings` — a branch's choices about its records: whether
//! its members read them, and whether members confirm their own attendance.

use crate::auth::CurrentUser;
use crate::error::Result;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::activities::kinds;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::access::Action;
use serde::Deserialize;
use store::activity_media::OrgChoices;

#[derive(Template)]
#[template(path = "activity_views/org_settings.html")]
struct OrgSettingsPage {
    chrome: Chrome,
    org_id: i64,
    org_name: String,
    share_records: bool,
    self_attendance: bool,
    saved: bool,
}

#[derive(Debug, Deserialize)]
pub struct SettingsQuery {
    done: Option<String>,
}

/// `GET /orgs/{id}/activity-settings`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<SettingsQuery>,
) -> Result<Html<String>> {
    let org = app::roster::orgs::load(&state, &user, id, Action::RecordActivities).await?;
    let c = kinds::choices(&state, org.id).await?;
    let page = OrgSettingsPage {
        org_id: org.id,
        org_name: org.name,
        share_records: c.share_records,
        self_attendance: c.self_attendance,
        saved: q.done.as_deref() == Some("saved"),
        chrome,
    };
    Ok(Html(page.render()?))
}

/// The form: an unticked checkbox sends nothing, which is "off".
#[derive(Debug, Default, Deserialize)]
pub struct ChoicesForm {
    #[serde(default)]
    share_records: Option<String>,
    #[serde(default)]
    self_attendance: Option<String>,
}

/// `POST /orgs/{id}/activity-settings`
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<ChoicesForm>,
) -> Result<Response> {
    let choices = OrgChoices {
        share_records: form.share_records.is_some(),
        self_attendance: form.self_attendance.is_some(),
    };
    kinds::set_choices(&state, &user, id, choices).await?;
    Ok(Redirect::to(&format!("/orgs/{id}/activity-settings?done=saved")).into_response())
}
