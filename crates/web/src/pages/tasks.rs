//! 任务: the rows of the task lists — 督办 (tasks the caller's orgs assigned, with their rates)
//! and 待办 (reports the caller's orgs owe) — shared by the task list and the home page.

use super::task_reports::light_key;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::links;
use crate::state::AppState;
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

pub(super) fn issued_row(state: &AppState, t: T, i: &Issued) -> IssuedRow {
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

/// The reports a reporting org still has to do.
pub(super) const TO_DO: [SubmissionState; 3] = [
    SubmissionState::Returned,
    SubmissionState::NotStarted,
    SubmissionState::Draft,
];
