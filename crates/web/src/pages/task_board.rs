//! A task's page: the task, and for its assigning side the supervision board (督办台) —
//! counts, rates, lights, drill-down by subtree, the rows most urgent first, bulk approval, the
//! 台账 and the 通报 of late orgs; for the reporting side, its orgs' reports.

use super::layout::Chrome;
use super::org_picker::{OrgPicker, TASK_TARGETS, Ticked};
use super::task_reports::{form_urlencoded_component, light_key, period_label};
use super::tasks::report_href;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::state::AppState;
use app::authz::{self, Object};
use app::tasks::board;
use app::tasks::rules::{self, Loaded, Side};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use domain::access::Action;
use domain::submission::{STATES, SubmissionState};
use domain::supervision::{Light, light};
use domain::task::{TaskChange, TaskStatus};
use serde::Deserialize;
use store::tasks::PeriodRow;
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
}

/// Lines on one page of the board.
const PAGE: i64 = 100;

pub(super) fn show_href(
    id: i64,
    period: &str,
    state: Option<&str>,
    page: i64,
    under: Option<i64>,
) -> String {
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
    let late_notice = crate::tasks::late_notice::late_notice(t, state, task, period, &all);
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
            board = Some(board_of(state, user, t, &loaded, &periods, period, q).await?);
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
    let picker = if can_publish {
        let ticked = Ticked {
            subtrees: &[],
            orgs: &[],
            query: "",
        };
        OrgPicker::build(state, user, t, TASK_TARGETS, ticked, Some(task.org_id)).await?
    } else {
        OrgPicker::default()
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
        picker,
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
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Html<String>> {
    let loaded = rules::load(&state, &user, id).await?;
    Ok(Html(render(&state, &user, chrome, loaded, &q, None).await?))
}
