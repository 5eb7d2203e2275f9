//! 签发: the acts on a notice's draft before it goes out (送审, 核稿, 签发), kept as rows that are
//! never changed, and who wrote each revision (拟稿人).

use crate::db::Conn;
use crate::decode::state;
use crate::error::{Result, StoreError, on_constraint};
use domain::Timestamp;
use domain::notice::NoticeStatus;
use domain::notice_signoff::Act;
use sqlx::Row;
use sqlx::any::AnyRow;

/// One act as the trail shows it.
#[derive(Debug, Clone)]
pub struct Signoff {
    pub revision: i64,
    pub act: Act,
    pub reason: String,
    pub by: i64,
    /// The account's display name.
    pub by_name: String,
    pub at: Timestamp,
}

fn from_row(r: &AnyRow) -> Result<Signoff> {
    let step: String = r.try_get("step")?;
    let decision: String = r.try_get("decision")?;
    let act = Act::parse(&step, &decision).ok_or_else(|| {
        StoreError::Invalid(format!(
            "unknown notice_signoffs step {step:?} with decision {decision:?} in the database"
        ))
    })?;
    Ok(Signoff {
        revision: r.try_get("revision")?,
        act,
        reason: r.try_get("reason")?,
        by: r.try_get("acted_by")?,
        by_name: r.try_get("by_name")?,
        at: Timestamp(r.try_get("acted_at")?),
    })
}

const SELECT: &str = "SELECT s.revision, s.step, s.decision, s.reason, s.acted_by, \
     a.display_name AS by_name, s.acted_at FROM notice_signoffs s \
     JOIN accounts a ON a.id = s.acted_by";

/// Every act on notice `id`, every revision, oldest first.
pub async fn of_notice<'e, E>(ex: E, id: i64) -> Result<Vec<Signoff>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("{SELECT} WHERE s.notice_id = $1 ORDER BY s.id");
    sqlx::query(&sql)
        .bind(id)
        .fetch_all(ex)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// The acts on one revision, oldest first: what its stage is read from.
pub async fn of_revision<'e, E>(ex: E, id: i64, revision: i64) -> Result<Vec<Act>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("{SELECT} WHERE s.notice_id = $1 AND s.revision = $2 ORDER BY s.id");
    sqlx::query(&sql)
        .bind(id)
        .bind(revision)
        .fetch_all(ex)
        .await?
        .iter()
        .map(|r| from_row(r).map(|s| s.act))
        .collect()
}

/// An act to keep.
pub struct NewSignoff<'a> {
    pub notice_id: i64,
    pub revision: i64,
    pub act: Act,
    pub reason: &'a str,
    pub by: i64,
}

pub async fn record(conn: &mut Conn, s: NewSignoff<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO notice_signoffs (notice_id, revision, step, decision, reason, acted_by, acted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(s.notice_id)
    .bind(s.revision)
    .bind(s.act.step_str())
    .bind(s.act.decision_str())
    .bind(s.reason)
    .bind(s.by)
    .bind(now.millis())
    .execute(conn)
    .await
    .map_err(on_constraint)?;
    Ok(())
}

/// Holds notice `id` until the transaction ends and answers its revision and status as they
/// are now. The row lock makes an edit, another act or publishing wait on PostgreSQL (SQLite's
/// write transaction already runs alone), so what is checked after it stays true.
pub async fn hold(conn: &mut Conn, id: i64) -> Result<(i64, NoticeStatus)> {
    let row = sqlx::query(
        "UPDATE notices SET revision = revision WHERE id = $1 RETURNING revision, status",
    )
    .bind(id)
    .fetch_one(conn)
    .await?;
    Ok((
        row.try_get("revision")?,
        state(&row, "status", NoticeStatus::parse)?,
    ))
}

/// 拟稿人: who wrote a revision (none when the account is unknown) and when.
#[derive(Debug, Clone)]
pub struct Author {
    pub account_id: Option<i64>,
    pub name: String,
    pub at: Timestamp,
}

pub async fn author<'e, E>(ex: E, id: i64, revision: i64) -> Result<Option<Author>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query(
        "SELECT r.created_by, COALESCE(a.display_name, '') AS name, r.created_at \
         FROM notice_revisions r LEFT JOIN accounts a ON a.id = r.created_by \
         WHERE r.notice_id = $1 AND r.revision = $2",
    )
    .bind(id)
    .bind(revision)
    .fetch_optional(ex)
    .await?;
    row.map(|r| {
        Ok(Author {
            account_id: r.try_get("created_by")?,
            name: r.try_get("name")?,
            at: Timestamp(r.try_get("created_at")?),
        })
    })
    .transpose()
}
