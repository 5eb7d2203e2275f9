//! What the task page's buttons do: assign (下发), close and reopen, approve in bulk; the 台账
//! download; and the page of task categories.

use super::layout::Chrome;
use super::org_picker;
use super::task_board::{ShowQuery, render, show_href};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::state::AppState;
use crate::tasks::board_ledger;
use app::tasks::reports::{self, Report, Role};
use app::tasks::rules::{self, Loaded, Side};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::Problem;
use domain::submission::Decision;
use serde::Deserialize;
/// The task's page again with a refusal's message.
async fn refuse(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    id: i64,
    key: &str,
) -> Result<Response> {
    let loaded = rules::load(state, user, id).await?;
    let error = Some(chrome.t.s(key).to_owned());
    let html = render(state, user, chrome, loaded, &ShowQuery::default(), error).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    subtree: Vec<i64>,
    #[serde(default)]
    org: Vec<i64>,
}

/// `POST /tasks/{id}/publish`: 下发 a draft to the chosen orgs.
pub async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(form): Form<PublishForm>,
) -> Result<Response> {
    let task = rules::load_as_assigner(&state, &user, id).await?;
    let targets = org_picker::ticked_targets(&state, &form.subtree, &form.org).await?;
    match rules::publish(&state, &user, &task, &targets).await? {
        Ok(_) => Ok(Redirect::to(&format!("/tasks/{id}")).into_response()),
        Err(p) => refuse(&state, &user, chrome, id, p.message_key()).await,
    }
}

async fn set_closed(
    state: AppState,
    user: CurrentUser,
    chrome: Chrome,
    id: i64,
    close: bool,
) -> Result<Response> {
    let task = rules::load_as_assigner(&state, &user, id).await?;
    match rules::set_closed(&state, &user, &task, close).await? {
        Ok(()) => Ok(Redirect::to(&format!("/tasks/{id}")).into_response()),
        Err(p) => refuse(&state, &user, chrome, id, p.message_key()).await,
    }
}

/// `POST /tasks/{id}/close`
pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Response> {
    set_closed(state, user, chrome, id, true).await
}

/// `POST /tasks/{id}/reopen`
pub async fn reopen(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Response> {
    set_closed(state, user, chrome, id, false).await
}

#[derive(Debug, Default, Deserialize)]
pub struct ApproveForm {
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    org_ids: Vec<i64>,
}

/// `POST /tasks/{id}/approve`: 批量通过 the chosen orgs' waiting versions, each on its own;
/// back to the board saying how many were approved and how many were not.
pub async fn approve(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<ApproveForm>,
) -> Result<Response> {
    let task = rules::load_as_assigner(&state, &user, id).await?;
    let loaded = Loaded {
        task,
        side: Side::Assigner,
    };
    let period = rules::period(&state, &user, &loaded.task, form.period.as_deref()).await?;
    let (mut approved, mut skipped) = (0, 0);
    for &org_id in form.org_ids.iter().take(1000) {
        let Some(submission) =
            store::submissions::get(state.db.read(), id, &period.period, org_id).await?
        else {
            skipped += 1;
            continue;
        };
        let report = Report {
            submission,
            role: Role::Reviewer,
        };
        match reports::decide(
            &state,
            &user,
            &loaded,
            &report,
            &Decision::Approve(String::new()),
        )
        .await?
        {
            Ok(_) => approved += 1,
            Err(_) => skipped += 1,
        }
    }
    let back = format!(
        "{}&approved={approved}&skipped={skipped}",
        show_href(id, &period.period, None, 0, None)
    );
    Ok(Redirect::to(&back).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct LedgerQuery {
    pub period: Option<String>,
}

/// `GET /tasks/{id}/board.xlsx?period=`: the board as a 台账.
pub async fn ledger(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path(id): Path<i64>,
    Query(q): Query<LedgerQuery>,
) -> Result<Response> {
    board_ledger::download(&state, &user, t, id, q.period.as_deref()).await
}

#[derive(Template)]
#[template(path = "tasks/categories.html")]
struct CategoriesPage {
    chrome: Chrome,
    text: String,
    error: Option<String>,
    saved: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct CategoriesQuery {
    pub done: Option<String>,
}

/// `GET /tasks/categories`: the deployment's task categories, one a line, for a committee
/// admin over the whole tree.
pub async fn categories(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(q): Query<CategoriesQuery>,
) -> Result<Html<String>> {
    rules::require_categories_admin(&state, &user).await?;
    let page = CategoriesPage {
        text: rules::categories(&state).await?.join("\n"),
        error: None,
        saved: q.done.as_deref() == Some("saved"),
        chrome,
    };
    Ok(Html(page.render()?))
}

#[derive(Debug, Deserialize)]
pub struct CategoriesForm {
    #[serde(default)]
    categories: String,
}

/// `POST /tasks/categories` with `categories`, one a line (blank lines skipped); refused
/// lists come back with the text as typed.
pub async fn set_categories(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Form(form): Form<CategoriesForm>,
) -> Result<Response> {
    let list: Vec<String> = form
        .categories
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    match rules::set_categories(&state, &user, &list).await? {
        Ok(_) => Ok(Redirect::to("/tasks/categories?done=saved").into_response()),
        Err(p) => {
            let page = CategoriesPage {
                text: form.categories,
                error: Some(chrome.t.s(p.message_key()).to_owned()),
                saved: false,
                chrome,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
    }
}
