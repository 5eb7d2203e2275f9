//! What 催办 of a notice's 签收 reads and writes: the recipients that have not signed its
//! current revision, the 签收时限, and the notices the scheduler chases.

use crate::db::Conn;
use crate::error::Result;
use crate::sql::Sql;
use domain::Timestamp;
use sqlx::Row;

/// A recipient org that has not signed the notice's current revision.
#[derive(Debug, Clone)]
pub struct Unsigned {
    pub org_id: i64,
    pub org_name: String,
    /// Someone of the org has opened it (`unsigned`), or nobody has (`unread`).
    pub opened: bool,
}

impl Unsigned {
    pub fn state(&self) -> &'static str {
        if self.opened { "unsigned" } else { "unread" }
    }
}

/// The recipients of `notice_id` that have not signed its current revision; with `only`, just
/// those of these orgs.
pub async fn unsigned(
    conn: &mut Conn,
    notice_id: i64,
    only: Option<&[i64]>,
) -> Result<Vec<Unsigned>> {
    if only.is_some_and(<[i64]>::is_empty) {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT r.org_id, o.name AS org_name, r.opened_at FROM notice_recipients r \
         JOIN orgs o ON o.id = r.org_id JOIN notices n ON n.id = r.notice_id \
         WHERE (r.signed_revision IS NULL OR r.signed_revision < n.revision) AND r.notice_id = ",
    );
    sql.bind_int(notice_id);
    if let Some(ids) = only {
        sql.push(" AND ").in_ints("r.org_id", ids);
    }
    sql.push(" ORDER BY o.path");
    let rows = sql.query().fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok(Unsigned {
                org_id: r.try_get("org_id")?,
                org_name: r.try_get("org_name")?,
                opened: r.try_get::<Option<i64>, _>("opened_at")?.is_some(),
            })
        })
        .collect()
}

/// Sets (or with `None` clears) a notice's 签收时限.
pub async fn set_sign_by(
    conn: &mut Conn,
    notice_id: i64,
    sign_by: Option<Timestamp>,
) -> Result<()> {
    sqlx::query("UPDATE notices SET sign_by = $1 WHERE id = $2")
        .bind(sign_by.map(|t| t.millis()))
        .bind(notice_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A notice's 签收时限, if it has one.
pub async fn sign_by<'e, E>(ex: E, notice_id: i64) -> Result<Option<Timestamp>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let v: Option<Option<i64>> = sqlx::query_scalar("SELECT sign_by FROM notices WHERE id = $1")
        .bind(notice_id)
        .fetch_optional(ex)
        .await?;
    Ok(v.flatten().map(Timestamp))
}

/// A published notice with a 签收时限 and recipients that have not signed.
#[derive(Debug, Clone)]
pub struct LiveNotice {
    pub notice_id: i64,
    pub title: String,
    pub org_id: i64,
    pub org_name: String,
    pub sign_by: Timestamp,
    pub published_at: Timestamp,
}

/// The published notices whose 签收时限 is after `since` and that some recipient has not signed.
pub async fn live_notices<'e, E>(ex: E, since: Timestamp) -> Result<Vec<LiveNotice>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT n.id, n.title, n.org_id, o.name AS org_name, n.sign_by, n.published_at \
         FROM notices n JOIN orgs o ON o.id = n.org_id \
         WHERE n.status = 'published' AND n.sign_by IS NOT NULL AND n.sign_by > $1 \
         AND EXISTS (SELECT 1 FROM notice_recipients r WHERE r.notice_id = n.id \
         AND (r.signed_revision IS NULL OR r.signed_revision < n.revision)) \
         ORDER BY n.sign_by, n.id",
    )
    .bind(since.millis())
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(LiveNotice {
                notice_id: r.try_get("id")?,
                title: r.try_get("title")?,
                org_id: r.try_get("org_id")?,
                org_name: r.try_get("org_name")?,
                sign_by: Timestamp(r.try_get("sign_by")?),
                published_at: Timestamp(r.try_get::<Option<i64>, _>("published_at")?.unwrap_or(0)),
            })
        })
        .collect()
}
