//! A task's page: the task, and for its assigning side the supervision board (督办台) —
//! counts, rates, lights, drill-down by subtree, the rows most urgent first, bulk approval, the
//! 台账 and the 通报 of late orgs; for the reporting side, its orgs' reports.

pub(super) mod supervision;

use supervision::Board;

use super::layout::Chrome;
use super::org_picker::{OrgPicker, TASK_TARGETS, Ticked};
use super::task_reports::light_key;
use super::tasks::report_href;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::links;
use crate::state::AppState;
use app::tasks::rules::{self, Loaded, Side};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use domain::supervision::{Light, light};
use domain::task::{TaskChange, TaskStatus};
use serde::Deserialize;
use store::tasks::{PeriodRow, Task};

pub struct MyReport {
    pub org_name: String,
    pub href: String,
    pub state: &'static str,
    pub state_label: String,
    pub light: &'static str,
    pub light_label: String,
}

#[derive(Template)]
#[template(path = "tasks/show.html")]
struct ShowPage {
    chrome: Chrome,
    id: i64,
    title: String,
    category: String,
    status: &'static str,
    status_label: String,
    recurrence: String,
    deadline: String,
    org_name: String,
    description: Vec<String>,
    notice: Option<(i64, String)>,
    assigner: bool,
    error: Option<String>,
    done: Option<String>,
    can_edit: bool,
    can_close: bool,
    can_reopen: bool,
    can_publish: bool,
    picker: OrgPicker,
    targets: Vec<String>,
    board: Option<Board>,
    mine: Vec<MyReport>,
    my_deadline: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    pub period: Option<String>,
    pub state: Option<String>,
    pub page: Option<i64>,
    pub under: Option<i64>,
    pub approved: Option<i64>,
    pub skipped: Option<i64>,
    /// After a 催办: orgs reminded, and of them how many no account receives it for.
    pub reminded: Option<i64>,
    pub unreached: Option<i64>,
    /// The 催办 note typed before a refusal, shown again.
    #[serde(skip)]
    pub note: Option<String>,
    /// The ladder form as typed before a refusal, shown again.
    #[serde(skip)]
    pub ladder: Option<supervision::LadderForm>,
}

pub(super) fn show_href(
    id: i64,
    period: &str,
    state: Option<&str>,
    page: i64,
    under: Option<i64>,
) -> String {
    let page = (page > 0).then(|| page.to_string());
    let under_id = under.map(|u| u.to_string());
    let mut pairs = vec![("period", period)];
    pairs.extend(state.map(|s| ("state", s)));
    pairs.extend(page.as_deref().map(|p| ("page", p)));
    pairs.extend(under_id.as_deref().map(|u| ("under", u)));
    let href = links::with_query(&format!("/tasks/{id}"), &pairs);
    // A drill-down lands on the roll-up it came from.
    if under.is_some() {
        format!("{href}#rollup")
    } else {
        href
    }
}

fn light_words(t: T, l: Light) -> String {
    t.s(light_key(l)).to_owned()
}

pub(super) async fn render(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    loaded: Loaded,
    q: &ShowQuery,
    error: Option<String>,
) -> Result<String> {
    let t = chrome.t;
    let task = &loaded.task;
    let status = loaded.status();
    let assigner = loaded.is_assigner();
    let periods = if status == TaskStatus::Draft {
        Vec::new()
    } else {
        rules::periods(state, user, task).await?
    };
    let chosen = chosen_period(&periods, q.period.as_deref())?;
    let mut board = None;
    let mut mine = Vec::new();
    let mut my_deadline = String::new();
    match (&loaded.side, &chosen) {
        (Side::Assigner, Some(period)) => {
            let shown = supervision::Shown {
                loaded: &loaded,
                periods: &periods,
                period,
                q,
            };
            board = Some(supervision::board_of(state, user, t, shown).await?);
        }
        (Side::Assignee(orgs), Some(period)) => {
            my_deadline = state.zone.date_time(period.deadline, t.locale);
            let org_ids = orgs.iter().map(|a| (a.org_id, a.org_name.as_str()));
            mine = my_reports(state, t, task.id, period, org_ids).await?;
        }
        _ => {}
    }
    let can_publish = assigner && status.allows(TaskChange::Publish).is_ok();
    let picker = if can_publish {
        target_picker(state, user, t, task.org_id).await?
    } else {
        OrgPicker::default()
    };
    let targets = if assigner && status != TaskStatus::Draft {
        target_names(state, t, task.id).await?
    } else {
        Vec::new()
    };
    let notice = notice_of(state, task).await?;
    let recurrence = loaded.recurrence();
    let page = ShowPage {
        id: task.id,
        title: task.title.clone(),
        category: task.category.clone(),
        status: status.as_str(),
        status_label: t.s(status.message_key()).to_owned(),
        recurrence: t.s(recurrence.message_key()).to_owned(),
        deadline: shown_deadline(state, t, task, chosen.as_ref()),
        org_name: task.org_name.clone(),
        description: description_lines(&task.description),
        notice,
        assigner,
        error,
        done: bulk_done(t, q),
        can_edit: assigner && status.allows(TaskChange::Edit).is_ok(),
        can_close: assigner && status.allows(TaskChange::Close).is_ok(),
        can_reopen: assigner && status.allows(TaskChange::Reopen).is_ok(),
        can_publish,
        picker,
        targets,
        board,
        mine,
        my_deadline,
        chrome,
    };
    Ok(page.render()?)
}

/// A draft's publish form: whom to assign it to, nothing ticked yet.
async fn target_picker(
    state: &AppState,
    user: &CurrentUser,
    t: T,
    org_id: i64,
) -> Result<OrgPicker> {
    let ticked = Ticked {
        subtrees: &[],
        orgs: &[],
        query: "",
        sign_by: "",
    };
    OrgPicker::build(state, user, t, TASK_TARGETS, ticked, Some(org_id)).await
}

/// The notice the task was made from, if any: its id and title.
async fn notice_of(state: &AppState, task: &Task) -> Result<Option<(i64, String)>> {
    let Some(nid) = task.notice_id else {
        return Ok(None);
    };
    Ok(store::notices::by_id(state.db.read(), nid)
        .await?
        .map(|n| (n.id, n.title)))
}

/// The period asked for (it must be one of the task's), or else the latest.
fn chosen_period(periods: &[PeriodRow], asked: Option<&str>) -> Result<Option<PeriodRow>> {
    match asked.filter(|p| !p.is_empty()) {
        Some(k) => Ok(Some(
            periods
                .iter()
                .find(|p| p.period == k)
                .cloned()
                .ok_or_else(Error::not_found)?,
        )),
        None => Ok(periods.first().cloned()),
    }
}

/// The reporting side's own reports for the period, one per org of theirs that has begun one.
async fn my_reports(
    state: &AppState,
    t: T,
    task_id: i64,
    period: &PeriodRow,
    orgs: impl Iterator<Item = (i64, &str)>,
) -> Result<Vec<MyReport>> {
    let mut mine = Vec::new();
    for (org_id, org_name) in orgs {
        let Some(s) =
            store::submissions::get(state.db.read(), task_id, &period.period, org_id).await?
        else {
            continue;
        };
        let lamp = light(s.state, period.deadline, state.now());
        mine.push(MyReport {
            org_name: org_name.to_owned(),
            href: report_href(task_id, org_id, &period.period),
            state: s.state.as_str(),
            state_label: t.s(s.state.message_key()).to_owned(),
            light: lamp.as_str(),
            light_label: light_words(t, lamp),
        });
    }
    Ok(mine)
}

/// Whom the task was assigned to, a whole subtree said so.
async fn target_names(state: &AppState, t: T, task_id: i64) -> Result<Vec<String>> {
    Ok(store::tasks::targets(state.db.read(), task_id)
        .await?
        .into_iter()
        .map(|(_, name, subtree)| {
            if subtree {
                t.f("task_pages.assign_subtree", &[("name", &name)])
            } else {
                name
            }
        })
        .collect())
}

/// The chosen period's deadline, or the task's own before it has periods.
fn shown_deadline(state: &AppState, t: T, task: &Task, chosen: Option<&PeriodRow>) -> String {
    match (chosen, task.deadline) {
        (Some(p), _) => state.zone.date_time(p.deadline, t.locale),
        (None, Some(d)) => state.zone.date_time(d, t.locale),
        (None, None) => String::new(),
    }
}

fn description_lines(description: &str) -> Vec<String> {
    description
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// After a bulk approval or a 催办: what was done.
fn bulk_done(t: T, q: &ShowQuery) -> Option<String> {
    if let Some(reminded) = q.reminded {
        let mut text = t.f(
            "reminders.done",
            &[
                ("orgs", &reminded.to_string()),
                ("skipped", &q.skipped.unwrap_or(0).to_string()),
            ],
        );
        if let Some(n) = q.unreached.filter(|n| *n > 0) {
            text.push(' ');
            text.push_str(&t.f("reminders.unreached", &[("n", &n.to_string())]));
        }
        return Some(text);
    }
    let approved = q.approved?;
    Some(t.f(
        "task_pages.bulk_done",
        &[
            ("approved", &approved.to_string()),
            ("skipped", &q.skipped.unwrap_or(0).to_string()),
        ],
    ))
}

/// `GET /tasks/{id}`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Html<String>> {
    let loaded = rules::load(&state, &user, id).await?;
    Ok(Html(render(&state, &user, chrome, loaded, &q, None).await?))
}
