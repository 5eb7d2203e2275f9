//! 首页: a person's home: their name, their organisation, their to-do list.

use super::layout::Chrome;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::links;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use domain::access::Action;
use domain::notice::NoticeStatus;
use domain::task::TaskStatus;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    greeting: String,
    org_name: Option<String>,
    roles: Vec<(String, String)>,
    todos: Vec<Todo>,
    /// Reports to hand in (returned ones first, then by deadline).
    reports: Vec<super::tasks::OwedRow>,
    /// 督办: open tasks the person assigns, most urgent first.
    supervision: Vec<super::tasks::IssuedRow>,
    /// 签收情况: the notices the person issues, newest first, with their signing rates.
    signing: Vec<Todo>,
}

/// How many issued notices the home page lists with their signing rates.
const SIGNING_LIMIT: i64 = 5;

/// The newest published notices of the orgs the person issues for, each with how many of its
/// recipients signed (签收率), linking to the receipts.
async fn signing_rates(
    state: &AppState,
    user: &CurrentUser,
    t: crate::i18n::T,
) -> Result<Vec<Todo>> {
    let roots = user.access.roots(Action::IssueNotices);
    let issued = store::notices::issued(state.db.read(), &roots, SIGNING_LIMIT * 4, 0).await?;
    Ok(issued
        .into_iter()
        .filter(|i| i.notice.status == NoticeStatus::Published && i.recipients > 0)
        .take(SIGNING_LIMIT as usize)
        .map(|i| {
            let rate = format!("{:.1}", i.signed as f64 * 100.0 / i.recipients as f64);
            Todo {
                href: format!("/notices/{}/receipts", i.notice.id),
                note: t.f(
                    "home.signing_rate",
                    &[
                        ("signed", &i.signed.to_string()),
                        ("total", &i.recipients.to_string()),
                        ("rate", &rate),
                    ],
                ),
                text: i.notice.title,
            }
        })
        .collect())
}

/// One thing waiting for the person: a notice to sign for (签收), newest first.
pub struct Todo {
    pub href: String,
    pub text: String,
    pub note: String,
}

/// How many to-dos the home page lists.
const TODO_LIMIT: usize = 20;

/// Published notices that orgs the user signs for have not signed (this revision of).
async fn notices_to_sign(
    state: &AppState,
    user: &CurrentUser,
    t: crate::i18n::T,
) -> Result<Vec<Todo>> {
    let roots = user.access.roots(Action::SignNotices);
    let received = store::notices::inbox(state.db.read(), &roots, 200, 0).await?;
    Ok(received
        .into_iter()
        .filter(|r| {
            r.notice.status == NoticeStatus::Published
                && r.signed_revision != Some(r.notice.revision)
                && user.access.can(Action::SignNotices, &r.org_path)
                && !user.access.can(Action::IssueNotices, &r.notice.org_path)
        })
        .take(TODO_LIMIT)
        .map(|r| Todo {
            href: format!("/notices/{}", r.notice.id),
            note: t.f(
                if r.changed() {
                    "home.todo_resign"
                } else {
                    "home.todo_sign"
                },
                &[("org", &r.org_name)],
            ),
            text: r.notice.title,
        })
        .collect())
}

/// Open tasks the person assigns with reports waiting for review (审核), earliest deadline first.
async fn reports_to_review(
    state: &AppState,
    user: &CurrentUser,
    t: crate::i18n::T,
) -> Result<Vec<Todo>> {
    let roots = user.access.roots(Action::ManageTasks);
    let open = store::tasks::issued(state.db.read(), &roots, &[TaskStatus::Open], 200, 0).await?;
    Ok(open
        .into_iter()
        .filter_map(|i| {
            let p = i.period?;
            (p.counts.submitted > 0).then(|| Todo {
                href: links::with_query(
                    &format!("/tasks/{}", i.task.id),
                    &[("period", &p.period), ("state", "submitted")],
                ),
                note: t.f(
                    "home.todo_review",
                    &[("count", &p.counts.submitted.to_string())],
                ),
                text: i.task.title,
            })
        })
        .take(TODO_LIMIT)
        .collect())
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
) -> Result<Html<String>> {
    let grants = &user.grants;
    let member_org = match user.account.member_id {
        Some(member) => store::members::org_name_of(state.db.read(), member).await?,
        None => None,
    };
    let t = chrome.t;
    let mut todos = reports_to_review(&state, &user, t).await?;
    todos.extend(notices_to_sign(&state, &user, t).await?);
    let reports = super::tasks::home_reports(&state, &user, t).await?;
    let supervision = super::tasks::home_supervision(&state, &user, t).await?;
    let org_name = member_org.or_else(|| grants.first().map(|g| g.org_name.clone()));
    let page = HomePage {
        greeting: t.f("home.greeting", &[("name", &user.account.display_name)]),
        org_name,
        roles: grants
            .iter()
            .map(|g| (t.s(g.role.message_key()).to_owned(), g.org_name.clone()))
            .collect(),
        todos,
        reports,
        supervision,
        signing: signing_rates(&state, &user, t).await?,
        chrome,
    };
    Ok(Html(page.render()?))
}
