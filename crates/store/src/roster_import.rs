//! 导入名册: what a roster import needs from the database. The orgs and the people already in
//! the importer's scope are loaded once, so checking 100,000 rows costs no query per row; a
//! checked file is written with multi-row inserts, a thousand members a statement.

use crate::db::Conn;
use crate::error::{Result, StoreError};
use crate::orgs::subtree_range;
use domain::Timestamp;
use sqlx::Row;

/// The paths of the orgs at the top of the tree: the scope of the system itself (the CLI).
pub async fn root_paths<'e, E>(ex: E) -> Result<Vec<String>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(
        sqlx::query_scalar("SELECT path FROM orgs WHERE parent_id IS NULL ORDER BY path")
            .fetch_all(ex)
            .await?,
    )
}

/// Someone already on the roster, as the duplicate check compares people.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub phone: Option<String>,
    pub birth_date: Option<String>,
    pub org_name: String,
}

/// `(o.path >= $a AND o.path < $b) OR …` for `roots`, with its bind values.
pub(crate) fn scope_clause(roots: &[String]) -> (String, Vec<String>) {
    let mut binds = Vec::new();
    let mut parts = Vec::new();
    for root in roots {
        let (lo, hi) = subtree_range(root);
        binds.push(lo);
        binds.push(hi);
        parts.push(format!(
            "(o.path >= ${} AND o.path < ${})",
            binds.len() - 1,
            binds.len()
        ));
    }
    (parts.join(" OR "), binds)
}

/// The active members under any of `roots`, in one query.
pub async fn people_under<'e, E>(ex: E, roots: &[String]) -> Result<Vec<Person>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let (scope, binds) = scope_clause(roots);
    let sql = format!(
        "SELECT m.name, m.phone, m.birth_date, o.name AS org_name FROM members m \
         JOIN orgs o ON o.id = m.org_id WHERE ({scope}) AND m.status = 'active'"
    );
    let mut query = sqlx::query(&sql);
    for b in binds {
        query = query.bind(b);
    }
    query
        .fetch_all(ex)
        .await?
        .iter()
        .map(|r| {
            Ok(Person {
                name: r.try_get("name")?,
                phone: r.try_get("phone")?,
                birth_date: r.try_get("birth_date")?,
                org_name: r.try_get("org_name")?,
            })
        })
        .collect()
}

/// One checked row of an import.
#[derive(Debug, Clone)]
pub struct ImportRow<'a> {
    pub org_id: i64,
    pub name: &'a str,
    pub gender: &'a str,
    pub birth_date: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub member_type: &'a str,
    pub joined_party: Option<&'a str>,
    pub positions: &'a [&'a str],
}

/// Rows a statement: 9 parameters each, 9,000 in all, well under SQLite's limit of 32,766
/// and PostgreSQL's of 65,535. Every full batch has the same text, so its prepared statement
/// is reused from the connection's cache.
const BATCH: usize = 1000;

/// Whether a bulk statement numbers its parameters (`$1, $2 …`) or leaves them anonymous
/// (`?, ? …`). PostgreSQL knows only the first. SQLite reads `$12` as a parameter named "$12"
/// and finds a name by walking the list of all the statement's names, once for every value
/// bound, so 9,000 named parameters cost 9,000² steps (measured: 0.2 s a statement, 25 s for
/// 100,000 rows); anonymous ones are bound by position.
fn numbered(conn: &Conn) -> bool {
    crate::Backend::of(conn) != crate::Backend::Sqlite
}

fn values_sql(head: &str, rows: usize, per_row: usize, tail: &str, numbered: bool) -> String {
    let mut sql = String::with_capacity(head.len() + rows * per_row * 6 + tail.len());
    sql.push_str(head);
    for r in 0..rows {
        sql.push_str(if r == 0 { " (" } else { ", (" });
        for c in 0..per_row {
            if c > 0 {
                sql.push_str(", ");
            }
            if numbered {
                sql.push('$');
                sql.push_str(&(r * per_row + c + 1).to_string());
            } else {
                sql.push('?');
            }
        }
        sql.push(')');
    }
    sql.push_str(tail);
    sql
}

/// Inserts `rows` and their positions inside the caller's transaction, in file order.
pub async fn insert(conn: &mut Conn, rows: &[ImportRow<'_>], now: Timestamp) -> Result<u64> {
    let mut written = 0;
    let numbered = numbered(conn);
    for chunk in rows.chunks(BATCH) {
        let sql = values_sql(
            "INSERT INTO members (org_id, name, gender, birth_date, phone, email, member_type, \
             joined_party, created_at) VALUES",
            chunk.len(),
            9,
            if numbered { " RETURNING id" } else { "" },
            numbered,
        );
        let mut query = sqlx::query(&sql);
        for r in chunk {
            query = query
                .bind(r.org_id)
                .bind(r.name)
                .bind(r.gender)
                .bind(r.birth_date)
                .bind(r.phone)
                .bind(r.email)
                .bind(r.member_type)
                .bind(r.joined_party)
                .bind(now.millis());
        }
        // One statement hands out ids in VALUES order on both backends (SQLite: max(rowid) + 1
        // per row, nobody else writing inside the transaction; PostgreSQL: one nextval per row
        // as VALUES is read). So on SQLite the last id gives them all, sparing 1,000 rows sent
        // back one by one from its worker thread; on PostgreSQL RETURNING's order is
        // unspecified, so the ids are sorted.
        let ids: Vec<i64> = if numbered {
            let mut ids: Vec<i64> = query
                .fetch_all(&mut *conn)
                .await?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<std::result::Result<_, _>>()?;
            ids.sort_unstable();
            ids
        } else {
            query.execute(&mut *conn).await?;
            // sqlx's Any driver does not pass SQLite's last id on; ask for it.
            let last: i64 = sqlx::query_scalar("SELECT last_insert_rowid()")
                .fetch_one(&mut *conn)
                .await?;
            ((last - chunk.len() as i64 + 1)..=last).collect()
        };
        if ids.len() != chunk.len() {
            return Err(StoreError::Invalid(format!(
                "inserted {} members but got {} ids back",
                chunk.len(),
                ids.len()
            )));
        }
        let positions: Vec<(i64, &str)> = ids
            .iter()
            .zip(chunk)
            .flat_map(|(id, r)| r.positions.iter().map(move |p| (*id, *p)))
            .collect();
        for part in positions.chunks(BATCH) {
            let sql = values_sql(
                "INSERT INTO member_positions (member_id, position) VALUES",
                part.len(),
                2,
                "",
                numbered,
            );
            let mut query = sqlx::query(&sql);
            for (id, position) in part {
                query = query.bind(*id).bind(*position);
            }
            query.execute(&mut *conn).await?;
        }
        written += chunk.len() as u64;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_numbered_row_by_row() {
        assert_eq!(
            values_sql("INSERT INTO t (a, b) VALUES", 2, 2, " RETURNING id", true),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) RETURNING id"
        );
        assert_eq!(
            values_sql("INSERT INTO t (a) VALUES", 2, 1, "", false),
            "INSERT INTO t (a) VALUES (?), (?)"
        );
    }

    #[test]
    fn the_scope_binds_two_bounds_a_root() {
        let (sql, binds) = scope_clause(&["/1/".to_owned(), "/9/".to_owned()]);
        assert_eq!(
            sql,
            "(o.path >= $1 AND o.path < $2) OR (o.path >= $3 AND o.path < $4)"
        );
        assert_eq!(binds, ["/1/", "/1/~", "/9/", "/9/~"]);
    }
}
