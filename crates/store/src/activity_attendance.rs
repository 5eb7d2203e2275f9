//! 考勤: who was expected at an activity and how each was marked (出席 / 请假 / 缺席 / 列席).
//!
//! The expected are the branch's active members, taken when the activity is planned and again
//! when it is saved while still planned or recorded as held: a member who joined since is
//! added. Once held, a later save only drops those who left and were never marked (whoever
//! joined after the activity took place was not expected at it). A marked row stays, whatever
//! becomes of the member.

use crate::db::Conn;
use crate::decode::state;
use crate::error::Result;
use domain::Timestamp;
use domain::activity::{ActivityState, Mark};
use sqlx::Row;
use sqlx::any::AnyRow;

/// One member's attendance.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Attendee {
    pub member_id: i64,
    pub name: String,
    /// The member's org now (a guest's own branch).
    pub org_id: i64,
    pub org_name: String,
    #[serde(serialize_with = "mark_text")]
    pub mark: Mark,
    pub reason: String,
    pub volunteer_minutes: i64,
    /// Marked by someone (else absent by default).
    pub marked: bool,
    pub self_confirmed: bool,
}

fn mark_text<S: serde::Serializer>(m: &Mark, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(m.as_str())
}

fn from_row(r: &AnyRow) -> Result<Attendee> {
    Ok(Attendee {
        member_id: r.try_get("member_id")?,
        name: r.try_get("name")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        mark: state(r, "mark", Mark::parse)?,
        reason: r.try_get("reason")?,
        volunteer_minutes: r.try_get("volunteer_minutes")?,
        marked: r.try_get::<Option<i64>, _>("marked_at")?.is_some(),
        self_confirmed: r.try_get::<Option<i64>, _>("self_confirmed_at")?.is_some(),
    })
}

/// The attendance of activity `id`, members first then guests, by name.
pub async fn of_activity<'e, E>(ex: E, id: i64) -> Result<Vec<Attendee>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT t.member_id, m.name, m.org_id, o.name AS org_name, t.mark, t.reason, \
         t.volunteer_minutes, t.marked_at, t.self_confirmed_at FROM activity_attendance t \
         JOIN members m ON m.id = t.member_id JOIN orgs o ON o.id = m.org_id \
         WHERE t.activity_id = $1 \
         ORDER BY CASE WHEN t.mark = 'guest' THEN 1 ELSE 0 END, m.name, m.id",
    )
    .bind(id)
    .fetch_all(ex)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// Drops from the expected of activity `activity_id` the members never marked who are no
/// longer active members of `org_id` (left or moved to another org).
pub async fn drop_departed(conn: &mut Conn, activity_id: i64, org_id: i64) -> Result<()> {
    sqlx::query(
        "DELETE FROM activity_attendance WHERE activity_id = $1 AND marked_at IS NULL \
         AND mark = 'absent' AND member_id NOT IN \
         (SELECT id FROM members WHERE org_id = $2 AND status = 'active')",
    )
    .bind(activity_id)
    .bind(org_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Brings the expected up to the roster of `org_id` now (see the module doc).
pub async fn follow_roster(conn: &mut Conn, activity_id: i64, org_id: i64) -> Result<()> {
    drop_departed(conn, activity_id, org_id).await?;
    sqlx::query(
        "INSERT INTO activity_attendance (activity_id, member_id, mark) \
         SELECT $1, m.id, 'absent' FROM members m WHERE m.org_id = $2 AND m.status = 'active' \
         AND NOT EXISTS (SELECT 1 FROM activity_attendance t \
         WHERE t.activity_id = $1 AND t.member_id = m.id)",
    )
    .bind(activity_id)
    .bind(org_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A mark to set.
#[derive(Debug, Clone)]
pub struct SetMark<'a> {
    pub member_id: i64,
    pub mark: Mark,
    pub reason: &'a str,
    pub volunteer_minutes: i64,
}

/// Sets one member's mark (adding a guest's row). Answers whether anything changed.
pub async fn set(
    conn: &mut Conn,
    activity_id: i64,
    m: &SetMark<'_>,
    by: i64,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO activity_attendance (activity_id, member_id, mark, reason, \
         volunteer_minutes, marked_by, marked_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (activity_id, member_id) DO UPDATE SET mark = excluded.mark, \
         reason = excluded.reason, volunteer_minutes = excluded.volunteer_minutes, \
         marked_by = excluded.marked_by, marked_at = excluded.marked_at \
         WHERE activity_attendance.mark <> excluded.mark \
         OR activity_attendance.reason <> excluded.reason \
         OR activity_attendance.volunteer_minutes <> excluded.volunteer_minutes \
         OR activity_attendance.marked_at IS NULL",
    )
    .bind(activity_id)
    .bind(m.member_id)
    .bind(m.mark.as_str())
    .bind(m.reason)
    .bind(m.volunteer_minutes)
    .bind(by)
    .bind(now.0)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A member confirms their own attendance: marked present by themselves.
pub async fn confirm_own(
    conn: &mut Conn,
    activity_id: i64,
    member_id: i64,
    by: i64,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE activity_attendance SET mark = 'present', reason = '', marked_by = $3, \
         marked_at = $4, self_confirmed_at = $4 WHERE activity_id = $1 AND member_id = $2 \
         AND mark <> 'guest'",
    )
    .bind(activity_id)
    .bind(member_id)
    .bind(by)
    .bind(now.0)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The marks of many activities at once: (activity id, mark, volunteer minutes) per row.
pub async fn marks_of<'e, E>(ex: E, activity_ids: &[i64]) -> Result<Vec<(i64, Mark, i64)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if activity_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = crate::sql::Sql::new(
        "SELECT activity_id, mark, volunteer_minutes FROM activity_attendance WHERE ",
    );
    sql.in_ints("activity_id", activity_ids);
    sql.query()
        .fetch_all(ex)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("activity_id")?,
                state(r, "mark", Mark::parse)?,
                r.try_get("volunteer_minutes")?,
            ))
        })
        .collect()
}

/// An activity a member was expected at or a guest of, with their mark.
#[derive(Debug, Clone)]
pub struct MemberActivity {
    pub activity_id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub kind: String,
    pub title: String,
    pub state: ActivityState,
    pub starts_at: Timestamp,
    pub ends_at: Option<Timestamp>,
    pub place: String,
    pub updated_at: Timestamp,
    pub mark: Mark,
    pub marked: bool,
    pub volunteer_minutes: i64,
}

/// The activities of member `member_id` starting between `from` and `until`, earliest first.
pub async fn of_member<'e, E>(
    ex: E,
    member_id: i64,
    from: Timestamp,
    until: Timestamp,
) -> Result<Vec<MemberActivity>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT a.id, a.org_id, o.name AS org_name, a.kind, a.title, a.state, a.starts_at, a.ends_at, \
         a.place, a.updated_at, t.mark, t.marked_at, t.volunteer_minutes \
         FROM activity_attendance t JOIN activities a ON a.id = t.activity_id \
         JOIN orgs o ON o.id = a.org_id WHERE t.member_id = $1 AND a.starts_at >= $2 \
         AND a.starts_at < $3 ORDER BY a.starts_at, a.id",
    )
    .bind(member_id)
    .bind(from.0)
    .bind(until.0)
    .fetch_all(ex)
    .await?
    .iter()
    .map(|r| {
        Ok(MemberActivity {
            activity_id: r.try_get("id")?,
            org_id: r.try_get("org_id")?,
            org_name: r.try_get("org_name")?,
            kind: r.try_get("kind")?,
            title: r.try_get("title")?,
            state: state(r, "state", ActivityState::parse)?,
            starts_at: Timestamp(r.try_get("starts_at")?),
            ends_at: r.try_get::<Option<i64>, _>("ends_at")?.map(Timestamp),
            place: r.try_get("place")?,
            updated_at: Timestamp(r.try_get("updated_at")?),
            mark: state(r, "mark", Mark::parse)?,
            marked: r.try_get::<Option<i64>, _>("marked_at")?.is_some(),
            volunteer_minutes: r.try_get("volunteer_minutes")?,
        })
    })
    .collect()
}
