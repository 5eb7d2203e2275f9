//! Members' part in campaigns: self-study logs, reflections (心得体会) with every version, the
//! branch's comments on them.

use crate::campaigns::date;
use crate::db::Conn;
use crate::decode::state;
use crate::error::Result;
use domain::Timestamp;
use domain::campaign_study::{ReflectionState, StudyEntry, StudySource};
use jiff::civil::Date;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A self-study entry as stored.
#[derive(Debug, Clone)]
pub struct StudyLog {
    pub id: i64,
    pub campaign_id: i64,
    pub material_id: Option<i64>,
    pub chapter: Option<usize>,
    pub member_id: i64,
    pub org_id: i64,
    pub day: Date,
    pub minutes: i64,
    pub source: StudySource,
    pub link: String,
    pub note: String,
    pub created_at: Timestamp,
    pub withdrawn: bool,
}

pub(crate) fn log_from_row(r: &AnyRow) -> Result<StudyLog> {
    let chapter: Option<i64> = r.try_get("chapter")?;
    Ok(StudyLog {
        id: r.try_get("id")?,
        campaign_id: r.try_get("campaign_id")?,
        material_id: r.try_get("material_id")?,
        chapter: chapter.and_then(|c| usize::try_from(c).ok()),
        member_id: r.try_get("member_id")?,
        org_id: r.try_get("org_id")?,
        day: date(r, "studied_on")?,
        minutes: r.try_get("minutes")?,
        source: state(r, "source", StudySource::parse)?,
        link: r.try_get("link")?,
        note: r.try_get("note")?,
        created_at: Timestamp(r.try_get("created_at")?),
        withdrawn: r.try_get::<Option<i64>, _>("withdrawn_at")?.is_some(),
    })
}

pub(crate) const LOG: &str = "SELECT id, campaign_id, material_id, chapter, member_id, org_id, studied_on, \
     minutes, source, link, note, created_at, withdrawn_at FROM study_logs";

/// Logs a member's study in branch `org_id`; answers its id.
pub async fn add_log(
    conn: &mut Conn,
    campaign_id: i64,
    member_id: i64,
    org_id: i64,
    e: &StudyEntry,
    by: i64,
    now: Timestamp,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO study_logs (campaign_id, material_id, chapter, member_id, org_id, \
         studied_on, minutes, source, link, note, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(campaign_id)
    .bind(e.material_id)
    .bind(e.chapter.map(|c| c as i64))
    .bind(member_id)
    .bind(org_id)
    .bind(e.day.to_string())
    .bind(i64::from(e.minutes))
    .bind(e.source.as_str())
    .bind(e.link.as_str())
    .bind(e.note.as_str())
    .bind(by)
    .bind(now.millis())
    .fetch_one(conn)
    .await?;
    Ok(row.try_get("id")?)
}

pub async fn log_by_id<'e, E>(ex: E, id: i64) -> Result<Option<StudyLog>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("{LOG} WHERE id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(log_from_row)
        .transpose()
}

/// Withdraws an entry (it stays, marked); answers whether it was still standing.
pub async fn withdraw_log(conn: &mut Conn, id: i64, by: i64, now: Timestamp) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE study_logs SET withdrawn_by = $2, withdrawn_at = $3 \
         WHERE id = $1 AND withdrawn_at IS NULL",
    )
    .bind(id)
    .bind(by)
    .bind(now.millis())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A member's standing entries in a campaign, latest first.
pub async fn logs_of_member<'e, E>(ex: E, campaign_id: i64, member_id: i64) -> Result<Vec<StudyLog>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "{LOG} WHERE campaign_id = $1 AND member_id = $2 AND withdrawn_at IS NULL \
         ORDER BY studied_on DESC, id DESC"
    );
    let rows = sqlx::query(&sql)
        .bind(campaign_id)
        .bind(member_id)
        .fetch_all(ex)
        .await?;
    rows.iter().map(log_from_row).collect()
}

/// The standing entries of a campaign, of the orgs `org_ids` (empty: every org).
pub async fn logs_of_campaign<'e, E>(
    ex: E,
    campaign_id: i64,
    org_ids: &[i64],
) -> Result<Vec<StudyLog>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut sql = crate::sql::Sql::new(LOG);
    sql.push(" WHERE withdrawn_at IS NULL AND campaign_id = ")
        .bind_int(campaign_id);
    if !org_ids.is_empty() {
        sql.push(" AND ").in_ints("org_id", org_ids);
    }
    sql.push(" ORDER BY studied_on, id");
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter().map(log_from_row).collect()
}

/// A reflection as stored.
#[derive(Debug, Clone)]
pub struct Reflection {
    pub id: i64,
    pub campaign_id: i64,
    pub material_id: Option<i64>,
    pub member_id: i64,
    pub member_name: String,
    pub org_id: i64,
    pub org_path: String,
    pub title: String,
    pub body: String,
    pub state: ReflectionState,
    pub version: i64,
    pub featured: bool,
    pub created_by: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

pub(crate) fn reflection_from_row(r: &AnyRow) -> Result<Reflection> {
    Ok(Reflection {
        id: r.try_get("id")?,
        campaign_id: r.try_get("campaign_id")?,
        material_id: r.try_get("material_id")?,
        member_id: r.try_get("member_id")?,
        member_name: r.try_get("member_name")?,
        org_id: r.try_get("org_id")?,
        org_path: r.try_get("org_path")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        state: state(r, "state", ReflectionState::parse)?,
        version: r.try_get("version")?,
        featured: r.try_get::<Option<i64>, _>("featured_at")?.is_some(),
        created_by: r.try_get("created_by")?,
        created_at: Timestamp(r.try_get("created_at")?),
        updated_at: Timestamp(r.try_get("updated_at")?),
    })
}

pub(crate) const REFLECTION: &str = "SELECT r.id, r.campaign_id, r.material_id, r.member_id, \
     m.name AS member_name, r.org_id, o.path AS org_path, r.title, r.body, r.state, r.version, \
     r.featured_at, r.created_by, r.created_at, r.updated_at FROM reflections r \
     JOIN members m ON m.id = r.member_id JOIN orgs o ON o.id = r.org_id";

/// A member's new reflection in branch `org_id`; answers its id.
#[allow(clippy::too_many_arguments)]
pub async fn add_reflection(
    conn: &mut Conn,
    campaign_id: i64,
    material_id: Option<i64>,
    member_id: i64,
    org_id: i64,
    title: &str,
    body: &str,
    by: i64,
    now: Timestamp,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO reflections (campaign_id, material_id, member_id, org_id, title, body, \
         state, version, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'written', 1, $7, $8, $8) RETURNING id",
    )
    .bind(campaign_id)
    .bind(material_id)
    .bind(member_id)
    .bind(org_id)
    .bind(title)
    .bind(body)
    .bind(by)
    .bind(now.millis())
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.try_get("id")?;
    add_reflection_version(conn, id, 1, title, body, by, now).await?;
    Ok(id)
}

async fn add_reflection_version(
    conn: &mut Conn,
    id: i64,
    version: i64,
    title: &str,
    body: &str,
    by: i64,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO reflection_versions (reflection_id, version, title, body, saved_by, saved_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(version)
    .bind(title)
    .bind(body)
    .bind(by)
    .bind(now.millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Saves a new text as the next version; answers it.
pub async fn save_reflection(
    conn: &mut Conn,
    id: i64,
    material_id: Option<i64>,
    title: &str,
    body: &str,
    by: i64,
    now: Timestamp,
) -> Result<i64> {
    let row = sqlx::query(
        "UPDATE reflections SET material_id = $2, title = $3, body = $4, version = version + 1, \
         updated_at = $5 WHERE id = $1 RETURNING version",
    )
    .bind(id)
    .bind(material_id)
    .bind(title)
    .bind(body)
    .bind(now.millis())
    .fetch_one(&mut *conn)
    .await?;
    let version: i64 = row.try_get("version")?;
    add_reflection_version(conn, id, version, title, body, by, now).await?;
    Ok(version)
}

/// Takes the reflection's row for the rest of the transaction; answers its state and version.
pub async fn hold_reflection(conn: &mut Conn, id: i64) -> Result<Option<(ReflectionState, i64)>> {
    let row = sqlx::query(
        "UPDATE reflections SET version = version WHERE id = $1 RETURNING state, version",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok((
            state(&r, "state", ReflectionState::parse)?,
            r.try_get("version")?,
        ))
    })
    .transpose()
}

pub async fn set_reflection_state(
    conn: &mut Conn,
    id: i64,
    to: ReflectionState,
    now: Timestamp,
) -> Result<()> {
    sqlx::query("UPDATE reflections SET state = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(to.as_str())
        .bind(now.millis())
        .execute(conn)
        .await?;
    Ok(())
}

/// Features a reflection (`Some(by)`) or stops featuring it (`None`).
pub async fn feature(conn: &mut Conn, id: i64, by: Option<i64>, now: Timestamp) -> Result<()> {
    sqlx::query("UPDATE reflections SET featured_by = $2, featured_at = $3 WHERE id = $1")
        .bind(id)
        .bind(by)
        .bind(by.map(|_| now.millis()))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn reflection<'e, E>(ex: E, id: i64) -> Result<Option<Reflection>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("{REFLECTION} WHERE r.id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(reflection_from_row)
        .transpose()
}

/// Which reflections a list shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReflectionQuery<'a> {
    pub campaign_id: i64,
    /// Only these orgs (empty: every org).
    pub org_ids: &'a [i64],
    pub member_id: Option<i64>,
    pub featured_only: bool,
    /// Withdrawn ones too.
    pub with_withdrawn: bool,
}

/// Reflections, latest first.
pub async fn reflections<'e, E>(ex: E, q: ReflectionQuery<'_>) -> Result<Vec<Reflection>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut sql = crate::sql::Sql::new(REFLECTION);
    sql.push(" WHERE r.campaign_id = ").bind_int(q.campaign_id);
    if !q.org_ids.is_empty() {
        sql.push(" AND ").in_ints("r.org_id", q.org_ids);
    }
    if let Some(m) = q.member_id {
        sql.push(" AND r.member_id = ").bind_int(m);
    }
    if q.featured_only {
        sql.push(" AND r.featured_at IS NOT NULL");
    }
    if !q.with_withdrawn {
        sql.push(" AND r.state = 'written'");
    }
    sql.push(" ORDER BY r.created_at DESC, r.id DESC");
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter().map(reflection_from_row).collect()
}

/// One version of a reflection's text.
#[derive(Debug, Clone)]
pub struct ReflectionVersion {
    pub version: i64,
    pub title: String,
    pub body: String,
    pub saved_at: Timestamp,
}

pub async fn reflection_versions<'e, E>(ex: E, id: i64) -> Result<Vec<ReflectionVersion>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT version, title, body, saved_at FROM reflection_versions \
         WHERE reflection_id = $1 ORDER BY version",
    )
    .bind(id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ReflectionVersion {
                version: r.try_get("version")?,
                title: r.try_get("title")?,
                body: r.try_get("body")?,
                saved_at: Timestamp(r.try_get("saved_at")?),
            })
        })
        .collect()
}

/// A comment on a reflection, with its author's display name.
#[derive(Debug, Clone)]
pub struct Comment {
    pub id: i64,
    pub reflection_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    pub created_at: Timestamp,
}

pub async fn add_comment(
    conn: &mut Conn,
    reflection_id: i64,
    author_id: i64,
    body: &str,
    now: Timestamp,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO reflection_comments (reflection_id, author_id, body, created_at) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(reflection_id)
    .bind(author_id)
    .bind(body)
    .bind(now.millis())
    .fetch_one(conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// The standing comments on a reflection, oldest first.
pub async fn comments<'e, E>(ex: E, reflection_id: i64) -> Result<Vec<Comment>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT c.id, c.reflection_id, c.author_id, a.display_name AS author_name, c.body, \
         c.created_at FROM reflection_comments c JOIN accounts a ON a.id = c.author_id \
         WHERE c.reflection_id = $1 AND c.removed_at IS NULL ORDER BY c.id",
    )
    .bind(reflection_id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Comment {
                id: r.try_get("id")?,
                reflection_id: r.try_get("reflection_id")?,
                author_id: r.try_get("author_id")?,
                author_name: r.try_get("author_name")?,
                body: r.try_get("body")?,
                created_at: Timestamp(r.try_get("created_at")?),
            })
        })
        .collect()
}
