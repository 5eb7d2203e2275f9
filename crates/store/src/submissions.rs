//! 报送: one submission per (task, period, org) with its working draft, its handed-in versions
//! (never changed) and its reviews; every change of state moves the period's counters in the
//! same transaction.

use crate::db::Conn;
use crate::error::Result;
use crate::sql::Sql;
use domain::Timestamp;
use domain::submission::{HandIn, SubmissionState};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone)]
pub struct Submission {
    pub id: i64,
    pub task_id: i64,
    pub period: String,
    pub org_id: i64,
    pub org_name: String,
    pub org_path: String,
    pub state: SubmissionState,
    pub draft: Option<String>,
    pub draft_form_version: Option<i64>,
    pub saves: i64,
    pub draft_saved_at: Option<Timestamp>,
    pub draft_saved_by: Option<String>,
    pub version: i64,
    pub first_submitted_at: Option<Timestamp>,
    pub submitted_at: Option<Timestamp>,
    pub late: bool,
    pub approved_version: Option<i64>,
    pub changed_since_approval: bool,
    pub updated_at: Timestamp,
}

pub use crate::submission_history::{Review, Version, reviews, versions};

const SELECT: &str = "SELECT s.id, s.task_id, s.period, s.org_id, o.name AS org_name, \
     o.path AS org_path, s.state, s.draft, s.draft_form_version, s.saves, s.draft_saved_at, \
     a.username AS draft_saved_by, s.version, s.first_submitted_at, s.submitted_at, s.late, \
     s.approved_version, s.changed_since_approval, s.updated_at \
     FROM submissions s JOIN orgs o ON o.id = s.org_id \
     LEFT JOIN accounts a ON a.id = s.draft_saved_by";

fn ts(r: &AnyRow, col: &str) -> Result<Option<Timestamp>> {
    Ok(r.try_get::<Option<i64>, _>(col)?.map(Timestamp))
}

fn state(r: &AnyRow) -> Result<SubmissionState> {
    let s: String = r.try_get("state")?;
    SubmissionState::parse(&s)
        .ok_or_else(|| crate::StoreError::Invalid(format!("unknown submission state {s}")))
}

fn from_row(r: &AnyRow) -> Result<Submission> {
    Ok(Submission {
        id: r.try_get("id")?,
        task_id: r.try_get("task_id")?,
        period: r.try_get("period")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        org_path: r.try_get("org_path")?,
        state: state(r)?,
        draft: r.try_get("draft")?,
        draft_form_version: r.try_get("draft_form_version")?,
        saves: r.try_get("saves")?,
        draft_saved_at: ts(r, "draft_saved_at")?,
        draft_saved_by: r.try_get("draft_saved_by")?,
        version: r.try_get("version")?,
        first_submitted_at: ts(r, "first_submitted_at")?,
        submitted_at: ts(r, "submitted_at")?,
        late: r.try_get::<i64, _>("late")? != 0,
        approved_version: r.try_get("approved_version")?,
        changed_since_approval: r.try_get::<i64, _>("changed_since_approval")? != 0,
        updated_at: Timestamp(r.try_get("updated_at")?),
    })
}

/// The submission of `org_id` for a task's period.
pub async fn get<'e, E>(
    ex: E,
    task_id: i64,
    period: &str,
    org_id: i64,
) -> Result<Option<Submission>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("{SELECT} WHERE s.task_id = $1 AND s.period = $2 AND s.org_id = $3");
    sqlx::query(&sql)
        .bind(task_id)
        .bind(period)
        .bind(org_id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn by_id<'e, E>(ex: E, id: i64) -> Result<Option<Submission>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("{SELECT} WHERE s.id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

fn column(state: SubmissionState) -> &'static str {
    match state {
        SubmissionState::NotStarted => "not_started",
        SubmissionState::Draft => "draft",
        SubmissionState::Submitted => "submitted",
        SubmissionState::Returned => "returned",
        SubmissionState::Approved => "approved",
    }
}

/// The counter changes of one report moving from `from` to `to` (a `SET` list of
/// `task_periods`), or None when it stays put; `first` (with whether it came on time) when
/// this is the report's first handed-in version.
fn count_moves(from: SubmissionState, to: SubmissionState, first: Option<bool>) -> Option<String> {
    // A first hand-in always moves a report (to submitted): staying put moves nothing.
    if from == to {
        return None;
    }
    let (f, t) = (column(from), column(to));
    let received = match first {
        Some(on_time) => format!(
            ", received = received + 1, on_time = on_time + {}",
            on_time as i64
        ),
        None => String::new(),
    };
    Some(format!("{f} = {f} - 1, {t} = {t} + 1{received}"))
}

/// Moves one report from `from` to `to` in its period's counters (see [`count_moves`]).
async fn move_counts(
    conn: &mut Conn,
    task_id: i64,
    period: &str,
    from: SubmissionState,
    to: SubmissionState,
    first: Option<bool>,
) -> Result<()> {
    let Some(moves) = count_moves(from, to, first) else {
        return Ok(());
    };
    let sql = format!("UPDATE task_periods SET {moves} WHERE task_id = $1 AND period = $2");
    sqlx::query(&sql)
        .bind(task_id)
        .bind(period)
        .execute(conn)
        .await?;
    Ok(())
}

/// Saves the working copy if nobody saved since `saves`; answers false when someone did.
#[allow(clippy::too_many_arguments)]
pub async fn save_draft(
    conn: &mut Conn,
    s: &Submission,
    data: &str,
    form_version: i64,
    new_state: SubmissionState,
    by: i64,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE submissions SET draft = $1, draft_form_version = $2, saves = saves + 1, \
         draft_saved_at = $3, draft_saved_by = $4, state = $5, urgency = $6, updated_at = $3 \
         WHERE id = $7 AND saves = $8",
    )
    .bind(data)
    .bind(form_version)
    .bind(now.millis())
    .bind(by)
    .bind(new_state.as_str())
    .bind(new_state.urgency())
    .bind(s.id)
    .bind(s.saves)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if done == 0 {
        return Ok(false);
    }
    move_counts(conn, s.task_id, &s.period, s.state, new_state, None).await?;
    Ok(true)
}

/// What a hand-in changes in the report's row: parameters $1 to $6 (state, urgency, version,
/// now, late, changed since approval), and $7, $8 (id, the save count it is based on) in
/// [`HAND_IN_WHERE`].
const HAND_IN_SET: &str = "draft = NULL, draft_form_version = NULL, saves = saves + 1, \
     state = $1, urgency = $2, version = $3, submitted_at = $4, \
     first_submitted_at = COALESCE(first_submitted_at, $4), \
     late = CASE WHEN version = 0 THEN $5 ELSE late END, \
     changed_since_approval = $6, updated_at = $4";
const HAND_IN_WHERE: &str = "id = $7 AND saves = $8";

/// Hands in `data` as the next version if nobody saved since `s.saves`; the working copy is
/// cleared. Answers the new version number, or None when someone saved in between.
#[allow(clippy::too_many_arguments)]
pub async fn hand_in(
    conn: &mut Conn,
    s: &Submission,
    data: &str,
    form_version: i64,
    h: HandIn,
    by: i64,
    now: Timestamp,
) -> Result<Option<i64>> {
    let version = s.version + 1;
    let first = h.first.then_some(!h.late);
    let moves = count_moves(s.state, h.state, first);
    let postgres = crate::Backend::of(conn) == crate::Backend::Postgres;
    let sql = if postgres {
        // One statement, not three: each is a round trip, and under a deadline rush the
        // batch writer's round trips are what limits the rate (docs/PERFORMANCE.md).
        let counted = match &moves {
            Some(m) => format!(
                ", counted AS (UPDATE task_periods SET {m} \
                 WHERE task_id = $13 AND period = $14 AND EXISTS (SELECT 1 FROM handed))"
            ),
            None => String::new(),
        };
        format!(
            "WITH handed AS (UPDATE submissions SET {HAND_IN_SET} WHERE {HAND_IN_WHERE} \
             RETURNING id), \
             kept AS (INSERT INTO submission_versions (submission_id, version, form_version, \
             data, late, submitted_by, submitted_at) \
             SELECT id, $3, $9, $10, $11, $12, $4 FROM handed){counted} \
             SELECT COUNT(*) FROM handed"
        )
    } else {
        format!("UPDATE submissions SET {HAND_IN_SET} WHERE {HAND_IN_WHERE}")
    };
    let q = sqlx::query(&sql)
        .bind(h.state.as_str())
        .bind(h.state.urgency())
        .bind(version)
        .bind(now.millis())
        .bind((h.first && h.late) as i64)
        .bind(h.changed_since_approval as i64)
        .bind(s.id)
        .bind(s.saves);
    if postgres {
        let mut q = q.bind(form_version).bind(data).bind(h.late as i64).bind(by);
        if moves.is_some() {
            q = q.bind(s.task_id).bind(&s.period);
        }
        let handed: i64 = q.fetch_one(&mut *conn).await?.try_get(0)?;
        return Ok((handed == 1).then_some(version));
    }
    let done = q.execute(&mut *conn).await?.rows_affected();
    if done == 0 {
        return Ok(None);
    }
    sqlx::query(
        "INSERT INTO submission_versions (submission_id, version, form_version, data, late, \
         submitted_by, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(s.id)
    .bind(version)
    .bind(form_version)
    .bind(data)
    .bind(h.late as i64)
    .bind(by)
    .bind(now.millis())
    .execute(&mut *conn)
    .await?;
    move_counts(conn, s.task_id, &s.period, s.state, h.state, first).await?;
    Ok(Some(version))
}

/// Records a review of the current version and moves the report to `to`. Answers false when
/// the report changed since it was loaded (another reviewer, or a new version).
#[allow(clippy::too_many_arguments)]
pub async fn review(
    conn: &mut Conn,
    s: &Submission,
    to: SubmissionState,
    decision: &str,
    reason: &str,
    by: i64,
    now: Timestamp,
) -> Result<bool> {
    let approved = (to == SubmissionState::Approved).then_some(s.version);
    let done = sqlx::query(
        "UPDATE submissions SET state = $1, urgency = $2, \
         approved_version = COALESCE($3, approved_version), \
         changed_since_approval = CASE WHEN $4 = 1 THEN 0 ELSE changed_since_approval END, \
         updated_at = $5 WHERE id = $6 AND state = $7 AND version = $8",
    )
    .bind(to.as_str())
    .bind(to.urgency())
    .bind(approved)
    .bind(approved.is_some() as i64)
    .bind(now.millis())
    .bind(s.id)
    .bind(s.state.as_str())
    .bind(s.version)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if done == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO submission_reviews (submission_id, version, decision, reason, reviewed_by, reviewed_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(s.id)
    .bind(s.version)
    .bind(decision)
    .bind(reason)
    .bind(by)
    .bind(now.millis())
    .execute(&mut *conn)
    .await?;
    move_counts(conn, s.task_id, &s.period, s.state, to, None).await?;
    Ok(true)
}

/// One org's line on the board.
#[derive(Debug, Clone)]
pub struct BoardRow {
    pub org_id: i64,
    pub org_name: String,
    pub org_path: String,
    pub state: SubmissionState,
    pub submitted_at: Option<Timestamp>,
    pub first_submitted_at: Option<Timestamp>,
    pub late: bool,
    pub changed_since_approval: bool,
}

fn board_row(r: &AnyRow) -> Result<BoardRow> {
    Ok(BoardRow {
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        org_path: r.try_get("org_path")?,
        state: state(r)?,
        submitted_at: ts(r, "submitted_at")?,
        first_submitted_at: ts(r, "first_submitted_at")?,
        late: r.try_get::<i64, _>("late")? != 0,
        changed_since_approval: r.try_get::<i64, _>("changed_since_approval")? != 0,
    })
}

const BOARD_COLUMNS: &str = "s.org_id, o.name AS org_name, o.path AS org_path, s.state, \
     s.submitted_at, s.first_submitted_at, s.late, s.changed_since_approval";

/// A page of a period's board, most urgent first (an index range of `submissions_board`),
/// optionally only the orgs in `state`.
pub async fn board_page<'e, E>(
    ex: E,
    task_id: i64,
    period: &str,
    state: Option<SubmissionState>,
    limit: i64,
    offset: i64,
) -> Result<Vec<BoardRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let filter = match state {
        Some(s) => format!(
            " AND s.urgency = {} AND s.state = '{}'",
            s.urgency(),
            s.as_str()
        ),
        None => String::new(),
    };
    let sql = format!(
        "SELECT {BOARD_COLUMNS} FROM submissions s JOIN orgs o ON o.id = s.org_id \
         WHERE s.task_id = $1 AND s.period = $2{filter} \
         ORDER BY s.urgency, s.org_id LIMIT {limit} OFFSET {offset}"
    );
    sqlx::query(&sql)
        .bind(task_id)
        .bind(period)
        .fetch_all(ex)
        .await?
        .iter()
        .map(board_row)
        .collect()
}

/// Every row of a period's board under `path` (for rollups by subtree and the ledger).
pub async fn board_under<'e, E>(
    ex: E,
    task_id: i64,
    period: &str,
    path: &str,
) -> Result<Vec<BoardRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut sql = Sql::new(&format!(
        "SELECT {BOARD_COLUMNS} FROM submissions s JOIN orgs o ON o.id = s.org_id \
         WHERE s.task_id = "
    ));
    sql.bind_int(task_id)
        .push(" AND s.period = ")
        .bind_text(period)
        .push(" AND ")
        .subtree("o.path", &[path.to_owned()])
        .push(" ORDER BY o.path");
    sql.query()
        .fetch_all(ex)
        .await?
        .iter()
        .map(board_row)
        .collect()
}

/// A report an org owes or has made, as its to-do list shows it.
#[derive(Debug, Clone)]
pub struct Owed {
    pub task_id: i64,
    pub task_title: String,
    pub task_status: String,
    pub category: String,
    pub period: String,
    pub deadline: Timestamp,
    pub org_id: i64,
    pub org_name: String,
    pub state: SubmissionState,
    pub late: bool,
}

/// Reports of orgs under `roots` for open tasks in `states`, earliest deadline first.
pub async fn owed_under<'e, E>(
    ex: E,
    roots: &[String],
    states: &[SubmissionState],
    limit: i64,
) -> Result<Vec<Owed>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if roots.is_empty() || states.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT s.task_id, t.title, t.status AS task_status, t.category, s.period, p.deadline, \
         s.org_id, o.name AS org_name, s.state, s.late \
         FROM submissions s JOIN orgs o ON o.id = s.org_id JOIN tasks t ON t.id = s.task_id \
         JOIN task_periods p ON p.task_id = s.task_id AND p.period = s.period WHERE ",
    );
    sql.subtree("o.path", roots)
        .push(" AND t.status = 'open' AND ")
        .in_texts("s.state", states.iter().map(|s| s.as_str()))
        .push(" ORDER BY s.urgency = 0 DESC, p.deadline, s.task_id, o.path LIMIT ")
        .bind_int(limit);
    sql.query()
        .fetch_all(ex)
        .await?
        .iter()
        .map(|r| {
            Ok(Owed {
                task_id: r.try_get("task_id")?,
                task_title: r.try_get("title")?,
                task_status: r.try_get("task_status")?,
                category: r.try_get("category")?,
                period: r.try_get("period")?,
                deadline: Timestamp(r.try_get("deadline")?),
                org_id: r.try_get("org_id")?,
                org_name: r.try_get("org_name")?,
                state: state(r)?,
                late: r.try_get::<i64, _>("late")? != 0,
            })
        })
        .collect()
}

/// A page of a period's board for the orgs under `path` only (drill-down), most urgent first,
/// optionally only those in `state`: an index range of the org paths joined to the period's
/// submissions by (task, period, org), so only that subtree is read.
pub async fn board_page_under<'e, E>(
    ex: E,
    task_id: i64,
    period: &str,
    path: &str,
    state: Option<SubmissionState>,
    limit: i64,
    offset: i64,
) -> Result<Vec<BoardRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut sql = Sql::new(&format!(
        "SELECT {BOARD_COLUMNS} FROM orgs o JOIN submissions s ON s.task_id = "
    ));
    sql.bind_int(task_id)
        .push(" AND s.period = ")
        .bind_text(period)
        .push(" AND s.org_id = o.id WHERE ")
        .subtree("o.path", &[path.to_owned()]);
    if let Some(s) = state {
        sql.push(" AND s.urgency = ")
            .bind_int(s.urgency())
            .push(" AND s.state = ")
            .bind_text(s.as_str());
    }
    sql.push(" ORDER BY s.urgency, s.org_id LIMIT ")
        .bind_int(limit)
        .push(" OFFSET ")
        .bind_int(offset);
    let q = sql.query();
    q.fetch_all(ex).await?.iter().map(board_row).collect()
}
