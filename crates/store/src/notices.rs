//! 通知: notices, their revisions, their recipients with opening and signing (签收).
//!
//! A notice row holds the current state; every version of its content is a row of
//! `notice_revisions` that is never changed. Recipients are resolved when the notice is
//! published and stay fixed, so "who had to sign" never shifts under the committee.

use crate::db::Conn;
use crate::decode::state;
use crate::error::Result;
use crate::sql::Sql;
use crate::targets::NOTICES;
use domain::Timestamp;
use domain::notice::NoticeStatus;
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone)]
pub struct Notice {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub org_path: String,
    pub status: NoticeStatus,
    pub revision: i64,
    pub title: String,
    pub doc_number: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub published_at: Option<Timestamp>,
    pub withdrawn_at: Option<Timestamp>,
    pub withdraw_reason: String,
}

const SELECT: &str = "SELECT n.id, n.org_id, o.name AS org_name, o.path AS org_path, n.status, \
     n.revision, n.title, n.doc_number, n.created_at, n.updated_at, n.published_at, \
     n.withdrawn_at, n.withdraw_reason FROM notices n JOIN orgs o ON o.id = n.org_id";

fn ts(r: &AnyRow, col: &str) -> Result<Option<Timestamp>> {
    Ok(r.try_get::<Option<i64>, _>(col)?.map(Timestamp))
}

fn from_row(r: &AnyRow) -> Result<Notice> {
    Ok(Notice {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        org_path: r.try_get("org_path")?,
        status: state(r, "status", NoticeStatus::parse)?,
        revision: r.try_get("revision")?,
        title: r.try_get("title")?,
        doc_number: r.try_get("doc_number")?,
        created_at: Timestamp(r.try_get("created_at")?),
        updated_at: Timestamp(r.try_get("updated_at")?),
        published_at: ts(r, "published_at")?,
        withdrawn_at: ts(r, "withdrawn_at")?,
        withdraw_reason: r.try_get("withdraw_reason")?,
    })
}

/// One version of a notice's content.
pub struct Content<'a> {
    pub title: &'a str,
    pub doc_number: &'a str,
    /// The structured notice as JSON.
    pub json: &'a str,
    /// The text it came from.
    pub source: &'a str,
}

/// Creates a draft with its first revision.
pub async fn create(
    conn: &mut Conn,
    org_id: i64,
    c: Content<'_>,
    by: i64,
    now: Timestamp,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO notices (org_id, status, revision, title, doc_number, created_by, created_at, updated_at) \
         VALUES ($1, 'draft', 1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(org_id)
    .bind(c.title)
    .bind(c.doc_number)
    .bind(by)
    .bind(now.millis())
    .fetch_one(&mut *conn)
    .await?;
    insert_revision(conn, id, 1, &c, by, now).await?;
    Ok(id)
}

async fn insert_revision(
    conn: &mut Conn,
    id: i64,
    revision: i64,
    c: &Content<'_>,
    by: i64,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO notice_revisions (notice_id, revision, content, source, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(revision)
    .bind(c.json)
    .bind(c.source)
    .bind(by)
    .bind(now.millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Adds a revision and makes it current; answers its number.
pub async fn revise(
    conn: &mut Conn,
    id: i64,
    c: Content<'_>,
    by: i64,
    now: Timestamp,
) -> Result<i64> {
    let revision: i64 = sqlx::query_scalar(
        "UPDATE notices SET revision = revision + 1, title = $1, doc_number = $2, updated_at = $3 \
         WHERE id = $4 RETURNING revision",
    )
    .bind(c.title)
    .bind(c.doc_number)
    .bind(now.millis())
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    insert_revision(conn, id, revision, &c, by, now).await?;
    Ok(revision)
}

pub async fn by_id<'e, E>(ex: E, id: i64) -> Result<Option<Notice>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("{SELECT} WHERE n.id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// A stored revision: (content JSON, source text, when).
pub async fn revision<'e, E>(
    ex: E,
    id: i64,
    revision: i64,
) -> Result<Option<(String, String, Timestamp)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query("SELECT content, source, created_at FROM notice_revisions WHERE notice_id = $1 AND revision = $2")
        .bind(id)
        .bind(revision)
        .fetch_optional(ex)
        .await?;
    row.map(|r| {
        Ok((
            r.try_get("content")?,
            r.try_get("source")?,
            Timestamp(r.try_get("created_at")?),
        ))
    })
    .transpose()
}

/// Replaces the chosen orgs (org, with its subtree or alone).
pub async fn set_targets(conn: &mut Conn, id: i64, targets: &[(i64, bool)]) -> Result<()> {
    NOTICES.set(conn, id, targets).await
}

/// The chosen orgs: (org id, org name, with subtree).
pub async fn targets<'e, E>(ex: E, id: i64) -> Result<Vec<(i64, String, bool)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    NOTICES.list(ex, id).await
}

/// Publishes a draft: its targets become recipient rows (open orgs that are not party groups
/// and not the issuer), and answers how many there are.
pub async fn publish(conn: &mut Conn, id: i64, issuer: i64, now: Timestamp) -> Result<i64> {
    sqlx::query(
        "UPDATE notices SET status = 'published', published_at = $1, updated_at = $1 WHERE id = $2",
    )
    .bind(now.millis())
    .bind(id)
    .execute(&mut *conn)
    .await?;
    NOTICES.resolve(conn, id, issuer).await
}

pub async fn withdraw(conn: &mut Conn, id: i64, reason: &str, now: Timestamp) -> Result<()> {
    sqlx::query(
        "UPDATE notices SET status = 'withdrawn', withdrawn_at = $1, withdraw_reason = $2, updated_at = $1 \
         WHERE id = $3",
    )
    .bind(now.millis())
    .bind(reason)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A notice as a list shows it, with its receipt counts.
#[derive(Debug, Clone)]
pub struct Issued {
    pub notice: Notice,
    pub recipients: i64,
    pub opened: i64,
    pub signed: i64,
}

/// Notices issued by orgs under `roots`, newest first.
pub async fn issued<'e, E>(ex: E, roots: &[String], limit: i64, offset: i64) -> Result<Vec<Issued>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT n.id, n.org_id, o.name AS org_name, o.path AS org_path, n.status, n.revision, n.title, \
         n.doc_number, n.created_at, n.updated_at, n.published_at, n.withdrawn_at, n.withdraw_reason, \
         (SELECT COUNT(*) FROM notice_recipients r WHERE r.notice_id = n.id) AS recipients, \
         (SELECT COUNT(*) FROM notice_recipients r WHERE r.notice_id = n.id AND r.opened_at IS NOT NULL) AS opened, \
         (SELECT COUNT(*) FROM notice_recipients r WHERE r.notice_id = n.id AND r.signed_at IS NOT NULL) AS signed \
         FROM notices n JOIN orgs o ON o.id = n.org_id WHERE ",
    );
    sql.subtree("o.path", roots)
        .push(" ORDER BY n.updated_at DESC, n.id DESC LIMIT ")
        .bind_int(limit)
        .push(" OFFSET ")
        .bind_int(offset);
    sql.query()
        .fetch_all(ex)
        .await?
        .iter()
        .map(|r| {
            Ok(Issued {
                notice: from_row(r)?,
                recipients: r.try_get("recipients")?,
                opened: r.try_get("opened")?,
                signed: r.try_get("signed")?,
            })
        })
        .collect()
}

/// A notice as a recipient org holds it.
#[derive(Debug, Clone)]
pub struct Received {
    pub notice: Notice,
    pub org_id: i64,
    pub org_name: String,
    pub org_path: String,
    pub opened_revision: Option<i64>,
    pub signed_at: Option<Timestamp>,
    pub signed_revision: Option<i64>,
}

impl Received {
    /// Never opened by anyone of the receiving org.
    pub fn unread(&self) -> bool {
        self.opened_revision.is_none()
    }

    /// Changed since the org last opened it.
    pub fn changed(&self) -> bool {
        self.opened_revision
            .is_some_and(|r| r < self.notice.revision)
    }
}

const RECEIVED: &str = "SELECT n.id, n.org_id, o.name AS org_name, o.path AS org_path, n.status, n.revision, \
     n.title, n.doc_number, n.created_at, n.updated_at, n.published_at, n.withdrawn_at, n.withdraw_reason, \
     r.org_id AS recipient_id, ro.name AS recipient_name, ro.path AS recipient_path, r.opened_revision, r.signed_at, r.signed_revision \
     FROM notice_recipients r JOIN notices n ON n.id = r.notice_id JOIN orgs o ON o.id = n.org_id \
     JOIN orgs ro ON ro.id = r.org_id";

fn received_from_row(r: &AnyRow) -> Result<Received> {
    Ok(Received {
        notice: from_row(r)?,
        org_id: r.try_get("recipient_id")?,
        org_name: r.try_get("recipient_name")?,
        org_path: r.try_get("recipient_path")?,
        opened_revision: r.try_get("opened_revision")?,
        signed_at: ts(r, "signed_at")?,
        signed_revision: r.try_get("signed_revision")?,
    })
}

/// Notices received by orgs under `roots`, newest first.
pub async fn inbox<'e, E>(ex: E, roots: &[String], limit: i64, offset: i64) -> Result<Vec<Received>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(&format!("{RECEIVED} WHERE "));
    sql.subtree("ro.path", roots)
        .push(" AND n.status <> 'draft' ORDER BY n.published_at DESC, n.id DESC, ro.path LIMIT ")
        .bind_int(limit)
        .push(" OFFSET ")
        .bind_int(offset);
    sql.query()
        .fetch_all(ex)
        .await?
        .iter()
        .map(received_from_row)
        .collect()
}

/// The recipient rows of one notice for orgs under `roots` (what the caller may sign for).
pub async fn received_under<'e, E>(ex: E, notice_id: i64, roots: &[String]) -> Result<Vec<Received>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(&format!("{RECEIVED} WHERE r.notice_id = "));
    sql.bind_int(notice_id)
        .push(" AND ")
        .subtree("ro.path", roots)
        .push(" ORDER BY ro.path");
    sql.query()
        .fetch_all(ex)
        .await?
        .iter()
        .map(received_from_row)
        .collect()
}

/// Records that someone of `org_id` opened revision `revision` (the first opening, and again
/// when a newer revision is opened).
pub async fn mark_opened(
    conn: &mut Conn,
    notice_id: i64,
    org_id: i64,
    by: i64,
    revision: i64,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE notice_recipients SET opened_at = COALESCE(opened_at, $1), opened_by = COALESCE(opened_by, $2), \
         opened_revision = $3 WHERE notice_id = $4 AND org_id = $5 \
         AND (opened_revision IS NULL OR opened_revision < $3)",
    )
    .bind(now.millis())
    .bind(by)
    .bind(revision)
    .bind(notice_id)
    .bind(org_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Signs for `org_id`; answers false when it had already signed this revision.
pub async fn sign(
    conn: &mut Conn,
    notice_id: i64,
    org_id: i64,
    by: i64,
    revision: i64,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE notice_recipients SET signed_at = $1, signed_by = $2, signed_revision = $3, \
         opened_at = COALESCE(opened_at, $1), opened_by = COALESCE(opened_by, $2), \
         opened_revision = COALESCE(opened_revision, $3) \
         WHERE notice_id = $4 AND org_id = $5 AND (signed_revision IS NULL OR signed_revision < $3)",
    )
    .bind(now.millis())
    .bind(by)
    .bind(revision)
    .bind(notice_id)
    .bind(org_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// One recipient org's receipt, for the committee's list.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub org_id: i64,
    pub org_name: String,
    pub opened_at: Option<Timestamp>,
    /// Display name of the account that first opened it.
    pub opened_by: Option<String>,
    pub signed_at: Option<Timestamp>,
    pub signed_by: Option<String>,
    pub signed_revision: Option<i64>,
}

pub async fn receipts<'e, E>(ex: E, notice_id: i64) -> Result<Vec<Receipt>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT r.org_id, o.name AS org_name, r.opened_at, r.signed_at, a.display_name AS signer, \
         r.signed_revision, ao.display_name AS opener FROM notice_recipients r \
         JOIN orgs o ON o.id = r.org_id LEFT JOIN accounts a ON a.id = r.signed_by \
         LEFT JOIN accounts ao ON ao.id = r.opened_by WHERE r.notice_id = $1 ORDER BY o.path",
    )
    .bind(notice_id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Receipt {
                org_id: r.try_get("org_id")?,
                org_name: r.try_get("org_name")?,
                opened_at: ts(r, "opened_at")?,
                opened_by: r.try_get("opener")?,
                signed_at: ts(r, "signed_at")?,
                signed_by: r.try_get("signer")?,
                signed_revision: r.try_get("signed_revision")?,
            })
        })
        .collect()
}
