//! Whom something is sent to: the orgs its author chose (each alone or with its subtree) and
//! the orgs that result when it goes out. Notices (recipients) and tasks (assignees) keep the
//! same two tables, so one piece of SQL serves both.

use crate::db::Conn;
use crate::error::Result;
use sqlx::Row;

/// The tables of one kind of thing sent to orgs.
pub(crate) struct Sent {
    /// `notice_targets` or `task_targets`.
    pub targets: &'static str,
    /// `notice_recipients` or `task_assignees`.
    pub resolved: &'static str,
    /// The column naming the thing: `notice_id` or `task_id`.
    pub owner: &'static str,
}

pub(crate) const NOTICES: Sent = Sent {
    targets: "notice_targets",
    resolved: "notice_recipients",
    owner: "notice_id",
};

pub(crate) const TASKS: Sent = Sent {
    targets: "task_targets",
    resolved: "task_assignees",
    owner: "task_id",
};

impl Sent {
    /// Replaces the chosen orgs (org, with its subtree or alone).
    pub async fn set(&self, conn: &mut Conn, id: i64, targets: &[(i64, bool)]) -> Result<()> {
        let (table, owner) = (self.targets, self.owner);
        sqlx::query(&format!("DELETE FROM {table} WHERE {owner} = $1"))
            .bind(id)
            .execute(&mut *conn)
            .await?;
        let insert = format!("INSERT INTO {table} ({owner}, org_id, subtree) VALUES ($1, $2, $3)");
        for (org, subtree) in targets {
            sqlx::query(&insert)
                .bind(id)
                .bind(org)
                .bind(*subtree as i64)
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }

    /// The chosen orgs: (org id, org name, with subtree), in tree order.
    pub async fn list<'e, E>(&self, ex: E, id: i64) -> Result<Vec<(i64, String, bool)>>
    where
        E: sqlx::Executor<'e, Database = sqlx::Any>,
    {
        let sql = format!(
            "SELECT t.org_id, o.name, t.subtree FROM {} t JOIN orgs o ON o.id = t.org_id \
             WHERE t.{} = $1 ORDER BY o.path",
            self.targets, self.owner
        );
        let rows = sqlx::query(&sql).bind(id).fetch_all(ex).await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("org_id")?,
                    r.try_get("name")?,
                    r.try_get::<i64, _>("subtree")? != 0,
                ))
            })
            .collect()
    }

    /// Turns the chosen orgs into rows of the resolved table: every open org of a chosen
    /// subtree that is not a party group, and each org chosen alone, never the `issuer`.
    /// Answers how many there are.
    pub async fn resolve(&self, conn: &mut Conn, id: i64, issuer: i64) -> Result<i64> {
        let (targets, resolved, owner) = (self.targets, self.resolved, self.owner);
        sqlx::query(&format!(
            "INSERT INTO {resolved} ({owner}, org_id) \
             SELECT DISTINCT t.{owner}, o.id FROM {targets} t \
             JOIN orgs r ON r.id = t.org_id \
             JOIN orgs o ON o.path >= r.path AND o.path < r.path || '~' \
             WHERE t.{owner} = $1 AND t.subtree = 1 AND o.status = 'open' AND o.kind <> 'group' \
               AND o.id <> $2 \
             ON CONFLICT DO NOTHING"
        ))
        .bind(id)
        .bind(issuer)
        .execute(&mut *conn)
        .await?;
        sqlx::query(&format!(
            "INSERT INTO {resolved} ({owner}, org_id) \
             SELECT t.{owner}, t.org_id FROM {targets} t JOIN orgs o ON o.id = t.org_id \
             WHERE t.{owner} = $1 AND t.subtree = 0 AND o.id <> $2 \
             ON CONFLICT DO NOTHING"
        ))
        .bind(id)
        .bind(issuer)
        .execute(&mut *conn)
        .await?;
        Ok(sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM {resolved} WHERE {owner} = $1"
        ))
        .bind(id)
        .fetch_one(conn)
        .await?)
    }
}

/// The names of the orgs a choice would reach if it went out now, in tree order, by the rule
/// of [`Sent::resolve`]: every open org that is not a party group under `subtree_roots` (their
/// paths), each org of `alone`, never the `issuer`. The issuer confirms this before sending.
pub async fn would_reach<'e, E>(
    ex: E,
    subtree_roots: &[String],
    alone: &[i64],
    issuer: i64,
) -> Result<Vec<String>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if subtree_roots.is_empty() && alone.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = crate::sql::Sql::new("SELECT o.name FROM orgs o WHERE o.id <> ");
    sql.bind_int(issuer).push(" AND (");
    if subtree_roots.is_empty() {
        sql.push("1 = 0");
    } else {
        sql.push("(o.status = 'open' AND o.kind <> 'group' AND ")
            .subtree("o.path", subtree_roots)
            .push(")");
    }
    if !alone.is_empty() {
        sql.push(" OR ").in_ints("o.id", alone);
    }
    sql.push(") ORDER BY o.path");
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter()
        .map(|r| Ok(r.try_get::<String, _>("name")?))
        .collect()
}
