//! Which materials (or chapters) an activity of a campaign studied: the link between branch
//! life on record and a campaign.

use crate::db::Conn;
use crate::decode::state;
use crate::error::Result;
use domain::Timestamp;
use domain::activity::ActivityState;
use sqlx::Row;

/// Puts activity `activity_id` in campaign `campaign_id` (or out of any, with `None`) with the
/// materials it studied: `(material_id, chapter)`, chapter `None` for the whole material.
pub async fn link(
    conn: &mut Conn,
    activity_id: i64,
    campaign_id: Option<i64>,
    studied: &[(i64, Option<usize>)],
) -> Result<()> {
    sqlx::query("UPDATE activities SET campaign_id = $2 WHERE id = $1")
        .bind(activity_id)
        .bind(campaign_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM campaign_sessions WHERE activity_id = $1")
        .bind(activity_id)
        .execute(&mut *conn)
        .await?;
    for (material, chapter) in studied {
        sqlx::query(
            "INSERT INTO campaign_sessions (activity_id, material_id, chapter) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(activity_id)
        .bind(*material)
        .bind(chapter.map_or(-1, |c| c as i64))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The materials an activity studied: `(material_id, chapter)`.
pub async fn studied_in<'e, E>(ex: E, activity_id: i64) -> Result<Vec<(i64, Option<usize>)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT material_id, chapter FROM campaign_sessions WHERE activity_id = $1 \
         ORDER BY material_id, chapter",
    )
    .bind(activity_id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| {
            let c: i64 = r.try_get("chapter")?;
            Ok((r.try_get("material_id")?, usize::try_from(c).ok()))
        })
        .collect()
}

/// An activity of a campaign, as the dashboard and the report read it.
#[derive(Debug, Clone)]
pub struct Session {
    pub activity_id: i64,
    pub org_id: i64,
    pub kind: String,
    pub state: ActivityState,
    pub title: String,
    pub starts_at: Timestamp,
    pub leader: String,
    pub speaker: String,
}

/// The activities of campaign `campaign_id` (every state), of the orgs `org_ids` (empty: every
/// org), earliest first.
pub async fn of_campaign<'e, E>(ex: E, campaign_id: i64, org_ids: &[i64]) -> Result<Vec<Session>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut sql = crate::sql::Sql::new(
        "SELECT id, org_id, kind, state, title, starts_at, leader, speaker FROM activities \
         WHERE campaign_id = ",
    );
    sql.bind_int(campaign_id);
    if !org_ids.is_empty() {
        sql.push(" AND ").in_ints("org_id", org_ids);
    }
    sql.push(" ORDER BY starts_at, id");
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter()
        .map(|r| {
            Ok(Session {
                activity_id: r.try_get("id")?,
                org_id: r.try_get("org_id")?,
                kind: r.try_get("kind")?,
                state: state(r, "state", ActivityState::parse)?,
                title: r.try_get("title")?,
                starts_at: Timestamp(r.try_get("starts_at")?),
                leader: r.try_get("leader")?,
                speaker: r.try_get("speaker")?,
            })
        })
        .collect()
}

/// The material links of a campaign's held (or confirmed) activities: `(activity_id,
/// material_id, chapter)`, for the orgs `org_ids` (empty: every org).
pub async fn links_of_campaign<'e, E>(
    ex: E,
    campaign_id: i64,
    org_ids: &[i64],
) -> Result<Vec<(i64, i64, Option<usize>)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut sql = crate::sql::Sql::new(
        "SELECT s.activity_id, s.material_id, s.chapter FROM campaign_sessions s \
         JOIN activities a ON a.id = s.activity_id WHERE a.campaign_id = ",
    );
    sql.bind_int(campaign_id)
        .push(" AND a.state IN ('held', 'confirmed')");
    if !org_ids.is_empty() {
        sql.push(" AND ").in_ints("a.org_id", org_ids);
    }
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter()
        .map(|r| {
            let c: i64 = r.try_get("chapter")?;
            Ok((
                r.try_get("activity_id")?,
                r.try_get("material_id")?,
                usize::try_from(c).ok(),
            ))
        })
        .collect()
}

/// Attendance rows of a campaign's held (or confirmed) activities: `(activity_id, member_id,
/// mark, volunteer_minutes)`, for the orgs `org_ids` (empty: every org).
pub async fn attendance_of_campaign<'e, E>(
    ex: E,
    campaign_id: i64,
    org_ids: &[i64],
) -> Result<Vec<(i64, i64, domain::activity::Mark, i64)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut sql = crate::sql::Sql::new(
        "SELECT t.activity_id, t.member_id, t.mark, t.volunteer_minutes FROM activity_attendance t \
         JOIN activities a ON a.id = t.activity_id WHERE a.campaign_id = ",
    );
    sql.bind_int(campaign_id)
        .push(" AND a.state IN ('held', 'confirmed')");
    if !org_ids.is_empty() {
        sql.push(" AND ").in_ints("a.org_id", org_ids);
    }
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("activity_id")?,
                r.try_get("member_id")?,
                state(r, "mark", domain::activity::Mark::parse)?,
                r.try_get("volunteer_minutes")?,
            ))
        })
        .collect()
}
