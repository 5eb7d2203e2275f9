//! Records a report's `record_link` fields can name — an org's activities, the photos of its
//! activities still shown, its members' written reflections — found by org (and campaign), for
//! confirming an answer names the org's own and for listing the org's records to choose from.

use crate::error::Result;
use crate::sql::Sql;
use domain::Timestamp;
use domain::form::RecordKind;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A record as a report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedRecord {
    pub kind: RecordKind,
    pub id: i64,
    /// When it happened: an activity's start (a photo's activity's), a reflection's writing.
    pub at: Timestamp,
    /// The activity's title (a photo's activity's), the reflection's title.
    pub title: String,
    /// The activity's kind code, the photo's caption, the reflection's author.
    pub detail: String,
    /// The activity (of a photo: the one it shows).
    pub activity_id: Option<i64>,
    /// A reflection the branch featured.
    pub featured: bool,
}

/// Which records of one org to find.
#[derive(Debug, Clone, Copy)]
pub struct RecordQuery<'a> {
    pub kind: RecordKind,
    pub org_id: i64,
    /// Only those of this campaign (activities linked to it, their photos, its reflections).
    pub campaign_id: Option<i64>,
    /// Only these ids (empty: any).
    pub ids: &'a [i64],
    /// Only activities that took place (held or confirmed), and their photos.
    pub took_place: bool,
    pub limit: i64,
}

const ACTIVITIES: &str = "SELECT a.id, a.starts_at AS at, a.title, a.kind AS detail, \
     a.id AS activity_id, CAST(0 AS BIGINT) AS featured FROM activities a WHERE a.org_id = ";
const PHOTOS: &str = "SELECT p.id, a.starts_at AS at, a.title, p.caption AS detail, \
     p.activity_id, CAST(0 AS BIGINT) AS featured FROM activity_photos p \
     JOIN activities a ON a.id = p.activity_id WHERE p.removed_at IS NULL AND a.org_id = ";
const REFLECTIONS: &str = "SELECT r.id, r.created_at AS at, r.title, m.name AS detail, \
     CAST(NULL AS BIGINT) AS activity_id, \
     CAST(CASE WHEN r.featured_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS featured \
     FROM reflections r JOIN members m ON m.id = r.member_id \
     WHERE r.state = 'written' AND r.org_id = ";

/// The org's records of a kind, latest first (photos of one activity in upload order).
pub async fn find<'e, E>(ex: E, q: RecordQuery<'_>) -> Result<Vec<LinkedRecord>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (select, id_column, campaign_column, order) = match q.kind {
        RecordKind::Activity => (
            ACTIVITIES,
            "a.id",
            "a.campaign_id",
            " ORDER BY a.starts_at DESC, a.id DESC",
        ),
        RecordKind::ActivityPhoto => (
            PHOTOS,
            "p.id",
            "a.campaign_id",
            " ORDER BY a.starts_at DESC, a.id DESC, p.id",
        ),
        RecordKind::Reflection => (
            REFLECTIONS,
            "r.id",
            "r.campaign_id",
            " ORDER BY r.created_at DESC, r.id DESC",
        ),
    };
    let mut sql = Sql::new(select);
    sql.bind_int(q.org_id);
    if let Some(c) = q.campaign_id {
        sql.push(&format!(" AND {campaign_column} = ")).bind_int(c);
    }
    if !q.ids.is_empty() {
        sql.push(" AND ").in_ints(id_column, q.ids);
    }
    if q.took_place && q.kind != RecordKind::Reflection {
        sql.push(" AND a.state IN ('held', 'confirmed')");
    }
    sql.push(order).push(" LIMIT ").bind_int(q.limit);
    let rows = sql.query().fetch_all(ex).await?;
    rows.iter().map(|r| from_row(q.kind, r)).collect()
}

fn from_row(kind: RecordKind, r: &AnyRow) -> Result<LinkedRecord> {
    let featured: i64 = r.try_get("featured")?;
    Ok(LinkedRecord {
        kind,
        id: r.try_get("id")?,
        at: Timestamp(r.try_get("at")?),
        title: r.try_get("title")?,
        detail: r.try_get("detail")?,
        activity_id: r.try_get("activity_id")?,
        featured: featured != 0,
    })
}

/// Which of `ids` are records of `kind` that are `org_id`'s own.
pub async fn own<'e, E>(ex: E, kind: RecordKind, org_id: i64, ids: &[i64]) -> Result<Vec<i64>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = RecordQuery {
        kind,
        org_id,
        campaign_id: None,
        ids,
        took_place: false,
        limit: ids.len() as i64,
    };
    Ok(find(ex, q).await?.into_iter().map(|r| r.id).collect())
}
