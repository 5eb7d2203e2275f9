//! 报送情况台账: a period of a task's board as a workbook — a title row naming the task and
//! period with its counts, then one row per reporting org in tree order (序号, 组织, 状态,
//! 首次报送时间, 最近报送时间, 是否逾期, 变更待审) under a frozen header. Shared by the page and
//! the API; every download is recorded as `ledger.export`.

use crate::auth::current::Authenticated;
use crate::error::Result;
use crate::i18n::T;
use crate::ledger::deliver;
use crate::ledger::xlsx::{self, Column, Value};
use crate::state::AppState;
use app::tasks::board::{self, Line};
use app::tasks::rules;
use app::zone::Zone;
use axum::response::Response;
use rust_xlsxwriter::XlsxError;
use store::tasks::{PeriodRow, Task};

/// Column headers (catalogue keys) and widths in Excel's units (a Chinese character is two).
const COLUMNS: [(&str, f64); 7] = [
    ("task_pages.ledger.col_index", 6.0),
    ("task_pages.ledger.col_org", 40.0),
    ("task_pages.ledger.col_state", 10.0),
    ("task_pages.ledger.col_first", 20.0),
    ("task_pages.ledger.col_latest", 20.0),
    ("task_pages.ledger.col_late", 10.0),
    ("task_pages.ledger.col_changed", 10.0),
];

fn title(t: T, zone: &Zone, task: &Task, period: &PeriodRow) -> String {
    let c = &period.counts;
    let period_name = if period.period == domain::task::ONCE {
        String::new()
    } else {
        format!("（{}）", period.period)
    };
    t.f(
        "task_pages.ledger.title",
        &[
            ("title", &task.title),
            ("period", &period_name),
            ("deadline", &zone.sortable(period.deadline)),
            ("expected", &c.expected.to_string()),
            ("received", &c.received.to_string()),
            ("on_time", &c.on_time.to_string()),
            ("approved", &c.approved.to_string()),
            ("rate", &format!("{:.1}", c.reporting_rate())),
        ],
    )
}

/// The workbook of `lines` (in tree order).
pub fn workbook(
    t: T,
    zone: &Zone,
    task: &Task,
    period: &PeriodRow,
    lines: &[Line],
) -> Result<Vec<u8>, XlsxError> {
    let columns = Column::titled(t, &COLUMNS);
    let yes_no = |b: bool| Value::yes_no(t, b, ("task_pages.ledger.yes", "task_pages.ledger.no"));
    let when = |at| Value::when(zone, at);
    let rows: Vec<Vec<Value>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                Value::Number((i + 1) as f64),
                Value::Text(l.row.org_name.clone()),
                Value::Text(t.s(l.row.state.message_key()).to_owned()),
                when(l.row.first_submitted_at),
                when(l.row.submitted_at),
                yes_no(l.row.late || l.overdue),
                yes_no(l.row.changed_since_approval),
            ]
        })
        .collect();
    xlsx::titled_table(
        t.s("task_pages.ledger.sheet"),
        &title(t, zone, task, period),
        &columns,
        &rows,
    )
}

/// The 台账 of task `task_id`'s period (default the newest) as a download, for its assigning
/// side.
pub async fn download(
    state: &AppState,
    user: &Authenticated,
    t: T,
    task_id: i64,
    period: Option<&str>,
) -> Result<Response> {
    let task = rules::load_as_assigner(state, user, task_id).await?;
    let period = rules::period(state, user, &task, period).await?;
    let lines = board::all_lines(state, &task, &period).await?;
    let of = deliver::Of {
        object_type: "task",
        object_id: task.id,
        org_id: task.org_id,
        detail: serde_json::json!({
            "ledger": "task_board", "period": period.period, "rows": lines.len()
        }),
    };
    let zone = state.zone.clone();
    let (for_task, for_period) = (task.clone(), period.clone());
    let build = move || workbook(t, &zone, &for_task, &for_period, &lines);
    deliver::object_ledger(state, user, of, build, |date| {
        let short: String = task.title.chars().take(40).collect();
        (
            t.f(
                "task_pages.ledger.file",
                &[("title", &short), ("date", date)],
            ),
            format!("task-{}-board-{date}.xlsx", task.id),
        )
    })
    .await
}
