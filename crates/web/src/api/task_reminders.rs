//! 催办 through the API: reminding the orgs that still owe a period's report, the deployment's
//! reminder ladder and calendar, and a task's own ladder.

use super::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::state::AppState;
use app::reminders::settings;
use app::reminders::task::{Sent, remind};
use app::tasks::rules;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::reminder::Audience;
use domain::reminder_ladder::{Calendar, Ladder, LadderProblem, parse_dates, parse_time};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

type ErrorBody = crate::api::openapi::ErrorBody;

/// The most orgs one reminder may name.
const MAX_ORGS: usize = 20_000;

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReminderBody {
    /// The period (default: the latest).
    pub period: Option<String>,
    /// `orgs` (those in `org_ids`, the default), `owing` (every org not yet handed in), or one
    /// owed state: `not_started`, `draft`, `returned`.
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub org_ids: Vec<i64>,
    /// The sender's words, at most 500 characters.
    #[serde(default)]
    pub note: String,
}

#[derive(Serialize, ToSchema)]
pub struct ReminderResult {
    /// Orgs reminded.
    pub orgs: usize,
    /// Orgs chosen that have handed in, or are not assignees: left alone.
    pub skipped: usize,
    /// Orgs reminded that no account in zhibu receives reminders for.
    pub unreached: usize,
    /// Inbox messages written.
    pub messages: usize,
}

#[utoipa::path(
    post, path = "/api/v1/tasks/{id}/reminders", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task")),
    request_body = ReminderBody,
    responses(
        (status = 201, description = "Reminded: each org that still owes the report gets a reminder, shown on the board, and each of its accounts an inbox message", body = ReminderResult),
        (status = 404, description = "Not a task the caller's orgs assigned, or no such period", body = ErrorBody),
        (status = 422, description = "nobody_chosen, unknown_scope, nothing_owed (all chosen have handed in), note_too_long, note_unreadable, task_not_open, too_many", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReminderBody>,
) -> Result<(StatusCode, Json<ReminderResult>)> {
    let loaded = rules::load(&state, &user, id).await?;
    if body.org_ids.len() > MAX_ORGS {
        return Err(Error::unprocessable(
            "too_many",
            "submission.problem.too_many",
        ));
    }
    let audience = Audience::parse(&body.scope, &body.org_ids).map_err(|p| Error::problem(&p))?;
    let period = rules::period(&state, &user, &loaded.task, body.period.as_deref()).await?;
    match remind(&state, &user, &loaded, &period, &audience, &body.note).await? {
        Ok(sent) => Ok((StatusCode::CREATED, Json(sent.into()))),
        Err(p) => Err(Error::problem(&p)),
    }
}

impl From<Sent> for ReminderResult {
    fn from(s: Sent) -> ReminderResult {
        ReminderResult {
            orgs: s.orgs,
            skipped: s.skipped,
            unreached: s.unreached,
            messages: s.messages,
        }
    }
}

/// The reminder ladder: days before the deadline, the deadline's day, every working day while
/// overdue, and escalation to the parent org.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LadderBody {
    /// Days before the deadline's day, e.g. `[3, 1]`.
    pub before_days: Vec<u32>,
    pub on_the_day: bool,
    pub while_overdue: bool,
    /// Days overdue before the parent org's administrators are told; `null`: never.
    pub escalate_after_days: Option<u32>,
}

/// When reminders may go out.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CalendarBody {
    /// Quiet hours, local time (`22:00:00`); equal times: none.
    pub quiet_start: String,
    pub quiet_end: String,
    pub weekends_work: bool,
    /// `2027-01-01`
    pub holidays: Vec<String>,
    pub extra_working_days: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReminderSettings {
    pub ladder: LadderBody,
    pub calendar: CalendarBody,
}

fn ladder_body(l: Ladder) -> LadderBody {
    LadderBody {
        before_days: l.before_days,
        on_the_day: l.on_the_day,
        while_overdue: l.while_overdue,
        escalate_after_days: l.escalate_after_days,
    }
}

fn ladder_of(b: LadderBody) -> Ladder {
    Ladder {
        before_days: b.before_days,
        on_the_day: b.on_the_day,
        while_overdue: b.while_overdue,
        escalate_after_days: b.escalate_after_days,
    }
}

fn settings_body(l: Ladder, c: Calendar) -> ReminderSettings {
    let dates = |s: &std::collections::BTreeSet<jiff::civil::Date>| {
        s.iter().map(ToString::to_string).collect()
    };
    ReminderSettings {
        ladder: ladder_body(l),
        calendar: CalendarBody {
            quiet_start: c.quiet_start.to_string(),
            quiet_end: c.quiet_end.to_string(),
            weekends_work: c.weekends_work,
            holidays: dates(&c.holidays),
            extra_working_days: dates(&c.extra_working_days),
        },
    }
}

fn calendar_of(b: CalendarBody) -> std::result::Result<Calendar, LadderProblem> {
    Ok(Calendar {
        quiet_start: parse_time(&b.quiet_start)?,
        quiet_end: parse_time(&b.quiet_end)?,
        weekends_work: b.weekends_work,
        holidays: parse_dates(&b.holidays.join("\n"))?,
        extra_working_days: parse_dates(&b.extra_working_days.join("\n"))?,
    })
}

#[utoipa::path(get, path = "/api/v1/settings/reminders", tag = "tasks", security(("bearer" = [])),
    responses((status = 200, description = "The deployment's reminder ladder and calendar", body = ReminderSettings),
        (status = 404, description = "Not a committee administrator over the whole tree", body = ErrorBody)))]
pub async fn settings_show(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<ReminderSettings>> {
    rules::require_categories_admin(&state, &user).await?;
    let (ladder, calendar) = settings::deployment(&state).await?;
    Ok(Json(settings_body(ladder, calendar)))
}

#[utoipa::path(put, path = "/api/v1/settings/reminders", tag = "tasks", security(("bearer" = [])),
    request_body = ReminderSettings,
    responses((status = 200, description = "Saved (days sorted far to near)", body = ReminderSettings),
        (status = 404, description = "Not a committee administrator over the whole tree", body = ErrorBody),
        (status = 422, description = "invalid_days, too_many_rungs, invalid_time, invalid_date", body = ErrorBody)))]
pub async fn settings_save(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<ReminderSettings>,
) -> Result<Json<ReminderSettings>> {
    rules::require_categories_admin(&state, &user).await?;
    let calendar = calendar_of(body.calendar).map_err(|p| Error::problem(&p))?;
    match settings::set_deployment(&state, &user, ladder_of(body.ladder), calendar).await? {
        Ok((l, c)) => Ok(Json(settings_body(l, c))),
        Err(p) => Err(Error::problem(&p)),
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TaskLadder {
    /// The task's own ladder; `null`: it follows the deployment's.
    pub ladder: Option<LadderBody>,
}

#[utoipa::path(put, path = "/api/v1/tasks/{id}/reminder-ladder", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task")),
    request_body = TaskLadder,
    responses((status = 200, description = "The task's ladder from now on", body = TaskLadder),
        (status = 404, description = "Not a task the caller's orgs assigned", body = ErrorBody),
        (status = 422, description = "invalid_days, too_many_rungs", body = ErrorBody)))]
pub async fn task_ladder(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<TaskLadder>,
) -> Result<Json<TaskLadder>> {
    match settings::set_for_task(&state, &user, id, body.ladder.map(ladder_of)).await? {
        Ok(l) => Ok(Json(TaskLadder {
            ladder: l.map(ladder_body),
        })),
        Err(p) => Err(Error::problem(&p)),
    }
}
