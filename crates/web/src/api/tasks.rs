//! `/api/v1/tasks`: tasks (任务) for integrations — create one with its report form inline,
//! edit it (a changed form becomes a new version), assign it to orgs, close and reopen it,
//! read it, and list the tasks the caller assigns or must report on.

use super::ApiJson;
use super::notices::{TargetBody, target_orgs};
use super::task_views::{AssigneeView, TargetView, TaskView, task_view};
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::tasks::refusals::{task_problem, task_problems};
use app::authz::{self, Object};
use app::tasks::input::TaskInput;
use app::tasks::rules::{self, FromNotice, Side};
use app::zone::rfc3339;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::access::Action;
use domain::submission::STATES;
use domain::task::TaskStatus;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type ErrorBody = crate::api::openapi::ErrorBody;

/// A task's fields as sent.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct TaskBody {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// One of the deployment's categories (学习, 疫情防控, 安全稳定, 网络安全, 科普, 志愿服务, 其他 by default).
    pub category: String,
    /// once (default), weekly, monthly, quarterly or yearly
    #[serde(default)]
    pub recurrence: String,
    /// A one-off task's deadline: `2026-12-01` (the end of that day in the deployment's zone),
    /// `2026-12-01T17:00` (local time) or RFC 3339.
    #[serde(default)]
    pub deadline: String,
    /// A recurring task's first day (YYYY-MM-DD; default today).
    #[serde(default)]
    pub starts_on: String,
    /// A recurring task's deadline: days after each period's last day (default 0).
    #[serde(default)]
    pub due_days: Option<i64>,
    /// The report form: `{"fields": [{"key","label","type", ...}]}`. Types: short_text,
    /// long_text, number (unit, min, max, integer), date, single_choice and multiple_choice
    /// (options, min_choices, max_choices), yes_no, files (max_files), table (columns,
    /// min_rows, max_rows), member_picker (multiple), record_link (record_kind: activity,
    /// activity_photo or reflection, each the reporting org's own; multiple). Every field may
    /// be `required` and have `help`; a top-level field may name the `source` that fills it
    /// in a campaign's report (campaign.sessions_held, campaign.attendance_rate,
    /// campaign.sessions, campaign.materials_covered, campaign.lead_first,
    /// campaign.volunteer_hours, campaign.science_events, campaign.reflections,
    /// campaign.photos).
    #[schema(value_type = Object)]
    pub form: serde_json::Value,
}

impl TaskBody {
    fn input(&self) -> TaskInput {
        TaskInput {
            title: self.title.clone(),
            description: self.description.clone(),
            category: self.category.clone(),
            recurrence: self.recurrence.clone(),
            deadline: self.deadline.clone(),
            starts_on: self.starts_on.clone(),
            due_days: self.due_days.map(|d| d.to_string()).unwrap_or_default(),
            form: self.form.clone(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewTaskBody {
    /// The assigning org; the caller must manage tasks there.
    pub org_id: i64,
    #[serde(flatten)]
    #[schema(inline)]
    pub fields: TaskBody,
    /// Whom to assign it to; with `publish: true` it is assigned at once.
    #[serde(default)]
    pub targets: Vec<TargetBody>,
    /// Assign it now (default: keep it as a draft).
    #[serde(default)]
    pub publish: bool,
    /// The notice (and its section number, e.g. `三` or `三.（一）`) it was made from.
    pub notice_id: Option<i64>,
    #[serde(default)]
    pub notice_section: String,
}

/// The task as the caller sees it.
pub async fn view(state: &AppState, user: &CurrentUser, id: i64) -> Result<TaskView> {
    let loaded = rules::load(state, user, id).await?;
    let task = &loaded.task;
    let periods = rules::periods(state, user, task).await?;
    let form = app::tasks::reports::form(state, task.id, task.form_version).await?;
    let (targets, mine) = match &loaded.side {
        Side::Assigner => (
            store::tasks::targets(state.db.read(), task.id)
                .await?
                .into_iter()
                .map(|(org_id, org_name, subtree)| TargetView {
                    org_id,
                    org_name,
                    subtree,
                })
                .collect(),
            Vec::new(),
        ),
        Side::Assignee(list) => (
            Vec::new(),
            list.iter()
                .map(|a| AssigneeView {
                    org_id: a.org_id,
                    org_name: a.org_name.clone(),
                })
                .collect(),
        ),
    };
    let task = store::tasks::by_id(state.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)?;
    Ok(task_view(
        &task,
        &form,
        &periods,
        targets,
        mine,
        loaded.is_assigner(),
        state.now(),
    ))
}

#[utoipa::path(
    post, path = "/api/v1/tasks", tag = "tasks", security(("bearer" = [])),
    request_body = NewTaskBody,
    responses(
        (status = 201, description = "The task: a draft, or assigned when `publish` was true", body = TaskView),
        (status = 404, description = "The caller may not manage tasks of org_id, or a target outside the caller's scope", body = ErrorBody),
        (status = 422, description = "Invalid fields or form; `error.problems` names each field (`title`, `deadline`, `form.fields[2].options` …) with its rule", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NewTaskBody>,
) -> Result<(StatusCode, Json<TaskView>)> {
    let org = app::roster::orgs::load(&state, &user, body.org_id, Action::ManageTasks).await?;
    let categories = rules::categories(&state).await?;
    let draft = body
        .fields
        .input()
        .parse(&state, &categories)
        .map_err(|p| task_problems(&p))?;
    let notice = match body.notice_id {
        Some(id) => {
            // The notice must be one the caller issued or received.
            app::notices::rules::load(&state, &user, id).await?;
            Some(FromNotice {
                notice_id: id,
                section: body.notice_section.trim(),
            })
        }
        None => None,
    };
    let targets = target_orgs(&state, &body.targets).await?;
    let id = rules::create(&state, &user, &org, &draft, notice).await?;
    if body.publish {
        let task = store::tasks::by_id(state.db.read(), id)
            .await?
            .ok_or_else(Error::not_found)?;
        rules::publish(&state, &user, &task, &targets)
            .await?
            .map_err(task_problem)?;
    }
    Ok((StatusCode::CREATED, Json(view(&state, &user, id).await?)))
}

#[utoipa::path(
    get, path = "/api/v1/tasks/{id}", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task")),
    responses(
        (status = 200, description = "The task with its form and periods; the assigning side sees each period's counts, a reporting org its own orgs", body = TaskView),
        (status = 404, description = "No such task, or neither assigned by nor to the caller's orgs", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<TaskView>> {
    Ok(Json(view(&state, &user, id).await?))
}

#[utoipa::path(
    put, path = "/api/v1/tasks/{id}", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task")),
    request_body = TaskBody,
    responses(
        (status = 200, description = "Saved. A changed form becomes a new version; reports already made keep theirs. Once assigned, recurrence and first day stay as they were", body = TaskView),
        (status = 404, description = "Not a task of the caller's assigning orgs", body = ErrorBody),
        (status = 422, description = "task_closed, or invalid fields or form (see `error.problems`)", body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<TaskBody>,
) -> Result<Json<TaskView>> {
    let task = rules::load_as_assigner(&state, &user, id).await?;
    let categories = rules::categories(&state).await?;
    let draft = body
        .input()
        .parse(&state, &categories)
        .map_err(|p| task_problems(&p))?;
    rules::update(&state, &user, &task, &draft)
        .await?
        .map_err(task_problem)?;
    Ok(Json(view(&state, &user, id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AssignBody {
    pub targets: Vec<TargetBody>,
}

#[derive(Serialize, ToSchema)]
pub struct AssignResult {
    /// Orgs that must report: open committees, general branches and branches of the targets,
    /// not party groups and not the assigning org.
    pub assignees: i64,
    pub task: TaskView,
}

#[utoipa::path(
    post, path = "/api/v1/tasks/{id}/publish", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task")),
    request_body = AssignBody,
    responses(
        (status = 200, description = "Assigned; its first period is open", body = AssignResult),
        (status = 404, description = "Not a task of the caller's assigning orgs, or a target outside the caller's scope", body = ErrorBody),
        (status = 422, description = "task_not_draft, no_assignees, or duplicate_target (an org named twice)", body = ErrorBody),
    )
)]
pub async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<AssignBody>,
) -> Result<Json<AssignResult>> {
    let task = rules::load_as_assigner(&state, &user, id).await?;
    let targets = target_orgs(&state, &body.targets).await?;
    let assignees = rules::publish(&state, &user, &task, &targets)
        .await?
        .map_err(task_problem)?;
    Ok(Json(AssignResult {
        assignees,
        task: view(&state, &user, id).await?,
    }))
}

async fn set_closed(
    state: AppState,
    user: CurrentUser,
    id: i64,
    close: bool,
) -> Result<Json<TaskView>> {
    let task = rules::load_as_assigner(&state, &user, id).await?;
    rules::set_closed(&state, &user, &task, close)
        .await?
        .map_err(task_problem)?;
    Ok(Json(view(&state, &user, id).await?))
}

#[utoipa::path(
    post, path = "/api/v1/tasks/{id}/close", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task")),
    responses(
        (status = 200, description = "Closed: no more reports or edits; reviewing goes on", body = TaskView),
        (status = 404, description = "Not a task of the caller's assigning orgs", body = ErrorBody),
        (status = 422, description = "task_not_open or task_closed", body = ErrorBody),
    )
)]
pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<TaskView>> {
    set_closed(state, user, id, true).await
}

#[utoipa::path(
    post, path = "/api/v1/tasks/{id}/reopen", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task")),
    responses(
        (status = 200, description = "Open again: late reports are accepted, marked late", body = TaskView),
        (status = 404, description = "Not a task of the caller's assigning orgs", body = ErrorBody),
        (status = 422, description = "task_not_closed", body = ErrorBody),
    )
)]
pub async fn reopen(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<TaskView>> {
    set_closed(state, user, id, false).await
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TaskBox {
    /// Tasks the caller's orgs assigned (default for those who manage tasks).
    Issued,
    /// Reports the caller's orgs owe or made, for open tasks.
    Assigned,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
    /// issued or assigned
    #[serde(rename = "box")]
    #[param(rename = "box", inline)]
    pub task_box: Option<TaskBox>,
    /// At most 200; default 50.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// A task as the assigning side's list shows it.
#[derive(Serialize, ToSchema)]
pub struct IssuedRow {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub status: String,
    pub recurrence: String,
    /// The newest period with its counts.
    pub period: Option<super::task_views::PeriodView>,
}

/// A report the caller's org owes or made.
#[derive(Serialize, ToSchema)]
pub struct AssignedRow {
    pub task_id: i64,
    pub title: String,
    pub category: String,
    pub period: String,
    pub deadline: String,
    pub org_id: i64,
    pub org_name: String,
    /// not_started, draft, submitted, returned or approved
    pub status: String,
    pub late: bool,
    /// Not handed in although the deadline has passed.
    pub overdue: bool,
}

#[derive(Serialize, ToSchema)]
pub struct TaskPage {
    #[serde(rename = "box")]
    pub task_box: String,
    pub issued: Vec<IssuedRow>,
    pub assigned: Vec<AssignedRow>,
}

#[utoipa::path(
    get, path = "/api/v1/tasks", tag = "tasks", params(TaskQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "issued: open tasks most urgent first, then drafts, then closed; assigned: returned reports first, then by deadline", body = TaskPage),
        (status = 404, description = "The caller neither manages nor reports on tasks", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<TaskQuery>,
) -> Result<Json<TaskPage>> {
    let task_box = q
        .task_box
        .unwrap_or(if user.access.can_somewhere(Action::ManageTasks) {
            TaskBox::Issued
        } else {
            TaskBox::Assigned
        });
    let action = match task_box {
        TaskBox::Issued => Action::ManageTasks,
        TaskBox::Assigned => Action::ReportTasks,
    };
    let roots = user.access.roots(action);
    authz::require_somewhere(&state, &user, action, "task").await?;
    let limit = q.limit.unwrap_or(50).clamp(1, 200);
    let offset = q.offset.unwrap_or(0).max(0);
    let mut page = TaskPage {
        task_box: match task_box {
            TaskBox::Issued => "issued",
            TaskBox::Assigned => "assigned",
        }
        .to_owned(),
        issued: Vec::new(),
        assigned: Vec::new(),
    };
    match task_box {
        TaskBox::Issued => page.issued = issued_rows(&state, &roots, limit, offset).await?,
        TaskBox::Assigned => page.assigned = assigned_rows(&state, &roots, limit, offset).await?,
    }
    Ok(Json(page))
}

/// The tasks issued under `roots`: open ones most urgent first, then drafts, then closed.
async fn issued_rows(
    state: &AppState,
    roots: &[String],
    limit: i64,
    offset: i64,
) -> Result<Vec<IssuedRow>> {
    let now = state.now();
    let rows = store::tasks::issued(
        state.db.read(),
        roots,
        &[TaskStatus::Open, TaskStatus::Draft, TaskStatus::Closed],
        limit,
        offset,
    )
    .await?;
    Ok(rows
        .iter()
        .map(|r| IssuedRow {
            id: r.task.id,
            title: r.task.title.clone(),
            category: r.task.category.clone(),
            status: r.task.status.as_str().to_owned(),
            recurrence: r.task.recurrence.as_str().to_owned(),
            period: r
                .period
                .as_ref()
                .map(|p| super::task_views::period_view(p, now)),
        })
        .collect())
}

/// The reports owed by the orgs under `roots`.
async fn assigned_rows(
    state: &AppState,
    roots: &[String],
    limit: i64,
    offset: i64,
) -> Result<Vec<AssignedRow>> {
    // A period that began since the job last ran is owed too.
    app::tasks::jobs::open_due_periods(state).await?;
    let now = state.now();
    let rows =
        // An offset near i64::MAX must not wrap to a negative (unlimited) count.
        store::submissions::owed_under(state.db.read(), roots, &STATES, limit.saturating_add(offset))
            .await?;
    Ok(rows
        .iter()
        .skip(offset as usize)
        .map(|r| AssignedRow {
            task_id: r.task_id,
            title: r.task_title.clone(),
            category: r.category.clone(),
            period: r.period.clone(),
            deadline: rfc3339(r.deadline),
            org_id: r.org_id,
            org_name: r.org_name.clone(),
            status: r.state.as_str().to_owned(),
            late: r.late,
            overdue: domain::supervision::is_overdue(r.state, r.deadline, now),
        })
        .collect())
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Categories {
    /// In the order pickers show them.
    pub categories: Vec<String>,
}

#[utoipa::path(
    get, path = "/api/v1/task-categories", tag = "tasks", security(("bearer" = [])),
    responses(
        (status = 200, description = "The categories a task may have", body = Categories),
        (status = 404, description = "The caller neither manages nor reports on tasks", body = ErrorBody),
    )
)]
pub async fn categories(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Categories>> {
    if !user.access.can_somewhere(Action::ManageTasks)
        && !user.access.can_somewhere(Action::ReportTasks)
    {
        authz::deny(
            &state,
            &user,
            Action::ReportTasks,
            Object {
                kind: "settings",
                id: 0,
                org_id: None,
            },
        )
        .await?;
    }
    Ok(Json(Categories {
        categories: rules::categories(&state).await?,
    }))
}

#[utoipa::path(
    put, path = "/api/v1/task-categories", tag = "tasks", security(("bearer" = [])),
    request_body = Categories,
    responses(
        (status = 200, description = "Saved; tasks keep the category they have", body = Categories),
        (status = 404, description = "Only a committee admin over the whole tree changes the list", body = ErrorBody),
        (status = 422, description = "invalid_categories: 1 to 50, each 1 to 20 characters, none repeated", body = ErrorBody),
    )
)]
pub async fn set_categories(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<Categories>,
) -> Result<Json<Categories>> {
    let categories = rules::set_categories(&state, &user, &body.categories)
        .await?
        .map_err(task_problem)?;
    Ok(Json(Categories { categories }))
}
