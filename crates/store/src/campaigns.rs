//! 主题学习活动: campaigns, every version of their heading, the orgs taking part, their
//! materials and the report tasks tied to them.

use crate::db::Conn;
use crate::decode::state;
use crate::error::{Result, StoreError};
use domain::Timestamp;
use domain::campaign::{CampaignState, MaterialKind, Requirement};
use jiff::civil::Date;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A campaign as stored, with its committee's name and path.
#[derive(Debug, Clone)]
pub struct Campaign {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub org_path: String,
    pub theme: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub description: String,
    pub requirements: Vec<Requirement>,
    pub notice_id: Option<i64>,
    pub state: CampaignState,
    pub version: i64,
    pub created_by: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What a save writes: the heading, the requirements and the orgs taking part.
#[derive(Debug, Clone)]
pub struct CampaignContent<'a> {
    pub theme: &'a str,
    pub starts_on: Date,
    pub ends_on: Date,
    pub description: &'a str,
    pub requirements: &'a [Requirement],
    pub org_ids: &'a [i64],
}

pub(crate) fn date(r: &AnyRow, col: &str) -> Result<Date> {
    let s: String = r.try_get(col)?;
    s.parse()
        .map_err(|_| StoreError::Invalid(format!("bad date {s:?} in {col}")))
}

fn from_row(r: &AnyRow) -> Result<Campaign> {
    let reqs: String = r.try_get("requirements")?;
    Ok(Campaign {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        org_path: r.try_get("org_path")?,
        theme: r.try_get("theme")?,
        starts_on: date(r, "starts_on")?,
        ends_on: date(r, "ends_on")?,
        description: r.try_get("description")?,
        requirements: serde_json::from_str(&reqs)
            .map_err(|e| StoreError::Invalid(format!("campaign requirements: {e}")))?,
        notice_id: r.try_get("notice_id")?,
        state: state(r, "state", CampaignState::parse)?,
        version: r.try_get("version")?,
        created_by: r.try_get("created_by")?,
        created_at: Timestamp(r.try_get("created_at")?),
        updated_at: Timestamp(r.try_get("updated_at")?),
    })
}

const SELECT: &str = "SELECT c.id, c.org_id, o.name AS org_name, o.path AS org_path, c.theme, \
     c.starts_on, c.ends_on, c.description, c.requirements, c.notice_id, c.state, c.version, \
     c.created_by, c.created_at, c.updated_at FROM campaigns c JOIN orgs o ON o.id = c.org_id";

pub async fn by_id<'e, E>(ex: E, id: i64) -> Result<Option<Campaign>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("{SELECT} WHERE c.id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Campaigns run by orgs in the subtrees at `roots`, latest first.
pub async fn run_under<'e, E>(ex: E, roots: &[String], limit: i64) -> Result<Vec<Campaign>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = crate::sql::Sql::new(SELECT);
    sql.push(" WHERE ")
        .subtree("o.path", roots)
        .push(" ORDER BY c.starts_on DESC, c.id DESC LIMIT ")
        .bind_int(limit);
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter().map(from_row).collect()
}

/// Campaigns (open or closed, never drafts) that reach the subtree at `path`: one of the
/// campaign's orgs is the org, above it or below it. Latest first.
pub async fn taking_part<'e, E>(ex: E, path: &str) -> Result<Vec<Campaign>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "{SELECT} WHERE c.state <> 'draft' AND EXISTS (SELECT 1 FROM campaign_orgs co \
         JOIN orgs t ON t.id = co.org_id WHERE co.campaign_id = c.id \
         AND (substr($1, 1, length(t.path)) = t.path OR substr(t.path, 1, length($1)) = $1)) \
         ORDER BY c.starts_on DESC, c.id DESC"
    );
    let rows = sqlx::query(&sql).bind(path).fetch_all(ex).await?;
    rows.iter().map(from_row).collect()
}

/// Whether the org at `path` takes part in campaign `id` (through itself or an org above).
pub async fn takes_part<'e, E>(ex: E, id: i64, path: &str) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM campaign_orgs co JOIN orgs t ON t.id = co.org_id \
         WHERE co.campaign_id = $1 AND substr($2, 1, length(t.path)) = t.path",
    )
    .bind(id)
    .bind(path)
    .fetch_one(ex)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// The orgs chosen to take part (each with its subtree): id, name, path.
pub async fn orgs_of<'e, E>(ex: E, id: i64) -> Result<Vec<(i64, String, String)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT o.id, o.name, o.path FROM campaign_orgs co JOIN orgs o ON o.id = co.org_id \
         WHERE co.campaign_id = $1 ORDER BY o.path",
    )
    .bind(id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?, r.try_get("path")?)))
        .collect()
}

fn version_json(c: &CampaignContent<'_>) -> Result<String> {
    serde_json::to_string(&serde_json::json!({
        "theme": c.theme,
        "starts_on": c.starts_on.to_string(),
        "ends_on": c.ends_on.to_string(),
        "description": c.description,
        "requirements": c.requirements,
        "org_ids": c.org_ids,
    }))
    .map_err(|e| StoreError::Invalid(e.to_string()))
}

fn requirements_json(r: &[Requirement]) -> Result<String> {
    serde_json::to_string(r).map_err(|e| StoreError::Invalid(e.to_string()))
}

async fn write_version(
    conn: &mut Conn,
    id: i64,
    version: i64,
    c: &CampaignContent<'_>,
    by: i64,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO campaign_versions (campaign_id, version, content, saved_by, saved_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(version)
    .bind(version_json(c)?)
    .bind(by)
    .bind(now.millis())
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM campaign_orgs WHERE campaign_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for org in c.org_ids {
        sqlx::query("INSERT INTO campaign_orgs (campaign_id, org_id) VALUES ($1, $2)")
            .bind(id)
            .bind(*org)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A new campaign of committee `org_id`, as a draft; answers its id.
pub async fn insert(
    conn: &mut Conn,
    org_id: i64,
    c: &CampaignContent<'_>,
    notice_id: Option<i64>,
    by: i64,
    now: Timestamp,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO campaigns (org_id, theme, starts_on, ends_on, description, requirements, \
         notice_id, state, version, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', 1, $8, $9, $9) RETURNING id",
    )
    .bind(org_id)
    .bind(c.theme)
    .bind(c.starts_on.to_string())
    .bind(c.ends_on.to_string())
    .bind(c.description)
    .bind(requirements_json(c.requirements)?)
    .bind(notice_id)
    .bind(by)
    .bind(now.millis())
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.try_get("id")?;
    write_version(conn, id, 1, c, by, now).await?;
    Ok(id)
}

/// Takes the campaign's row for the rest of the transaction; answers its state and version.
pub async fn hold(conn: &mut Conn, id: i64) -> Result<Option<(CampaignState, i64)>> {
    let row = sqlx::query(
        "UPDATE campaigns SET version = version WHERE id = $1 RETURNING state, version",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok((
            state(&r, "state", CampaignState::parse)?,
            r.try_get("version")?,
        ))
    })
    .transpose()
}

/// Saves a new heading as the next version; answers it.
pub async fn save(
    conn: &mut Conn,
    id: i64,
    c: &CampaignContent<'_>,
    by: i64,
    now: Timestamp,
) -> Result<i64> {
    let row = sqlx::query(
        "UPDATE campaigns SET theme = $2, starts_on = $3, ends_on = $4, description = $5, \
         requirements = $6, version = version + 1, updated_at = $7 WHERE id = $1 \
         RETURNING version",
    )
    .bind(id)
    .bind(c.theme)
    .bind(c.starts_on.to_string())
    .bind(c.ends_on.to_string())
    .bind(c.description)
    .bind(requirements_json(c.requirements)?)
    .bind(now.millis())
    .fetch_one(&mut *conn)
    .await?;
    let version: i64 = row.try_get("version")?;
    write_version(conn, id, version, c, by, now).await?;
    Ok(version)
}

pub async fn set_state(conn: &mut Conn, id: i64, to: CampaignState, now: Timestamp) -> Result<()> {
    sqlx::query("UPDATE campaigns SET state = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(to.as_str())
        .bind(now.millis())
        .execute(conn)
        .await?;
    Ok(())
}

/// One saved version of a campaign's heading.
#[derive(Debug, Clone)]
pub struct CampaignVersion {
    pub version: i64,
    pub content: serde_json::Value,
    pub saved_by: i64,
    pub saved_at: Timestamp,
}

pub async fn versions<'e, E>(ex: E, id: i64) -> Result<Vec<CampaignVersion>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT version, content, saved_by, saved_at FROM campaign_versions \
         WHERE campaign_id = $1 ORDER BY version",
    )
    .bind(id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| {
            let content: String = r.try_get("content")?;
            Ok(CampaignVersion {
                version: r.try_get("version")?,
                content: serde_json::from_str(&content)
                    .map_err(|e| StoreError::Invalid(e.to_string()))?,
                saved_by: r.try_get("saved_by")?,
                saved_at: Timestamp(r.try_get("saved_at")?),
            })
        })
        .collect()
}

/// A material as stored.
#[derive(Debug, Clone)]
pub struct StoredMaterial {
    pub id: i64,
    pub campaign_id: i64,
    pub position: i64,
    pub kind: MaterialKind,
    pub title: String,
    pub link: String,
    pub chapters: Vec<String>,
    pub file_hash: Option<String>,
    pub file_name: String,
    pub removed: bool,
}

fn material_from_row(r: &AnyRow) -> Result<StoredMaterial> {
    let chapters: String = r.try_get("chapters")?;
    Ok(StoredMaterial {
        id: r.try_get("id")?,
        campaign_id: r.try_get("campaign_id")?,
        position: r.try_get("position")?,
        kind: state(r, "kind", MaterialKind::parse)?,
        title: r.try_get("title")?,
        link: r.try_get("link")?,
        chapters: serde_json::from_str(&chapters)
            .map_err(|e| StoreError::Invalid(format!("material chapters: {e}")))?,
        file_hash: r.try_get("file_hash")?,
        file_name: r.try_get("file_name")?,
        removed: r.try_get::<Option<i64>, _>("removed_at")?.is_some(),
    })
}

const MATERIAL: &str = "SELECT id, campaign_id, position, kind, title, link, chapters, file_hash, \
     file_name, removed_at FROM campaign_materials";

/// The campaign's materials in order; removed ones only with `with_removed`.
pub async fn materials<'e, E>(
    ex: E,
    campaign_id: i64,
    with_removed: bool,
) -> Result<Vec<StoredMaterial>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let filter = if with_removed {
        ""
    } else {
        " AND removed_at IS NULL"
    };
    let sql = format!("{MATERIAL} WHERE campaign_id = $1{filter} ORDER BY position, id");
    let rows = sqlx::query(&sql).bind(campaign_id).fetch_all(ex).await?;
    rows.iter().map(material_from_row).collect()
}

pub async fn material<'e, E>(ex: E, id: i64) -> Result<Option<StoredMaterial>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("{MATERIAL} WHERE id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(material_from_row)
        .transpose()
}

/// What a material's save writes.
#[derive(Debug, Clone)]
pub struct MaterialContent<'a> {
    pub kind: MaterialKind,
    pub title: &'a str,
    pub link: &'a str,
    pub chapters: &'a [String],
    /// An uploaded file (hash and name), for kind `file`.
    pub file: Option<(&'a str, &'a str)>,
}

fn chapters_json(c: &[String]) -> Result<String> {
    serde_json::to_string(c).map_err(|e| StoreError::Invalid(e.to_string()))
}

pub async fn add_material(
    conn: &mut Conn,
    campaign_id: i64,
    m: &MaterialContent<'_>,
    by: i64,
    now: Timestamp,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO campaign_materials (campaign_id, position, kind, title, link, chapters, \
         file_hash, file_name, created_by, created_at, updated_at) VALUES ($1, \
         (SELECT COALESCE(MAX(position), 0) + 1 FROM campaign_materials WHERE campaign_id = $1), \
         $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(campaign_id)
    .bind(m.kind.as_str())
    .bind(m.title)
    .bind(m.link)
    .bind(chapters_json(m.chapters)?)
    .bind(m.file.map(|f| f.0.to_owned()))
    .bind(m.file.map(|f| f.1).unwrap_or_default())
    .bind(by)
    .bind(now.millis())
    .fetch_one(conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// Changes a material (its chapters keep their positions: study logs refer to them).
pub async fn save_material(
    conn: &mut Conn,
    id: i64,
    m: &MaterialContent<'_>,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "UPDATE campaign_materials SET kind = $2, title = $3, link = $4, chapters = $5, \
         file_hash = COALESCE($6, file_hash), file_name = CASE WHEN $6 IS NULL THEN file_name \
         ELSE $7 END, updated_at = $8 WHERE id = $1",
    )
    .bind(id)
    .bind(m.kind.as_str())
    .bind(m.title)
    .bind(m.link)
    .bind(chapters_json(m.chapters)?)
    .bind(m.file.map(|f| f.0.to_owned()))
    .bind(m.file.map(|f| f.1).unwrap_or_default())
    .bind(now.millis())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn remove_material(conn: &mut Conn, id: i64, by: i64, now: Timestamp) -> Result<()> {
    sqlx::query(
        "UPDATE campaign_materials SET removed_by = $2, removed_at = $3 \
         WHERE id = $1 AND removed_at IS NULL",
    )
    .bind(id)
    .bind(by)
    .bind(now.millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Ties a report task to the campaign.
pub async fn tie_task(conn: &mut Conn, campaign_id: i64, task_id: i64) -> Result<()> {
    sqlx::query("INSERT INTO campaign_tasks (campaign_id, task_id) VALUES ($1, $2)")
        .bind(campaign_id)
        .bind(task_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The report tasks tied to a campaign.
pub async fn tasks_of<'e, E>(ex: E, campaign_id: i64) -> Result<Vec<i64>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows =
        sqlx::query("SELECT task_id FROM campaign_tasks WHERE campaign_id = $1 ORDER BY task_id")
            .bind(campaign_id)
            .fetch_all(ex)
            .await?;
    rows.iter().map(|r| Ok(r.try_get("task_id")?)).collect()
}

/// The campaign a task reports on, if any.
pub async fn campaign_of_task<'e, E>(ex: E, task_id: i64) -> Result<Option<i64>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query("SELECT campaign_id FROM campaign_tasks WHERE task_id = $1")
        .bind(task_id)
        .fetch_optional(ex)
        .await?;
    row.map(|r| Ok(r.try_get("campaign_id")?)).transpose()
}
