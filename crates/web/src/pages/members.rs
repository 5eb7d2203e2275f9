//! 党员: a member's page, the roster list, and the forms that change members.

use super::layout::Chrome;
use super::org_picker::OneOf;
use super::orgs::positions_label;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::roster::describe;
use crate::state::AppState;
use app::roster::members::{self as rules, MemberRefusal};
use app::roster::orgs as org_rules;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::Problem as _;
use domain::access::Action;
use domain::drafts::MemberInput;
use domain::member::POSITIONS;
use serde::Deserialize;
use store::members::Member;

#[derive(Template)]
#[template(path = "members/show.html")]
struct MemberPage {
    chrome: Chrome,
    m: Member,
    left: bool,
    positions: String,
    member_type: String,
    gender: String,
    personal: bool,
    can_manage: bool,
    can_make_account: bool,
    /// Where the member may be transferred.
    choose: OneOf,
    transfers: Vec<(String, String)>,
    error: Option<String>,
}

fn member_type_label(t: T, code: &str) -> String {
    t.s(if code == "probationary" {
        "member.type.probationary"
    } else {
        "member.type.full"
    })
    .to_owned()
}

fn gender_label(t: T, code: &str) -> String {
    match code {
        "male" => t.s("member.gender.male").to_owned(),
        "female" => t.s("member.gender.female").to_owned(),
        _ => String::new(),
    }
}

async fn render_member(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    m: Member,
    error: Option<String>,
    to_q: &str,
) -> Result<String> {
    let t = chrome.t;
    let can_manage = user.access.can(Action::ManageRoster, &m.org_path);
    // Orgs the member may be transferred to: open orgs of the user's roster scope.
    let choose = if can_manage {
        let search = (format!("/members/{}#transfer", m.id), "to_q", to_q);
        OneOf::build(state, user, t, Action::ManageRoster, search, |o| {
            o.id != m.org_id
        })
        .await?
    } else {
        OneOf::default()
    };
    let transfers = store::members::transfers(state.db.read(), m.id)
        .await?
        .into_iter()
        .map(|x| {
            let text = t.f(
                "member.transferred",
                &[("from", &x.from_org), ("to", &x.to_org)],
            );
            let text = if x.note.is_empty() {
                text
            } else {
                format!("{text}（{}）", x.note)
            };
            (state.zone.date_time(x.at, t.locale), text)
        })
        .collect();
    let personal = rules::sees_personal(user, &m);
    let m = rules::visible(user, m);
    let page = MemberPage {
        left: m.status == domain::member::MemberStatus::Left,
        positions: positions_label(t, &m.positions),
        member_type: member_type_label(t, &m.member_type),
        gender: gender_label(t, &m.gender),
        personal,
        can_manage,
        can_make_account: can_manage && user.access.can(Action::ManageMemberAccounts, &m.org_path),
        choose,
        transfers,
        error,
        m,
        chrome,
    };
    Ok(page.render()?)
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Html<String>> {
    let m = rules::view(&state, &user, id).await?;
    Ok(Html(
        render_member(&state, &user, chrome, m, None, &q.to_q).await?,
    ))
}

/// `GET /members/{id}?to_q=…`: the org to transfer to searched for by name.
#[derive(Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    to_q: String,
}

#[derive(Template)]
#[template(path = "members/form.html")]
struct MemberForm {
    chrome: Chrome,
    heading: String,
    action: String,
    org_name: String,
    input: MemberInput,
    positions: Vec<(&'static str, String, bool)>,
    error: Option<String>,
}

fn form_page(
    chrome: Chrome,
    heading: String,
    action: String,
    org_name: String,
    input: MemberInput,
    error: Option<String>,
) -> Result<String> {
    let t = chrome.t;
    let positions = POSITIONS
        .iter()
        .map(|(code, _)| {
            (
                *code,
                t.s(&format!("position.{code}")).to_owned(),
                input.positions.iter().any(|p| p == code),
            )
        })
        .collect();
    Ok(MemberForm {
        chrome,
        heading,
        action,
        org_name,
        input,
        positions,
        error,
    }
    .render()?)
}

fn refusal_text(t: T, refusal: &MemberRefusal) -> String {
    match refusal {
        MemberRefusal::Fields(errors) => t.f(
            "error.invalid_fields",
            &[("fields", &describe(t, "member.field.", errors))],
        ),
        other => t.s(other.message_key()).to_owned(),
    }
}

#[derive(Deserialize)]
pub struct NewQuery {
    org: i64,
}

pub async fn new(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(q): Query<NewQuery>,
) -> Result<Html<String>> {
    let org = org_rules::load(&state, &user, q.org, Action::ManageRoster).await?;
    let heading = chrome.t.s("member.new").to_owned();
    Ok(Html(form_page(
        chrome,
        heading,
        format!("/orgs/{}/members", org.id),
        org.name,
        MemberInput::default(),
        None,
    )?))
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(org_id): Path<i64>,
    Form(input): Form<MemberInput>,
) -> Result<Response> {
    let org = org_rules::load(&state, &user, org_id, Action::ManageRoster).await?;
    match rules::create(&state, &user, &org, &input).await? {
        Ok(id) => Ok(Redirect::to(&format!("/members/{id}")).into_response()),
        Err(refusal) => {
            let error = Some(refusal_text(chrome.t, &refusal));
            let heading = chrome.t.s("member.new").to_owned();
            let html = form_page(
                chrome,
                heading,
                format!("/orgs/{}/members", org.id),
                org.name,
                input,
                error,
            )?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Html<String>> {
    let m = rules::load(&state, &user, id, Action::ManageRoster).await?;
    let input = MemberInput {
        name: m.name.clone(),
        gender: m.gender.clone(),
        birth_date: m.birth_date.clone().unwrap_or_default(),
        phone: m.phone.clone().unwrap_or_default(),
        email: m.email.clone().unwrap_or_default(),
        member_type: m.member_type.clone(),
        joined_party: m.joined_party.clone().unwrap_or_default(),
        positions: m.positions.clone(),
    };
    let heading = chrome.t.f("member.edit_heading", &[("name", &m.name)]);
    Ok(Html(form_page(
        chrome,
        heading,
        format!("/members/{id}/edit"),
        m.org_name,
        input,
        None,
    )?))
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<MemberInput>,
) -> Result<Response> {
    let m = rules::load(&state, &user, id, Action::ManageRoster).await?;
    match rules::update(&state, &user, &m, &input).await? {
        Ok(()) => Ok(Redirect::to(&format!("/members/{id}")).into_response()),
        Err(refusal) => {
            let error = Some(refusal_text(chrome.t, &refusal));
            let heading = chrome.t.f("member.edit_heading", &[("name", &m.name)]);
            let html = form_page(
                chrome,
                heading,
                format!("/members/{id}/edit"),
                m.org_name,
                input,
                error,
            )?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct TransferForm {
    to_org: i64,
    #[serde(default)]
    note: String,
}

pub async fn transfer(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(form): Form<TransferForm>,
) -> Result<Response> {
    let m = rules::load(&state, &user, id, Action::ManageRoster).await?;
    let to = org_rules::load(&state, &user, form.to_org, Action::ManageRoster).await?;
    match rules::transfer(&state, &user, &m, &to, &form.note).await? {
        Ok(()) => Ok(Redirect::to(&format!("/members/{id}")).into_response()),
        Err(refusal) => {
            let error = Some(refusal_text(chrome.t, &refusal));
            let html = render_member(&state, &user, chrome, m, error, "").await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

pub async fn leave(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Redirect> {
    let m = rules::load(&state, &user, id, Action::ManageRoster).await?;
    rules::set_active(&state, &user, &m, false).await?;
    Ok(Redirect::to(&format!("/members/{id}")))
}

pub async fn rejoin(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Redirect> {
    let m = rules::load(&state, &user, id, Action::ManageRoster).await?;
    rules::set_active(&state, &user, &m, true).await?;
    Ok(Redirect::to(&format!("/members/{id}")))
}
