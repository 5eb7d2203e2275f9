//! `POST /tasks/{id}/remind`: 催办 from the board — the ticked orgs, or every org in an owed
//! state — with an optional note; back to the board saying how many were reminded. A refusal
//! shows the board again with the message and the note as typed.

use super::layout::Chrome;
use super::task_board::supervision::LadderForm;
use super::task_board::{ShowQuery, render, show_href};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use app::reminders::settings;
use app::reminders::task::remind;
use app::tasks::rules;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::reminder::{Audience, ReminderProblem};
use domain::reminder_ladder::{Ladder, LadderProblem, parse_ladder};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct RemindForm {
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    org_ids: Vec<i64>,
    /// `orgs` (the ticked ones), `owing`, or an owed state.
    #[serde(default)]
    scope: String,
    #[serde(default)]
    note: String,
}

pub async fn remind_orgs(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(form): Form<RemindForm>,
) -> Result<Response> {
    let loaded = rules::load(&state, &user, id).await?;
    let period = rules::period(&state, &user, &loaded.task, form.period.as_deref()).await?;
    let audience = Audience::parse(&form.scope, &form.org_ids);
    let outcome = match &audience {
        Ok(a) => remind(&state, &user, &loaded, &period, a, &form.note).await?,
        Err(p) => Err(*p),
    };
    match outcome {
        Ok(sent) => {
            let back = format!(
                "{}&reminded={}&skipped={}&unreached={}#board",
                show_href(id, &period.period, None, 0, None),
                sent.orgs,
                sent.skipped,
                sent.unreached
            );
            Ok(Redirect::to(&back).into_response())
        }
        Err(problem) => refuse(&state, &user, chrome, loaded, &period.period, form, problem).await,
    }
}

/// The board again, with the refusal and the note as typed.
async fn refuse(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    loaded: rules::Loaded,
    period: &str,
    form: RemindForm,
    problem: ReminderProblem,
) -> Result<Response> {
    let error = Some(chrome.t.problem(&problem));
    let q = ShowQuery {
        period: Some(period.to_owned()),
        note: Some(form.note),
        ..ShowQuery::default()
    };
    let html = render(state, user, chrome, loaded, &q, error).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct LadderFormInput {
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    follow_default: Option<String>,
    #[serde(default)]
    before_days: String,
    #[serde(default)]
    on_the_day: Option<String>,
    #[serde(default)]
    while_overdue: Option<String>,
    #[serde(default)]
    escalate_after_days: String,
}

impl LadderFormInput {
    fn typed(&self) -> LadderForm {
        LadderForm {
            own: self.follow_default.is_none(),
            before_days: self.before_days.clone(),
            on_the_day: self.on_the_day.is_some(),
            while_overdue: self.while_overdue.is_some(),
            escalate_after_days: self.escalate_after_days.clone(),
        }
    }

    /// The ladder asked for: `None` to follow the deployment's.
    fn parse(&self) -> std::result::Result<Option<Ladder>, LadderProblem> {
        if self.follow_default.is_some() {
            return Ok(None);
        }
        parse_ladder(
            &self.before_days,
            self.on_the_day.is_some(),
            self.while_overdue.is_some(),
            &self.escalate_after_days,
        )
        .map(Some)
    }
}

/// `POST /tasks/{id}/reminder-ladder`: the task's own ladder, or back to the deployment's.
pub async fn set_ladder(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(form): Form<LadderFormInput>,
) -> Result<Response> {
    let outcome = match form.parse() {
        Ok(ladder) => settings::set_for_task(&state, &user, id, ladder)
            .await?
            .map(|_| ()),
        Err(p) => Err(p),
    };
    let period = form.period.clone().unwrap_or_default();
    match outcome {
        Ok(()) => Ok(
            Redirect::to(&format!("{}#ladder", show_href(id, &period, None, 0, None)))
                .into_response(),
        ),
        Err(p) => {
            let loaded = rules::load(&state, &user, id).await?;
            let error = Some(chrome.t.problem(&p));
            let q = ShowQuery {
                period: form.period.clone(),
                ladder: Some(form.typed()),
                ..ShowQuery::default()
            };
            let html = render(&state, &user, chrome, loaded, &q, error).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
