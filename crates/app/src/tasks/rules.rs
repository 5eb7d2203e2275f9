//! Who may do what with a task, and each change in one transaction with its audit event:
//! writing, assigning (publishing), closing and reopening, and opening reporting periods.

use super::input::TaskDraft;
use crate::Actor;
use crate::authz::{self, Object};
use crate::error::{Error, Result};
use crate::{App, Write};
use domain::Timestamp;
use domain::access::Action;
use domain::task::{Recurrence, TaskChange, TaskProblem, TaskStatus, due_day};
use store::orgs::Org;
use store::tasks::{self, Assignee, PeriodRow, Task, TaskFields};

/// How the caller stands to a task.
#[derive(Debug)]
pub enum Side {
    /// Their grant covers the assigning org: they edit, assign, close, see the board, review.
    Assigner,
    /// Orgs in their scope must report on it.
    Assignee(Vec<Assignee>),
}

/// A task with the caller's standing to it.
#[derive(Debug)]
pub struct Loaded {
    pub task: Task,
    pub side: Side,
}

impl Loaded {
    pub fn status(&self) -> TaskStatus {
        self.task.status
    }

    pub fn is_assigner(&self) -> bool {
        matches!(self.side, Side::Assigner)
    }

    pub fn recurrence(&self) -> Recurrence {
        self.task.recurrence
    }
}

fn object(task: &Task) -> Object<'static> {
    Object {
        kind: "task",
        id: task.id,
        org_id: Some(task.org_id),
    }
}

/// Loads a task the caller assigned or must report on, or answers 404 (audited when it
/// exists).
pub async fn load(state: &App, user: &Actor, id: i64) -> Result<Loaded> {
    let task = tasks::by_id(state.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)?;
    side_of(state, user, task).await
}

/// Loads a task for one org's report: the same as [`load`], except that on the reporting
/// side it looks up `org_id` alone among the task's assignees rather than every org the
/// caller reports for (all a report needs; a branch admin over a few hundred orgs would
/// otherwise fetch them all, twice a save). Anything else — the assigning side, an org that
/// is not the caller's, a draft — goes the way of [`load`], refusals and their audit included.
pub async fn load_for_org(state: &App, user: &Actor, id: i64, org_id: i64) -> Result<Loaded> {
    let (task, assignee) = tasks::with_assignee(state.db.read(), id, org_id)
        .await?
        .ok_or_else(Error::not_found)?;
    if task.status != TaskStatus::Draft
        && !user.access.can(Action::ManageTasks, &task.org_path)
        && let Some(mine) = assignee
        && user.access.can(Action::ReportTasks, &mine.org_path)
    {
        return Ok(Loaded {
            task,
            side: Side::Assignee(vec![mine]),
        });
    }
    side_of(state, user, task).await
}

/// The caller's standing to a loaded task, or 404 (audited).
async fn side_of(state: &App, user: &Actor, task: Task) -> Result<Loaded> {
    let id = task.id;
    if user.access.can(Action::ManageTasks, &task.org_path) {
        return Ok(Loaded {
            task,
            side: Side::Assigner,
        });
    }
    if task.status != TaskStatus::Draft {
        let roots = user.access.roots(Action::ReportTasks);
        let mine = tasks::assignees_under(state.db.read(), id, &roots).await?;
        if !mine.is_empty() {
            return Ok(Loaded {
                task,
                side: Side::Assignee(mine),
            });
        }
    }
    authz::deny(state, user, Action::ReportTasks, object(&task)).await?;
    Err(Error::not_found())
}

/// Loads a task the caller may change (its assigning side), or answers 404.
pub async fn load_as_assigner(state: &App, user: &Actor, id: i64) -> Result<Task> {
    let loaded = load(state, user, id).await?;
    if !loaded.is_assigner() {
        authz::deny(state, user, Action::ManageTasks, object(&loaded.task)).await?;
    }
    Ok(loaded.task)
}

/// The tasks made from notice `notice_id` that the caller assigns (their org lies in the
/// caller's ManageTasks scope), oldest first; others' tasks stay unseen.
pub async fn made_from_notice(state: &App, user: &Actor, notice_id: i64) -> Result<Vec<Task>> {
    let tasks = store::tasks::from_notice(state.db.read(), notice_id).await?;
    Ok(tasks
        .into_iter()
        .filter(|t| user.access.can(Action::ManageTasks, &t.org_path))
        .collect())
}

fn fields<'a>(draft: &'a TaskDraft, starts_on: &'a str) -> TaskFields<'a> {
    TaskFields {
        title: &draft.title,
        description: &draft.description,
        category: &draft.category,
        recurrence: draft.recurrence.as_str(),
        deadline: draft.deadline,
        starts_on,
        due_days: draft.due_days,
    }
}

fn form_json(draft: &TaskDraft) -> Result<String> {
    serde_json::to_string(&draft.form.to_json()).map_err(|e| Error::Internal(e.into()))
}

/// The categories tasks may have: the `task.categories` setting, or the defaults.
pub async fn categories(state: &App) -> Result<Vec<String>> {
    let setting = store::settings::get(state.db.read(), "task.categories").await?;
    Ok(domain::task::categories_from_setting(setting.as_deref()))
}

/// A section of a notice a task was made from.
#[derive(Debug, Clone, Copy)]
pub struct FromNotice<'a> {
    pub notice_id: i64,
    pub section: &'a str,
}

/// Saves a new draft task of `org` (already authorised for ManageTasks by the caller).
pub async fn create(
    state: &App,
    user: &Actor,
    org: &Org,
    draft: &TaskDraft,
    notice: Option<FromNotice<'_>>,
) -> Result<i64> {
    let mut w = state.write(user).await?;
    let id = create_in(&mut w, user, org, draft, notice).await?;
    w.finish().await?;
    Ok(id)
}

/// Saves a new draft task of `org` within the write `w`, with its audit event: for a use case
/// that makes a task as part of something larger (a campaign's report task).
pub(crate) async fn create_in(
    w: &mut Write<'_>,
    user: &Actor,
    org: &Org,
    draft: &TaskDraft,
    notice: Option<FromNotice<'_>>,
) -> Result<i64> {
    let form = form_json(draft)?;
    let starts_on = draft.starts_on.map(|d| d.to_string()).unwrap_or_default();
    let id = tasks::create(
        &mut w.tx,
        org.id,
        &fields(draft, &starts_on),
        &form,
        notice.map(|n| (n.notice_id, n.section)),
        user.account.id,
        w.now,
    )
    .await?;
    w.record("task.create", ("task", id), org.id, draft.title.clone())
        .await?;
    Ok(id)
}

/// Saves an edit. A form that differs becomes a new version (reports already made keep
/// theirs). Once assigned, a task's recurrence and first day stay as they were; a one-off
/// task's new deadline applies to its period.
pub async fn update(
    state: &App,
    user: &Actor,
    task: &Task,
    draft: &TaskDraft,
) -> Result<std::result::Result<(), TaskProblem>> {
    let status = task.status;
    if let Err(problem) = status.allows(TaskChange::Edit) {
        return Ok(Err(problem));
    }
    let mut draft = draft.clone();
    let mut starts_on = draft.starts_on.map(|d| d.to_string()).unwrap_or_default();
    if status != TaskStatus::Draft {
        draft.recurrence = task.recurrence;
        starts_on = task.starts_on.clone();
        if draft.recurrence != Recurrence::Once {
            draft.deadline = None;
        } else if draft.deadline.is_none() {
            draft.deadline = task.deadline;
        }
    }
    let form = form_json(&draft)?;
    let current = tasks::form(state.db.read(), task.id, task.form_version).await?;
    let same_form = current
        .as_deref()
        .and_then(|c| serde_json::from_str::<serde_json::Value>(c).ok())
        .is_some_and(|c| c == draft.form.to_json());
    let mut w = state.write(user).await?;
    tasks::update(&mut w.tx, task.id, &fields(&draft, &starts_on), w.now).await?;
    let mut detail = String::new();
    if !same_form {
        let version =
            tasks::add_form_version(&mut w.tx, task.id, &form, user.account.id, w.now).await?;
        detail = format!("form version {version}");
    }
    if status != TaskStatus::Draft
        && let Some(deadline) = draft.deadline
    {
        tasks::set_period_deadline(&mut w.tx, task.id, domain::task::ONCE, deadline).await?;
    }
    w.commit("task.update", ("task", task.id), task.org_id, detail)
        .await?;
    Ok(Ok(()))
}

/// The period a task reports on at `now`, with its deadline: a one-off task's single period,
/// or the recurring period containing today (or the first one, before the task starts).
pub fn current_period(
    state: &App,
    task: &Task,
    now: Timestamp,
) -> Option<(String, String, Timestamp)> {
    let recurrence = task.recurrence;
    if recurrence == Recurrence::Once {
        let deadline = task.deadline?;
        let starts = state.zone.iso_date(task.published_at.unwrap_or(now));
        return Some((domain::task::ONCE.to_owned(), starts, deadline));
    }
    let today = state.zone.civil_date(now);
    let first: jiff::civil::Date = task.starts_on.parse().ok()?;
    let period = recurrence.period_containing(today.max(first));
    let deadline = state.zone.end_of_day(due_day(&period, task.due_days));
    Some((period.key.clone(), period.starts.to_string(), deadline))
}

/// Opens the task's current period in `w`, unless it is open already; answers whether it did.
pub(crate) async fn open_current(state: &App, w: &mut Write<'_>, task: &Task) -> Result<bool> {
    let Some((period, starts, deadline)) = current_period(state, task, w.now) else {
        return Ok(false);
    };
    let opened = tasks::open_period(&mut w.tx, task.id, &period, &starts, deadline, w.now).await?;
    if opened {
        w.record("task.period_open", ("task", task.id), task.org_id, period)
            .await?;
    }
    Ok(opened)
}

/// Assigns a draft to `targets` (org, with its subtree): each must lie within the caller's
/// ManageTasks scope. Opens the first period; answers how many orgs must report.
pub async fn publish(
    state: &App,
    user: &Actor,
    task: &Task,
    targets: &[(Org, bool)],
) -> Result<std::result::Result<i64, TaskProblem>> {
    if let Err(problem) = task.status.allows(TaskChange::Publish) {
        return Ok(Err(problem));
    }
    authz::require_each_org(state, user, Action::ManageTasks, targets).await?;
    if targets.is_empty() {
        return Ok(Err(TaskProblem::NoAssignees));
    }
    let mut w = state.write(user).await?;
    let count = match publish_in(state, &mut w, task, targets).await? {
        Ok(count) => count,
        Err(problem) => return Ok(Err(problem)),
    };
    w.finish().await?;
    Ok(Ok(count))
}

/// Assigns draft `task` to `targets` within the write `w` (the caller authorised them), opens
/// its first period and records the events; answers how many orgs must report. On a refusal
/// the caller drops `w`, undoing what was written.
pub(crate) async fn publish_in(
    state: &App,
    w: &mut Write<'_>,
    task: &Task,
    targets: &[(Org, bool)],
) -> Result<std::result::Result<i64, TaskProblem>> {
    let chosen: Vec<(i64, bool)> = targets.iter().map(|(o, s)| (o.id, *s)).collect();
    tasks::set_targets(&mut w.tx, task.id, &chosen).await?;
    let count = tasks::publish(&mut w.tx, task.id, task.org_id, w.now).await?;
    if count == 0 {
        return Ok(Err(TaskProblem::NoAssignees));
    }
    let mut published = task.clone();
    published.status = TaskStatus::Open;
    published.published_at = Some(w.now);
    open_current(state, w, &published).await?;
    let detail = format!("{count} assignees");
    w.record("task.publish", ("task", task.id), task.org_id, detail)
        .await?;
    Ok(Ok(count))
}

/// Closes an open task (nothing more is accepted) or reopens a closed one.
pub async fn set_closed(
    state: &App,
    user: &Actor,
    task: &Task,
    close: bool,
) -> Result<std::result::Result<(), TaskProblem>> {
    let change = if close {
        TaskChange::Close
    } else {
        TaskChange::Reopen
    };
    if let Err(problem) = task.status.allows(change) {
        return Ok(Err(problem));
    }
    let (status, action) = if close {
        (TaskStatus::Closed, "task.close")
    } else {
        (TaskStatus::Open, "task.reopen")
    };
    let mut w = state.write(user).await?;
    tasks::set_status(&mut w.tx, task.id, status, w.now).await?;
    w.commit(action, ("task", task.id), task.org_id, "").await?;
    Ok(Ok(()))
}

/// The task's periods, newest first, after opening the current one of an open recurring
/// task if it has begun since (periods open when first looked at; no nightly job needed).
pub async fn periods(state: &App, user: &Actor, task: &Task) -> Result<Vec<PeriodRow>> {
    let mut list = tasks::periods(state.db.read(), task.id).await?;
    if task.status == TaskStatus::Open
        && let Some((key, _, _)) = current_period(state, task, state.now())
        && !list.iter().any(|p| p.period == key)
    {
        let mut w = state.write(user).await?;
        open_current(state, &mut w, task).await?;
        w.finish().await?;
        list = tasks::periods(state.db.read(), task.id).await?;
    }
    Ok(list)
}

/// The period named `key`, or the newest one when `key` is None; 404 when there is none.
pub async fn period(
    state: &App,
    user: &Actor,
    task: &Task,
    key: Option<&str>,
) -> Result<PeriodRow> {
    let list = periods(state, user, task).await?;
    let found = match key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => list.into_iter().find(|p| p.period == k),
        None => list.into_iter().next(),
    };
    found.ok_or_else(Error::not_found)
}

/// Passes for those who may change the deployment's task categories: task management over
/// every root of the tree (a committee admin). Answers the roots; refusals are recorded, 404.
pub async fn require_categories_admin(state: &App, user: &Actor) -> Result<Vec<store::orgs::Org>> {
    authz::require_whole_tree(state, user, Action::ManageTasks).await
}

/// Whether `user` may change the task categories (to offer the page), nothing recorded.
pub async fn may_set_categories(state: &App, user: &Actor) -> Result<bool> {
    authz::can_whole_tree(state, user, Action::ManageTasks).await
}

/// Replaces the deployment's task categories. Only a committee admin whose grant covers every
/// root of the tree may: the list is the whole deployment's. Tasks keep the category they have.
pub async fn set_categories(
    state: &App,
    user: &Actor,
    list: &[String],
) -> Result<std::result::Result<Vec<String>, TaskProblem>> {
    let roots = require_categories_admin(state, user).await?;
    let list = match domain::task::parse_categories(list) {
        Ok(l) => l,
        Err(p) => return Ok(Err(p)),
    };
    let before = categories(state).await?;
    let mut w = state.write(user).await?;
    store::settings::set(&mut w.tx, "task.categories", &list.join("\n")).await?;
    let detail = serde_json::json!({ "before": before, "after": list }).to_string();
    let org = roots.first().map(|r| r.id).unwrap_or_default();
    w.commit("settings.task_categories", ("settings", 0), org, detail)
        .await?;
    Ok(Ok(list))
}
