//! Who is reached how: an account's own email setting (and a test email), the robots an org's
//! administrator registers (tested with a real post), and the deliveries that did not go out.

use super::robots::{self, KINDS, Post};
use super::ssrf;
use crate::authz::{self, Object};
use crate::{Actor, App, Error, Result};
use domain::access::Action;
use domain::member::Email;
use store::channels::{self, Delivery, EmailSetting, NewRobot, Robot};

/// Why a channel setting or a test was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChannelProblem {
    InvalidEmail,
    NoEmail,
    EmailNotConfigured,
    UnknownKind,
    NameRequired,
    NameTooLong,
    Url(ssrf::Refused),
    SecretTooLong,
    /// The channel answered with an error (its own words, after the message).
    SendFailed(String),
}

impl domain::Problem for ChannelProblem {
    fn code(&self) -> &'static str {
        match self {
            ChannelProblem::InvalidEmail => "invalid_email",
            ChannelProblem::NoEmail => "no_email",
            ChannelProblem::EmailNotConfigured => "email_not_configured",
            ChannelProblem::UnknownKind => "unknown_kind",
            ChannelProblem::NameRequired => "name_required",
            ChannelProblem::NameTooLong => "name_too_long",
            ChannelProblem::Url(ssrf::Refused::Address(_)) => "url_not_public",
            ChannelProblem::Url(ssrf::Refused::Scheme) => "url_not_https",
            ChannelProblem::Url(_) => "invalid_url",
            ChannelProblem::SecretTooLong => "secret_too_long",
            ChannelProblem::SendFailed(_) => "send_failed",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            ChannelProblem::InvalidEmail => "channels.invalid_email",
            ChannelProblem::NoEmail => "channels.no_email",
            ChannelProblem::EmailNotConfigured => "channels.email_not_configured",
            ChannelProblem::UnknownKind => "channels.unknown_kind",
            ChannelProblem::NameRequired => "channels.name_required",
            ChannelProblem::NameTooLong => "channels.name_too_long",
            ChannelProblem::Url(ssrf::Refused::Address(_)) => "channels.url_not_public",
            ChannelProblem::Url(ssrf::Refused::Scheme) => "channels.url_not_https",
            ChannelProblem::Url(_) => "channels.invalid_url",
            ChannelProblem::SecretTooLong => "channels.secret_too_long",
            ChannelProblem::SendFailed(_) => "channels.send_failed",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ChannelProblem::SendFailed(e) => vec![("error", e.clone())],
            ChannelProblem::Url(e) => vec![("error", e.to_string())],
            _ => Vec::new(),
        }
    }
}

type Answer<T> = Result<std::result::Result<T, ChannelProblem>>;

pub async fn email_setting(app: &App, actor: &Actor) -> Result<EmailSetting> {
    Ok(channels::email_setting(app.db.read(), actor.account.id).await?)
}

/// Saves the caller's email address and whether reminders go there too.
pub async fn set_email(app: &App, actor: &Actor, email: &str, on: bool) -> Answer<EmailSetting> {
    let email = email.trim();
    if !email.is_empty() && Email::parse(email).is_err() {
        return Ok(Err(ChannelProblem::InvalidEmail));
    }
    if on && email.is_empty() {
        return Ok(Err(ChannelProblem::NoEmail));
    }
    let setting = EmailSetting {
        email: email.to_owned(),
        on,
    };
    let mut w = app.write(actor).await?;
    channels::set_email(&mut w.tx, actor.account.id, &setting, w.now).await?;
    let account = actor.account.id;
    let detail = format!("email {}", if on { "on" } else { "off" });
    w.commit("channels.email", ("account", account), None, detail)
        .await?;
    Ok(Ok(setting))
}

/// Emails the caller a test message now; answers the server's reply or why it failed.
pub async fn test_email(app: &App, actor: &Actor, subject: &str, body: &str) -> Answer<String> {
    let Some(mailer) = &app.channels.mailer else {
        return Ok(Err(ChannelProblem::EmailNotConfigured));
    };
    let setting = email_setting(app, actor).await?;
    if setting.email.is_empty() {
        return Ok(Err(ChannelProblem::NoEmail));
    }
    let outcome = mailer.send(&setting.email, subject, body).await;
    let w = app.write(actor).await?;
    let detail = match &outcome {
        Ok(answer) => format!("sent: {answer}"),
        Err(e) => format!("failed: {e}"),
    };
    w.commit(
        "channels.email_test",
        ("account", actor.account.id),
        None,
        detail,
    )
    .await?;
    Ok(outcome.map_err(ChannelProblem::SendFailed))
}

async fn org_for_channels(app: &App, actor: &Actor, org_id: i64) -> Result<store::orgs::Org> {
    let org = store::orgs::by_id(app.db.read(), org_id)
        .await?
        .ok_or_else(Error::not_found)?;
    let object = Object {
        kind: "org",
        id: org.id,
        org_id: Some(org.id),
    };
    authz::require(app, actor, Action::ManageChannels, &org.path, object).await?;
    Ok(org)
}

async fn robot_for_channels(app: &App, actor: &Actor, robot_id: i64) -> Result<Robot> {
    let robot = channels::robot_by_id(app.db.read(), robot_id)
        .await?
        .ok_or_else(Error::not_found)?;
    org_for_channels(app, actor, robot.org_id).await?;
    Ok(robot)
}

/// The robots of an org the caller manages the channels of.
pub async fn robots_of(
    app: &App,
    actor: &Actor,
    org_id: i64,
) -> Result<(store::orgs::Org, Vec<Robot>)> {
    let org = org_for_channels(app, actor, org_id).await?;
    let list = channels::robots_of(app.db.read(), org.id).await?;
    Ok((org, list))
}

/// A robot to register, as typed.
pub struct RobotInput<'a> {
    pub kind: &'a str,
    pub name: &'a str,
    pub url: &'a str,
    pub secret: &'a str,
}

/// Registers a robot for the org; its URL must be one the deployment lets webhooks reach.
pub async fn add_robot(
    app: &App,
    actor: &Actor,
    org_id: i64,
    input: &RobotInput<'_>,
) -> Answer<i64> {
    let org = org_for_channels(app, actor, org_id).await?;
    let kind = input.kind.trim();
    if !KINDS.contains(&kind) {
        return Ok(Err(ChannelProblem::UnknownKind));
    }
    let name = input.name.trim();
    if name.is_empty() {
        return Ok(Err(ChannelProblem::NameRequired));
    }
    if name.chars().count() > 50 {
        return Ok(Err(ChannelProblem::NameTooLong));
    }
    let policy = app.channels.webhooks;
    let url = match ssrf::check_form(input.url, policy) {
        Ok(u) => u,
        Err(e) => return Ok(Err(ChannelProblem::Url(e))),
    };
    if let Err(e) = ssrf::resolve(&url, policy).await {
        return Ok(Err(ChannelProblem::Url(e)));
    }
    let secret = input.secret.trim();
    if secret.chars().count() > 200 {
        return Ok(Err(ChannelProblem::SecretTooLong));
    }
    let robot = NewRobot {
        org_id: org.id,
        kind,
        name,
        url: url.as_str(),
        secret,
    };
    let mut w = app.write(actor).await?;
    let id = channels::add_robot(&mut w.tx, &robot, actor.account.id, w.now).await?;
    // The URL and secret stay out of the audit log: the URL of some robots is their key.
    let detail = format!("{kind} {name}");
    w.commit("robot.add", ("robot", id), org.id, detail).await?;
    Ok(Ok(id))
}

/// Removes a robot (a state: its deliveries stay listed).
pub async fn remove_robot(app: &App, actor: &Actor, robot_id: i64) -> Result<()> {
    let robot = robot_for_channels(app, actor, robot_id).await?;
    let mut w = app.write(actor).await?;
    if channels::remove_robot(&mut w.tx, robot.id, w.now).await? {
        w.commit(
            "robot.remove",
            ("robot", robot.id),
            robot.org_id,
            robot.name,
        )
        .await?;
    }
    Ok(())
}

/// Posts a test message to the robot now; answers what the platform said, or its error.
pub async fn test_robot(
    app: &App,
    actor: &Actor,
    robot_id: i64,
    post: &Post<'_>,
) -> Answer<String> {
    let robot = robot_for_channels(app, actor, robot_id).await?;
    let Some(target) = channels::robot_target(app.db.read(), robot.id).await? else {
        return Err(Error::not_found());
    };
    let request = robots::request(
        &target.kind,
        &target.url,
        &target.secret,
        post,
        app.now().millis(),
    );
    let outcome = robots::post(&target.kind, &request, app.channels.webhooks).await;
    let w = app.write(actor).await?;
    let detail = match &outcome {
        Ok(answer) => format!("sent: {answer}"),
        Err(e) => format!("failed: {e}"),
    };
    w.commit("robot.test", ("robot", robot.id), robot.org_id, detail)
        .await?;
    Ok(outcome.map_err(ChannelProblem::SendFailed))
}

/// The deliveries under the caller's channel scope that did not go out (failed, or waiting to
/// be tried again), newest first.
pub async fn troubled(app: &App, actor: &Actor, limit: i64) -> Result<Vec<Delivery>> {
    let roots = actor.access.roots(Action::ManageChannels);
    if roots.is_empty() {
        return Err(Error::not_found());
    }
    Ok(channels::troubled(app.db.read(), &roots, limit).await?)
}
