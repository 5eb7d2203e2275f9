//! What a campaign's figures are computed from besides its own rows: the orgs under the
//! taking-part subtrees, how many members each branch has, and who held a leading position
//! (for 先学领学) — now and, through the roster's history, on a past day.

use crate::error::Result;
use crate::sql::Sql;
use domain::Timestamp;
use sqlx::Row;

/// An org of the tree as figures need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeOrg {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub path: String,
    pub name: String,
    pub is_branch: bool,
}

/// The open orgs in the subtrees at `roots`, in path order.
pub async fn orgs_under<'e, E>(ex: E, roots: &[String]) -> Result<Vec<TreeOrg>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql =
        Sql::new("SELECT id, parent_id, path, name, kind FROM orgs WHERE status = 'open' AND ");
    sql.subtree("path", roots).push(" ORDER BY path");
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter().map(tree_org).collect()
}

/// A row of `id, parent_id, path, name, kind` as an org of the figures' tree.
pub(crate) fn tree_org(r: &sqlx::any::AnyRow) -> Result<TreeOrg> {
    let kind: String = r.try_get("kind")?;
    Ok(TreeOrg {
        id: r.try_get("id")?,
        parent_id: r.try_get("parent_id")?,
        path: r.try_get("path")?,
        name: r.try_get("name")?,
        is_branch: kind == domain::OrgKind::Branch.as_str(),
    })
}

/// Active members per org in the subtrees at `roots`: `(org_id, count)`.
pub async fn members_by_org<'e, E>(ex: E, roots: &[String]) -> Result<Vec<(i64, i64)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT m.org_id, COUNT(*) AS n FROM members m JOIN orgs o ON o.id = m.org_id \
         WHERE m.status = 'active' AND ",
    );
    sql.subtree("o.path", roots).push(" GROUP BY m.org_id");
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("org_id")?, r.try_get("n")?)))
        .collect()
}

/// A member holding one of `positions` now: `(member_id, org_id, name)`.
pub async fn holding<'e, E>(
    ex: E,
    roots: &[String],
    positions: &[&str],
) -> Result<Vec<(i64, i64, String)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if roots.is_empty() || positions.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT DISTINCT m.id, m.org_id, m.name FROM members m JOIN orgs o ON o.id = m.org_id \
         JOIN member_positions p ON p.member_id = m.id WHERE m.status = 'active' AND p.position IN (",
    );
    for (i, p) in positions.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind_text(*p);
    }
    sql.push(") AND ").subtree("o.path", roots);
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("org_id")?, r.try_get("name")?)))
        .collect()
}

/// Every roster change since `since`: `(member_id, changed_at, snapshot as it was before)`,
/// oldest first.
pub async fn history_since<'e, E>(
    ex: E,
    since: Timestamp,
) -> Result<Vec<(i64, Timestamp, serde_json::Value)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT member_id, changed_at, snapshot FROM member_history WHERE changed_at >= $1 \
         ORDER BY changed_at, id",
    )
    .bind(since.millis())
    .fetch_all(ex)
    .await?;
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

/// Names of members by id.
pub async fn member_names<'e, E>(ex: E, ids: &[i64]) -> Result<Vec<(i64, String)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    crate::members::names(ex, ids).await
}

/// Reflections per org of a campaign: `(org_id, written, featured)`.
pub async fn reflections_by_org<'e, E>(ex: E, campaign_id: i64) -> Result<Vec<(i64, i64, i64)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT org_id, COUNT(*) AS n, COUNT(featured_at) AS f FROM reflections \
         WHERE campaign_id = $1 AND state = 'written' GROUP BY org_id",
    )
    .bind(campaign_id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("org_id")?, r.try_get("n")?, r.try_get("f")?)))
        .collect()
}
