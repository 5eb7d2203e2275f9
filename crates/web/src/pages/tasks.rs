//! 任务: the list (督办 for those who assign, 待办 for those who report), a task's page with
//! its supervision board (督办台) — counts, rates, lights, drill-down, bulk approval, the 台账
//! and the 通报 of late orgs — and closing, reopening and assigning.

use super::layout::Chrome;
use super::task_forms::target_choices;
use super::task_reports::{form_urlencoded_component, light_key, period_label};
use crate::auth::{Client, CurrentUser};
use crate::authz::{self, Object};
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::state::AppState;
use crate::tasks::board;
use crate::tasks::board_ledger;
use crate::tasks::reports::{self, Report, Role};
use crate::tasks::rules::{self, Loaded, Side};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::access::Action;
use domain::submission::{Decision, STATES, SubmissionState};
use domain::supervision::{Light, light};
use domain::task::{TaskChange, TaskStatus};
use serde::Deserialize;
use std::collections::HashMap;
use store::submissions::Owed;
use store::tasks::{Issued, PeriodRow};

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

fn status_of_str(s: &str) -> TaskStatus {
    TaskStatus::parse(s).unwrap_or(TaskStatus::Draft)
}

fn issued_row(state: &AppState, t: T, i: &Issued) -> IssuedRow {
    let now = state.now();
    let status = status_of_str(&i.task.status);
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
    statuses: &[&str],
    limit: i64,
) -> Result<Vec<IssuedRow>> {
    let roots = user.access.roots(Action::ManageTasks);
    let list = store::tasks::issued(state.db.read(), &roots, statuses, limit, 0).await?;
    Ok(list.iter().map(|i| issued_row(state, t, i)).collect())
}

fn report_href(task_id: i64, org_id: i64, period: &str) -> String {
    format!(
        "/tasks/{task_id}/reports/{org_id}?period={}",
        form_urlencoded_component(period)
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
    issued(state, user, t, &["open"], 10).await
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
        for row in issued(&state, &user, t, &["open", "draft", "closed"], 200).await? {
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
    let page = ListPage {
        manages,
        sets_categories,
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

pub struct Tile {
    pub label: String,
    pub value: String,
    pub id: &'static str,
    pub href: Option<String>,
    pub tone: &'static str,
}

pub struct BoardLine {
    pub org_id: i64,
    pub org_name: String,
    pub href: String,
    pub light: &'static str,
    pub light_label: String,
    pub state: &'static str,
    pub state_label: String,
    pub submitted_at: String,
    pub late: bool,
    pub overdue: bool,
    pub changed: bool,
    pub selectable: bool,
}

pub struct RollupLine {
    pub name: String,
    pub light: &'static str,
    pub light_label: String,
    pub expected: i64,
    pub received: i64,
    pub on_time: i64,
    pub returned: i64,
    pub lights: String,
    pub drill: Option<String>,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct Board {
    pub period: String,
    pub periods: Vec<Choice>,
    pub deadline: String,
    pub tiles: Vec<Tile>,
    /// 报送率 and 按时率.
    pub rates: Vec<Tile>,
    /// The task has periods (not a one-off): the period's deadline is shown on the board.
    pub periodic: bool,
    pub filters: Vec<Choice>,
    pub lines: Vec<BoardLine>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub any_waiting: bool,
    pub rollup: Vec<RollupLine>,
    pub under_name: String,
    pub up: Option<String>,
    pub drilled: bool,
    /// The org drilled into: the lines are only its subtree's.
    pub under: Option<i64>,
    /// Drilled down: what the lines are, and the link back to every org's line.
    pub all_rows: Option<(String, String)>,
    pub late_notice: String,
    pub export: String,
}

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
    subtree_choices: Vec<(i64, String)>,
    org_choices: Vec<(i64, String)>,
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
}

/// Lines on one page of the board.
const PAGE: i64 = 100;

fn show_href(id: i64, period: &str, state: Option<&str>, page: i64, under: Option<i64>) -> String {
    let mut href = format!("/tasks/{id}?period={}", form_urlencoded_component(period));
    if let Some(s) = state {
        href.push_str(&format!("&state={s}"));
    }
    if page > 0 {
        href.push_str(&format!("&page={page}"));
    }
    if let Some(u) = under {
        href.push_str(&format!("&under={u}#rollup"));
    }
    href
}

/// A link to the board's lines (a page, a filter, a subtree), landing on the board.
fn board_href(id: i64, period: &str, state: Option<&str>, page: i64, under: Option<i64>) -> String {
    let href = show_href(id, period, state, page, under);
    match href.strip_suffix("#rollup") {
        Some(h) => format!("{h}#board"),
        None => format!("{href}#board"),
    }
}

fn light_words(t: T, l: Light) -> String {
    t.s(light_key(l)).to_owned()
}

#[allow(clippy::too_many_arguments)]
async fn board_of(
    state: &AppState,
    user: &CurrentUser,
    client: &Client,
    t: T,
    loaded: &Loaded,
    periods: &[PeriodRow],
    period: &PeriodRow,
    q: &ShowQuery,
) -> Result<Board> {
    let task = &loaded.task;
    let now = state.now();
    let c = &period.counts;
    let only = q.state.as_deref().and_then(SubmissionState::parse);
    let page = q.page.unwrap_or(0).max(0);
    let key = period.period.as_str();
    let filter_href = |s: Option<&str>| show_href(task.id, key, s, 0, None);
    let tile =
        |label: &str, value: i64, id: &'static str, state: Option<&str>, tone: &'static str| Tile {
            label: t.s(label).to_owned(),
            value: value.to_string(),
            id,
            href: state.map(|s| filter_href(Some(s))),
            tone,
        };
    let overdue = c.overdue(period.deadline, now);
    let tiles = vec![
        tile(
            "task_pages.count.expected",
            c.expected,
            "count-expected",
            None,
            "",
        ),
        tile(
            "task_pages.count.received",
            c.received,
            "count-received",
            None,
            "",
        ),
        tile(
            "task_pages.count.on_time",
            c.on_time,
            "count-on-time",
            None,
            "ok",
        ),
        tile(
            "task_pages.count.late",
            c.late(),
            "count-late",
            None,
            if c.late() > 0 { "warn" } else { "" },
        ),
        tile(
            "task_pages.count.waiting",
            c.submitted,
            "count-waiting",
            Some("submitted"),
            if c.submitted > 0 { "warn" } else { "" },
        ),
        tile(
            "task_pages.count.approved",
            c.approved,
            "count-approved",
            Some("approved"),
            "ok",
        ),
        tile(
            "task_pages.count.returned",
            c.returned,
            "count-returned",
            Some("returned"),
            if c.returned > 0 { "bad" } else { "" },
        ),
        tile(
            "task_pages.count.draft",
            c.draft,
            "count-draft",
            Some("draft"),
            "",
        ),
        tile(
            "task_pages.count.not_started",
            c.not_started,
            "count-not-started",
            Some("not_started"),
            "",
        ),
        tile(
            "task_pages.count.overdue",
            overdue,
            "count-overdue",
            None,
            if overdue > 0 { "bad" } else { "" },
        ),
    ];
    let rates = vec![
        Tile {
            label: t.s("task_pages.reporting_rate").to_owned(),
            value: format!("{:.1}%", c.reporting_rate()),
            id: "reporting-rate",
            href: None,
            tone: "rate",
        },
        Tile {
            label: t.s("task_pages.on_time_rate").to_owned(),
            value: format!("{:.1}%", c.on_time_rate()),
            id: "on-time-rate",
            href: None,
            tone: "rate",
        },
    ];
    let under = match q.under {
        Some(org_id) => {
            let org = store::orgs::by_id(state.db.read(), org_id)
                .await?
                .filter(|o| o.path.starts_with(&task.org_path))
                .ok_or_else(Error::not_found)?;
            authz::require(
                state,
                user,
                client,
                Action::ManageTasks,
                &org.path,
                Object {
                    kind: "org",
                    id: org.id,
                    org_id: Some(org.id),
                },
            )
            .await?;
            org
        }
        None => store::orgs::by_id(state.db.read(), task.org_id)
            .await?
            .ok_or_else(Error::not_found)?,
    };
    // Drilled down: only the orgs of that subtree are listed.
    let rows_under = q.under.map(|_| under.path.as_str());
    let mut lines = board::page(state, period, rows_under, only, PAGE + 1, page * PAGE).await?;
    let has_more = lines.len() as i64 > PAGE;
    lines.truncate(PAGE as usize);
    let lines: Vec<BoardLine> = lines
        .iter()
        .map(|l| BoardLine {
            org_id: l.row.org_id,
            org_name: l.row.org_name.clone(),
            href: report_href(task.id, l.row.org_id, key),
            light: l.light.as_str(),
            light_label: light_words(t, l.light),
            state: l.row.state.as_str(),
            state_label: t.s(l.row.state.message_key()).to_owned(),
            submitted_at: l
                .row
                .submitted_at
                .map(|s| state.zone.date_time(s, t.locale))
                .unwrap_or_default(),
            late: l.row.late,
            overdue: l.overdue,
            changed: l.row.changed_since_approval,
            selectable: l.row.state == SubmissionState::Submitted,
        })
        .collect();
    let up = match (q.under, under.parent_id) {
        (Some(_), Some(parent)) if under.id != task.org_id => Some(if parent == task.org_id {
            format!("{}#rollup", show_href(task.id, key, None, 0, None))
        } else {
            show_href(task.id, key, None, 0, Some(parent))
        }),
        _ => None,
    };
    let rollup = board::rollup(state, period, &under)
        .await?
        .iter()
        .map(|r| {
            let worst = r.light().unwrap_or(Light::Grey);
            RollupLine {
                name: r.org_name.clone(),
                light: worst.as_str(),
                light_label: light_words(t, worst),
                expected: r.counts.expected,
                received: r.counts.received,
                on_time: r.counts.on_time,
                returned: r.counts.returned,
                lights: t.f(
                    "task_pages.rollup_lights",
                    &[
                        ("red", &r.lights.red.to_string()),
                        ("yellow", &r.lights.yellow.to_string()),
                        ("grey", &r.lights.grey.to_string()),
                        ("green", &r.lights.green.to_string()),
                    ],
                ),
                drill: r
                    .has_children
                    .then(|| show_href(task.id, key, None, 0, Some(r.org_id))),
            }
        })
        .collect();
    let all = board::all_lines(state, task, period).await?;
    let late_notice = board::late_notice(t, state, task, period, &all);
    let mut filters = vec![Choice {
        value: String::new(),
        label: t.s("task_pages.filter_all").to_owned(),
        selected: only.is_none(),
    }];
    filters.extend(STATES.iter().map(|s| Choice {
        value: s.as_str().to_owned(),
        label: t.s(s.message_key()).to_owned(),
        selected: only == Some(*s),
    }));
    Ok(Board {
        period: key.to_owned(),
        periods: periods
            .iter()
            .map(|p| Choice {
                value: p.period.clone(),
                label: period_label(t, &p.period),
                selected: p.period == key,
            })
            .collect(),
        deadline: state.zone.date_time(period.deadline, t.locale),
        tiles,
        rates,
        periodic: key != domain::task::ONCE,
        filters,
        any_waiting: lines.iter().any(|l| l.selectable),
        lines,
        prev: (page > 0).then(|| board_href(task.id, key, q.state.as_deref(), page - 1, q.under)),
        next: has_more.then(|| board_href(task.id, key, q.state.as_deref(), page + 1, q.under)),
        rollup,
        under_name: under.name.clone(),
        up,
        drilled: q.under.is_some(),
        under: q.under,
        all_rows: q.under.map(|_| {
            (
                t.f("task_pages.rows_under", &[("org", under.name.as_str())]),
                board_href(task.id, key, q.state.as_deref(), 0, None),
            )
        }),
        late_notice,
        export: format!(
            "/tasks/{}/board.xlsx?period={}",
            task.id,
            form_urlencoded_component(key)
        ),
    })
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    client: &Client,
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
        rules::periods(state, user, client, task).await?
    };
    let chosen = match q.period.as_deref().filter(|p| !p.is_empty()) {
        Some(k) => Some(
            periods
                .iter()
                .find(|p| p.period == k)
                .cloned()
                .ok_or_else(Error::not_found)?,
        ),
        None => periods.first().cloned(),
    };
    let mut board = None;
    let mut mine = Vec::new();
    let mut my_deadline = String::new();
    match (&loaded.side, &chosen) {
        (Side::Assigner, Some(period)) => {
            board = Some(board_of(state, user, client, t, &loaded, &periods, period, q).await?);
        }
        (Side::Assignee(orgs), Some(period)) => {
            my_deadline = state.zone.date_time(period.deadline, t.locale);
            for a in orgs {
                if let Some(s) =
                    store::submissions::get(state.db.read(), task.id, &period.period, a.org_id)
                        .await?
                {
                    let lamp = light(s.state, period.deadline, state.now());
                    mine.push(MyReport {
                        org_name: a.org_name.clone(),
                        href: report_href(task.id, a.org_id, &period.period),
                        state: s.state.as_str(),
                        state_label: t.s(s.state.message_key()).to_owned(),
                        light: lamp.as_str(),
                        light_label: light_words(t, lamp),
                    });
                }
            }
        }
        _ => {}
    }
    let can_publish = assigner && status.allows(TaskChange::Publish).is_ok();
    let (subtree_choices, org_choices) = if can_publish {
        target_choices(state, user, t, Some(task.org_id)).await?
    } else {
        (Vec::new(), Vec::new())
    };
    let targets = if assigner && status != TaskStatus::Draft {
        store::tasks::targets(state.db.read(), task.id)
            .await?
            .into_iter()
            .map(|(_, name, subtree)| {
                if subtree {
                    t.f("task_pages.assign_subtree", &[("name", &name)])
                } else {
                    name
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let notice = match task.notice_id {
        Some(nid) => store::notices::by_id(state.db.read(), nid)
            .await?
            .map(|n| (n.id, n.title)),
        None => None,
    };
    let recurrence = loaded.recurrence();
    let deadline = match (&chosen, task.deadline) {
        (Some(p), _) => state.zone.date_time(p.deadline, t.locale),
        (None, Some(d)) => state.zone.date_time(d, t.locale),
        (None, None) => String::new(),
    };
    let done = match (q.approved, q.skipped) {
        (Some(a), s) => Some(t.f(
            "task_pages.bulk_done",
            &[
                ("approved", &a.to_string()),
                ("skipped", &s.unwrap_or(0).to_string()),
            ],
        )),
        _ => None,
    };
    let page = ShowPage {
        id: task.id,
        title: task.title.clone(),
        category: task.category.clone(),
        status: status.as_str(),
        status_label: t.s(status.message_key()).to_owned(),
        recurrence: t.s(recurrence.message_key()).to_owned(),
        deadline,
        org_name: task.org_name.clone(),
        description: task
            .description
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        notice,
        assigner,
        error,
        done,
        can_edit: assigner && status.allows(TaskChange::Edit).is_ok(),
        can_close: assigner && status.allows(TaskChange::Close).is_ok(),
        can_reopen: assigner && status.allows(TaskChange::Reopen).is_ok(),
        can_publish,
        subtree_choices,
        org_choices,
        targets,
        board,
        mine,
        my_deadline,
        chrome,
    };
    Ok(page.render()?)
}

/// `GET /tasks/{id}`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    client: Client,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Html<String>> {
    let loaded = rules::load(&state, &user, &client, id).await?;
    Ok(Html(
        render(&state, &user, &client, chrome, loaded, &q, None).await?,
    ))
}

/// The task's page again with a refusal's message.
async fn refuse(
    state: &AppState,
    user: &CurrentUser,
    client: &Client,
    chrome: Chrome,
    id: i64,
    key: &str,
) -> Result<Response> {
    let loaded = rules::load(state, user, client, id).await?;
    let error = Some(chrome.t.s(key).to_owned());
    let html = render(
        state,
        user,
        client,
        chrome,
        loaded,
        &ShowQuery::default(),
        error,
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    subtree: Vec<i64>,
    #[serde(default)]
    org: Vec<i64>,
}

/// `POST /tasks/{id}/publish`: 下发 a draft to the chosen orgs.
pub async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    client: Client,
    Path(id): Path<i64>,
    Form(form): Form<PublishForm>,
) -> Result<Response> {
    let task = rules::load_as_assigner(&state, &user, &client, id).await?;
    let mut targets = Vec::new();
    for (ids, subtree) in [(&form.subtree, true), (&form.org, false)] {
        for org_id in ids.iter().take(10_000) {
            let org = store::orgs::by_id(state.db.read(), *org_id)
                .await?
                .ok_or_else(Error::not_found)?;
            targets.push((org, subtree));
        }
    }
    match rules::publish(&state, &user, &client, &task, &targets).await? {
        Ok(_) => Ok(Redirect::to(&format!("/tasks/{id}")).into_response()),
        Err(p) => refuse(&state, &user, &client, chrome, id, p.message_key()).await,
    }
}

async fn set_closed(
    state: AppState,
    user: CurrentUser,
    chrome: Chrome,
    client: Client,
    id: i64,
    close: bool,
) -> Result<Response> {
    let task = rules::load_as_assigner(&state, &user, &client, id).await?;
    match rules::set_closed(&state, &user, &client, &task, close).await? {
        Ok(()) => Ok(Redirect::to(&format!("/tasks/{id}")).into_response()),
        Err(p) => refuse(&state, &user, &client, chrome, id, p.message_key()).await,
    }
}

/// `POST /tasks/{id}/close`
pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    client: Client,
    Path(id): Path<i64>,
) -> Result<Response> {
    set_closed(state, user, chrome, client, id, true).await
}

/// `POST /tasks/{id}/reopen`
pub async fn reopen(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    client: Client,
    Path(id): Path<i64>,
) -> Result<Response> {
    set_closed(state, user, chrome, client, id, false).await
}

#[derive(Debug, Default, Deserialize)]
pub struct ApproveForm {
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    org_ids: Vec<i64>,
}

/// `POST /tasks/{id}/approve`: 批量通过 the chosen orgs' waiting versions, each on its own;
/// back to the board saying how many were approved and how many were not.
pub async fn approve(
    State(state): State<AppState>,
    user: CurrentUser,
    client: Client,
    Path(id): Path<i64>,
    Form(form): Form<ApproveForm>,
) -> Result<Response> {
    let task = rules::load_as_assigner(&state, &user, &client, id).await?;
    let loaded = Loaded {
        task,
        side: Side::Assigner,
    };
    let period =
        rules::period(&state, &user, &client, &loaded.task, form.period.as_deref()).await?;
    let (mut approved, mut skipped) = (0, 0);
    for &org_id in form.org_ids.iter().take(1000) {
        let Some(submission) =
            store::submissions::get(state.db.read(), id, &period.period, org_id).await?
        else {
            skipped += 1;
            continue;
        };
        let report = Report {
            submission,
            role: Role::Reviewer,
        };
        match reports::decide(&state, &user, &client, &loaded, &report, &Decision::Approve).await? {
            Ok(_) => approved += 1,
            Err(_) => skipped += 1,
        }
    }
    let back = format!(
        "{}&approved={approved}&skipped={skipped}",
        show_href(id, &period.period, None, 0, None)
    );
    Ok(Redirect::to(&back).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct LedgerQuery {
    pub period: Option<String>,
}

/// `GET /tasks/{id}/board.xlsx?period=`: the board as a 台账.
pub async fn ledger(
    State(state): State<AppState>,
    user: CurrentUser,
    client: Client,
    t: T,
    Path(id): Path<i64>,
    Query(q): Query<LedgerQuery>,
) -> Result<Response> {
    board_ledger::download(&state, &user, &client, t, id, q.period.as_deref()).await
}

#[derive(Template)]
#[template(path = "tasks/categories.html")]
struct CategoriesPage {
    chrome: Chrome,
    text: String,
    error: Option<String>,
    saved: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct CategoriesQuery {
    pub done: Option<String>,
}

/// `GET /tasks/categories`: the deployment's task categories, one a line, for a committee
/// admin over the whole tree.
pub async fn categories(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    client: Client,
    Query(q): Query<CategoriesQuery>,
) -> Result<Html<String>> {
    rules::require_categories_admin(&state, &user, &client).await?;
    let page = CategoriesPage {
        text: rules::categories(&state).await?.join("\n"),
        error: None,
        saved: q.done.as_deref() == Some("saved"),
        chrome,
    };
    Ok(Html(page.render()?))
}

#[derive(Debug, Deserialize)]
pub struct CategoriesForm {
    #[serde(default)]
    categories: String,
}

/// `POST /tasks/categories` with `categories`, one a line (blank lines skipped); refused
/// lists come back with the text as typed.
pub async fn set_categories(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    client: Client,
    Form(form): Form<CategoriesForm>,
) -> Result<Response> {
    let list: Vec<String> = form
        .categories
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    match rules::set_categories(&state, &user, &client, &list).await? {
        Ok(_) => Ok(Redirect::to("/tasks/categories?done=saved").into_response()),
        Err(p) => {
            let page = CategoriesPage {
                text: form.categories,
                error: Some(chrome.t.s(p.message_key()).to_owned()),
                saved: false,
                chrome,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
    }
}
