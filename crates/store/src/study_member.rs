//! What a member's study and the reflections pages read beyond `study`: the campaign's
//! sessions a member attended (with the materials each studied), and a campaign's reflections
//! within subtrees (what a guide — a branch admin, a committee — reads).

use crate::decode::state;
use crate::error::Result;
use crate::study::{REFLECTION, Reflection, reflection_from_row};
use domain::Timestamp;
use domain::activity::ActivityState;
use sqlx::Row;

/// A held (or confirmed) session of a campaign that a member was present at.
#[derive(Debug, Clone)]
pub struct Attended {
    pub activity_id: i64,
    pub org_id: i64,
    pub kind: String,
    pub state: ActivityState,
    pub title: String,
    pub starts_at: Timestamp,
    pub leader: String,
    /// What it studied: `(material_id, chapter)`, chapter `None` for the whole material.
    pub studied: Vec<(i64, Option<usize>)>,
}

/// The sessions of campaign `campaign_id` that took place with member `member_id` present
/// (出席, guests 列席 included: they sat in), earliest first.
pub async fn attended<'e, E>(ex: E, campaign_id: i64, member_id: i64) -> Result<Vec<Attended>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT a.id, a.org_id, a.kind, a.state, a.title, a.starts_at, a.leader, \
         s.material_id, s.chapter FROM activities a \
         JOIN activity_attendance t ON t.activity_id = a.id \
         LEFT JOIN campaign_sessions s ON s.activity_id = a.id \
         WHERE a.campaign_id = $1 AND t.member_id = $2 AND t.mark IN ('present', 'guest') \
         AND a.state IN ('held', 'confirmed') \
         ORDER BY a.starts_at, a.id, s.material_id, s.chapter",
    )
    .bind(campaign_id)
    .bind(member_id)
    .fetch_all(ex)
    .await?;
    let mut out: Vec<Attended> = Vec::new();
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        if out.last().is_none_or(|a| a.activity_id != id) {
            out.push(Attended {
                activity_id: id,
                org_id: r.try_get("org_id")?,
                kind: r.try_get("kind")?,
                state: state(r, "state", ActivityState::parse)?,
                title: r.try_get("title")?,
                starts_at: Timestamp(r.try_get("starts_at")?),
                leader: r.try_get("leader")?,
                studied: Vec::new(),
            });
        }
        let material: Option<i64> = r.try_get("material_id")?;
        let chapter: Option<i64> = r.try_get("chapter")?;
        if let (Some(m), Some(last)) = (material, out.last_mut()) {
            // A session stores -1 for the whole material.
            let chapter = chapter.and_then(|c| usize::try_from(c).ok());
            last.studied.push((m, chapter));
        }
    }
    Ok(out)
}

/// Which reflections of a campaign a guide's list shows.
#[derive(Debug, Clone, Copy)]
pub struct GuideQuery<'a> {
    pub campaign_id: i64,
    /// Branches in these subtrees (empty: every branch).
    pub roots: &'a [String],
    /// Only this branch.
    pub org_id: Option<i64>,
    pub limit: i64,
}

/// The written (not withdrawn) reflections of a campaign in the subtrees asked, latest first.
pub async fn reflections_under<'e, E>(ex: E, q: GuideQuery<'_>) -> Result<Vec<Reflection>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut sql = crate::sql::Sql::new(REFLECTION);
    sql.push(" WHERE r.state = 'written' AND r.campaign_id = ")
        .bind_int(q.campaign_id);
    if !q.roots.is_empty() {
        sql.push(" AND ").subtree("o.path", q.roots);
    }
    if let Some(org) = q.org_id {
        sql.push(" AND r.org_id = ").bind_int(org);
    }
    sql.push(" ORDER BY r.created_at DESC, r.id DESC LIMIT ")
        .bind_int(q.limit);
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter().map(reflection_from_row).collect()
}

/// How many comments each of the reflections `ids` has (standing ones): `(id, count)`.
pub async fn comment_counts<'e, E>(ex: E, ids: &[i64]) -> Result<Vec<(i64, i64)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = crate::sql::Sql::new(
        "SELECT reflection_id, COUNT(*) AS n FROM reflection_comments WHERE removed_at IS NULL AND ",
    );
    sql.in_ints("reflection_id", ids)
        .push(" GROUP BY reflection_id");
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("reflection_id")?, r.try_get("n")?)))
        .collect()
}

/// The branches of a campaign's written reflections in the subtrees at `roots` (empty: every
/// branch): `(org_id, name)`, by name — what a guide's branch filter offers.
pub async fn reflection_orgs<'e, E>(
    ex: E,
    campaign_id: i64,
    roots: &[String],
) -> Result<Vec<(i64, String)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut sql = crate::sql::Sql::new(
        "SELECT DISTINCT o.id, o.name, o.path FROM reflections r JOIN orgs o ON o.id = r.org_id \
         WHERE r.state = 'written' AND r.campaign_id = ",
    );
    sql.bind_int(campaign_id);
    if !roots.is_empty() {
        sql.push(" AND ").subtree("o.path", roots);
    }
    sql.push(" ORDER BY o.path");
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}
