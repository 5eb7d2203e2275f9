//! The channels on the pages: 通知方式 (the account's email and a test email), an org's 群机器人
//! (register, test with a real post, remove) and 发送失败 (deliveries that did not go out).
//! Every refusal shows the form again as typed, with the channel's own error where it has one.

use super::layout::Chrome;
use crate::api::channels::{shown_url, test_post};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use app::channels::admin::{self, RobotInput};
use app::channels::robots::KINDS;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "channels/notifications.html")]
struct NotificationsPage {
    chrome: Chrome,
    email: String,
    email_on: bool,
    available: bool,
    error: Option<String>,
    done: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

fn done_text(chrome: &Chrome, done: Option<&str>) -> Option<String> {
    match done? {
        "saved" => Some(chrome.t.s("channels.saved").to_owned()),
        "tested" => Some(chrome.t.s("channels.tested").to_owned()),
        "removed" => Some(chrome.t.s("channels.removed").to_owned()),
        _ => None,
    }
}

/// `GET /account/notifications`
pub async fn notifications(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>> {
    let s = admin::email_setting(&state, &user).await?;
    let page = NotificationsPage {
        done: done_text(&chrome, q.done.as_deref()),
        email: s.email,
        email_on: s.on,
        available: state.channels.mailer.is_some(),
        error: None,
        chrome,
    };
    Ok(Html(page.render()?))
}

#[derive(Debug, Default, Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    email_on: Option<String>,
}

/// `POST /account/notifications`
pub async fn save_notifications(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Form(form): Form<EmailForm>,
) -> Result<Response> {
    let on = form.email_on.is_some();
    match admin::set_email(&state, &user, &form.email, on).await? {
        Ok(_) => Ok(Redirect::to("/account/notifications?done=saved").into_response()),
        Err(p) => {
            let page = NotificationsPage {
                error: Some(chrome.t.problem(&p)),
                email: form.email,
                email_on: on,
                available: state.channels.mailer.is_some(),
                done: None,
                chrome,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
    }
}

/// `POST /account/notifications/test`: a test email now; a failure shows the server's error.
pub async fn test_email(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
) -> Result<Response> {
    let t = chrome.t;
    let outcome = admin::test_email(
        &state,
        &user,
        t.s("channels.test_subject"),
        t.s("channels.test_body"),
    )
    .await?;
    match outcome {
        Ok(_) => Ok(Redirect::to("/account/notifications?done=tested").into_response()),
        Err(p) => {
            let s = admin::email_setting(&state, &user).await?;
            let page = NotificationsPage {
                error: Some(t.problem(&p)),
                email: s.email,
                email_on: s.on,
                available: state.channels.mailer.is_some(),
                done: None,
                chrome,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
    }
}

struct RobotRow {
    id: i64,
    kind: String,
    name: String,
    url: String,
    has_secret: bool,
}

#[derive(Default, Deserialize)]
pub struct RobotForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    secret: String,
}

#[derive(Template)]
#[template(path = "channels/robots.html")]
struct RobotsPage {
    chrome: Chrome,
    org_id: i64,
    org_name: String,
    robots: Vec<RobotRow>,
    kinds: Vec<(&'static str, String)>,
    /// What was typed before a refusal (never the secret: it is typed again).
    form: RobotForm,
    error: Option<String>,
    done: Option<String>,
}

async fn robots_page(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    org_id: i64,
    form: RobotForm,
    error: Option<String>,
    done: Option<String>,
) -> Result<String> {
    let (org, list) = admin::robots_of(state, user, org_id).await?;
    let t = chrome.t;
    let page = RobotsPage {
        org_id: org.id,
        org_name: org.name,
        robots: list
            .into_iter()
            .map(|r| RobotRow {
                id: r.id,
                kind: t.s(&format!("channels.kind.{}", r.kind)).to_owned(),
                url: shown_url(&r.url),
                name: r.name,
                has_secret: r.has_secret,
            })
            .collect(),
        kinds: KINDS
            .iter()
            .map(|k| (*k, t.s(&format!("channels.kind.{k}")).to_owned()))
            .collect(),
        form: RobotForm {
            secret: String::new(),
            ..form
        },
        error,
        done,
        chrome,
    };
    Ok(page.render()?)
}

/// `GET /orgs/{id}/robots`
pub async fn robots(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>> {
    let done = done_text(&chrome, q.done.as_deref());
    let form = RobotForm {
        kind: "wecom".to_owned(),
        ..RobotForm::default()
    };
    Ok(Html(
        robots_page(&state, &user, chrome, id, form, None, done).await?,
    ))
}

/// `POST /orgs/{id}/robots`
pub async fn add_robot(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(form): Form<RobotForm>,
) -> Result<Response> {
    let input = RobotInput {
        kind: &form.kind,
        name: &form.name,
        url: &form.url,
        secret: &form.secret,
    };
    match admin::add_robot(&state, &user, id, &input).await? {
        Ok(_) => Ok(Redirect::to(&format!("/orgs/{id}/robots?done=saved")).into_response()),
        Err(p) => {
            let error = Some(chrome.t.problem(&p));
            let html = robots_page(&state, &user, chrome, id, form, error, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

async fn org_of_robot(state: &AppState, robot_id: i64) -> Result<i64> {
    Ok(store::channels::robot_by_id(state.db.read(), robot_id)
        .await?
        .map_or(0, |r| r.org_id))
}

/// `POST /robots/{id}/remove`
pub async fn remove_robot(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Redirect> {
    let org = org_of_robot(&state, id).await?;
    admin::remove_robot(&state, &user, id).await?;
    Ok(Redirect::to(&format!("/orgs/{org}/robots?done=removed")))
}

/// `POST /robots/{id}/test`: posts a test message now; a failure shows the platform's error.
pub async fn test_robot(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Response> {
    let org = org_of_robot(&state, id).await?;
    match admin::test_robot(&state, &user, id, &test_post(chrome.t)).await? {
        Ok(_) => Ok(Redirect::to(&format!("/orgs/{org}/robots?done=tested")).into_response()),
        Err(p) => {
            let error = Some(chrome.t.problem(&p));
            let html = robots_page(
                &state,
                &user,
                chrome,
                org,
                RobotForm::default(),
                error,
                None,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

struct DeliveryRow {
    channel: String,
    target: String,
    status: String,
    attempts: i64,
    last_result: String,
    when: String,
}

#[derive(Template)]
#[template(path = "channels/deliveries.html")]
struct DeliveriesPage {
    chrome: Chrome,
    rows: Vec<DeliveryRow>,
}

/// `GET /deliveries`
pub async fn deliveries(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
) -> Result<Html<String>> {
    let t = chrome.t;
    let list = admin::troubled(&state, &user, 200).await?;
    let rows = list
        .into_iter()
        .map(|d| DeliveryRow {
            channel: t.s(&format!("channels.channel.{}", d.channel)).to_owned(),
            status: t.s(&format!("channels.status.{}", d.status)).to_owned(),
            when: state.zone.date_time(d.created_at, t.locale),
            target: d.target,
            attempts: d.attempts,
            last_result: d.last_result,
        })
        .collect();
    Ok(Html(DeliveriesPage { chrome, rows }.render()?))
}
