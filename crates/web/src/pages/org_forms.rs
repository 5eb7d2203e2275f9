//! 组织维护: creating, editing, moving, closing and reopening orgs through forms.

use super::layout::Chrome;
use super::org_picker::OneOf;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::roster::describe;
use crate::state::AppState;
use app::roster::orgs::{self as rules, OrgRefusal};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::OrgKind;
use domain::Problem as _;
use domain::access::Action;
use domain::drafts::OrgInput;
use serde::Deserialize;
use store::orgs::Org;

#[derive(Template)]
#[template(path = "orgs/form.html")]
struct OrgForm {
    chrome: Chrome,
    heading: String,
    action: String,
    parent_name: Option<String>,
    kinds: Vec<(&'static str, String, bool)>,
    input: OrgInput,
    error: Option<String>,
    /// The org being edited, when moving and closing are offered.
    manage_id: Option<i64>,
    open: bool,
    /// Where the org may move (its edit page only).
    choose: OneOf,
}

fn refusal_text(chrome: &Chrome, refusal: &OrgRefusal) -> String {
    let t = chrome.t;
    match refusal {
        OrgRefusal::Fields(errors) => t.f(
            "error.invalid_fields",
            &[("fields", &describe(t, "org.field.", errors))],
        ),
        other => t.s(other.message_key()).to_owned(),
    }
}

/// The kinds `parent` may hold, `selected` (or the first) marked.
fn kinds_under(chrome: &Chrome, parent: &Org, selected: &str) -> Vec<(&'static str, String, bool)> {
    let kinds: Vec<OrgKind> = OrgKind::ALL
        .into_iter()
        .filter(|k| parent.kind.may_contain(*k))
        .collect();
    let chosen = kinds
        .iter()
        .position(|k| k.as_str() == selected)
        .unwrap_or(0);
    kinds
        .into_iter()
        .enumerate()
        .map(|(i, k)| {
            (
                k.as_str(),
                chrome.t.s(k.message_key()).to_owned(),
                i == chosen,
            )
        })
        .collect()
}

/// The form fields of an org as it is.
fn input_of(org: &Org) -> OrgInput {
    OrgInput {
        name: org.name.clone(),
        short_name: org.short_name.clone(),
        society: org.society.clone(),
        contact_person: org.contact_person.clone(),
        contact_phone: org.contact_phone.clone(),
    }
}

#[derive(Deserialize)]
pub struct NewQuery {
    parent: i64,
}

pub async fn new(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(q): Query<NewQuery>,
) -> Result<Html<String>> {
    let parent = rules::load(&state, &user, q.parent, Action::ManageOrgs).await?;
    let kinds = kinds_under(&chrome, &parent, "");
    let page = OrgForm {
        heading: chrome.t.s("org.new_child").to_owned(),
        action: format!("/orgs/{}/children", parent.id),
        parent_name: Some(parent.name.clone()),
        kinds,
        input: OrgInput::default(),
        error: None,
        manage_id: None,
        open: true,
        choose: OneOf::default(),
        chrome,
    };
    Ok(Html(page.render()?))
}

#[derive(Deserialize)]
pub struct NewOrgForm {
    #[serde(default)]
    kind: String,
    #[serde(flatten)]
    input: OrgInput,
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(parent_id): Path<i64>,
    Form(form): Form<NewOrgForm>,
) -> Result<Response> {
    let parent = rules::load(&state, &user, parent_id, Action::ManageOrgs).await?;
    let kind = OrgKind::parse(&form.kind)
        .ok_or_else(|| Error::unprocessable("unknown_kind", "org.unknown_kind"))?;
    match rules::create(&state, &user, &parent, kind, &form.input).await? {
        Ok(id) => Ok(Redirect::to(&format!("/orgs/{id}")).into_response()),
        Err(refusal) => {
            let kinds = kinds_under(&chrome, &parent, &form.kind);
            let page = OrgForm {
                heading: chrome.t.s("org.new_child").to_owned(),
                action: format!("/orgs/{}/children", parent.id),
                parent_name: Some(parent.name.clone()),
                kinds,
                error: Some(refusal_text(&chrome, &refusal)),
                input: form.input,
                manage_id: None,
                open: true,
                choose: OneOf::default(),
                chrome,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
    }
}

/// Orgs the user may move `org` under: of a kind that can hold it, not inside it, not its
/// current parent; found by `query` in a large tree.
async fn possible_parents(
    state: &AppState,
    user: &CurrentUser,
    t: crate::i18n::T,
    org: &Org,
    query: &str,
) -> Result<OneOf> {
    let search = (format!("/orgs/{}/edit#move", org.id), "parent_q", query);
    OneOf::build(state, user, t, Action::ManageOrgs, search, |o| {
        o.kind.may_contain(org.kind)
            && !o.path.starts_with(&org.path)
            && Some(o.id) != org.parent_id
    })
    .await
}

async fn edit_page(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    org: &Org,
    input: OrgInput,
    error: Option<String>,
    parent_q: &str,
) -> Result<String> {
    let choose = possible_parents(state, user, chrome.t, org, parent_q).await?;
    let page = OrgForm {
        heading: chrome.t.f("org.edit_heading", &[("name", &org.name)]),
        action: format!("/orgs/{}/edit", org.id),
        parent_name: None,
        kinds: Vec::new(),
        input,
        error,
        manage_id: Some(org.id),
        open: org.is_open(),
        choose,
        chrome,
    };
    Ok(page.render()?)
}

pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<EditQuery>,
) -> Result<Html<String>> {
    let org = rules::load(&state, &user, id, Action::ManageOrgs).await?;
    let input = input_of(&org);
    Ok(Html(
        edit_page(&state, &user, chrome, &org, input, None, &q.parent_q).await?,
    ))
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<OrgInput>,
) -> Result<Response> {
    let org = rules::load(&state, &user, id, Action::ManageOrgs).await?;
    match rules::update(&state, &user, &org, &input).await? {
        Ok(()) => Ok(Redirect::to(&format!("/orgs/{id}")).into_response()),
        Err(refusal) => {
            let error = Some(refusal_text(&chrome, &refusal));
            let html = edit_page(&state, &user, chrome, &org, input, error, "").await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

/// `GET /orgs/{id}/edit?parent_q=…`: the new parent searched for by name.
#[derive(Deserialize, Default)]
pub struct EditQuery {
    #[serde(default)]
    parent_q: String,
}

#[derive(Deserialize)]
pub struct MoveForm {
    parent_id: i64,
}

pub async fn move_under(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(form): Form<MoveForm>,
) -> Result<Response> {
    let org = rules::load(&state, &user, id, Action::ManageOrgs).await?;
    let parent = rules::load(&state, &user, form.parent_id, Action::ManageOrgs).await?;
    finish(
        &state,
        &user,
        chrome,
        &org,
        rules::move_under(&state, &user, &org, &parent).await?,
    )
    .await
}

async fn finish(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    org: &Org,
    outcome: std::result::Result<(), OrgRefusal>,
) -> Result<Response> {
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/orgs/{}", org.id)).into_response()),
        Err(refusal) => {
            let input = input_of(org);
            let error = Some(refusal_text(&chrome, &refusal));
            let html = edit_page(state, user, chrome, org, input, error, "").await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Response> {
    let org = rules::load(&state, &user, id, Action::ManageOrgs).await?;
    let outcome = rules::set_open(&state, &user, &org, false).await?;
    finish(&state, &user, chrome, &org, outcome).await
}

pub async fn reopen(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Response> {
    let org = rules::load(&state, &user, id, Action::ManageOrgs).await?;
    let outcome = rules::set_open(&state, &user, &org, true).await?;
    finish(&state, &user, chrome, &org, outcome).await
}
