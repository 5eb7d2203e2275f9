//! 组织: the organisation tree, stored with a materialised path so a subtree is an index range.

use crate::db::Conn;
use crate::error::{Result, on_constraint};
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
    pub status: String,
}

const COLUMNS: &str = "id, parent_id, path, kind, name, short_name, society, status";

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
        status: r.try_get("status")?,
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

/// The bounds of the index range holding `path` and everything under it: paths end in `/`,
/// and `0` is the character after `/`, so `[path, path without its last '/' + '0')` is exactly
/// the subtree, compared bytewise (PostgreSQL stores the column with the "C" collation).
pub fn subtree_range(path: &str) -> (String, String) {
    let upper = format!("{}0", path.strip_suffix('/').unwrap_or(path));
    (path.to_owned(), upper)
}

pub async fn count<'e, E>(ex: E) -> Result<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM orgs")
        .fetch_one(ex)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subtree_range_holds_descendants_and_nothing_else() {
        let (lo, hi) = subtree_range("/1/7/");
        for inside in ["/1/7/", "/1/7/42/", "/1/7/9/3/"] {
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
