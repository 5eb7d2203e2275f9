//! The campaign dashboard's kept figures (migration 0012): per campaign and org of the tree
//! taking part, a branch's own figures and the sum over each subtree, with the marks the
//! triggers leave when a record they are computed from changes. Also the narrow reads that
//! recompute a few branches without reading the whole campaign, and the report tasks a
//! branch still owes (its to-do list).
//!
//! Figures travel as JSON text: this crate stores them, `app` knows their shape.

use crate::campaign_figures::TreeOrg;
use crate::db::{Backend, Conn, Db};
use crate::decode::state;
use crate::error::Result;
use crate::sql::Sql;
use crate::study::{LOG, StudyLog, log_from_row};
use domain::Timestamp;
use domain::submission::SubmissionState;
use sqlx::Row;
use sqlx::any::AnyRow;

/// What a campaign's kept figures were built for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptState {
    /// The materials (and zone) they were computed with: a change means computing anew.
    pub materials_sig: String,
    /// The tree's roots and the requirements: a change means summing anew.
    pub tree_sig: String,
}

pub async fn kept_state<'e, E>(ex: E, campaign_id: i64) -> Result<Option<KeptState>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query(
        "SELECT materials_sig, tree_sig FROM campaign_figure_state WHERE campaign_id = $1",
    )
    .bind(campaign_id)
    .fetch_optional(ex)
    .await?;
    row.map(|r| {
        Ok(KeptState {
            materials_sig: r.try_get("materials_sig")?,
            tree_sig: r.try_get("tree_sig")?,
        })
    })
    .transpose()
}

/// The marks left for a campaign: `(org_id, n)`; org 0 is the org tree.
pub async fn marks<'e, E>(ex: E, campaign_id: i64) -> Result<Vec<(i64, i64)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT org_id, n FROM campaign_figure_marks WHERE campaign_id = $1 ORDER BY org_id",
    )
    .bind(campaign_id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("org_id")?, r.try_get("n")?)))
        .collect()
}

/// Clears the marks `seen` (`(org_id, n)` as read before computing) — each only if no change
/// came since, which left its count higher. On PostgreSQL each mark is cleared in its own
/// statement: a writer's trigger may hold one mark and wait for another, and clearing many
/// in one transaction could then deadlock with it.
pub async fn clear_marks(db: &Db, campaign_id: i64, seen: &[(i64, i64)]) -> Result<()> {
    const DELETE: &str =
        "DELETE FROM campaign_figure_marks WHERE campaign_id = $1 AND org_id = $2 AND n = $3";
    match db.backend() {
        Backend::Sqlite => {
            let mut tx = db.begin().await?;
            for (org, n) in seen {
                sqlx::query(DELETE)
                    .bind(campaign_id)
                    .bind(*org)
                    .bind(*n)
                    .execute(&mut *tx)
                    .await?;
            }
            crate::commit(tx).await
        }
        Backend::Postgres => {
            for (org, n) in seen {
                sqlx::query(DELETE)
                    .bind(campaign_id)
                    .bind(*org)
                    .bind(*n)
                    .execute(db.write_pool())
                    .await?;
            }
            Ok(())
        }
    }
}

/// A kept row: an org of the tree as last built, with its figures (JSON).
#[derive(Debug, Clone)]
pub struct KeptRow {
    pub org_id: i64,
    pub parent_id: Option<i64>,
    pub path: String,
    /// The org's name now.
    pub name: String,
    pub is_branch: bool,
    pub own: Option<String>,
    pub total: String,
}

const ROW: &str = "SELECT r.org_id, r.parent_id, r.path, o.name, r.is_branch, r.own, r.total \
     FROM campaign_figure_rows r JOIN orgs o ON o.id = r.org_id WHERE r.campaign_id = ";

fn row_from(r: &AnyRow) -> Result<KeptRow> {
    Ok(KeptRow {
        org_id: r.try_get("org_id")?,
        parent_id: r.try_get("parent_id")?,
        path: r.try_get("path")?,
        name: r.try_get("name")?,
        is_branch: r.try_get::<i64, _>("is_branch")? != 0,
        own: r.try_get("own")?,
        total: r.try_get("total")?,
    })
}

/// The kept rows whose parent in the tree is `parent_id`, in the tree's order.
pub async fn kept_children<'e, E>(ex: E, campaign_id: i64, parent_id: i64) -> Result<Vec<KeptRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut sql = Sql::new(ROW);
    sql.bind_int(campaign_id)
        .push(" AND r.parent_id = ")
        .bind_int(parent_id)
        .push(" ORDER BY o.sort_order, o.id");
    sql.query()
        .fetch_all(ex)
        .await?
        .iter()
        .map(row_from)
        .collect()
}

/// The kept rows of the orgs `ids` (those kept), in the tree's order.
pub async fn kept_rows<'e, E>(ex: E, campaign_id: i64, ids: &[i64]) -> Result<Vec<KeptRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(ROW);
    sql.bind_int(campaign_id)
        .push(" AND ")
        .in_ints("r.org_id", ids)
        .push(" ORDER BY o.sort_order, o.id");
    sql.query()
        .fetch_all(ex)
        .await?
        .iter()
        .map(row_from)
        .collect()
}

/// Every kept row of a campaign.
pub async fn all_kept<'e, E>(ex: E, campaign_id: i64) -> Result<Vec<KeptRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut sql = Sql::new(ROW);
    sql.bind_int(campaign_id).push(" ORDER BY r.path");
    sql.query()
        .fetch_all(ex)
        .await?
        .iter()
        .map(row_from)
        .collect()
}

/// The kept rows in the subtrees at `roots`, in path order.
pub async fn kept_under<'e, E>(ex: E, campaign_id: i64, roots: &[String]) -> Result<Vec<KeptRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(ROW);
    sql.bind_int(campaign_id)
        .push(" AND ")
        .subtree("r.path", roots)
        .push(" ORDER BY r.path");
    sql.query()
        .fetch_all(ex)
        .await?
        .iter()
        .map(row_from)
        .collect()
}

/// The campaigns whose figures the background job keeps: the open ones, and any whose
/// figures are kept already (a closed campaign's records may still be corrected).
pub async fn campaigns_to_keep<'e, E>(ex: E) -> Result<Vec<i64>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT id FROM campaigns WHERE state = 'open' \
         UNION SELECT campaign_id FROM campaign_figure_state ORDER BY 1",
    )
    .fetch_all(ex)
    .await?;
    rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

/// Takes the campaign's kept figures for this transaction (a row lock on PostgreSQL; SQLite
/// has one writer): two dashboards summing at once would each miss the other's branches.
/// Answers whether they are kept at all.
pub async fn hold(conn: &mut Conn, campaign_id: i64) -> Result<bool> {
    let done =
        sqlx::query("UPDATE campaign_figure_state SET built_at = built_at WHERE campaign_id = $1")
            .bind(campaign_id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces every kept row of a campaign and what they were built for.
pub async fn replace(
    conn: &mut Conn,
    campaign_id: i64,
    state: &KeptState,
    rows: &[KeptRow],
    now: Timestamp,
) -> Result<()> {
    sqlx::query("DELETE FROM campaign_figure_rows WHERE campaign_id = $1")
        .bind(campaign_id)
        .execute(&mut *conn)
        .await?;
    for r in rows {
        sqlx::query(
            "INSERT INTO campaign_figure_rows (campaign_id, org_id, parent_id, path, is_branch, \
             own, total) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(campaign_id)
        .bind(r.org_id)
        .bind(r.parent_id)
        .bind(r.path.as_str())
        .bind(i64::from(r.is_branch))
        .bind(r.own.as_deref())
        .bind(r.total.as_str())
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "INSERT INTO campaign_figure_state (campaign_id, materials_sig, tree_sig, built_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (campaign_id) DO UPDATE SET \
         materials_sig = excluded.materials_sig, tree_sig = excluded.tree_sig, \
         built_at = excluded.built_at",
    )
    .bind(campaign_id)
    .bind(state.materials_sig.as_str())
    .bind(state.tree_sig.as_str())
    .bind(now.millis())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Changes one kept row's figures.
pub async fn set_figures(
    conn: &mut Conn,
    campaign_id: i64,
    org_id: i64,
    own: Option<&str>,
    total: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE campaign_figure_rows SET own = $3, total = $4 \
         WHERE campaign_id = $1 AND org_id = $2",
    )
    .bind(campaign_id)
    .bind(org_id)
    .bind(own)
    .bind(total)
    .execute(conn)
    .await?;
    Ok(())
}

/// The orgs `ids` that are open, as the tree of figures needs them.
pub async fn open_orgs<'e, E>(ex: E, ids: &[i64]) -> Result<Vec<TreeOrg>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql =
        Sql::new("SELECT id, parent_id, path, name, kind FROM orgs WHERE status = 'open' AND ");
    sql.in_ints("id", ids).push(" ORDER BY path");
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter().map(crate::campaign_figures::tree_org).collect()
}

/// Active members of the orgs `ids`: `(org_id, count)`.
pub async fn members_of_orgs<'e, E>(ex: E, ids: &[i64]) -> Result<Vec<(i64, i64)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql =
        Sql::new("SELECT org_id, COUNT(*) AS n FROM members WHERE status = 'active' AND ");
    sql.in_ints("org_id", ids).push(" GROUP BY org_id");
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("org_id")?, r.try_get("n")?)))
        .collect()
}

/// Active members of the orgs `ids` holding one of `positions` now: `(member_id, org_id,
/// name)`.
pub async fn holding_in<'e, E>(
    ex: E,
    ids: &[i64],
    positions: &[&str],
) -> Result<Vec<(i64, i64, String)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if ids.is_empty() || positions.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT DISTINCT m.id, m.org_id, m.name FROM members m \
         JOIN member_positions p ON p.member_id = m.id WHERE m.status = 'active' AND ",
    );
    sql.in_ints("m.org_id", ids).push(" AND ");
    sql.in_texts("p.position", positions.iter().copied());
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("org_id")?, r.try_get("name")?)))
        .collect()
}

/// The roster changes since `since` of everyone who is or was a member of the orgs `ids`
/// (a member's history can only place them in an org they are in or moved from):
/// `(member_id, changed_at, snapshot before the change)`, oldest first.
pub async fn history_of_orgs<'e, E>(
    ex: E,
    ids: &[i64],
    since: Timestamp,
) -> Result<Vec<(i64, Timestamp, serde_json::Value)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT h.member_id, h.changed_at, h.snapshot FROM member_history h \
         WHERE h.changed_at >= ",
    );
    sql.bind_int(since.millis())
        .push(" AND h.member_id IN (SELECT id FROM members WHERE ")
        .in_ints("org_id", ids)
        .push(" UNION SELECT member_id FROM member_transfers WHERE ")
        .in_ints("from_org_id", ids)
        .push(") ORDER BY h.changed_at, h.id");
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter()
        .map(|r| {
            let s: String = r.try_get("snapshot")?;
            Ok((
                r.try_get("member_id")?,
                Timestamp(r.try_get("changed_at")?),
                serde_json::from_str(&s).unwrap_or(serde_json::Value::Null),
            ))
        })
        .collect()
}

/// The standing study entries of a campaign by the members `ids`, wherever they logged them.
pub async fn logs_of_members<'e, E>(ex: E, campaign_id: i64, ids: &[i64]) -> Result<Vec<StudyLog>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(LOG);
    sql.push(" WHERE withdrawn_at IS NULL AND campaign_id = ")
        .bind_int(campaign_id)
        .push(" AND ")
        .in_ints("member_id", ids)
        .push(" ORDER BY studied_on, id");
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter().map(log_from_row).collect()
}

/// Reflections of a campaign in the orgs `ids`: `(org_id, written, featured)`.
pub async fn reflections_of_orgs<'e, E>(
    ex: E,
    campaign_id: i64,
    ids: &[i64],
) -> Result<Vec<(i64, i64, i64)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT org_id, COUNT(*) AS n, COUNT(featured_at) AS f FROM reflections \
         WHERE state = 'written' AND campaign_id = ",
    );
    sql.bind_int(campaign_id)
        .push(" AND ")
        .in_ints("org_id", ids)
        .push(" GROUP BY org_id");
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("org_id")?, r.try_get("n")?, r.try_get("f")?)))
        .collect()
}

/// A report a branch owes on one of a campaign's tasks.
#[derive(Debug, Clone)]
pub struct Owed {
    pub task_id: i64,
    pub title: String,
    pub period: String,
    pub deadline: Timestamp,
    pub state: SubmissionState,
}

/// The reports `org_id` has not handed in (or was asked to hand in again) for the open
/// periods of the open tasks `task_ids`, earliest deadline first.
pub async fn reports_owed<'e, E>(ex: E, task_ids: &[i64], org_id: i64) -> Result<Vec<Owed>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if task_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT s.task_id, t.title, s.period, p.deadline, s.state FROM submissions s \
         JOIN tasks t ON t.id = s.task_id \
         JOIN task_periods p ON p.task_id = s.task_id AND p.period = s.period \
         WHERE t.status = 'open' AND s.state IN ('not_started', 'draft', 'returned') AND s.org_id = ",
    );
    sql.bind_int(org_id)
        .push(" AND ")
        .in_ints("s.task_id", task_ids)
        .push(" ORDER BY p.deadline, s.task_id");
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter()
        .map(|r| {
            Ok(Owed {
                task_id: r.try_get("task_id")?,
                title: r.try_get("title")?,
                period: r.try_get("period")?,
                deadline: Timestamp(r.try_get("deadline")?),
                state: state(r, "state", SubmissionState::parse)?,
            })
        })
        .collect()
}
