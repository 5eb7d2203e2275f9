//! 组织: the organisation tree, stored with a materialised path so a subtree is an index range.

use crate::db::Conn;
use crate::decode::state;
use crate::error::{Result, on_constraint};
use crate::sql::Sql;
use domain::org::OrgStatus;
use domain::{OrgKind, Timestamp};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone)]
pub struct Org {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub path: String,
    pub kind: OrgKind,
    pub name: String,
    pub short_name: String,
    pub society: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub status: OrgStatus,
}

impl Org {
    pub fn is_open(&self) -> bool {
        self.status == OrgStatus::Open
    }

    /// Ids from the root down to this org, from the materialised path.
    pub fn ancestor_ids(&self) -> Vec<i64> {
        self.path
            .split('/')
            .filter_map(|p| p.parse().ok())
            .collect()
    }
}

const COLUMNS: &str = "id, parent_id, path, kind, name, short_name, society, contact_person, \
     contact_phone, status";

fn from_row(r: &AnyRow) -> Result<Org> {
    let kind: String = r.try_get("kind")?;
    Ok(Org {
        id: r.try_get("id")?,
        parent_id: r.try_get("parent_id")?,
        path: r.try_get("path")?,
        kind: OrgKind::parse(&kind)
            .ok_or_else(|| crate::StoreError::Invalid(format!("unknown org kind {kind}")))?,
        name: r.try_get("name")?,
        short_name: r.try_get("short_name")?,
        society: r.try_get("society")?,
        contact_person: r.try_get("contact_person")?,
        contact_phone: r.try_get("contact_phone")?,
        status: state(r, "status", OrgStatus::parse)?,
    })
}

pub struct NewOrg<'a> {
    pub parent_id: Option<i64>,
    pub kind: OrgKind,
    pub name: &'a str,
    pub short_name: &'a str,
    pub society: &'a str,
    pub contact_person: &'a str,
    pub contact_phone: &'a str,
    pub sort_order: i64,
}

/// Creates an org under its parent (or as a root) and answers its id.
pub async fn create(conn: &mut Conn, o: NewOrg<'_>, now: Timestamp) -> Result<i64> {
    let parent_path = match o.parent_id {
        Some(parent) => Some(
            sqlx::query_scalar::<_, String>("SELECT path FROM orgs WHERE id = $1")
                .bind(parent)
                .fetch_one(&mut *conn)
                .await?,
        ),
        None => None,
    };
    // The path needs the new id; insert with a unique placeholder, then set it.
    let placeholder = format!("pending:{}:{}", now.millis(), o.name);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO orgs (parent_id, path, kind, name, short_name, society, contact_person, \
         contact_phone, sort_order, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(o.parent_id)
    .bind(&placeholder)
    .bind(o.kind.as_str())
    .bind(o.name)
    .bind(o.short_name)
    .bind(o.society)
    .bind(o.contact_person)
    .bind(o.contact_phone)
    .bind(o.sort_order)
    .bind(now.millis())
    .fetch_one(&mut *conn)
    .await
    .map_err(on_constraint)?;
    let path = format!("{}{id}/", parent_path.as_deref().unwrap_or("/"));
    sqlx::query("UPDATE orgs SET path = $1 WHERE id = $2")
        .bind(&path)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

pub async fn by_id<'e, E>(ex: E, id: i64) -> Result<Option<Org>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM orgs WHERE id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// The bounds of the index range holding `path` and everything under it. Paths hold only
/// digits and `/`, all below `~`, so `[path, path + '~')` is exactly the subtree, compared
/// bytewise (PostgreSQL stores the column with the "C" collation). SQL that needs the bound
/// of a column writes the same thing: `path || '~'`.
pub fn subtree_range(path: &str) -> (String, String) {
    (path.to_owned(), format!("{path}~"))
}

/// Several orgs by id, in path order.
pub async fn by_ids<'e, E>(ex: E, ids: &[i64]) -> Result<Vec<Org>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!("SELECT {COLUMNS} FROM orgs WHERE id IN ({list}) ORDER BY path");
    sqlx::query(&sql)
        .fetch_all(ex)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// An org with what the tree page shows beside it.
#[derive(Debug, Clone)]
pub struct OrgSummary {
    pub org: Org,
    pub children: i64,
    /// Active members in the org and everything under it.
    pub members: i64,
}

/// The children of `parent_id` with their counts, in display order.
pub async fn children<'e, E>(ex: E, parent_id: i64) -> Result<Vec<OrgSummary>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT {COLUMNS}, \
           (SELECT COUNT(*) FROM orgs k WHERE k.parent_id = c.id) AS child_count, \
           (SELECT COUNT(*) FROM members m JOIN orgs o ON o.id = m.org_id \
             WHERE o.path >= c.path AND o.path < c.path || '~' AND m.status = 'active') AS member_count \
         FROM orgs c WHERE c.parent_id = $1 ORDER BY c.sort_order, c.id"
    );
    sqlx::query(&sql)
        .bind(parent_id)
        .fetch_all(ex)
        .await?
        .iter()
        .map(summary_from_row)
        .collect()
}

/// One org with its counts.
pub async fn summary<'e, E>(ex: E, id: i64) -> Result<Option<OrgSummary>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT {COLUMNS}, \
           (SELECT COUNT(*) FROM orgs k WHERE k.parent_id = c.id) AS child_count, \
           (SELECT COUNT(*) FROM members m JOIN orgs o ON o.id = m.org_id \
             WHERE o.path >= c.path AND o.path < c.path || '~' AND m.status = 'active') AS member_count \
         FROM orgs c WHERE c.id = $1"
    );
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(summary_from_row)
        .transpose()
}

fn summary_from_row(r: &AnyRow) -> Result<OrgSummary> {
    Ok(OrgSummary {
        org: from_row(r)?,
        children: r.try_get("child_count")?,
        members: r.try_get("member_count")?,
    })
}

/// Orgs under any of `roots` whose name or short name contains `q`, in path order.
pub async fn search<'e, E>(ex: E, roots: &[String], q: &str, limit: i64) -> Result<Vec<Org>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let pattern = format!("%{}%", escape_like(q.trim()));
    let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM orgs WHERE (name LIKE "));
    sql.bind_text(pattern.clone())
        .push(" ESCAPE '\\' OR short_name LIKE ")
        .bind_text(pattern)
        .push(" ESCAPE '\\') AND ")
        .subtree("path", roots)
        .push(" ORDER BY path LIMIT ")
        .bind_int(limit);
    sql.query()
        .fetch_all(ex)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
pub(crate) fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The open org under `root` called `name` (full or short name), if exactly one is.
pub async fn find_by_name_under<'e, E>(ex: E, root: &str, name: &str) -> Result<Vec<Org>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (lo, hi) = subtree_range(root);
    let sql = format!(
        "SELECT {COLUMNS} FROM orgs WHERE (name = $1 OR short_name = $1) \
         AND path >= $2 AND path < $3 ORDER BY path"
    );
    sqlx::query(&sql)
        .bind(name.trim())
        .bind(lo)
        .bind(hi)
        .fetch_all(ex)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// The editable details of an org.
pub struct OrgDetails<'a> {
    pub name: &'a str,
    pub short_name: &'a str,
    pub society: &'a str,
    pub contact_person: &'a str,
    pub contact_phone: &'a str,
}

pub async fn update_details(conn: &mut Conn, id: i64, d: OrgDetails<'_>) -> Result<()> {
    sqlx::query(
        "UPDATE orgs SET name = $1, short_name = $2, society = $3, contact_person = $4, \
         contact_phone = $5 WHERE id = $6",
    )
    .bind(d.name)
    .bind(d.short_name)
    .bind(d.society)
    .bind(d.contact_person)
    .bind(d.contact_phone)
    .bind(id)
    .execute(conn)
    .await
    .map_err(on_constraint)?;
    Ok(())
}

/// Moves the org at `old_path` (and its whole subtree) under the parent at `parent_path`.
pub async fn move_subtree(
    conn: &mut Conn,
    id: i64,
    old_path: &str,
    parent_id: i64,
    parent_path: &str,
) -> Result<String> {
    let new_path = format!("{parent_path}{id}/");
    let (lo, hi) = subtree_range(old_path);
    sqlx::query("UPDATE orgs SET parent_id = $1 WHERE id = $2")
        .bind(parent_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE orgs SET path = $1 || substr(path, CAST($2 AS INTEGER)) \
         WHERE path >= $3 AND path < $4",
    )
    .bind(&new_path)
    .bind(old_path.len() as i64 + 1)
    .bind(lo)
    .bind(hi)
    .execute(&mut *conn)
    .await?;
    Ok(new_path)
}

/// Opens or closes an org.
pub async fn set_status(conn: &mut Conn, id: i64, status: OrgStatus) -> Result<()> {
    sqlx::query("UPDATE orgs SET status = $1 WHERE id = $2")
        .bind(status.as_str())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Orgs under `roots`, in path order, paged; and how many there are.
pub async fn list_under<'e, E>(ex: E, root: &str, limit: i64, offset: i64) -> Result<Vec<Org>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (lo, hi) = subtree_range(root);
    let sql = format!(
        "SELECT {COLUMNS} FROM orgs WHERE path >= $1 AND path < $2 ORDER BY path LIMIT $3 OFFSET $4"
    );
    sqlx::query(&sql)
        .bind(lo)
        .bind(hi)
        .bind(limit)
        .bind(offset)
        .fetch_all(ex)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

pub async fn count_under<'e, E>(ex: E, root: &str) -> Result<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (lo, hi) = subtree_range(root);
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM orgs WHERE path >= $1 AND path < $2")
            .bind(lo)
            .bind(hi)
            .fetch_one(ex)
            .await?,
    )
}

pub async fn count<'e, E>(ex: E) -> Result<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM orgs")
        .fetch_one(ex)
        .await?)
}

/// The roots of the tree (orgs without a parent), in path order.
pub async fn roots<'e, E>(ex: E) -> Result<Vec<Org>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM orgs WHERE parent_id IS NULL ORDER BY path");
    sqlx::query(&sql)
        .fetch_all(ex)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
    }

    #[test]
    fn the_subtree_range_holds_descendants_and_nothing_else() {
        let (lo, hi) = subtree_range("/1/7/");
        for inside in ["/1/7/", "/1/7/42/", "/1/7/9/3/", "/1/7/99999/"] {
            assert!(inside >= lo.as_str() && inside < hi.as_str(), "{inside}");
        }
        for outside in ["/1/", "/1/70/", "/1/8/", "/1/6/99/"] {
            assert!(
                !(outside >= lo.as_str() && outside < hi.as_str()),
                "{outside}"
            );
        }
    }
}
