//! `GET /accounts/new` and `POST /accounts`: creating an account. A branch or committee
//! administrator picks a member (from the roster, or by name here) and the account starts
//! with `member` over the member's org; a system administrator creates accounts of nobody.
//! The first password is shown once, on the page that answers the form.

use super::{form_id, form_refusal, no_store};
use crate::auth::CurrentUser;
use crate::auth::current::Authenticated;
use crate::error::Result;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::accounts::create::{
    self, FirstRoleChoices, NewAccountInput, creates_any, creates_unlinked,
};
use app::authz::{self, Object};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use domain::Role;
use domain::access::Action;
use serde::Deserialize;
use store::members::Member;

struct MemberView {
    id: i64,
    name: String,
    org: String,
}

struct Found {
    id: i64,
    name: String,
    org: String,
    has_account: bool,
}

/// What the form shows in its fields.
#[derive(Default)]
struct Values {
    username: String,
    display_name: String,
    role: String,
    org_id: i64,
}

#[derive(Template)]
#[template(path = "accounts/new.html")]
struct NewPage {
    chrome: Chrome,
    member: Option<MemberView>,
    /// The form can be filled: a member is chosen, or accounts of nobody may be made.
    show_form: bool,
    /// The member search is offered.
    member_search: bool,
    member_q: String,
    found: Vec<Found>,
    values: Values,
    roles: Vec<(&'static str, String)>,
    orgs: Vec<(i64, String)>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/secret.html")]
pub(super) struct SecretPage {
    pub chrome: Chrome,
    pub heading: String,
    pub account_id: i64,
    pub username: String,
    pub password: String,
}

#[derive(Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    member_id: Option<String>,
    #[serde(default)]
    member_q: String,
}

#[derive(Deserialize)]
pub struct NewForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    member_id: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    org_id: String,
}

/// Refuses, with an audited 404, someone who may create no account at all.
async fn require_creator(state: &AppState, user: &Authenticated) -> Result<()> {
    if creates_any(user) {
        return Ok(());
    }
    let object = Object {
        kind: "account",
        id: 0,
        org_id: None,
    };
    Ok(authz::deny(state, user, Action::ManageMemberAccounts, object).await?)
}

/// Indents an org under its subtree root with full-width spaces, as a select shows it.
fn indented(name: &str, depth: usize) -> String {
    format!("{}{name}", "\u{3000}".repeat(depth))
}

async fn render(
    state: &AppState,
    user: &Authenticated,
    chrome: Chrome,
    member: Option<Member>,
    member_q: String,
    values: Values,
    error: Option<String>,
) -> Result<NewPage> {
    let t = chrome.t;
    let FirstRoleChoices { roles, orgs } =
        create::first_role_choices(state, user, member.as_ref()).await?;
    let found = if member.is_none() {
        create::find_members(state, user, &member_q)
            .await?
            .into_iter()
            .map(|c| Found {
                id: c.member.id,
                name: c.member.name,
                org: c.member.org_name,
                has_account: c.has_account,
            })
            .collect()
    } else {
        Vec::new()
    };
    let values = match &member {
        Some(m) if values.role.is_empty() => Values {
            display_name: if values.display_name.is_empty() {
                m.name.clone()
            } else {
                values.display_name
            },
            role: Role::Member.as_str().to_owned(),
            org_id: m.org_id,
            ..values
        },
        _ => values,
    };
    Ok(NewPage {
        show_form: member.is_some() || creates_unlinked(user),
        member_search: member.is_none() && user.access.can_somewhere(Action::ManageMemberAccounts),
        member: member.map(|m| MemberView {
            id: m.id,
            name: m.name,
            org: m.org_name,
        }),
        member_q,
        found,
        values,
        roles: roles
            .into_iter()
            .map(|r| (r.as_str(), t.s(r.message_key()).to_owned()))
            .collect(),
        orgs: orgs
            .into_iter()
            .map(|o| (o.id, indented(&o.name, o.depth)))
            .collect(),
        error,
        chrome,
    })
}

pub async fn form(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(query): Query<NewQuery>,
) -> Result<Html<String>> {
    require_creator(&state, &user).await?;
    let member = match query.member_id.as_deref().and_then(form_id) {
        Some(id) => Some(create::member(&state, &user, id).await?),
        None => None,
    };
    let page = render(
        &state,
        &user,
        chrome,
        member,
        query.member_q,
        Values::default(),
        None,
    )
    .await?;
    Ok(Html(page.render()?))
}

pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Form(f): Form<NewForm>,
) -> Result<Response> {
    let input = NewAccountInput {
        username: f.username.clone(),
        display_name: Some(f.display_name.clone()),
        member_id: form_id(&f.member_id),
        role: Some(f.role.clone()),
        org_id: form_id(&f.org_id),
    };
    let t = chrome.t;
    match create::create(&state, &user, &input).await {
        Ok(created) => {
            let page = SecretPage {
                heading: t.s("accounts.created").to_owned(),
                account_id: created.id,
                username: created.username.to_string(),
                password: created.password.expose().to_owned(),
                chrome,
            };
            Ok(no_store(Html(page.render()?)))
        }
        Err(error) => {
            let error = crate::error::Error::from(error);
            let Some((status, message)) = form_refusal(t, &error) else {
                return Err(error);
            };
            let member = match input.member_id {
                Some(id) => Some(create::member(&state, &user, id).await?),
                None => None,
            };
            let values = Values {
                username: f.username.chars().take(64).collect(),
                display_name: f.display_name.chars().take(100).collect(),
                role: f.role,
                org_id: input.org_id.unwrap_or_default(),
            };
            let page = render(
                &state,
                &user,
                chrome,
                member,
                String::new(),
                values,
                Some(message),
            )
            .await?;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
