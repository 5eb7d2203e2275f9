//! One reflection (心得体会): its text (plain, line breaks kept, escaped), who wrote it, every
//! version, the comments and the comment form; the writer edits and withdraws it, those who
//! guide the branch's study feature it. A refused comment comes back as typed.

use super::reflections::{ReflectionForm, form_page};
use super::{Problems, day_label, refused};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::campaigns::reflection_reads::Shown;
use app::campaigns::reflections;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::campaign_study::ReflectionState;
use serde::Deserialize;

/// A comment as shown.
pub struct CommentRow {
    pub author: String,
    pub when: String,
    pub body: String,
}

/// A version as shown.
pub struct VersionRow {
    pub label: String,
    pub when: String,
    pub title: String,
    pub body: String,
}

#[derive(Template)]
#[template(path = "campaign_study/reflection.html")]
struct ShowPage {
    chrome: Chrome,
    s: Shown,
    withdrawn: bool,
    version_label: String,
    written: String,
    updated: String,
    comments: Vec<CommentRow>,
    versions: Vec<VersionRow>,
    /// The comment as typed (shown again when refused).
    comment: String,
    p: Problems,
    /// A withdraw or feature refused.
    error: Option<String>,
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    id: i64,
    comment: String,
    p: Problems,
    error: Option<String>,
) -> Result<String> {
    let t = chrome.t;
    let s = reflections::read(state, user, id).await?;
    let when = |ts| state.zone.date_time(ts, t.locale);
    let r = &s.reflection;
    Ok(ShowPage {
        withdrawn: r.state == ReflectionState::Withdrawn,
        version_label: t.f(
            "study.reflections.version",
            &[("n", &r.version.to_string())],
        ),
        written: day_label(t, state.zone.civil_date(r.created_at)),
        updated: when(r.updated_at),
        comments: s
            .comments
            .iter()
            .map(|c| CommentRow {
                author: c.author_name.clone(),
                when: when(c.created_at),
                body: c.body.clone(),
            })
            .collect(),
        versions: s
            .versions
            .iter()
            .rev()
            .map(|v| VersionRow {
                label: t.f(
                    "study.reflections.version",
                    &[("n", &v.version.to_string())],
                ),
                when: when(v.saved_at),
                title: v.title.clone(),
                body: v.body.clone(),
            })
            .collect(),
        comment,
        p,
        error,
        s,
        chrome,
    }
    .render()?)
}

/// `GET /reflections/{id}`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Html<String>> {
    let html = render(
        &state,
        &user,
        chrome,
        id,
        String::new(),
        Problems::default(),
        None,
    )
    .await?;
    Ok(Html(html))
}

/// `GET /reflections/{id}/edit`: the writer's own (anyone else: 404), while it may change
/// (else back to it).
pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Response> {
    let s = reflections::own_to_edit(&state, &user, id).await?;
    if !s.may_edit {
        return Ok(Redirect::to(&format!("/reflections/{id}")).into_response());
    }
    let r = &s.reflection;
    let v = ReflectionForm {
        material: r.material_id.map(|m| m.to_string()).unwrap_or_default(),
        title: r.title.clone(),
        body: r.body.clone(),
        version: r.version.to_string(),
    };
    let html = form_page(
        &state,
        chrome,
        s.campaign,
        Some(id),
        v,
        Problems::default(),
        None,
    )
    .await?;
    Ok(Html(html).into_response())
}

/// `POST /reflections/{id}/edit`: saved as the next version; a newer one saved since is
/// refused with the typing kept.
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(v): Form<ReflectionForm>,
) -> Result<Response> {
    match reflections::edit(&state, &user, id, v.seen(), v.input()).await? {
        Ok(_) => Ok(Redirect::to(&format!("/reflections/{id}")).into_response()),
        Err(r) => {
            let p = Problems::of(chrome.t, &r);
            let s = reflections::read(&state, &user, id).await?;
            let html = form_page(&state, chrome, s.campaign, Some(id), v, p, None).await?;
            Ok(refused(html))
        }
    }
}

/// `POST /reflections/{id}/withdraw`
pub async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Response> {
    match reflections::withdraw(&state, &user, id).await? {
        Ok(()) => Ok(Redirect::to(&format!("/reflections/{id}")).into_response()),
        Err(r) => {
            let message = chrome.t.problem(&r);
            let html = render(
                &state,
                &user,
                chrome,
                id,
                String::new(),
                Problems::default(),
                Some(message),
            )
            .await?;
            Ok(refused(html))
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    body: String,
}

/// `POST /reflections/{id}/comments`
pub async fn comment(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<CommentForm>,
) -> Result<Response> {
    match reflections::comment(&state, &user, id, &f.body).await? {
        Ok(_) => Ok(Redirect::to(&format!("/reflections/{id}#comments")).into_response()),
        Err(r) => {
            let p = Problems::of(chrome.t, &r);
            let html = render(&state, &user, chrome, id, f.body, p, None).await?;
            Ok(refused(html))
        }
    }
}

/// `featured=1` features it, `featured=0` stops featuring it.
#[derive(Debug, Default, Deserialize)]
pub struct FeatureForm {
    #[serde(default)]
    featured: String,
}

/// `POST /reflections/{id}/feature`
pub async fn feature(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<FeatureForm>,
) -> Result<Response> {
    let featured = f.featured.trim() == "1";
    match reflections::feature(&state, &user, id, featured).await? {
        Ok(()) => Ok(Redirect::to(&format!("/reflections/{id}")).into_response()),
        Err(r) => {
            let message = chrome.t.problem(&r);
            let html = render(
                &state,
                &user,
                chrome,
                id,
                String::new(),
                Problems::default(),
                Some(message),
            )
            .await?;
            Ok(refused(html))
        }
    }
}
