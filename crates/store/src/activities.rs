//! 活动 / 会议记录: activities of branches, their states and every version of their content.

use crate::db::Conn;
use crate::decode::state;
use crate::error::{Result, StoreError};
use crate::sql::Sql;
use domain::Timestamp;
use domain::activity::ActivityState;
use domain::activity_content::Content;
use sqlx::Row;
use sqlx::any::AnyRow;

/// An activity as stored, with its org's name and path.
#[derive(Debug, Clone)]
pub struct Activity {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub org_path: String,
    pub state: ActivityState,
    pub content: Content,
    pub campaign_id: Option<i64>,
    pub cancel_reason: String,
    pub version: i64,
    pub created_by: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub confirmed_by: Option<i64>,
    pub confirmed_at: Option<Timestamp>,
}

fn ts(r: &AnyRow, col: &str) -> Result<Option<Timestamp>> {
    Ok(r.try_get::<Option<i64>, _>(col)?.map(Timestamp))
}

fn from_row(r: &AnyRow) -> Result<Activity> {
    let online: i64 = r.try_get("online")?;
    Ok(Activity {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        org_path: r.try_get("org_path")?,
        state: state(r, "state", ActivityState::parse)?,
        content: Content {
            kind: r.try_get("kind")?,
            title: r.try_get("title")?,
            starts_at: Timestamp(r.try_get("starts_at")?),
            ends_at: ts(r, "ends_at")?,
            place: r.try_get("place")?,
            online: online != 0,
            host: r.try_get("host")?,
            recorder: r.try_get("recorder")?,
            speaker: r.try_get("speaker")?,
            topic: r.try_get("topic")?,
            leader: r.try_get("leader")?,
            led_content: r.try_get("led_content")?,
            agenda: r.try_get("agenda")?,
            minutes: r.try_get("minutes")?,
            resolutions: r.try_get("resolutions")?,
            outcomes: r.try_get("outcomes")?,
            notice_id: r.try_get("notice_id")?,
        },
        campaign_id: r.try_get("campaign_id")?,
        cancel_reason: r.try_get("cancel_reason")?,
        version: r.try_get("version")?,
        created_by: r.try_get("created_by")?,
        created_at: Timestamp(r.try_get("created_at")?),
        updated_at: Timestamp(r.try_get("updated_at")?),
        confirmed_by: r.try_get("confirmed_by")?,
        confirmed_at: ts(r, "confirmed_at")?,
    })
}

const SELECT: &str = "SELECT a.id, a.org_id, o.name AS org_name, o.path AS org_path, a.state, \
     a.kind, a.title, a.starts_at, a.ends_at, a.place, a.online, a.host, a.recorder, a.speaker, \
     a.topic, a.leader, a.led_content, a.agenda, a.minutes, a.resolutions, a.outcomes, \
     a.notice_id, a.campaign_id, a.cancel_reason, a.version, a.created_by, a.created_at, \
     a.updated_at, a.confirmed_by, a.confirmed_at FROM activities a JOIN orgs o ON o.id = a.org_id";

pub async fn by_id<'e, E>(ex: E, id: i64) -> Result<Option<Activity>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("{SELECT} WHERE a.id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Takes the activity's row for the rest of the transaction (a concurrent change waits) and
/// answers where it stands now, with its version.
pub async fn hold(conn: &mut Conn, id: i64) -> Result<Option<(ActivityState, i64)>> {
    let row = sqlx::query(
        "UPDATE activities SET version = version WHERE id = $1 RETURNING state, version",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok((
            state(&r, "state", ActivityState::parse)?,
            r.try_get("version")?,
        ))
    })
    .transpose()
}

/// Which activities a list shows.
#[derive(Debug, Clone, Default)]
pub struct Query<'a> {
    /// Subtrees searched (materialised paths); empty: none.
    pub roots: &'a [String],
    /// Only these orgs (on top of `roots`); empty: every org in the roots.
    pub org_ids: &'a [i64],
    pub kind: Option<&'a str>,
    pub states: &'a [ActivityState],
    /// Starting at or after / before.
    pub from: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// Latest first (else earliest first).
    pub latest_first: bool,
    pub limit: i64,
}

pub async fn list<'e, E>(ex: E, q: Query<'_>) -> Result<Vec<Activity>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if q.roots.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(SELECT);
    sql.push(" WHERE ").subtree("o.path", q.roots);
    if !q.org_ids.is_empty() {
        sql.push(" AND ").in_ints("a.org_id", q.org_ids);
    }
    if let Some(kind) = q.kind {
        sql.push(" AND a.kind = ").bind_text(kind);
    }
    if !q.states.is_empty() {
        sql.push(" AND ")
            .in_texts("a.state", q.states.iter().map(|s| s.as_str()));
    }
    if let Some(from) = q.from {
        sql.push(" AND a.starts_at >= ").bind_int(from.0);
    }
    if let Some(until) = q.until {
        sql.push(" AND a.starts_at < ").bind_int(until.0);
    }
    sql.push(if q.latest_first {
        " ORDER BY a.starts_at DESC, a.id DESC"
    } else {
        " ORDER BY a.starts_at, a.id"
    });
    sql.push(" LIMIT ").bind_int(q.limit);
    sql.query()
        .fetch_all(ex)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// Adds an activity in `state` with its first version.
pub async fn insert(
    conn: &mut Conn,
    org_id: i64,
    state: ActivityState,
    content: &Content,
    by: i64,
    now: Timestamp,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO activities (org_id, kind, state, title, starts_at, ends_at, place, online, \
         host, recorder, speaker, topic, leader, led_content, agenda, minutes, resolutions, \
         outcomes, notice_id, version, created_by, created_at, updated_at) VALUES ($1, $2, $3, \
         $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1, $20, $21, \
         $21) RETURNING id",
    )
    .bind(org_id)
    .bind(&content.kind)
    .bind(state.as_str())
    .bind(&content.title)
    .bind(content.starts_at.0)
    .bind(content.ends_at.map(|t| t.0))
    .bind(&content.place)
    .bind(i64::from(content.online))
    .bind(&content.host)
    .bind(&content.recorder)
    .bind(&content.speaker)
    .bind(&content.topic)
    .bind(&content.leader)
    .bind(&content.led_content)
    .bind(&content.agenda)
    .bind(&content.minutes)
    .bind(&content.resolutions)
    .bind(&content.outcomes)
    .bind(content.notice_id)
    .bind(by)
    .bind(now.0)
    .fetch_one(&mut *conn)
    .await?;
    add_version(conn, id, 1, content, None, "", by, now).await?;
    Ok(id)
}

/// Saves new content as the next version (`reason`: why a confirmed record was corrected;
/// `attendance`: the marks at that moment, kept with a correction) and moves to `state`.
#[expect(clippy::too_many_arguments, reason = "one row of many columns")]
pub async fn save(
    conn: &mut Conn,
    id: i64,
    state: ActivityState,
    content: &Content,
    attendance: Option<&serde_json::Value>,
    reason: &str,
    by: i64,
    now: Timestamp,
) -> Result<i64> {
    let version: i64 = sqlx::query_scalar(
        "UPDATE activities SET state = $2, kind = $3, title = $4, starts_at = $5, ends_at = $6, \
         place = $7, online = $8, host = $9, recorder = $10, speaker = $11, topic = $12, \
         leader = $13, led_content = $14, agenda = $15, minutes = $16, resolutions = $17, \
         outcomes = $18, notice_id = $19, version = version + 1, updated_at = $20 \
         WHERE id = $1 RETURNING version",
    )
    .bind(id)
    .bind(state.as_str())
    .bind(&content.kind)
    .bind(&content.title)
    .bind(content.starts_at.0)
    .bind(content.ends_at.map(|t| t.0))
    .bind(&content.place)
    .bind(i64::from(content.online))
    .bind(&content.host)
    .bind(&content.recorder)
    .bind(&content.speaker)
    .bind(&content.topic)
    .bind(&content.leader)
    .bind(&content.led_content)
    .bind(&content.agenda)
    .bind(&content.minutes)
    .bind(&content.resolutions)
    .bind(&content.outcomes)
    .bind(content.notice_id)
    .bind(now.0)
    .fetch_one(&mut *conn)
    .await?;
    add_version(conn, id, version, content, attendance, reason, by, now).await?;
    Ok(version)
}

#[expect(clippy::too_many_arguments, reason = "one row of many columns")]
async fn add_version(
    conn: &mut Conn,
    id: i64,
    version: i64,
    content: &Content,
    attendance: Option<&serde_json::Value>,
    reason: &str,
    by: i64,
    now: Timestamp,
) -> Result<()> {
    let mut json = serde_json::to_value(content)
        .map_err(|e| StoreError::Invalid(format!("activity content: {e}")))?;
    if let (Some(a), Some(obj)) = (attendance, json.as_object_mut()) {
        obj.insert("attendance".into(), a.clone());
    }
    sqlx::query(
        "INSERT INTO activity_versions (activity_id, version, content, reason, saved_by, \
         saved_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(version)
    .bind(json.to_string())
    .bind(reason)
    .bind(by)
    .bind(now.0)
    .execute(conn)
    .await?;
    Ok(())
}

/// Moves to `state` without a new version: holding with nothing changed, confirming,
/// cancelling (with `cancel_reason`).
pub async fn set_state(
    conn: &mut Conn,
    id: i64,
    state: ActivityState,
    cancel_reason: &str,
    by: i64,
    now: Timestamp,
) -> Result<()> {
    let confirming = state == ActivityState::Confirmed;
    sqlx::query(
        "UPDATE activities SET state = $2, cancel_reason = $3, updated_at = $4, \
         confirmed_by = CASE WHEN $5 = 1 THEN $6 ELSE confirmed_by END, \
         confirmed_at = CASE WHEN $5 = 1 THEN $4 ELSE confirmed_at END WHERE id = $1",
    )
    .bind(id)
    .bind(state.as_str())
    .bind(cancel_reason)
    .bind(now.0)
    .bind(i64::from(confirming))
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

/// One version of an activity's content.
#[derive(Debug, Clone)]
pub struct Version {
    pub version: i64,
    /// The content as JSON (see [`Content`]), with `attendance` on corrections.
    pub content: serde_json::Value,
    pub reason: String,
    pub saved_by: i64,
    pub saved_by_name: String,
    pub saved_at: Timestamp,
}

/// Every version of activity `id`, oldest first.
pub async fn versions<'e, E>(ex: E, id: i64) -> Result<Vec<Version>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT v.version, v.content, v.reason, v.saved_by, a.display_name, v.saved_at \
         FROM activity_versions v JOIN accounts a ON a.id = v.saved_by \
         WHERE v.activity_id = $1 ORDER BY v.version",
    )
    .bind(id)
    .fetch_all(ex)
    .await?
    .iter()
    .map(|r| {
        let text: String = r.try_get("content")?;
        Ok(Version {
            version: r.try_get("version")?,
            content: serde_json::from_str(&text)
                .map_err(|e| StoreError::Invalid(format!("activity version content: {e}")))?,
            reason: r.try_get("reason")?,
            saved_by: r.try_get("saved_by")?,
            saved_by_name: r.try_get("display_name")?,
            saved_at: Timestamp(r.try_get("saved_at")?),
        })
    })
    .collect()
}

/// One activity that took place (held or confirmed), as ledgers and boards count them.
#[derive(Debug, Clone, Copy)]
pub struct Held {
    pub org_id: i64,
    pub id: i64,
    pub starts_at: Timestamp,
}

/// The activities of `kind` … every kind, held or confirmed in the subtrees at `roots`
/// between `from` and `until`, with their kind.
pub async fn held_between<'e, E>(
    ex: E,
    roots: &[String],
    from: Timestamp,
    until: Timestamp,
) -> Result<Vec<(String, Held)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT a.id, a.org_id, a.kind, a.starts_at FROM activities a \
         JOIN orgs o ON o.id = a.org_id WHERE a.state IN ('held', 'confirmed') AND ",
    );
    sql.subtree("o.path", roots)
        .push(" AND a.starts_at >= ")
        .bind_int(from.0)
        .push(" AND a.starts_at < ")
        .bind_int(until.0);
    sql.query()
        .fetch_all(ex)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("kind")?,
                Held {
                    org_id: r.try_get("org_id")?,
                    id: r.try_get("id")?,
                    starts_at: Timestamp(r.try_get("starts_at")?),
                },
            ))
        })
        .collect()
}

/// The kinds used by at least one activity, so a settings change cannot drop them.
pub async fn kinds_in_use<'e, E>(ex: E) -> Result<Vec<String>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_scalar("SELECT DISTINCT kind FROM activities")
        .fetch_all(ex)
        .await?)
}
