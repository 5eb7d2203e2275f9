//! 任务列表: 待办 (the reports the caller's orgs owe) above 督办 (the tasks their orgs assigned)
//! — the latter a list of the shared component: search by title, state, category and deadline
//! filters, sortable columns, page numbers, and the 督办台账 download of exactly what is listed.

use super::layout::Chrome;
use super::tasks::{IssuedRow, OwedRow, TO_DO, issued_row, owed};
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::ledger::download;
use crate::lists::{Choices, Listing, choices, page_number};
use crate::state::AppState;
use app::ledger::xlsx::{self, Column, Value};
use app::tasks::listing::{READ_AT_MOST, STATES, TaskFilter, deadline_of};
use app::tasks::rules;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use domain::access::Action;
use domain::submission::SubmissionState;
use domain::task::TaskStatus;
use serde::Deserialize;
use store::tasks::Issued;

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
    rows: Vec<IssuedRow>,
    list: Listing,
    filter: TaskFilter,
    states: Choices,
    categories: Choices,
    sorts: Choices,
    todo: Vec<OwedRow>,
    handed_in: Vec<OwedRow>,
}

#[derive(Deserialize)]
pub struct ListQuery {
    /// As text ([`page_number`]).
    #[serde(default)]
    page: String,
    #[serde(flatten)]
    filter: TaskFilter,
}

/// The tasks the caller's orgs assigned that pass the filters, in the order asked for.
async fn selected(state: &AppState, user: &CurrentUser, f: &TaskFilter) -> Result<Vec<Issued>> {
    let roots = user.access.roots(Action::ManageTasks);
    let all = [TaskStatus::Open, TaskStatus::Draft, TaskStatus::Closed];
    let rows = store::tasks::issued(state.db.read(), &roots, &all, READ_AT_MOST, 0).await?;
    Ok(f.select(rows, &state.zone))
}

/// `GET /tasks`
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>> {
    let t = chrome.t;
    let manages = user.access.can_somewhere(Action::ManageTasks);
    let reports = user.access.can_somewhere(Action::ReportTasks);
    if !manages && !reports {
        return Err(Error::not_found());
    }
    let f = q.filter;
    let mut list = Listing::new(
        "/tasks",
        Vec::new(),
        vec![
            ("q", f.q.trim().to_owned()),
            ("state", f.state.clone()),
            ("category", f.category.clone()),
            ("from", f.from.clone()),
            ("to", f.to.clone()),
        ],
        &f.sort,
        &f.dir,
        page_number(&q.page),
    );
    let (rows, categories) = if manages {
        let found = selected(&state, &user, &f).await?;
        let rows = list
            .page(t, found)
            .iter()
            .map(|i| issued_row(&state, t, i))
            .collect();
        let named = rules::categories(&state).await?;
        let named: Vec<&str> = named.iter().map(String::as_str).collect();
        (rows, named_choices(&named, &f.category))
    } else {
        (Vec::new(), Vec::new())
    };
    let todo = owed(&state, &user, t, &TO_DO, 200).await?;
    let done = [SubmissionState::Submitted, SubmissionState::Approved];
    let handed_in = owed(&state, &user, t, &done, 50).await?;
    let sets_categories = manages && rules::may_set_categories(&state, &user).await?;
    let sets_notices = app::notices::settings::may_configure(&state, &user).await?;
    let page = ListPage {
        manages,
        sets_categories,
        sets_notices,
        reports: reports && (!manages || !todo.is_empty() || !handed_in.is_empty()),
        rows,
        states: choices(t, &STATES, "task.status.", &f.state),
        categories,
        sorts: choices(t, &app::tasks::listing::SORTS, "task_pages.sort.", &f.sort),
        filter: f,
        list,
        todo,
        handed_in,
        chrome,
    };
    Ok(Html(page.render()?))
}

/// Categories are the deployment's own words: they label themselves.
fn named_choices(values: &[&str], chosen: &str) -> Choices {
    values
        .iter()
        .map(|v| ((*v).to_owned(), (*v).to_owned(), *v == chosen))
        .collect()
}

/// `GET /tasks/export.xlsx`: 督办台账 of exactly what the list shows (every page).
pub async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Query(q): Query<ListQuery>,
) -> Result<Response> {
    if !user.access.can_somewhere(Action::ManageTasks) {
        return Err(Error::not_found());
    }
    let found = selected(&state, &user, &q.filter).await?;
    let rows: Vec<Vec<Value>> = found
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let c = i.period.as_ref().map(|p| p.counts);
            let rate = |r: Option<f64>| r.map_or(Value::Text(String::new()), Value::Number);
            vec![
                Value::Number((n + 1) as f64),
                Value::Text(i.task.title.clone()),
                Value::Text(i.task.category.clone()),
                Value::Text(t.s(i.task.status.message_key()).to_owned()),
                Value::when(&state.zone, deadline_of(i)),
                rate(c.as_ref().map(|c| c.expected as f64)),
                rate(c.as_ref().map(|c| c.received as f64)),
                rate(
                    c.as_ref()
                        .map(|c| (c.reporting_rate() * 10.0).round() / 10.0),
                ),
                rate(c.as_ref().map(|c| (c.on_time_rate() * 10.0).round() / 10.0)),
            ]
        })
        .collect();
    let columns = Column::titled(
        t,
        &[
            ("ledger.col_serial", 6.0),
            ("task_pages.task_title", 44.0),
            ("task_pages.category", 12.0),
            ("ledger.col_status", 10.0),
            ("task_pages.deadline", 18.0),
            ("task_pages.ledger.expected", 10.0),
            ("task_pages.ledger.received", 10.0),
            ("task_pages.ledger.rate", 12.0),
            ("task_pages.ledger.on_time", 12.0),
        ],
    );
    let title = t.s("task_pages.ledger.title").to_owned();
    let sheet = title.clone();
    let bytes =
        crate::ledger::exports::blocking(move || xlsx::table(&sheet, &columns, &rows)).await?;
    let date = crate::ledger::exports::stamp(&state);
    Ok(download::xlsx(
        bytes,
        &format!("{title}-{date}.xlsx"),
        &format!("tasks-{date}.xlsx"),
    ))
}
