//! The channels through the API: the caller's email setting and a test email, an org's robots
//! (registered, tested, removed) and the deliveries that did not go out.

use super::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::state::AppState;
use app::channels::admin::{self, RobotInput};
use app::channels::robots::Post;
use app::zone::rfc3339;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use store::channels::{Attempt, Delivery, Robot};
use utoipa::ToSchema;

type ErrorBody = crate::api::openapi::ErrorBody;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Notifications {
    /// Where reminders are emailed to; empty: nowhere.
    pub email: String,
    /// Reminders are emailed too (besides the inbox, which always has them).
    pub email_on: bool,
    /// The server can send email (read-only).
    #[serde(default)]
    pub email_available: bool,
}

#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "messages", security(("bearer" = [])),
    responses((status = 200, description = "How the caller is reached besides the inbox", body = Notifications)))]
pub async fn show(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Notifications>> {
    let s = admin::email_setting(&state, &user).await?;
    Ok(Json(Notifications {
        email: s.email,
        email_on: s.on,
        email_available: state.channels.mailer.is_some(),
    }))
}

#[utoipa::path(put, path = "/api/v1/me/notifications", tag = "messages", security(("bearer" = [])),
    request_body = Notifications,
    responses((status = 200, body = Notifications),
        (status = 422, description = "invalid_email, no_email", body = ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<Notifications>,
) -> Result<Json<Notifications>> {
    match admin::set_email(&state, &user, &body.email, body.email_on).await? {
        Ok(s) => Ok(Json(Notifications {
            email: s.email,
            email_on: s.on,
            email_available: state.channels.mailer.is_some(),
        })),
        Err(p) => Err(Error::problem(&p)),
    }
}

#[derive(Serialize, ToSchema)]
pub struct Sent {
    /// What the other side answered.
    pub result: String,
}

#[utoipa::path(post, path = "/api/v1/me/notifications/test", tag = "messages", security(("bearer" = [])),
    responses((status = 200, description = "Sent: the mail server's answer", body = Sent),
        (status = 422, description = "email_not_configured, no_email, send_failed (the message says the server's error)", body = ErrorBody)))]
pub async fn test_email(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
) -> Result<Json<Sent>> {
    let subject = t.s("channels.test_subject");
    let body = t.s("channels.test_body");
    match admin::test_email(&state, &user, subject, body).await? {
        Ok(result) => Ok(Json(Sent { result })),
        Err(p) => Err(Error::problem(&p)),
    }
}

#[derive(Serialize, ToSchema)]
pub struct RobotView {
    pub id: i64,
    /// wecom, dingtalk, feishu or webhook
    pub kind: String,
    pub name: String,
    /// The address without its query (which holds some platforms' key).
    pub url: String,
    /// A secret was saved (it is never shown again).
    pub has_secret: bool,
    pub created_at: String,
}

/// A robot's address as shown: its query, which carries 企业微信's and 钉钉's key, hidden.
pub fn shown_url(url: &str) -> String {
    match url.split_once('?') {
        Some((base, _)) => format!("{base}?…"),
        None => url.to_owned(),
    }
}

fn robot_view(r: Robot) -> RobotView {
    RobotView {
        id: r.id,
        url: shown_url(&r.url),
        kind: r.kind,
        name: r.name,
        has_secret: r.has_secret,
        created_at: rfc3339(r.created_at),
    }
}

#[utoipa::path(get, path = "/api/v1/orgs/{id}/robots", tag = "orgs", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The org")),
    responses((status = 200, body = Vec<RobotView>),
        (status = 404, description = "Not an org whose channels the caller manages", body = ErrorBody)))]
pub async fn robots(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<RobotView>>> {
    let (_, list) = admin::robots_of(&state, &user, id).await?;
    Ok(Json(list.into_iter().map(robot_view).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewRobotBody {
    /// wecom, dingtalk, feishu or webhook
    pub kind: String,
    pub name: String,
    /// The robot's webhook address (https; a private address only if the deployment allows it).
    pub url: String,
    /// 钉钉's 加签 secret, 飞书's signature secret, or the webhook's HMAC key; never shown again.
    #[serde(default)]
    pub secret: String,
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

#[utoipa::path(post, path = "/api/v1/orgs/{id}/robots", tag = "orgs", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The org")),
    request_body = NewRobotBody,
    responses((status = 201, body = Created),
        (status = 404, description = "Not an org whose channels the caller manages", body = ErrorBody),
        (status = 422, description = "unknown_kind, name_required, name_too_long, invalid_url, url_not_https, url_not_public, secret_too_long", body = ErrorBody)))]
pub async fn add_robot(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<NewRobotBody>,
) -> Result<(StatusCode, Json<Created>)> {
    let input = RobotInput {
        kind: &body.kind,
        name: &body.name,
        url: &body.url,
        secret: &body.secret,
    };
    match admin::add_robot(&state, &user, id, &input).await? {
        Ok(id) => Ok((StatusCode::CREATED, Json(Created { id }))),
        Err(p) => Err(Error::problem(&p)),
    }
}

#[utoipa::path(delete, path = "/api/v1/robots/{id}", tag = "orgs", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The robot")),
    responses((status = 204, description = "Removed"),
        (status = 404, description = "No such robot among the orgs whose channels the caller manages", body = ErrorBody)))]
pub async fn remove_robot(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode> {
    admin::remove_robot(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The words of a test post, in the caller's language.
pub fn test_post(t: T) -> Post<'static> {
    Post {
        kind: "test",
        title: t.s("channels.test_subject"),
        body: t.s("channels.test_body"),
        link: "",
    }
}

#[utoipa::path(post, path = "/api/v1/robots/{id}/test", tag = "orgs", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The robot")),
    responses((status = 200, description = "Posted: the platform's answer", body = Sent),
        (status = 404, description = "No such robot among the orgs whose channels the caller manages", body = ErrorBody),
        (status = 422, description = "send_failed: the message says the platform's error", body = ErrorBody)))]
pub async fn test_robot(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path(id): Path<i64>,
) -> Result<Json<Sent>> {
    match admin::test_robot(&state, &user, id, &test_post(t)).await? {
        Ok(result) => Ok(Json(Sent { result })),
        Err(p) => Err(Error::problem(&p)),
    }
}

#[derive(Serialize, ToSchema)]
pub struct DeliveryView {
    pub id: i64,
    /// email or robot
    pub channel: String,
    /// The address, or the robot's name.
    pub target: String,
    pub org_id: Option<i64>,
    /// failed, or pending (to be tried again)
    pub status: String,
    pub attempts: i64,
    /// What the other side answered last, or the error.
    pub last_result: String,
    pub created_at: String,
    /// Every attempt so far, in order.
    pub attempts_log: Vec<AttemptView>,
}

#[derive(Serialize, ToSchema)]
pub struct AttemptView {
    pub attempt: i64,
    pub at: String,
    /// sent, retry or failed
    pub outcome: String,
    /// What the other side answered, or the error.
    pub result: String,
}

pub fn delivery_view(d: Delivery, attempts: Vec<Attempt>) -> DeliveryView {
    DeliveryView {
        attempts_log: attempts
            .into_iter()
            .map(|a| AttemptView {
                attempt: a.attempt,
                at: rfc3339(a.at),
                outcome: a.outcome,
                result: a.result,
            })
            .collect(),
        id: d.id,
        channel: d.channel,
        target: d.target,
        org_id: d.org_id,
        status: d.status,
        attempts: d.attempts,
        last_result: d.last_result,
        created_at: rfc3339(d.created_at),
    }
}

#[utoipa::path(get, path = "/api/v1/deliveries", tag = "messages", security(("bearer" = [])),
    responses((status = 200, description = "Deliveries to the orgs whose channels the caller manages that did not go out, newest first (at most 200)", body = Vec<DeliveryView>),
        (status = 404, description = "The caller manages no org's channels", body = ErrorBody)))]
pub async fn deliveries(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<DeliveryView>>> {
    let list = admin::troubled(&state, &user, 200).await?;
    let ids: Vec<i64> = list.iter().map(|d| d.id).collect();
    let mut attempts = store::channels::attempts_of(state.db.read(), &ids).await?;
    Ok(Json(
        list.into_iter()
            .map(|d| {
                let tried = attempts.remove(&d.id).unwrap_or_default();
                delivery_view(d, tried)
            })
            .collect(),
    ))
}
