//! A report's history: every version handed in and every review, oldest first, with who did
//! each (username and display name).

use crate::error::Result;
use domain::Timestamp;
use sqlx::Row;

/// One handed-in version.
#[derive(Debug, Clone)]
pub struct Version {
    pub version: i64,
    pub form_version: i64,
    pub data: String,
    pub late: bool,
    pub submitted_by: Option<i64>,
    pub submitted_by_name: String,
    /// The submitter's display name (`submitted_by_name` is the username).
    pub submitted_by_shown: String,
    pub submitted_at: Timestamp,
}

/// Every handed-in version, oldest first.
pub async fn versions<'e, E>(ex: E, submission_id: i64) -> Result<Vec<Version>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT v.version, v.form_version, v.data, v.late, v.submitted_by, \
         COALESCE(a.username, '') AS name, COALESCE(a.display_name, '') AS shown, \
         v.submitted_at FROM submission_versions v \
         LEFT JOIN accounts a ON a.id = v.submitted_by WHERE v.submission_id = $1 ORDER BY v.version",
    )
    .bind(submission_id)
    .fetch_all(ex)
    .await?
    .iter()
    .map(|r| {
        Ok(Version {
            version: r.try_get("version")?,
            form_version: r.try_get("form_version")?,
            data: r.try_get("data")?,
            late: r.try_get::<i64, _>("late")? != 0,
            submitted_by: r.try_get("submitted_by")?,
            submitted_by_name: r.try_get("name")?,
            submitted_by_shown: r.try_get("shown")?,
            submitted_at: Timestamp(r.try_get("submitted_at")?),
        })
    })
    .collect()
}

/// One review in a report's thread.
#[derive(Debug, Clone)]
pub struct Review {
    pub version: i64,
    pub decision: String,
    pub reason: String,
    /// The reviewer's username, and the name people see.
    pub reviewer: String,
    pub reviewer_shown: String,
    pub reviewed_at: Timestamp,
}

/// Every review, oldest first.
pub async fn reviews<'e, E>(ex: E, submission_id: i64) -> Result<Vec<Review>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT r.version, r.decision, r.reason, COALESCE(a.username, '') AS reviewer, \
         COALESCE(a.display_name, '') AS shown, r.reviewed_at \
         FROM submission_reviews r LEFT JOIN accounts a ON a.id = r.reviewed_by \
         WHERE r.submission_id = $1 ORDER BY r.id",
    )
    .bind(submission_id)
    .fetch_all(ex)
    .await?
    .iter()
    .map(|r| {
        Ok(Review {
            version: r.try_get("version")?,
            decision: r.try_get("decision")?,
            reason: r.try_get("reason")?,
            reviewer: r.try_get("reviewer")?,
            reviewer_shown: r.try_get("shown")?,
            reviewed_at: Timestamp(r.try_get("reviewed_at")?),
        })
    })
    .collect()
}
