//! 任务: the task list — 督办 for those who assign (open tasks with their rates, most urgent
//! first, then drafts and closed ones), 待办 for those who report — and the rows the home page
//! borrows from it.

use super::layout::Chrome;
use super::task_reports::light_key;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::links;
use crate::state::AppState;
use app::tasks::rules::{self};
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use domain::access::Action;
use domain::submission::SubmissionState;
use domain::supervision::light;
use domain::task::TaskStatus;
use std::collections::HashMap;
use store::submissions::Owed;
use store::tasks::Issued;

/// A task its orgs assigned, as lists show it.
pub struct IssuedRow {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub status: &'static str,
    pub status_label: String,
    pub deadline: String,
    /// 报送率 · 按时率, when a period is open.
    pub rates: String,
    /// 已报 3/14 · 逾期未报 2
    pub counts: String,
    pub overdue: i64,
}

/// A report the caller's orgs owe or made, as the to-do list shows it.
pub struct OwedRow {
    pub href: String,
    pub title: String,
    pub org_name: String,
    pub state: &'static str,
    pub state_label: String,
    pub light: &'static str,
    pub light_label: String,
    pub deadline: String,
}

fn issued_row(state: &AppState, t: T, i: &Issued) -> IssuedRow {
    let now = state.now();
    let status = i.task.status;
    let (deadline, rates, counts, overdue) = match &i.period {
        Some(p) => {
            let c = &p.counts;
            let overdue = c.overdue(p.deadline, now);
            (
                state.zone.date_time(p.deadline, t.locale),
                t.f(
                    "task_pages.rates",
                    &[
                        ("rate", &format!("{:.1}", c.reporting_rate())),
                        ("on_time", &format!("{:.1}", c.on_time_rate())),
                    ],
                ),
                t.f(
                    "task_pages.counts_short",
                    &[
                        ("received", &c.received.to_string()),
                        ("expected", &c.expected.to_string()),
                        ("waiting", &c.submitted.to_string()),
                    ],
                ),
                overdue,
            )
        }
        None => (
            i.task
                .deadline
                .map(|d| state.zone.date_time(d, t.locale))
                .unwrap_or_default(),
            String::new(),
            String::new(),
            0,
        ),
    };
    IssuedRow {
        id: i.task.id,
        title: i.task.title.clone(),
        category: i.task.category.clone(),
        status: status.as_str(),
        status_label: t.s(status.message_key()).to_owned(),
        deadline,
        rates,
        counts,
        overdue,
    }
}

/// Tasks of the caller's assigning orgs in `statuses`, most urgent first.
pub async fn issued(
    state: &AppState,
    user: &CurrentUser,
    t: T,
    statuses: &[TaskStatus],
    limit: i64,
) -> Result<Vec<IssuedRow>> {
    let roots = user.access.roots(Action::ManageTasks);
    let list = store::tasks::issued(state.db.read(), &roots, statuses, limit, 0).await?;
    Ok(list.iter().map(|i| issued_row(state, t, i)).collect())
}

pub(super) fn report_href(task_id: i64, org_id: i64, period: &str) -> String {
    links::with_query(
        &format!("/tasks/{task_id}/reports/{org_id}"),
        &[("period", period)],
    )
}

fn owed_row(state: &AppState, t: T, o: &Owed) -> OwedRow {
    let lamp = light(o.state, o.deadline, state.now());
    OwedRow {
        href: report_href(o.task_id, o.org_id, &o.period),
        title: o.task_title.clone(),
        org_name: o.org_name.clone(),
        state: o.state.as_str(),
        state_label: t.s(o.state.message_key()).to_owned(),
        light: lamp.as_str(),
        light_label: t.s(light_key(lamp)).to_owned(),
        deadline: state.zone.date_time(o.deadline, t.locale),
    }
}

/// Reports the caller's orgs owe (or made) in `states`, returned first then by deadline;
/// tasks the caller assigns are theirs to review, not to-dos.
pub async fn owed(
    state: &AppState,
    user: &CurrentUser,
    t: T,
    states: &[SubmissionState],
    limit: usize,
) -> Result<Vec<OwedRow>> {
    let roots = user.access.roots(Action::ReportTasks);
    let rows = store::submissions::owed_under(state.db.read(), &roots, states, 500).await?;
    let mut assigner: HashMap<i64, bool> = HashMap::new();
    let mut out = Vec::new();
    for o in rows {
        let mine = match assigner.get(&o.task_id) {
            Some(m) => *m,
            None => {
                let m = store::tasks::by_id(state.db.read(), o.task_id)
                    .await?
                    .is_some_and(|task| user.access.can(Action::ManageTasks, &task.org_path));
                assigner.insert(o.task_id, m);
                m
            }
        };
        if !mine {
            out.push(owed_row(state, t, &o));
            if out.len() >= limit {
                break;
            }
        }
    }
    Ok(out)
}

/// What the home page's to-do list gains: reports to hand in, returned ones first.
pub async fn home_reports(state: &AppState, user: &CurrentUser, t: T) -> Result<Vec<OwedRow>> {
    owed(state, user, t, &TO_DO, 10).await
}

/// The home page's 督办: the open tasks the caller assigns, most urgent first.
pub async fn home_supervision(
    state: &AppState,
    user: &CurrentUser,
    t: T,
) -> Result<Vec<IssuedRow>> {
    if !user.access.can_somewhere(Action::ManageTasks) {
        return Ok(Vec::new());
    }
    issued(state, user, t, &[TaskStatus::Open], 10).await
}

const TO_DO: [SubmissionState; 3] = [
    SubmissionState::Returned,
    SubmissionState::NotStarted,
    SubmissionState::Draft,
];

#[derive(Template)]
#[template(path = "tasks/list.html")]
struct ListPage {
    chrome: Chrome,
    manages: bool,
    /// May change the task categories (a committee admin over the whole tree).
    sets_categories: bool,
    /// May change the notice settings (签发): linked beside the reminder settings.
    sets_notices: bool,
    reports: bool,
    open: Vec<IssuedRow>,
    drafts: Vec<IssuedRow>,
    closed: Vec<IssuedRow>,
    todo: Vec<OwedRow>,
    handed_in: Vec<OwedRow>,
}

/// `GET /tasks`
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
) -> Result<Html<String>> {
    let t = chrome.t;
    let manages = user.access.can_somewhere(Action::ManageTasks);
    let reports = user.access.can_somewhere(Action::ReportTasks);
    if !manages && !reports {
        return Err(Error::not_found());
    }
    let (mut open, mut drafts, mut closed) = (Vec::new(), Vec::new(), Vec::new());
    if manages {
        for row in issued(
            &state,
            &user,
            t,
            &[TaskStatus::Open, TaskStatus::Draft, TaskStatus::Closed],
            200,
        )
        .await?
        {
            match row.status {
                "open" => open.push(row),
                "draft" => drafts.push(row),
                _ => closed.push(row),
            }
        }
    }
    let todo = owed(&state, &user, t, &TO_DO, 200).await?;
    let handed_in = owed(
        &state,
        &user,
        t,
        &[SubmissionState::Submitted, SubmissionState::Approved],
        50,
    )
    .await?;
    let sets_categories = manages && rules::may_set_categories(&state, &user).await?;
    let sets_notices = app::notices::settings::may_configure(&state, &user).await?;
    let page = ListPage {
        manages,
        sets_categories,
        sets_notices,
        reports: reports && (!manages || !todo.is_empty() || !handed_in.is_empty()),
        open,
        drafts,
        closed,
        todo,
        handed_in,
        chrome,
    };
    Ok(Html(page.render()?))
}
