//! The supervision board (督办台) on a task's page, for its assigning side: counts and rates of
//! one period, the lines of one page (filtered by state, drilled into a subtree), the roll-up of
//! the orgs below, and the 通报 of late orgs.

use super::{ShowQuery, light_words, show_href};
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::links;
use crate::pages::task_reports::period_label;
use crate::pages::tasks::report_href;
use crate::state::AppState;
use app::authz::{self, Object};
use app::tasks::board;
use app::tasks::rules::Loaded;
use domain::access::Action;
use domain::submission::{STATES, SubmissionState};
use domain::supervision::Light;
use store::orgs::Org;
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
    /// Waiting for review: it can be approved in bulk.
    pub selectable: bool,
    /// Still owed: it can be reminded.
    pub owes: bool,
    /// "已催办 2 次，最近 12月3日 10:00", when it was.
    pub reminded: Option<String>,
}

pub struct RollupLine {
    pub name: String,
    pub light: &'static str,
    pub light_label: String,
    pub expected: i64,
    pub received: i64,
    pub on_time: i64,
    pub returned: i64,
    /// How many of its orgs stand at each light.
    pub lights: [i64; 4],
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
    /// The task is open and some report of the period is owed: the 催办 form is shown.
    pub can_remind: bool,
    /// What was typed in the 催办 form before a refusal, shown again.
    pub note: String,
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
    /// The task's reminder ladder, as its form shows it.
    pub ladder: LadderForm,
}

/// The task's own reminder ladder, or the deployment's it follows, as typed in its form.
#[derive(Debug, Clone, Default)]
pub struct LadderForm {
    /// The task has a ladder of its own.
    pub own: bool,
    pub before_days: String,
    pub on_the_day: bool,
    pub while_overdue: bool,
    pub escalate_after_days: String,
}

impl LadderForm {
    pub fn of(own: bool, l: &domain::reminder_ladder::Ladder) -> LadderForm {
        let days: Vec<String> = l.before_days.iter().map(u32::to_string).collect();
        LadderForm {
            own,
            before_days: days.join(", "),
            on_the_day: l.on_the_day,
            while_overdue: l.while_overdue,
            escalate_after_days: l
                .escalate_after_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
        }
    }
}

/// The task's ladder form: what was typed before a refusal, else what is stored.
async fn ladder_form(state: &AppState, task_id: i64, q: &ShowQuery) -> Result<LadderForm> {
    if let Some(typed) = &q.ladder {
        return Ok(typed.clone());
    }
    let own = store::reminder_schedule::task_ladder(state.db.read(), task_id).await?;
    let (deployment, _) = app::reminders::settings::deployment(state).await?;
    let ladder = app::reminders::settings::ladder_of(own.as_deref(), &deployment);
    Ok(LadderForm::of(own.is_some(), &ladder))
}

/// Lines on one page of the board.
const PAGE: i64 = 100;

/// What the board is asked to show: one period of one task, as the query narrows it.
pub(super) struct Shown<'a> {
    pub loaded: &'a Loaded,
    pub periods: &'a [PeriodRow],
    pub period: &'a PeriodRow,
    pub q: &'a ShowQuery,
}

/// A link to the board's lines (a page, a filter, a subtree), landing on the board.
fn board_href(id: i64, period: &str, state: Option<&str>, page: i64, under: Option<i64>) -> String {
    let href = show_href(id, period, state, page, under);
    match href.strip_suffix("#rollup") {
        Some(h) => format!("{h}#board"),
        None => format!("{href}#board"),
    }
}

pub(super) async fn board_of(
    state: &AppState,
    user: &CurrentUser,
    t: T,
    shown: Shown<'_>,
) -> Result<Board> {
    let Shown {
        loaded,
        periods,
        period,
        q,
    } = shown;
    let task = &loaded.task;
    let key = period.period.as_str();
    let only = q.state.as_deref().and_then(SubmissionState::parse);
    let page = q.page.unwrap_or(0).max(0);
    let under = drilled_org(state, user, loaded, q.under).await?;
    // Drilled down: only the orgs of that subtree are listed.
    let rows_under = q.under.map(|_| under.path.as_str());
    let mut found = board::page(state, period, rows_under, only, PAGE + 1, page * PAGE).await?;
    let has_more = found.len() as i64 > PAGE;
    found.truncate(PAGE as usize);
    let ids: Vec<i64> = found.iter().map(|l| l.row.org_id).collect();
    let tallies = app::reminders::task::tallies(state, period, &ids).await?;
    let lines: Vec<BoardLine> = found
        .iter()
        .map(|l| {
            let mut line = board_line(state, t, task.id, key, l);
            line.reminded = tallies.get(&l.row.org_id).map(|tally| {
                let last = state.zone.date_time(tally.last, t.locale);
                let count = tally.count.to_string();
                t.f("reminders.tally", &[("count", &count), ("last", &last)])
            });
            line
        })
        .collect();
    let c = &period.counts;
    let owed = c.not_started + c.draft + c.returned;
    let rollup = board::rollup(state, period, &under)
        .await?
        .iter()
        .map(|r| rollup_line(t, task.id, key, r))
        .collect();
    let all = board::all_lines(state, task, period).await?;
    let late_notice = crate::tasks::late_notice::late_notice(t, state, task, period, &all);
    let lines_href =
        |page: i64, under: Option<i64>| board_href(task.id, key, q.state.as_deref(), page, under);
    Ok(Board {
        period: key.to_owned(),
        periods: period_choices(t, periods, key),
        deadline: state.zone.date_time(period.deadline, t.locale),
        tiles: count_tiles(t, task.id, period, state.now()),
        rates: rate_tiles(t, period),
        periodic: key != domain::task::ONCE,
        filters: state_filters(t, only),
        any_waiting: lines.iter().any(|l| l.selectable),
        can_remind: task.status == domain::task::TaskStatus::Open && owed > 0,
        note: q.note.clone().unwrap_or_default(),
        lines,
        prev: (page > 0).then(|| lines_href(page - 1, q.under)),
        next: has_more.then(|| lines_href(page + 1, q.under)),
        rollup,
        under_name: under.name.clone(),
        up: up_link(task.id, task.org_id, key, q.under, &under),
        drilled: q.under.is_some(),
        under: q.under,
        all_rows: q.under.map(|_| {
            (
                t.f("task_pages.rows_under", &[("org", under.name.as_str())]),
                lines_href(0, None),
            )
        }),
        late_notice,
        ladder: ladder_form(state, task.id, q).await?,
        export: links::with_query(
            &format!("/tasks/{}/board.xlsx", task.id),
            &[("period", key)],
        ),
    })
}

/// The org the board is drilled into (checked to be under the task's org and manageable by the
/// user), or the task's own org.
async fn drilled_org(
    state: &AppState,
    user: &CurrentUser,
    loaded: &Loaded,
    under: Option<i64>,
) -> Result<Org> {
    let task = &loaded.task;
    let Some(org_id) = under else {
        return store::orgs::by_id(state.db.read(), task.org_id)
            .await?
            .ok_or_else(Error::not_found);
    };
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
    Ok(org)
}

/// The counts of the period, each tile linking to the lines in its state where it has one.
fn count_tiles(t: T, task_id: i64, period: &PeriodRow, now: domain::Timestamp) -> Vec<Tile> {
    let c = &period.counts;
    let key = period.period.as_str();
    let overdue = c.overdue(period.deadline, now);
    // (label, value, id, the state it filters the lines to, tone); a tone like "warn" only
    // when there is something to see, a zero stays plain.
    let when = |n: i64, tone: &'static str| if n > 0 { tone } else { "" };
    // A table reads best as a table.
    #[rustfmt::skip]
    let specs: [(&str, i64, &'static str, Option<&str>, &'static str); 10] = [
        ("task_pages.count.expected", c.expected, "count-expected", None, ""),
        ("task_pages.count.received", c.received, "count-received", None, ""),
        ("task_pages.count.on_time", c.on_time, "count-on-time", None, "ok"),
        ("task_pages.count.late", c.late(), "count-late", None, when(c.late(), "warn")),
        ("task_pages.count.waiting", c.submitted, "count-waiting", Some("submitted"), when(c.submitted, "warn")),
        ("task_pages.count.approved", c.approved, "count-approved", Some("approved"), "ok"),
        ("task_pages.count.returned", c.returned, "count-returned", Some("returned"), when(c.returned, "bad")),
        ("task_pages.count.draft", c.draft, "count-draft", Some("draft"), ""),
        ("task_pages.count.not_started", c.not_started, "count-not-started", Some("not_started"), ""),
        ("task_pages.count.overdue", overdue, "count-overdue", None, when(overdue, "bad")),
    ];
    specs
        .into_iter()
        .map(|(label, value, id, state, tone)| Tile {
            label: t.s(label).to_owned(),
            value: value.to_string(),
            id,
            href: state.map(|s| show_href(task_id, key, Some(s), 0, None)),
            tone,
        })
        .collect()
}

/// 报送率 and 按时率 of the period.
fn rate_tiles(t: T, period: &PeriodRow) -> Vec<Tile> {
    let c = &period.counts;
    let rate = |label: &str, value: f64, id: &'static str| Tile {
        label: t.s(label).to_owned(),
        value: format!("{value:.1}%"),
        id,
        href: None,
        tone: "rate",
    };
    vec![
        rate(
            "task_pages.reporting_rate",
            c.reporting_rate(),
            "reporting-rate",
        ),
        rate("task_pages.on_time_rate", c.on_time_rate(), "on-time-rate"),
    ]
}

fn board_line(state: &AppState, t: T, task_id: i64, key: &str, l: &board::Line) -> BoardLine {
    BoardLine {
        org_id: l.row.org_id,
        org_name: l.row.org_name.clone(),
        href: report_href(task_id, l.row.org_id, key),
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
        owes: domain::reminder::owes(l.row.state),
        reminded: None,
    }
}

fn rollup_line(t: T, task_id: i64, key: &str, r: &board::Rollup) -> RollupLine {
    let worst = r.light().unwrap_or(Light::Grey);
    RollupLine {
        name: r.org_name.clone(),
        light: worst.as_str(),
        light_label: light_words(t, worst),
        expected: r.counts.expected,
        received: r.counts.received,
        on_time: r.counts.on_time,
        returned: r.counts.returned,
        lights: [r.lights.red, r.lights.yellow, r.lights.grey, r.lights.green],
        drill: r
            .has_children
            .then(|| show_href(task_id, key, None, 0, Some(r.org_id))),
    }
}

/// Drilled down below the task's own org: the link one level up.
fn up_link(
    task_id: i64,
    task_org: i64,
    key: &str,
    drilled: Option<i64>,
    under: &Org,
) -> Option<String> {
    match (drilled, under.parent_id) {
        (Some(_), Some(parent)) if under.id != task_org => Some(if parent == task_org {
            format!("{}#rollup", show_href(task_id, key, None, 0, None))
        } else {
            show_href(task_id, key, None, 0, Some(parent))
        }),
        _ => None,
    }
}

fn state_filters(t: T, only: Option<SubmissionState>) -> Vec<Choice> {
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
    filters
}

fn period_choices(t: T, periods: &[PeriodRow], key: &str) -> Vec<Choice> {
    periods
        .iter()
        .map(|p| Choice {
            value: p.period.clone(),
            label: period_label(t, &p.period),
            selected: p.period == key,
        })
        .collect()
}
